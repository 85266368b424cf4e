"""Related articles from postings rank exactly as comparing every pair of articles did."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.site.related import RelatedIndex, features, score
from pipeline.site.shared import site_lists


@dataclass(eq=False)
class Info:
    slug: str


@dataclass(eq=False)
class Item:
    name: str
    date: datetime
    tags: list[str]
    topic_info: Info | None
    unit_info: Info | None
    kind: str = "news"
    withdrawn: bool = False


def _every_pair(article: Item, listed: list[Item], count: int = 4) -> list[Item]:
    scored = [(s, other) for other in listed
              if other is not article and (s := score(features(article), features(other))) > 0]
    scored.sort(key=lambda pair: (pair[0], pair[1].date), reverse=True)
    return [other for _, other in scored[:count]]


def _site(seed: int, n: int) -> list[Item]:
    rnd = random.Random(seed)
    topics = [Info(f"t{i}") for i in range(4)]
    units = [Info(f"u{i}") for i in range(9)]
    tags = [f"tag{i}" for i in range(12)]
    start = datetime(2025, 1, 1)
    items = [Item(f"a{i}", start + timedelta(hours=rnd.randint(0, 300)),  # many equal dates
                  rnd.sample(tags, rnd.choice((0, 1, 2, 3, 5))), rnd.choice([*topics, None]),
                  rnd.choice([*units, None])) for i in range(n)]
    items.sort(key=lambda a: a.date, reverse=True)
    return items


def test_related_articles_from_postings_equal_the_all_pairs_ranking_on_random_sites():
    for seed in range(12):
        listed = _site(seed, 160)
        index = RelatedIndex(listed)
        outsider = Item("hidden", datetime(2025, 1, 5), ["tag1", "tag2"], listed[0].topic_info, None)
        for article in [*listed, outsider]:
            assert [a.name for a in index.related(article)] == [a.name for a in _every_pair(article, listed)]


def test_an_article_sharing_nothing_has_no_related_articles():
    listed = _site(1, 30)
    loner = Item("loner", datetime(2025, 2, 1), ["elsewhere"], Info("other-topic"), Info("other-unit"))
    assert RelatedIndex(listed).related(loner) == []


def test_shared_lists_hold_the_newest_articles_questions_and_topic_blocks_without_withdrawn_ones():
    listed = _site(3, 40)
    listed[0].withdrawn = True
    for item in listed[5:12]:
        item.kind = "qa"
    lists = site_lists(listed)
    shown = [a for a in listed if not a.withdrawn]
    assert lists.latest == shown[:6]
    assert lists.front.questions == [a for a in shown if a.kind == "qa"][:5]
    on_top = {id(lists.front.lead), *map(id, lists.front.latest)}
    for slug, block in lists.front.by_topic.items():
        assert block == [a for a in shown if a.topic_info is not None and a.topic_info.slug == slug
                         and a.kind != "qa" and id(a) not in on_top][:4]
