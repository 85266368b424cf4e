"""Prepare a .docx for mammoth: fix in the XML what mammoth would miss, and report what is dropped.

mammoth already keeps text boxes, hyperlinks, footnotes, endnotes and tracked insertions, and
drops deletions, comments, headers and footers silently. This step adds what an editor needs:
- office "headings" typed as a bold, centred, short paragraph become headings;
- heading styles of the document's own (based on a Word heading style) are mapped to headings;
- equations (Office Math) become plain text instead of vanishing;
- page-number fields (PAGE, PAGEREF…) and DDE fields lose their cached text; other simple
  fields (fldSimple, which mammoth skips entirely) keep theirs;
- text formatted as hidden is removed;
and a Vietnamese warning for each kind of thing that does not reach the article: headers and
footers, comments, tracked changes, page numbers, DDE fields, embedded objects, charts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.convert.docx.numbering import mark_numbers
from pipeline.convert.docx.package import Package, PackageError, local, wml_namespace
from pipeline.core.messages import Message, Result, warning
from pipeline.core.text import fold

_MATH_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
)
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF"}
_DDE_FIELDS = {"DDE", "DDEAUTO"}
_HEADING_NAME = re.compile(r"(?:heading|tieu de|dau de|tua de)\s*(\d)\Z")
_TITLE_NAMES = {"title", "tieu de"}
# Styles that already mean something else to the converter: never promoted to headings.
_KEPT_STYLE_NAMES = {
    "caption", "chu thich", "chu thich anh", "subtitle", "sapo", "tom tat", "quote",
    "intense quote", "trich dan", "huong dan", "header", "footer",
}
# The national motto heads official letters; it is not the article's title.
_MOTTO = {"cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc"}
_SHORT_HEADING_CHARS = 150
OFFICE_HEADING_STYLES = {1: "BantinHeading1", 2: "BantinHeading2"}
OFFICE_HEADING_NAMES = {1: "Bantin Heading 1", 2: "Bantin Heading 2"}
_EXCERPT = 70


@dataclass
class Prepared:
    docx: bytes
    style_map: list[str] = field(default_factory=list)  # extra mammoth style-map lines


def prepare_docx(data: bytes, name: str) -> Result[Prepared]:
    """The package with its structure fixed, extra style-map lines, and what was dropped."""
    try:
        package = Package.open(data)
    except PackageError:
        return Result(Prepared(data))  # mammoth reports an unreadable package itself
    body = package.xml(package.main)
    if body is None:
        return Result(Prepared(data))
    w = wml_namespace(body)
    styles = StyleSheet.load(package, w)
    report = _Report(name)
    changed = _wrap_stray_runs(body, w)
    changed |= _fix_text_part(body, w, report)
    changed |= _mark_office_headings(package, body, w, styles)
    changed |= mark_numbers(package, body, w, styles)
    _count_revisions(body, w, report)
    _count_objects(body, report)
    if changed:
        package.replace(package.main, body)
    for part in package.related(("/footnotes", "/endnotes")):
        notes = package.xml(part)
        if notes is not None and _fix_text_part(notes, w, report):
            package.replace(part, notes)
    _report_other_parts(package, w, report)
    if package.changed:
        data = package.save()
    return Result(Prepared(data, styles.heading_style_map()), report.messages())


def _fix_text_part(root: etree._Element, w: str, report: _Report) -> bool:
    """The fixes that apply wherever text lives: the body, footnotes and endnotes."""
    changed = _simple_fields_to_complex(root, w)
    changed |= _drop_field_results(root, w, report)
    changed |= _drop_hidden_text(root, w, report)
    changed |= _equations_to_text(root, w, report)
    return changed


# --- styles ---------------------------------------------------------------------------------


@dataclass
class _Style:
    name: str
    type: str
    based_on: str | None
    jc: str | None
    bold: bool | None
    num_id: str | None
    ilvl: int | None


class StyleSheet:
    """Paragraph and character styles with the few properties conversion needs, following basedOn."""

    def __init__(self, styles: dict[str, _Style], default_bold: bool) -> None:
        self.styles = styles
        self.default_bold = default_bold

    @classmethod
    def load(cls, package: Package, w: str) -> StyleSheet:
        parts = package.related(("/styles",))
        root = package.xml(parts[0]) if parts else None
        if root is None:
            return cls({}, False)
        styles: dict[str, _Style] = {}
        for el in root.iter(f"{{{w}}}style"):
            style_id = el.get(f"{{{w}}}styleId")
            if not style_id:
                continue
            styles[style_id] = _Style(
                name=_val(el.find(f"{{{w}}}name"), w) or style_id,
                type=el.get(f"{{{w}}}type") or "paragraph",
                based_on=_val(el.find(f"{{{w}}}basedOn"), w),
                jc=_val(el.find(f"{{{w}}}pPr/{{{w}}}jc"), w),
                bold=_on_off(el.find(f"{{{w}}}rPr/{{{w}}}b"), w),
                num_id=_val(el.find(f"{{{w}}}pPr/{{{w}}}numPr/{{{w}}}numId"), w),
                ilvl=_int(_val(el.find(f"{{{w}}}pPr/{{{w}}}numPr/{{{w}}}ilvl"), w)),
            )
        default = root.find(f"{{{w}}}docDefaults/{{{w}}}rPrDefault/{{{w}}}rPr/{{{w}}}b")
        return cls(styles, bool(_on_off(default, w)))

    def chain(self, style_id: str | None) -> list[_Style]:
        out: list[_Style] = []
        while style_id and style_id in self.styles and len(out) < 20:
            style = self.styles[style_id]
            if style in out:
                break
            out.append(style)
            style_id = style.based_on
        return out

    def _first(self, style_id: str | None, attribute: str) -> object:
        for style in self.chain(style_id):
            value = getattr(style, attribute)
            if value is not None:
                return value
        return None

    def jc(self, style_id: str | None) -> str | None:
        return self._first(style_id, "jc")  # type: ignore[return-value]

    def bold(self, style_id: str | None) -> bool | None:
        return self._first(style_id, "bold")  # type: ignore[return-value]

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives its paragraphs, following basedOn."""
        for style in self.chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.ilvl
        return None, None

    def numbered(self, style_id: str | None) -> bool:
        return self.numbering(style_id)[0] not in (None, "0")

    def name(self, style_id: str | None) -> str:
        style = self.styles.get(style_id or "")
        return style.name if style else ""

    def heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            level = _name_level(style.name)
            if level is not None:
                return level
        return None

    def heading_style_map(self) -> list[str]:
        """Map the document's own heading styles (e.g. "Heading 0" based on "heading 1") and
        Word's levels 7-9, which HTML does not have, to headings."""
        lines = []
        for style_id, style in self.styles.items():
            level = self.heading_level(style_id)
            if style.type != "paragraph" or level is None or "'" in style.name or fold(style.name) in _TITLE_NAMES:
                continue
            lines.append(f"p[style-name='{style.name}'] => h{min(level, 6)}:fresh")
        return lines


