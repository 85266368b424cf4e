"""The hostile content corpus: real .docx files (python-docx), meta.yml files and photos written by code.

Each case is a submission an attacker (or a careless contributor) could drop into the inbox: script in
every field that reaches the site, Word text that Markdown extensions would turn into attributes,
script links, private contact data in bylines and photos, and values the site build cannot take.
Every script payload calls alert() with a unique tag, so a dialog in the browser names its case.

`write_corpus(inbox, small=False)` writes them all; `small=True` writes a quick subset for `make test`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

from tests.docxfactory import UNIT_TABLE, photo_bytes
from tests.hostile.files import hostile_gif, jpeg_with_everything

# What must never be published: the contact data the cases below hide in public fields and photos.
PRIVATE = ("minh.ngo@example.vn", "0903111222", "0903 111 222", "SN-0903111222", "10,14.5N")
BODY = ("Sáng ngày 04/3/2026, Liên đoàn Lao động huyện Ba Tri tổ chức hội nghị tổng kết công tác năm 2025 "
        "với sự tham dự của 120 đại biểu đến từ các công đoàn cơ sở trực thuộc.")


PAYLOAD_TAGS: dict[int, str] = {}  # the number an alert() shows → the payload's tag


def payload(tag: str) -> str:
    """alert(N) with a number unique to `tag`: no quotes, which Markdown's smart quotes would mangle."""
    number = next((n for n, t in PAYLOAD_TAGS.items() if t == tag), None)
    if number is None:
        number = 1000 + len(PAYLOAD_TAGS)
        PAYLOAD_TAGS[number] = tag
    return f"alert({number})"


@dataclass(frozen=True)
class Case:
    name: str
    what: str  # in English, for the report
    write: Callable[[Path], None]  # writes the submission into the inbox
    payloads: int  # script payloads the case carries
    small: bool = False  # part of the quick set in `make test`
    expect: str = "published"  # or "refused"


# --- docx building blocks ---------------------------------------------------------------------


def _doc(table: dict[str, str] | None = None, heading: str | None = "Hội nghị tổng kết công tác năm 2025") -> Document:
    doc = Document()
    if table is not None:
        t = doc.add_table(rows=0, cols=2)
        for label, value in table.items():
            cells = t.add_row().cells
            cells[0].text, cells[1].text = label, value
    if heading:
        doc.add_heading(heading, 1)
    doc.add_paragraph(BODY)
    return doc


