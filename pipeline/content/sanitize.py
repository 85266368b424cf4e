"""THE one place where contributor text becomes HTML: Markdown output cleaned against an allow-list.

Everything a contributor writes (body, summary, captions, bylines, Q&A, corrections) is text until
it reaches this module. Markdown runs first (pelicanconf.py: no `attr_list`, no `md_in_html`), then
nh3 keeps only the elements, attributes, classes and URL schemes listed here and drops everything
else. The site build (pipeline.site.safety) calls `clean_html` on every article and page body and
on every summary, so feeds, listings, the article page and JSON-LD all read cleaned HTML.

`pipeline check` (rule BT605) calls `removals` on the same Markdown output: it lists exactly what
`clean_html` would drop, so an editor learns about it before the build silently removes it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import nh3

# Elements an article may contain: what Python-Markdown (tables, footnotes), the figures extension,
# the converter's kept HTML tables and the theme's image rewriting produce. Nothing that runs code,
# loads another document, submits data or styles the page.
TAGS: frozenset[str] = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div",
    "strong", "em", "b", "i", "u", "s", "sup", "sub", "code", "pre",
    "ul", "ol", "li", "a", "img", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
})
# Attributes per element; there is no attribute allowed on every element (no style, no on*).
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title", "id", "class"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "ol": frozenset({"start"}),
    "li": frozenset({"id"}),
    "sup": frozenset({"id"}),
    "div": frozenset({"class"}),
}
# The only classes kept: the footnote markup of Python-Markdown's footnotes extension.
CLASSES: dict[str, frozenset[str]] = {
    "a": frozenset({"footnote-ref", "footnote-backref"}),
    "div": frozenset({"footnote"}),
}
# Elements removed together with their text (a script's source is not article text).
DROP_WITH_CONTENT: frozenset[str] = frozenset({"script", "style", "template", "noscript", "textarea",
                                               "iframe", "object", "embed", "svg", "math", "title"})
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES: frozenset[str] = frozenset({"href", "src"})
# Ids the theme itself uses: a body element with one of them could take over the page's anchors.
RESERVED_IDS: frozenset[str] = frozenset({
    "main", "search-form", "search-input", "search-status", "search-results", "search-hint", "q-header",
    "share-label", "related-title", "footer-about", "footer-links",
})
_ALIGN = frozenset({"left", "right", "center"})
_NUMBER = re.compile(r"\d{1,5}\Z")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """Values nh3 cannot restrict by itself: numbers, alignment, ids."""
    if name in ("width", "height", "colspan", "rowspan", "start"):
        return value if _NUMBER.match(value.strip()) else None
    if name == "align":
        return value if value.lower() in _ALIGN else None
    if name == "scope":
        return value if value in ("col", "row", "colgroup", "rowgroup") else None
    if name == "id":
        return None if value in RESERVED_IDS or not value.strip() else value
    return value


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names - {"class"}) for tag, names in ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_keep_attribute,
        link_rel=None,
        strip_comments=True,
    )


def clean_html(fragment: str | None) -> str:
    """The allowed part of an HTML fragment; anything outside the allow-list is gone."""
    if not fragment:
        return ""
    return _cleaner().clean(str(fragment))


def text_to_html(text: str | None) -> str:
    """Plain contributor text (a summary, a correction) as HTML paragraphs: every '<' stays a '<'."""
    if not text:
        return ""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(text))]
    return clean_html("".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p))


def json_for_script(text: str) -> str:
    """JSON made safe inside <script type="application/ld+json">: no '<', '>' or '&' as such."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# --- what the sanitiser would remove, for `pipeline check` --------------------------------------


@dataclass(frozen=True)
class Removal:
    """One construct `clean_html` drops: an element, an attribute or a link target."""

    kind: str  # "tag" | "attribute" | "url" | "class"
    tag: str
    name: str = ""  # attribute or class name
    value: str = ""  # the URL for kind "url"
    line: int = 1  # line in the HTML fragment, 1-based


def url_allowed(url: str) -> bool:
    """A relative URL, or an absolute one with an allowed scheme (checked the way a browser reads it)."""
    cleaned = _CONTROL.sub("", html.unescape(url))
    match = _SCHEME.match(cleaned)
    return match is None or match.group(1).lower() in URL_SCHEMES


class _RemovalFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Removal] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag not in TAGS:
            self.found.append(Removal("tag", tag, line=line))
            return
        allowed = ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            value = value or ""
            if name not in allowed or (name != "class" and _keep_attribute(tag, name, value) is None):
                self.found.append(Removal("attribute", tag, name, value, line))
            elif name in URL_ATTRIBUTES and not url_allowed(value):
                self.found.append(Removal("url", tag, name, value, line))
            elif name == "class":
                for cls in value.split():
                    if cls not in CLASSES.get(tag, frozenset()):
                        self.found.append(Removal("class", tag, cls, line=line))

    handle_startendtag = handle_starttag


def removals(fragment: str) -> list[Removal]:
    """Every element, attribute, class and URL in `fragment` that `clean_html` would remove."""
    finder = _RemovalFinder()
    finder.feed(fragment or "")
    finder.close()
    return finder.found
