"""Real .docx files with the features conversion must keep or drop, made with python-docx + raw XML.

Used by tests/test_conversion_*.py and by `make fidelity` (tools/fidelity.py), so the fidelity
table also covers what the project itself promises. Each builder writes one file and returns it.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches
from PIL import ExifTags, Image

from pipeline.convert.libreoffice import find_soffice

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

TITLE = "Hội nghị tổng kết công tác Công đoàn năm 2025"
BODY = (
    "Sáng ngày 15/01/2026, Liên đoàn Lao động tỉnh Bến Tre tổ chức hội nghị tổng kết công tác "
    "Công đoàn năm 2025, triển khai phương hướng, nhiệm vụ năm 2026."
)


NO_SOFFICE = "LibreOffice chưa được cài trên máy này (make system-deps cài nó; CI luôn có)"
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason=NO_SOFFICE)


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """Make the .odt/.doc fixture with soffice directly, independently of the code under test."""
    soffice = find_soffice()
    assert soffice is not None
    with tempfile.TemporaryDirectory() as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", fmt, "--outdir", str(outdir), str(src)]
        subprocess.run(command, check=True, timeout=180, capture_output=True)
    made = outdir / f"{src.stem}.{fmt}"
    assert made.is_file()
    return made


def _save(doc, path: Path) -> None:  # type: ignore[no-untyped-def]
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


# --- package surgery ----------------------------------------------------------------------------


def rewrite_package(path: Path, edit: Callable[[dict[str, bytes]], None]) -> Path:
    """Let `edit` change the package's parts (name → bytes) and write the file back in place."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    edit(parts)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def add_part(parts: dict[str, bytes], name: str, xml: str, content_type: str, rel_type: str) -> None:
    """Add word/<name> with its content type and a relationship from the main document."""
    parts[f"word/{name}"] = xml.encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    types = types.replace("</Types>", f'<Override PartName="/word/{name}" ContentType="{content_type}"/></Types>')
    parts["[Content_Types].xml"] = types.encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    rid = f"rIdBantin{len(re.findall('<Relationship ', rels)) + 1}"
    rels = rels.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{REL}/{rel_type}" Target="{name}"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")


def _body_xml(parts: dict[str, bytes], replace: dict[str, str]) -> None:
    xml = parts["word/document.xml"].decode("utf-8")
    for old, new in replace.items():
        assert old in xml, old
        xml = xml.replace(old, new, 1)
    parts["word/document.xml"] = xml.encode("utf-8")


# --- photos ---------------------------------------------------------------------------------------

RED = (220, 20, 20)
BLUE = (20, 20, 220)


def gps_photo_bytes() -> bytes:
    """A phone photo stored sideways (EXIF orientation 6) with GPS coordinates and a camera make."""
    im = Image.new("RGB", (400, 200), RED)
    im.paste(BLUE, (200, 0, 400, 200))  # stored: red left, blue right
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (10.0, 14.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (106.0, 22.0, 15.0),
    }
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def animated_gif_bytes() -> bytes:
    """Four frames of a square moving across: a real animation, not four copies of one picture."""
    frames = []
    for i in range(4):
        frame = Image.new("RGB", (120, 80), (250, 250, 250))
        frame.paste((200, 30, 30), (i * 25, 20, i * 25 + 40, 60))
        frames.append(frame.convert("P", palette=Image.Palette.ADAPTIVE))
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return buf.getvalue()


def corrupt_jpeg_bytes() -> bytes:
    good = io.BytesIO()
    Image.new("RGB", (300, 200), BLUE).save(good, "JPEG")
    return good.getvalue()[:200] + b"\x00" * 50  # a header and then nothing a decoder can use


