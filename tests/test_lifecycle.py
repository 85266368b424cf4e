"""The article lifecycle in real Pelican builds: status, scheduled publishing, corrections, withdrawal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, all_output_text, build_site


def write_article(content: Path, slug: str, *, date: str = "2026-03-04T15:00+07:00", extra: str = "",
                  body: str = "Nội dung chính của bài viết.", topic: str = "van-phong") -> Path:
    path = content / topic / date[:4] / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: Bài {slug}\nslug: {slug}\ndate: '{date}'\nkind: news\nunit: van-phong\ntopic: {topic}\n"
        f"editor: nguyen-thi-bien\nsummary: Tóm tắt của bài {slug}\n{extra}---\n\n{body}\n",
        encoding="utf-8",
    )
    return path


def page_of(output: Path, slug: str, topic: str = "van-phong", year: str = "2026") -> Path:
    return output / topic / year / f"{slug}.html"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    write_article(folder, "bai-thuong")  # an ordinary published article, so listings are never empty
    return folder


def test_a_future_dated_article_is_absent_until_the_clock_passes_its_date(content, tmp_path):
    write_article(content, "hen-gio", date="2026-03-10T08:00+07:00", body="Thông báo lịch nghỉ lễ.")
    before = tmp_path / "before"
    build_site(content, before, "publishconf.py", {"BANTIN_NOW": "2026-03-10T07:59"})
    assert page_of(before, "bai-thuong").is_file()
    assert not page_of(before, "hen-gio").exists()
    assert "Thông báo lịch nghỉ lễ" not in all_output_text(before)  # not even in drafts/, feeds or the sitemap

    after = tmp_path / "after"
    build_site(content, after, "publishconf.py", {"BANTIN_NOW": "2026-03-10T08:00"})
    assert "Thông báo lịch nghỉ lễ" in page_of(after, "hen-gio").read_text(encoding="utf-8")
    assert "hen-gio" in (after / "index.html").read_text(encoding="utf-8")
    assert "hen-gio" in (after / "feeds" / "all.atom.xml").read_text(encoding="utf-8")


def test_draft_and_review_articles_are_not_built_but_published_ones_are(content, tmp_path):
    write_article(content, "ban-nhap", extra="status: draft\n", body="BẢN NHÁP CHƯA DUYỆT")
    write_article(content, "cho-duyet", extra="status: review\n", body="BÀI ĐANG CHỜ DUYỆT")
    write_article(content, "da-duyet", extra="status: published\n")
    output = tmp_path / "out"
    build_site(content, output, "publishconf.py", {"BANTIN_NOW": "2026-03-20T08:00"})
    everything = all_output_text(output)
    assert "BẢN NHÁP CHƯA DUYỆT" not in everything and "BÀI ĐANG CHỜ DUYỆT" not in everything
    assert not (output / "drafts").exists()
    assert page_of(output, "da-duyet").is_file()


def test_the_pull_request_preview_shows_drafts_reviews_and_scheduled_articles_under_drafts(content, tmp_path):
    write_article(content, "cho-duyet", extra="status: review\n", body="BÀI ĐANG CHỜ DUYỆT")
    write_article(content, "hen-gio", date="2026-04-01T08:00+07:00", body="BÀI HẸN GIỜ")
    output = tmp_path / "preview"
    build_site(content, output, "pelicanconf.py", {"BANTIN_NOW": "2026-03-20T08:00", "BANTIN_PREVIEW": "1"})
    assert "BÀI ĐANG CHỜ DUYỆT" in (output / "drafts" / "cho-duyet.html").read_text(encoding="utf-8")
    assert "BÀI HẸN GIỜ" in (output / "drafts" / "hen-gio.html").read_text(encoding="utf-8")
    assert "cho-duyet" not in (output / "index.html").read_text(encoding="utf-8")


def test_a_withdrawn_article_keeps_its_url_with_a_notice_and_leaves_listings_feeds_and_search(content, tmp_path):
    write_article(content, "da-go", body="NỘI DUNG SAI ĐÃ GỠ",
                  extra="withdrawn: true\nwithdrawn_reason: Thông tin về số liệu chưa chính xác.\n")
    output = tmp_path / "out"
    build_site(content, output, "publishconf.py", {"BANTIN_NOW": "2026-03-20T08:00"})
    page = page_of(output, "da-go")
    html = page.read_text(encoding="utf-8")
    assert "Bài da-go" in html  # the title stays: readers following an old link see what it was
    assert "NỘI DUNG SAI ĐÃ GỠ" not in all_output_text(output)  # the body is nowhere in the site
    assert "Tóm tắt của bài da-go" not in html  # nor its lead, in the page or its share metadata
    for listing in ("index.html", "van-phong/index.html", "feeds/all.atom.xml", "feeds/all.rss.xml", "sitemap.xml"):
        target = output / listing
        if target.exists():
            assert "da-go" not in target.read_text(encoding="utf-8"), listing
    assert "data-search-body" not in html  # the search index reads only pages that carry it
    # The theme's notice, coordinated through the front-matter names `withdrawn` and `withdrawn_reason`.
    assert "Tin, bài này đã được gỡ" in html
    assert "Thông tin về số liệu chưa chính xác." in html
    assert "noindex" in html  # minified in the public build: attribute quotes may be dropped


def test_a_correction_is_shown_and_updates_the_feed_entry(content, tmp_path):
    write_article(content, "dinh-chinh",
                  extra="updated: '2026-03-06T10:00+07:00'\ncorrection: Sửa tên đơn vị tổ chức hội nghị.\n")
    output = tmp_path / "out"
    build_site(content, output, "publishconf.py", {"BANTIN_NOW": "2026-03-20T08:00"})
    html = page_of(output, "dinh-chinh").read_text(encoding="utf-8")
    assert "Sửa tên đơn vị tổ chức hội nghị." in html
    feed = (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    entry = feed.split("dinh-chinh")[0].rsplit("<entry>", 1)[-1] + feed.split("dinh-chinh", 1)[1].split("</entry>", 1)[0]
    assert "2026-03-06T10:00:00+07:00" in entry


def test_an_unknown_status_fails_the_build_with_a_vietnamese_message_naming_the_file(content, tmp_path):
    write_article(content, "sai-trang-thai", extra="status: xuất bản\n")
    env = dict(os.environ, BANTIN_CONTENT=str(content), BANTIN_OUTPUT=str(tmp_path / "out"), BANTIN_NOW="2026-03-20T08:00")
    result = subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "publishconf.py"), "--fatal", "errors"],
                            cwd=ROOT, env=env, check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    text = " ".join((result.stdout + result.stderr).split())
    assert "sai-trang-thai.md" in text and "không hợp lệ" in text and "draft, review, published" in text


def test_an_invalid_clock_is_reported_rather_than_silently_ignored(content, tmp_path):
    env = dict(os.environ, BANTIN_CONTENT=str(content), BANTIN_OUTPUT=str(tmp_path / "out"), BANTIN_NOW="hôm nay")
    result = subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "publishconf.py"), "--fatal", "errors"],
                            cwd=ROOT, env=env, check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "BANTIN_NOW" in result.stdout + result.stderr
