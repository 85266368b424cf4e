"""The hostile content corpus end to end, as `make attack` runs it: real .docx/meta.yml/photos ingested,
the site built from everything accepted, every page opened in Chromium on 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.hostile.attack import AttackReport, run_attack
from tests.hostile.browser import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def attacked(tmp_path_factory) -> AttackReport:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("attack")
    if not CHROMIUM.exists():
        return run_attack(base)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            return run_attack(base, browser=chromium)
        finally:
            chromium.close()


def test_every_hostile_case_is_accepted_or_refused_as_expected_and_none_crashes(attacked: AttackReport) -> None:
    assert attacked.crashed == []
    assert attacked.unexpected == {}
    assert attacked.payloads >= 25


def test_the_site_built_from_every_accepted_case_has_nothing_live_in_any_page_or_feed(attacked) -> None:
    assert attacked.live == {}


def test_no_private_contact_data_reaches_the_site_or_the_public_front_matter(attacked) -> None:
    assert attacked.leaks == {}


def test_every_published_image_carries_nothing_but_pixels(attacked) -> None:
    assert attacked.images_scanned >= 5
    assert attacked.image_findings == {}


@pytest.mark.browser
def test_chromium_opens_no_dialog_sends_nothing_off_site_and_sees_no_csp_violation(attacked) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Chưa có Chromium (/usr/bin/chromium): chạy `make system-deps`.")
    assert len(attacked.pages) > 20
    assert attacked.dialogs == []
    assert [(p.path, p.outside_requests, p.csp_messages, p.errors) for p in attacked.dirty_pages] == []
