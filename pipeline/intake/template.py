"""The contributors' Word template (mau-tin-bai.docx): metadata table plus instructions in Vietnamese."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

from pipeline.core.config import Config
from pipeline.intake.metadata import LABELS

# Instruction paragraphs use this style; the converter drops it, so leftovers never reach the site.
INSTRUCTION_STYLE = "Hướng dẫn"

UNIT_ROWS = ("title", "unit", "topic", "kind", "event_time", "submitted_at", "author", "author_title",
             "approved_by", "summary", "tags")
COLLABORATOR_ROWS = ("organization", "email", "phone", "address", "copyright")


def write_template(path: Path, config: Config) -> None:
    doc = Document()
    style = doc.styles.add_style(INSTRUCTION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.font.italic = True
    style.font.size = Pt(10)
    style.font.color.rgb = RGBColor(0x80, 0x1F, 0x1F)
    doc.core_properties.title = ""
    doc.core_properties.author = config.site.federation

    def say(text: str) -> None:
        doc.add_paragraph(text, style=INSTRUCTION_STYLE)

    topics = "; ".join(t.name for t in config.topics.values())
    kinds = "; ".join(k.name for k in config.kinds.values())
    say(f"MẪU GỬI TIN, BÀI — {config.site.tagline or config.site.name}")
    say("1. Điền bảng thông tin dưới đây (cột bên phải). Không đổi tên các ô ở cột bên trái.")
    say(f"2. Lĩnh vực chọn một trong: {topics}. Loại tin chọn một trong: {kinds}.")
    say(
        f"3. Tin thời sự gửi trước {config.deadlines.timely_news_cutoff:%H:%M} hằng ngày; tin sự kiện gửi "
        f"trong vòng {config.deadlines.event_working_hours:g} giờ hành chính kể từ khi sự kiện diễn ra. "
        "Ghi thời gian dạng 08:30 04/03/2026."
    )
    say("4. Tin, bài của đơn vị phải được lãnh đạo đơn vị duyệt: ghi họ tên lãnh đạo ở ô 'Lãnh đạo duyệt'.")
    say(
        "5. Cộng tác viên ngoài hệ thống công đoàn: để trống ô 'Đơn vị', điền đủ phần dành cho cộng tác viên "
        f"và gửi về hộp thư {config.collaborator_inbox}. Thông tin liên hệ chỉ dùng cho Ban Biên tập, "
        "không đăng lên trang. Ghi 'Có' ở ô 'Cam kết bản quyền' để xác nhận tự chịu trách nhiệm về bản quyền "
        "và tính chính xác của tin, bài, ảnh."
    )
    say("6. Chèn ảnh ngay trong bài (ảnh jpg, png); ngay dưới mỗi ảnh viết một dòng chú thích với kiểu 'Caption'.")
    say("Các dòng chữ nghiêng màu đỏ như thế này là hướng dẫn, sẽ tự động bị bỏ qua khi đăng bài.")

    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key in UNIT_ROWS:
        table.add_row().cells[0].text = LABELS[key][0]
    header = table.add_row().cells
    header[0].merge(header[1]).text = "Dành cho cộng tác viên ngoài hệ thống công đoàn"
    for key in COLLABORATOR_ROWS:
        table.add_row().cells[0].text = LABELS[key][0]
    for row in table.rows:
        for run in row.cells[0].paragraphs[0].runs:
            run.bold = True

    say("Viết nội dung tin, bài bên dưới (xóa dòng hướng dẫn này nếu muốn). Dùng kiểu Heading 2 cho tiêu đề nhỏ.")
    doc.add_paragraph("")
    buffer = io.BytesIO()
    doc.save(buffer)
    data = _reproducible(buffer.getvalue())
    # The site writes it on every build: an unchanged file keeps its time, so rsync leaves it alone.
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _reproducible(docx: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01: python-docx stamps them with the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, entry.external_attr
            target.writestr(info, source.read(entry))
    return out.getvalue()
