"""Rewrite a .docx so that text typed in TCVN3/VNI fonts becomes Unicode.

Works on the package's XML parts with zipfile and lxml (not python-docx), so Strict and other
unusual packages pass through. The font of a run is resolved the way Word does it: run
properties, then the run's character style, the paragraph style, the default paragraph style
and the document defaults, each style following w:basedOn. Word draws characters U+00A0 and
above with the w:hAnsi font, so that font decides whether a run is legacy-encoded; w:ascii
only matters for the capitals of ".VnTimeH"-style fonts.
"""

from __future__ import annotations

import io
import posixpath
import unicodedata
import urllib.parse
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from mammoth.docx.dingbats import dingbats

from pipeline.convert import legacy as legacy_vn
from pipeline.convert.legacy import LegacyKind, Scheme
from pipeline.core.messages import Message, Result, info, warning

_WML_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NOTE_PART_TYPES = ("/header", "/footer", "/footnotes", "/endnotes", "/comments")
_MAX_PART_BYTES = 64 * 1024 * 1024
_MAX_UNCLEAR_WARNINGS = 5
_EXCERPT_CHARS = 60
_SCHEME_NAMES = {"tcvn3": "TCVN3", "vni": "VNI"}
_SCHEMES: dict[str, Scheme] = {"tcvn3": "tcvn3", "vni": "vni"}

_DINGBAT_FONTS = frozenset(font for font, _ in dingbats)
THEME = "<theme>"  # a theme font (w:asciiTheme…): never a legacy font
_SLOTS = ("ascii", "hAnsi")
_FONT_SLOTS_WITH_THEME = (
    ("ascii", "asciiTheme"),
    ("hAnsi", "hAnsiTheme"),
    ("eastAsia", "eastAsiaTheme"),
    ("cs", "cstheme"),
)


# --- Package ---------------------------------------------------------------------------------


def fix_legacy_fonts(docx_bytes: bytes, source_name: str) -> Result[bytes]:
    """Decode TCVN3/VNI runs to Unicode; the same bytes object comes back when nothing changed."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
            return _fix_package(package, docx_bytes, source_name)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        RuntimeError,
        OSError,
        EOFError,
        zlib.error,
        NotImplementedError,
        ValueError,
    ):
        # RuntimeError: encrypted members; the format check reports the file itself.
        text = "Không đọc được gói .docx để kiểm tra phông chữ cũ (TCVN3/VNI); bỏ qua bước này."
        return Result(docx_bytes, [warning("BT855", text, source_name)])


def _fix_package(package: zipfile.ZipFile, original: bytes, source: str) -> Result[bytes]:
    names = {info.filename.lower(): info.filename for info in package.infolist()}
    main = _main_part_name(package, names)
    if main is None:
        text = "Không tìm thấy phần nội dung chính của tệp .docx; bỏ qua bước chuyển phông chữ cũ."
        return Result(original, [warning("BT856", text, source)])
    relations = _relationships(package, names, main)
    messages: list[Message] = []
    styles = _load_styles(package, names, relations, messages, source)
    report = _Report()
    replacements: dict[str, bytes] = {}
    parts = [main] + [t for kind, t in relations if kind.endswith(_NOTE_PART_TYPES)]
    for part in dict.fromkeys(parts):
        converted = _convert_part(package, part, part == main, styles, report, messages, source)
        if converted is not None:
            replacements[part] = converted
    messages = report.messages(source) + messages
    if not replacements:
        return Result(original, messages)
    return Result(_rebuild(package, replacements), messages)


def _read_xml(package: zipfile.ZipFile, name: str) -> etree._Element | None:
    """Parse one part; None when it is too big or not XML (the caller reports it)."""
    if package.getinfo(name).file_size > _MAX_PART_BYTES:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(package.read(name), parser)
    except etree.XMLSyntaxError:
        return None


def _main_part_name(package: zipfile.ZipFile, names: dict[str, str]) -> str | None:
    for kind, target in _relationships(package, names, ""):
        if kind.endswith("/officeDocument"):
            return target
    return names.get("word/document.xml")


def _relationships(
    package: zipfile.ZipFile, names: dict[str, str], source_part: str
) -> list[tuple[str, str]]:
    """(type, existing part name) of a part's internal relationships; '' is the package."""
    folder, base = posixpath.split(source_part)
    rels = names.get(posixpath.join(folder, "_rels", base + ".rels").lower())
    root = _read_xml(package, rels) if rels else None
    if root is None:
        return []
    found = []
    for rel in root:
        if etree.QName(rel).localname != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = _resolve_target(folder, rel.get("Target", ""))
        if target.lower() in names:
            found.append((rel.get("Type", ""), names[target.lower()]))
    return found


