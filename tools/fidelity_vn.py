"""`make fidelity-vn`: real Vietnamese office documents through intake — metadata and text kept.

Reads every .doc/.docx/.odt/.rtf in FIDELITY_VN_DIR (default ../shared/corpus-vn; the documents
are public files written by others, listed with origin and licence in tools/corpus-vn.tsv and never
committed). For each document it reports what `pipeline ingest` would choose and what it keeps:

- title chosen and its source (pipeline.intake.titles), unit and topic found in a metadata table,
  the byline (author) and whether it is a machine/placeholder name;
- text recall: the share of the words of LibreOffice's plain-text export (counted with repeats)
  found in the converted title + body. That export has no fonts, so TCVN3/VNI and Symbol text is
  turned into what a reader sees first (the "transcript"): each paragraph of LibreOffice's XHTML
  export is decoded by the font each piece of it is drawn in (.VnTime → TCVN3, VNI-Times → VNI,
  Symbol/Wingdings → their Unicode characters; neighbouring pieces in one font together, since a VNI
  mark may start the next piece; in a legacy font the words choose TCVN3 or VNI, the font breaking
  ties, as for VNI typed in a TCVN3 font), and a text line takes the decoded form of its paragraph.
  Lines no paragraph matches fall back to the document's likelier scheme;
- lost lines: lines of that reference (two words or more) whose words are not found in order;
  lost headings: those of them that are upper-case or short (≤ 12 words);
- mojibake lines (text still in TCVN3/VNI, pipeline.convert.legacy.looks_like_legacy) and lines
  not in NFC, in the output, and how many of the mojibake lines read the same in the transcript (the
  document's own bytes are damaged there); mojibake and letterhead titles.

Writes reports/fidelity-vn.md and prints the summary; with --write-docs the same figures and
per-document table replace the generated block of docs/conversion.md (so the figures there are the
tool's, never typed). Not part of `make test`.
Usage: python tools/fidelity_vn.py [--only NAME] [--write-docs]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.etree  # noqa: E402
import lxml.html  # noqa: E402
import markdown  # noqa: E402
from mammoth.docx.dingbats import dingbats  # noqa: E402

from pipeline.content.bylines import is_placeholder_author  # noqa: E402
from pipeline.convert import htmlclean, libreoffice  # noqa: E402
from pipeline.convert.document import finish_body  # noqa: E402
from pipeline.convert.docx.convert import convert_docx  # noqa: E402
from pipeline.convert.legacy import (  # noqa: E402
    assess_legacy,
    decode,
    decode_mixed,
    legacy_kind_for_font,
    looks_like_legacy,
    scheme_of,
    score_mixed,
)
from pipeline.convert.read import read_document  # noqa: E402
from pipeline.core.config import load_config  # noqa: E402
from pipeline.intake import titles  # noqa: E402
from pipeline.intake.document_meta import fill_from_document  # noqa: E402
from pipeline.intake.metadata import (  # noqa: E402
    RawMeta,
    looks_like_metadata_table,
    read_core_properties,
    table_rows_to_fields,
)
from pipeline.intake.units import resolve_unit  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "corpus-vn"
REPORT = ROOT / "reports" / "fidelity-vn.md"
SUFFIXES = {".doc", ".docx", ".odt", ".rtf"}


@dataclass
class Row:
    name: str
    refused: str = ""
    title: str = ""
    title_source: str = ""
    unit: str = ""
    topic: str = ""
    author: str = ""
    machine_author: bool = False
    legacy: bool = False
    recall: float | None = None
    lost_lines: list[str] = field(default_factory=list)
    lost_headings: list[str] = field(default_factory=list)
    mojibake_lines: int = 0
    mojibake_as_source: int = 0  # of mojibake_lines, those the transcript reads the same way
    not_nfc_lines: int = 0
    mojibake_title: bool = False
    letterhead_title: bool = False


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


_DINGBAT_FONTS = {font.casefold(): font for font, _ in dingbats}
_CSS_RULE = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")
_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;,}]+)")
# A label LibreOffice writes before a list item's text: "1.", "1.2.1", "a)", "II.", "•", "-".
_HIDDEN = re.compile(r"display\s*:\s*none")
HIDDEN = "\0hidden"  # the "font" of a hidden piece
LABEL = "\0label"  # the "font" of a list label
_FLOAT_LEFT = re.compile(r"float\s*:\s*left")
_BLOCKS = frozenset({"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td"})
_LIST_LABEL = re.compile(r"^((?:\d+[.)]?)+\s|[IVXLCDM]+[.)]\s|[a-zđ][.)]\s|[^\w\s]{1,3}\s)(.*)$")


def _drawn(text: str, font: str | None) -> str:
    """Text as the font draws it: legacy fonts decoded, Symbol/Wingdings mapped, others as typed."""
    dingbat = _DINGBAT_FONTS.get((font or "").casefold())
    if dingbat is not None:
        return "".join(chr(dingbats.get((dingbat, ord(c) - 0xF000 if ord(c) >= 0xF000 else ord(c)), ord(c)))
                       for c in text)
    kind = legacy_kind_for_font(font)
    if kind and any(ord(c) > 0xFF and c.isalpha() and not 0xE000 <= ord(c) < 0xF900 for c in text):
        return text  # Unicode letters in a legacy font: already Unicode (as the converter judges it)
    if kind == "tcvn3_upper":
        return decode(text, kind)
    # VNI typed in a TCVN3-named font, or both in one piece: the words decide, as a reader does.
    return decode_mixed(text, scheme_of(kind)) if kind else text


def _xhtml_tree(xhtml: str):  # type: ignore[no-untyped-def]
    """The export read as the XML it is, so a <p> LibreOffice nests in a <p> stays inside it (and
    keeps its font); the HTML parser moves it out. Tags without their namespace."""
    try:
        root = lxml.etree.fromstring(xhtml.encode("utf-8"), lxml.etree.XMLParser(recover=True, huge_tree=True))
    except lxml.etree.XMLSyntaxError:
        root = None
    if root is None:
        return lxml.html.document_fromstring(xhtml.encode("utf-8"))
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    return root


def drawn_paragraphs(xhtml: str) -> dict[str, str]:
    """LibreOffice's XHTML export: each paragraph's text as typed → as drawn, piece by piece."""
    root = _xhtml_tree(xhtml)
    rules = _CSS_RULE.findall(" ".join(root.xpath("//style/text()")))
    classes = {name: family for name, rule in rules for family in _FONT_FAMILY.findall(rule)[:1]}
    # Hidden text (Word's w:vanish): in the plain-text export, never on the page nor in the article.
    hidden = {name for name, rule in rules if _HIDDEN.search(rule)}

    def font_of(el, inherited: str | None) -> str | None:  # type: ignore[no-untyped-def]
        own = _FONT_FAMILY.findall(el.get("style") or "")
        for name in (el.get("class") or "").split():
            own = own or ([classes[name]] if name in classes else [])
        return own[0].strip().strip("'\"") if own else inherited

    def walk(el, font: str | None) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
        if _HIDDEN.search(el.get("style") or "") or hidden & set((el.get("class") or "").split()):
            return [("".join(el.itertext()), HIDDEN)]
        if _FLOAT_LEFT.search(el.get("style") or ""):
            # A list label drawn beside the text ("*" for a bullet the text export writes "•"): the
            # text export's label is matched apart (_LIST_LABEL).
            return [("".join(el.itertext()), LABEL)]
        font = font_of(el, font)
        pieces = [(el.text or "", font)]
        for child in el:
            if isinstance(child.tag, str):
                pieces += walk(child, font)
            pieces.append((child.tail or "", font))
        return pieces

    def drawn(pieces: list[tuple[str, str | None]]) -> str:
        # Neighbouring pieces in one font are decoded together: a VNI mark may start the next
        # piece ("ñu" + "û" = "đủ"), as Word draws it and as the converter decodes it.
        merged: list[tuple[str, str | None]] = []
        for text, font in pieces:
            if font in (HIDDEN, LABEL):
                continue
            if merged and merged[-1][1] == font:
                merged[-1] = (merged[-1][0] + text, font)
            elif text:
                merged.append((text, font))
        return "".join(_drawn(text, font) for text, font in merged)

    def loose_texts(box, font: str | None) -> list[list[tuple[str, str | None]]]:  # type: ignore[no-untyped-def]
        # Text written straight into a frame's <div> or the body beside paragraphs ("<div><p/>Nhãm
        # TSC§</div>"; the HTML parser also moves a <p> nested in a <p> out), one line per stretch.
        font = font_of(box, font)
        stretches: list[list[tuple[str, str | None]]] = [[(box.text or "", font)]]
        for child in box:
            if isinstance(child.tag, str) and child.tag in _BLOCKS:
                stretches.append([])
            elif isinstance(child.tag, str):
                stretches[-1] += walk(child, font)
            stretches[-1].append((child.tail or "", font))
        return stretches

    def inherited_font(el) -> str | None:  # type: ignore[no-untyped-def]
        font = None
        for up in reversed(list(el.iterancestors())):
            font = font_of(up, font)
        return font

    mapping: dict[str, str] = {}
    for p in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "body", "td", "li"):
        if p.tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
            stretches = [walk(p, inherited_font(p))]
        else:
            stretches = loose_texts(p, inherited_font(p))
        for pieces in stretches:
            raw = " ".join("".join(text for text, font in pieces if font != LABEL).split())
            if raw and raw not in mapping:
                mapping[raw] = unicodedata.normalize("NFC", " ".join(drawn(pieces).split()))
    return mapping


def transcript(lines: list[str], drawn: dict[str, str] | None = None) -> tuple[list[str], bool]:
    """LibreOffice's lines as a reader sees them: a line takes its paragraph's drawn form (see
    drawn_paragraphs; a list label LibreOffice puts in front stays as it is). Lines without one
    get the document's scheme when a word decodes to Vietnamese and none reads as Unicode."""
    drawn = drawn or {}
    assessment = assess_legacy("\n".join(lines))
    kind = assessment.kind or assessment.best_guess  # partly Unicode documents: the likelier scheme
    out, legacy = [], False
    def told(text: str) -> bool:
        # The fonts decided: a paragraph drawn differently from how it is typed, or plain text. One
        # still legacy-looking as typed had no font saying so in the export (LibreOffice gives some
        # runs Times New Roman): it is guessed, as the converter guesses it.
        return text in drawn and (drawn[text] != text or not looks_like_legacy(text))

    for line in lines:
        label = _LIST_LABEL.match(line)
        if told(line):
            out.append(drawn[line])
        elif label and told(label.group(2)):
            out.append(label.group(1) + drawn[label.group(2)])
        elif kind is not None:
            found = score_mixed(line, kind)
            decoded = found.good and not found.unicode_words and not any(
                ord(c) > 0xFF and c.isalpha() for c in line)
            out.append(unicodedata.normalize("NFC", decode_mixed(line, kind)) if decoded else line)
        else:
            out.append(line)
        legacy = legacy or (out[-1] != line and looks_like_legacy(line))
    return out, legacy or kind is not None


