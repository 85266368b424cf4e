"""The number Word shows in front of each numbered paragraph, carried through mammoth as a marker.

mammoth starts every <ol> at 1, so "1. … (a paragraph) … 2. …" would read "1. … 1. …", and it
drops the numbers of numbered headings. Word counts per list definition (w:abstractNum) and
level, restarting deeper levels after a shallower item and where a w:num says startOverride.
This module does the counting and puts `NUMBER_OPEN n NUMBER_CLOSE` at the start of each
numbered paragraph; apply_number_markers (below) turns the markers into `<ol start>` and
heading labels, and removes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from pipeline.convert.docx.package import Package, local
from pipeline.convert.htmlclean import parse_fragment, to_html

NUMBER_OPEN, NUMBER_SPLIT, NUMBER_CLOSE = "\ue005", "\ue007", "\ue006"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Definitions:
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId → ilvl → level
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → ilvl → start

    @classmethod
    def load(cls, package: Package, w: str) -> _Definitions:
        defs = cls()
        parts = package.related(("/numbering",))
        root = package.xml(parts[0]) if parts else None
        if root is None:
            return defs
        for abstract in root.iter(f"{{{w}}}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(f"{{{w}}}lvl"):
                index = _int(lvl.get(f"{{{w}}}ilvl"))
                if index is None:
                    continue
                start = _int(_val(lvl, "start", w))
                levels[index] = _Level(
                    start=1 if start is None else start,
                    fmt=_val(lvl, "numFmt", w) or "decimal",
                    text=_val(lvl, "lvlText", w) or "",
                )
            defs.levels[abstract.get(f"{{{w}}}abstractNumId", "")] = levels
        for num in root.iter(f"{{{w}}}num"):
            num_id = num.get(f"{{{w}}}numId", "")
            defs.nums[num_id] = _val(num, "abstractNumId", w) or ""
            for override in num.iter(f"{{{w}}}lvlOverride"):
                start = _int(_val(override, "startOverride", w))
                index = _int(override.get(f"{{{w}}}ilvl"))
                if start is not None and index is not None:
                    defs.overrides.setdefault(num_id, {})[index] = start
        return defs


def mark_numbers(package: Package, body: etree._Element, w: str, styles) -> bool:  # type: ignore[no-untyped-def]
    """Put each numbered body paragraph's number in front of its text; True if any was marked."""
    defs = _Definitions.load(package, w)
    if not defs.nums:
        return False
    counters: dict[str, dict[int, int]] = {}
    started: set[str] = set()
    changed = False
    for p in body.iter(f"{{{w}}}p"):
        if any(local(a) in ("txbxContent", "del", "moveFrom") for a in p.iterancestors()):
            continue
        num_id, index = _numbering_of(p, w, styles)
        if num_id is None:
            continue
        abstract = defs.nums.get(num_id)
        levels = defs.levels.get(abstract or "", {})
        level = levels.get(index)
        if abstract is None or level is None or level.fmt == "bullet":
            continue
        counter = counters.setdefault(abstract, {})
        if num_id not in started:
            started.add(num_id)
            for ilvl, start in defs.overrides.get(num_id, {}).items():
                counter[ilvl] = start - 1
        counter[index] = counter.get(index, level.start - 1) + 1
        for deeper in [k for k in counter if k > index]:
            del counter[deeper]
        for shallower in range(index):  # "1.1" before any "1": the next top item is "2"
            counter.setdefault(shallower, levels.get(shallower, _Level()).start)
        _insert_marker(p, w, counter[index], _label(level.text, counter, levels))
        changed = True
    return changed


def _numbering_of(p: etree._Element, w: str, styles) -> tuple[str | None, int]:  # type: ignore[no-untyped-def]
    num_pr = p.find(f"{{{w}}}pPr/{{{w}}}numPr")
    num_id = _val(num_pr, "numId", w) if num_pr is not None else None
    index = _int(_val(num_pr, "ilvl", w)) if num_pr is not None else None
    if num_id is None:
        style_id = _val(p.find(f"{{{w}}}pPr"), "pStyle", w) if p.find(f"{{{w}}}pPr") is not None else None
        num_id, style_index = styles.numbering(style_id)
        index = index if index is not None else style_index
    if num_id in (None, "0"):
        return None, 0
    return num_id, index or 0


def _label(text: str, counter: dict[int, int], levels: dict[int, _Level]) -> str:
    """Word's level text ("%1.", "%1.%2.", "Điều %1.") with the current numbers filled in."""

    def number(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        level = levels.get(index, _Level())
        return _format(counter.get(index, level.start), level.fmt)

    return re.sub(r"%([1-9])", number, text)


def _format(n: int, fmt: str) -> str:
    if fmt == "none":  # a level shown without its number ("%1" of such a level is empty)
        return ""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out or str(n)


def _insert_marker(p: etree._Element, w: str, number: int, label: str) -> None:
    run = etree.Element(f"{{{w}}}r")
    t = etree.SubElement(run, f"{{{w}}}t")
    t.text = f"{NUMBER_OPEN}{number}{NUMBER_SPLIT}{label}{NUMBER_CLOSE}"
    t.set(_XML_SPACE, "preserve")
    ppr = p.find(f"{{{w}}}pPr")
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, run)