def _resolve_target(folder: str, target: str) -> str:
    target = urllib.parse.unquote(target.split("#")[0])
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _rebuild(package: zipfile.ZipFile, replacements: dict[str, bytes]) -> bytes:
    """The same zip entries in the same order, with some parts replaced."""
    out = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(out, "w") as target:
        for entry in package.infolist():
            if entry.filename in seen:
                continue
            seen.add(entry.filename)
            data = replacements.get(entry.filename)
            clone = zipfile.ZipInfo(entry.filename, entry.date_time)
            clone.external_attr = entry.external_attr
            clone.compress_type = (
                zipfile.ZIP_STORED
                if entry.compress_type == zipfile.ZIP_STORED
                else zipfile.ZIP_DEFLATED
            )
            target.writestr(clone, data if data is not None else package.read(entry))
    return out.getvalue()


def _wml_namespace(root: etree._Element) -> str:
    namespace = etree.QName(root).namespace
    if namespace in _WML_NAMESPACES:
        return namespace
    declared = set(root.nsmap.values())
    return next((ns for ns in _WML_NAMESPACES if ns in declared), _WML_NAMESPACES[0])


# --- Styles ----------------------------------------------------------------------------------

Fonts = dict[str, str]  # slot ("ascii"/"hAnsi") → font name or THEME


def _fonts_of(rpr: etree._Element | None, ns: str) -> Fonts:
    rfonts = rpr.find(f"{{{ns}}}rFonts") if rpr is not None else None
    if rfonts is None:
        return {}
    fonts: Fonts = {}
    for slot in _SLOTS:
        # A theme attribute wins over the plain name on the same element.
        if rfonts.get(f"{{{ns}}}{slot}Theme") is not None:
            fonts[slot] = THEME
        elif rfonts.get(f"{{{ns}}}{slot}") is not None:
            fonts[slot] = rfonts.get(f"{{{ns}}}{slot}", "")
    return fonts


@dataclass
class _Style:
    based_on: str | None
    fonts: Fonts


@dataclass
class StyleSheet:
    styles: dict[str, _Style] = field(default_factory=dict)
    default_paragraph: str | None = None
    defaults: Fonts = field(default_factory=dict)

    def _chain(self, style_id: str | None) -> Iterator[Fonts]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield self.styles[style_id].fonts
            style_id = self.styles[style_id].based_on

    def font(
        self, slot: str, run: Fonts, run_style: str | None, para_style: str | None
    ) -> str | None:
        if para_style not in self.styles:
            para_style = self.default_paragraph
        levels = [run, *self._chain(run_style), *self._chain(para_style), self.defaults]
        return next((level[slot] for level in levels if slot in level), None)


def _load_styles(
    package: zipfile.ZipFile,
    names: dict[str, str],
    relations: list[tuple[str, str]],
    messages: list[Message],
    source: str,
) -> StyleSheet:
    name = next((t for kind, t in relations if kind.endswith("/styles")), None)
    name = name or names.get("word/styles.xml")
    if name is None:
        return StyleSheet()
    root = _read_xml(package, name)
    if root is None:
        messages.append(_bad_part_warning(name, source))
        return StyleSheet()
    ns = _wml_namespace(root)
    sheet = StyleSheet()
    defaults = root.find(f"{{{ns}}}docDefaults/{{{ns}}}rPrDefault/{{{ns}}}rPr")
    sheet.defaults = _fonts_of(defaults, ns)
    for style in root.iter(f"{{{ns}}}style"):
        style_id = style.get(f"{{{ns}}}styleId")
        if not style_id:
            continue
        based = style.find(f"{{{ns}}}basedOn")
        based_on = based.get(f"{{{ns}}}val") if based is not None else None
        sheet.styles[style_id] = _Style(based_on, _fonts_of(style.find(f"{{{ns}}}rPr"), ns))
        is_default = style.get(f"{{{ns}}}default") in ("1", "true", "on")
        if is_default and style.get(f"{{{ns}}}type") == "paragraph":
            sheet.default_paragraph = style_id
    return sheet


def _bad_part_warning(part: str, source: str) -> Message:
    text = (
        f"Phần {part} của tệp .docx không đọc được (không phải XML hợp lệ hoặc quá lớn); "
        "bỏ qua khi chuyển phông chữ cũ."
    )
    return warning("BT857", text, source)