@functools.lru_cache(maxsize=4096)  # the same few hundred built-in style names in every document
def _name_level(name: str) -> int | None:
    folded = fold(name)
    match = _HEADING_NAME.fullmatch(folded)
    if match:
        return max(1, int(match.group(1)))
    return 1 if folded in _TITLE_NAMES else None


def _val(el: etree._Element | None, w: str) -> str | None:
    return None if el is None else el.get(f"{{{w}}}val")


def _on_off(el: etree._Element | None, w: str) -> bool | None:
    if el is None:
        return None
    return (el.get(f"{{{w}}}val") or "true").lower() not in ("0", "false", "off", "none")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _numbered(num_pr: etree._Element | None, w: str) -> bool | None:
    if num_pr is None:
        return None
    return _val(num_pr.find(f"{{{w}}}numId"), w) not in (None, "0")


def _wrap_stray_runs(body: etree._Element, w: str) -> bool:
    """A picture or run placed straight in the body or a cell (some producers do) gets a paragraph,
    without which mammoth skips it."""
    changed = False
    for holder in body.iter(f"{{{w}}}body", f"{{{w}}}tc", f"{{{w}}}sdtContent", f"{{{w}}}txbxContent"):
        for child in list(holder):
            name = local(child)
            if name not in ("r", "pict", "drawing", "hyperlink"):
                continue
            p = etree.Element(f"{{{w}}}p")
            holder.replace(child, p)
            if name in ("pict", "drawing"):
                etree.SubElement(p, f"{{{w}}}r").append(child)
            else:
                p.append(child)
            changed = True
    return changed


# --- fields -------------------------------------------------------------------------------------


def _simple_fields_to_complex(body: etree._Element, w: str) -> bool:
    """mammoth skips w:fldSimple with its text; the begin/separate/end form it reads."""
    changed = False
    for simple in list(body.iter(f"{{{w}}}fldSimple")):
        parent = simple.getparent()
        if parent is None:
            continue
        index = parent.index(simple)
        instruction = _run(w)
        text = etree.SubElement(instruction, f"{{{w}}}instrText")
        text.text = simple.get(f"{{{w}}}instr") or ""
        text.set(_XML_SPACE, "preserve")
        result = [child for child in simple if local(child) != "fldData"]
        pieces = [_field_char(w, "begin"), instruction, _field_char(w, "separate"), *result, _field_char(w, "end")]
        parent.remove(simple)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)
        changed = True
    return changed


