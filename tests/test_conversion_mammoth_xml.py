"""mammoth reads .docx parts through pipeline/convert/docx/mammoth_xml.py: the same nodes as its own parser.

Each case parses the same bytes with mammoth's minidom-based parser and with ours and compares the
trees node for node (mammoth's nodes compare by value), or the exception type when both refuse.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import mammoth
import mammoth.options
import pytest
from mammoth.docx import office_xml, xmlparser
from mammoth.docx.styles_xml import read_styles_xml_element

from pipeline.convert.docx import convert as _convert  # noqa: F401 - importing it installs the reader
from pipeline.convert.docx import mammoth_xml
from tests.conversion_fixtures import (
    footnotes_docx,
    merged_cells_docx,
    nested_lists_docx,
    office_structure_docx,
    photo_docx,
    tracked_changes_docx,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _both(data: bytes) -> tuple[object, object]:
    """What mammoth gets from each parser: the nodes, or for a style sheet the styles it reads."""
    def run(parse):  # type: ignore[no-untyped-def]
        try:
            return _as_mammoth_reads(parse(io.BytesIO(data), office_xml._namespaces))
        except Exception as exc:  # noqa: BLE001 - the exception type is what is compared
            return type(exc)

    return run(mammoth_xml._original_parse_xml), run(mammoth_xml.parse_xml)


def _as_mammoth_reads(root):  # type: ignore[no-untyped-def]
    """A style sheet is only read through mammoth.docx.styles_xml: compare what that gives."""
    if getattr(root, "name", None) != "w:styles":
        return root
    styles = read_styles_xml_element(office_xml._collapse_alternate_content(root)[0])
    return ("styles", styles._paragraph_styles, styles._character_styles, styles._table_styles,
            styles._numbering_styles)


def _styles(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}" '
            f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">{body}</w:styles>').encode()


def _doc(body: str, extra_ns: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W}"{extra_ns}><w:body>{body}</w:body></w:document>').encode()


CASES = {
    "plain runs": _doc('<w:p><w:r><w:t xml:space="preserve"> Công đoàn  </w:t></w:r></w:p>'),
    "text split by a comment": _doc("<w:p><w:r><w:t>Đại<!-- note -->hội</w:t></w:r></w:p>"),
    "text split by an empty comment": _doc("<w:p><w:r><w:t>Đại<!---->hội</w:t></w:r></w:p>"),
    "text split by a processing instruction": _doc("<w:p><w:r><w:t>Đại<?mso x?>hội</w:t></w:r></w:p>"),
    "CDATA between texts": _doc("<w:t>a<![CDATA[<b>]]>c</w:t>"),
    "empty CDATA between texts": _doc("<w:t>a<![CDATA[]]>c</w:t>"),
    "entities and character references": _doc("<w:t>A &amp; B &lt;3 &#7841; &#x1EA1;</w:t>"),
    "whitespace between elements": _doc("\n  <w:p>\n    <w:r/>\n  </w:p>\n"),
    "CRLF line ends": _doc("<w:t>một\r\nhai\rba</w:t>"),
    "unknown namespace": _doc('<x:box xmlns:x="urn:other" x:a="1" b="2"><w:t>t</w:t></x:box>'),
    "default namespace": _doc('<box xmlns="urn:other" a="1"><inner/></box>'),
    "no namespace": _doc('<box xmlns="" a="1"><inner/></box>'),
    "Strict namespace": (f'<w:document xmlns:w="{STRICT}"><w:body><w:p><w:r><w:t>s</w:t></w:r></w:p>'
                         "</w:body></w:document>").encode(),
    "one name from two namespaces": _doc(f'<w:p xmlns:s="{STRICT}" w:val="1" s:val="2"/>'),
    "alternate content": _doc('<mc:AlternateContent><mc:Choice Requires="wps"><w:t>new</w:t></mc:Choice>'
                              "<mc:Fallback><w:t>old</w:t></mc:Fallback></mc:AlternateContent>",
                              ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'),
    "UTF-8 byte order mark": b"\xef\xbb\xbf" + _doc("<w:t>bom</w:t>"),
    "UTF-16": ('<?xml version="1.0" encoding="UTF-16"?>'
               f'<w:document xmlns:w="{W}"><w:t>Bến Tre</w:t></w:document>').encode("utf-16"),
    "Latin-1 declaration": ('<?xml version="1.0" encoding="ISO-8859-1"?>'
                                 f'<w:document xmlns:w="{W}"><w:t>caf\xe9</w:t></w:document>').encode("latin-1"),
    "DOCTYPE with an internal entity": (f'<!DOCTYPE w:document [<!ENTITY e "Đoàn">]>'
                                        f'<w:document xmlns:w="{W}"><w:t>&e; viên</w:t></w:document>').encode(),
    "DOCTYPE with an external entity": (f'<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                        f'<w:document xmlns:w="{W}"><w:t>&e;</w:t></w:document>').encode(),
    "billion laughs": (b'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8))
        + b']><l>&i;</l>'),
    "undefined entity": _doc("<w:t>&nbsp;</w:t>"),
    "unbound prefix": b"<x:a/>",
    "not well-formed": _doc("<w:p><w:r></w:p>"),
    "no element": b'<?xml version="1.0"?>',
    "empty": b"",
    "text after the root": _doc("<w:t>x</w:t>") + b"trailing",
    "comment before the root": b"<!-- c --><a>x</a><!-- d -->",
}


STYLE_SHEETS = {
    "named styles of every type": _styles(
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman"/></w:rPr></w:rPrDefault>'
        '</w:docDefaults><w:latentStyles><w:lsdException w:name="Normal"/></w:latentStyles>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:keepNext/>'
        '<w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:name w:val="not this one"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/></w:style>'
        '<w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>'
        '<w:top w:val="single"/></w:tblBorders></w:tblPr><w:tblStylePr w:type="firstRow"><w:pPr>'
        '<w:numPr><w:numId w:val="99"/></w:numPr></w:pPr></w:tblStylePr></w:style>'),
    "a numbering style": _styles(
        '<w:style w:type="numbering" w:styleId="Bullets"><w:name w:val="Bullets"/><w:pPr><w:numPr>'
        '<w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'),
    "a style with no name, twice the same id": _styles(
        '<w:style w:type="paragraph" w:styleId="A"/><w:style w:type="paragraph" w:styleId="A">'
        '<w:name w:val="second"/></w:style>'),
    "a style inside markup-compatibility": _styles(
        '<mc:AlternateContent><mc:Choice Requires="w14"><w:style w:type="paragraph" w:styleId="C">'
        '<w:name w:val="choice"/></w:style></mc:Choice><mc:Fallback><w:style w:type="paragraph" '
        'w:styleId="F"><w:name w:val="fallback"/></w:style></mc:Fallback></mc:AlternateContent>'),
    "text and comments between styles": _styles(
        '\n  <!-- c --><w:style w:type="paragraph" w:styleId="T">text<w:name w:val="Tên kiểu"/></w:style>'),
    "a style without a type (mammoth refuses it)": _styles('<w:style w:styleId="X"/>'),
    "skipped elements nested in themselves": _styles(
        '<w:style w:type="paragraph" w:styleId="N"><w:rPr><w:rPr><w:rPr/></w:rPr></w:rPr>'
        '<w:name w:val="after"/></w:style>'),
}


@pytest.mark.parametrize("data", STYLE_SHEETS.values(), ids=STYLE_SHEETS.keys())
def test_a_style_sheet_gives_mammoth_the_same_styles_as_its_own_parser(data: bytes) -> None:
    original, ours = _both(data)
    assert ours == original


def test_a_style_sheet_nested_deeper_than_lxml_reads_is_read_by_expat() -> None:
    data = _styles("<mc:AlternateContent><mc:Fallback>" * 300 + '<w:style w:type="paragraph" w:styleId="D">'
                   '<w:name w:val="deep"/></w:style>' + "</mc:Fallback></mc:AlternateContent>" * 300)
    node = mammoth_xml.parse_xml(io.BytesIO(data), office_xml._namespaces)
    for _ in range(300):
        node = node.find_child("mc:AlternateContent").find_child("mc:Fallback")
    assert node.find_child("w:style").find_child("w:name").attributes == {"w:val": "deep"}


def test_a_style_sheet_keeps_only_the_nodes_mammoth_reads() -> None:
    root = mammoth_xml.parse_xml(io.BytesIO(STYLE_SHEETS["named styles of every type"]), office_xml._namespaces)
    heading = root.find_child("w:style")
    assert [child.name for child in heading.children] == ["w:name", "w:pPr"]
    assert heading.find_child("w:pPr").children == []
    assert root.find_child("w:docDefaults") is None


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_a_part_gives_the_same_nodes_as_mammoths_own_parser(data: bytes) -> None:
    original, ours = _both(data)
    assert ours == original


def test_a_comment_between_two_texts_leaves_two_text_nodes_as_minidom_does() -> None:
    root = mammoth_xml.parse_xml(io.BytesIO(_doc("<w:t>Đại<!-- x -->hội</w:t>")), office_xml._namespaces)
    text = root.find_child("w:body").find_child("w:t")
    assert [child.value for child in text.children] == ["Đại", "hội"]


def test_a_deeply_nested_part_is_read_without_recursion() -> None:
    data = _doc("<w:sdt>" * 5000 + "<w:t>sâu</w:t>" + "</w:sdt>" * 5000)
    root = mammoth_xml.parse_xml(io.BytesIO(data), office_xml._namespaces)
    node = root.find_child("w:body")
    for _ in range(5000):
        node = node.find_child("w:sdt")
    assert node.find_child("w:t").children[0].value == "sâu"


def test_a_style_map_line_is_parsed_once_and_a_bad_one_is_still_reported_every_time(tmp_path: Path) -> None:
    data = photo_docx(tmp_path / "bai.docx").read_bytes()
    style_map = "p[style-name='Tiêu đề'] => h1:fresh\np[style-name='x'] => !!không hợp lệ"
    first = mammoth.convert_to_html(io.BytesIO(data), style_map=style_map)
    hits = mammoth.options.read_style_mapping.cache_info().hits
    second = mammoth.convert_to_html(io.BytesIO(data), style_map=style_map)
    assert mammoth.options.read_style_mapping.cache_info().hits >= hits + 2
    assert second.value == first.value
    for result in (first, second):
        assert any("không hợp lệ" in m.message for m in result.messages)


def test_converting_a_docx_installs_the_direct_reader_in_mammoth() -> None:
    assert office_xml.parse_xml is mammoth_xml.parse_xml
    assert xmlparser.parse_xml is mammoth_xml._original_parse_xml  # mammoth's own stays for the fallback


DOCUMENTS = {
    "footnotes": footnotes_docx, "tracked changes": tracked_changes_docx, "merged cells": merged_cells_docx,
    "nested lists": nested_lists_docx, "office structure": office_structure_docx, "photo": photo_docx,
}


@pytest.mark.parametrize("make", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_every_part_of_a_real_docx_and_its_html_are_the_same_with_either_parser(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "bai.docx")
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                original, ours = _both(package.read(name))
                assert ours == original, name
    ours_html = mammoth.convert_to_html(io.BytesIO(path.read_bytes())).value
    office_xml.parse_xml = mammoth_xml._original_parse_xml
    try:
        original_html = mammoth.convert_to_html(io.BytesIO(path.read_bytes())).value
    finally:
        office_xml.parse_xml = mammoth_xml.parse_xml
    assert ours_html == original_html
