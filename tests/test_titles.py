"""Titles, bylines and summaries of real-looking Vietnamese office documents (made with python-docx)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import frontmatter
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from pipeline.core.dates import TZ
from pipeline.intake.ingest import ingest_all
from tests.docxfactory import UNIT_TABLE

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)
TABLE_NO_TITLE = {k: v for k, v in UNIT_TABLE.items()}

LETTERHEAD = (
    ("LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("LIÊN ĐOÀN LAO ĐỘNG HUYỆN BA TRI", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 12/KH-LĐLĐ", "Ba Tri, ngày 26 tháng 02 năm 2026"),
)
BODY = (
    ("Thực hiện Chương trình công tác năm 2026, Liên đoàn Lao động huyện Ba Tri xây dựng kế hoạch tổ chức "
     "Hội thao công nhân, viên chức, lao động như sau."),
    "Đối tượng tham gia là đoàn viên công đoàn các công đoàn cơ sở trực thuộc.",
)


def _doc(path: Path, *, letterhead_table: bool = True, lines: tuple[str, ...] = (), heading: str | None = None,
         body: tuple[str, ...] = BODY, author: str = "", title_property: str = "",
         table: dict[str, str] | None = None) -> Path:
    doc = Document()
    doc.core_properties.author = author
    doc.core_properties.title = title_property
    if table:
        t = doc.add_table(rows=0, cols=2)
        for label, value in table.items():
            cells = t.add_row().cells
            cells[0].text, cells[1].text = label, value
    if letterhead_table:
        t = doc.add_table(rows=0, cols=2)
        for left, right in LETTERHEAD:
            cells = t.add_row().cells
            cells[0].text, cells[1].text = left, right
    if heading:
        doc.add_heading(heading, 1)
    for line in lines:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
    for text in body:
        doc.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _ingest(workspace, path: Path):  # type: ignore[no-untyped-def]
    [outcome] = ingest_all(workspace, NOW)
    assert not outcome.refused, [m.text for m in outcome.messages]
    return outcome, frontmatter.load(outcome.article)


def test_a_plan_is_titled_by_its_type_line_joined_with_the_subject_line_not_by_the_letterhead(workspace):
    _doc(workspace.inbox / "kh.docx", table=TABLE_NO_TITLE,
         lines=("KẾ HOẠCH", "Tổ chức Hội thao công nhân, viên chức, lao động năm 2026"))
    outcome, post = _ingest(workspace, workspace.inbox / "kh.docx")
    assert post["title"] == "Kế hoạch tổ chức Hội thao công nhân, viên chức, lao động năm 2026"
    assert post["title_source"] == "tên loại văn bản và trích yếu"
    assert any(m.code == "BT814" for m in outcome.messages)
    assert any("Tiêu đề được đoán" in w for w in post["conversion_warnings"])


def test_the_body_keeps_the_letterhead_the_type_line_and_the_motto(workspace):
    _doc(workspace.inbox / "kh.docx", table=TABLE_NO_TITLE,
         lines=("KẾ HOẠCH", "Tổ chức Hội thao công nhân, viên chức, lao động năm 2026"))
    _, post = _ingest(workspace, workspace.inbox / "kh.docx")
    for kept in ("KẾ HOẠCH", "Độc lập - Tự do - Hạnh phúc", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-LĐLĐ"):
        assert kept in post.content


def test_an_all_capitals_decree_keeps_its_capitals_in_the_joined_title(workspace):
    _doc(workspace.inbox / "nd.docx", table=TABLE_NO_TITLE,
         lines=("NGHỊ ĐỊNH", "QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT CÔNG ĐOÀN"))
    _, post = _ingest(workspace, workspace.inbox / "nd.docx")
    assert post["title"] == "NGHỊ ĐỊNH QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT CÔNG ĐOÀN"


def test_a_letter_is_titled_by_its_v_v_line(workspace):
    _doc(workspace.inbox / "cv.docx", table=TABLE_NO_TITLE, lines=("V/v tổ chức Tháng Công nhân năm 2026",))
    _, post = _ingest(workspace, workspace.inbox / "cv.docx")
    assert post["title"] == "Về việc tổ chức Tháng Công nhân năm 2026"


def test_a_heading_after_the_letterhead_is_the_title_and_stays_in_the_body(workspace):
    _doc(workspace.inbox / "bc.docx", table=TABLE_NO_TITLE, heading="Hội thao công nhân huyện Ba Tri năm 2026")
    _, post = _ingest(workspace, workspace.inbox / "bc.docx")
    assert post["title"] == "Hội thao công nhân huyện Ba Tri năm 2026"
    assert post["title_source"] == "tiêu đề trong bài"
    assert "Hội thao công nhân huyện Ba Tri năm 2026" in post.content


def test_a_heading_1_at_the_very_top_is_the_title_and_leaves_the_body_without_a_warning(workspace):
    _doc(workspace.inbox / "a.docx", table=TABLE_NO_TITLE, letterhead_table=False,
         heading="Hội thao công nhân huyện Ba Tri năm 2026")
    outcome, post = _ingest(workspace, workspace.inbox / "a.docx")
    assert post["title"] == "Hội thao công nhân huyện Ba Tri năm 2026"
    assert post["title_source"] == "tiêu đề đầu bài"
    assert "Hội thao công nhân huyện Ba Tri năm 2026" not in post.content
    assert not any(m.code == "BT814" for m in outcome.messages)


def test_the_title_in_the_table_is_trusted_and_the_document_heading_stays_in_the_body(workspace):
    table = {"Tiêu đề": "Sôi nổi Hội thao công nhân Ba Tri", **TABLE_NO_TITLE}
    _doc(workspace.inbox / "a.docx", table=table, lines=("KẾ HOẠCH", "Tổ chức Hội thao năm 2026"))
    outcome, post = _ingest(workspace, workspace.inbox / "a.docx")
    assert post["title"] == "Sôi nổi Hội thao công nhân Ba Tri"
    assert post["title_source"] == "bảng thông tin"
    assert "KẾ HOẠCH" in post.content and "Tổ chức Hội thao năm 2026" in post.content
    assert not any(m.code == "BT814" for m in outcome.messages)


def test_a_letterhead_alone_is_never_the_title(workspace):
    _doc(workspace.inbox / "a.docx", table=TABLE_NO_TITLE, body=(" ".join(BODY),))
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.refused
    assert any("Không tìm thấy tiêu đề" in m.text for m in outcome.messages)


def test_a_letterhead_written_as_paragraphs_is_skipped_as_one_block(workspace):
    lines = ("CÔNG ĐOÀN VIÊN CHỨC TỈNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Số: 05/BC-CĐVC", "Bến Tre, ngày 02 tháng 3 năm 2026", "BÁO CÁO",
             "Kết quả hoạt động Quý I năm 2026")
    _doc(workspace.inbox / "bc.docx", table=TABLE_NO_TITLE, letterhead_table=False, lines=lines)
    _, post = _ingest(workspace, workspace.inbox / "bc.docx")
    assert post["title"] == "Báo cáo kết quả hoạt động Quý I năm 2026"
    assert "CÔNG ĐOÀN VIÊN CHỨC TỈNH" in post.content


def test_an_upper_case_heading_without_a_letterhead_is_a_title_not_a_preamble(workspace):
    _doc(workspace.inbox / "a.docx", table=TABLE_NO_TITLE, letterhead_table=False,
         lines=("ĐẠI HỘI CÔNG ĐOÀN HUYỆN BA TRI LẦN THỨ XII",))
    _, post = _ingest(workspace, workspace.inbox / "a.docx")
    assert post["title"] == "ĐẠI HỘI CÔNG ĐOÀN HUYỆN BA TRI LẦN THỨ XII"


def test_a_machine_author_property_is_never_the_byline(workspace):
    table = {k: v for k, v in TABLE_NO_TITLE.items() if k != "Người viết"}
    _doc(workspace.inbox / "a.docx", table=table, heading="Hội thao công nhân", author="Windows User")
    _, post = _ingest(workspace, workspace.inbox / "a.docx")
    assert post["author"] == ""


def test_an_author_property_not_found_in_the_text_is_not_the_byline(workspace):
    table = {k: v for k, v in TABLE_NO_TITLE.items() if k != "Người viết"}
    _doc(workspace.inbox / "a.docx", table=table, heading="Hội thao công nhân", author="Tin học Minh Phát")
    _, post = _ingest(workspace, workspace.inbox / "a.docx")
    assert post["author"] == ""


def test_the_byline_line_at_the_end_of_the_text_is_the_byline(workspace):
    table = {k: v for k, v in TABLE_NO_TITLE.items() if k != "Người viết"}
    _doc(workspace.inbox / "a.docx", table=table, heading="Hội thao công nhân", author="Administrator",
         body=(*BODY, "Tin, ảnh: Phạm Thị Thu"))
    _, post = _ingest(workspace, workspace.inbox / "a.docx")
    assert post["author"] == "Phạm Thị Thu"


def test_a_placeholder_name_written_in_the_table_is_dropped_with_a_warning(workspace):
    table = {**TABLE_NO_TITLE, "Người viết": "Email365 Team"}
    _doc(workspace.inbox / "a.docx", table=table, heading="Hội thao công nhân")
    outcome, post = _ingest(workspace, workspace.inbox / "a.docx")
    assert post["author"] == ""
    assert any(m.code == "BT819" and "Email365 Team" in m.text for m in outcome.messages)


def test_the_summary_is_never_the_letterhead_a_separator_or_the_subject_line(workspace):
    _doc(workspace.inbox / "kh.docx", table=TABLE_NO_TITLE,
         lines=("__________", "KẾ HOẠCH", "Tổ chức Hội thao công nhân, viên chức, lao động năm 2026", "***"))
    _, post = _ingest(workspace, workspace.inbox / "kh.docx")
    assert post["summary"].startswith("Thực hiện Chương trình công tác năm 2026")


def test_a_letterhead_line_holding_issuing_body_and_national_name_is_never_the_title(workspace):
    lines = ("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "HUYỆN BA TRI\tĐộc lập - Tự do - Hạnh phúc",
             "GIẤY MỜI", "Kính gửi: Ban Chấp hành Công đoàn cơ sở")
    _doc(workspace.inbox / "gm.docx", table=TABLE_NO_TITLE, letterhead_table=False, lines=lines)
    _, post = _ingest(workspace, workspace.inbox / "gm.docx")
    assert post["title"] == "GIẤY MỜI"


def test_a_bare_decree_heading_at_the_top_is_joined_with_its_subject(workspace):
    _doc(workspace.inbox / "nd.docx", table=TABLE_NO_TITLE, letterhead_table=False, heading="NGHỊ ĐỊNH",
         lines=("Về kê khai minh bạch tài sản, thu nhập",))
    _, post = _ingest(workspace, workspace.inbox / "nd.docx")
    assert post["title"] == "Nghị định về kê khai minh bạch tài sản, thu nhập"