def _drop_field_results(body: etree._Element, w: str, report: _Report) -> bool:
    """Page numbers mean nothing on a web page, and a DDE field's text came from another program."""
    stack: list[list] = []  # [instruction, dropping the result?]
    changed = False
    for run in list(body.iter(f"{{{w}}}r")):
        markers = False
        for child in run:
            name = local(child)
            if name == "fldChar":
                markers = True
                kind = child.get(f"{{{w}}}fldCharType")
                if kind == "begin":
                    stack.append(["", False])
                elif kind == "separate" and stack:
                    stack[-1][1] = _field_name(stack[-1][0]) in _PAGE_FIELDS | _DDE_FIELDS
                elif kind == "end" and stack:
                    instruction = stack.pop()[0]
                    report.count_field(_field_name(instruction))
            elif name == "instrText" and stack:
                markers = True
                stack[-1][0] += child.text or ""
        if not markers and any(dropping for _, dropping in stack):
            for child in list(run):
                if local(child) != "rPr":
                    run.remove(child)
                    changed = True
    return changed


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""


def _run(w: str, text: str | None = None) -> etree._Element:
    run = etree.Element(f"{{{w}}}r")
    if text is not None:
        t = etree.SubElement(run, f"{{{w}}}t")
        t.text = text
        t.set(_XML_SPACE, "preserve")
    return run


def _field_char(w: str, kind: str) -> etree._Element:
    run = _run(w)
    etree.SubElement(run, f"{{{w}}}fldChar").set(f"{{{w}}}fldCharType", kind)
    return run


# --- hidden text --------------------------------------------------------------------------------


def _drop_hidden_text(body: etree._Element, w: str, report: _Report) -> bool:
    changed = False
    for vanish in list(body.iter(f"{{{w}}}vanish")):
        rpr = vanish.getparent()
        run = rpr.getparent() if rpr is not None else None
        if run is None or local(rpr) != "rPr" or local(run) != "r" or not _on_off(vanish, w):
            continue
        text = "".join(t.text or "" for t in run.iter(f"{{{w}}}t"))
        if text.strip():
            report.hidden.append(text)
        run.getparent().remove(run)
        changed = True
    return changed


# --- equations -----------------------------------------------------------------------------------


def _equations_to_text(body: etree._Element, w: str, report: _Report) -> bool:
    changed = False
    for m in _MATH_NAMESPACES:
        for para in list(body.iter(f"{{{m}}}oMathPara")):
            text = " ".join(_linear(om) for om in para.iter(f"{{{m}}}oMath"))
            _replace(para, _run(w, text))
            report.equations += 1
            changed = True
        for om in list(body.iter(f"{{{m}}}oMath")):
            _replace(om, _run(w, _linear(om)))
            report.equations += 1
            changed = True
    return changed


def _replace(old: etree._Element, new: etree._Element) -> None:
    parent = old.getparent()
    if parent is not None:
        new.tail = old.tail
        parent.replace(old, new)


def _linear(el: etree._Element) -> str:
    """Office Math as one line of text: fractions a/b, powers x^2, indices x_i, roots √(…)."""
    name = local(el)
    if name == "t":
        return el.text or ""
    if name.endswith("Pr") or not name:
        return ""
    parts = {local(child): child for child in el}

    def part(key: str) -> str:
        return _linear(parts[key]) if key in parts else ""

    if name == "f":
        return f"({part('num')})/({part('den')})"
    if name == "sSup":
        return part("e") + "^" + _group(part("sup"))
    if name == "sSub":
        return part("e") + "_" + _group(part("sub"))
    if name == "sSubSup":
        return part("e") + "_" + _group(part("sub")) + "^" + _group(part("sup"))
    if name == "rad":
        return (part("deg") or "") + "√(" + part("e") + ")"
    if name == "nary":
        symbol = _math_val(el, "naryPr", "chr") or "∫"
        limits = ("_" + _group(part("sub")) if part("sub") else "") + ("^" + _group(part("sup")) if part("sup") else "")
        return f"{symbol}{limits} {part('e')}"
    if name == "d":
        begin = _math_val(el, "dPr", "begChr")
        end = _math_val(el, "dPr", "endChr")
        separator = _math_val(el, "dPr", "sepChr") or "|"
        inner = separator.join(_linear(child) for child in el if local(child) == "e")
        return f"{'(' if begin is None else begin}{inner}{')' if end is None else end}"
    if name == "func":
        return part("fName") + " " + part("e")
    return "".join(_linear(child) for child in el)


