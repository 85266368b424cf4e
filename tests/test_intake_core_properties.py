"""A .docx's title, author and subject are read from docProps/core.xml as python-docx reads them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.intake.core_properties import core_properties
from pipeline.intake.metadata import read_core_properties
from tests.conversion_fixtures import needs_soffice, soffice_convert
from tests.docxfactory import UNIT_TABLE, make_docx


def _with_properties(path: Path, **props: str) -> bytes:
    make_docx(path, table=UNIT_TABLE, heading="Hội nghị người lao động")
    document = docx.Document(str(path))
    for key, value in props.items():
        setattr(document.core_properties, key, value)
    document.save(str(path))
    return path.read_bytes()


def _by_python_docx(data: bytes) -> dict[str, str]:
    props = docx.Document(io.BytesIO(data)).core_properties
    return {"title": props.title, "author": props.author, "subject": props.subject}


def _rewritten(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            replaced = change(entry.filename, source.read(entry))
            if replaced is not None:
                target.writestr(entry.filename, replaced)
    return out.getvalue()


@pytest.mark.parametrize("props", [
    {"title": "Đại hội Công đoàn cơ sở", "author": "Trần Thị Hồng", "subject": "Tóm tắt bài"},
    {"title": "", "author": "", "subject": ""},
    {"title": "  Hội thao <CNVCLĐ> & \"bóng đá\"  ", "author": "Nguyễn Văn A"},
])
def test_the_fields_are_the_ones_python_docx_reads(tmp_path: Path, props: dict[str, str]) -> None:
    data = _with_properties(tmp_path / "bai.docx", **props)
    assert core_properties(data) == _by_python_docx(data)


@needs_soffice
def test_a_document_saved_by_libreoffice_has_its_properties_read_which_python_docx_missed(tmp_path: Path) -> None:
    _with_properties(tmp_path / "bai.docx", title="Hội thao công nhân", author="Phạm Thị Lan")
    odt = soffice_convert(tmp_path / "bai.docx", "odt", tmp_path / "odt")
    data = soffice_convert(odt, "docx", tmp_path / "docx").read_bytes()
    assert core_properties(data) == {"title": "Hội thao công nhân", "author": "Phạm Thị Lan", "subject": ""}
    assert _by_python_docx(data)["title"] == "Word Document"  # LibreOffice's relationship type


def test_the_article_fields_take_the_title_author_and_summary(tmp_path: Path) -> None:
    data = _with_properties(tmp_path / "bai.docx", title="Ngày hội công nhân", author="Lê Văn Bình",
                            subject="Công nhân vui ngày hội")
    assert read_core_properties(data) == {"title": "Ngày hội công nhân", "core_author": "Lê Văn Bình",
                                          "summary": "Công nhân vui ngày hội"}
    stale = _with_properties(tmp_path / "cu.docx", title="Microsoft Word - bai cu.doc")
    assert "title" not in read_core_properties(stale)


def test_a_package_without_core_properties_has_none(tmp_path: Path) -> None:
    data = _with_properties(tmp_path / "bai.docx", title="Tiêu đề")
    stripped = _rewritten(data, lambda name, blob: None if name == "docProps/core.xml" else blob)
    assert core_properties(stripped) == {}
    assert read_core_properties(stripped) == {}  # python-docx made up the title "Word Document"


def test_a_macro_enabled_or_broken_package_gives_nothing(tmp_path: Path) -> None:
    data = _with_properties(tmp_path / "bai.docx", title="Tiêu đề")
    macro = _rewritten(data, lambda name, blob: blob.replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
        if name == "[Content_Types].xml" else blob)
    assert core_properties(macro) == {}
    with pytest.raises(ValueError):
        docx.Document(io.BytesIO(macro))
    broken = _rewritten(data, lambda name, blob: b"<cp:coreProperties" if name == "docProps/core.xml" else blob)
    assert core_properties(broken) == {}
    assert core_properties(b"PK\x03\x04 not a zip") == {}
    entity = _rewritten(data, lambda name, blob: (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&e;</dc:title></cp:coreProperties>')
        if name == "docProps/core.xml" else blob)
    assert "root:" not in core_properties(entity).get("title", "")
