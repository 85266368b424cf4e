"""The article model: what a submission becomes before writers turn it into files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass
class Contributor:
    """An outside collaborator (cộng tác viên). Contact data is for editors only, never the site."""

    organization: str = ""
    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    copyright_confirmed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "name": self.name,
            "title": self.title,
            "email": self.email,
            "phone": self.phone,
            "address": self.address,
            "copyright_confirmed": self.copyright_confirmed,
        }


@dataclass
class ImageRef:
    path: str  # site path, e.g. "images/2026/slug/anh-1.jpg"
    caption: str = ""
    width: int | None = None
    height: int | None = None
    variants: list[dict[str, Any]] = field(default_factory=list)  # [{"path":..., "width":...}]


@dataclass
class Source:
    file: str
    sha256: str
    format: str = "docx"


@dataclass
class ArticleMeta:
    title: str
    slug: str
    date: datetime
    kind: str
    topic: str
    editor: str
    submitted_at: datetime
    unit: str | None = None
    event_time: datetime | None = None
    author: str = ""
    author_title: str = ""
    approved_by: str = ""
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    source: Source | None = None
    contributor: Contributor | None = None
    conversion_warnings: list[str] = field(default_factory=list)
    title_source: str = ""  # where the title came from (pipeline.intake.titles), for editors


@dataclass
class Article:
    meta: ArticleMeta
    body: str  # GitHub-flavoured Markdown

    def content_path(self, content_dir: Path) -> Path:
        return content_dir / self.meta.topic / f"{self.meta.date:%Y}" / f"{self.meta.slug}.md"