@dataclass
class Reference:
    lines: list[str]  # LibreOffice's plain-text export, one entry per non-empty line
    drawn: dict[str, str]  # paragraph as typed → as drawn (drawn_paragraphs)


def libreoffice_references(paths: list[Path], workdir: Path) -> dict[str, Reference]:
    """Plain-text and XHTML exports of every document, one LibreOffice run each: name → Reference."""
    soffice = libreoffice.find_soffice()
    if soffice is None:
        return {}
    staged = workdir / "in"
    staged.mkdir()
    for n, path in enumerate(paths):
        shutil.copyfile(path, staged / f"{n:03d}{path.suffix.lower()}")
    for target, folder in (("txt:Text (encoded):UTF8", "txt"), ("html:XHTML Writer File:UTF8", "html")):
        command = [
            soffice, f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless", "--norestore",
            "--convert-to", target, "--outdir", str(workdir / folder), *[str(p) for p in sorted(staged.iterdir())],
        ]
        subprocess.run(command, capture_output=True, timeout=1200, check=False)
    out: dict[str, Reference] = {}
    for n, path in enumerate(paths):
        produced = workdir / "txt" / f"{n:03d}.txt"
        if not produced.is_file():
            continue
        text = produced.read_text(encoding="utf-8-sig", errors="replace")
        xhtml = workdir / "html" / f"{n:03d}.html"
        drawn = drawn_paragraphs(xhtml.read_text(encoding="utf-8", errors="replace")) if xhtml.is_file() else {}
        out[path.name] = Reference([" ".join(line.split()) for line in text.splitlines() if line.strip()], drawn)
    return out


