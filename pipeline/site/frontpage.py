"""The home page's choices, made once per build: the lead, the newest list, topic blocks, "Tiêu điểm".

- The lead is the newest article with `featured: true` in its front matter; without one, the newest
  article with a photo among the newest LEAD_WINDOW (a photo from last year does not beat today's
  news); else the newest article.
- Nothing is shown twice at the top of the page: the newest list leaves out the lead, and each
  topic block leaves out what the lead and the newest list already show. Q&As have their own block
  (the newest questions), so they are not in the newest list.
- "Tiêu điểm" comes from editorial.yml (`front_page.highlights`): an article by slug, a tag page or a
  link. An entry naming an article or tag the site does not have is left out with a warning (BT714),
  never a broken link.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from pipeline.site.visibility import is_listed

log = logging.getLogger(__name__)

LATEST = 6  # the newest list under the lead
PER_TOPIC = 4  # one teaser with its photo and three titles per topic block
QUESTIONS = 5
LEAD_WINDOW = 12  # a photo lead is looked for among this many newest articles


@dataclass(frozen=True)
class Highlight:
    title: str
    url: str  # site-relative ("the/hoc-bong/") or absolute ("https://…")
    external: bool = False


@dataclass
class FrontPage:
    lead: Any = None
    latest: list[Any] = field(default_factory=list)
    by_topic: dict[str, list[Any]] = field(default_factory=dict)
    questions: list[Any] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    highlights_heading: str = "Tiêu điểm"


def _has_photo(article: Any) -> bool:
    return any(isinstance(i, dict) and i.get("path") for i in getattr(article, "images", None) or [])


def _is_qa(article: Any) -> bool:
    return getattr(article, "kind", None) == "qa"


def choose_lead(articles: list[Any]) -> Any:
    """`articles` newest first and listed; the lead as the module docstring says."""
    news = [a for a in articles if not _is_qa(a)] or articles
    if not news:
        return None
    featured = next((a for a in news if getattr(a, "featured", False) is True), None)
    if featured is not None:
        return featured
    return next((a for a in news[:LEAD_WINDOW] if _has_photo(a)), news[0])


def front_page(articles: list[Any], config: Any, tags: dict[Any, Any] | None = None) -> FrontPage:
    """`articles` newest first (Pelican's order); `tags` Pelican's {Tag: articles} for tag entries."""
    listed = [a for a in articles if is_listed(a)]
    page = FrontPage(lead=choose_lead(listed))
    shown = {id(page.lead)}
    for article in listed:
        if len(page.latest) == LATEST:
            break
        if id(article) not in shown and not _is_qa(article):
            page.latest.append(article)
            shown.add(id(article))
    for article in listed:
        if _is_qa(article):
            if len(page.questions) < QUESTIONS:
                page.questions.append(article)
            continue
        topic = getattr(article, "topic_info", None)
        if topic is None or id(article) in shown:
            continue
        block = page.by_topic.setdefault(topic.slug, [])
        if len(block) < PER_TOPIC:
            block.append(article)
    if config is not None:
        page.highlights_heading = config.front_page.highlights_heading
        page.highlights = _highlights(config.front_page.highlights, listed, tags or {})
    return page


def _highlights(entries: Any, listed: list[Any], tags: dict[Any, Any]) -> list[Highlight]:
    by_slug = {getattr(a, "slug", None): a for a in listed}
    by_tag = {str(tag).casefold(): tag for tag in tags}
    out: list[Highlight] = []
    for entry in entries:
        if entry.url:
            out.append(Highlight(entry.title, entry.url, external=True))
        elif entry.article:
            article = by_slug.get(entry.article)
            if article is None:
                log.warning("BT714 editorial.yml front_page.highlights: không có bài nào có slug '%s' "
                            "(hoặc bài đã gỡ, chưa đăng); mục này không hiện trên trang chủ.", entry.article)
                continue
            out.append(Highlight(entry.title or str(article.title), str(article.url)))
        elif entry.tag:
            tag = by_tag.get(entry.tag.casefold())
            if tag is None:
                log.warning("BT714 editorial.yml front_page.highlights: chưa bài nào có từ khóa '%s'; "
                            "mục này không hiện trên trang chủ.", entry.tag)
                continue
            out.append(Highlight(entry.title or str(tag), str(tag.url)))
    return out