# --- Runs ------------------------------------------------------------------------------------


@dataclass
class _Run:
    element: etree._Element
    pieces: list[etree._Element]  # w:t, w:delText and w:softHyphen children, in order
    texts: list[str]
    kind: LegacyKind | None  # from the fonts; None when they say nothing
    fonts: dict[str, str | None]  # resolved font of each slot

    @property
    def text(self) -> str:
        return "".join(self.texts)

    @property
    def upper_ascii(self) -> bool:
        return legacy_vn.legacy_kind_for_font(self.fonts["ascii"]) == "tcvn3_upper"

    @property
    def group(self) -> str | None:
        """Runs decoded together: a scheme, '?' for statistics, None for plain Unicode."""
        if self.kind is not None:
            return legacy_vn.scheme_of(self.kind)
        return None if _has_unicode_letters(unicodedata.normalize("NFC", self.text)) else "?"


def _has_unicode_letters(text: str) -> bool:
    """Letters above U+00FF (ư, đ, ạ, CJK…) that a TCVN3/VNI run never holds; PUA aside."""
    return any(ord(c) > 0xFF and c.isalpha() and not 0xE000 <= ord(c) < 0xF900 for c in text)


def _piece_text(piece: etree._Element, ns: str) -> str:
    # LibreOffice writes U+00AD as w:softHyphen, and in TCVN3 U+00AD is "ư".
    return "\u00ad" if piece.tag == f"{{{ns}}}softHyphen" else (piece.text or "")


def _plan_run(run: etree._Element, para_style: str | None, styles: StyleSheet, ns: str) -> _Run:
    tags = {f"{{{ns}}}t", f"{{{ns}}}delText", f"{{{ns}}}softHyphen"}
    pieces = [child for child in run if child.tag in tags]
    texts = [_piece_text(p, ns) for p in pieces]
    rpr = run.find(f"{{{ns}}}rPr")
    style = rpr.find(f"{{{ns}}}rStyle") if rpr is not None else None
    run_style = style.get(f"{{{ns}}}val") if style is not None else None
    own = _fonts_of(rpr, ns)
    fonts = {slot: styles.font(slot, own, run_style, para_style) for slot in _SLOTS}
    kind = legacy_vn.legacy_kind_for_font(fonts["hAnsi"])
    ascii_kind = legacy_vn.legacy_kind_for_font(fonts["ascii"])
    text = "".join(texts)
    hansi_unnamed = fonts["hAnsi"] in (None, THEME)
    if kind is None and ascii_kind is not None and (
            text.isascii() or (hansi_unnamed and not _has_unicode_letters(text))):
        # Only the w:ascii font draws pure-ASCII text. A legacy font named only in w:ascii, with no
        # w:hAnsi font named anywhere (old Word wrote just that slot), is the typist's font for the
        # whole run; it decides the capitals of .VnTimeH/.VnArialH too.
        kind = ascii_kind
    return _Run(run, pieces, texts, kind, fonts)


def _paragraph_runs(paragraph: etree._Element, ns: str) -> list[etree._Element]:
    """Runs of this paragraph, not those of paragraphs nested in its text boxes."""
    p_tag = f"{{{ns}}}p"
    return [
        run
        for run in paragraph.iter(f"{{{ns}}}r")
        if next(run.iterancestors(p_tag), None) is paragraph
    ]


def _paragraph_style(paragraph: etree._Element, ns: str) -> str | None:
    style = paragraph.find(f"{{{ns}}}pPr/{{{ns}}}pStyle")
    return style.get(f"{{{ns}}}val") if style is not None else None


def _groups(runs: list[_Run]) -> list[tuple[str, list[_Run]]]:
    """Consecutive text-bearing runs with the same group key (runs without text are skipped)."""
    groups: list[tuple[str, list[_Run]]] = []
    previous: str | None = None
    for run in runs:
        if not run.pieces:
            continue
        key = run.group
        if key is not None and key == previous:
            groups[-1][1].append(run)
        elif key is not None:
            groups.append((key, [run]))
        previous = key
    return groups


