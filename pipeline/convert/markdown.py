"""Write the cleaned article body as Markdown that both GitHub and the site's Python-Markdown read alike.

Three things plain markdownify gets wrong for us: nested lists need four spaces of indentation
for Python-Markdown; Word's footnotes must become Markdown footnotes (`[^1]`); and tables that a
pipe table cannot hold (merged cells, lists or several paragraphs in a cell, nested tables) are
kept as sanitised HTML blocks.
"""

from __future__ import annotations

import re

import lxml.html
import nh3
from lxml import etree
from markdownify import MarkdownConverter

# What a kept HTML table may contain; everything else is unwrapped by nh3.
_TABLE_TAGS = {
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "p", "br", "strong", "em", "b",
    "i", "u", "s", "sup", "sub", "a", "img", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5",
    "h6",
}
_TABLE_ATTRIBUTES = {
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}
_BLOCKS_IN_CELL = ("p", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")
_RAW_OPEN, _RAW_CLOSE = "\ue003", "\ue004"  # stands for a kept HTML table until the end
_NOTE_ID = re.compile(r"(?:footnote|endnote)-\d+\Z")
# Text a contributor typed that Markdown would read as markup: a tag, an entity, or, at the start
# of a block, a list number ("2. Nhiệm vụ" would be renumbered "1."), a bullet, a heading or a quote.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# "[text](url)", "[text][ref]" and "[ref]: url" typed as text would become links (any URL at all).
_LINK_LIKE = re.compile(r"(?<!\\)\[(?=[^\]]*\]\s*[(\[:])")
# A backslash before punctuation, or at the end of a text run where markup ("**") may follow.
_ESCAPABLE_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|\Z)")
# ("* " is not here: markdownify escapes every asterisk already, a second mark would show a "\".)
_LINE_START = re.compile(r"^(\s*)(\d{1,9}(?=[.)](?:\s|$))|[-+](?=\s)|#{1,6}(?=\s|$)|>)")
_ESCAPE_MARK = "\ue000"  # placed before a character that needs a backslash, after escaping
# Footnote markers travel through markdownify as private-use characters, so no escaping touches them.
_NOTE_OPEN, _NOTE_CLOSE = "\ue001", "\ue002"
_NOTE_TOKEN = re.compile(_NOTE_OPEN + r"(\d+)" + _NOTE_CLOSE)
_BLOCKS = ("p", "li", "blockquote")  # a heading or a table cell never starts a list


