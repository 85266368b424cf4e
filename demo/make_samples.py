"""Write the bundled sample submissions (real .docx files, photos, meta.yml) into an inbox.

`make demo` runs this into a scratch workspace, so the repository holds only their source here.
Usage: python demo/make_samples.py <inbox>
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import yaml
from docx import Document
from docx.shared import Inches
from PIL import Image, ImageDraw


def photo(colour: tuple[int, int, int], size: tuple[int, int] = (1800, 1200), label: str = "") -> bytes:
    """A photo-like picture: a gradient sky, a ground band and a few shapes."""
    w, h = size
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    im = Image.blend(im, Image.new("RGB", size, colour), 0.55)
    draw = ImageDraw.Draw(im)
    draw.rectangle([0, int(h * 0.7), w, h], fill=tuple(max(0, c - 60) for c in colour))
    for i in range(6):
        x = int(w * (0.1 + i * 0.14))
        draw.ellipse([x, int(h * 0.45), x + w // 14, int(h * 0.45) + w // 14], fill=(240, 220, 200))
        draw.rectangle([x, int(h * 0.52), x + w // 14, int(h * 0.72)], fill=(30, 60, 120))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=88)
    return buf.getvalue()


def document(table: dict[str, str], title: str | None, paragraphs: list[str], *,
             images: list[tuple[bytes, str]] = (), subheads: dict[int, str] | None = None,
             bullets: list[str] = ()) -> Document:
    doc = Document()
    doc.core_properties.author = "Văn thư"
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for label, value in table.items():
        cells = t.add_row().cells
        cells[0].text, cells[1].text = label, value
    if title:
        doc.add_heading(title, 1)
    for i, text in enumerate(paragraphs):
        if subheads and i in subheads:
            doc.add_heading(subheads[i], 2)
        doc.add_paragraph(text)
        if i == 0:
            for data, caption in images:
                doc.add_picture(io.BytesIO(data), width=Inches(5))
                doc.add_paragraph(caption, style="Caption")
    for item in bullets:
        doc.add_paragraph(item, style="List Bullet")
    return doc


SAMPLES: list[dict] = [
    {
        "file": "ba-tri-hoi-thi-nu-cong.docx",
        "table": {
            "Đơn vị": "LĐLĐ huyện Ba Tri", "Lĩnh vực": "Tuyên giáo – Nữ công", "Loại tin": "Tin sự kiện",
            "Thời gian sự kiện": "8 giờ 00, ngày 06/3/2026", "Thời gian gửi": "14:30 06/03/2026",
            "Người viết": "Trần Thị Hồng", "Chức danh": "Cán bộ LĐLĐ huyện", "Lãnh đạo duyệt": "Nguyễn Văn Bình",
        },
        "title": "LĐLĐ huyện Ba Tri tổ chức Hội thi “Nữ công khéo tay” năm 2026",
        "paragraphs": [
            "Chào mừng kỷ niệm 116 năm Ngày Quốc tế Phụ nữ 8/3, sáng ngày 06/3/2026, Liên đoàn Lao động huyện Ba Tri "
            "tổ chức Hội thi “Nữ công khéo tay” với sự tham gia của 18 đội đến từ các công đoàn cơ sở trực thuộc.",
            "Các đội thi tranh tài ở ba phần: cắm hoa nghệ thuật, chế biến món ăn từ dừa và thuyết trình về vai trò của "
            "người phụ nữ trong gia đình. Ban Tổ chức trao 1 giải nhất, 2 giải nhì, 3 giải ba và 5 giải khuyến khích.",
            "Hội thi góp phần động viên nữ đoàn viên, người lao động thi đua lao động giỏi, xây dựng gia đình no ấm, "
            "tiến bộ, hạnh phúc.",
        ],
        "images": [((200, 60, 90), "Các đội tranh tài phần cắm hoa nghệ thuật")],
    },
    {
        "file": "huong-dan-kinh-phi-cong-doan.docx",
        "table": {
            "Đơn vị": "Ban Tài chính", "Lĩnh vực": "Tài chính", "Loại tin": "Tin thời sự",
            "Thời gian gửi": "10:15 09/03/2026", "Người viết": "Phạm Thị Lan", "Chức danh": "Chuyên viên Ban Tài chính",
            "Lãnh đạo duyệt": "Võ Thị Thúy Mai",
        },
        "title": "Hướng dẫn thu, nộp kinh phí và đoàn phí công đoàn năm 2026",
        "paragraphs": [
            "Ban Tài chính LĐLĐ tỉnh vừa ban hành văn bản hướng dẫn các công đoàn cấp trên trực tiếp cơ sở về việc thu, "
            "nộp kinh phí công đoàn và đoàn phí công đoàn năm 2026.",
            "Theo hướng dẫn, cơ quan, đơn vị, doanh nghiệp đóng kinh phí công đoàn bằng 2% quỹ tiền lương làm căn cứ "
            "đóng bảo hiểm xã hội cho người lao động; đoàn viên đóng đoàn phí bằng 1% tiền lương.",
        ],
        "subheads": {1: "Mức đóng"},
        "bullets": ["Nộp kinh phí công đoàn hằng tháng hoặc hằng quý.", "Đối chiếu số liệu trước ngày 15/12/2026."],
    },
    {
        "file": "con-phung-don-doan-vien.docx",
        "table": {
            "Đơn vị": "Cty TNHH DL-TMDV Cồn Phụng", "Lĩnh vực": "Tuyên giáo – Nữ công", "Loại tin": "Tin thời sự",
            "Thời gian gửi": "15:40 10/03/2026", "Người viết": "Huỳnh Văn Tài", "Chức danh": "Nhân viên kinh doanh",
            "Lãnh đạo duyệt": "Lê Văn Phụng",
        },
        "title": "Khu du lịch Cồn Phụng ưu đãi giá vé cho đoàn viên công đoàn",
        "paragraphs": [
            "Nhằm chăm lo đời sống tinh thần cho đoàn viên, người lao động, Công ty TNHH DL-DV-TM Cồn Phụng giảm 30% "
            "giá vé tham quan và dịch vụ ăn uống cho đoàn viên công đoàn trong tỉnh từ ngày 15/3 đến 30/6/2026.",
            "Đoàn viên xuất trình thẻ đoàn viên công đoàn khi mua vé để được hưởng ưu đãi.",
        ],
    },
    {
        "file": "kiem-tra-dieu-le.docx",
        "table": {
            "Đơn vị": "Ủy ban Kiểm tra", "Lĩnh vực": "Tổ chức – Kiểm tra", "Loại tin": "Tin sự kiện",
            "Thời gian sự kiện": "13:30 11/03/2026", "Thời gian gửi": "09:00 12/03/2026",
            "Người viết": "Nguyễn Minh Trí", "Chức danh": "Ủy viên UBKT", "Lãnh đạo duyệt": "Nguyễn Hoàng Thắng",
        },
        "title": "Kiểm tra việc chấp hành Điều lệ Công đoàn tại 12 công đoàn cơ sở",
        "paragraphs": [
            "Chiều ngày 11/3/2026, Ủy ban Kiểm tra LĐLĐ tỉnh triển khai kế hoạch kiểm tra việc chấp hành Điều lệ Công "
            "đoàn Việt Nam tại 12 công đoàn cơ sở khu vực doanh nghiệp.",
            "Nội dung kiểm tra tập trung vào công tác phát triển đoàn viên, quản lý tài chính, tài sản công đoàn và "
            "việc tổ chức hội nghị người lao động.",
        ],
    },
    {
        "file": "dong-khoi-tuyen-sinh.docx",
        "table": {
            "Đơn vị": "Trường CĐ Đồng Khởi", "Lĩnh vực": "Văn phòng", "Loại tin": "Tin thời sự",
            "Thời gian gửi": "08:20 13/03/2026", "Người viết": "Đỗ Thị Thu", "Chức danh": "Phòng Đào tạo",
            "Lãnh đạo duyệt": "Trần Quốc Hưng",
        },
        "title": "Trường Cao đẳng Đồng Khởi tuyển sinh đào tạo nghề cho con em đoàn viên",
        "paragraphs": [
            "Trường Cao đẳng Đồng Khởi thông báo tuyển sinh năm 2026 các ngành điện công nghiệp, công nghệ ô tô, kế toán "
            "và chế biến thực phẩm; con em đoàn viên công đoàn được miễn 50% học phí năm thứ nhất.",
        ],
    },
    {
        "file": "hoi-dap-tro-cap-thoi-viec.docx",
        "table": {
            "Đơn vị": "Ban Chính sách – Pháp luật", "Lĩnh vực": "Chính sách – Pháp luật", "Loại tin": "Hỏi đáp",
            "Thời gian gửi": "11:00 16/03/2026", "Người viết": "Nguyễn Thành Tâm", "Chức danh": "Phó ban CS-PL",
            "Lãnh đạo duyệt": "Nguyễn Thị Kim Dung",
        },
        "title": "Người lao động nghỉ việc có được trợ cấp thôi việc không?",
        "paragraphs": [
            "Hỏi: Tôi làm việc tại công ty may được 5 năm, nay xin nghỉ việc đúng thủ tục. Tôi có được công ty trả trợ "
            "cấp thôi việc không?",
            "Đáp: Theo Điều 46 Bộ luật Lao động năm 2019, người sử dụng lao động trả trợ cấp thôi việc cho người lao động "
            "đã làm việc thường xuyên từ đủ 12 tháng trở lên, mỗi năm làm việc được trợ cấp một nửa tháng tiền lương; "
            "thời gian đã tham gia bảo hiểm thất nghiệp không được tính.",
        ],
    },
    {
        "file": "van-phong-lich-tiep-cong-dan.docx",
        "table": {
            "Đơn vị": "Văn phòng LĐLĐ tỉnh", "Lĩnh vực": "Văn phòng", "Loại tin": "Tin thời sự",
            "Thời gian gửi": "16:30 17/03/2026", "Người viết": "Nguyễn Thị Biên", "Chức danh": "Phó Chánh Văn phòng",
            "Lãnh đạo duyệt": "Nguyễn Thị Kim Dung",
        },
        "title": "Lịch tiếp đoàn viên, người lao động tháng 4/2026",
        "paragraphs": [
            "Thường trực LĐLĐ tỉnh tiếp đoàn viên, người lao động vào sáng thứ Năm hằng tuần tại trụ sở LĐLĐ tỉnh. "
            "Đoàn viên có nhu cầu tư vấn pháp luật vui lòng liên hệ trước với Văn phòng.",
        ],
    },
    {
        "file": "ctv-doi-song-cong-nhan.docx",
        "table": {
            "Cơ quan": "Báo Đồng Khởi", "Người viết": "Lê Minh Châu", "Chức danh": "Phóng viên",
            "Email": "chau.le@example.vn", "Điện thoại": "0912 345 678",
            "Địa chỉ": "12 Hùng Vương, phường 1, TP Bến Tre", "Cam kết bản quyền": "Có",
            "Lĩnh vực": "Chính sách – Pháp luật", "Loại tin": "Bài chuyên sâu", "Thời gian gửi": "09:00 18/03/2026",
        },
        "title": "Nhà ở cho công nhân khu công nghiệp: những việc cần làm ngay",
        "paragraphs": [
            "Hơn 40.000 công nhân đang làm việc tại các khu công nghiệp Giao Long, An Hiệp và Phú Thuận, phần lớn phải "
            "thuê nhà trọ chật hẹp, thiếu tiện nghi.",
            "Công đoàn các cấp đã kiến nghị xây dựng nhà ở xã hội cho công nhân, thiết chế công đoàn với nhà trẻ, "
            "sân chơi và siêu thị giá rẻ gần khu công nghiệp.",
            "Bài viết ghi nhận ý kiến của người lao động và đề xuất các giải pháp mà công đoàn có thể thực hiện ngay.",
        ],
        "subheads": {1: "Kiến nghị của công đoàn"},
    },
]

FOLDER_SAMPLE = {
    "folder": "giao-duc-trao-hoc-bong",
    "file": "trao hoc bong.docx",
    "table": {"Người viết": "Võ Thanh Sơn", "Chức danh": "Chủ tịch CĐ trường", "Lãnh đạo duyệt": "Lê Thị Mỹ"},
    "title": "Công đoàn ngành Giáo dục trao 150 suất học bổng cho học sinh vượt khó",
    "paragraphs": [
        "Ngày 19/3/2026, Công đoàn ngành Giáo dục tỉnh trao 150 suất học bổng, mỗi suất 1.000.000 đồng, cho con "
        "đoàn viên có hoàn cảnh khó khăn, vươn lên học tốt.",
        "Nguồn học bổng do đoàn viên, nhà giáo trong ngành đóng góp và vận động từ các nhà hảo tâm.",
    ],
    "meta": {
        "unit": "CĐ ngành Giáo dục",
        "topic": "Tuyên giáo – Nữ công",
        "kind": "event",
        "event_time": "2026-03-19 08:00",
        "submitted_at": "2026-03-19 16:00",
        "tags": ["học bổng", "giáo dục"],
        "captions": {
            "01-trao-hoc-bong.jpg": "Lãnh đạo Công đoàn ngành trao học bổng cho học sinh",
            "02-chup-anh-luu-niem.jpg": "Các em học sinh chụp ảnh lưu niệm",
        },
    },
    "photos": {"01-trao-hoc-bong.jpg": (40, 110, 180), "02-chup-anh-luu-niem.jpg": (60, 150, 80)},
}


_FIXED = datetime(2026, 3, 1, 8, 0)


def save_stable(doc: Document, path: Path) -> None:
    """Save with fixed timestamps, so every `make demo` drops byte-identical files (same sha256)."""
    doc.core_properties.created = doc.core_properties.modified = _FIXED
    doc.core_properties.last_printed = _FIXED
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))


# The demo's own copy of editorial.yml registers these example Fanpages (not verified addresses:
# the real editorial.yml lists only pages the federation has confirmed).
DEMO_FANPAGES = {
    "ldld-tp-ben-tre": "https://www.facebook.com/congdoantpbentre",
    "ldld-ba-tri": "https://www.facebook.com/congdoanbatri",
    "ldld-giong-trom": "https://www.facebook.com/congdoangiongtrom",
    "cd-giao-duc": "https://www.facebook.com/congdoangiaoducbentre",
    "cd-cac-kcn": "https://www.facebook.com/congdoankcnbentre",
}


# The demo's "Tiêu điểm" block: one article, one tag page, one outside link.
DEMO_HIGHLIGHTS = [
    {"article": "huong-dan-thu-nop-kinh-phi-va-doan-phi-cong-doan-nam-2026"},
    {"tag": "học bổng"},
    {"url": "https://www.congdoan.vn/", "title": "Cổng thông tin Tổng Liên đoàn Lao động Việt Nam"},
]


def write_demo_config(source: Path, dest: Path) -> Path:
    """editorial.yml as it is, plus the demo's example Fanpages and "Tiêu điểm" entries."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for unit, url in DEMO_FANPAGES.items():
        data["units"][unit]["fanpage"] = url
    data.setdefault("front_page", {}).setdefault("highlights", {})["items"] = DEMO_HIGHLIGHTS
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def write_samples(inbox: Path) -> list[Path]:
    inbox.mkdir(parents=True, exist_ok=True)
    written = []
    for s in SAMPLES:
        images = [(photo(colour), caption) for colour, caption in s.get("images", [])]
        doc = document(s["table"], s["title"], s["paragraphs"], images=images,
                       subheads=s.get("subheads"), bullets=s.get("bullets", []))
        save_stable(doc, inbox / s["file"])
        written.append(inbox / s["file"])
    f = FOLDER_SAMPLE
    folder = inbox / f["folder"]
    folder.mkdir(exist_ok=True)
    save_stable(document(f["table"], f["title"], f["paragraphs"]), folder / f["file"])
    (folder / "meta.yml").write_text(yaml.safe_dump(f["meta"], allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, colour in f["photos"].items():
        (folder / name).write_bytes(photo(colour))
    written.append(folder)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".demo/submissions")
    for path in write_samples(target):
        print(f"  {path}")
    if len(sys.argv) > 2:  # where to write the demo's editorial.yml
        write_demo_config(Path(__file__).resolve().parents[1] / "editorial.yml", Path(sys.argv[2]))
