from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.content.store import SiteIndex
from pipeline.core.dates import TZ, parse_datetime
from pipeline.core.text import slugify


@pytest.mark.parametrize("title, slug", [
    ("Đại hội Công đoàn tỉnh", "dai-hoi-cong-doan-tinh"),
    ("ĐOÀN VIÊN được hưởng chế độ gì?", "doan-vien-duoc-huong-che-do-gi"),
    ("Hội thi “Nữ công khéo tay” – năm 2026!", "hoi-thi-nu-cong-kheo-tay-nam-2026"),
    ("   ", "bai-viet"),
])
def test_slugs_are_readable_ascii(title, slug):
    assert slugify(title) == slug


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify("Liên đoàn Lao động tỉnh " * 10)
    assert len(slug) <= 80 and not slug.endswith("-")


def test_a_clashing_slug_gets_a_suffix_and_never_overwrites():
    index = SiteIndex(slugs={"dai-hoi", "dai-hoi-2"})
    assert index.unique_slug("dai-hoi") == "dai-hoi-3"
    assert index.unique_slug("hoi-nghi") == "hoi-nghi"


@pytest.mark.parametrize("text, expected", [
    ("8 giờ 30, ngày 04/3/2026", datetime(2026, 3, 4, 8, 30, tzinfo=TZ)),
    ("04/03/2026 16:30", datetime(2026, 3, 4, 16, 30, tzinfo=TZ)),
    ("16h30 ngày 4/3/2026", datetime(2026, 3, 4, 16, 30, tzinfo=TZ)),
    ("ngày 4 tháng 3 năm 2026, lúc 14 giờ 15 phút", datetime(2026, 3, 4, 14, 15, tzinfo=TZ)),
    ("2026-03-04T08:30", datetime(2026, 3, 4, 8, 30, tzinfo=TZ)),
])
def test_vietnamese_date_and_time_forms_are_read(text, expected):
    assert parse_datetime(text) == expected


def test_nonsense_and_impossible_dates_are_not_guessed():
    assert parse_datetime("sáng mai") is None
    assert parse_datetime("31/02/2026") is None