def _hyperlink(paragraph, url: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """A real Word hyperlink (w:hyperlink with an external relationship)."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _save(doc: Document, path: Path) -> None:
    # Each case its own bytes, so no case is taken for a duplicate of another.
    doc.add_paragraph(f"Tình huống {path.parent.name}/{path.stem}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def _table(**changes: str) -> dict[str, str]:
    return {**UNIT_TABLE, **changes}


def _meta(folder: Path, data: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- the cases ---------------------------------------------------------------------------------


def _summary_in_table(inbox: Path) -> None:
    doc = _doc(_table(**{"Tóm tắt": f"Tóm tắt <script>{payload('tt1')}</script><img src=x onerror={payload('tt2')}>"
                                    f" [x](javascript:{payload('tt3')})"}))
    _save(doc, inbox / "tom-tat-bang.docx")


def _subject_property(inbox: Path) -> None:
    doc = _doc(_table(), heading="Hội nghị người lao động năm 2026")
    doc.core_properties.subject = f'"><svg onload={payload("subject")}></svg></script><script>{payload("subj2")}</script>'
    _save(doc, inbox / "thuoc-tinh-subject.docx")


def _meta_summary_and_captions(inbox: Path) -> None:
    folder = inbox / "meta-yml-tom-tat"
    _save(_doc(_table(), heading="Trao quà Tết cho đoàn viên khó khăn"), folder / "bai.docx")
    (folder / "anh-1.jpg").write_bytes(photo_bytes((800, 600)))
    _meta(folder, {
        "summary": f"Dòng một\n\n<script>{payload('meta-sum')}</script>\n<img src=x onerror={payload('meta-sum2')}>",
        "captions": {"anh-1.jpg": f'Trao quà\n<script>{payload("cap1")}</script>\n" onerror="{payload("cap2")}'},
        "tags": [f"<script>{payload('tag')}</script>", "nữ công"],
    })


def _attr_list_text(inbox: Path) -> None:
    doc = _doc(_table(), heading=f"Kết quả thi đua {{: onclick={payload('heading')} }}")
    p = doc.add_paragraph()
    p.add_run("Đoàn viên được biểu dương").bold = True
    p.add_run(f"{{: onclick={payload('bold')} }} trong hội nghị.")
    doc.add_heading(f"Danh sách khen thưởng {{: onmouseover={payload('h2')} }}", 2)
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Công đoàn cơ sở", "Điểm thi đua"
    table.cell(1, 0).text, table.cell(1, 1).text = f"Ba Tri{{: onclick={payload('cell')} }}", "95"
    link = doc.add_paragraph("Xem ")
    _hyperlink(link, "https://congdoan.bentre.gov.vn/ke-hoach.html", "kế hoạch")
    link.add_run(f"{{: onclick={payload('after-link')} }} của Liên đoàn.")
    doc.add_paragraph(f"Mục một{{: onclick={payload('list')} }}", style="List Bullet")
    _save(doc, inbox / "attr-list.docx")


def _script_links(inbox: Path) -> None:
    doc = _doc(_table(), heading="Hướng dẫn đăng ký tham quan")
    p = doc.add_paragraph("Đăng ký tại ")
    _hyperlink(p, f"javascript:{payload('jslink')}", "đây")
    p.add_run(", hoặc ")
    _hyperlink(p, f"data:text/html,<script>{payload('datalink')}</script>", "đây nữa")
    p.add_run(", hoặc ")
    _hyperlink(p, "vbscript:msgbox('vb')", "tại đây")
    doc.add_paragraph(f"Gõ tay: [bấm](javascript:{payload('mdlink')}) và <script>{payload('typed')}</script> "
                      f"và <img src=x onerror={payload('typed-img')}>.")
    _save(doc, inbox / "lien-ket-script.docx")


def _private_author(inbox: Path) -> None:
    doc = _doc({k: v for k, v in _table().items() if k != "Người viết"}, heading="Giải bóng đá công nhân năm 2026")
    doc.core_properties.author = "Ngô Minh <minh.ngo@example.vn> 0903111222"
    _save(doc, inbox / "tac-gia-rieng-tu.docx")


def _gif_with_gps(inbox: Path) -> None:
    folder = inbox / "anh-dong-gps"
    _save(_doc(_table(), heading="Ngày hội văn hóa công nhân"), folder / "bai.docx")
    (folder / "hoat-hinh.gif").write_bytes(hostile_gif())
    (folder / "anh.jpg").write_bytes(jpeg_with_everything((900, 600)))
    _meta(folder, {"captions": {"hoat-hinh.gif": "Ảnh động", "anh.jpg": "Quang cảnh ngày hội"}})


def _markup_in_title_and_byline(inbox: Path) -> None:
    folder = inbox / "tieu-de-the"
    _save(_doc(_table(), heading=None), folder / "bai.docx")
    _meta(folder, {
        "title": f"</title><script>{payload('title')}</script><img src=x onerror={payload('title2')}>",
        "author": f"<script>{payload('author')}</script>",
        "author_title": f'"><img src=x onerror={payload("author-title")}>',
        "summary": f"</script><script>{payload('jsonld')}</script><!--",
    })


def _word_caption(inbox: Path) -> None:
    doc = _doc(_table(), heading="Công đoàn thăm công nhân")
    doc.add_picture(io.BytesIO(jpeg_with_everything((900, 600))), width=Inches(4))
    doc.add_paragraph(f"<script>{payload('word-cap')}</script> Ảnh: Ngô Minh", style="Caption")
    _save(doc, inbox / "chu-thich-word.docx")


def _control_characters(inbox: Path) -> None:
    folder = inbox / "ky-tu-dieu-khien"
    _save(_doc(_table(), heading=None), folder / "bai.docx")
    (folder / "meta.yml").write_text('title: "Hội nghị\\a\\0 tổng kết"\n', encoding="utf-8")


def _year_one(inbox: Path) -> None:
    folder = inbox / "nam-0001"
    _save(_doc(_table(), heading="Hội nghị năm xưa"), folder / "bai.docx")
    (folder / "meta.yml").write_text("submitted_at: 0001-01-01\n", encoding="utf-8")


def _device_name(inbox: Path) -> None:
    folder = inbox / "ten-aux"
    _save(_doc(_table(), heading=None), folder / "bai.docx")
    _meta(folder, {"title": "AUX"})


def _typed_byline_with_phone(inbox: Path) -> None:
    _save(_doc(_table(**{"Người viết": "Ngô Minh, ĐT 0903 111 222"}), heading="Tập huấn an toàn lao động"),
          inbox / "tac-gia-co-so.docx")


CASES: tuple[Case, ...] = (
    Case("tom-tat-bang.docx", "summary cell of the metadata table", _summary_in_table, 3, small=True),
    Case("thuoc-tinh-subject.docx", "Word Subject property as summary", _subject_property, 2),
    Case("meta-yml-tom-tat", "meta.yml summary, captions with newlines, tags", _meta_summary_and_captions, 5,
         small=True),
    Case("attr-list.docx", "{: onclick } after bold, in headings, table cell, after link, list", _attr_list_text,
         6, small=True),
    Case("lien-ket-script.docx", "javascript:/data:/vbscript: links, typed script", _script_links, 5),
    Case("tac-gia-rieng-tu.docx", "Author property with email and phone", _private_author, 0, small=True),
    Case("anh-dong-gps", "animated GIF with XMP GPS + trailing script, JPEG with EXIF", _gif_with_gps, 1,
         small=True),
    Case("tieu-de-the", "markup in title, byline, job title; JSON-LD breakout", _markup_in_title_and_byline, 5),
    Case("chu-thich-word.docx", "script in a Word caption under a photo with EXIF", _word_caption, 1),
    Case("ky-tu-dieu-khien", "NUL/BEL in the title", _control_characters, 0, expect="refused"),
    Case("nam-0001", "year 0001", _year_one, 0, expect="refused"),
    Case("ten-aux", "title 'AUX' (Windows device name)", _device_name, 0),
    Case("tac-gia-co-so.docx", "byline typed with a phone number", _typed_byline_with_phone, 0,
         expect="refused"),
)


def write_corpus(inbox: Path, small: bool = False) -> list[Case]:
    chosen = [c for c in CASES if c.small or not small]
    for case in chosen:
        case.write(inbox)
    return chosen
