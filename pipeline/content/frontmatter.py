"""Read the articles in content/: front matter, body and where each key sits, fast enough for 10,000 files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from pipeline.core.dates import aware

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class ArticleFile:
    """One Markdown file as written: metadata, body, and line numbers for messages."""

    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line where the body starts
    key_lines: dict[str, int] = field(default_factory=dict)
    error: str | None = None  # why the front matter could not be read, in Vietnamese

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key)

    def datetime_of(self, key: str) -> datetime | None:
        value = self.meta.get(key)
        if isinstance(value, datetime):
            return aware(value)
        if isinstance(value, date):
            return aware(datetime(value.year, value.month, value.day))
        if isinstance(value, str) and value.strip():
            try:
                return aware(datetime.fromisoformat(value.strip()))
            except ValueError:
                return None
        return None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, body start line)."""
    if not text.startswith("---"):
        return None, text, 1
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return None, text, 1


def _top_level_key_lines(header: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for n, line in enumerate(header.split("\n"), start=2):
        if line and not line[0].isspace() and not line.startswith("#") and ":" in line:
            out.setdefault(line.split(":", 1)[0].strip(), n)
    return out


def read_article(path: Path) -> ArticleFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ArticleFile(path, {}, "", 1, error="Tệp không ở mã UTF-8; hãy lưu lại với mã UTF-8.")
    header, body, body_line = split_front_matter(text)
    if header is None:
        return ArticleFile(path, {}, body, body_line, error="Thiếu phần thông tin đầu bài (front matter) giữa hai dòng '---'.")
    try:
        meta = yaml.load(header, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 2})" if mark else ""
        return ArticleFile(path, {}, body, body_line, error=f"Phần thông tin đầu bài sai cú pháp YAML{where}: {getattr(exc, 'problem', exc)}.")
    if not isinstance(meta, dict):
        return ArticleFile(path, {}, body, body_line, error="Phần thông tin đầu bài phải là danh sách 'khóa: giá trị'.")
    return ArticleFile(path, meta, body, body_line, _top_level_key_lines(header))


def article_paths(content: Path) -> Iterator[Path]:
    """Article files: Markdown under content/, except static pages."""
    for path in sorted(content.rglob("*.md")):
        rel = path.relative_to(content).parts
        if rel and rel[0] in ("pages", "images", "extra"):
            continue
        yield path


def load_articles(content: Path) -> list[ArticleFile]:
    return [read_article(p) for p in article_paths(content)]
