"""`pipeline audit` (`make audit`): Lighthouse on a built site's home page and newest article, served on 127.0.0.1.

Lighthouse comes from npm (installed by the Makefile under build/lighthouse), Chrome is Debian's
chromium (CHROME_PATH). Prints the four category scores per page; exit 1 when any is below --min.
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
from urllib.parse import urlparse

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


class AuditError(Exception):
    """The audit cannot run; the message is Vietnamese and says what to do."""


def audit(site: Path, port: int, lighthouse: str, chrome: str, out: Path) -> dict[str, dict[str, int]]:
    """Scores per page ("Trang chủ (/)", "Bài viết (/…html)"); full reports go to `out`."""
    article = newest_article(site)
    if not (site / "index.html").is_file() or article is None:
        raise AuditError(f"Không thấy trang đã dựng (index.html, feeds/all.atom.xml) trong '{site}'.")
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, int]] = {}
    with serve(site, port) as base:
        for name, path in (("Trang chủ", "/"), ("Bài viết", article)):
            slug = "trang-chu" if path == "/" else "bai-viet"
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
