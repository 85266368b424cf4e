"""Every real document in ../shared/samples converts or is refused in Vietnamese; hostile ones never
crash, fetch anything or turn field codes into links.

LibreOffice is slow to start (about a second), so the .doc/.odt/.rtf samples are converted to .docx
in one soffice run and go through the rest of the pipeline from there; one of each format also
goes through the pipeline's own LibreOffice step.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

from pipeline.convert.document import ConvertedDocument, convert_document, finish_body
from pipeline.convert.read import read_document
from pipeline.convert.docx.convert import convert_docx
from pipeline.convert.docx.fonts import fix_legacy_fonts
from pipeline.convert.htmlclean import parse_fragment
from pipeline.convert.libreoffice import find_soffice
from pipeline.core.messages import Level, Result
from tests.conftest import SAMPLES
from tests.conversion_fixtures import needs_soffice

VIETNAMESE = re.compile(r"[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]", re.IGNORECASE)
# An empty package, and a document whose only paragraph is formatted as hidden text (the
# converter drops hidden text and says so; ingest then refuses the empty article).
EMPTY_ON_PURPOSE = {"mammoth__empty.docx", "pandoc__hiddenTextByStyle.odt"}
# Package-private characters the Markdown writer uses as markers; none may be left over.
MARKERS = re.compile("[\ue000-\ue00f]")


def _files(folder: str, suffixes: tuple[str, ...]) -> list:
    root = SAMPLES / folder
    if not root.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/samples không có trong bản checkout này"))]
    return [pytest.param(p, id=p.name) for p in sorted(root.rglob("*")) if p.suffix.lower() in suffixes]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tripwire: conversion must never open a connection (external pictures, linked objects)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"conversion tried to open a network connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def assert_converted_or_refused(
    result: Result[ConvertedDocument | None], path: Path, *, needs_text: bool = True
) -> None:
    if result.value is None:
        errors = [m for m in result.messages if m.level is Level.ERROR]
        assert errors, f"{path.name}: refused without a reason"
        assert path.name in errors[0].text and VIETNAMESE.search(errors[0].text), errors[0].text
        return
    markdown = result.value.markdown
    assert not MARKERS.search(markdown)
    assert unicodedata.is_normalized("NFC", markdown)
    if needs_text and path.name not in EMPTY_ON_PURPOSE:
        assert markdown.strip(), f"{path.name}: no text came out"
    for message in result.messages:
        assert VIETNAMESE.search(message.text), message.text
        assert message.code != "BT920", message.text  # the structure step must not have failed


@pytest.mark.parametrize("path", _files("real/docx", (".docx",)))
def test_real_docx_converts_to_markdown(path: Path) -> None:
    result = convert_document(path)
    assert result.value is not None, [str(m) for m in result.messages]
    assert_converted_or_refused(result, path)


@pytest.fixture(scope="module")
def batch_converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All real .doc/.odt/.rtf samples converted to .docx by a single soffice run."""
    soffice = find_soffice()
    if soffice is None or not (SAMPLES / "real").is_dir():
        return {}
    work = tmp_path_factory.mktemp("batch")
    (work / "in").mkdir()
    produced: dict[str, Path] = {}
    for path in sorted((SAMPLES / "real").rglob("*")):
        if path.suffix.lower() in (".doc", ".odt", ".rtf"):
            # pandoc__footnote.odt and pandoc__footnote.rtf must not share an output name.
            stem = f"{path.stem}-{path.suffix[1:]}"
            shutil.copyfile(path, work / "in" / f"{stem}{path.suffix}")
            produced[path.name] = work / "out" / f"{stem}.docx"
    with tempfile.TemporaryDirectory() as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"),
                   *sorted(str(p) for p in (work / "in").iterdir())]
        subprocess.run(command, capture_output=True, timeout=600, check=False)
    return produced


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("path", _files("real", (".doc", ".odt", ".rtf")))
def test_real_doc_odt_and_rtf_convert_or_are_refused_in_vietnamese(path: Path, batch_converted) -> None:
    docx = batch_converted.get(path.name)
    if docx is None or not docx.is_file():
        # soffice could not read it: the pipeline itself must refuse it with a Vietnamese reason.
        assert_converted_or_refused(convert_document(path), path)
        return
    fixed = fix_legacy_fonts(docx.read_bytes(), path.name)
    converted = convert_docx(fixed.value, path.name)
    assert converted.value is not None, [str(m) for m in converted.messages]
    finished = finish_body(parse_fragment(converted.value.html), path.name)
    messages = [*fixed.messages, *converted.messages, *finished.messages]
    assert_converted_or_refused(Result(ConvertedDocument(finished.value, path.suffix[1:]), messages), path)


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("name", ["doc/nwe__test01.doc", "odt/pandoc__trackedChanges.odt", "rtf/pandoc__heading.rtf"])
def test_each_format_goes_through_the_pipelines_own_libreoffice_step(name: str) -> None:
    path = SAMPLES / "real" / name
    if not path.is_file():
        pytest.skip("../shared/samples không có trong bản checkout này")
    result = convert_document(path)
    assert result.value is not None and result.value.format == path.suffix[1:]
    assert_converted_or_refused(result, path)


@pytest.mark.parametrize("path", _files("hostile", (".docx", ".docm", ".dotm", ".doc", ".odt", ".rtf", ".zip")))
def test_hostile_file_is_refused_or_converted_without_crashing(path: Path) -> None:
    if path.suffix.lower() in (".doc", ".odt", ".rtf") and find_soffice() is None:
        pytest.skip("LibreOffice chưa được cài trên máy này (make system-deps)")
    assert_converted_or_refused(convert_document(path), path, needs_text=False)


def _hostile(name: str) -> Path:
    path = SAMPLES / "hostile" / name
    if not path.is_file():
        pytest.skip("../shared/samples không có trong bản checkout này")
    return path


def test_external_picture_is_never_fetched_and_the_editor_is_told() -> None:
    result = convert_document(_hostile("mammoth__external-picture.docx"))
    assert result.value is not None
    assert "![" not in result.value.markdown and not result.value.images
    assert any("liên kết ngoài" in m.text for m in result.messages)


def test_external_ole_link_is_not_followed_or_published() -> None:
    result = convert_document(_hostile("oletools__sample_with_external_link_to_doc.docx"))
    assert result.value is not None
    assert "http" not in result.value.markdown


@needs_soffice
def test_odt_image_pointing_outside_the_package_is_not_resolved() -> None:
    result = convert_document(_hostile("pandoc__imageRelative.odt"))
    if result.value is not None:
        assert "lalune" not in result.value.markdown and "../" not in result.value.markdown
        assert not any(b"lalune" in image.data for image in result.value.images)


def test_dde_field_is_dropped_never_shown_as_a_link_or_command() -> None:
    result = convert_document(_hostile("oletools__dde-test.docx"))
    assert result.value is not None
    markdown = result.value.markdown
    for forbidden in ("cmd.exe", "calc", "DDE", "](", "Unerwartetes"):
        assert forbidden not in markdown
    assert "Hope this works." in markdown
    assert any("DDE" in m.text and m.level is Level.WARNING for m in result.messages)


def test_docm_sample_is_refused_as_macro_enabled() -> None:
    path = _hostile("oletools__oleform-PR314.docm")
    result = read_document(path)
    assert result.value is None
    assert any("macro" in m.text and path.name in m.text for m in result.messages)
