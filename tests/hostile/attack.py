"""`make attack`: ingest the hostile content corpus, build the site, and attack it in headless Chromium.

Steps: write every case of tests/hostile/corpus.py into a fresh inbox; `pipeline ingest` them against the
repository's editorial.yml; build the site as `make html` does (plus the search index); then
- scan every built page and feed for live markup (tests/hostile/live.py),
- scan every published image for metadata and trailing bytes (tests/hostile/images.py),
- search every built file and every article for the private contact data the cases hide,
- serve the site on 127.0.0.1 and open every page in Chromium: no dialog, no request off 127.0.0.1,
  no CSP message, no page error.

`python -m tests.hostile.attack [--small] [--keep DIR]` prints the figures and exits 1 on any failure.
`tests/test_attack.py` runs the small set in `make test`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.core.config import load_config
from pipeline.core.dates import TZ
from pipeline.intake.ingest import Workspace, ingest_all
from pipeline.site.search import build_search_index
from tests.browser.demo_site import serve
from tests.hostile.browser import ARGS, CHROMIUM, PageReport, site_pages, visit_all
from tests.hostile.corpus import PRIVATE, Case, write_corpus
from tests.hostile.images import scan_images
from tests.hostile.live import live_in_site
from tests.sitebuild import ROOT, build_site

NOW = datetime(2026, 3, 20, 8, 0, tzinfo=TZ)


@dataclass
class AttackReport:
    cases: list[Case] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)  # case → published | refused | duplicate
    crashed: list[str] = field(default_factory=list)
    live: dict[str, list[str]] = field(default_factory=dict)  # built file → live constructs
    leaks: dict[str, list[str]] = field(default_factory=dict)  # file → private strings found
    images_scanned: int = 0
    image_findings: dict[str, list[str]] = field(default_factory=dict)
    pages: list[PageReport] = field(default_factory=list)

    @property
    def payloads(self) -> int:
        return sum(c.payloads for c in self.cases)

    @property
    def unexpected(self) -> dict[str, str]:
        return {c.name: self.statuses.get(c.name, "missing") for c in self.cases
                if self.statuses.get(c.name) != c.expect}

    @property
    def dialogs(self) -> list[str]:
        return [f"{p.path}: {d}" for p in self.pages for d in p.dialogs]

    @property
    def dirty_pages(self) -> list[PageReport]:
        return [p for p in self.pages if not p.clean]

    @property
    def ok(self) -> bool:
        return not (self.crashed or self.live or self.leaks or self.image_findings or self.dirty_pages
                    or self.unexpected)

    def lines(self) -> list[str]:
        accepted = sum(1 for s in self.statuses.values() if s == "published")
        out = [
            f"Tình huống tấn công: {len(self.cases)} bài gửi, {self.payloads} đoạn mã chèn vào.",
            f"Nhận {accepted}, từ chối {len(self.statuses) - accepted}, lỗi chương trình {len(self.crashed)}.",
            f"Mã chạy được trong tệp đã dựng: {sum(len(v) for v in self.live.values())}.",
            f"Hộp thoại mở trong Chromium (XSS chạy thật): {len(self.dialogs)} trên {len(self.pages)} trang.",
            f"Trang có yêu cầu ra ngoài 127.0.0.1, vi phạm CSP hay lỗi trang: {len(self.dirty_pages)}.",
            f"Dữ liệu riêng tư bị lộ: {sum(len(v) for v in self.leaks.values())}.",
            f"Ảnh đã quét: {self.images_scanned}; ảnh còn siêu dữ liệu hay byte thừa: {len(self.image_findings)}.",
        ]
        details = [*self.crashed, *self.dialogs,
                   *(f"{k}: {v}" for k, v in self.unexpected.items()),
                   *(f"{k}: {v}" for k, v in self.live.items()),
                   *(f"{k}: {v}" for k, v in self.leaks.items()),
                   *(f"{k}: {v}" for k, v in self.image_findings.items()),
                   *(f"{p.path}: {p.outside_requests} {p.csp_messages} {p.errors}" for p in self.dirty_pages)]
        return out + [f"  - {d}" for d in details]


def _leaks(*roots: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for root in roots:
        for path in root.rglob("*"):
            if not path.is_file() or path.suffix in (".pf_fragment", ".pf_index", ".pf_meta", ".wasm"):
                continue
            data = path.read_bytes()
            hits = [p for p in PRIVATE if p.encode() in data]
            if hits:
                found[str(path)] = hits
    return found


def _public_article_text(content: Path) -> Path:
    """A copy of the articles without the editors-only blocks (they never reach the site)."""
    import frontmatter

    from pipeline.site import PRIVATE_KEYS

    public = content.parent / "public-front-matter"
    shutil.rmtree(public, ignore_errors=True)
    for path in content.rglob("*.md"):
        post = frontmatter.load(path)
        for key in PRIVATE_KEYS:
            post.metadata.pop(key, None)
        target = public / path.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(frontmatter.dumps(post), encoding="utf-8")
    return public


def run_attack(base: Path, small: bool = False, browser: object | None = None) -> AttackReport:
    """Everything but the browser part when `browser` is None (a Playwright Browser otherwise)."""
    report = AttackReport()
    content, inbox, output = base / "content", base / "submissions", base / "output"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    inbox.mkdir(parents=True)
    config_path = base / "editorial.yml"
    shutil.copy(ROOT / "editorial.yml", config_path)
    report.cases = write_corpus(inbox, small=small)
    names = {c.name for c in report.cases}
    try:
        outcomes = ingest_all(Workspace(content, inbox, load_config(config_path)), NOW)
    except Exception:  # noqa: BLE001 - a traceback is a finding, reported with the others
        report.crashed.append(traceback.format_exc(limit=3))
        outcomes = []
    for outcome in outcomes:
        name = outcome.submission if outcome.submission in names else Path(outcome.submission).name
        report.statuses[name] = outcome.status

    build_site(content, output, extra_env={"BANTIN_NOW": NOW.isoformat(), "BANTIN_CONFIG": str(config_path)})
    index = build_search_index(output)
    assert index.ok, index.message
    report.live = live_in_site(output)
    report.leaks = _leaks(output, _public_article_text(content))
    images = [p for p in output.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".gif", ".webp")
              and "theme" not in p.parts]
    report.images_scanned = len(images)
    report.image_findings = scan_images(output / "images") if (output / "images").is_dir() else {}

    if browser is not None:
        with serve(output) as base_url:
            report.pages = list(visit_all(browser, base_url, [*site_pages(output), "tim-kiem/?q=script"]))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tấn công thử trang bằng bộ bài gửi độc hại.")
    parser.add_argument("--small", action="store_true", help="chỉ bộ nhỏ (như trong make test)")
    parser.add_argument("--keep", type=Path, help="giữ thư mục làm việc ở đây để xem lại")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    base = args.keep or Path(tempfile.mkdtemp(prefix="bantin-attack-"))
    if args.keep:
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                report = run_attack(base, small=args.small, browser=chromium)
            finally:
                chromium.close()
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print("\n".join(report.lines()))
    print("Kết quả: ĐẠT" if report.ok else "Kết quả: KHÔNG ĐẠT")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
