"""What a rule sees and returns: `Doc` (one article), `Context` (config, calendar, corpus), `Hit`.

Rules import only this module (and the helpers beside it), never the engine that runs them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.content.frontmatter import ArticleFile
from pipeline.core.config import Config
from pipeline.core.messages import Message
from pipeline.core.workcal import WorkCalendar

Finding = Message

IGNORE_KEY = "checks_ignore"


@dataclass(frozen=True)
class Hit:
    """What a rule reports: the message, a 1-based line, and the file when it is not the article."""

    message: str
    line: int | None = None
    file: Path | None = None


class CheckError(Exception):
    """The check cannot run at all (no content folder, bad Git reference); the text is Vietnamese."""


def display_path(path: Path) -> str:
    """Path as users and CI see it: relative to the working directory when inside it, with '/'."""
    try:
        rel = os.path.relpath(path.resolve(), Path.cwd().resolve())
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if rel.startswith(".."):
        return path.resolve().as_posix()
    return Path(rel).as_posix()


@dataclass
class Doc:
    """One article being checked, with the parsed pieces several rules need, computed once."""

    article: ArticleFile

    @property
    def path(self) -> Path:
        return self.article.path

    @property
    def meta(self) -> dict[str, Any]:
        return self.article.meta

    @cached_property
    def lines(self) -> list[str]:
        return self.article.body.split("\n")

    def body_line(self, index: int) -> int:
        """File line of body line `index` (0-based)."""
        return self.article.body_line + index

    def key_line(self, key: str) -> int | None:
        return self.article.line_of(key)

    @cached_property
    def header_lines(self) -> list[str]:
        """The front matter as written, for nested keys that `key_lines` does not index."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return []
        return text.split("\n")[: max(self.article.body_line - 1, 0)]

    def line_containing(self, needle: str, after_key: str | None = None) -> int | None:
        """First front-matter line containing `needle` (at or after `after_key`'s line)."""
        start = (self.key_line(after_key) or 1) if after_key else 1
        for n, line in enumerate(self.header_lines, start=1):
            if n >= start and needle in line:
                return n
        return self.key_line(after_key) if after_key else None

    def text(self, key: str) -> str:
        value = self.meta.get(key)
        return value.strip() if isinstance(value, str) else ""

    def datetime_of(self, key: str) -> datetime | None:
        return self.article.datetime_of(key)

    @cached_property
    def cache(self) -> dict[str, Any]:
        """Shared, per-article results of helpers (image references, HTML scan)."""
        return {}


@dataclass
class Context:
    """What rules may consult: configuration, content folder, calendar (site rules get the Corpus too)."""

    config: Config
    content: Path
    known_codes: frozenset[str] = frozenset()
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def calendar(self) -> WorkCalendar:
        return self.config.calendar

    def static_path(self, ref: str, doc: Doc | None = None) -> Path | None:
        """Where a site path points on disk: '{static}/images/x.jpg' and 'images/x.jpg' → content/images/x.jpg."""
        ref = ref.strip()
        for prefix in ("{static}", "{filename}", "{attach}", "|static|", "|filename|", "|attach|"):
            if ref.startswith(prefix):
                rest = ref[len(prefix):]
                # Pelican: a leading '/' is the content root, otherwise the article's folder.
                if rest.startswith("/") or doc is None:
                    return self.content / rest.lstrip("/")
                return doc.path.parent / rest
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref) or ref.startswith("//"):
            return None  # an address outside the site
        return self.content / ref.lstrip("/")


def iter_lines(doc: Doc, skip_code: bool = True) -> Iterator[tuple[int, str]]:
    """(file line, text) of body lines, outside fenced code blocks by default."""
    fence: str | None = None
    for i, line in enumerate(doc.lines):
        stripped = line.lstrip()
        if skip_code and stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else fence or marker
            continue
        if fence is None:
            yield doc.body_line(i), line
