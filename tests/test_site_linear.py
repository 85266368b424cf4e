"""Pelican's translation grouping and monthly archives, made linear (pipeline/site/linear.py), give Pelican's results."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from pipeline.site.linear import (
    _ORIGINAL_ARCHIVES,
    _ORIGINAL_TRANSLATIONS,
    period_archives_in_one_pass,
    process_translations_by_group,
)


class Item:
    def __init__(self, number: int, rng: random.Random) -> None:
        self.source_path = f"bai-{number}.md"
        self.slug = f"bai-{rng.randrange(60)}"  # shared slugs: translations and duplicates
        self.lang = rng.choice(["vi", "vi", "vi", "en"])
        self.in_default_lang = self.lang == "vi"
        self.metadata = {"translation": "true"} if rng.random() < 0.1 else {}
        self.date = datetime(2024, 1, 1) + timedelta(hours=rng.randrange(24 * 900))

    def __repr__(self) -> str:
        return self.source_path


def _items(seed: int, count: int = 200) -> list[Item]:
    rng = random.Random(seed)
    return [Item(n, rng) for n in range(count)]


def test_translation_groups_come_out_as_pelican_makes_them():
    for seed in range(5):
        theirs, ours = _items(seed), _items(seed)
        expected = _ORIGINAL_TRANSLATIONS(theirs, "slug")
        got = process_translations_by_group(_ORIGINAL_TRANSLATIONS)(ours, "slug")
        assert [[i.source_path for i in part] for part in got] == [[i.source_path for i in part] for part in expected]
        assert [i.source_path for i in ours] == [i.source_path for i in theirs]  # the list sorted alike
        by_path = {i.source_path: i for i in theirs}
        assert [[t.source_path for t in i.translations] for i in ours] == \
               [[t.source_path for t in by_path[i.source_path].translations] for i in ours]


def test_translation_grouping_by_two_keys_and_by_none_is_pelicans():
    items = _items(9)
    for key in (None, ("slug", "lang")):
        expected = _ORIGINAL_TRANSLATIONS(list(items), key)
        got = process_translations_by_group(_ORIGINAL_TRANSLATIONS)(list(items), key)
        assert [[i.source_path for i in part] for part in got] == [[i.source_path for i in part] for part in expected]


def test_monthly_archives_list_the_same_articles_in_the_same_order():
    articles = _items(3, 400)
    random.Random(4).shuffle(articles)  # the article order (ARTICLE_ORDER_BY) need not be the dates'
    dates = sorted(articles, key=lambda a: a.date, reverse=True)
    settings = {"YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/", "YEAR_ARCHIVE_URL": "{date:%Y}/",
                "MONTH_ARCHIVE_SAVE_AS": "luu-tru/{date:%Y}/{date:%m}/index.html",
                "MONTH_ARCHIVE_URL": "luu-tru/{date:%Y}/{date:%m}/", "DAY_ARCHIVE_SAVE_AS": "",
                "DAY_ARCHIVE_URL": ""}
    expected = _ORIGINAL_ARCHIVES(None, dates, articles, settings)
    got = period_archives_in_one_pass(_ORIGINAL_ARCHIVES)(None, dates, articles, settings)
    assert sorted(got) == sorted(expected) == ["month", "year"]
    for granularity in expected:
        assert len(got[granularity]) == len(expected[granularity]) > 1
        for mine, pelicans in zip(got[granularity], expected[granularity], strict=True):
            assert mine["articles"] == pelicans["articles"]
            assert {k: v for k, v in mine.items() if k != "articles"} == \
                   {k: v for k, v in pelicans.items() if k != "articles"}
