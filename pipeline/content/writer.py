"""Write the article model as a Markdown file: YAML front matter, then the body (see body_markdown)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import yaml

from pipeline.content.fields import ORDER
from pipeline.content.model import Article

if TYPE_CHECKING:
    from pipeline.content.sealing import Sealer


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def front_matter(article: Article, sealer: Sealer | None = None) -> dict[str, Any]:
    m = article.meta
    data: dict[str, Any] = {
        "title": m.title,
        "slug": m.slug,
        "date": _iso(m.date),
        "kind": m.kind,
        "unit": m.unit,
        "topic": m.topic,
        "editor": m.editor,
    }
    if m.event_time:
        data["event_time"] = _iso(m.event_time)
    data["submitted_at"] = _iso(m.submitted_at)
    data["author"] = m.author
    data["author_title"] = m.author_title
    data["approved_by"] = m.approved_by
    data["summary"] = m.summary
    if m.tags:
        data["tags"] = m.tags
    data["images"] = [
        {
            "path": i.path,
            "caption": i.caption,
            **({"width": i.width, "height": i.height} if i.width else {}),
            **({"variants": i.variants} if i.variants else {}),
        }
        for i in m.images
    ]
    if m.source:
        data["source"] = {"file": m.source.file, "sha256": m.source.sha256, "format": m.source.format}
    if m.contributor:
        block = m.contributor.as_dict()
        # Contact details never sit in clear in Git when editors have keys (privacy.recipients).
        data["contributor"] = sealer.seal_contributor(block) if sealer else block
    if m.title_source:
        data["title_source"] = m.title_source
    if m.conversion_warnings:
        data["conversion_warnings"] = m.conversion_warnings
    kept = {k: v for k, v in data.items() if v is not None or k == "unit"}
    # Keys appear in the order of the front-matter table, which documents each of them.
    return dict(sorted(kept.items(), key=lambda item: ORDER[item[0]]))


def render(article: Article, sealer: Sealer | None = None) -> str:
    header = yaml.safe_dump(front_matter(article, sealer), allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{header}---\n\n{article.body}"
