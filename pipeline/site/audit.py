"""`make audit`: Lighthouse on a built site's home page and newest article, served on 127.0.0.1.

Lighthouse comes from npm (installed by the Makefile under build/lighthouse), Chrome is Debian's
chromium (CHROME_PATH). Prints the four category scores per page; exit 1 when any is below --min.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import subprocess
import sys
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chấm điểm Lighthouse trang chủ và một bài viết.")
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--lighthouse", required=True)
    parser.add_argument("--chrome", default="/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=Path("build/audit"))
    parser.add_argument("--min", type=int, default=95)
    args = parser.parse_args(argv)

    article = newest_article(args.site)
    if not (args.site / "index.html").is_file() or article is None:
        print(f"Không thấy trang đã dựng (index.html, feeds/all.atom.xml) trong '{args.site}'.", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, int]] = {}
    with serve(args.site, args.port) as base:
        for name, path in (("Trang chủ", "/"), ("Bài viết", article)):
            slug = "trang-chu" if path == "/" else "bai-viet"
            results[f"{name} ({path})"] = run_lighthouse(args.lighthouse, args.chrome, base + path,
                                                         args.out / f"lighthouse-{slug}.json")
    width = max(len(k) for k in results)
    print(f"{'Trang':<{width}}  " + "  ".join(f"{NAMES[c]:>13}" for c in CATEGORIES))
    for page, scores in results.items():
        print(f"{page:<{width}}  " + "  ".join(f"{scores[c]:>13}" for c in CATEGORIES))
    low = [(p, c, s) for p, scores in results.items() for c, s in scores.items() if s < args.min]
    for page, category, score in low:
        print(f"Chưa đạt: {page} — {NAMES[category]} {score} < {args.min}", file=sys.stderr)
    print(f"Báo cáo đầy đủ: {args.out}/lighthouse-*.json")
    return 1 if low else 0


if __name__ == "__main__":
    raise SystemExit(main())
