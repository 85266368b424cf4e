"""Every Word format offices send: .docx, .doc, .odt, .rtf (through real LibreOffice), and refusals."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import frontmatter
import pytest
from docx import Document

from pipeline.core.dates import TZ
from pipeline.core.messages import Level
from pipeline.intake.ingest import ingest_all
from tests.conversion_fixtures import docm, needs_soffice, soffice_convert
from tests.docxfactory import UNIT_TABLE

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)
TITLE = "Hội thao công nhân lao động huyện Ba Tri năm 2026"


def office_docx(path: Path) -> Path:
    """A typical office news item: metadata table, title, text, a list and a results table."""
    doc = Document()
    table = doc.add_table(rows=0, cols=2)
    for label, value in UNIT_TABLE.items():
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.add_heading(TITLE, 1)
    doc.add_paragraph("Sáng ngày 04/3/2026, hơn 500 đoàn viên tham gia hội thao với 6 môn thi đấu.")
    doc.add_paragraph("Kéo co nam nữ", style="List Bullet")
    doc.add_paragraph("Bóng chuyền hơi", style="List Bullet")
    results = doc.add_table(rows=2, cols=2)
    results.style = "Table Grid"
    for (r, c), text in {(0, 0): "Môn", (0, 1): "Đội nhất", (1, 0): "Kéo co", (1, 1): "Công ty Việt Đức"}.items():
        results.cell(r, c).text = text
    doc.add_paragraph("Hội thao bế mạc chiều cùng ngày.")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def only_article(outcomes) -> frontmatter.Post:  # type: ignore[no-untyped-def]
    [outcome] = outcomes
    assert outcome.status == "published", [str(m) for m in outcome.messages]
    return frontmatter.load(outcome.article)


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("fmt", ["odt", "doc"])
def test_odt_and_doc_made_by_libreoffice_become_the_same_article_as_the_docx(tmp_path, workspace, fmt):
    original = office_docx(tmp_path / "src" / "hoi-thao.docx")
    soffice_convert(original, fmt, workspace.inbox)

    post = only_article(ingest_all(workspace, NOW))

    assert post["title"] == TITLE
    assert post["unit"] == "ldld-ba-tri" and post["topic"] == "tuyen-giao-nu-cong"
    assert post["source"]["format"] == fmt and post["source"]["file"] == f"hoi-thao.{fmt}"
    body = post.content
    assert "hơn 500 đoàn viên tham gia hội thao" in body
    assert "- Kéo co nam nữ\n- Bóng chuyền hơi" in body
    assert "| Kéo co | Công ty Việt Đức |" in body
    assert "Đơn vị" not in body  # the metadata table was read, not published
    assert list((workspace.inbox / "processed" / "2026" / "03").rglob(f"hoi-thao.{fmt}"))


def rtf_escape(text: str) -> str:
    """RTF keeps non-ASCII letters as \\uN? escapes (N a signed 16-bit number)."""
    return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in text)


@pytest.mark.libreoffice
@needs_soffice
def test_rtf_is_converted_through_libreoffice(workspace):
    folder = workspace.inbox / "tin-rtf"
    folder.mkdir()
    body = "Liên đoàn Lao động tỉnh Bến Tre tổ chức hội nghị người lao động năm 2026."
    rtf = r"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}{\pard " + rtf_escape(body) + r"\par}}"
    (folder / "tin.rtf").write_text(rtf, encoding="ascii")
    (folder / "meta.yml").write_text(
        "title: Hội nghị người lao động\nunit: LĐLĐ huyện Ba Tri\ntopic: Tuyên giáo – Nữ công\n"
        "kind: news\nsubmitted_at: 2026-03-04 15:00\n",
        encoding="utf-8",
    )

    post = only_article(ingest_all(workspace, NOW))

    assert post["source"]["format"] == "rtf"
    assert body in post.content


def test_without_libreoffice_odt_is_refused_with_install_advice_and_docx_still_works(
    tmp_path, workspace, monkeypatch
):
    monkeypatch.setenv("BANTIN_SOFFICE", "none")
    office_docx(workspace.inbox / "a-bai.docx")
    odt = workspace.inbox / "b-bai.odt"
    odt.write_bytes(_minimal_odt())

    outcomes = {o.submission: o for o in ingest_all(workspace, NOW)}

    assert outcomes["a-bai.docx"].status == "published"
    refused = outcomes["b-bai.odt"]
    assert refused.status == "refused"
    [reason] = [m for m in refused.messages if m.level is Level.ERROR]
    assert "b-bai.odt" in reason.text and "LibreOffice" in reason.text and "make system-deps" in reason.text
    assert odt.exists()  # nothing lost: the file waits in the inbox


def test_macro_enabled_document_is_refused_and_stays_in_the_inbox(tmp_path, workspace):
    path = docm(workspace.inbox / "bao-cao.docm")

    [outcome] = ingest_all(workspace, NOW)

    assert outcome.status == "refused"
    assert any("macro" in m.text and "bao-cao.docm" in m.text for m in outcome.messages)
    assert path.exists() and not list(workspace.content.rglob("*.md"))


def test_password_protected_document_is_refused(workspace, hostile):
    (workspace.inbox / "mat-khau.docx").write_bytes(hostile["encrypted.docx"].read_bytes())

    [outcome] = ingest_all(workspace, NOW)

    assert outcome.status == "refused"
    assert any("mật khẩu" in m.text and "mat-khau.docx" in m.text for m in outcome.messages)


def test_truncated_docx_is_refused_naming_the_file(tmp_path, workspace):
    whole = office_docx(tmp_path / "nguyen-ven.docx").read_bytes()
    (workspace.inbox / "bi-cat.docx").write_bytes(whole[: len(whole) // 2])

    [outcome] = ingest_all(workspace, NOW)

    assert outcome.status == "refused"
    [reason] = [m for m in outcome.messages if m.level is Level.ERROR]
    assert "bi-cat.docx" in reason.text and "hỏng" in reason.text


def _minimal_odt() -> bytes:
    """A real (tiny) OpenDocument text package, so that only LibreOffice's absence refuses it."""
    import io
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:text><text:p>Tin từ LibreOffice</text:p></office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", manifest)
    return buf.getvalue()
