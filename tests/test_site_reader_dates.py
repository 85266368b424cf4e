"""Front-matter dates read without dateutil are exactly what Pelican's own parser gives."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from pelican.plugins.yaml_metadata.yaml_metadata import _parse_date

from pipeline.site.reader import iso_datetime


def _moments() -> list[str]:
    rnd = random.Random(11)
    start = datetime(2016, 1, 1)
    texts = []
    for _ in range(200):
        moment = start + timedelta(minutes=rnd.randint(0, 12 * 365 * 24 * 60), seconds=rnd.choice((0, 0, 17)))
        offset = rnd.choice(("+07:00", "+07:00", "-05:30", "+09:45"))
        texts.append(moment.isoformat(timespec="minutes" if moment.second == 0 else "seconds") + offset)
    return texts


@pytest.mark.parametrize("text", _moments()[:3] + ["2026-03-04T10:00+07:00", " 2026-12-31T23:59:59.250+07:00"])
def test_an_iso_date_with_an_offset_is_the_same_object_pelican_makes(text):
    fast, pelican = iso_datetime(text), _parse_date(text)
    assert fast is not None
    assert (fast, type(fast), repr(fast), fast.tzname()) == (pelican, type(pelican), repr(pelican), pelican.tzname())
    assert fast.tzinfo is pelican.tzinfo


def test_two_hundred_random_publication_times_read_the_same_both_ways():
    assert [repr(iso_datetime(t)) for t in _moments()] == [repr(_parse_date(t)) for t in _moments()]


@pytest.mark.parametrize("text", ["2026-03-04", "2026-03-04T10:00", "2026-03-04T10:00Z", "2026-03-04T10:00+00:00",
                                  "04/03/2026 10:00", "2026-03-04 10:00+07:00"])
def test_other_spellings_are_left_to_pelicans_parser(text):
    assert iso_datetime(text) is None
