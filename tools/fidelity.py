"""`make fidelity`: how much of each document survives conversion, next to pandoc.

Every document in ../shared/samples/real (and the project's own fixtures and demo submissions) is
converted with the pipeline (pipeline.convert.document.convert_document) and with pandoc
(`pandoc -f docx -t gfm`; .doc/.odt/.rtf first go through LibreOffice, as in the pipeline).

Text recall is the share of the document's words, counted with repeats, that appear in the
Markdown. The document's words come from python-docx: the body's w:t text (tracked deletions,
field codes and page-number fields left out) plus footnotes and endnotes, read from the .docx
itself or from LibreOffice's .docx for the other formats; LibreOffice's plain-text export stands
in when python-docx cannot open a package (ISO Strict). Both Markdown outputs are
rendered with Python-Markdown (as on the site) before words and structures are counted.

Writes reports/fidelity.md and prints the summary. Usage: python tools/fidelity.py [--only NAME]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import markdown
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.convert import libreoffice
from pipeline.convert.document import convert_document
from pipeline.convert.sniff import Kind, sniff
from pipeline.core.messages import Level

# Read in place (never copied): beside the checkout, or where SAMPLES_DIR says (tests/conftest.py).
SAMPLES = Path(os.environ.get("SAMPLES_DIR") or ROOT.parent / "shared" / "samples").resolve()
REPORT = ROOT / "reports" / "fidelity.md"
STRUCTURES = ("headings", "list items", "tables", "images", "links")
_DOC_SUFFIXES = {".docx", ".doc", ".odt", ".rtf"}
_NO_RESULT_FIELDS = re.compile(r"\s*(PAGE|NUMPAGES|SECTIONPAGES|PAGEREF|DDE|DDEAUTO)\b", re.IGNORECASE)
_DROPPED_ANCESTORS = {"del", "moveFrom", "Fallback", "instrText", "delText"}


@dataclass
class Measure:
    recall: float | None = None
    counts: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


@dataclass
class Row:
    name: str
    group: str
    fmt: str
    refused: str = ""
    words: int = 0
    ours: Measure = field(default_factory=Measure)
    pandoc: Measure | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def shortfalls(self) -> list[str]:
        if self.refused or self.pandoc is None:
            return []
        out = [s for s in STRUCTURES if self.ours.counts.get(s, 0) < self.pandoc.counts.get(s, 0)]
        if self.ours.recall is not None and self.ours.recall < 1.0:
            out.insert(0, "text")
        return out


# --- the document's own words --------------------------------------------------------------------


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def docx_reference_text(data: bytes) -> str | None:
    """The body, footnotes and endnotes text of a .docx as python-docx reads its XML."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - Strict and odd packages: the caller falls back to LibreOffice
        return None
    roots = [document.element.body]
    for rel in document.part.rels.values():
        if rel.reltype.endswith(("/footnotes", "/endnotes")) and not rel.is_external:
            roots.append(etree.fromstring(rel.target_part.blob))
    return "\n".join(_xml_text(root) for root in roots)


def _as_read(data: bytes, name: str) -> bytes:
    """Text in TCVN3/VNI fonts counts as the reader sees it: decoded (the tables are tested apart)."""
    try:
        from pipeline.convert.docx.fonts import fix_legacy_fonts
    except ImportError:
        return data
    fixed = fix_legacy_fonts(data, name).value
    return fixed if isinstance(fixed, bytes) else data


