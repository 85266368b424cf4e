"""Raw HTML and link targets in a Markdown body, found with an HTML parser rather than patterns.

Markdown passes raw HTML through to the page, so a `<script>` or an `onerror=` typed into the body
would run on the site. The parser sees tags the way a browser does (any case, any spacing,
entities in attribute values decoded); Markdown link destinations are read separately.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pipeline.checks.api import Doc

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"})
_MD_LINK = re.compile(r"\]\(\s*<?\s*((?:[^\s()<>]|\([^\s()]*\))+)")  # one level of (…) as Markdown allows
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^>\s]*)>")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:text/html", "data:application/xhtml", "data:image/svg")


@dataclass(frozen=True)
class Tag:
    name: str
    attrs: dict[str, str | None]
    line: int  # file line


@dataclass(frozen=True)
class Link:
    url: str  # entities decoded
    line: int


@dataclass
class HtmlScan:
    tags: list[Tag] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self, first_line: int):
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.tags: list[Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.first_line + self.getpos()[0] - 1
        self.tags.append(Tag(tag.lower(), {k.lower(): v for k, v in attrs}, line))

    handle_startendtag = handle_starttag


def script_scheme(url: str) -> str | None:
    """The dangerous scheme a URL starts with ('javascript:'), after browser-style clean-up."""
    cleaned = _CONTROL.sub("", html.unescape(url)).lower()
    return next((s for s in _SCRIPT_SCHEMES if cleaned.startswith(s)), None)


def scan_html(doc: Doc) -> HtmlScan:
    cached = doc.cache.get("html_scan")
    if cached is not None:
        return cached
    scan = HtmlScan()
    body = doc.article.body
    if "<" in body:
        parser = _Collector(doc.article.body_line)
        # The stdlib parser is lenient; should odd markup still upset it, keep the tags found so far.
        with contextlib.suppress(Exception):
            parser.feed(body)
            parser.close()
        scan.tags = parser.tags
        for tag in scan.tags:
            for name, value in tag.attrs.items():
                if name in URL_ATTRIBUTES and value:
                    scan.links.append(Link(value, tag.line))
    if "](" in body or "<" in body or "]:" in body:
        for i, line in enumerate(doc.lines):
            for pattern in (_MD_LINK, _AUTOLINK, _REF_DEF):
                for m in pattern.finditer(line):
                    scan.links.append(Link(html.unescape(m[1]), doc.body_line(i)))
    doc.cache["html_scan"] = scan
    return scan
