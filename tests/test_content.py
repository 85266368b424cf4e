"""The shared content readers: front matter (full and skimmed), article folders, lifecycle status."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.content.frontmatter import parse_article, read_keys, split_front_matter
from pipeline.content.layout import is_article
from pipeline.content.model import Article, ArticleMeta, Source
from pipeline.content.status import status_of
from pipeline.content.writer import render
from pipeline.core.dates import TZ


def _written() -> str:
    when = datetime(2026, 3, 6, 8, 30, tzinfo=TZ)
    meta = ArticleMeta(title="Đại hội Công đoàn: nhiệm kỳ 2026–2031", slug="dai-hoi-cong-doan", date=when,
                       kind="event", topic="van-phong", editor="tam", submitted_at=when, unit="ldld-cho-lach",
                       source=Source("dai-hoi.docx", "a" * 64))
    return render(Article(meta, "Nội dung.\n"))


def test_skimming_a_written_article_gives_the_same_values_as_the_full_reader():
    text = _written()
    full = parse_article(text, Path("a.md"))
    header = split_front_matter(text)[0]
    assert header is not None
    skimmed = read_keys(header, {"title", "slug", "unit", "source"})
    assert skimmed == {k: full.meta[k] for k in ("title", "slug", "unit", "source")}
    assert skimmed["source"]["sha256"] == "a" * 64


def test_a_title_folded_over_two_lines_is_read_as_yaml_reads_it():
    header = "title: Hội nghị người lao động\n  năm 2026\nslug: hoi-nghi\n"
    assert read_keys(header, {"title"}) == {"title": "Hội nghị người lao động năm 2026"}


def test_values_yaml_reads_as_numbers_or_booleans_are_not_taken_as_text():
    assert read_keys("title: 2026\nwithdrawn: yes\n", {"title", "withdrawn"}) == {"title": 2026, "withdrawn": True}


def test_broken_yaml_is_left_to_the_full_reader_which_explains_it_in_vietnamese():
    text = "---\ntitle: 'không đóng nháy\nslug: x\n---\nThân bài\n"
    header = split_front_matter(text)[0]
    assert header is not None and read_keys(header, {"title"}) is None
    assert "sai cú pháp YAML" in (parse_article(text, Path("a.md")).error or "")


def test_pages_photos_and_extra_files_are_not_articles():
    assert is_article(("van-phong", "2026", "bai.md"))
    assert not is_article(("pages", "gioi-thieu.md"))
    assert not is_article(("images", "2026", "bai", "ghi-chu.md"))
    assert not is_article(("extra", "robots.md"))
    assert not is_article(("van-phong", "2026", "anh.jpg"))


def test_withdrawal_wins_over_the_status_and_an_unknown_status_is_not_published():
    assert status_of({"status": "published", "withdrawn": "có"}) == "withdrawn"
    assert status_of({}) == "published"
    assert status_of({"status": "Review"}) == "review"
    assert status_of({"status": "da-duyet"}) == "draft"
