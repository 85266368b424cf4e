"""The sitemap's dates (pipeline/site/sitemap.py) are written exactly as pelican-sitemap writes them."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from pelican.plugins.sitemap import sitemap as sitemap_module
from pelican.utils import SafeDatetime

from pipeline.site import sitemap

ORIGINAL = sitemap_module.format_date


def test_lastmod_is_the_plugins_text_for_aware_naive_and_pelican_dates():
    rng = random.Random(5)
    zones = [ZoneInfo("Asia/Ho_Chi_Minh"), UTC, timezone(timedelta(hours=-3, minutes=-30)), None]
    checked = 0
    for _ in range(500):
        moment = datetime(2016, 1, 1) + timedelta(seconds=rng.randrange(12 * 365 * 86400),
                                                  microseconds=rng.randrange(1_000_000))
        for zone in zones:
            for kind in (datetime, SafeDatetime):
                date = kind(*moment.timetuple()[:6], moment.microsecond, tzinfo=zone)
                assert sitemap.lastmod(date) == ORIGINAL(date), date
                checked += 1
    assert checked == 4000