def rendered_text(title: str, body: str) -> list[str]:
    html = markdown.markdown(body, extensions=["extra", "sane_lists"], output_format="html")
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for ol in root.iter("ol"):  # the numbers Word shows are in LibreOffice's text too
        for n, li in enumerate(ol.xpath("./li"), start=int(ol.get("start") or 1)):
            li.text = f"{n}. " + (li.text or "")
    for el in root.iter("td", "th", "li", "p", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "div"):
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    text = title + "\n" + root.text_content()
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def measure(path: Path, reference: Reference | None, config) -> Row:  # type: ignore[no-untyped-def]
    row = Row(path.name)
    doc = read_document(path)
    if doc.value is None:
        row.refused = "; ".join(m.text for m in doc.messages) or "không đọc được"
        return row
    row.legacy = any(m.code in ("BT851", "BT852") for m in doc.messages)
    converted = convert_docx(doc.value.docx, path.name)
    if converted.value is None:
        row.refused = "; ".join(m.text for m in converted.messages) or "không chuyển được"
        return row
    root = htmlclean.parse_fragment(converted.value.html)
    raw = RawMeta()
    raw.merge_under(table_rows_to_fields(htmlclean.take_metadata_table(root, looks_like_metadata_table)),
                    "bảng thông tin")
    fill_from_document(raw, root, read_core_properties(doc.value.docx), config, path.name)
    row.title = str(raw.values.get("title") or "")
    if not row.title:  # what intake does (pipeline/intake/routing.py): refused, with the reason
        row.refused = ("BT810 Không tìm thấy tiêu đề. Hãy điền ô 'Tiêu đề' trong bảng thông tin hoặc đặt "
                       "tiêu đề ở dòng đầu với kiểu Heading 1.")
        return row
    row.title_source = str(raw.values.get("title_source") or "")
    unit_text = str(raw.values.get("unit") or "")
    if unit_text:
        match = resolve_unit(unit_text, config)
        row.unit = match.unit.slug if match.unit else f"? {unit_text}"
    topic = config.find_topic(str(raw.values.get("topic") or "")) if raw.values.get("topic") else None
    row.topic = topic.slug if topic else ""
    row.author = str(raw.values.get("author") or "")
    row.machine_author = bool(row.author) and is_placeholder_author(row.author, config)
    blocks = titles.blocks_of(htmlclean.parse_fragment(converted.value.html))
    row.letterhead_title = bool(row.title) and (
        row.title in titles.preamble_lines(blocks) or titles._is_anchor(titles.low(row.title)))
    row.mojibake_title = looks_like_legacy(row.title)
    body = finish_body(root, path.name).value
    ours = rendered_text(row.title, body)
    row.mojibake_lines = sum(1 for line in ours if looks_like_legacy(line))
    row.not_nfc_lines = sum(1 for line in ours if unicodedata.normalize("NFC", line) != line)
    if reference is None:
        return row
    ref_lines, decoded = transcript(reference.lines, reference.drawn)
    row.legacy = row.legacy or decoded
    # Lines that read as legacy in the transcript too: bytes damaged in the document itself (letters
    # missing, a third encoding), counted apart so that the figure says where the fault is.
    flagged = [f" {' '.join(words(line))} " for line in ref_lines if looks_like_legacy(line)]
    row.mojibake_as_source = sum(1 for line in ours if looks_like_legacy(line)
                                 and any(f" {' '.join(words(line))} " in ref for ref in flagged))
    found = Counter(words(" ".join(ours)))
    need = Counter(words(" ".join(ref_lines)))
    total = sum(need.values())
    row.recall = sum(min(n, found[w]) for w, n in need.items()) / total if total else 1.0
    haystack = " " + " ".join(words(" ".join(ours))) + " "
    for line in ref_lines:
        seq = words(line)
        if len(seq) >= 2 and f" {' '.join(seq)} " not in haystack:
            row.lost_lines.append(line)
            if titles.is_upper(line) or len(seq) <= 12:
                row.lost_headings.append(line)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only documents whose name contains this text")
    parser.add_argument("--write-docs", action="store_true",
                        help=f"replace the generated block of {DOCS.relative_to(ROOT)} with this run's figures")
    args = parser.parse_args(argv)
    folder = Path(os.environ.get("FIDELITY_VN_DIR") or DEFAULT_DIR)
    if not folder.is_dir():
        print(f"Không có thư mục tài liệu mẫu '{folder}' (đặt FIDELITY_VN_DIR). "
              f"The corpus folder '{folder}' does not exist: set FIDELITY_VN_DIR to a folder of "
              "Vietnamese office documents (see tools/corpus-vn.tsv).", file=sys.stderr)
        return 2
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES
                   and (not args.only or args.only in p.name))
    if not paths:
        print(f"Thư mục '{folder}' không có tệp .doc/.docx/.odt/.rtf. No documents in '{folder}'.",
              file=sys.stderr)
        return 2
    config = load_config(ROOT / "editorial.yml")
    with tempfile.TemporaryDirectory(prefix="fidelity-vn-") as tmp:
        references = libreoffice_references(paths, Path(tmp))
    rows = [measure(p, references.get(p.name), config) for p in paths]
    report = render(rows)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    print(report)
    if args.write_docs:
        if args.only:
            print("--write-docs cần cả bộ tài liệu, không dùng cùng --only. "
                  "--write-docs needs the whole corpus, not --only.", file=sys.stderr)
            return 2
        write_docs(report)
    return 0


