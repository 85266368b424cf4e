"""Tidy mammoth's HTML: find the metadata table and title, attach captions, drop Word leftovers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from pipeline.core.text import nfc, remove_zero_width

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass
class CleanedBody:
    root: lxml.html.HtmlElement
    table_rows: list[list[str]] = field(default_factory=list)
    first_heading: str = ""
    summary: str = ""


def parse_fragment(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")


def text_of(el: etree._Element) -> str:
    return " ".join(nfc(el.text_content()).split())


def take_metadata_table(root: lxml.html.HtmlElement, is_metadata) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Remove and return the first table near the top if its labels are metadata labels."""
    for el in list(root)[:6]:
        if el.tag != "table":
            continue
        rows = [[text_of(cell) for cell in row.xpath("./td|./th")] for row in el.xpath(".//tr")]
        if is_metadata(rows):
            root.remove(el)
            return rows
        return []
    return []


def attach_captions(root: lxml.html.HtmlElement) -> None:
    """A caption paragraph right after an image becomes the image's alt text and title."""
    _tidy_images(root)
    for caption in root.xpath("//p[@class='caption']"):
        prev = caption.getprevious()
        images = prev.xpath(".//img") if prev is not None else []
        text = text_of(caption)
        if len(images) == 1 and text:
            images[0].set("alt", text)
            images[0].set("title", text)
            caption.getparent().remove(caption)
        else:
            caption.attrib.pop("class", None)
    for img in root.xpath("//img[@alt and not(@title)]"):
        if img.get("alt", "").strip():
            img.set("title", img.get("alt", "").strip())


def drop_word_leftovers(root: lxml.html.HtmlElement) -> list[str]:
    """Bookmarks (_GoBack, _Toc…), empty paragraphs and invisible characters are not content.

    Returns the targets of links that could not be kept (files on the author's computer, scripts).
    """
    unwrapped = _tidy_links(root)
    _plain_headings(root)
    for el in root.iter():
        if isinstance(el.tag, str):
            if el.text:
                el.text = _clean_text(el.text)
            if el.tail:
                el.tail = _clean_text(el.tail)
    for el in root.xpath("//p|//h1|//h2|//h3|//h4|//h5|//h6|//li|//strong|//em"):
        if text_of(el) or el.xpath(".//img"):
            continue
        if el.tag in ("strong", "em"):
            _unwrap(el)  # an italic space between two words is still the space between them
        else:
            _drop_keep_tail(el)
    return unwrapped


# Link schemes a published page may carry; "javascript:", "file:" and the like are unwrapped.
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_NOTE_TARGET = re.compile(r"#(?:footnote|endnote)(?:-ref)?-\d+\Z")
_AUTO_ALT = re.compile(r"\s*(?:Description automatically generated|Mô tả được tạo tự động)\S*\s*$", re.IGNORECASE)


def _tidy_links(root: lxml.html.HtmlElement) -> list[str]:
    """Keep web links and links inside the article; unwrap the rest, keeping their text."""
    targets = {a.get("id") for a in root.xpath("//a[@id]")}
    referenced = set()
    unwrapped: list[str] = []
    for a in root.xpath("//a[@href]"):
        href = a.get("href", "").strip()
        if _NOTE_TARGET.match(href):
            continue
        if href.startswith("#") and href[1:] in targets and _ANCHOR_ID.fullmatch(href[1:]):
            referenced.add(href[1:])
        elif not href.lower().startswith(_SAFE_SCHEMES) or href.startswith("#"):
            if not href.startswith("#"):  # a link to a missing bookmark is Word's leftover, not news
                unwrapped.append(href)
            _unwrap(a)
    for a in root.xpath("//a[@id and not(@href)]"):
        if a.get("id") not in referenced:
            _unwrap(a)
    return unwrapped


_ANCHOR_ID = re.compile(r"[A-Za-z0-9_.-]{1,80}")


def _tidy_images(root: lxml.html.HtmlElement) -> None:
    """Alt text on one line, without Word's machine-written "Description automatically generated"."""
    for img in root.xpath("//img"):
        alt = " ".join(nfc(img.get("alt") or "").split())
        img.set("alt", _AUTO_ALT.sub("", alt).strip())


def _plain_headings(root: lxml.html.HtmlElement) -> None:
    """A heading already stands out: bold or italic around all of its text is dropped."""
    for heading in root.xpath("//h1|//h2|//h3|//h4|//h5|//h6"):
        while len(heading) == 1 and heading[0].tag in ("strong", "em", "b", "i") and not (heading.text or "").strip() \
                and not (heading[0].tail or "").strip():
            _unwrap(heading[0])


# The Markdown writer uses these private-use characters as markers; Word text never needs them.
_MARKERS = dict.fromkeys(range(0xE000, 0xE010), None)


def _clean_text(text: str) -> str:
    text = remove_zero_width(nfc(text)).translate(_MARKERS)
    # Soft hyphens are only line-break hints in Unicode text (legacy fonts were decoded earlier).
    text = text.replace("\u00ad", "")
    return re.sub(r"[ \t\u00a0]{2,}", " ", text)


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    text = el.text or ""
    children = list(el)
    if index > 0:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else (parent[index - 1] if index > 0 else None)
    tail = el.tail or ""
    if last is not None:
        last.tail = (last.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _drop_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def to_html(root: lxml.html.HtmlElement) -> str:
    inner = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return inner