def _decode_group(runs: list[_Run], prior: Scheme) -> dict[Scheme, int]:
    """Decode runs in place, word by word in TCVN3 or VNI (the prior wins unless the words say
    otherwise); returns how many runs changed, by the scheme each starts in."""
    segments = [text for run in runs for text in run.texts]
    decoded, schemes = legacy_vn.decode_mixed_segments(segments, prior)
    texts, starts = iter(decoded), iter(schemes)
    changed: dict[Scheme, int] = {"tcvn3": 0, "vni": 0}
    for run in runs:
        run_schemes = [next(starts) for _ in run.texts]
        new_texts = [_apply_case(next(texts), run) for _ in run.texts]
        if new_texts != run.texts:
            changed[run_schemes[0] if run_schemes else prior] += 1
            run.texts = new_texts
    return changed


def _apply_case(text: str, run: _Run) -> str:
    """H fonts draw capitals: w:hAnsi decides for decoded letters, w:ascii for ASCII ones."""
    upper_ascii = run.upper_ascii
    upper_other = run.kind == "tcvn3_upper" or (run.kind is None and upper_ascii)
    if not (upper_other or upper_ascii):
        return text
    return "".join(_upper1(c) if (upper_ascii if c.isascii() else upper_other) else c for c in text)


def _upper1(char: str) -> str:
    upper = char.upper()
    return upper if len(upper) == 1 else char


def _write_back(run: _Run, ns: str) -> None:
    for piece, text in zip(run.pieces, run.texts):
        if piece.tag == f"{{{ns}}}softHyphen":
            if text == "\u00ad":
                continue
            deleted = next(piece.iterancestors(f"{{{ns}}}del"), None) is not None
            replacement = etree.Element(f"{{{ns}}}{'delText' if deleted else 't'}")
            piece.getparent().replace(piece, replacement)
            piece = replacement
        piece.text = text
        if text != text.strip():
            piece.set(_XML_SPACE, "preserve")


def _dingbat_font(font: str | None) -> str | None:
    """'Symbol', 'Wingdings 2'…: the name as the dingbat table spells it, or None."""
    wanted = (font or "").strip().casefold()
    return next((name for name in _DINGBAT_FONTS if name.casefold() == wanted), None)


def _symbol_font_to_unicode(run: _Run, ns: str) -> bool:
    """Text typed in the Symbol or Wingdings fonts → the Unicode characters those fonts draw.

    "£" in Symbol is "≤" and U+F0E5 is "∑": left as they are, the page would show "£" and a
    private-use character that nothing draws (and that legacy decoding would take for a mark).
    The table is mammoth's (generated from the fonts' published encodings), as for w:sym.
    """
    ascii_font, other_font = _dingbat_font(run.fonts["ascii"]), _dingbat_font(run.fonts["hAnsi"])
    if ascii_font is None and other_font is None:
        return False

    def mapped(char: str) -> str:
        code = ord(char)
        font = ascii_font if code < 0x80 else other_font  # Word's slot for the character
        if font is None:
            return char
        found = dingbats.get((font, code - 0xF000 if 0xF000 <= code <= 0xF0FF else code))
        return chr(found) if found is not None else char

    texts = ["".join(mapped(c) for c in text) for text in run.texts]
    if texts == run.texts:
        return False
    run.texts = texts
    run.kind = None
    _write_back(run, ns)
    rfonts = run.element.find(f"{{{ns}}}rPr/{{{ns}}}rFonts")
    for slot, font in (("ascii", ascii_font), ("hAnsi", other_font)):
        if font is not None and rfonts is not None and rfonts.get(f"{{{ns}}}{slot}"):
            rfonts.set(f"{{{ns}}}{slot}", "Times New Roman")  # the characters are Unicode now
    return True


def _set_unicode_font(run: _Run, ns: str) -> None:
    """Replace the legacy font so Word (and anyone reading the fonts) shows Unicode text."""
    element = run.element
    rpr = element.find(f"{{{ns}}}rPr")
    if rpr is None:
        rpr = etree.Element(f"{{{ns}}}rPr")
        element.insert(0, rpr)
    rfonts = rpr.find(f"{{{ns}}}rFonts")
    if rfonts is None:
        rfonts = etree.Element(f"{{{ns}}}rFonts")
        has_style = len(rpr) and rpr[0].tag == f"{{{ns}}}rStyle"
        rpr.insert(1 if has_style else 0, rfonts)
    for slot, theme in _FONT_SLOTS_WITH_THEME:
        # ascii/hAnsi may come from a style, so they are set on the run; the others only if named.
        font = run.fonts.get(slot) or rfonts.get(f"{{{ns}}}{slot}")
        if legacy_vn.legacy_kind_for_font(font):
            rfonts.set(f"{{{ns}}}{slot}", unicode_font_for(font or ""))
            rfonts.attrib.pop(f"{{{ns}}}{theme}", None)


