"""Photos in and beside the document are made web-ready; a broken one is refused by name, alone."""

from __future__ import annotations

import io
from datetime import datetime

import frontmatter
import yaml
from PIL import Image

from pipeline.core.dates import TZ
from pipeline.core.messages import Level
from pipeline.intake.ingest import ingest_all
from tests.conversion_fixtures import (
    BLUE,
    RED,
    animated_gif_bytes,
    corrupt_jpeg_bytes,
    huge_bmp,
    photo_docx,
)
from tests.docxfactory import make_docx
from tests.hostile.images import scan_images
from tests.test_photos_kept import PAYLOAD, SERIAL, _phone_jpeg

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)
META = {"unit": "LĐLĐ huyện Ba Tri", "topic": "Tuyên giáo – Nữ công", "kind": "event",
        "event_time": "2026-03-04 08:00", "submitted_at": "2026-03-04 15:00"}


def near(pixel: object, colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def test_phone_photo_in_the_document_is_turned_upright_and_loses_its_gps(workspace):
    folder = workspace.inbox / "hoi-thao"
    photo_docx(folder / "hoi-thao.docx")
    (folder / "meta.yml").write_text(yaml.safe_dump({**META, "title": "Hội thao"}, allow_unicode=True), encoding="utf-8")

    [outcome] = ingest_all(workspace, NOW)

    post = frontmatter.load(outcome.article)
    [image] = post["images"]
    assert image["caption"] == "Vận động viên thi kéo co"
    assert f'![Vận động viên thi kéo co]({{static}}/{image["path"]} "Vận động viên thi kéo co")' in post.content
    path = workspace.content / image["path"]
    raw = path.read_bytes()
    assert b"Exif" not in raw and b"PhoneCo" not in raw
    with Image.open(path) as out:
        assert out.size == (200, 400) and (image["width"], image["height"]) == (200, 400)
        assert not out.getexif()
        rgb = out.convert("RGB")
        assert near(rgb.getpixel((100, 50)), RED) and near(rgb.getpixel((100, 350)), BLUE)


def test_loose_huge_bmp_and_animated_gif_are_attached_and_a_corrupt_jpeg_is_refused_by_name(workspace):
    folder = workspace.inbox / "ngay-hoi"
    make_docx(folder / "ngay-hoi.docx", heading="Ngày hội công nhân")
    huge_bmp(folder / "01-quang-canh.bmp")
    gif = animated_gif_bytes()
    (folder / "02-co-dong.gif").write_bytes(gif)
    (folder / "03-hong.jpg").write_bytes(corrupt_jpeg_bytes())
    captions = {"01-quang-canh.bmp": "Quang cảnh ngày hội", "02-co-dong.gif": "Cổ động viên"}
    (folder / "meta.yml").write_text(yaml.safe_dump({**META, "captions": captions}, allow_unicode=True), encoding="utf-8")

    [outcome] = ingest_all(workspace, NOW)

    assert outcome.status == "published"  # the broken photo does not stop the article
    refusals = [m for m in outcome.messages if m.level is Level.ERROR]
    assert len(refusals) == 1 and "03-hong.jpg" in refusals[0].text
    post = frontmatter.load(outcome.article)
    scan, animation = post["images"]
    assert scan["path"].endswith(".jpg") and (scan["width"], scan["height"]) == (1600, 1200)
    assert [v["width"] for v in scan["variants"]] == [240, 480, 960]
    with Image.open(workspace.content / scan["path"]) as out:
        assert out.format == "JPEG" and out.size == (1600, 1200)
    assert animation["path"].endswith(".gif")
    with Image.open(workspace.content / animation["path"]) as out, Image.open(io.BytesIO(gif)) as original:
        assert out.n_frames == original.n_frames > 1  # re-encoded from its pixels, still animated
    body = post.content
    assert body.index("Quang cảnh ngày hội") < body.index("Cổ động viên")  # file-name order
    assert f'({{static}}/{scan["path"]} "Quang cảnh ngày hội")' in body
    assert "03-hong" not in body
    assert not list(workspace.content.rglob("*03-hong*"))


def test_no_gps_tag_comment_or_trailing_payload_of_a_photo_kept_as_it_is_reaches_content(workspace):
    from docx import Document
    from docx.shared import Inches

    folder = workspace.inbox / "dai-hoi"
    doc = Document()
    doc.add_heading("Đại hội công đoàn cơ sở", 1)
    doc.add_paragraph("Sáng ngày 04/3/2026, đại hội đã diễn ra thành công tốt đẹp.")
    doc.add_picture(io.BytesIO(_phone_jpeg((1000, 750))), width=Inches(4))
    folder.mkdir(parents=True)
    doc.save(str(folder / "dai-hoi.docx"))
    (folder / "02-dai-bieu.jpg").write_bytes(_phone_jpeg((800, 1000)))
    (folder / "meta.yml").write_text(yaml.safe_dump(META, allow_unicode=True), encoding="utf-8")

    [outcome] = ingest_all(workspace, NOW)

    post = frontmatter.load(outcome.article)
    assert [(i["width"], i["height"]) for i in post["images"]] == [(1000, 750), (800, 1000)]
    published = [p for p in workspace.content.rglob("*") if p.suffix == ".jpg"]
    assert len(published) == 7  # the 1,000 px photo with 240, 480 and 960 px variants, the 800 px one with 240 and 480
    assert scan_images(workspace.content) == {}
    for path in published:
        raw = path.read_bytes()
        assert SERIAL not in raw and b"PhoneCo" not in raw and PAYLOAD not in raw and b"<script>" not in raw
        with Image.open(path) as out:
            assert not out.getexif().get_ifd(0x8825)  # no GPS IFD
