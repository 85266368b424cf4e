"""Document structure survives conversion; what is dropped is said in `conversion_warnings`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import frontmatter
import pytest
import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from pipeline.core.dates import TZ
from pipeline.intake.ingest import ingest_all
from tests.conversion_fixtures import (
    footnotes_docx,
    merged_cells_docx,
    nested_lists_docx,
    office_structure_docx,
    tracked_changes_docx,
)
from tests.sitebuild import ROOT, build_site

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)
META = {
    "unit": "LĐLĐ huyện Ba Tri",
    "topic": "Tuyên giáo – Nữ công",
    "kind": "news",
    "submitted_at": "2026-03-04 15:00",
}


def submit(workspace, build: Callable[[Path], Path], name: str, **meta: str) -> frontmatter.Post:  # type: ignore[no-untyped-def]
    """Drop one document (with a meta.yml giving unit and topic) and ingest it."""
    folder = workspace.inbox / Path(name).stem
    folder.mkdir(parents=True)
    build(folder / name)
    (folder / "meta.yml").write_text(yaml.safe_dump({**META, **meta}, allow_unicode=True), encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "published", [str(m) for m in outcome.messages]
    return frontmatter.load(outcome.article)


def warnings_of(post: frontmatter.Post) -> str:
    return "\n".join(post.get("conversion_warnings", []))


def test_tracked_insertions_are_kept_deletions_dropped_and_the_editor_is_told(workspace):
    post = submit(workspace, tracked_changes_docx, "sua-doi.docx", title="Tổng kết năm 2025")

    assert "Hội nghị đã biểu dương 35 tập thể và 50 cá nhân tiêu biểu." in post.content
    assert "NỘI_DUNG_ĐÃ_XÓA" not in post.content
    assert "Track Changes" in warnings_of(post) and "NỘI_DUNG_ĐÃ_XÓA" in warnings_of(post)


def test_footnotes_and_endnotes_become_markdown_footnotes(workspace):
    post = submit(workspace, footnotes_docx, "chu-thich.docx", title="Phát triển đoàn viên")

    assert "4.200 đoàn viên mới[^1] và thành lập 18 công đoàn cơ sở[^2]." in post.content
    assert "[^1]: Theo Báo cáo số 12/BC-LĐLĐ ngày 10/01/2026." in post.content
    assert "[^2]: Số liệu do Ban Tổ chức cung cấp." in post.content
    assert "#footnote" not in post.content and "↑" not in post.content


def test_merged_cells_are_kept_as_an_html_table(workspace):
    post = submit(workspace, merged_cells_docx, "ket-qua.docx", title="Kết quả thi đua")

    body = post.content
    assert '<td colspan="2">Kết quả</td>' in body
    assert '<td rowspan="2">LĐLĐ huyện Ba Tri</td>' in body
    assert "<tr><td>CĐ ngành Giáo dục</td><td>310</td><td>2</td></tr>" in body
    assert "\n\n" not in body[body.index("<table>"):body.index("</table>")]  # one HTML block for GitHub
    assert "Hội nghị bế mạc lúc 11 giờ cùng ngày." in body


def test_simple_table_stays_a_pipe_table(workspace):
    def build(path: Path) -> Path:
        doc = Document()
        doc.add_paragraph("Lịch thi đấu:")
        table = doc.add_table(rows=2, cols=2)
        for (r, c), text in {(0, 0): "Môn", (0, 1): "Ngày | giờ", (1, 0): "Kéo co", (1, 1): "05/3 | 8:00"}.items():
            table.cell(r, c).text = text
        doc.save(str(path))
        return path

    post = submit(workspace, build, "lich.docx", title="Lịch thi đấu")

    assert "| Môn | Ngày \\| giờ |\n| --- | --- |\n| Kéo co | 05/3 \\| 8:00 |" in post.content


def test_list_styles_nest_and_numbers_continue_after_a_paragraph(workspace):
    post = submit(workspace, nested_lists_docx, "nhiem-vu.docx", title="Nhiệm vụ năm 2026")

    assert (
        "- Phát triển đoàn viên\n"
        "    - Khu vực doanh nghiệp ngoài nhà nước\n"
        "        - Doanh nghiệp có vốn đầu tư nước ngoài\n"
        "- Chăm lo đời sống đoàn viên"
    ) in post.content
    assert "1. Khảo sát\n    1. Lập danh sách\n2. Tổ chức trao quà" in post.content


def test_numbered_list_interrupted_by_a_paragraph_keeps_counting(workspace):
    def build(path: Path) -> Path:
        doc = Document()
        doc.add_paragraph("Kế hoạch gồm các bước:")
        doc.add_paragraph("Khảo sát nhu cầu", style="List Number")
        doc.add_paragraph("Mỗi công đoàn cơ sở gửi danh sách trước ngày 10/3.")
        doc.add_paragraph("Tổng hợp danh sách", style="List Number")
        doc.save(str(path))
        return path

    post = submit(workspace, build, "ke-hoach.docx", title="Kế hoạch trao quà")

    assert "1. Khảo sát nhu cầu\n\nMỗi công đoàn cơ sở" in post.content
    assert "trước ngày 10/3.\n\n2. Tổng hợp danh sách" in post.content


def test_office_document_headings_links_text_boxes_and_what_is_dropped(workspace):
    post = submit(workspace, office_structure_docx, "hoi-thao.docx")

    body = post.content
    # The bold, centred, short paragraph is the title; the next one a section heading.
    assert post["title"] == "HỘI THAO CÔNG NHÂN LAO ĐỘNG NĂM 2026"
    assert "\n## Kết quả các môn thi\n" in body
    # A long bold centred paragraph is text, and the national motto is not a heading.
    assert "**Ban Tổ chức trân trọng cảm ơn" in body
    assert "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**" in body and "# CỘNG HÒA" not in body
    assert "Xem thêm tại [trang Công đoàn tỉnh](https://congdoan.bentre.gov.vn/)." in body
    assert "Khung: 1.200 vận động viên tham gia" in body  # text box
    for dropped in ("ĐẦU_TRANG", "CHÂN_TRANG", "GHI_CHÚ_NỘI_BỘ", "Trang 7"):
        assert dropped not in body
    said = warnings_of(post)
    assert "đầu trang/chân trang" in said and "ĐẦU_TRANG" in said and "CHÂN_TRANG" in said
    assert "ghi chú (comment)" in said and "GHI_CHÚ_NỘI_BỘ" in said
    assert "số trang" in said


def test_text_typed_like_markup_stays_text(workspace):
    def build(path: Path) -> Path:
        doc = Document()
        for text in (
            "2. Nhiệm vụ trọng tâm (mục này Word không đánh số tự động)",
            "<script>alert('x')</script> và [bấm đây](javascript:alert(1))",
            "Điền vào chỗ trống: ____________",
            "# không phải tiêu đề",
        ):
            doc.add_paragraph(text)
        doc.save(str(path))
        return path

    post = submit(workspace, build, "ky-tu.docx", title="Ký tự đặc biệt")

    import markdown

    html = markdown.markdown(post.content, extensions=["extra", "sane_lists"])
    assert "<script>" not in html and "<ol" not in html and "<h1" not in html and "<hr" not in html
    assert 'href="javascript' not in html
    assert "2. Nhiệm vụ trọng tâm" in html and "&lt;script&gt;" in html and "____________" in html


def test_hyperlink_to_a_script_or_a_local_file_is_unwrapped_and_reported(workspace):
    def build(path: Path) -> Path:
        from tests.conversion_fixtures import REL, _body_xml, rewrite_package

        doc = Document()
        doc.add_paragraph("LINK_HERE")
        doc.save(str(path))
        link = (
            '<w:hyperlink r:id="rIdBad"><w:r><w:t>mở tệp báo cáo</w:t></w:r></w:hyperlink>'
        )

        def edit(parts: dict[str, bytes]) -> None:
            _body_xml(parts, {"<w:r><w:t>LINK_HERE</w:t></w:r>": link})
            rels = parts["word/_rels/document.xml.rels"].decode("utf-8").replace("</Relationships>", (
                f'<Relationship Id="rIdBad" Type="{REL}/hyperlink" Target="file:///C:/bao-cao.xls" '
                'TargetMode="External"/></Relationships>'))
            parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")

        return rewrite_package(path, edit)

    post = submit(workspace, build, "lien-ket.docx", title="Liên kết")

    assert "mở tệp báo cáo" in post.content and "file:" not in post.content
    assert "liên kết" in warnings_of(post) and "file:///C:/bao-cao.xls" in warnings_of(post)


def test_site_renders_footnotes_nested_lists_and_merged_table(workspace, tmp_path):
    shutil.copytree(ROOT / "content" / "pages", workspace.content / "pages")
    for name, build in (("a.docx", footnotes_docx), ("b.docx", nested_lists_docx), ("c.docx", merged_cells_docx)):
        folder = workspace.inbox / Path(name).stem
        folder.mkdir()
        build(folder / name)
        meta = {**META, "title": f"Bài {name[0]}"}
        (folder / "meta.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    assert [o.status for o in ingest_all(workspace, NOW)] == ["published"] * 3

    output = tmp_path / "output"
    build_site(workspace.content, output)
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (output / "tuyen-giao-nu-cong" / "2026").glob("*.html")}

    assert 'class="footnote"' in pages["bai-a"] and "Theo Báo cáo số 12/BC-LĐLĐ" in pages["bai-a"]
    nested = pages["bai-b"]
    outer = nested.index("Phát triển đoàn viên")
    assert nested.index("<ul>", outer) < nested.index("Khu vực doanh nghiệp", outer)  # a list inside the item
    assert '<td colspan="2">Kết quả</td>' in pages["bai-c"]


@pytest.mark.parametrize("style_name", ["Heading 1", "Title"])
def test_word_heading_styles_give_the_title(workspace, style_name):
    def build(path: Path) -> Path:
        doc = Document()
        doc.add_paragraph("Tuyên dương người lao động giỏi", style=style_name)
        doc.add_paragraph("Nội dung bài viết.")
        doc.save(str(path))
        return path

    post = submit(workspace, build, "tieu-de.docx")

    assert post["title"] == "Tuyên dương người lao động giỏi"


def test_centred_bold_line_inside_a_table_is_not_a_heading(workspace):
    def build(path: Path) -> Path:
        doc = Document()
        doc.add_paragraph("Danh sách khen thưởng:")
        cell = doc.add_table(rows=1, cols=1).cell(0, 0)
        para = cell.paragraphs[0]
        para.add_run("Tập thể xuất sắc").bold = True
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.save(str(path))
        return path

    post = submit(workspace, build, "bang.docx", title="Khen thưởng")

    assert "#" not in post.content and "Tập thể xuất sắc" in post.content