def unicode_font_for(legacy_font: str) -> str:
    """A Unicode font with the same look as a legacy one ('.VnArialH' → 'Arial')."""
    lowered = legacy_font.lower()
    if any(family in lowered for family in ("arial", "helve", "univers", "avant")):
        return "Arial"
    if "courier" in lowered:
        return "Courier New"
    return "Times New Roman"


# --- Parts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    part: str
    is_main: bool
    index: int  # paragraph number in the part, from 1

    def describe(self) -> str:
        return f"đoạn thứ {self.index}" + ("" if self.is_main else f" trong {self.part}")


@dataclass
class _Report:
    converted: dict[str, int] = field(default_factory=lambda: {"tcvn3": 0, "vni": 0})
    guessed: dict[str, int] = field(default_factory=lambda: {"tcvn3": 0, "vni": 0})
    unclear: list[Message] = field(default_factory=list)

    def messages(self, source: str) -> list[Message]:
        found: list[Message] = []
        for scheme, count in self.converted.items():
            if count:
                text = f"Đã chuyển {count} đoạn chữ từ phông {_SCHEME_NAMES[scheme]} sang Unicode."
                found.append(info("BT851", text, source))
        for scheme, count in self.guessed.items():
            if count:
                text = (
                    f"Đã chuyển {count} đoạn chữ có vẻ viết bằng bảng mã {_SCHEME_NAMES[scheme]} "
                    "(phông chữ không ghi rõ) sang Unicode; hãy đọc lại để chắc chắn."
                )
                found.append(warning("BT852", text, source))
        found += self.unclear[:_MAX_UNCLEAR_WARNINGS]
        rest = len(self.unclear) - _MAX_UNCLEAR_WARNINGS
        if rest > 0:
            text = f"Còn {rest} đoạn văn khác cũng cần kiểm tra bảng mã TCVN3/VNI như trên."
            found.append(warning("BT853", text, source))
        return found


def _unclear_warning(text: str, guess: Scheme | None, place: _Place, source: str) -> Message:
    message = (
        "Đoạn văn có vẻ dùng bảng mã TCVN3/VNI nhưng không rõ phông chữ; "
        f"hãy kiểm tra lại: “{_excerpt(text)}” ({place.describe()})."
    )
    if guess is not None:
        reading = _excerpt(legacy_vn.decode(text, guess))
        message += f" Nếu là {_SCHEME_NAMES[guess]} thì đọc là: “{reading}”."
    return warning("BT853", message, source)


def _mixed_warning(text: str, scheme: Scheme, place: _Place, source: str) -> Message:
    message = (
        f"Đoạn văn dùng phông {_SCHEME_NAMES[scheme]} nhưng chữ có vẻ đã là Unicode "
        f"nên không tự chuyển; hãy kiểm tra lại: “{_excerpt(text)}” ({place.describe()})."
    )
    return warning("BT854", message, source)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT_CHARS else text[: _EXCERPT_CHARS - 1] + "…"


def _convert_part(
    package: zipfile.ZipFile,
    part: str,
    is_main: bool,
    styles: StyleSheet,
    report: _Report,
    messages: list[Message],
    source: str,
) -> bytes | None:
    """The rewritten part, or None when nothing in it changed."""
    root = _read_xml(package, part)
    if root is None:
        messages.append(_bad_part_warning(part, source))
        return None
    ns = _wml_namespace(root)
    changed = False
    doubtful: list[_Doubtful] = []
    for index, paragraph in enumerate(root.iter(f"{{{ns}}}p"), start=1):
        para_style = _paragraph_style(paragraph, ns)
        runs = [_plan_run(r, para_style, styles, ns) for r in _paragraph_runs(paragraph, ns)]
        for run in runs:
            changed |= _symbol_font_to_unicode(run, ns)
        place = _Place(part, is_main, index)
        changed |= _convert_paragraph(runs, ns, report, place, source, doubtful)
    for paragraph in doubtful:
        changed |= _settle_doubtful(paragraph, ns, report, source)
    if not changed:
        return None
    tree = root.getroottree()
    return etree.tostring(
        tree, xml_declaration=True, encoding="UTF-8", standalone=tree.docinfo.standalone
    )


@dataclass
class _Doubtful:
    """A paragraph whose runs in unnamed fonts look legacy, but too short to tell on its own."""

    runs: list[_Run]  # its runs in unnamed fonts, none decoded yet
    text: str
    place: _Place


