"""Finds what would run in a browser in built files: scripts, event handlers, script URLs, frames.

Used by the site tests and by `make attack` over every built page and feed. A feed's HTML travels
escaped inside <content>/<summary>/<description>, so it is unescaped and scanned as HTML too.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from pipeline.checks.html_scan import script_scheme

# Scripts the theme itself ships (by src) and data blocks (JSON-LD) are expected.
THEME_SCRIPTS = ("theme/js/search.js",)
DATA_SCRIPT_TYPES = ("application/ld+json",)
ACTIVE_TAGS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "svg",
                         "math", "style", "link", "meta"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"})
_FEED_HTML = re.compile(r"<(content|summary|description)\b[^>]*>(.*?)</\1>", re.DOTALL)
_CDATA = re.compile(r"^<!\[CDATA\[(.*)\]\]>$", re.DOTALL)


class _Finder(HTMLParser):
    def __init__(self, in_head_ok: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.in_head_ok = in_head_ok  # a whole page: <link>, <meta>, <form> of the theme are fine
        self.found: list[str] = []
        self.in_body = not in_head_ok

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "body":
            self.in_body = True
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and script_scheme(value):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            src, kind = values.get("src", ""), values.get("type", "")
            if not (kind in DATA_SCRIPT_TYPES or (src and src.endswith(THEME_SCRIPTS))):
                self.found.append(f"<script src={src!r} type={kind!r}>")
        elif tag in ACTIVE_TAGS and not self._theme(tag, values):
            self.found.append(f"<{tag}>")

    handle_startendtag = handle_starttag

    def _theme(self, tag: str, values: dict[str, str]) -> bool:
        if not self.in_head_ok:
            return False
        if tag in ("link", "meta") and not self.in_body:
            return True
        if tag == "form":  # the theme's search forms, which only GET the site's own search page
            return values.get("role") == "search" and not values.get("action", "").startswith(("http", "//"))
        if tag == "svg":  # the theme's logo
            return "logo" in values.get("class", "")
        return False


def live_in_html(text: str, whole_page: bool = True) -> list[str]:
    """Every construct in an HTML page (or fragment) that could run code or load something."""
    finder = _Finder(whole_page)
    finder.feed(text)
    finder.close()
    return finder.found


def live_in_feed(text: str) -> list[str]:
    found: list[str] = []
    for match in _FEED_HTML.finditer(text):
        inner = match.group(2).strip()
        cdata = _CDATA.match(inner)
        fragment = cdata.group(1) if cdata else html.unescape(inner)
        found += live_in_html(fragment, whole_page=False)
    return found


def live_in_site(output: Path) -> dict[str, list[str]]:
    """{file: findings} over every HTML page and feed of a built site."""
    result: dict[str, list[str]] = {}
    for path in sorted(output.rglob("*")):
        if path.suffix == ".html":
            found = live_in_html(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".xml" and "feeds" in path.parts:
            found = live_in_feed(path.read_text(encoding="utf-8", errors="replace"))
        else:
            continue
        if found:
            result[str(path.relative_to(output))] = found
    return result