def huge_bmp(path: Path) -> Path:
    """A 12000×9000 greyscale scan (108 MB as 8-bit BMP) with photo-like shading."""
    small = Image.effect_noise((400, 300), 60).point(lambda v: v // 2 + 64)
    small.resize((12000, 9000), Image.Resampling.BILINEAR).save(path, "BMP")
    return path


# --- documents ------------------------------------------------------------------------------------


def legacy_docx(path: Path, scheme: str) -> Path:
    """A news item typed in TCVN3 (.VnTime, .VnTimeH title) or VNI (VNI-Times) fonts set on the runs."""
    from pipeline.convert.legacy import encode_tcvn3, encode_vni

    doc = Document()
    if scheme == "tcvn3":
        title = doc.add_paragraph()
        run = title.add_run(encode_tcvn3(TITLE.lower()))
        run.font.name, run.bold = ".VnTimeH", True
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        body = doc.add_paragraph()
        body_run = body.add_run(encode_tcvn3(BODY))
        body_run.font.name = ".VnTime"
    else:
        title = doc.add_paragraph()
        run = title.add_run(encode_vni(TITLE))
        run.font.name, run.bold = "VNI-Times", True
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        body = doc.add_paragraph()
        body_run = body.add_run(encode_vni(BODY))
        body_run.font.name = "VNI-Times"
    _save(doc, path)
    return path


def tracked_changes_docx(path: Path) -> Path:
    """One paragraph with an insertion and a deletion still tracked (not accepted)."""
    doc = Document()
    doc.add_paragraph(BODY)
    doc.add_paragraph("ĐOẠN_SỬA")
    _save(doc, path)
    change = (
        '<w:r><w:t xml:space="preserve">Hội nghị đã biểu dương </w:t></w:r>'
        '<w:ins w:id="91" w:author="Biên tập" w:date="2026-01-15T09:00:00Z"><w:r>'
        '<w:t xml:space="preserve">35 tập thể và </w:t></w:r></w:ins>'
        '<w:del w:id="92" w:author="Biên tập" w:date="2026-01-15T09:00:00Z"><w:r>'
        '<w:delText xml:space="preserve">NỘI_DUNG_ĐÃ_XÓA </w:delText></w:r></w:del>'
        '<w:r><w:t>50 cá nhân tiêu biểu.</w:t></w:r>'
    )
    return rewrite_package(path, lambda parts: _body_xml(parts, {"<w:r><w:t>ĐOẠN_SỬA</w:t></w:r>": change}))


def footnotes_docx(path: Path) -> Path:
    """Body text with a footnote and an endnote."""
    doc = Document()
    doc.add_paragraph("THAM_CHIẾU")
    _save(doc, path)

    def notes(kind: str, text: str) -> str:
        tag = "footnote" if kind == "footnotes" else "endnote"
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind} {NSDECL}>'
            f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
            f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>'
            f'<w:{tag} w:id="1"><w:p><w:r><w:{tag}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{tag}>'
            f"</w:{kind}>"
        )

    def edit(parts: dict[str, bytes]) -> None:
        ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        add_part(parts, "footnotes.xml", notes("footnotes", "Theo Báo cáo số 12/BC-LĐLĐ ngày 10/01/2026."),
                 f"{ct}.footnotes+xml", "footnotes")
        add_part(parts, "endnotes.xml", notes("endnotes", "Số liệu do Ban Tổ chức cung cấp."),
                 f"{ct}.endnotes+xml", "endnotes")
        _body_xml(parts, {"<w:r><w:t>THAM_CHIẾU</w:t></w:r>": (
            '<w:r><w:t xml:space="preserve">Năm 2025 kết nạp 4.200 đoàn viên mới</w:t></w:r>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
            '<w:r><w:t xml:space="preserve"> và thành lập 18 công đoàn cơ sở</w:t></w:r>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="1"/></w:r>'
            '<w:r><w:t>.</w:t></w:r>'
        )})

    return rewrite_package(path, edit)


def merged_cells_docx(path: Path) -> Path:
    """A results table whose header spans two columns and whose first column spans two rows."""
    doc = Document()
    doc.add_paragraph("Kết quả thi đua năm 2025:")
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Đơn vị"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Kết quả"
    table.cell(1, 1).text = "Đoàn viên mới"
    table.cell(1, 2).text = "Công đoàn cơ sở"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "LĐLĐ huyện Ba Tri"
    table.cell(2, 1).text = "420"
    table.cell(2, 2).text = "3"
    table.cell(3, 0).text = "CĐ ngành Giáo dục"
    table.cell(3, 1).text = "310"
    table.cell(3, 2).text = "2"
    doc.add_paragraph("Hội nghị bế mạc lúc 11 giờ cùng ngày.")
    _save(doc, path)
    return path


def nested_lists_docx(path: Path) -> Path:
    """Word's list styles: 'List Bullet 2' and 'List Number 2' items belong under the item before."""
    doc = Document()
    doc.add_paragraph("Nhiệm vụ năm 2026:")
    doc.add_paragraph("Phát triển đoàn viên", style="List Bullet")
    doc.add_paragraph("Khu vực doanh nghiệp ngoài nhà nước", style="List Bullet 2")
    doc.add_paragraph("Doanh nghiệp có vốn đầu tư nước ngoài", style="List Bullet 3")
    doc.add_paragraph("Chăm lo đời sống đoàn viên", style="List Bullet")
    doc.add_paragraph("Các bước thực hiện:")
    doc.add_paragraph("Khảo sát", style="List Number")
    doc.add_paragraph("Lập danh sách", style="List Number 2")
    doc.add_paragraph("Tổ chức trao quà", style="List Number")
    _save(doc, path)
    return path


