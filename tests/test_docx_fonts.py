"""Rewriting .docx packages whose text is in TCVN3/VNI fonts."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import docx
import mammoth
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from pipeline.convert.docx.fonts import fix_legacy_fonts
from pipeline.convert.legacy import encode_tcvn3, encode_vni
from pipeline.core.messages import Level

SENTENCE = "Liên đoàn Lao động tỉnh Bến Tre tổ chức Đại hội Công đoàn"
SOFT_HYPHEN_SENTENCE = "Người lao động được hưởng lương"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"

Document = docx.document.Document


# --- helpers ---------------------------------------------------------------------------------


def build(fill: Callable[[Document], None]) -> bytes:
    document = docx.Document()
    fill(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def set_fonts(element, ascii: str | None = None, hansi: str | None = None, **themes: str) -> None:
    """Write w:rFonts by hand so the test controls w:ascii and w:hAnsi separately."""
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.attrib.clear()
    for name, value in {
        "w:ascii": ascii,
        "w:hAnsi": hansi,
        **{f"w:{k}": v for k, v in themes.items()},
    }.items():
        if value is not None:
            rfonts.set(qn(name), value)


def legacy_run(paragraph, text: str, font: str):
    run = paragraph.add_run(text)
    set_fonts(run._r, ascii=font, hansi=font)
    return run


def paragraph_texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def part_texts(data: bytes, part: str, namespace: str = W) -> list[str]:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(part))
    return [
        "".join(t.text or "" for t in p.iter(f"{{{namespace}}}t"))
        for p in root.iter(f"{{{namespace}}}p")
    ]


def rewrite_package(data: bytes, replace: dict[str, bytes], drop: tuple[str, ...] = ()) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name not in drop:
                target.writestr(name, replace.pop(name, None) or source.read(name))
        for name, content in replace.items():
            target.writestr(name, content)
    return out.getvalue()


def texts_of(messages) -> list[str]:
    return [m.text for m in messages]


# --- fonts on runs ---------------------------------------------------------------------------


def test_tcvn3_runs_with_ascii_and_hansi_fonts_become_unicode() -> None:
    def fill(document: Document) -> None:
        legacy_run(document.add_paragraph(), encode_tcvn3(SENTENCE), ".VnTime")
        legacy_run(document.add_paragraph(), encode_tcvn3(SOFT_HYPHEN_SENTENCE), ".VnTime")

    result = fix_legacy_fonts(build(fill), "bai.docx")

    assert paragraph_texts(result.value) == [SENTENCE, SOFT_HYPHEN_SENTENCE]
    assert "Đã chuyển 2 đoạn chữ từ phông TCVN3 sang Unicode." in texts_of(result.messages)
    assert all(m.level is Level.INFO for m in result.messages)
    assert all(m.file == "bai.docx" for m in result.messages)


def test_converted_runs_get_a_unicode_font_instead_of_the_legacy_one() -> None:
    def fill(document: Document) -> None:
        legacy_run(document.add_paragraph(), encode_tcvn3(SENTENCE), ".VnTime")
        legacy_run(document.add_paragraph(), encode_tcvn3(SENTENCE), ".VnArial")

    runs = [
        p.runs[0]
        for p in docx.Document(io.BytesIO(fix_legacy_fonts(build(fill), "x").value)).paragraphs
    ]
    assert [run.font.name for run in runs] == ["Times New Roman", "Arial"]
    assert [run._r.rPr.rFonts.get(qn("w:hAnsi")) for run in runs] == ["Times New Roman", "Arial"]


def test_soft_hyphens_in_tcvn3_runs_become_u_horn_and_none_are_left() -> None:
    data = build(
        lambda d: legacy_run(d.add_paragraph(), encode_tcvn3(SOFT_HYPHEN_SENTENCE), ".VnTime")
    )
    assert "\u00ad" in paragraph_texts(data)[0]

    result = fix_legacy_fonts(data, "x")

    document_xml = zipfile.ZipFile(io.BytesIO(result.value)).read("word/document.xml").decode()
    assert "\u00ad" not in document_xml
    assert paragraph_texts(result.value) == [SOFT_HYPHEN_SENTENCE]


def test_libreoffice_soft_hyphen_element_in_a_tcvn3_run_is_u_horn() -> None:
    def fill(document: Document) -> None:
        run = legacy_run(document.add_paragraph(), "Ng", ".VnTime")
        run._r.append(run._r.makeelement(qn("w:softHyphen"), {}))
        tail = run._r.makeelement(qn("w:t"), {})
        tail.text = "\xeai lao \xae\xe9ng"
        run._r.append(tail)

    assert paragraph_texts(fix_legacy_fonts(build(fill), "x").value) == ["Người lao động"]


def test_hansi_font_decides_for_characters_above_u00a0() -> None:
    def fill(document: Document) -> None:
        run = document.add_paragraph().add_run(encode_tcvn3(SENTENCE))
        set_fonts(run._r, ascii="Arial", hansi=".VnTime")

    result = fix_legacy_fonts(build(fill), "x")
    assert paragraph_texts(result.value) == [SENTENCE]
    assert "Đã chuyển 1 đoạn chữ từ phông TCVN3 sang Unicode." in texts_of(result.messages)
    rfonts = docx.Document(io.BytesIO(result.value)).paragraphs[0].runs[0]._r.rPr.rFonts
    assert (rfonts.get(qn("w:ascii")), rfonts.get(qn("w:hAnsi"))) == ("Arial", "Times New Roman")


def test_ascii_font_alone_does_not_make_a_run_legacy() -> None:
    # Word draws "®oµn" with the w:hAnsi font (Times New Roman), so .VnTime in w:ascii says nothing.
    def fill(document: Document) -> None:
        run = document.add_paragraph().add_run("\xaeo\xb5n")
        set_fonts(run._r, ascii=".VnTime", hansi="Times New Roman")

    data = build(fill)
    result = fix_legacy_fonts(data, "x")
    assert result.value is data
    assert [m.code for m in result.messages] == ["BT853"]


# --- fonts from styles -----------------------------------------------------------------------


def test_font_set_only_in_the_paragraph_style_is_found() -> None:
    def fill(document: Document) -> None:
        legacy = document.styles.add_style("Legacy Body", WD_STYLE_TYPE.PARAGRAPH)
        set_fonts(legacy.element, ascii=".VnTime", hansi=".VnTime")
        child = document.styles.add_style("Legacy Quote", WD_STYLE_TYPE.PARAGRAPH)
        child.base_style = legacy
        document.add_paragraph(encode_tcvn3(SENTENCE), style="Legacy Body")
        document.add_paragraph(encode_tcvn3(SOFT_HYPHEN_SENTENCE), style="Legacy Quote")

    result = fix_legacy_fonts(build(fill), "x")
    assert paragraph_texts(result.value) == [SENTENCE, SOFT_HYPHEN_SENTENCE]
    assert "Đã chuyển 2 đoạn chữ từ phông TCVN3 sang Unicode." in texts_of(result.messages)


def test_font_set_only_in_a_character_style_is_found() -> None:
    def fill(document: Document) -> None:
        style = document.styles.add_style("Legacy Char", WD_STYLE_TYPE.CHARACTER)
        set_fonts(style.element, ascii="VNI-Times", hansi="VNI-Times")
        document.add_paragraph().add_run(encode_vni(SENTENCE), style="Legacy Char")

    result = fix_legacy_fonts(build(fill), "x")
    assert paragraph_texts(result.value) == [SENTENCE]
    rpr = docx.Document(io.BytesIO(result.value)).paragraphs[0].runs[0]._r.rPr
    # The style's font is overridden on the run, with w:rFonts after w:rStyle as the schema wants.
    assert [etree.QName(child).localname for child in rpr][:2] == ["rStyle", "rFonts"]
    assert rpr.rFonts.get(qn("w:hAnsi")) == "Times New Roman"


def test_font_set_only_in_the_default_paragraph_style_is_found() -> None:
    def fill(document: Document) -> None:
        set_fonts(document.styles["Normal"].element, ascii=".VnTime", hansi=".VnTime")
        document.add_paragraph(encode_tcvn3(SENTENCE))

    assert paragraph_texts(fix_legacy_fonts(build(fill), "x").value) == [SENTENCE]


def doc_defaults_fonts(document: Document):
    return document.styles.element.find(qn("w:docDefaults")).find(
        f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )


def test_font_set_only_in_doc_defaults_is_found() -> None:
    def fill(document: Document) -> None:
        rfonts = doc_defaults_fonts(document)
        rfonts.attrib.clear()
        rfonts.set(qn("w:ascii"), ".VnTime")
        rfonts.set(qn("w:hAnsi"), ".VnTime")
        document.add_paragraph(encode_tcvn3(SENTENCE))
        document.add_paragraph(encode_tcvn3(SOFT_HYPHEN_SENTENCE))

    result = fix_legacy_fonts(build(fill), "x")
    assert paragraph_texts(result.value) == [SENTENCE, SOFT_HYPHEN_SENTENCE]


def test_a_theme_font_wins_over_a_legacy_name_and_counts_as_no_legacy_font() -> None:
    def fill(document: Document) -> None:
        rfonts = doc_defaults_fonts(document)
        rfonts.set(qn("w:ascii"), ".VnTime")
        rfonts.set(qn("w:hAnsi"), ".VnTime")  # asciiTheme/hAnsiTheme stay and take precedence
        document.add_paragraph("\xaeo\xb5n")

    data = build(fill)
    result = fix_legacy_fonts(data, "x")
    assert result.value is data
    assert [m.code for m in result.messages] == ["BT853"]


def test_run_font_overrides_a_legacy_style_font() -> None:
    def fill(document: Document) -> None:
        set_fonts(document.styles["Normal"].element, ascii=".VnTime", hansi=".VnTime")
        run = document.add_paragraph().add_run("Tôi là sinh viên")
        set_fonts(run._r, asciiTheme="minorHAnsi", hAnsiTheme="minorHAnsi")

    data = build(fill)
    assert fix_legacy_fonts(data, "x").value is data


# --- H fonts and VNI -------------------------------------------------------------------------


def test_vntimeh_heading_decodes_to_capitals() -> None:
    def fill(document: Document) -> None:
        legacy_run(document.add_heading(level=1), encode_tcvn3("ĐẠI HỘI CÔNG ĐOÀN"), ".VnTimeH")
        # Typists usually typed lower case in H fonts: the font drew capitals anyway.
        legacy_run(document.add_heading(level=2), encode_tcvn3("liên đoàn lao động"), ".VnArialH")

    result = fix_legacy_fonts(build(fill), "x")
    assert paragraph_texts(result.value) == ["ĐẠI HỘI CÔNG ĐOÀN", "LIÊN ĐOÀN LAO ĐỘNG"]


def test_vni_document_becomes_unicode() -> None:
    def fill(document: Document) -> None:
        legacy_run(document.add_paragraph(), encode_vni(SENTENCE), "VNI-Times")
        legacy_run(document.add_paragraph(), encode_vni(SOFT_HYPHEN_SENTENCE.upper()), "VNI-Helve")

    result = fix_legacy_fonts(build(fill), "x")
    assert paragraph_texts(result.value) == [SENTENCE, SOFT_HYPHEN_SENTENCE.upper()]
    assert "Đã chuyển 2 đoạn chữ từ phông VNI sang Unicode." in texts_of(result.messages)


def test_vni_mark_at_the_start_of_the_next_run_joins_its_letter() -> None:
    def fill(document: Document) -> None:
        paragraph = document.add_paragraph()
        legacy_run(paragraph, "Ña", "VNI-Times")
        legacy_run(paragraph, "øo taïo", "VNI-Times").bold = True

    runs = docx.Document(io.BytesIO(fix_legacy_fonts(build(fill), "x").value)).paragraphs[0].runs
    assert [run.text for run in runs] == ["Đà", "o tạo"]


# --- fonts that say nothing ------------------------------------------------------------------


def test_plain_unicode_document_comes_back_unchanged() -> None:
    data = build(lambda d: (d.add_heading("Đại hội Công đoàn", 1), d.add_paragraph(SENTENCE)))
    result = fix_legacy_fonts(data, "x")
    assert result.value is data
    assert result.messages == []


def test_clear_tcvn3_text_in_an_ordinary_font_is_decoded_with_a_warning() -> None:
    def fill(document: Document) -> None:
        document.add_paragraph(encode_tcvn3(SENTENCE)).runs[0].font.name = "Times New Roman"

    result = fix_legacy_fonts(build(fill), "x")
    assert paragraph_texts(result.value) == [SENTENCE]
    [message] = result.messages
    assert message.level is Level.WARNING
    assert message.code == "BT852"
    assert "bảng mã TCVN3" in message.text


def test_clear_vni_text_without_any_font_is_decoded_with_a_warning() -> None:
    result = fix_legacy_fonts(build(lambda d: d.add_paragraph(encode_vni(SENTENCE))), "x")
    assert paragraph_texts(result.value) == [SENTENCE]
    assert [m.code for m in result.messages] == ["BT852"]


def test_short_ambiguous_text_is_warned_about_and_left_alone() -> None:
    data = build(lambda d: (d.add_paragraph("Tin vắn"), d.add_paragraph("\xa7\xb9i h\xe9i")))
    result = fix_legacy_fonts(data, "tin.docx")

    assert result.value is data
    [message] = result.messages
    assert message.level is Level.WARNING
    assert message.text.startswith(
        "Đoạn văn có vẻ dùng bảng mã TCVN3/VNI nhưng không rõ phông chữ; hãy kiểm tra lại: “§¹i héi”"
    )
    assert "đoạn thứ 2" in message.text
    assert "Nếu là TCVN3 thì đọc là: “Đại hội”" in message.text


def test_legacy_words_next_to_unicode_text_are_warned_about_not_decoded() -> None:
    text = "Hội nghị của " + encode_tcvn3("Liên đoàn Lao động tỉnh Bến Tre")
    data = build(lambda d: d.add_paragraph(text))
    result = fix_legacy_fonts(data, "x")
    assert result.value is data
    assert [m.code for m in result.messages] == ["BT853"]


def test_unicode_text_in_a_legacy_font_run_is_not_garbled() -> None:
    data = build(lambda d: legacy_run(d.add_paragraph(), "Người lao động", ".VnTime"))
    result = fix_legacy_fonts(data, "x")
    assert result.value is data
    assert [m.code for m in result.messages] == ["BT854"]


def test_latin1_only_unicode_text_in_a_legacy_font_run_is_not_garbled() -> None:
    # An old template with a .VnTime Normal style, typed in Unicode: "viên" must not become "viờn".
    def fill(document: Document) -> None:
        set_fonts(document.styles["Normal"].element, ascii=".VnTime", hansi=".VnTime")
        document.add_paragraph("Tôi là giáo viên, nhà tôi bên sông")

    data = build(fill)
    result = fix_legacy_fonts(data, "x")
    assert result.value is data
    assert [m.code for m in result.messages] == ["BT854"]


def test_many_unclear_paragraphs_give_a_few_warnings_and_a_summary() -> None:
    data = build(lambda d: [d.add_paragraph("\xaeo\xb5n") for _ in range(8)])
    messages = fix_legacy_fonts(data, "x").messages
    assert len(messages) == 6
    assert messages[-1].text.startswith("Còn 3 đoạn văn khác")


# --- other parts and odd packages ------------------------------------------------------------


def test_headers_are_rewritten_too() -> None:
    def fill(document: Document) -> None:
        header = document.sections[0].header.paragraphs[0]
        legacy_run(header, encode_tcvn3("Liên đoàn Lao động tỉnh Bến Tre"), ".VnTime")
        document.add_paragraph("Nội dung")

    result = fix_legacy_fonts(build(fill), "x")
    header = docx.Document(io.BytesIO(result.value)).sections[0].header
    assert header.paragraphs[0].text == "Liên đoàn Lao động tỉnh Bến Tre"


FOOTNOTES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
    '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>'
    "<w:t>Ngu\xe5n: LL\xa7 t\xd8nh</w:t></w:r></w:p></w:footnote></w:footnotes>"
)


def test_footnotes_are_rewritten_too() -> None:
    data = build(lambda d: d.add_paragraph("Nội dung"))
    rels_name = "word/_rels/document.xml.rels"
    rels = zipfile.ZipFile(io.BytesIO(data)).read(rels_name).decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    data = rewrite_package(
        data, {rels_name: rels.encode(), "word/footnotes.xml": FOOTNOTES.encode("utf-8")}
    )

    result = fix_legacy_fonts(data, "x")
    assert part_texts(result.value, "word/footnotes.xml") == ["Nguồn: LLĐ tỉnh"]


def test_main_part_is_found_through_the_package_relationships_without_styles() -> None:
    data = build(lambda d: legacy_run(d.add_paragraph(), encode_tcvn3(SENTENCE), ".VnTime"))
    package = zipfile.ZipFile(io.BytesIO(data))
    package_rels = (
        package.read("_rels/.rels").decode().replace("word/document.xml", "word/main.xml")
    )
    data = rewrite_package(
        data,
        {
            "_rels/.rels": package_rels.encode(),
            "word/main.xml": package.read("word/document.xml"),
            "word/_rels/main.xml.rels": package.read("word/_rels/document.xml.rels"),
        },
        drop=("word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml"),
    )

    result = fix_legacy_fonts(data, "x")
    assert part_texts(result.value, "word/main.xml") == [SENTENCE]


def test_strict_namespace_documents_are_handled() -> None:
    def fill(document: Document) -> None:
        set_fonts(document.styles["Normal"].element, ascii=".VnTime", hansi=".VnTime")
        document.add_paragraph(encode_tcvn3(SENTENCE))

    data = build(fill)
    package = zipfile.ZipFile(io.BytesIO(data))
    strict = {
        name: package.read(name).replace(W.encode(), STRICT_W.encode())
        for name in ("word/document.xml", "word/styles.xml")
    }
    result = fix_legacy_fonts(rewrite_package(data, strict), "x")
    assert part_texts(result.value, "word/document.xml", STRICT_W) == [SENTENCE]


def test_other_entries_are_kept_byte_for_byte_and_in_order() -> None:
    data = build(lambda d: legacy_run(d.add_paragraph(), encode_tcvn3(SENTENCE), ".VnTime"))
    result = fix_legacy_fonts(data, "x")
    before, after = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(result.value))
    assert before.namelist() == after.namelist()
    for name in before.namelist():
        if name != "word/document.xml":
            assert before.read(name) == after.read(name)


def test_a_file_that_is_not_a_zip_gives_a_warning_and_no_crash() -> None:
    data = b"{\\rtf1 not a docx}"
    result = fix_legacy_fonts(data, "x.docx")
    assert result.value is data
    assert [m.code for m in result.messages] == ["BT855"]


def test_a_broken_main_part_gives_a_warning_and_no_crash() -> None:
    data = build(lambda d: d.add_paragraph("x"))
    broken = rewrite_package(data, {"word/document.xml": b"<w:document"})
    result = fix_legacy_fonts(broken, "x.docx")
    assert result.value is broken
    assert [m.code for m in result.messages] == ["BT857"]


def test_mammoth_reads_the_decoded_text() -> None:
    data = build(
        lambda d: legacy_run(d.add_paragraph(), encode_tcvn3(SOFT_HYPHEN_SENTENCE), ".VnTime")
    )
    html = mammoth.convert_to_html(io.BytesIO(fix_legacy_fonts(data, "x").value)).value
    assert html == f"<p>{SOFT_HYPHEN_SENTENCE}</p>"
