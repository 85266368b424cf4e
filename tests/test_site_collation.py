"""Vietnamese alphabetical order: the sort key itself, and the built site's tag and unit lists."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipeline.site.collation import vn_sorted
from tests.sitebuild import ROOT, build_site


def test_d_with_stroke_comes_after_d_and_before_g():
    shuffled = ["văn phòng", "giáo dục", "đại hội", "dân vận"]
    assert vn_sorted(shuffled) == ["dân vận", "đại hội", "giáo dục", "văn phòng"]


def test_letters_with_marks_follow_their_base_letter_in_alphabet_order():
    words = ["ư", "ơ", "ô", "o", "ê", "e", "đ", "d", "â", "ă", "a", "u", "y"]
    assert vn_sorted(words) == ["a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư", "y"]


def test_tones_are_ordered_ngang_huyen_hoi_nga_sac_nang_within_the_same_letters():
    assert vn_sorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_letters_decide_before_tones_and_syllable_by_syllable():
    assert vn_sorted(["mác", "mạ"]) == ["mạ", "mác"]
    assert vn_sorted(["mà ba", "ma ca"]) == ["ma ca", "mà ba"]
    assert vn_sorted(["an toàn", "an"]) == ["an", "an toàn"]


def test_case_does_not_change_the_order_and_composed_or_decomposed_text_sort_alike():
    decomposed = "đa\u0323i ho\u0302\u0323i"  # 'đại hội' typed with combining marks
    assert vn_sorted(["Giáo dục", decomposed, "Dân vận", "ĐOÀN VIÊN"]) == [
        "Dân vận", decomposed, "ĐOÀN VIÊN", "Giáo dục"]


def test_digits_come_before_letters():
    assert vn_sorted(["an", "2025"]) == ["2025", "an"]


TAGS = ["văn phòng", "giáo dục", "đại hội", "dân vận"]


@pytest.fixture(scope="module")
def tagged_site(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("collation-site")
    content = base / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    folder = content / "tuyen-giao-nu-cong" / "2026"
    folder.mkdir(parents=True)
    units = ["ldld-ba-tri", "cd-giao-duc", "ldld-cho-lach", "ldld-mo-cay-nam"]
    for number, tag in enumerate(TAGS, start=1):
        (folder / f"tin-{number}.md").write_text(
            f"---\ntitle: Tin số {number}\nslug: tin-{number}\ndate: 2026-03-{number:02d}T08:00+07:00\n"
            f"kind: news\nunit: {units[number - 1]}\ntopic: tuyen-giao-nu-cong\neditor: pham-hoa\n"
            f"tags: [{tag}]\nsummary: Tóm tắt tin số {number}.\n---\n\nNội dung tin số {number}.\n",
            encoding="utf-8")
    output = base / "output"
    build_site(content, output)
    return output


def test_the_tag_index_lists_tags_in_vietnamese_order(tagged_site):
    soup = BeautifulSoup((tagged_site / "the" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text(strip=True) for a in soup.select(".tag-cloud a")] == [
        "dân vận", "đại hội", "giáo dục", "văn phòng"]


def test_the_unit_index_lists_each_group_in_vietnamese_order(tagged_site):
    soup = BeautifulSoup((tagged_site / "don-vi" / "index.html").read_text(encoding="utf-8"), "html.parser")
    groups = soup.select("section[aria-labelledby^=units-]")
    assert groups
    for group in groups:
        names = [li.a.get_text(strip=True) if li.a else li.span.get_text(strip=True)
                 for li in group.select(".unit-list li")]
        assert names == vn_sorted(names)
        assert len(names) > 1