def office_structure_docx(path: Path) -> Path:
    """An office-style document: bold centred title and subheads, header and footer with a page
    number, a comment, a hyperlink, a text box and a page-number field in the body."""
    doc = Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE — ĐẦU_TRANG"
    section.footer.paragraphs[0].text = "CHÂN_TRANG"
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"):
        p = doc.add_paragraph()
        p.add_run(text).bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.add_paragraph()
    title.add_run("HỘI THAO CÔNG NHÂN LAO ĐỘNG NĂM 2026").bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(BODY)
    sub = doc.add_paragraph()
    sub.add_run("Kết quả các môn thi").bold = True
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    commented = doc.add_paragraph("Môn kéo co có 24 đội tham gia.")
    doc.add_comment(commented.runs, text="GHI_CHÚ_NỘI_BỘ", author="Biên tập")
    long_bold = doc.add_paragraph()
    long_bold.add_run(
        "Ban Tổ chức trân trọng cảm ơn các doanh nghiệp, các cấp công đoàn và toàn thể đoàn viên, "
        "người lao động đã nhiệt tình tham gia, cổ vũ và đóng góp cho thành công chung của hội thao."
    ).bold = True
    long_bold.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("LINK_HERE")
    doc.add_paragraph("TEXTBOX_HERE")
    doc.add_paragraph("PAGE_HERE")
    _save(doc, path)
    link = (
        '<w:r><w:t xml:space="preserve">Xem thêm tại </w:t></w:r>'
        '<w:hyperlink r:id="rIdBantinLink"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        "<w:t>trang Công đoàn tỉnh</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r>"
    )
    textbox = (
        '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="tb1" style="width:200pt;height:50pt">'
        "<v:textbox><w:txbxContent><w:p><w:r><w:t>Khung: 1.200 vận động viên tham gia</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    page = (
        '<w:r><w:t xml:space="preserve">Trang </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )

    def edit(parts: dict[str, bytes]) -> None:
        _body_xml(parts, {
            "<w:r><w:t>LINK_HERE</w:t></w:r>": link,
            "<w:r><w:t>TEXTBOX_HERE</w:t></w:r>": textbox,
            "<w:r><w:t>PAGE_HERE</w:t></w:r>": page,
        })
        rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
        rels = rels.replace("</Relationships>", (
            f'<Relationship Id="rIdBantinLink" Type="{REL}/hyperlink" '
            'Target="https://congdoan.bentre.gov.vn/" TargetMode="External"/></Relationships>'
        ))
        parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")

    return rewrite_package(path, edit)


def photo_docx(path: Path, caption: str = "Vận động viên thi kéo co") -> Path:
    """A phone photo (GPS in its EXIF, stored sideways) pasted into the text, with a caption."""
    doc = Document()
    doc.add_paragraph(BODY)
    doc.add_picture(io.BytesIO(gps_photo_bytes()), width=Inches(3))
    doc.add_paragraph(caption, style="Caption")
    doc.add_paragraph("Hội thao kết thúc vào chiều cùng ngày.")
    _save(doc, path)
    return path


def docm(path: Path) -> Path:
    """A macro-enabled document: the main part's content type says macroEnabled."""
    doc = Document()
    doc.add_paragraph(BODY)
    _save(doc, path)

    def edit(parts: dict[str, bytes]) -> None:
        types = parts["[Content_Types].xml"].decode("utf-8")
        types = types.replace(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        )
        parts["[Content_Types].xml"] = types.encode("utf-8")
        parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really a VBA project"

    return rewrite_package(path, edit)


# Everything `make fidelity` measures besides the shared samples: name → builder.
FIDELITY_FIXTURES: dict[str, Callable[[Path], Path]] = {
    "tcvn3.docx": lambda p: legacy_docx(p, "tcvn3"),
    "vni.docx": lambda p: legacy_docx(p, "vni"),
    "tracked-changes.docx": tracked_changes_docx,
    "footnotes.docx": footnotes_docx,
    "merged-cells.docx": merged_cells_docx,
    "nested-lists.docx": nested_lists_docx,
    "office-structure.docx": office_structure_docx,
    "photo.docx": photo_docx,
}
