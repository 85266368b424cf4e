"""axe-core (in Debian's Chromium) and the Nu HTML Checker on one page of each type of the demo site and
of the generated front-page site: no accessibility violation, no HTML error.

The tools are npm packages that `make audit-tools` installs under build/ (CI runs it after
`make system-deps`, which installs Java); the same checks run in `make audit` with Lighthouse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.site.audit import newest_article
from pipeline.site.conformance import axe_violations, page_sample, vnu_errors
from pipeline.site.search import build_search_index
from tests.browser.demo_site import DemoSite, demo_site_once, serve
from tests.frontsite import FrontSite, build_front_site
from tests.hostile.browser import CHROMIUM
from tests.sitebuild import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "build" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGE_TYPES = {"Trang chủ", "Bài viết", "Lĩnh vực", "Từ khóa", "Đơn vị", "Lưu trữ tháng", "Hỏi đáp", "Câu hỏi",
              "Trang tĩnh", "Tìm kiếm", "Trang lỗi 404"}


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    missing = [str(p.relative_to(ROOT)) for p in (AXE, VNU) if not p.is_file()]
    if missing or not CHROMIUM.exists():
        pytest.skip(f"Thiếu {', '.join(missing) or 'Chromium'}: chạy `make system-deps` rồi `make audit-tools`.")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> DemoSite:  # type: ignore[no-untyped-def]
    return demo_site_once(tmp_path_factory)


@pytest.fixture(scope="module")
def front(tmp_path_factory) -> FrontSite:  # type: ignore[no-untyped-def]
    built = build_front_site(tmp_path_factory.mktemp("front-conformance"))
    assert build_search_index(built.output).ok
    return built


def urls(site: Path, base: str) -> dict[str, str]:
    pages = {name: f"{base}/{path}" for name, path in page_sample(site, newest_article(site)).items()}
    pages["Tìm kiếm"] = f"{base}/tim-kiem/?q=c%C3%B4ng%20%C4%91o%C3%A0n"  # with results on screen
    return pages


def test_the_checkers_find_a_missing_alt_text_and_a_stray_end_tag(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="vi"><head><title>Sai</title></head><body><main>'
                   '<img src="a.png"></main></p></body></html>', encoding="utf-8")
    with serve(tmp_path) as base:
        found = axe_violations({"sai": f"{base}/bad.html"}, AXE, CHROMIUM)
    assert "image-alt" in {f.rule for f in found["sai"]}
    errors = vnu_errors([bad], VNU)[bad]
    assert any("end tag" in f.message.lower() for f in errors), errors


def test_every_page_type_of_the_demo_and_the_front_page_site_has_no_axe_violation(demo, front):
    for site in (demo.dev, front.output):
        with serve(site) as base:
            pages = urls(site, base)
            found = axe_violations(pages, AXE, CHROMIUM)
            phone = axe_violations({k: v for k, v in pages.items() if k in ("Trang chủ", "Bài viết")},
                                   AXE, CHROMIUM, width=360)
        assert PAGE_TYPES <= set(found) or site == demo.dev  # the demo has no tag archive of each kind
        assert {name: f for name, f in {**found, **{k + " (360 px)": v for k, v in phone.items()}}.items() if f} == {}


@pytest.mark.parametrize("build", ["dev", "public"])
def test_every_page_type_of_the_demo_has_no_html_error(demo, front, build):
    site = getattr(demo, build)
    files = [site / path for path in page_sample(site, newest_article(site)).values()]
    files += [front.output / path for path in page_sample(front.output, newest_article(front.output)).values()]
    assert len(files) >= 18
    errors = {str(f): e for f, e in vnu_errors(files, VNU).items() if e}
    assert errors == {}