# A document with this many runs already decoded is a legacy document: there a short paragraph
# in an unnamed font ("§VT: 1000 ®ång", "ĐVT: 1000 đồng") is decoded when it has a word that only
# decodes to Vietnamese and none that reads as Unicode; elsewhere it is only reported.
_LEGACY_DOCUMENT_RUNS = 20


def _settle_doubtful(paragraph: _Doubtful, ns: str, report: _Report, source: str) -> bool:
    decoded = sum(report.converted.values()) + sum(report.guessed.values())
    text = paragraph.text
    guess = legacy_vn.assess_legacy(text).best_guess
    if (
        decoded >= _LEGACY_DOCUMENT_RUNS
        and guess is not None
        and not _has_unicode_letters(text)
        and legacy_vn.score_mixed(text, guess).good
        and not legacy_vn.score_mixed(text, guess).unicode_words
        and not legacy_vn.reads_as_typed(text, guess)
    ):
        return _decode_guessed(paragraph.runs, guess, ns, report)
    report.unclear.append(_unclear_warning(text, guess, paragraph.place, source))
    return False


def _convert_paragraph(
    runs: list[_Run], ns: str, report: _Report, place: _Place, source: str,
    doubtful: list[_Doubtful],
) -> bool:
    groups = _groups(runs)
    changed = False
    for key, members in groups:
        scheme = _SCHEMES.get(key)
        if scheme is not None:
            changed |= _convert_font_group(scheme, members, ns, report, place, source)
    # Runs in Unicode fonts are judged together: real Unicode letters make a guess unsafe.
    sample = "".join(run.text for run in runs if run.kind is None)
    if not any(0xA0 <= ord(c) <= 0xFF or 0xF0A0 <= ord(c) <= 0xF0FF for c in sample):
        return changed
    assessment = legacy_vn.assess_legacy(sample)
    unknown = [members for key, members in groups if key == "?"]
    if assessment.kind is not None:
        for members in unknown:
            changed |= _decode_guessed(members, assessment.kind, ns, report)
        return changed
    if not assessment.suspicious:
        return changed
    # Mixed paragraphs (Unicode beside TCVN3, or TCVN3 beside VNI): judge each group, then each run.
    left: list[_Run] = []
    for members in unknown:
        kind = legacy_vn.assess_legacy("".join(run.text for run in members)).kind
        if kind is not None:
            changed |= _decode_guessed(members, kind, ns, report)
            continue
        for run in members:
            kind = legacy_vn.assess_legacy(run.text).kind
            if kind is not None:
                changed |= _decode_guessed([run], kind, ns, report)
            else:
                left.append(run)
    # What is still doubtful after decoding what was clear (left runs, Unicode runs holding legacy words).
    rest = "".join(run.text for run in runs if run.kind is None)
    remaining = legacy_vn.assess_legacy(rest)
    unicode_runs = any(run.group is None for run in runs if run.kind is None)
    if remaining.suspicious and left and not unicode_runs:
        # Settled once the whole part is read (is this a legacy document?).
        doubtful.append(_Doubtful(left, "".join(run.text for run in left), place))
    elif remaining.suspicious and (left or unicode_runs):
        report.unclear.append(_unclear_warning(rest, remaining.best_guess, place, source))
    return changed


def _decode_guessed(members: list[_Run], kind: Scheme, ns: str, report: _Report) -> bool:
    counts = _decode_group(members, kind)
    for scheme, count in counts.items():
        report.guessed[scheme] += count
    for run in members:
        _write_back(run, ns)
    return any(counts.values())


def _convert_font_group(
    scheme: Scheme, runs: list[_Run], ns: str, report: _Report, place: _Place, source: str
) -> bool:
    text = "".join(run.text for run in runs)
    composed = unicodedata.normalize("NFC", text)
    if composed != text and _has_unicode_letters(composed):
        # Decomposed (NFD) Unicode in a legacy font is valid Unicode: nothing to decode, nothing to say.
        return False
    if _has_unicode_letters(text) or legacy_vn.reads_as_typed(text, scheme):
        # Already Unicode despite the font (pasted text, old template): decoding would garble it.
        report.unclear.append(_mixed_warning(text, scheme, place, source))
        return False
    # The font names a scheme, but VNI typed in a TCVN3 font (or the reverse, or both in one run)
    # is common: the words decide, the font only breaks ties.
    counts = _decode_group(runs, scheme)
    for decoded_as, count in counts.items():
        report.converted[decoded_as] += count
    for run in runs:
        _set_unicode_font(run, ns)
        _write_back(run, ns)
    return any(counts.values())