def _val(el: etree._Element | None, child: str, w: str) -> str | None:
    if el is None:
        return None
    found = el.find(f"{{{w}}}{child}")
    return None if found is None else found.get(f"{{{w}}}val")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


_NUMBER = re.compile(f"{NUMBER_OPEN}(\\d+){NUMBER_SPLIT}([^{NUMBER_CLOSE}]*){NUMBER_CLOSE}")


def _cell_numbers_as_text(root: lxml.html.HtmlElement) -> None:
    """A numbered list inside a table cell (the STT column) keeps its number as text.

    Each STT cell is a one-item list that Word numbers 1, 2, 3…; as <ol> it would come out as an
    empty list in every row. The cell gets a paragraph "2." (with the item's own text, if any).
    """
    for ol in list(root.iter("ol")):
        if not any(a.tag in ("td", "th") for a in ol.iterancestors()):
            continue
        paragraphs = []
        for li in ol.xpath("./li"):
            found = _NUMBER.search(li.text or "")
            label = found.group(2).strip() if found else ""
            if found:
                li.text = (li.text or "")[: found.start()] + (li.text or "")[found.end():]
            p = lxml.html.Element("p")
            p.text = f"{label} " if label else ""
            p.text += li.text or ""
            for child in list(li):
                p.append(child)
            if len(p) == 0:
                p.text = (p.text or "").strip() or label
            paragraphs.append(p)
        _replace(ol, paragraphs)


_BLOCK_TAGS = ("p", "ul", "ol", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "div")


def _is_plain(found: re.Match[str] | None) -> bool:
    """A number an HTML <ol> shows as Word does: "3." for the third item."""
    return found is None or found.group(2).strip() == f"{found.group(1)}."


def _skip_empty_levels(root: lxml.html.HtmlElement) -> None:
    """mammoth fills a skipped level ("a)" right under "2.") with a list of one empty item; the
    inner list takes its place, as Word shows no line there."""
    for lst in reversed(list(root.iter("ol", "ul"))):
        items = lst.xpath("./li")
        if len(items) != 1 or len(lst) != 1 or (lst.text or "").strip():
            continue
        only = items[0]
        if (only.text or "").strip() or len(only) != 1 or only[0].tag not in ("ol", "ul"):
            continue
        inner = only[0]
        if (inner.tail or "").strip() or lst.getparent() is None:
            continue
        inner.tail = lst.tail
        lst.getparent().replace(lst, inner)


def _labels_as_text(root: lxml.html.HtmlElement) -> None:
    """A list whose numbers an <ol> cannot show keeps Word's labels as text.

    "2.1", "a.", "II.", "Điều 3." or "1)" would all read "1." in an <ol> (and Markdown): the text
    that cites "điểm 1.1" would point nowhere. Each item becomes a paragraph that starts with its
    label; what the item holds besides its own line (nested lists, paragraphs) follows it.
    Innermost lists first, so an outer list of plain numbers stays a list around them.
    """
    for ol in reversed(list(root.iter("ol"))):
        items = ol.xpath("./li")
        found = [_NUMBER.search(li.text or "") for li in items]
        if all(_is_plain(f) for f in found):
            continue
        blocks: list[etree._Element] = []
        for li, match in zip(items, found, strict=True):
            p = lxml.html.Element("p")
            text = li.text or ""
            if match is not None:
                label = match.group(2).strip()
                text = text[: match.start()] + text[match.end():]
                text = f"{label} {text.lstrip()}" if label else text.lstrip()
            p.text = text
            trailing: list[etree._Element] = []
            for child in list(li):
                if child.tag in _BLOCK_TAGS or trailing:
                    trailing.append(child)
                else:
                    p.append(child)  # inline markup, with its tail
            blocks.append(p)
            blocks.extend(trailing)
        _replace(ol, blocks)


def _replace(ol: etree._Element, blocks: list[etree._Element]) -> None:
    """Put `blocks` where the list stood, keeping the text that followed the list."""
    parent = ol.getparent()
    index = parent.index(ol)
    tail = ol.tail
    parent.remove(ol)
    for offset, block in enumerate(blocks):
        parent.insert(index + offset, block)
    if blocks:
        blocks[-1].tail = (blocks[-1].tail or "") + (tail or "") or None


def apply_number_markers(html: str) -> str:
    """Word's list numbers (the markers mark_numbers put in) → `<ol start>`, and labels of numbered headings."""
    if NUMBER_OPEN not in html:
        return html
    root = parse_fragment(html)
    _cell_numbers_as_text(root)
    _skip_empty_levels(root)
    _labels_as_text(root)
    for ol in root.iter("ol"):
        first = next((li for li in ol if li.tag == "li"), None)
        found = _NUMBER.search(first.text or "") if first is not None else None
        if found and found.group(1) != "1":
            ol.set("start", found.group(1))
    for el in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6"):
        if el.text and not any(a.tag == "li" for a in el.iterancestors()):
            el.text = _NUMBER.sub(lambda m: f"{m.group(2)} " if m.group(2).strip() else "", el.text, count=1)
    for el in root.iter():
        if isinstance(el.tag, str):
            el.text = _NUMBER.sub("", el.text) if el.text else el.text
            el.tail = _NUMBER.sub("", el.tail) if el.tail else el.tail
    return to_html(root)
