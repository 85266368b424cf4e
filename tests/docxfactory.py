"""Build real .docx submissions for tests with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.shared import Inches
from PIL import Image


def photo_bytes(size: tuple[int, int] = (1200, 800), colour: tuple[int, int, int] = (180, 40, 40), fmt: str = "JPEG") -> bytes:
    """A photo-like image (a gradient, so it is not mistaken for a flat drawing)."""
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    overlay = Image.new("RGB", size, colour)
    buf = io.BytesIO()
    Image.blend(im, overlay, 0.5).save(buf, fmt)
    return buf.getvalue()


def make_docx(
    path: Path,
    *,
    table: dict[str, str] | None = None,
    heading: str | None = "Đại hội Công đoàn huyện Ba Tri lần thứ XII",
    paragraphs: tuple[str, ...] = (
        (
            "Sáng ngày 04/3/2026, Liên đoàn Lao động huyện Ba Tri tổ chức Đại hội đại biểu Công đoàn huyện "
            "lần thứ XII, nhiệm kỳ 2026 – 2031, với sự tham dự của 150 đại biểu chính thức."
        ),
        "Đại hội đã thảo luận và thông qua các chỉ tiêu phát triển đoàn viên, chăm lo đời sống người lao động.",
    ),
    image_caption: str | None = None,
    title_property: str | None = None,
) -> Path:
    doc = Document()
    if title_property is not None:
        doc.core_properties.title = title_property
    if table:
        t = doc.add_table(rows=0, cols=2)
        for label, value in table.items():
            cells = t.add_row().cells
            cells[0].text = label
            cells[1].text = value
    if heading:
        doc.add_heading(heading, 1)
    for text in paragraphs:
        doc.add_paragraph(text)
    if image_caption is not None:
        doc.add_picture(io.BytesIO(photo_bytes()), width=Inches(4))
        doc.add_paragraph(image_caption, style="Caption")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


UNIT_TABLE = {
    "Đơn vị": "LĐLĐ huyện Ba Tri",
    "Lĩnh vực": "Tuyên giáo – Nữ công",
    "Loại tin": "Tin sự kiện",
    "Thời gian sự kiện": "8 giờ 30, ngày 04/3/2026",
    "Thời gian gửi": "15:00 04/03/2026",
    "Người viết": "Trần Thị Hồng",
    "Chức danh": "Cán bộ LĐLĐ huyện",
    "Lãnh đạo duyệt": "Nguyễn Văn Bình",
}

COLLABORATOR_TABLE = {
    "Cơ quan": "Báo Đồng Khởi",
    "Người viết": "Lê Minh Châu",
    "Chức danh": "Phóng viên",
    "Email": "chau.le@example.vn",
    "Điện thoại": "0912 345 678",
    "Địa chỉ": "12 Hùng Vương, phường 1, TP Bến Tre",
    "Cam kết bản quyền": "Có",
    "Lĩnh vực": "Chính sách – Pháp luật",
    "Loại tin": "Bài chuyên sâu",
    "Thời gian gửi": "09:00 05/03/2026",
}
