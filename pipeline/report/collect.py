"""Join the articles' front matter with the Git history into one Record per article.

The report needs ten top-level keys of each article, not the whole front matter (images, sources,
summaries…), so `read_fields` loads only those keys' lines with the same safe YAML loader as
pipeline.content.frontmatter, and falls back to `pipeline.content.frontmatter.read_article` whenever that subset is not
plain (so a broken file gets the shared reader's Vietnamese message). That is what keeps a report on
10,000 articles within seconds.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from pipeline.content.frontmatter import ArticleFile, read_article, split_front_matter
from pipeline.report.gitlog import GitHistory, WaitingItem
from pipeline.report.model import Record

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SKIPPED = ("pages", "images", "extra")  # as pipeline.content.frontmatter.article_paths
_YES = {"true", "yes", "có", "co", "1", "x"}  # the site build's yes values (pipeline.site.lifecycle)
FIELDS = frozenset({"title", "unit", "topic", "kind", "editor", "status", "withdrawn", "date", "event_time",
                    "submitted_at"})
_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_INDICATORS = frozenset("'\"[]{}&*!|>%@`#,?-:")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".nan", ".inf", "-.inf"})
_NUMBER = re.compile(r"[-+]?(\.?\d[\d_]*(\.[\d_]*)?([eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[\d_]+(:[0-5]?\d)+)")


@dataclass
class Collected:
    records: list[Record]  # articles in the content folder (what main will publish)
    waiting: list[tuple[WaitingItem, Record]]  # articles on open review branches, one per (branch, path)
    notes: list[str] = field(default_factory=list)
    on_main: frozenset[str] = frozenset()  # paths in main's tree now


def _scalar(value: str) -> tuple[bool, object]:
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


def _fields_of(text: str, path: Path) -> ArticleFile | None:
    """The report's keys only; None when the subset is not plain YAML (the full reader decides)."""
    header, _body, body_line = split_front_matter(text)
    if header is None:
        return None
    keep, lines = False, []
    meta: dict[str, object] = {}
    simple = True
    for line in header.split("\n"):
        if line and not line[0].isspace() and line[0] not in "-#":
            m = _TOP_KEY.match(line)
            if m is None:
                return None
            keep = m[1] in FIELDS
            if keep and simple:
                ok, value = _scalar(line[m.end():].strip())
                simple = ok
                meta[m[1]] = value
        elif keep and line.strip():
            simple = False  # a value continued on the next line: let YAML fold it
        if keep:
            lines.append(line)
    if simple:
        return ArticleFile(path, meta, "", body_line)
    try:
        meta = yaml.load("\n".join(lines), Loader=_Loader) if lines else {}
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict) or not set(meta) <= FIELDS:
        return None
    return ArticleFile(path, meta, "", body_line)


def read_fields(path: Path) -> ArticleFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return read_article(path)
    return _fields_of(text, path) or read_article(path)


def _article_paths(content: Path) -> list[Path]:
    """The same files as pipeline.content.frontmatter.article_paths, without walking the photo folders."""
    found: list[Path] = []
    for top, dirs, files in os.walk(content):
        if top == str(content):
            dirs[:] = [d for d in dirs if d not in _SKIPPED]
            continue
        found += [Path(top, f) for f in files if f.endswith(".md")]
    return sorted(found)


def load_fields(content: Path) -> list[ArticleFile]:
    """Like pipeline.content.frontmatter.load_articles, with only the report's keys in `meta` and no body."""
    return [read_fields(p) for p in _article_paths(content)]


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _yes(value: object) -> bool:
    return value is not None and str(value).strip().lower() in _YES


def status_of(meta: dict) -> str:
    """published | draft | review | withdrawn, as the site build reads them (pipeline.site.lifecycle):
    `withdrawn: true` wins, and an unknown status is not published."""
    if _yes(meta.get("withdrawn")):
        return "withdrawn"
    status = str(meta.get("status") or "published").strip().lower()
    return status if status in ("published", "draft", "review") else "draft"


def record_of(article: ArticleFile, rel_path: str, history: GitHistory | None) -> Record:
    meta = article.meta
    status = status_of(meta)
    published_at: datetime | None = None
    first_commit = merged_at = None
    if history is not None:
        first_commit = history.first_commit.get(rel_path)
        merged = history.published.get(rel_path)
        if merged is not None and status == "published":
            merged_at = merged
            scheduled = article.datetime_of("date")
            # A future-dated article goes live on its date, not at the merge.
            published_at = max(merged, scheduled) if scheduled else merged
    return Record(
        path=rel_path,
        title=_text(meta.get("title")) or Path(rel_path).stem,
        unit=_text(meta.get("unit")),
        topic=_text(meta.get("topic")),
        kind=_text(meta.get("kind")),
        editor=_text(meta.get("editor")),
        status=status,
        event_time=article.datetime_of("event_time"),
        submitted_at=article.datetime_of("submitted_at"),
        published_at=published_at,
        first_commit=first_commit,
        merged_at=merged_at,
    )


def join(articles: list[ArticleFile], content: Path, history: GitHistory) -> Collected:
    """Records for the articles on disk and for those waiting on review branches."""
    notes: list[str] = []
    records: list[Record] = []
    prefix = history.content_prefix
    for article in articles:
        rel = prefix + article.path.relative_to(content).as_posix()  # article_paths() yields content/…
        if article.error:
            notes.append(f"{rel}: bỏ qua vì {article.error[0].lower()}{article.error[1:]}")
            continue
        records.append(record_of(article, rel, history))
    waiting: list[tuple[WaitingItem, Record]] = []
    for item in history.waiting:
        parsed = _fields_of(item.text, Path(item.path)) if item.text else None
        if parsed is None and item.text:
            parsed = _full(item.text, item.path)
        if parsed is None:
            notes.append(f"{item.path} (nhánh {item.branch}): không đọc được phần thông tin đầu bài trên nhánh.")
            parsed = ArticleFile(Path(item.path), {}, "", 1)
        record = record_of(parsed, item.path, None)
        record.first_commit = item.since
        waiting.append((item, record))
    return Collected(records, waiting, notes, history.on_main)


def _full(text: str, path: str) -> ArticleFile | None:
    header, body, body_line = split_front_matter(text)
    if header is None:
        return None
    try:
        meta = yaml.load(header, Loader=_Loader)
    except yaml.YAMLError:
        return None
    return ArticleFile(Path(path), meta, body, body_line) if isinstance(meta, dict) else None


def collect(content: Path, history: GitHistory) -> Collected:
    return join(load_fields(content), content, history)
