"""The HTML report: one self-contained file that opens offline in headless Chromium with its charts drawn."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from pipeline.report import ReportError, make_report, parse_month, render, write_report
from pipeline.report.charts import CHARTS
from tests.conftest import ROOT
from tests.test_report_repo import NOW, at, newsroom  # noqa: F401 - the fixture repository

OUTPUT = ROOT / "test-output" / "report"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def march(newsroom, config):  # noqa: F811
    return make_report(config, newsroom, period=parse_month("2026-03"), now=at(NOW))


@pytest.fixture(scope="module")
def html_file(march, tmp_path_factory) -> Path:
    (path,) = write_report(march, "html", tmp_path_factory.mktemp("html"))
    return path


def test_the_html_report_needs_nothing_from_outside_the_file(html_file):
    html = html_file.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and '<html lang="vi">' in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", html)
    assert "url(http" not in html
    assert html.count('<svg ') == 3 and html.count('class="chart"') == 3


def test_chart_labels_are_drawn_from_a_font_that_has_every_vietnamese_letter(march):
    for name, draw in CHARTS.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font"
            svg = draw(march)
        assert svg is not None, name
        assert 'role="img"' in svg and f'id="chart-{name}-title"' in svg
        # Glyph 0 is the "missing character" box.
        assert not re.search(r'id="chart-[a-z]+-DejaVuSans-0"', svg)
    assert "Tin, bài của các Ban LĐLĐ tỉnh — Tháng 3/2026" in CHARTS["quota"](march)  # its accessible title


def test_the_same_figures_give_the_same_html_file_in_another_process(html_file, newsroom, tmp_path):  # noqa: F811
    # Another interpreter, another hash seed: set order, matplotlib's SVG ids and clip-path names
    # must not depend on either, or every monthly report would differ from a re-run of itself.
    env = dict(os.environ, BANTIN_NOW=NOW, BANTIN_CONFIG=str(ROOT / "editorial.yml"), PYTHONHASHSEED="12345")
    result = subprocess.run([sys.executable, "-m", "pipeline", "--content", str(newsroom), "report",
                             "--month", "2026-03", "--format", "html", "--out", str(tmp_path)],
                            env=env, cwd=ROOT, check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    again = tmp_path / html_file.name
    assert again.read_text(encoding="utf-8") == html_file.read_text(encoding="utf-8")


def test_without_matplotlib_the_html_report_says_how_to_install_it_and_other_formats_still_work(
        march, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as after `make install` alone: import fails
    with pytest.raises(ReportError) as refused:
        render(march, "html")
    assert "make install-reports" in str(refused.value) and "--format markdown" in str(refused.value)
    assert render(march, "markdown").startswith("# Báo cáo Ban Biên tập — Tháng 3/2026")


def _chromium():  # type: ignore[no-untyped-def]
    # The [test] extra: never skipped for lack of it.
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"Không có Chromium ở {CHROMIUM} (cài bằng: sudo make system-deps)")
    return sync_playwright


@pytest.mark.browser
def test_the_html_report_opens_offline_in_chromium_and_its_charts_render(html_file):
    sync_playwright = _chromium()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shutil.copy(html_file, OUTPUT / html_file.name)
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else (outside.append(route.request.url), route.abort())[1])
            page.goto(html_file.as_uri())
            assert page.title() == "Báo cáo Ban Biên tập — Tháng 3/2026"
            assert page.locator("h1").inner_text() == "Báo cáo Ban Biên tập — Tháng 3/2026"
            assert page.locator("#han-muc-ban tbody tr").count() == 6
            assert page.locator("#han-muc-ban .status-under").count() == 2
            charts = page.locator("svg.chart")
            assert charts.count() == 3
            for i in range(3):
                chart = charts.nth(i)
                box = chart.bounding_box()
                assert box is not None and box["width"] > 300 and box["height"] > 150
                assert chart.locator("path").count() > 20  # bars, lines and glyphs were drawn
                chart.screenshot(path=str(OUTPUT / f"bieu-do-{i + 1}.png"))
            page.screenshot(path=str(OUTPUT / "bao-cao-2026-03.png"), full_page=True)
            # Narrow screens: the charts shrink with the page instead of overflowing.
            page.set_viewport_size({"width": 360, "height": 800})
            assert charts.first.bounding_box()["width"] <= 360
            page.screenshot(path=str(OUTPUT / "bao-cao-2026-03-360px.png"))
        finally:
            browser.close()
    assert outside == []
    assert (OUTPUT / "bieu-do-1.png").stat().st_size > 5_000
