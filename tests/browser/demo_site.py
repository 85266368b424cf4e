"""The demo site, built once per test session, and a local web server for it.

Does what `make demo` does, in a temporary folder: the repository's static pages, the bundled sample
submissions (demo/make_samples.py), ingest with a fixed clock, a Pelican build and the search index.
Two builds of the same content: the development build (relative URLs, what `make html` gives; served
on 127.0.0.1 for the browser) and the public build (publishconf.py: absolute URLs, minified HTML).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from demo.make_samples import write_demo_config
from pipeline.core.config import load_config
from pipeline.core.dates import TZ
from pipeline.intake.ingest import Workspace, ingest_all
from pipeline.site.search import build_search_index
from tests.sitebuild import ROOT, build_site

DEMO_NOW = datetime(2026, 3, 20, 8, 0, tzinfo=TZ)  # the Makefile's DEMO_NOW
PUBLIC_URL = "https://congdoan.bentre.gov.vn"
# The outside collaborator in demo/make_samples.py: contact data that must never be published.
PRIVATE_CONTACT = ("chau.le@example.vn", "0912 345 678", "0912345678", "12 Hùng Vương")


@dataclass(frozen=True)
class DemoSite:
    content: Path
    dev: Path  # relative URLs, served by the browser tests
    public: Path  # publishconf.py with the default SITEURL

    def articles(self) -> list[Path]:
        """Source files of the demo's articles."""
        return sorted(p for p in self.content.rglob("*.md") if "pages" not in p.parts)


_BUILT: dict[str, DemoSite] = {}


def build_demo(base: Path) -> DemoSite:
    content, inbox = base / "content", base / "submissions"
    config = write_demo_config(ROOT / "editorial.yml", base / "editorial.yml")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    inbox.mkdir(parents=True)
    subprocess.run([sys.executable, str(ROOT / "demo" / "make_samples.py"), str(inbox)], check=True,
                   capture_output=True, timeout=120)
    outcomes = ingest_all(Workspace(content, inbox, load_config(config)), DEMO_NOW)
    assert outcomes and all(o.status == "published" for o in outcomes), [o.status for o in outcomes]
    dev, public = base / "output", base / "public"
    for output, settings in ((dev, "pelicanconf.py"), (public, "publishconf.py")):
        build_site(content, output, settings=settings, extra_env={"SITEURL": PUBLIC_URL, "BANTIN_NOW": DEMO_NOW.isoformat(),
                                                                 "BANTIN_CONFIG": str(config)})
        index = build_search_index(output)
        assert index.ok, index.message
    return DemoSite(content, dev, public)


def demo_site_once(tmp_path_factory) -> DemoSite:  # type: ignore[no-untyped-def]
    """The session's demo site: every test module's fixture gets the same build."""
    if "demo" not in _BUILT:
        _BUILT["demo"] = build_demo(tmp_path_factory.mktemp("demo-site"))
    return _BUILT["demo"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 on a free port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
