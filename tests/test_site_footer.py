"""The footer's legal block (who publishes the site, where, who is responsible) from editorial.yml."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipeline.core.config import load_config
from tests.sitebuild import ROOT, build_site

FILLED = {
    "address": "Số 5 đường Nguyễn Du, phường An Hội, tỉnh Bến Tre",
    "phone": "0275 3822 123",
    "responsible": "Nguyễn Văn An, Phó Chủ tịch Liên đoàn Lao động tỉnh",
    "licence": "Giấy phép số 01/GP-TTĐT ngày 02/01/2026 của Sở Văn hóa, Thể thao và Du lịch",
}


def with_site_values(values: dict[str, str], target: Path) -> Path:
    text = (ROOT / "editorial.yml").read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^  {key}: ''", f"  {key}: '{value}'", text, count=1, flags=re.MULTILINE)
        assert count == 1, key
    target.write_text(text, encoding="utf-8")
    return target


def build(base: Path, config: Path) -> Path:
    content = base / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    output = base / "output"
    build_site(content, output, extra_env={"BANTIN_CONFIG": str(config)})
    return output


@pytest.fixture(scope="module")
def filled_site(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("footer-filled")
    return build(base, with_site_values(FILLED, base / "editorial.yml"))


@pytest.fixture(scope="module")
def bare_site(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("footer-bare")
    return build(base, with_site_values({}, base / "editorial.yml"))


def legal_lines(output: Path, page: str = "index.html") -> list[str]:
    soup = BeautifulSoup((output / page).read_text(encoding="utf-8"), "html.parser")
    block = soup.select_one("footer .legal")
    return [" ".join(p.get_text(" ", strip=True).split()) for p in block.select("p")]


def test_the_footer_shows_every_legal_line_editorial_yml_fills(filled_site):
    for page in ("index.html", "gioi-thieu.html"):
        assert legal_lines(filled_site, page) == [
            "Cơ quan chủ quản: Liên đoàn Lao động tỉnh Bến Tre",
            "Chịu trách nhiệm chính: Nguyễn Văn An, Phó Chủ tịch Liên đoàn Lao động tỉnh",
            "Địa chỉ: Số 5 đường Nguyễn Du, phường An Hội, tỉnh Bến Tre",
            "Điện thoại: 0275 3822 123",
            "Thư điện tử: ldld@bentre.gov.vn",
            FILLED["licence"],
            ("Ghi rõ nguồn “Trang thông tin điện tử Liên đoàn Lao động tỉnh Bến Tre” khi phát hành "
             "lại thông tin từ trang này."),
        ]


def test_the_phone_number_is_a_tel_link_without_spaces(filled_site):
    soup = BeautifulSoup((filled_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("footer address a[href^='tel:']")["href"] == "tel:02753822123"


def test_empty_values_hide_their_lines(bare_site):
    lines = legal_lines(bare_site)
    assert lines[0] == "Cơ quan chủ quản: Liên đoàn Lao động tỉnh Bến Tre"
    assert lines[1] == "Thư điện tử: ldld@bentre.gov.vn"
    assert not any(line.startswith(("Chịu trách nhiệm", "Địa chỉ", "Điện thoại")) for line in lines)


def test_a_phone_number_with_letters_is_refused_in_vietnamese(tmp_path):
    config = with_site_values({"phone": "gọi văn phòng"}, tmp_path / "editorial.yml")
    with pytest.raises(Exception) as raised:
        load_config(config)
    assert "site.phone" in str(raised.value) and "số điện thoại" in str(raised.value)


def print_rules() -> str:
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    return css[css.index("@media print"):]


def test_paper_keeps_the_site_name_and_the_legal_block_but_not_the_menus():
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none !important;", print_rules()).group(1)
    selectors = {part.strip() for part in hidden.split(",")}
    assert {".site-nav", ".search-box", ".site-footer nav"} <= selectors
    assert not {".site-header", ".site-footer", ".brand", ".legal"} & selectors
