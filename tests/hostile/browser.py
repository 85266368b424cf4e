"""Drive headless Chromium over every page of a built site and record what a hostile page would do.

For each page: dialogs opened (alert/confirm/prompt — the classic XSS proof), requests that leave
127.0.0.1, console messages about the Content-Security-Policy, `securitypolicyviolation` events and
uncaught page errors. Used by the browser tests and by `make attack`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = Path("/usr/bin/chromium")
# Root in CI: no sandbox; no network chatter of Chromium's own (updates, sync, QUIC probes).
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-domain-reliability", "--disable-client-side-phishing-detection"]
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


@dataclass
class PageReport:
    path: str
    dialogs: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    csp_messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.dialogs or self.outside_requests or self.csp_messages or self.errors)


def site_pages(output: Path) -> list[str]:
    """Every HTML page of a built site, as a path below its root ('' for the home page)."""
    pages = []
    for path in sorted(output.rglob("*.html")):
        rel = path.relative_to(output).as_posix()
        if rel.startswith("search-index/"):
            continue
        pages.append(rel.removesuffix("index.html"))
    return pages


def _local(url: str, base_url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    parsed = urlparse(url)
    return parsed.hostname == "127.0.0.1" and url.startswith(base_url)


def visit_all(browser, base_url: str, paths: list[str], settle_ms: int = 150) -> Iterator[PageReport]:  # type: ignore[no-untyped-def]
    """One fresh context for the whole run; each page is loaded, hovered and clicked nowhere else."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.add_init_script(_RECORD_VIOLATIONS)
    outside: list[str] = []

    def route(route, request) -> None:  # type: ignore[no-untyped-def]
        if _local(request.url, base_url):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()  # never let a hostile page reach the network, even in a test

    context.route("**/*", route)
    page = context.new_page()
    report = PageReport("")
    page.on("dialog", lambda d: (report.dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    page.on("console", lambda m: report.csp_messages.append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
    page.on("pageerror", lambda e: report.errors.append(str(e)))
    try:
        for path in paths:
            report = PageReport(path)
            outside.clear()
            page.goto(f"{base_url}/{path}", wait_until="load")
            _touch(page)
            page.wait_for_timeout(settle_ms)
            violations = page.evaluate("() => window.__cspViolations || []")
            report.csp_messages += [f"securitypolicyviolation: {v}" for v in violations]
            report.outside_requests = list(outside)
            yield report
    finally:
        context.close()


def _touch(page) -> None:  # type: ignore[no-untyped-def]
    """Hover and focus what a reader would, so onmouseover/onfocus handlers get their chance to fire."""
    page.evaluate("""() => {
      for (const el of document.querySelectorAll('main *')) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'animationstart']) {
          if (el.tagName === 'A' && type === 'click') continue;  // no navigation away
          el.dispatchEvent(new Event(type, {bubbles: true}));
        }
      }
    }""")
