"""Write the article model as Markdown with YAML front matter."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import yaml
from markdownify import MarkdownConverter

from pipeline.model import Article


class _Converter(MarkdownConverter):
    """markdownify with GitHub-flavoured choices: ATX headings, '-' bullets, pipe tables."""

    def convert_img(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
        alt = (el.attrs.get("alt") or "").replace("\n", " ").replace("]", "\\]")
        src = el.attrs.get("src") or ""
        title = (el.attrs.get("title") or "").replace('"', "'")
        title_part = f' "{title}"' if title else ""
        return f"![{alt}]({src}{title_part})"


def html_to_markdown(html: str) -> str:
    md = _Converter(
        heading_style="ATX",
        bullets="-",
        table_infer_header=True,
        escape_underscores=False,
        escape_asterisks=True,
        newline_style="BACKSLASH",
    ).convert(html)
    md = re.sub(r"\n{3,}", "\n\n", md).strip()
    # An image alone in its paragraph is a figure: keep it on its own block.
    return md + "\n" if md else ""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def front_matter(article: Article) -> dict[str, Any]:
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
        data["contributor"] = m.contributor.as_dict()
    if m.conversion_warnings:
        data["conversion_warnings"] = m.conversion_warnings
    return {k: v for k, v in data.items() if v is not None or k == "unit"}


def render(article: Article) -> str:
    header = yaml.safe_dump(front_matter(article), allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{header}---\n\n{article.body}"