DOCS = ROOT / "docs" / "conversion.md"
DOCS_BEGIN = "<!-- make fidelity-vn-docs: begin (generated by tools/fidelity_vn.py --write-docs) -->"
DOCS_END = "<!-- make fidelity-vn-docs: end -->"


def write_docs(report: str) -> None:
    """Put this run's report (without its own title) between the markers of docs/conversion.md."""
    text = DOCS.read_text(encoding="utf-8")
    start, end = text.index(DOCS_BEGIN) + len(DOCS_BEGIN), text.index(DOCS_END)
    body = report.split("\n", 1)[1].strip()
    body = body.replace("## Lost lines", "#### Lost lines")
    DOCS.write_text(text[:start] + "\n\n" + body + "\n\n" + text[end:], encoding="utf-8")


def render(rows: list[Row]) -> str:
    done = [r for r in rows if not r.refused]
    recalls = [r.recall for r in done if r.recall is not None]
    legacy = sum(1 for r in done if r.legacy)
    lines = [
        "# Vietnamese office documents: metadata and text kept (make fidelity-vn)",
        "",
        f"- documents: {len(rows)} ({len(done)} converted, {len(rows) - len(done)} refused with a reason; "
        f"{legacy} with TCVN3/VNI text)",
        f"- text recall against LibreOffice's text export: median "
        f"{statistics.median(recalls):.2%}, min {min(recalls):.2%}" if recalls else "- text recall: —",
        f"- mojibake titles: {sum(r.mojibake_title for r in done)} · letterhead titles: "
        f"{sum(r.letterhead_title for r in done)} · machine bylines: {sum(r.machine_author for r in done)}",
        f"- lost lines: {sum(len(r.lost_lines) for r in done)} (headings among them: "
        f"{sum(len(r.lost_headings) for r in done)}) · mojibake lines: {sum(r.mojibake_lines for r in done)}"
        f" ({sum(r.mojibake_as_source for r in done)} of them the same in the transcript: the source's own bytes)"
        f" · lines not NFC: {sum(r.not_nfc_lines for r in done)}",
        f"- titles by source: " + ", ".join(f"{s or '(none)'} {n}" for s, n in
                                             Counter(r.title_source for r in done).most_common()),
        "",
        "| document | title (source) | unit/topic | author | recall | lost lines | mojibake | not NFC |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.refused:
            lines.append(f"| {r.name} | refused: {r.refused[:120]} | | | | | | |")
            continue
        title = (r.title[:70] + "…") if len(r.title) > 70 else r.title
        flags = " ⚠ letterhead" if r.letterhead_title else ""
        flags += " ⚠ mojibake" if r.mojibake_title else ""
        recall = f"{r.recall:.1%}" if r.recall is not None else "—"
        author = r.author + (" ⚠ machine" if r.machine_author else "")
        lines.append(f"| {r.name}{' (legacy)' if r.legacy else ''} | {title or '—'} ({r.title_source or '—'}){flags} | "
                     f"{r.unit or '—'}/{r.topic or '—'} | {author or '—'} | {recall} | {len(r.lost_lines)} | "
                     f"{r.mojibake_lines} | {r.not_nfc_lines} |")
    lost = [(r.name, line) for r in done for line in r.lost_lines]
    if lost:
        lines += ["", "## Lost lines (first 40)", ""]
        lines += [f"- {name}: “{line[:120]}”" for name, line in lost[:40]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
