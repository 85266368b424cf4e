"""Published fields at ingest: plain text only, no contact data, dates and file names the site can build."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import frontmatter
import yaml
from docx import Document

from pipeline.core.dates import TZ
from pipeline.intake.ingest import ingest_all
from tests.docxfactory import UNIT_TABLE, make_docx, photo_bytes

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)
PRIVATE = ("minh.ngo@example.vn", "0903111222", "0903 111 222")


def _with_properties(path: Path, **properties: str) -> Path:
    doc = Document(str(path))
    for name, value in properties.items():
        setattr(doc.core_properties, name, value)
    doc.save(str(path))
    return path


def _codes(outcome) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.code for m in outcome.messages]


def test_an_author_property_with_email_and_phone_is_not_used_as_the_byline(workspace) -> None:
    table = {k: v for k, v in UNIT_TABLE.items() if k != "Người viết"}
    path = make_docx(workspace.inbox / "bai.docx", table=table)
    _with_properties(path, author="Ngô Minh <minh.ngo@example.vn> 0903111222")
    [outcome] = ingest_all(workspace, NOW)
    # A file property becomes a byline only when its name is in the text (issue 13), so this one is
    # never a candidate; what matters is that none of it reaches the article.
    assert outcome.status == "published"
    text = outcome.article.read_text(encoding="utf-8")
    assert frontmatter.loads(text)["author"] == ""
    assert not any(p in text for p in PRIVATE)  # not even in the stored warnings


def test_a_byline_typed_with_a_phone_number_is_refused_saying_where_the_number_goes(workspace) -> None:
    make_docx(workspace.inbox / "bai.docx", table=dict(UNIT_TABLE, **{"Người viết": "Ngô Minh 0903 111 222"}))
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "refused"
    [message] = [m for m in outcome.messages if m.code == "BT816"]
    assert message.text.startswith("Ô 'Tác giả' (bảng thông tin) có số điện thoại")
    assert "ghi vào ô 'Email', 'Điện thoại'" in message.text


def test_a_subject_property_with_a_web_address_is_dropped_and_a_typed_summary_with_one_refused(workspace) -> None:
    path = make_docx(workspace.inbox / "a.docx", table=UNIT_TABLE)
    _with_properties(path, subject="Xem thêm tại https://lua-dao.example.com/khuyen-mai")
    typed = make_docx(workspace.inbox / "b.docx", heading="Hội nghị người lao động năm 2026",
                      table=dict(UNIT_TABLE, **{"Tóm tắt": "Đăng ký tại www.lua-dao.example.com ngay"}))
    outcomes = {o.submission: o for o in ingest_all(workspace, NOW)}
    assert outcomes["a.docx"].status == "published"
    assert "lua-dao" not in outcomes["a.docx"].article.read_text(encoding="utf-8")
    assert outcomes[typed.name].status == "refused" and "BT816" in _codes(outcomes[typed.name])


def test_control_characters_in_a_meta_yml_title_are_refused(workspace) -> None:
    folder = workspace.inbox / "bai"
    make_docx(folder / "bai.docx", table=UNIT_TABLE)
    (folder / "meta.yml").write_text('title: "Hội nghị\\a\\0 tổng kết"\n', encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "refused"
    assert [m.text for m in outcome.messages if m.code == "BT817"] == [
        "Ô 'Tiêu đề' có ký tự điều khiển không in được (U+0007, U+0000); hãy gõ lại nội dung ô này."]


def test_a_year_outside_2000_to_2100_is_refused(workspace) -> None:
    folder = workspace.inbox / "bai"
    make_docx(folder / "bai.docx", table=UNIT_TABLE)
    (folder / "meta.yml").write_text("submitted_at: 0001-01-01\n", encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "refused"
    assert any(m.code == "BT818" and "01/01/0001" in m.text for m in outcome.messages)


def test_a_title_that_is_a_windows_device_name_gets_a_portable_file_name(workspace) -> None:
    folder = workspace.inbox / "bai"
    make_docx(folder / "bai.docx", table=UNIT_TABLE)
    (folder / "meta.yml").write_text("title: AUX\n", encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.article.name == "aux-tin.md"


def test_a_meta_yml_caption_with_newlines_and_script_stays_one_line_of_text(workspace) -> None:
    folder = workspace.inbox / "anh"
    make_docx(folder / "bai.docx", table=UNIT_TABLE)
    (folder / "a.jpg").write_bytes(photo_bytes())
    (folder / "meta.yml").write_text(yaml.safe_dump(
        {"captions": {"a.jpg": 'Trao quà\n\n<script>alert(1)</script>\n"x" onerror="alert(2)'}},
        allow_unicode=True), encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    post = frontmatter.load(outcome.article)
    assert post["images"][0]["caption"] == "Trao quà <script>alert(1)</script> 'x' onerror='alert(2)"
    [line] = [line for line in post.content.splitlines() if line.startswith("![")]
    assert line.endswith(""" "Trao quà <script>alert(1)</script> 'x' onerror='alert(2)")""")