def _xml_text(root: etree._Element) -> str:
    """Paragraph texts; a paragraph whose mark is a tracked deletion runs into the next one."""
    out: list[str] = []
    field_stack: list[list] = []  # [instruction, dropping-result?]
    for p in root.iter(f"{{{_w(root)}}}p"):
        if any(etree.QName(a).localname in ("Fallback", "del", "moveFrom") for a in p.iterancestors()):
            continue
        if any(etree.QName(a).localname == "p" for a in p.iterancestors()):
            continue  # a text box's paragraphs are read with the paragraph holding them
        text = []
        for el in p.iter():
            if not isinstance(el.tag, str):
                continue
            name = etree.QName(el).localname
            if name == "fldChar":
                kind = el.get(f"{{{_w(root)}}}fldCharType")
                if kind == "begin":
                    field_stack.append(["", False])
                elif kind == "separate" and field_stack:
                    field_stack[-1][1] = bool(_NO_RESULT_FIELDS.match(field_stack[-1][0]))
                elif kind == "end" and field_stack:
                    field_stack.pop()
            elif name == "instrText" and field_stack:
                field_stack[-1][0] += el.text or ""
            elif name in ("t", "tab", "br") and not any(f[1] for f in field_stack) and not _math(el):
                if any(etree.QName(a).localname in _DROPPED_ANCESTORS for a in el.iterancestors()):
                    continue
                if _hidden(el):
                    continue
                if name == "t" and any(etree.QName(a).localname == "fldSimple" and _NO_RESULT_FIELDS.match(
                        a.get(f"{{{_w(root)}}}instr") or "") for a in el.iterancestors()):
                    continue
                text.append(el.text or "" if name == "t" else " ")
            elif name == "p" and el is not p:
                text.append("\n")
        joined = "".join(text)
        deleted_mark = p.find(f"{{{_w(root)}}}pPr/{{{_w(root)}}}rPr/{{{_w(root)}}}del")
        out.append(joined + ("" if deleted_mark is not None else "\n"))
    return "".join(out)


def _math(el: etree._Element) -> bool:
    """Equations are written differently by every tool (text, LaTeX): they are not counted as words."""
    return "/math" in (etree.QName(el).namespace or "")


def _hidden(el: etree._Element) -> bool:
    """Text formatted as hidden (w:vanish on its run) is dropped by design."""
    run = el.getparent()
    if run is None or etree.QName(run).localname != "r":
        return False
    w = etree.QName(run).namespace
    vanish = run.find(f"{{{w}}}rPr/{{{w}}}vanish")
    return vanish is not None and (vanish.get(f"{{{w}}}val") or "true").lower() not in ("0", "false", "off")


def _w(root: etree._Element) -> str:
    return etree.QName(root).namespace or ""


