"""Quality bars on every built file: no third-party requests, weight budget, accessibility basics, privacy."""

from __future__ import annotations

import gzip
import re
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from tests.browser.demo_site import PRIVATE_CONTACT, PUBLIC_URL, DemoSite, demo_site_once
from tests.sitebuild import ROOT

BUDGET = 50 * 1024  # CSS + JS a page needs, uncompressed


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> DemoSite:  # type: ignore[no-untyped-def]
    return demo_site_once(tmp_path_factory)


def pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resources(page: BeautifulSoup) -> list[str]:
    """Every address the browser fetches while loading the page (not links a reader may follow)."""
    urls = [s["src"] for s in page.select("script[src]")]
    urls += [link["href"] for link in page.select("link[href]")
             if set(link.get("rel", [])) & {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}]
    for tag in page.select("img, source, iframe, video, audio, embed, object"):
        for attr in ("src", "data"):
            if tag.get(attr):
                urls.append(tag[attr])
        if tag.get("srcset"):
            urls += [entry.split()[0] for entry in tag["srcset"].split(",") if entry.strip()]
    for style in page.select("style"):
        urls += re.findall(r"url\(['\"]?([^'\")]+)", style.get_text())
    return urls


@pytest.mark.parametrize("build", ["dev", "public"])
def test_no_page_loads_anything_from_another_site(site, build):
    output = getattr(site, build)
    offenders = []
    for path in pages(output):
        for url in resources(parsed(path)):
            parts = urlparse(url)
            if parts.scheme in ("http", "https") and not url.startswith(PUBLIC_URL + "/") or url.startswith("//"):
                offenders.append(f"{path.relative_to(output)}: {url}")
    assert offenders == []


def test_stylesheets_load_nothing_from_another_site(site):
    for css in site.dev.rglob("*.css"):
        for url in re.findall(r"url\(['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            assert not re.match(r"^(https?:)?//", url), f"{css}: {url}"
        assert "@import" not in css.read_text(encoding="utf-8")


def page_weight(path: Path, output: Path) -> int:
    """Bytes of CSS and JavaScript the page loads: linked files plus inline code (JSON-LD is data)."""
    page = parsed(path)
    base = "file://" + str(path)
    total = 0
    links = [s["src"] for s in page.select("script[src]")]
    links += [link["href"] for link in page.select('link[rel~="stylesheet"][href]')]
    for url in links:
        target = Path(urlparse(urljoin(base, url)).path)
        if url.startswith(PUBLIC_URL + "/"):
            target = output / url.removeprefix(PUBLIC_URL + "/")
        assert target.is_file(), f"{path}: {url} is missing"
        total += target.stat().st_size
    total += sum(len(s.get_text().encode()) for s in page.select("style"))
    total += sum(len(s.get_text().encode()) for s in page.select("script:not([src])")
                 if s.get("type") != "application/ld+json")
    return total


def test_every_page_needs_at_most_50_kb_of_css_and_js(site):
    weights = {str(p.relative_to(site.dev)): page_weight(p, site.dev) for p in pages(site.dev)}
    heaviest = max(weights.items(), key=lambda kv: kv[1])
    print(f"\nCSS+JS per page: heaviest {heaviest[0]} = {heaviest[1]} bytes; budget {BUDGET}")
    assert {k: v for k, v in weights.items() if v > BUDGET} == {}
    # Only the search page runs any JavaScript at all.
    scripted = {k for k, v in weights.items() if parsed(site.dev / k).select("script[src]")}
    assert scripted == {"tim-kiem/index.html"}


def test_search_engine_is_fetched_only_when_a_search_runs(site):
    search = parsed(site.dev / "tim-kiem" / "index.html")
    assert not search.select('script[src*="search-index"], link[href*="search-index"]')
    assert search.select_one("#search-form")["data-bundle"].endswith("/search-index/")
    assert (site.dev / "search-index" / "meta.json").is_file()


@pytest.mark.parametrize("build", ["dev", "public"])
def test_every_image_has_alt_text_and_every_page_is_vietnamese_with_a_skip_link(site, build):
    output = getattr(site, build)
    for path in pages(output):
        page = parsed(path)
        name = path.relative_to(output)
        assert page.html.get("lang") == "vi", name
        assert page.title and page.title.get_text(strip=True), name
        skip = page.select_one("a.skip")
        assert skip is not None and skip["href"] == "#main" and page.select_one("main#main"), name
        assert len(page.select("h1")) == 1, name
        for img in page.select("img"):
            assert img.has_attr("alt"), f"{name}: {img}"
            if img["alt"] == "":  # decorative only where the same link has a text version next to it
                assert img.find_parent(attrs={"aria-hidden": "true"}) is not None, f"{name}: {img}"
        for field in page.select("input:not([type=hidden])"):
            assert page.select_one(f'label[for="{field["id"]}"]'), f"{name}: {field}"


def _texts_of(path: Path) -> list[str]:
    """The readable text of any built file, looking inside the search index's gzip files and .docx packages."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as package:
            return [package.read(n).decode("utf-8", "replace") for n in package.namelist()]
    return [data.decode("utf-8", "replace")]


@pytest.mark.parametrize("build", ["dev", "public"])
def test_no_private_contributor_contact_data_anywhere_in_the_output(site, build):
    output = getattr(site, build)
    sources = "\n".join(p.read_text(encoding="utf-8") for p in site.articles())
    assert "chau.le@example.vn" in sources  # the demo really has the outside collaborator
    leaks = []
    for path in output.rglob("*"):
        if path.is_file():
            for text in _texts_of(path):
                leaks += [f"{path.relative_to(output)}: {s}" for s in PRIVATE_CONTACT if s in text]
    assert leaks == []


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_theme_colour_pairs_meet_wcag_aa_contrast():
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    var = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
    white = "#ffffff"
    pairs = {
        "text": (var["ink"], var["bg"]), "muted text": (var["muted"], var["bg"]),
        "muted on tinted boxes": (var["muted"], var["soft"]), "links": (var["brand"], var["bg"]),
        "links in boxes": (var["brand"], var["soft"]), "kicker": (var["accent-dark"], var["bg"]),
        "header": (white, var["brand"]), "navigation": (white, var["brand-dark"]),
        "search button": (white, var["accent"]), "button hover": (white, var["accent-dark"]),
        "skip link": (var["ink"], var["focus"]), "headings": (var["brand-dark"], var["bg"]),
    }
    for literal in re.findall(r"\.share-\w+ \{ background: (#[0-9a-f]{6})", css):
        pairs[f"share button {literal}"] = (white, literal)
    assert len(pairs) >= 14
    failing = {name: round(contrast(*pair), 2) for name, pair in pairs.items() if contrast(*pair) < 4.5}
    assert failing == {}
