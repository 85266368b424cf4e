"""Join the articles' front matter with the Git history into one Record per article."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from pipeline.articles import ArticleFile, load_articles, split_front_matter
from pipeline.report.gitlog import GitHistory, WaitingItem
from pipeline.report.model import Record

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NOT_PUBLISHED = {"draft", "review", "withdrawn"}


@dataclass
class Collected:
    records: list[Record]  # articles in the content folder (what main will publish)
    waiting: list[tuple[WaitingItem, Record]]  # articles on open review branches, one per (branch, path)
    notes: list[str] = field(default_factory=list)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def status_of(meta: dict) -> str:
    """draft | review | published | withdrawn; a `withdrawn` key (with its reason) wins."""
    if meta.get("withdrawn"):
        return "withdrawn"
    status = str(meta.get("status") or "published").strip().lower()
    return status if status in _NOT_PUBLISHED else "published"


def record_of(article: ArticleFile, rel_path: str, history: GitHistory | None) -> Record:
    meta = article.meta
    status = status_of(meta)
    published_at: datetime | None = None
    first_commit = None
    if history is not None:
        first_commit = history.first_commit.get(rel_path)
        merged = history.published.get(rel_path)
        if merged is not None and status == "published":
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
    )


def _from_text(path: str, text: str) -> ArticleFile | None:
    header, body, body_line = split_front_matter(text)
    if header is None:
        return None
    try:
        meta = yaml.load(header, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return None
    return ArticleFile(Path(path), meta, body, body_line) if isinstance(meta, dict) else None


def collect(content: Path, history: GitHistory) -> Collected:
    notes: list[str] = []
    records: list[Record] = []
    root = history.root
    for article in load_articles(content):
        rel = article.path.resolve().relative_to(root).as_posix()
        if article.error:
            notes.append(f"{rel}: bỏ qua vì {article.error[0].lower()}{article.error[1:]}")
            continue
        records.append(record_of(article, rel, history))
    waiting: list[tuple[WaitingItem, Record]] = []
    for item in history.waiting:
        article = _from_text(item.path, item.text) if item.text else None
        if article is None:
            notes.append(f"{item.path} (nhánh {item.branch}): không đọc được phần thông tin đầu bài trên nhánh.")
            article = ArticleFile(Path(item.path), {}, "", 1)
        record = record_of(article, item.path, None)
        record.first_commit = item.since
        waiting.append((item, record))
    return Collected(records, waiting, notes)