def _group(text: str) -> str:
    return text if len(text) <= 1 else f"({text})"


def _math_val(el: etree._Element, props: str, key: str) -> str | None:
    for child in el:
        if local(child) == props:
            for prop in child:
                if local(prop) == key:
                    for attr, value in prop.attrib.items():
                        if etree.QName(attr).localname == "val":
                            return value
    return None


# --- office headings ----------------------------------------------------------------------------


def _mark_office_headings(package: Package, body: etree._Element, w: str, styles: StyleSheet) -> bool:
    """A short, bold, centred paragraph is how office documents write a title or a section head."""
    found: list[tuple[etree._Element, int]] = []
    text_seen = False
    for p in body.iter(f"{{{w}}}p"):
        if any(local(a) in ("tbl", "txbxContent", "footnote", "endnote", "comment") for a in p.iterancestors()):
            continue
        text = _paragraph_text(p, w)
        if not text.strip():
            continue
        if _looks_like_heading(p, text, w, styles):
            found.append((p, 2 if text_seen else 1))
            text_seen = True
        elif fold(text) not in _MOTTO:
            text_seen = True
    if not found or not _ensure_office_heading_styles(package, w):
        return False
    for p, level in found:
        ppr = p.find(f"{{{w}}}pPr")
        if ppr is None:
            ppr = etree.Element(f"{{{w}}}pPr")
            p.insert(0, ppr)
        pstyle = ppr.find(f"{{{w}}}pStyle")
        if pstyle is None:
            pstyle = etree.Element(f"{{{w}}}pStyle")
            ppr.insert(0, pstyle)
        pstyle.set(f"{{{w}}}val", OFFICE_HEADING_STYLES[level])
    return True


def _looks_like_heading(p: etree._Element, text: str, w: str, styles: StyleSheet) -> bool:
    style_id = _val(p.find(f"{{{w}}}pPr/{{{w}}}pStyle"), w)
    if styles.heading_level(style_id) is not None or fold(styles.name(style_id)) in _KEPT_STYLE_NAMES:
        return False
    stripped = " ".join(text.split())
    if len(stripped) > _SHORT_HEADING_CHARS or fold(stripped) in _MOTTO or not fold(stripped):
        return False
    if _numbered(p.find(f"{{{w}}}pPr/{{{w}}}numPr"), w) or styles.numbered(style_id):
        return False
    if any(local(el) in ("drawing", "pict", "object") for el in p.iter()):
        return False
    jc = _val(p.find(f"{{{w}}}pPr/{{{w}}}jc"), w) or styles.jc(style_id)
    if jc != "center":
        return False
    paragraph_bold = styles.bold(style_id)
    for run in p.iter(f"{{{w}}}r"):
        if any(local(a) in ("del", "moveFrom") for a in run.iterancestors()):
            continue
        if not "".join(t.text or "" for t in run.iter(f"{{{w}}}t")).strip():
            continue
        if not _run_bold(run, w, styles, paragraph_bold):
            return False
    return True


def _run_bold(run: etree._Element, w: str, styles: StyleSheet, paragraph_bold: bool | None) -> bool:
    rpr = run.find(f"{{{w}}}rPr")
    direct = _on_off(rpr.find(f"{{{w}}}b"), w) if rpr is not None else None
    if direct is not None:
        return direct
    character = styles.bold(_val(rpr.find(f"{{{w}}}rStyle"), w)) if rpr is not None else None
    for value in (character, paragraph_bold):
        if value is not None:
            return value
    return styles.default_bold


def _ensure_office_heading_styles(package: Package, w: str) -> bool:
    parts = package.related(("/styles",))
    root = package.xml(parts[0]) if parts else None
    if root is None:
        return False
    existing = {el.get(f"{{{w}}}styleId") for el in root.iter(f"{{{w}}}style")}
    for level, style_id in OFFICE_HEADING_STYLES.items():
        if style_id in existing:
            continue
        style = etree.SubElement(root, f"{{{w}}}style")
        style.set(f"{{{w}}}type", "paragraph")
        style.set(f"{{{w}}}styleId", style_id)
        etree.SubElement(style, f"{{{w}}}name").set(f"{{{w}}}val", OFFICE_HEADING_NAMES[level])
    package.replace(parts[0], root)
    return True


def _paragraph_text(p: etree._Element, w: str) -> str:
    return "".join(
        t.text or "" for t in p.iter(f"{{{w}}}t")
        if not any(local(a) in ("del", "moveFrom", "txbxContent") for a in t.iterancestors())
    )


