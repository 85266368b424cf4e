"""The demo site under its Content-Security-Policy in Chromium: every page, and a search, load with
no CSP violation, no dialog and no request off 127.0.0.1."""

from __future__ import annotations

import pytest
from markupsafe import escape

from pipeline.site.csp import HEADER_POLICY, META_POLICY
from tests.browser.demo_site import DemoSite, demo_site_once, serve
from tests.hostile.browser import site_pages, visit_all
from tests.sitebuild import ROOT

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def site(tmp_path_factory) -> DemoSite:  # type: ignore[no-untyped-def]
    return demo_site_once(tmp_path_factory)


def test_every_demo_page_and_a_search_run_under_the_csp_without_a_violation(browser, site) -> None:
    paths = site_pages(site.dev)
    assert len(paths) > 20
    with serve(site.dev) as base_url:
        reports = list(visit_all(browser, base_url, [*paths, "tim-kiem/?q=hoc+bong"], settle_ms=50))
    search = reports[-1]
    assert search.errors == [] and search.csp_messages == []
    assert [r for r in reports if not r.clean] == []


def test_every_page_carries_the_policy_in_a_meta_tag(site) -> None:
    tag = f'<meta http-equiv="Content-Security-Policy" content="{escape(META_POLICY)}">'
    missing = [p for p in site.dev.rglob("*.html") if "search-index" not in p.parts and tag not in p.read_text("utf-8")]
    assert missing == []


def test_an_inline_script_slipped_into_a_built_page_is_blocked_and_reported(browser, site, tmp_path) -> None:
    page = (site.dev / "gioi-thieu.html").read_text(encoding="utf-8")
    probe = page.replace("</main>", '<script>alert("inline")</script><img src="x" onerror="alert(2)"></main>')
    (tmp_path / "probe.html").write_text(probe, encoding="utf-8")
    with serve(tmp_path) as base_url:
        (report,) = visit_all(browser, base_url, ["probe.html"])
    assert report.dialogs == []
    assert any("script-src" in m for m in report.csp_messages), report.csp_messages


def test_docs_give_the_same_policy_as_the_server_header() -> None:
    docs = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    assert f"Content-Security-Policy: {HEADER_POLICY}" in docs
