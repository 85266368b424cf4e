"""Accessibility and HTML conformance of a built site: axe-core in Chromium and the Nu HTML Checker.

Both tools come from npm (`make audit-tools` installs them under build/): axe-core's script is
injected into each page Playwright opens in Debian's Chromium (the pages' Content-Security-Policy
allows only the site's own scripts, so the context bypasses it for this one script), and `vnu.jar`
runs on Java over the built HTML files. `pipeline audit` and tests/browser/test_conformance.py use them.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

# WCAG 2.0/2.1 A and AA and axe's best practices: what Lighthouse's accessibility score draws on, and more.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class ConformanceError(Exception):
    """A checker cannot run; the message is Vietnamese and says what to install."""


@dataclass(frozen=True)
class Finding:
    rule: str  # axe rule id, or "vnu"
    message: str
    where: str  # a CSS selector (axe) or line:column (vnu)


def axe_violations(urls: dict[str, str], axe_script: Path, chrome: Path, width: int = 1280) -> dict[str, list[Finding]]:
    """{name: url} → {name: violations}. A page that sets `data-audit-ready` on <html> is waited for."""
    if not axe_script.is_file():
        raise ConformanceError(f"Không thấy axe-core '{axe_script}': hãy chạy 'make audit-tools'.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # the [test] extra
        raise ConformanceError("Chưa cài Playwright: hãy chạy 'make install-test'.") from None
    out: dict[str, list[Finding]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chrome), args=CHROME_ARGS)
        try:
            for name, url in urls.items():
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN",
                                              bypass_csp=True)
                page = context.new_page()
                page.goto(url, wait_until="networkidle")
                page.add_script_tag(path=str(axe_script))
                result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                                       AXE_TAGS)
                out[name] = [Finding(v["id"], v["help"], node["target"][0] if node.get("target") else "")
                             for v in result["violations"] for node in v["nodes"]]
                context.close()
        finally:
            browser.close()
    return out


def vnu_errors(files: list[Path], jar: Path, java: str = "java") -> dict[Path, list[Finding]]:
    """Nu HTML Checker errors per file (warnings are not counted)."""
    if not jar.is_file():
        raise ConformanceError(f"Không thấy vnu.jar '{jar}': hãy chạy 'make audit-tools'.")
    try:
        result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
                                capture_output=True, text=True, timeout=600, check=False)
    except FileNotFoundError:
        raise ConformanceError(f"Không chạy được Java '{java}': hãy chạy 'make system-deps'.") from None
    try:
        messages = json.loads(result.stderr or "{}").get("messages", [])
    except json.JSONDecodeError:
        raise ConformanceError(f"vnu.jar không trả kết quả đọc được: {result.stderr[:300]}") from None
    out: dict[Path, list[Finding]] = {f: [] for f in files}
    by_path = {str(f.resolve()): f for f in files}
    for message in messages:
        if message.get("type") != "error":
            continue
        url = str(message.get("url", ""))  # "file:/tmp/site/index.html"
        file = by_path.get("/" + unquote(url.removeprefix("file:")).lstrip("/"))
        where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', message.get('lastColumn', '?'))}"
        out.setdefault(file or Path(message.get("url", "?")), []).append(Finding("vnu", message.get("message", ""), where))
    return out


def page_sample(site: Path, article: str | None) -> dict[str, str]:
    """One built page of each type, {Vietnamese name: path in the site}, of those the site has.

    `article` is the newest article's path (from the feed); its topic gives the listing.
    """
    article = (article or "").lstrip("/")
    candidates = {
        "Trang chủ": "index.html",
        "Bài viết": article,
        "Lĩnh vực": article.split("/", 1)[0] + "/index.html" if "/" in article else "",
        "Từ khóa": _first(site, "the/*/index.html"),
        "Đơn vị": _first(site, "don-vi/*/index.html"),
        "Lưu trữ tháng": _first(site, "luu-tru/*/*/index.html"),
        "Hỏi đáp": "hoi-dap-phap-luat.html",
        "Câu hỏi": _question(site),
        "Trang tĩnh": "gioi-thieu.html",
        "Tìm kiếm": "tim-kiem/index.html",
        "Trang lỗi 404": "404.html",
    }
    return {name: path for name, path in candidates.items() if path and (site / path).is_file()}


def _first(site: Path, pattern: str) -> str:
    found = sorted(site.glob(pattern))
    return found[0].relative_to(site).as_posix() if found else ""


_QUESTION_LINK = re.compile(r'class="?qa-item"?>\s*<h3[^>]*>\s*<a href="?([^" >]+)')


def _question(site: Path) -> str:
    """A Q&A page: the first question the Q&A index links to."""
    index = site / "hoi-dap-phap-luat.html"
    found = _QUESTION_LINK.search(index.read_text(encoding="utf-8")) if index.is_file() else None
    if not found:
        return ""
    href = urlparse(found.group(1)).path.lstrip("/")
    return href if (site / href).is_file() else ""
