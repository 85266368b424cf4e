"""Related articles: the closest articles by shared tags, then same topic, then same unit."""

from __future__ import annotations

from typing import Any

from pelican import signals

from pipeline.site.visibility import is_listed

RELATED_COUNT = 4


def _score(article: Any, other: Any) -> float:
    tags = {str(t) for t in getattr(article, "tags", []) or []}
    other_tags = {str(t) for t in getattr(other, "tags", []) or []}
    score = 2.0 * len(tags & other_tags)
    if getattr(article, "topic_info", None) is not None and article.topic_info == getattr(other, "topic_info", None):
        score += 1.0
    if getattr(article, "unit_info", None) is not None and article.unit_info == getattr(other, "unit_info", None):
        score += 0.5
    return score


def related_to(article: Any, candidates: list[Any], count: int = RELATED_COUNT) -> list[Any]:
    scored = [(s, other) for other in candidates if other is not article and (s := _score(article, other)) > 0]
    scored.sort(key=lambda pair: (pair[0], pair[1].date), reverse=True)
    return [other for _, other in scored[:count]]


def attach_related(generator: Any) -> None:
    listed = [a for a in generator.articles if is_listed(a)]
    for article in [*generator.articles, *getattr(generator, "hidden_articles", [])]:
        article.related_articles = related_to(article, listed)


def register() -> None:
    signals.article_generator_finalized.connect(attach_related)
