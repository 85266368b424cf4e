"""Text Word shows is kept: multi-level list numbers, Symbol/Wingdings characters, notes cited in
kept tables, a "* " typed at the start of a line (issue 13: the lost lines of `make fidelity-vn`)."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from pipeline.content.markup import render
from pipeline.content.sanitize import removals
from pipeline.convert import htmlclean
from pipeline.convert.document import finish_body
from pipeline.convert.docx.convert import convert_docx
from pipeline.convert.docx.fonts import fix_legacy_fonts
from pipeline.convert.legacy import encode_tcvn3
from pipeline.convert.libreoffice import find_soffice
from tests.conversion_fixtures import NSDECL, needs_soffice

_NUMBERING_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _markdown(data: bytes) -> str:
    fixed = fix_legacy_fonts(data, "x.docx")
    converted = convert_docx(fixed.value, "x.docx")
    return finish_body(htmlclean.parse_fragment(converted.value.html), "x.docx").value


def _saved(doc) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _with_parts(data: bytes, parts: dict[str, tuple[str, str, str]]) -> bytes:
    """The package with word/<name> parts added or replaced: name → (xml, content type, rel type)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    types = files["[Content_Types].xml"].decode()
    rels = files["word/_rels/document.xml.rels"].decode()
    for name, (xml, content_type, rel_type) in parts.items():
        if f"word/{name}" not in files:
            types = types.replace("</Types>", f'<Override PartName="/word/{name}" ContentType="{content_type}"/></Types>')
            rels = rels.replace("</Relationships>", f'<Relationship Id="rIdKept{len(rels)}" '
                                f'Type="{_REL}/{rel_type}" Target="{name}"/></Relationships>')
        files[f"word/{name}"] = xml.encode()
    files["[Content_Types].xml"], files["word/_rels/document.xml.rels"] = types.encode(), rels.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in files.items():
            zf.writestr(name, blob)
    return out.getvalue()


def _level(ilvl: int, fmt: str, text: str) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def _numbered_docx(items: list[tuple[str, int, str]], abstracts: dict[str, str]) -> bytes:
    """Paragraphs (text, ilvl, numId or "" for none); abstracts: numId → its <w:lvl>s."""
    doc = Document()
    marker = "ĐÁNH_SỐ_{}"
    for n, (_, _, num_id) in enumerate(items):
        doc.add_paragraph(marker.format(n) if num_id else items[n][0])
    data = _saved(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = zf.read("word/document.xml").decode()
    for n, (text, ilvl, num_id) in enumerate(items):
        if num_id:
            body = re.sub(
                f"<w:p>(<w:r><w:t>){marker.format(n)}</w:t>",
                f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
                f"\\g<1>{text}</w:t>", body)
    numbering = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NSDECL}>'
                 + "".join(f'<w:abstractNum w:abstractNumId="{k}">{v}</w:abstractNum>' for k, v in abstracts.items())
                 + "".join(f'<w:num w:numId="{k}"><w:abstractNumId w:val="{k}"/></w:num>' for k in abstracts)
                 + "</w:numbering>")
    return _with_parts(data, {
        "document.xml": (body, "", ""),
        "numbering.xml": (numbering, _NUMBERING_CT, "numbering"),
    })


REGULATION = [
    ("Đối với công chức tạm nghỉ chế độ:", 0, "1"),
    ("Nghỉ hộ sản", 1, "1"),
    ("Nghỉ điều trị bệnh dài hạn", 1, "1"),
    ("Trường hợp khác:", 0, "1"),
    ("Nghỉ việc riêng quá 03 ngày", 2, "1"),
    ("Văn phòng lập giấy điều động xe (mục này Word đánh số 1.2 mà không có cấp trên)", 0, "2"),
    ("Kinh phí khoán được sử dụng chung", 1, "3"),
    ("Kinh phí được khoán cho các phòng", 1, "3"),
    ("Nội dung kinh phí không khoán", 0, "3"),
]
ABSTRACTS = {
    "1": _level(0, "decimal", "%1.") + _level(1, "decimal", "%1.%2") + _level(2, "lowerLetter", "%3)"),
    "2": _level(0, "none", "1.2"),
    "3": _level(0, "decimal", "%1") + _level(1, "decimal", "%1.%2"),
}


def test_multi_level_letter_and_literal_list_numbers_are_kept_as_word_shows_them():
    body = _markdown(_numbered_docx(REGULATION, ABSTRACTS))

    for line in ("1\\. Đối với công chức tạm nghỉ chế độ:", "1.1 Nghỉ hộ sản", "1.2 Nghỉ điều trị bệnh dài hạn",
                 "2\\. Trường hợp khác:", "a) Nghỉ việc riêng quá 03 ngày",
                 "1.2 Văn phòng lập giấy điều động xe", "1.1 Kinh phí khoán được sử dụng chung",
                 "1.2 Kinh phí được khoán cho các phòng", "2 Nội dung kinh phí không khoán"):
        assert f"\n{line}" in f"\n{body}", (line, body)
    html = render(body)
    assert "<ol" not in html and "<p>1.1 Nghỉ hộ sản</p>" in html and "<p>2. Trường hợp khác:</p>" in html


