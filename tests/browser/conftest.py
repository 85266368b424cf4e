"""The headless Chromium the browser tests drive: one per test module.

Module scope, not session: other tests (make attack's) start Playwright themselves, and the sync API
cannot run twice at once in one thread.
"""

from __future__ import annotations

import pytest

from tests.hostile.browser import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.skip("Chưa có Chromium (/usr/bin/chromium): chạy `make system-deps`.")
    # The [test] extra: never skipped for lack of it.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
