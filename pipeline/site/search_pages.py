"""What the search index reads from one built page (docs/site.md#search).

Only the element marked `data-search-body` is read (articles and static pages: theme/templates/
article.html, page.html, hoi-dap.html), so listings, withdrawn articles and the 404 page are never
indexed. Inside it, elements marked `data-search-ignore` or `hidden`, scripts and styles are skipped;
the title (the `h1`), the date line (`.meta`: `time`, `.unit`, `.topic`) and the byline are read as
fields of their own; the rest is the body text. lxml's HTML parser closes the `</p>` tags the public
build's minifier leaves out, so the development and the public build give the same page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lxml import html as lxml_html

# Elements that separate text: words on either side never run together, and no bigram spans them.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul",
})
_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg", "button", "select", "textarea"})
STATIC_KIND = "Trang"
_BREAK = "\x1e"  # between blocks while collecting text (the page's own newlines are only spaces)


@dataclass(frozen=True)
class SearchPage:
    url: str  # relative to the site root: 'to-chuc-kiem-tra/2024/dai-hoi.html'
    title: str
    kind: str
    date: datetime | None  # None: a static page without a date (listed after every dated page)
    date_text: str  # as the page shows it: 'Thứ Ba, 05/11/2024, 09:30'
    unit: str
    topic: str
    byline: str
    body: str  # blocks separated by newlines

    @property
    def static(self) -> bool:
        return self.kind == STATIC_KIND

    @property
    def meta_text(self) -> str:
        return "\n".join(part for part in (self.date_text, self.unit, self.topic, self.byline) if part)


def read_page(path: Path, site: Path) -> SearchPage | None:
    """The searchable content of the built page `path`, or None when it has none."""
    data = path.read_bytes()
    if b"data-search-body" not in data:  # most files: cheaper than parsing
        return None
    root = lxml_html.document_fromstring(data)
    found = root.xpath("//*[@data-search-body]")
    if not found:
        return None
    body = found[0]
    title_el = _first(body, ".//h1")
    meta_el = _first(body, ".//*[contains(concat(' ', normalize-space(@class), ' '), ' meta ')]")
    byline_el = _first(body, ".//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]")
    time_el = _first(meta_el, ".//time[@datetime]") if meta_el is not None else None
    stamp = time_el.get("datetime") if time_el is not None else body.get("data-search-date")
    skip = {el for el in (title_el, meta_el, byline_el) if el is not None}
    return SearchPage(
        url=path.relative_to(site).as_posix(),
        title=_text(title_el),
        kind=body.get("data-search-kind") or "",
        date=_parse_date(stamp),
        date_text=_text(time_el),
        unit=_text(_first(meta_el, ".//*[contains(concat(' ', @class, ' '), ' unit ')]")),
        topic=_text(_first(meta_el, ".//*[contains(concat(' ', @class, ' '), ' topic ')]")),
        byline=_text(byline_el),
        body=_body_text(body, skip),
    )


def _first(element, xpath: str):  # type: ignore[no-untyped-def]
    if element is None:
        return None
    found = element.xpath(xpath)
    return found[0] if found else None


def _text(element) -> str:  # type: ignore[no-untyped-def]
    return " ".join(element.text_content().split()) if element is not None else ""


def _parse_date(stamp: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None


def _body_text(body, skip: set) -> str:  # type: ignore[no-untyped-def]
    parts: list[str] = []
    _collect(body, skip, parts)
    # Line breaks in the source are spaces; only blocks break lines (the same in a minified build).
    lines = (" ".join(line.split()) for line in "".join(parts).split(_BREAK))
    return "\n".join(line for line in lines if line)


def _collect(element, skip: set, parts: list[str]) -> None:  # type: ignore[no-untyped-def]
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str) and child not in skip and child.tag not in _SKIPPED \
                and child.get("data-search-ignore") is None and child.get("hidden") is None:
            block = child.tag in _BLOCKS
            if block:
                parts.append(_BREAK)
            _collect(child, skip, parts)
            if block:
                parts.append(_BREAK)
        if child.tail:
            parts.append(child.tail)
