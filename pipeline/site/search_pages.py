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
_FIELD_CLASSES = frozenset({"meta", "byline", "unit", "topic"})
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
    text = path.read_bytes().decode("utf-8", "replace")
    at = text.find("data-search-body")
    if at < 0:  # most files: cheaper than parsing
        return None
    # Only the marked element's part of the page is parsed, from its tag to the end of <main>: the head,
    # menu, sidebar and footer are most of a page's bytes.
    start = text.rfind("<", 0, at)
    end = text.find("</main>", at)
    root = lxml_html.document_fromstring(text[start:end] if end > 0 else text[start:])
    found = root.xpath("//*[@data-search-body]")
    if not found:
        return None
    body = found[0]
    fields = _fields(body)
    title_el, meta_el, byline_el = fields.get("h1"), fields.get("meta"), fields.get("byline")
    time_el = next((el for el in meta_el.iter("time") if el.get("datetime")), None) if meta_el is not None else None
    stamp = time_el.get("datetime") if time_el is not None else body.get("data-search-date")
    skip = {el for el in (title_el, meta_el, byline_el) if el is not None}
    return SearchPage(
        url=path.relative_to(site).as_posix(),
        title=_text(title_el),
        kind=body.get("data-search-kind") or "",
        date=_parse_date(stamp),
        date_text=_text(time_el),
        unit=_text(_within(meta_el, fields.get("unit"))),
        topic=_text(_within(meta_el, fields.get("topic"))),
        byline=_text(byline_el),
        body=_body_text(body, skip),
    )


def _fields(body) -> dict:  # type: ignore[no-untyped-def]
    """The first h1 and the first element of each field class, in one pass over the body."""
    found: dict = {}
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "h1":
            found.setdefault("h1", element)
        for name in (element.get("class") or "").split():
            if name in _FIELD_CLASSES:
                found.setdefault(name, element)
    return found


def _within(outer, element):  # type: ignore[no-untyped-def]
    """`element` when it lies inside `outer` (a unit or topic link of the date line, not of the text)."""
    if outer is None or element is None:
        return None
    return element if any(parent is outer for parent in element.iterancestors()) else None


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