# --- what is dropped ----------------------------------------------------------------------------


def _count_revisions(body: etree._Element, w: str, report: _Report) -> None:
    for el in body.iter(f"{{{w}}}ins", f"{{{w}}}del", f"{{{w}}}moveFrom", f"{{{w}}}moveTo"):
        report.revisions += 1
        if local(el) in ("del", "moveFrom"):
            text = "".join(t.text or "" for t in el.iter(f"{{{w}}}delText", f"{{{w}}}t"))
            if text.strip() and not report.deleted_example:
                report.deleted_example = text


def _count_objects(body: etree._Element, report: _Report) -> None:
    for el in body.iter():
        name = local(el)
        if name == "object":
            report.objects += 1
        elif name == "graphicData":
            uri = el.get("uri", "")
            if uri.endswith("/chart"):
                report.charts += 1
            elif uri.endswith("/diagram"):
                report.diagrams += 1


def _report_other_parts(package: Package, w: str, report: _Report) -> None:
    for part in package.related(("/header", "/footer")):
        root = package.xml(part)
        if root is not None:
            text = " ".join("".join(t.text or "" for t in p.iter(f"{{{w}}}t")) for p in root.iter(f"{{{w}}}p"))
            if text.strip():
                report.header_texts.append(" ".join(text.split()))
    for part in package.related(("/comments",)):
        root = package.xml(part)
        if root is None:
            continue
        for comment in root.iter(f"{{{w}}}comment"):
            text = " ".join("".join(t.text or "" for t in p.iter(f"{{{w}}}t")) for p in comment.iter(f"{{{w}}}p"))
            if text.strip():
                report.comments.append(" ".join(text.split()))


@dataclass
class _Report:
    source: str
    header_texts: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    revisions: int = 0
    deleted_example: str = ""
    page_fields: int = 0
    dde_fields: int = 0
    equations: int = 0
    objects: int = 0
    charts: int = 0
    diagrams: int = 0

    def count_field(self, name: str) -> None:
        if name in _PAGE_FIELDS:
            self.page_fields += 1
        elif name in _DDE_FIELDS:
            self.dde_fields += 1

    def messages(self) -> list[Message]:
        out: list[Message] = []

        def add(code: str, text: str) -> None:
            out.append(warning(code, text, self.source))

        if self.header_texts:
            unique = list(dict.fromkeys(self.header_texts))
            add("BT910", f"Đã bỏ đầu trang/chân trang (header/footer) của tài liệu, trang web không dùng: "
                         f"{_quote(' · '.join(unique))}.")
        if self.comments:
            add("BT911", f"Đã bỏ {len(self.comments)} ghi chú (comment) trong tài liệu, ghi chú không được đăng: "
                         f"{_quote(self.comments[0])}.")
        if self.revisions:
            example = f" (ví dụ phần bị xóa: {_quote(self.deleted_example)})" if self.deleted_example else ""
            add("BT912", f"Tài liệu còn {self.revisions} chỗ sửa được theo dõi (Track Changes) chưa chấp nhận: "
                         f"đã giữ phần thêm vào và bỏ phần bị xóa{example}. Hãy kiểm tra lại nội dung.")
        if self.page_fields:
            add("BT913", f"Đã bỏ {self.page_fields} số trang (trường PAGE/PAGEREF) trong nội dung; "
                         "trang web không có số trang.")
        if self.dde_fields:
            add("BT914", f"Tài liệu có {self.dde_fields} trường DDE (lệnh lấy dữ liệu từ chương trình khác, có thể "
                         "nguy hiểm); đã bỏ, không chạy lệnh nào.")
        if self.hidden:
            add("BT915", f"Đã bỏ {len(self.hidden)} đoạn chữ ẩn (hidden text): {_quote(self.hidden[0])}.")
        if self.equations:
            add("BT916", f"Có {self.equations} công thức toán được chuyển thành chữ thường (ví dụ x^2, a/b); "
                         "hãy kiểm tra lại cách hiển thị.")
        if self.objects:
            add("BT917", f"Đã bỏ {self.objects} đối tượng nhúng (OLE, ví dụ bảng tính hay tệp đính kèm) trong "
                         "tài liệu; nếu cần, hãy chụp ảnh hoặc chép nội dung vào bài.")
        if self.charts or self.diagrams:
            add("BT918", f"Đã bỏ {self.charts + self.diagrams} biểu đồ/sơ đồ (Chart, SmartArt) không chuyển được "
                         "sang trang web; nếu cần, hãy gửi kèm dưới dạng ảnh.")
        return out


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:_EXCERPT]}…”" if len(text) > _EXCERPT else f"“{text}”"
