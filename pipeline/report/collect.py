"""Join the articles' front matter with the Git history into one Record per article.

The report needs ten top-level keys of each article, not the whole front matter (images, sources,
summaries…), so `read_fields` reads only those keys (pipeline.content.frontmatter.read_keys), and falls
back to the full reader whenever that subset cannot be read (so a broken file gets the shared reader's
Vietnamese message). That is what keeps a report on 10,000 articles within seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.content.frontmatter import (
    ArticleFile,
    parse_article,
    read_article,
    read_keys,
    split_front_matter,
)
from pipeline.content.layout import article_paths
from pipeline.content.status import status_of
from pipeline.report.gitlog import GitHistory, WaitingItem
from pipeline.report.model import Record

FIELDS = frozenset({"title", "unit", "topic", "kind", "editor", "status", "withdrawn", "date", "event_time",
                    "submitted_at"})


@dataclass
class Collected:
    records: list[Record]  # articles in the content folder (what main will publish)
    waiting: list[tuple[WaitingItem, Record]]  # articles on open review branches, one per (branch, path)
    notes: list[str] = field(default_factory=list)
    on_main: frozenset[str] = frozenset()  # paths in main's tree now


def _fields_of(text: str, path: Path) -> ArticleFile | None:
    """The report's keys only; None when they cannot be read that way (the full reader decides)."""
    header, _body, body_line = split_front_matter(text)
    if header is None:
        return None
    meta = read_keys(header, FIELDS)
    return ArticleFile(path, meta, "", body_line) if meta is not None else None


def read_fields(path: Path) -> ArticleFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return read_article(path)
    return _fields_of(text, path) or parse_article(text, path)


def load_fields(content: Path) -> list[ArticleFile]:
    """Like pipeline.content.frontmatter.load_articles, with only the report's keys in `meta` and no body.

    Only files inside a folder: a Markdown file at the top of content/ is in no topic, so the site
    never publishes it (the same rule as gitlog.is_article_path).
    """
    return [read_fields(p) for p in article_paths(content) if p.parent != content]


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


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
            parsed = parse_article(item.text, Path(item.path))
        if parsed is None or parsed.error:
            notes.append(f"{item.path} (nhánh {item.branch}): không đọc được phần thông tin đầu bài trên nhánh.")
            parsed = ArticleFile(Path(item.path), {}, "", 1)
        record = record_of(parsed, item.path, None)
        record.first_commit = item.since
        waiting.append((item, record))
    return Collected(records, waiting, notes, history.on_main)


def collect(content: Path, history: GitHistory) -> Collected:
    return join(load_fields(content), content, history)
