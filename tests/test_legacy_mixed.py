"""Legacy Vietnamese text decoded run by run; H-font capitals; STT numbers; NFD Unicode left alone."""

from __future__ import annotations

import io
import unicodedata

from docx import Document
from docx.oxml.ns import qn

from pipeline.convert.docx.convert import convert_docx
from pipeline.convert.docx.fonts import fix_legacy_fonts
from pipeline.convert.legacy import encode_tcvn3, encode_vni


def _docx(runs: list[tuple[str, str | None, bool]]) -> bytes:
    """One paragraph; each run is (text, font, font named in w:ascii only)."""
    doc = Document()
    p = doc.add_paragraph()
    for text, font, ascii_only in runs:
        run = p.add_run(text)
        if ascii_only:
            run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:ascii"), font)
        elif font:
            run.font.name = font
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _convert(data: bytes) -> tuple[str, list[str]]:
    fixed = fix_legacy_fonts(data, "x.docx")
    converted = convert_docx(fixed.value, "x.docx")
    return converted.value.html, [m.code for m in fixed.messages + converted.messages]


def test_a_vntimeh_font_named_only_for_ascii_still_draws_capitals():
    html, _ = _convert(_docx([(encode_tcvn3("phần thứ nhất"), ".VnTimeH", True)]))
    assert html == "<p>PHẦN THỨ NHẤT</p>"


def test_a_vnarialh_heading_comes_out_in_capitals():
    html, codes = _convert(_docx([(encode_tcvn3("những kết quả đạt được"), ".VnArialH", False)]))
    assert html == "<p>NHỮNG KẾT QUẢ ĐẠT ĐƯỢC</p>" and "BT851" in codes


def test_tcvn3_and_vni_runs_in_one_paragraph_are_each_decoded():
    html, codes = _convert(_docx([
        (encode_tcvn3("Liên đoàn Lao động tỉnh Bến Tre tổ chức hội nghị"), None, False),
        (" và ", None, False),
        (encode_vni("Công đoàn cơ sở tham dự đông đủ các đồng chí"), None, False),
    ]))
    assert html == ("<p>Liên đoàn Lao động tỉnh Bến Tre tổ chức hội nghị và "
                    "Công đoàn cơ sở tham dự đông đủ các đồng chí</p>")
    assert "BT853" not in codes


def test_a_tcvn3_run_beside_unicode_text_is_decoded():
    html, _ = _convert(_docx([("Ban Thường vụ ", None, False),
                              (encode_tcvn3("Liên đoàn Lao động tỉnh Bến Tre tổ chức hội nghị"), None, False)]))
    assert html == "<p>Ban Thường vụ Liên đoàn Lao động tỉnh Bến Tre tổ chức hội nghị</p>"


def test_decomposed_unicode_in_a_legacy_font_draws_no_legacy_warning():
    text = unicodedata.normalize("NFD", "Liên đoàn Lao động tỉnh Bến Tre tổ chức hội nghị tổng kết")
    html, codes = _convert(_docx([(text, ".VnTime", False)]))
    assert unicodedata.normalize("NFC", html) == "<p>Liên đoàn Lao động tỉnh Bến Tre tổ chức hội nghị tổng kết</p>"
    assert not {"BT851", "BT852", "BT853", "BT854"} & set(codes)


def test_numbered_stt_cells_keep_their_numbers_as_text():
    doc = Document()
    table = doc.add_table(rows=4, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "STT", "Họ và tên"
    for i, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"], start=1):
        cells = table.rows[i].cells
        cells[0].paragraphs[0].style = "List Number"
        cells[1].text = name
    out = io.BytesIO()
    doc.save(out)
    html, _ = _convert(out.getvalue())
    assert "<ol" not in html
    assert "<td><p>2.</p></td><td><p>Trần Thị Bình</p></td>" in html


def test_fonts_named_after_their_encoding_are_decoded_and_vni_typed_in_a_tcvn3_font_reads_as_vni():
    html, _ = _convert(_docx([
        (encode_tcvn3("Kế hoạch phát triển công nghệ thông tin tỉnh Lâm Đồng"), "VNSTCVN3", False),
    ]))
    assert "Kế hoạch phát triển công nghệ thông tin tỉnh Lâm Đồng" in unicodedata.normalize("NFC", html)
    html, _ = _convert(_docx([(encode_vni("Quy trình xử lý văn bản đi của Sở Khoa học"), "VNSTCVN3", False)]))
    assert "Quy trình xử lý văn bản đi của Sở Khoa học" in unicodedata.normalize("NFC", html)
    html, _ = _convert(_docx([(encode_vni("Báo cáo kết quả thực hiện nhiệm vụ năm 2004"), "VNSVNI2", False)]))
    assert "Báo cáo kết quả thực hiện nhiệm vụ năm 2004" in unicodedata.normalize("NFC", html)
