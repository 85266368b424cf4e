"""Hostile documents never crash the converter, fetch anything or turn field codes into links.

The corpus is generated in the repository (tests/hostile/make.py), so a fresh clone runs every case;
the real documents of ../shared/samples are an extra corpus in tests/fidelity/.
"""

from __future__ import annotations

import re
import socket
import unicodedata
from pathlib import Path

import pytest

from pipeline.convert.document import ConvertedDocument, convert_document
from pipeline.convert.libreoffice import find_soffice
from pipeline.convert.read import read_document
from pipeline.core.messages import Level, Result
from tests.hostile.make import CORPUS

VIETNAMESE = re.compile(r"[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]", re.IGNORECASE)
# An empty package, and a document whose only paragraph is formatted as hidden text (the
# converter drops hidden text and says so; ingest then refuses the empty article).
EMPTY_ON_PURPOSE = {"mammoth__empty.docx", "pandoc__hiddenTextByStyle.odt"}
# Package-private characters the Markdown writer uses as markers; none may be left over.
MARKERS = re.compile("[\ue000-\ue00f]")


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


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_file_is_refused_or_converted_without_crashing(name: str, hostile: dict[str, Path]) -> None:
    path = hostile[name]
    if path.suffix.lower() in (".doc", ".odt", ".rtf") and find_soffice() is None:
        pytest.skip("LibreOffice chưa được cài trên máy này (make system-deps)")
    assert_converted_or_refused(convert_document(path), path, needs_text=False)


def test_external_picture_is_never_fetched_and_the_editor_is_told(hostile: dict[str, Path]) -> None:
    result = convert_document(hostile["external-picture.docx"])
    assert result.value is not None
    assert "![" not in result.value.markdown and not result.value.images
    assert any("liên kết ngoài" in m.text for m in result.messages)


def test_external_ole_link_is_not_followed_or_published(hostile: dict[str, Path]) -> None:
    result = convert_document(hostile["external-ole-link.docx"])
    assert result.value is not None
    assert "http" not in result.value.markdown and "example.invalid" not in result.value.markdown


def test_odt_image_pointing_outside_the_package_is_refused_and_never_resolved(hostile: dict[str, Path]) -> None:
    path = hostile["image-relative.odt"]
    result = convert_document(path)
    assert result.value is None
    assert [m.code for m in result.messages if m.level is Level.ERROR] == ["BT949"]
    assert "lalune" in result.messages[-1].text  # the message names the link


def test_dde_field_is_dropped_never_shown_as_a_link_or_command(hostile: dict[str, Path]) -> None:
    result = convert_document(hostile["dde.docx"])
    assert result.value is not None
    markdown = result.value.markdown
    for forbidden in ("cmd.exe", "calc", "DDE", "](", "Unerwartetes"):
        assert forbidden not in markdown
    assert "Hope this works." in markdown
    assert any("DDE" in m.text and m.level is Level.WARNING for m in result.messages)


def test_docm_sample_is_refused_as_macro_enabled(hostile: dict[str, Path]) -> None:
    path = hostile["macro.docm"]
    result = read_document(path)
    assert result.value is None
    assert any("macro" in m.text and path.name in m.text for m in result.messages)


def test_embedded_ole_object_is_dropped_with_a_warning_and_its_text_kept(hostile: dict[str, Path]) -> None:
    result = convert_document(hostile["ole-embedded.docx"])
    assert result.value is not None and "Hope this works." in result.value.markdown
    assert "BT917" in [m.code for m in result.messages]
