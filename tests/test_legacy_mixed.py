"""Legacy Vietnamese text decoded run by run and word by word (TCVN3 and VNI mixed); H-font
capitals; STT numbers; NFD Unicode left alone."""

from __future__ import annotations

import io
import unicodedata

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.convert.docx.convert import convert_docx
from pipeline.convert.docx.fonts import fix_legacy_fonts
from pipeline.convert.legacy import encode_tcvn3, encode_vni
from pipeline.convert.read import read_document
from tests.conversion_fixtures import needs_soffice, soffice_convert


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


# --- TCVN3 and VNI mixed in one document, one paragraph, one run -----------------------------

def _paragraphs_docx(paragraphs: list[list[tuple[str, str | None]]]) -> bytes:
    """Paragraphs of (text, font) runs; font None leaves the run in the template's font."""
    doc = Document()
    for runs in paragraphs:
        p = doc.add_paragraph()
        for text, font in runs:
            run = p.add_run(text)
            if font:
                run.font.name = font
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


MIXED_RUN = encode_tcvn3("Kết nối mạng diện rộng cho UBND tỉnh và các ") + encode_vni("SỞ, BAN, NGÀNH, HUYỆN, THỊ")
MIXED_TEXT = "Kết nối mạng diện rộng cho UBND tỉnh và các SỞ, BAN, NGÀNH, HUYỆN, THỊ"


def test_one_run_mixing_tcvn3_and_vni_in_a_tcvn3_font_is_decoded_word_by_word():
    html, codes = _convert(_paragraphs_docx([[(MIXED_RUN, "VNSTCVN3")]]))
    assert html == f"<p>{MIXED_TEXT}</p>"
    assert "BT851" in codes and "BT853" not in codes and "BT854" not in codes


def test_one_run_mixing_tcvn3_and_vni_in_times_new_roman_is_decoded_word_by_word():
    html, codes = _convert(_paragraphs_docx([[(MIXED_RUN, "Times New Roman")]]))
    assert html == f"<p>{MIXED_TEXT}</p>"
    assert "BT852" in codes  # guessed: the font did not say, the editor is asked to read it again


def test_vni_paragraphs_in_a_tcvn3_font_are_vni_and_a_mark_may_start_the_next_run():
    html, codes = _convert(_paragraphs_docx([
        [(encode_tcvn3("Tổng hợp dự toán tổng kinh phí từ các nguồn"), "VNSTCVN3")],
        [(encode_vni("Quy trình xử lý văn bản đi: theo các bước"), "VNSTCVN3")],
        [("b) Vôùi phöông aùn ñu", "VNSTCVN3"), ("û, maïng maùy tính cuûa Tænh uyû", "VNSTCVN3")],
    ]))
    assert html == ("<p>Tổng hợp dự toán tổng kinh phí từ các nguồn</p>"
                    "<p>Quy trình xử lý văn bản đi: theo các bước</p>"
                    "<p>b) Với phương án đủ, mạng máy tính của Tỉnh uỷ</p>")
    assert "BT854" not in codes


def _legacy_document(extra: list[tuple[str, str | None]]) -> bytes:
    body = [[(encode_tcvn3(f"Mục {n}: Liên đoàn Lao động tỉnh tổ chức hội nghị"), ".VnTime")] for n in range(25)]
    return _paragraphs_docx([*body, extra])


def test_a_short_legacy_paragraph_in_an_unnamed_font_is_decoded_in_a_legacy_document():
    html, _ = _convert(_legacy_document([("\xa7VT: 1000 \xae\xe5ng", None)]))
    assert html.endswith("<p>ĐVT: 1000 đồng</p>")


def test_the_same_short_paragraph_alone_is_left_as_it_is_and_reported():
    html, codes = _convert(_paragraphs_docx([[("\xa7VT: 1000 \xae\xe5ng", None)]]))
    assert html == "<p>\xa7VT: 1000 \xae\xe5ng</p>" and "BT853" in codes


@pytest.mark.parametrize("text", ["Tôi là giáo viên, nhà tôi bên sông",
                                  "The résumé of Mr. Müller, café crème à la carte"])
def test_unicode_paragraphs_in_a_legacy_document_are_not_decoded(text):
    html, _ = _convert(_legacy_document([(text, None)]))
    assert html.endswith(f"<p>{text}</p>")


@pytest.mark.libreoffice
@needs_soffice
def test_a_doc_file_mixing_tcvn3_and_vni_comes_out_in_unicode(tmp_path):
    source = tmp_path / "du-an.docx"
    source.write_bytes(_paragraphs_docx([
        [(encode_tcvn3("PHẦN THỨ NHẤT: Kế hoạch tổng thể phát triển CNTT"), "VNSTCVN3")],
        [(encode_vni("Thiết bị mạng"), "VNSTCVN3")],
        [(MIXED_RUN, "VNSTCVN3")],
        [(encode_vni("Tại đây") + encode_tcvn3(" UBND đã thiết lập xong mạng cục bộ"), "VNSTCVN3")],
    ]))
    doc = read_document(soffice_convert(source, "doc", tmp_path))
    assert doc.value is not None
    converted = convert_docx(doc.value.docx, "du-an.doc")
    assert converted.value.html == (
        "<p>PHẦN THỨ NHẤT: Kế hoạch tổng thể phát triển CNTT</p><p>Thiết bị mạng</p>"
        f"<p>{MIXED_TEXT}</p><p>Tại đây UBND đã thiết lập xong mạng cục bộ</p>"
    )
    assert not {"BT853", "BT854"} & {m.code for m in doc.messages + converted.messages}
