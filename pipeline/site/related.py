"""Related articles: the closest articles by shared tags, then same topic, then same unit.

Score = 2 per shared tag + 1 for the same topic + 0.5 for the same unit; ties go to the newer article
(then to the earlier one in the listing). Comparing every article with every other was quadratic;
this looks candidates up in postings (tag → articles, topic → articles, unit → articles, each in
listing order) and walks the possible score levels from the highest down, so an article costs about
the few postings entries it needs, whatever the size of the site. The result is the same as ranking
all pairs.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from typing import Any

from pelican import signals

from pipeline.site.visibility import is_listed

RELATED_COUNT = 4

Features = tuple[frozenset[str], str | None, str | None]


def features(article: Any) -> Features:
    tags = frozenset(str(t) for t in getattr(article, "tags", []) or [])
    topic = getattr(article, "topic_info", None)
    unit = getattr(article, "unit_info", None)
    return tags, _key(topic), _key(unit)


def _key(info: Any) -> str | None:
    return None if info is None else str(getattr(info, "slug", id(info)))


def score(query: Features, other: Features) -> float:
    value = 2.0 * len(query[0] & other[0])
    if query[1] is not None and query[1] == other[1]:
        value += 1.0
    if query[2] is not None and query[2] == other[2]:
        value += 0.5
    return value


class RelatedIndex:
    """Postings over the listed articles, newest first; `related(article)` ranks without comparing all."""

    def __init__(self, listed: list[Any]) -> None:
        self.articles = sorted(listed, key=lambda a: a.date, reverse=True)  # stable: ties keep listing order
        self.features = [features(a) for a in self.articles]
        self.rank = {id(a): i for i, a in enumerate(self.articles)}
        self.by_tag: dict[str, list[int]] = defaultdict(list)
        self.by_topic: dict[str, list[int]] = defaultdict(list)
        self.by_unit: dict[str, list[int]] = defaultdict(list)
        self.by_topic_unit: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, (tags, topic, unit) in enumerate(self.features):
            for tag in tags:
                self.by_tag[tag].append(i)
            if topic is not None:
                self.by_topic[topic].append(i)
            if unit is not None:
                self.by_unit[unit].append(i)
            if topic is not None and unit is not None:
                self.by_topic_unit[(topic, unit)].append(i)
        self._memo: dict[Features, list[int]] = {}

    def related(self, article: Any, count: int = RELATED_COUNT) -> list[Any]:
        query = features(article)
        own = self.rank.get(id(article))
        # Articles with the same features share one ranking; one extra covers the article itself.
        ranked = self._memo.get(query)
        if ranked is None or len(ranked) < count + 1:
            ranked = self._memo[query] = self._top(query, count + 1)
        return [self.articles[r] for r in ranked if r != own][:count]

    def _top(self, query: Features, count: int) -> list[int]:
        found: list[int] = []
        seen: set[int] = set()
        for value, patterns in self._levels(query):
            need = count - len(found)
            if need <= 0:
                break
            last = -1
            for r in heapq.merge(*(self._members(query, p) for p in patterns)):
                if r == last or r in seen:
                    continue
                last = r
                # Every article scoring higher was taken at an earlier level (it had room for all).
                if score(query, self.features[r]) != value:
                    continue
                found.append(r)
                seen.add(r)
                if len(found) == count:
                    break
        return found

    @staticmethod
    def _levels(query: Features) -> list[tuple[float, list[tuple[tuple[str, ...], bool, bool]]]]:
        """Score levels, highest first; each with the feature patterns that reach exactly that score."""
        tags, topic, unit = query
        levels: dict[float, list[tuple[tuple[str, ...], bool, bool]]] = defaultdict(list)
        for k in range(len(tags), -1, -1):
            for subset in combinations(sorted(tags), k):
                for same_topic in ((True, False) if topic is not None else (False,)):
                    for same_unit in ((True, False) if unit is not None else (False,)):
                        value = 2.0 * k + (1.0 if same_topic else 0.0) + (0.5 if same_unit else 0.0)
                        if value > 0:
                            levels[value].append((subset, same_topic, same_unit))
        return sorted(levels.items(), reverse=True)

    def _members(self, query: Features, pattern: tuple[tuple[str, ...], bool, bool]) -> Iterator[int]:
        """Ranks of the articles having at least the pattern's features, in rank order."""
        subset, same_topic, same_unit = pattern
        _, topic, unit = query
        lists = [self.by_tag.get(tag, []) for tag in subset]
        if same_topic and same_unit:
            lists.append(self.by_topic_unit.get((topic, unit), []))  # type: ignore[arg-type]
        elif same_topic:
            lists.append(self.by_topic.get(topic, []))  # type: ignore[arg-type]
        elif same_unit:
            lists.append(self.by_unit.get(unit, []))  # type: ignore[arg-type]
        shortest = min(lists, key=len)
        wanted = frozenset(subset)
        for r in shortest:
            tags, other_topic, other_unit = self.features[r]
            if wanted <= tags and (not same_topic or other_topic == topic) and (not same_unit or other_unit == unit):
                yield r


def related_to(article: Any, candidates: list[Any], count: int = RELATED_COUNT) -> list[Any]:
    return RelatedIndex(candidates).related(article, count)


def attach_related(generator: Any) -> None:
    index = RelatedIndex([a for a in generator.articles if is_listed(a)])
    for article in [*generator.articles, *getattr(generator, "hidden_articles", [])]:
        article.related_articles = index.related(article)


def register() -> None:
    signals.article_generator_finalized.connect(attach_related)
