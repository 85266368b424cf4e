"""What a reader downloads for one search on a big site (run by `make bench`; target ≤ 100 KB).

Builds the synthetic corpus (bench/synth.py, BENCH_SEARCH_SIZE articles, default 10,000; the same
files as bench_site.py) with publishconf.py and its search index, serves it on 127.0.0.1 the way a
production web server does (gzip for HTML, CSS, JS and JSON; the index's own files are compressed
already), and opens the search page with each query in a fresh Chromium context (empty cache).
Every byte the page transfers until the result count is shown is summed twice: by the server (bodies
as sent, the ground truth) and from Playwright's network events (headers + encoded body).

Writes build/bench/search.json; `--docs` puts the table into docs/benchmarks.md between its markers.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_site import WORK, corpus
from pipeline.site.search import BUNDLE_DIR

SIZE = int(os.environ.get("BENCH_SEARCH_SIZE", "10000"))
PORT = int(os.environ.get("BENCH_SEARCH_PORT", "8791"))
BUDGET_KB = 100
QUERIES = ("cong doan", "Bến Tre", "dai hoi", "ba tri", "học bổng", "tro cap thoi viec", "Tết Sum vầy")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml")
MARKERS = ("<!-- bench-search:start -->", "<!-- bench-search:end -->")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed when the browser asks (as nginx `gzip on` does).

    `sent` collects (path, body bytes) of every response, for the server-side total.
    """

    sent: ClassVar[list[tuple[str, int]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "") and path.is_file():
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.sent.append((self.path, len(body)))
            return _Body(body)
        if path.is_file():
            self.sent.append((self.path, path.stat().st_size))
        return super().send_head()


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path, port: int) -> Iterator[str]:
    handler = functools.partial(_GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def build(n: int, port: int) -> Path:
    """The public build of the n-article corpus with its search index (reused when present)."""
    content = corpus(n)
    site = WORK / f"search-site-{n}"
    if not (site / BUNDLE_DIR / "meta.json").is_file():
        env = dict(os.environ, BANTIN_CONTENT=str(content), BANTIN_OUTPUT=str(site),
                   BANTIN_CACHE=str(WORK / f"search-cache-{n}"), BANTIN_NOW="2026-11-01T08:00",
                   SITEURL=f"http://127.0.0.1:{port}", PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "publishconf.py"), "--fatal", "errors"],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "pipeline", "search-index", str(site)], cwd=ROOT, env=env, check=True)
    return site


def _record(into: list, request: object) -> None:
    into.append(request)


def measure(base_url: str, queries: tuple[str, ...]) -> list[dict]:
    from playwright.sync_api import expect, sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        for query in queries:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            finished: list = []
            page.on("requestfinished", functools.partial(_record, finished))
            _GzipHandler.sent.clear()
            page.goto(f"{base_url}/tim-kiem/?q={quote(query)}")
            expect(page.locator("#search-status")).to_have_text(re.compile("^(Tìm thấy|Không)"), timeout=60_000)
            page.wait_for_load_state("networkidle")
            total, index = 0, 0
            for request in finished:
                sizes = request.sizes()
                size = sizes["responseHeadersSize"] + sizes["responseBodySize"]
                total += size
                index += size if f"/{BUNDLE_DIR}/" in request.url else 0
            served = sum(size for _, size in _GzipHandler.sent)
            served_index = sum(size for path, size in _GzipHandler.sent if path.startswith(f"/{BUNDLE_DIR}/"))
            rows.append({"query": query, "requests": len(_GzipHandler.sent), "kb": round(served / 1024, 1),
                         "index_kb": round(served_index / 1024, 1), "playwright_kb": round(total / 1024, 1),
                         "playwright_index_kb": round(index / 1024, 1),
                         "status": page.locator("#search-status").inner_text()})
            context.close()
        browser.close()
    return rows


def markdown(n: int, rows: list[dict]) -> str:
    intro = (f"First search on the search page of a {n:,}-article public build, fresh cache, gzip as in "
             f"production (target ≤ {BUDGET_KB} KB):")
    lines = [intro, "",
             "| query | requests | transferred (bodies, server) | of which the index | Playwright's events | result |",
             "|---|---:|---:|---:|---:|---|"]
    for row in rows:
        lines.append(f"| {row['query']} | {row['requests']} | {row['kb']} KB | {row['index_kb']} KB "
                     f"| {row['playwright_kb']} KB | {row['status']} |")
    return "\n".join(lines) + "\n"


def write_docs(table: str) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8")
    start, end = MARKERS
    block = f"{start}\n{table}{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.DOTALL)
    else:
        text = text.rstrip("\n") + "\n\n## Search: bytes for the first query\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args(argv)
    site = build(SIZE, PORT)
    with serve(site, PORT) as base_url:
        rows = measure(base_url, QUERIES)
    table = markdown(SIZE, rows)
    print(table)
    (WORK / "search.json").write_text(json.dumps({"size": SIZE, "rows": rows}, ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    if args.docs:
        write_docs(table)
    over = [r for r in rows if r["kb"] > BUDGET_KB]
    if over:
        print(f"KHÔNG ĐẠT (≤ {BUDGET_KB} KB): " + ", ".join(f"{r['query']} ({r['kb']} KB)" for r in over))
    # BENCH_STRICT=1 makes an overrun fail the run; by default the other benches still run.
    return 1 if over and os.environ.get("BENCH_STRICT") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
