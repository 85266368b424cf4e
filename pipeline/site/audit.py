"""`pipeline audit` (`make audit`): Lighthouse on one page of each main type of a built site, served on
127.0.0.1: the home page, the newest article, its topic's listing, the Q&A index and the search page
with results (whichever the site has).

Lighthouse comes from npm (installed by the Makefile under build/lighthouse), Chrome is Debian's
chromium (CHROME_PATH). Prints the four category scores per page; exit 1 when any is below --min,
except SEO on the search page, which is `noindex` on purpose (EXEMPT). axe-core and the Nu HTML
Checker run after it when the command is given them (pipeline/site/conformance.py).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

from pipeline.site.conformance import Finding, axe_violations, page_sample, vnu_errors

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
NAMES = {"performance": "Hiệu năng", "accessibility": "Trợ năng", "best-practices": "Thực hành tốt", "seo": "SEO"}
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, port: int) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def newest_article(site: Path) -> str | None:
    """Path of the newest article, from the site feed."""
    feed = site / "feeds" / "all.atom.xml"
    if not feed.is_file():
        return None
    entry = ET.parse(feed).getroot().find("{http://www.w3.org/2005/Atom}entry")
    link = entry.find("{http://www.w3.org/2005/Atom}link") if entry is not None else None
    href = link.get("href") if link is not None else None
    return urlparse(href).path if href else None


def run_lighthouse(lighthouse: str, chrome: str, url: str, report: Path) -> dict[str, int]:
    env = dict(os.environ, CHROME_PATH=chrome)
    command = [lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    subprocess.run(command, env=env, check=True, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    return {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}


SEARCH_QUERY = "công đoàn"
# (page name, category) pairs not held to --min: the search page asks search engines not to index it.
EXEMPT = {("Tìm kiếm", "seo")}


def audited_pages(site: Path, article: str) -> list[tuple[str, str, str]]:
    """(name, report slug, URL path) of each page type the site has."""
    topic = article.strip("/").split("/", 1)[0]
    pages = [("Trang chủ", "trang-chu", "/", "index.html"),
             ("Bài viết", "bai-viet", article, article.lstrip("/")),
             ("Lĩnh vực", "linh-vuc", f"/{topic}/", f"{topic}/index.html"),
             ("Hỏi đáp", "hoi-dap", "/hoi-dap-phap-luat.html", "hoi-dap-phap-luat.html"),
             ("Tìm kiếm", "tim-kiem", f"/tim-kiem/?q={quote(SEARCH_QUERY)}", "tim-kiem/index.html")]
    return [(name, slug, path) for name, slug, path, file in pages if (site / file).is_file()]


def page_name(label: str) -> str:
    """'Tìm kiếm (/tim-kiem/?q=…)' → 'Tìm kiếm'."""
    return label.split(" (", 1)[0]


class AuditError(Exception):
    """The audit cannot run; the message is Vietnamese and says what to do."""


def audit(site: Path, port: int, lighthouse: str, chrome: str, out: Path) -> dict[str, dict[str, int]]:
    """Scores per page ("Trang chủ (/)", "Bài viết (/…html)", …); full reports go to `out`."""
    article = newest_article(site)
    if not (site / "index.html").is_file() or article is None:
        raise AuditError(f"Không thấy trang đã dựng (index.html, feeds/all.atom.xml) trong '{site}'.")
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, int]] = {}
    with serve(site, port) as base:
        for name, slug, path in audited_pages(site, article):
            try:
                results[f"{name} ({path})"] = run_lighthouse(lighthouse, chrome, base + path,
                                                             out / f"lighthouse-{slug}.json")
            except FileNotFoundError:
                raise AuditError(f"Không chạy được Lighthouse '{lighthouse}': hãy chạy 'make audit' để cài.") from None
            except subprocess.CalledProcessError as exc:
                raise AuditError(f"Lighthouse dừng với mã {exc.returncode} khi chấm {path}.") from None
            except subprocess.TimeoutExpired:
                raise AuditError(f"Lighthouse chấm {path} quá 300 giây, đã dừng.") from None
    return results


def conformance(site: Path, port: int, axe: Path | None, vnu: Path | None,
                chrome: str) -> dict[str, dict[str, list[Finding]]]:
    """axe-core violations and Nu HTML Checker errors on one page of each type:
    {"axe": {page: findings}, "vnu": {page: findings}} for the checkers given."""
    pages = page_sample(site, newest_article(site))
    found: dict[str, dict[str, list[Finding]]] = {}
    if axe is not None:
        with serve(site, port) as base:
            urls = {name: f"{base}/{path}" for name, path in pages.items()}
            if "Tìm kiếm" in urls:  # with results on screen
                urls["Tìm kiếm"] = f"{base}/tim-kiem/?q={quote(SEARCH_QUERY)}"
            found["axe"] = axe_violations(urls, axe, Path(chrome))
    if vnu is not None:
        errors = vnu_errors([site / path for path in pages.values()], vnu)
        found["vnu"] = {name: errors.get(site / path, []) for name, path in pages.items()}
    return found
