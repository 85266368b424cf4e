"""The one front-matter reader: an article's YAML header, its body, and where each key sits.

Everything that reads articles goes through here: the checks, the report, the ingest step's index
of existing slugs, CODEOWNERS and `pipeline submit`. Two speeds, one parser (YAML, with the C
loader where libyaml is installed):
- `read_article` / `parse_article`: the whole header, for the articles being worked on;
- `read_keys`: only a few top-level keys, for skimming 10,000 articles (the checks' corpus, the
  report, the slug index). Plain one-line values are taken as written; anything YAML could read
  differently goes through the same loader, with only those keys' lines.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from pipeline.content.layout import article_paths
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
    """(front matter text or None, body, body start line): the header sits between '---' lines
    (the closing one may be '...'); without a closing line there is no header."""
    if not text.startswith("---"):
        return None, text, 1
    first = text.find("\n")
    if first < 0:
        return None, text, 1
    pos = first
    line_no = 1
    while pos >= 0:
        end = text.find("\n", pos + 1)
        line = text[pos + 1:end if end >= 0 else len(text)]
        line_no += 1
        if line.rstrip() in ("---", "..."):
            body = text[end + 1:] if end >= 0 else ""
            return text[first + 1:pos], body, line_no + 1
        pos = end
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
    return parse_article(text, path)


def parse_article(text: str, path: Path) -> ArticleFile:
    """An article from its text (a file on disk, or a blob on a review branch)."""
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


_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_INDICATORS = frozenset("'\"[]{}&*!|>%@`#,?-:")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".nan", ".inf", "-.inf"})
_NUMBER = re.compile(r"[-+]?(\.?\d[\d_]*(\.[\d_]*)?([eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[\d_]+(:[0-5]?\d)+)")


def _plain_scalar(value: str) -> tuple[bool, object]:
    """(True, value) for the one-line scalars the ingest step writes; (False, None) for anything YAML
    might read differently (booleans, numbers, escapes, anchors, flow collections…)."""
    if not value or value in ("null", "~"):
        return True, None
    first = value[0]
    if first == "'" and value.endswith("'") and len(value) > 1:
        return True, value[1:-1].replace("''", "'")
    if first == '"' and value.endswith('"') and len(value) > 1 and "\\" not in value:
        return True, value[1:-1]
    if first in _INDICATORS or ": " in value or " #" in value or value.endswith(":"):
        return False, None
    if value.lower() in _YAML_WORDS or _NUMBER.fullmatch(value):
        return False, None
    return True, value  # dates and times stay text: ArticleFile.datetime_of reads ISO 8601


def read_keys(header: str, keys: Collection[str]) -> dict[str, Any] | None:
    """The top-level `keys` of a front-matter header (from split_front_matter), without the rest.

    None when those keys are not valid YAML, or a top-level line is not a plain `key:` (the
    full reader then decides, with its Vietnamese message). Dates in plain values stay text.
    """
    keep, lines = False, []
    meta: dict[str, Any] = {}
    simple = True
    for line in header.split("\n"):
        if line and not line[0].isspace() and line[0] not in "-#":
            m = _TOP_KEY.match(line)
            if m is None:
                return None
            keep = m[1] in keys
            if keep and simple:
                simple, meta[m[1]] = _plain_scalar(line[m.end():].strip())
        elif keep and line.strip():
            simple = False  # a value continued on the next lines: let YAML fold it
        if keep:
            lines.append(line)
    if simple:
        return meta
    try:
        loaded = yaml.load("\n".join(lines), Loader=_Loader) if lines else {}
    except yaml.YAMLError:
        return None
    return loaded if isinstance(loaded, dict) else None


def load_articles(content: Path) -> list[ArticleFile]:
    return [read_article(p) for p in article_paths(content)]
