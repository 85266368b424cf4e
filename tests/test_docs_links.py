"""README.md stays a short front door, and no link in README.md or docs/ points to a missing file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from markdown_it import MarkdownIt

from tests.conftest import ROOT

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").rglob("*.md"))]
# GitHub-flavoured tables hold many of the docs' links; markdown-it's CommonMark preset needs them on.
PARSER = MarkdownIt("commonmark").enable("table")


def links(page: Path) -> list[str]:
    """Every link and image target of a page, as the Markdown parser sees it (code blocks excluded)."""
    found: list[str] = []
    stack = list(PARSER.parse(page.read_text(encoding="utf-8")))
    while stack:
        token = stack.pop()
        stack.extend(token.children or [])
        if token.type == "link_open":
            found.append(str(token.attrGet("href") or ""))
        elif token.type == "image":
            found.append(str(token.attrGet("src") or ""))
    return found


def missing_targets(page: Path) -> list[str]:
    missing = []
    for href in links(page):
        url = urlparse(href)
        if url.scheme or url.netloc or not url.path:  # web, mail and same-page (#…) links
            continue
        if not (page.parent / unquote(url.path)).exists():
            missing.append(href)
    return missing


def code_blocks(page: Path) -> list[str]:
    return [t.content for t in PARSER.parse(page.read_text(encoding="utf-8")) if t.type == "fence"]


def test_the_readme_is_a_short_front_door_of_at_most_200_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; move detail into docs/"


def test_the_readme_shows_make_demo_and_make_test_before_any_other_command():
    first = code_blocks(README)[0]
    commands = [line.split("#")[0].strip() for line in first.splitlines() if line.split("#")[0].strip()]
    assert commands == ["make demo", "make test"]
    text = README.read_text(encoding="utf-8")
    assert text[: text.index("make demo")].count("```") == 1  # only the opening of that same block


def test_every_relative_link_in_the_readme_and_docs_points_to_an_existing_file():
    broken = {str(p.relative_to(ROOT)): missing_targets(p) for p in PAGES}
    broken = {page: targets for page, targets in broken.items() if targets}
    assert not broken, f"links to missing files: {broken}"


def test_the_link_check_sees_links_in_tables_and_ignores_code(tmp_path):
    page = tmp_path / "trang.md"
    page.write_text("| a | [có](trang.md) |\n|---|---|\n| b | [mất](khong-co.md#muc) |\n\n"
                    "```\n[trong mã](cung-khong-co.md)\n```\n\n[web](https://example.vn/x.md) [mục](#muc)\n",
                    encoding="utf-8")
    assert missing_targets(page) == ["khong-co.md#muc"]


def test_the_docs_index_links_every_page_in_docs():
    index = ROOT / "docs" / "README.md"
    linked = {(index.parent / urlparse(h).path).resolve() for h in links(index) if not urlparse(h).scheme}
    pages = {p.resolve() for p in (ROOT / "docs").rglob("*.md") if p != index}
    assert sorted(str(p.relative_to(ROOT)) for p in pages - linked) == []
