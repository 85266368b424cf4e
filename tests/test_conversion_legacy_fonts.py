"""Documents typed in the old Vietnamese fonts (TCVN3/ABC, VNI) are published in Unicode."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import frontmatter
import pytest
import yaml

from pipeline.core.dates import TZ
from pipeline.intake.ingest import ingest_all
from tests.conversion_fixtures import BODY, TITLE, legacy_docx, needs_soffice, soffice_convert

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)
META = {"unit": "LĐLĐ huyện Ba Tri", "topic": "Tuyên giáo – Nữ công", "kind": "news",
        "submitted_at": "2026-03-04 15:00"}


def publish(workspace, document: Path) -> frontmatter.Post:  # type: ignore[no-untyped-def]
    (document.parent / "meta.yml").write_text(yaml.safe_dump(META, allow_unicode=True), encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "published", [str(m) for m in outcome.messages]
    return frontmatter.load(outcome.article)


@pytest.mark.parametrize("scheme", ["tcvn3", "vni"])
def test_legacy_font_document_becomes_unicode_nfc_text(workspace, scheme):
    post = publish(workspace, legacy_docx(workspace.inbox / "bai" / f"{scheme}.docx", scheme))

    assert BODY in post.content  # every letter decoded, "ư" included (U+00AD in TCVN3)
    assert unicodedata.is_normalized("NFC", post.content)
    assert "\u00ad" not in post.content and "¬" not in post.content and "ö" not in post.content
    expected_title = TITLE.upper() if scheme == "tcvn3" else TITLE  # .VnTimeH draws capitals
    assert post["title"] == expected_title
    assert post["slug"] == "hoi-nghi-tong-ket-cong-tac-cong-doan-nam-2025"


@pytest.mark.libreoffice
@needs_soffice
def test_tcvn3_text_in_an_old_doc_file_is_decoded_after_libreoffice(tmp_path, workspace):
    source = legacy_docx(tmp_path / "cu.docx", "tcvn3")
    folder = workspace.inbox / "bai-cu"
    folder.mkdir()
    soffice_convert(source, "doc", folder)

    post = publish(workspace, folder / "cu.doc")

    assert post["source"]["format"] == "doc"
    assert BODY in post.content
    assert post["title"] == TITLE.upper()