class _BodyConverter(MarkdownConverter):
    """markdownify, GitHub-flavoured, with what Python-Markdown needs (four-space nested lists)."""

    def convert_img(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
        # The caption travels as the title: the site's figures extension turns it into <figcaption>.
        alt = (el.attrs.get("alt") or "").replace("\n", " ").replace("]", "\\]")
        src = el.attrs.get("src") or ""
        title = (el.attrs.get("title") or "").replace('"', "'")
        title_part = f' "{title}"' if title else ""
        return f"![{alt}]({src}{title_part})"

    def convert_li(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = parent.get("start")
            first = int(start) if start and str(start).isdigit() else 1
            bullet = f"{first + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        indent = " " * max(4, len(bullet) + 1)
        lines = text.split("\n")
        rest = [indent + line if line.strip() else "" for line in lines[1:]]
        return "\n".join([f"{bullet} {lines[0]}", *rest]) + "\n"

    def convert_a(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
        # htmlclean keeps a bookmark only when a link in the article points to it.
        if not el.get("href") and el.get("id"):
            return f'<a id="{el.get("id")}"></a>{text}'
        return super().convert_a(el, text, parent_tags)

    def escape(self, text, parent_tags):  # type: ignore[no-untyped-def]
        text = _ESCAPABLE_BACKSLASH.sub(r"\\\\", text or "")
        text = super().escape(text, parent_tags)
        text = _ENTITY.sub("&amp;", text)
        text = _TAG_START.sub("&lt;", text)
        text = _LINK_LIKE.sub(r"\\[", text)
        return text.replace(_ESCAPE_MARK, "\\")

    def convert_td(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
        return super().convert_td(el, _escape_pipes(text), parent_tags)

    def convert_th(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
        return super().convert_th(el, _escape_pipes(text), parent_tags)


def _escape_pipes(text: str) -> str:
    return re.sub(r"(?<!\\)\|", r"\\|", text or "")


def body_to_markdown(root: lxml.html.HtmlElement) -> str:
    """Markdown for the cleaned body `root` (a <div>); the tree is changed in place."""
    _footnotes_to_markdown(root)
    kept = _keep_complex_tables(root)  # before escaping: raw HTML needs none
    _protect_line_starts(root)
    inner = (root.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)
    md = _BodyConverter(
        heading_style="ATX",
        bullets="-",
        table_infer_header=True,
        escape_underscores=True,  # "________" blanks in forms would become a rule
        escape_asterisks=True,
        newline_style="BACKSLASH",
    ).convert(inner)
    for n, html in enumerate(kept):
        html = _NOTE_TOKEN.sub(_html_note_reference, html)
        md = md.replace(f"{_RAW_OPEN}{n}{_RAW_CLOSE}", "\n\n" + html + "\n\n")
    md = _NOTE_TOKEN.sub(r"[^\1]", md)
    md = re.sub(r"\n{3,}", "\n\n", md).strip()
    return md + "\n" if md else ""


def _protect_line_starts(root: lxml.html.HtmlElement) -> None:
    """Mark "2. …", "- …", "# …" and "> …" typed at the start of a block so they stay text."""
    for block in root.iter(*_BLOCKS):
        holder: etree._Element = block
        while not (holder.text or "").strip() and len(holder) and holder[0].tag in ("strong", "em", "a", "u", "s"):
            holder = holder[0]
        if holder.text:
            holder.text = _LINE_START.sub(_mark_line_start, holder.text, count=1)


def _mark_line_start(match: re.Match[str]) -> str:
    space, markup = match.group(1), match.group(2)
    if markup[0].isdigit():
        return f"{space}{markup}{_ESCAPE_MARK}"  # "2\\." : the dot after the number is escaped
    return f"{space}{_ESCAPE_MARK}{markup}"


# --- footnotes and endnotes ------------------------------------------------------------------


def _footnotes_to_markdown(root: lxml.html.HtmlElement) -> None:
    """mammoth's `<sup><a href="#footnote-1">[1]</a></sup>` and note list → `[^1]` and `[^1]: …`."""
    numbers: dict[str, int] = {}
    for a in root.xpath(".//a[@href]"):
        target = a.get("href", "")[1:]
        if not a.get("href", "").startswith("#") or not _NOTE_ID.match(target):
            continue
        if not (a.get("id") or "").startswith(("footnote-ref-", "endnote-ref-")):
            continue
        number = numbers.setdefault(target, len(numbers) + 1)
        holder = a
        while (up := holder.getparent()) is not None and up.tag == "sup" and len(up) == 1 \
                and not (up.text or "").strip() and not (holder.tail or "").strip():
            holder = up  # mammoth's <sup>, inside the superscript Word gave the reference run
        _replace_with_text(holder, _note(number))
    definitions = []
    for li in root.xpath(".//li[@id]"):
        if not _NOTE_ID.match(li.get("id", "")):
            continue
        # A note nobody refers to is still text the author wrote: it gets the next number.
        number = numbers.setdefault(li.get("id", ""), len(numbers) + 1)
        for back in li.xpath(".//a[starts-with(@href, '#footnote-ref-') or starts-with(@href, '#endnote-ref-')]"):
            _replace_with_text(back, "")
        lst = li.getparent()
        lst.remove(li)
        definitions.append((number, _note_paragraph(li, number)))
        if lst is not None and not len(lst) and lst.getparent() is not None:
            lst.getparent().remove(lst)
    for _, p in sorted(definitions, key=lambda d: d[0]):
        root.append(p)


def _note_paragraph(li: etree._Element, number: int) -> etree._Element:
    """One paragraph `[^n]: text`; a note's several paragraphs are joined with a space."""
    p = lxml.html.Element("p")
    p.text = f"{_note(number)}: "
    blocks = [child for child in li if child.tag in _BLOCKS_IN_CELL]
    if not blocks:
        _move_inline(li, p)
    for i, block in enumerate(blocks):
        if i:
            _append_text(p, " ")
        if block.tag == "p":
            _move_inline(block, p)
        else:
            _append_text(p, " ".join(block.text_content().split()))
    return p


def _move_inline(src: etree._Element, dst: etree._Element) -> None:
    _append_text(dst, src.text or "")
    for child in list(src):
        dst.append(child)  # the child's tail travels with it


def _html_note_reference(match: re.Match[str]) -> str:
    """A note cited inside a kept HTML table: Markdown inside HTML is not read, so `[^1]` would
    show as typed; this is the reference the footnotes extension itself writes for `[^1]`."""
    n = match.group(1)
    return f'<sup id="fnref:{n}"><a class="footnote-ref" href="#fn:{n}">{n}</a></sup>'


def _note(number: int) -> str:
    return f"{_NOTE_OPEN}{number}{_NOTE_CLOSE}"


def _append_text(el: etree._Element, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _replace_with_text(el: etree._Element, text: str) -> None:
    parent = el.getparent()
    if parent is None:
        return
    joined = text + (el.tail or "")
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(el)


# --- tables ---------------------------------------------------------------------------------


def needs_html(table: etree._Element) -> bool:
    """True when a pipe table would lose something: merged cells, nested blocks or tables."""
    for cell in table.xpath(".//td|.//th"):
        if (cell.get("colspan") or "1") != "1" or (cell.get("rowspan") or "1") != "1":
            return True
        blocks = [child for child in cell if child.tag in _BLOCKS_IN_CELL]
        if len(blocks) > 1 or any(b.tag != "p" for b in blocks):
            return True
    return False


def _keep_complex_tables(root: lxml.html.HtmlElement) -> list[str]:
    kept: list[str] = []
    # Only top-level tables: an HTML block inside a list item would break the list around it.
    for table in root.xpath("./table"):
        if not needs_html(table):
            continue
        marker = lxml.html.Element("p")
        marker.text = f"{_RAW_OPEN}{len(kept)}{_RAW_CLOSE}"
        kept.append(_table_html(table))
        marker.tail = table.tail
        table.getparent().replace(table, marker)
    return kept


def _table_html(table: etree._Element) -> str:
    """Sanitised HTML with one row per line and no blank line (a blank line ends a GFM HTML block)."""
    for cell in table.xpath(".//td|.//th"):
        blocks = [child for child in cell if child.tag == "p"]
        if len(blocks) == 1 and len(cell) == 1 and not (cell.text or "").strip():
            _unwrap_single_paragraph(cell, blocks[0])
    html = lxml.html.tostring(table, encoding="unicode")
    html = nh3.clean(
        html,
        tags=_TABLE_TAGS,
        attributes=_TABLE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    )
    html = re.sub(r"\s*\n\s*", " ", html)
    html = re.sub(r"(<(?:tr|thead|tbody|tfoot|/thead|/tbody|/tfoot|/table)\b)", r"\n\1", html)
    return html.strip()


def _unwrap_single_paragraph(cell: etree._Element, p: etree._Element) -> None:
    cell.text = (cell.text or "") + (p.text or "")
    for child in list(p):
        cell.append(child)
    cell.remove(p)