def libreoffice_text(path: Path, workdir: Path) -> str | None:
    soffice = libreoffice.find_soffice()
    if soffice is None:
        return None
    staged = workdir / ("input" + path.suffix.lower())
    shutil.copyfile(path, staged)
    command = [
        soffice, f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless", "--norestore",
        "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(workdir / "txt"), str(staged),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=180, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    produced = workdir / "txt" / "input.txt"
    return produced.read_text(encoding="utf-8-sig", errors="replace") if produced.is_file() else None


# --- counting a Markdown output ---------------------------------------------------------------


def render(md: str) -> lxml.html.HtmlElement:
    html = markdown.markdown(md, extensions=["extra", "sane_lists"], output_format="html")
    return lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")


def measure(md: str, reference: list[str]) -> Measure:
    root = render(md)
    # Footnote numbers and back-links are not the author's words.
    for note in root.xpath(".//a[contains(@class, 'footnote-backref')]|.//sup[a[@class='footnote-ref']]"):
        note.drop_tree()
    # Cells, items and paragraphs are separate words even when the HTML has no space between them.
    for el in root.iter("td", "th", "li", "p", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "div"):
        el.text = " " + (el.text or "")
        el.tail = " " + (el.tail or "")
    text = root.text_content() + " " + " ".join(img.get("alt", "") for img in root.iter("img"))
    found = Counter(words(text))
    need = Counter(reference)
    kept = sum(min(n, found[w]) for w, n in need.items())
    missing = sorted((w for w, n in need.items() if found[w] < n), key=lambda w: -need[w])
    counts = {
        # Empty headings and items (pandoc writes "# " for an empty heading paragraph) are no structure.
        "headings": sum(1 for h in root.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6") if h.text_content().strip()),
        "list items": sum(1 for li in root.xpath(".//li[not(ancestor::div[@class='footnote'])]")
                          if li.text_content().strip() or li.xpath(".//img")),
        "tables": len(root.xpath(".//table")),
        "images": len(root.xpath(".//img")),
        "links": len(root.xpath(".//a[@href][not(contains(@class, 'footnote'))]")),
    }
    recall = kept / sum(need.values()) if need else 1.0
    return Measure(recall, counts, missing[:12])


# --- one document -------------------------------------------------------------------------------


def _web_ready(data: bytes, work: Path) -> bool:
    from pipeline.intake.photos import process_image

    return process_image(data, "ảnh", work / "photos", "anh").value is not None


def run_pandoc(docx_path: Path) -> str | None:
    try:
        done = subprocess.run(
            ["pandoc", "-f", "docx", "-t", "gfm", str(docx_path)], capture_output=True, timeout=180, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def measure_document(path: Path, group: str) -> Row:
    row = Row(path.name, group, path.suffix.lower().lstrip("."))
    with tempfile.TemporaryDirectory(prefix="bantin-fidelity-") as tmp:
        work = Path(tmp)
        kind = sniff(path).value
        docx_path: Path | None = path if kind is Kind.DOCX else None
        if kind.needs_libreoffice:
            docx_path = libreoffice.convert_to_docx(path, work / "lo").value
        reference_text = docx_reference_text(_as_read(docx_path.read_bytes(), path.name)) if docx_path else None
        if reference_text is None and kind is not Kind.UNKNOWN:
            reference_text = libreoffice_text(path, work)
        reference = words(reference_text or "")
        row.words = len(reference)

        result = convert_document(path)
        row.warnings = [m.text for m in result.messages if m.level is Level.WARNING]
        if result.value is None:
            row.refused = next((m.text for m in result.messages if m.level is Level.ERROR), "từ chối")
        else:
            row.ours = measure(result.value.markdown, reference)
            # An image only counts if it can be made web-ready (EMF, WMF or PICT cannot).
            unusable = sum(1 for image in result.value.images if not _web_ready(image.data, work))
            row.ours.counts["images"] = max(0, row.ours.counts["images"] - unusable)
        if docx_path is not None and not row.refused:
            pandoc_md = run_pandoc(docx_path)
            if pandoc_md is not None:
                row.pandoc = measure(pandoc_md, reference)
                # Same rule as for the pipeline: an EMF/WMF picture is no image on a web page.
                row.pandoc.counts["images"] = len(re.findall(
                    r"""(?:\]\(|src=")[^)"\s]+\.(?:png|jpe?g|gif|svg|webp)\b""", pandoc_md, re.IGNORECASE))
    return row


# --- the report --------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def _pair(row: Row, key: str) -> str:
    ours = row.ours.counts.get(key, 0)
    theirs = "—" if row.pandoc is None else str(row.pandoc.counts.get(key, 0))
    mark = " ⚠" if row.pandoc is not None and ours < row.pandoc.counts.get(key, 0) else ""
    return f"{ours} / {theirs}{mark}"


def summary_lines(rows: list[Row]) -> list[str]:
    converted = [r for r in rows if not r.refused]
    compared = [r for r in converted if r.pandoc is not None]
    full = [r for r in converted if r.ours.recall is not None and r.ours.recall >= 1.0]
    total_words = sum(r.words for r in converted)
    kept_words = sum(round((r.ours.recall or 0) * r.words) for r in converted)
    compared_words = sum(r.words for r in compared)
    pandoc_words = sum(round((r.pandoc.recall or 0) * r.words) for r in compared)
    lines = [
        "| | pipeline | pandoc |",
        "|---|---|---|",
        f"| tài liệu đo / bị từ chối | {len(converted)} / {len(rows) - len(converted)} | {len(compared)} đọc được |",
        (f"| giữ đủ 100% chữ | {len(full)} / {len(converted)} | "
         f"{sum(1 for r in compared if (r.pandoc.recall or 0) >= 1.0)} / {len(compared)} |"),
        (f"| tỉ lệ chữ giữ được (tổng) | {_pct(kept_words / total_words if total_words else None)} | "
         f"{_pct(pandoc_words / compared_words if compared_words else None)} |"),
    ]
    for key in STRUCTURES:
        ours = sum(r.ours.counts.get(key, 0) for r in compared)
        theirs = sum(r.pandoc.counts.get(key, 0) for r in compared)
        behind = sum(1 for r in compared if r.ours.counts.get(key, 0) < r.pandoc.counts.get(key, 0))
        lines.append(f"| {key} (tổng; số tài liệu kém pandoc) | {ours} ({behind}) | {theirs} |")
    return lines


def report(rows: list[Row]) -> str:
    out = ["# Độ trung thực khi chuyển đổi (make fidelity)", "", *summary_lines(rows), ""]
    out += [
        "Mỗi ô cấu trúc ghi: pipeline / pandoc (⚠ = ít hơn pandoc).", "",
        "| tài liệu | nhóm | chữ | giữ chữ (pipeline / pandoc) | tiêu đề | mục danh sách | bảng | ảnh | liên kết | cảnh báo |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.refused:
            out.append(f"| {r.name} | {r.group} | {r.words} | từ chối | | | | | | {len(r.warnings)} |")
            continue
        recall = f"{_pct(r.ours.recall)} / {_pct(r.pandoc.recall if r.pandoc else None)}"
        cells = " | ".join(_pair(r, k) for k in STRUCTURES)
        out.append(f"| {r.name} | {r.group} | {r.words} | {recall} | {cells} | {len(r.warnings)} |")
    out += ["", "## Chi tiết", ""]
    for r in rows:
        notes = []
        if r.refused:
            notes.append(f"- từ chối: {r.refused}")
        if r.ours.missing:
            notes.append("- chữ thiếu: " + ", ".join(r.ours.missing))
        if r.shortfalls:
            notes.append("- kém pandoc ở: " + ", ".join(r.shortfalls))
        notes += [f"- cảnh báo: {w}" for w in r.warnings]
        if notes:
            out += [f"### {r.name}", "", *notes, ""]
    return "\n".join(out) + "\n"


def documents(only: str | None) -> tuple[list[tuple[Path, str]], tempfile.TemporaryDirectory]:
    found: list[tuple[Path, str]] = []
    if SAMPLES.is_dir():
        for path in sorted((SAMPLES / "real").rglob("*")):
            if path.suffix.lower() in _DOC_SUFFIXES:
                found.append((path, f"real/{path.parent.name}"))
    scratch = tempfile.TemporaryDirectory(prefix="bantin-fixtures-")
    from demo.make_samples import write_samples
    from tests.conversion_fixtures import FIDELITY_FIXTURES

    folder = Path(scratch.name)
    for name, build in FIDELITY_FIXTURES.items():
        found.append((build(folder / name), "fixture"))
    for written in write_samples(folder / "demo"):
        for path in [written] if written.is_file() else sorted(written.glob("*.docx")):
            found.append((path, "demo"))
    if only:
        found = [(p, g) for p, g in found if only in p.name]
    return found, scratch


def main() -> int:
    parser = argparse.ArgumentParser(description="Đo độ trung thực khi chuyển đổi, so với pandoc.")
    parser.add_argument("--only", help="chỉ đo các tài liệu có tên chứa chuỗi này")
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        print("Chưa cài pandoc: hãy chạy 'make system-deps' rồi thử lại.", file=sys.stderr)
        return 2
    docs, scratch = documents(args.only)
    with scratch:
        rows = []
        for path, group in docs:
            row = measure_document(path, group)
            rows.append(row)
            status = "từ chối" if row.refused else _pct(row.ours.recall)
            flag = "" if not row.shortfalls else "  kém: " + ", ".join(row.shortfalls)
            print(f"  {row.name:<60} {status}{flag}", flush=True)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report(rows), encoding="utf-8")
    print()
    print("\n".join(summary_lines(rows)))
    print(f"\nBáo cáo chi tiết: {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