@needs_soffice
def test_list_numbers_match_what_libreoffice_shows_for_the_same_document(tmp_path: Path):
    source = tmp_path / "quy-che.docx"
    source.write_bytes(_numbered_docx(REGULATION, ABSTRACTS))
    shown = _libreoffice_text(source, tmp_path)
    body = _markdown(source.read_bytes())

    for line in filter(None, (" ".join(x.split()) for x in shown.splitlines())):
        assert line.replace(". ", "\\. ", 1) in body or line in body, (line, body)


def _libreoffice_text(source: Path, outdir: Path) -> str:
    """LibreOffice's own plain-text export: the numbers it draws for each list paragraph."""
    soffice = find_soffice()
    assert soffice is not None
    command = [soffice, f"-env:UserInstallation={(outdir / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(outdir), str(source)]
    subprocess.run(command, check=True, timeout=180, capture_output=True)
    return (outdir / f"{source.stem}.txt").read_text(encoding="utf-8-sig")


def test_a_plain_numbered_list_stays_a_list():
    body = _markdown(_numbered_docx([("Khảo sát", 0, "1"), ("Tổng hợp", 0, "1")],
                                    {"1": _level(0, "decimal", "%1.")}))
    assert "1. Khảo sát\n2. Tổng hợp" in body


def _symbol_runs(runs: list[tuple[str, str | None]]) -> bytes:
    doc = Document()
    p = doc.add_paragraph()
    for text, font in runs:
        run = p.add_run(text)
        if font:
            fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
            fonts.set(qn("w:ascii"), font)
            fonts.set(qn("w:hAnsi"), font)
    return _saved(doc)


def test_symbol_and_wingdings_characters_become_the_unicode_characters_word_draws():
    body = _markdown(_symbol_runs([
        ("Sản phẩm có N ", None), ("£", "Symbol"), (" 0 thì ", None), ("\uf0e5", "Symbol"),
        ("K1 tính theo ", None), ("a", "Symbol"), ("; đã nộp: ", None), ("\uf0fe", "Wingdings"),
    ]))
    assert "Sản phẩm có N ≤ 0 thì ∑K1 tính theo α; đã nộp: 🗹" in body


def test_a_symbol_character_in_a_tcvn3_paragraph_is_not_read_as_tcvn3():
    body = _markdown(_symbol_runs([
        (encode_tcvn3("Hệ số điều chỉnh k "), ".VnTime"), ("£", "Symbol"), (encode_tcvn3(" 0,5 theo quy định"), ".VnTime"),
    ]))
    assert "Hệ số điều chỉnh k ≤ 0,5 theo quy định" in body


def _table_with_note() -> bytes:
    doc = Document()
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Tài sản phải kê khai"  # merged: kept as HTML
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "b)", "THAM_CHIẾU", "Có"
    doc.add_paragraph("Người kê khai ký tên.")
    data = _saved(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = zf.read("word/document.xml").decode()
    body = body.replace("<w:r><w:t>THAM_CHIẾU</w:t></w:r>", (
        "<w:r><w:t>Công trình xây dựng</w:t></w:r>"
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'), 1)
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NSDECL}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        '<w:r><w:t xml:space="preserve"> Công trình có công năng tổng hợp thì ghi theo công năng chính.</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    return _with_parts(data, {"document.xml": (body, "", ""), "footnotes.xml": (notes, _FOOTNOTES_CT, "footnotes")})


def test_a_note_cited_in_a_kept_html_table_links_to_its_footnote_on_the_page():
    body = _markdown(_table_with_note())

    assert "<table>" in body and "[^1]: Công trình có công năng tổng hợp" in body
    html = render(body)
    assert "[^1]" not in html
    assert 'Công trình xây dựng<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert '<li id="fn:1">' in html and 'href="#fnref:1"' in html
    assert removals(html) == []  # the site's sanitiser keeps the reference as it is


def test_an_asterisk_typed_at_the_start_of_a_line_shows_without_a_backslash():
    doc = Document()
    doc.add_paragraph("* Trong đó: k là hệ số điều chỉnh.")
    doc.add_paragraph("- Căn cứ Luật Công đoàn năm 2024;")
    body = _markdown(_saved(doc))

    html = render(body)
    assert "<p>* Trong đó: k là hệ số điều chỉnh.</p>" in html
    assert "<p>- Căn cứ Luật Công đoàn năm 2024;</p>" in html and "<ul" not in html

