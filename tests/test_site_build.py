from __future__ import annotations

import shutil
from datetime import datetime

from pipeline.core.dates import TZ
from pipeline.intake.ingest import ingest_all
from tests.docxfactory import COLLABORATOR_TABLE, UNIT_TABLE, make_docx
from tests.sitebuild import ROOT, all_output_text, build_site

NOW = datetime(2026, 3, 5, 10, 0, tzinfo=TZ)


def test_drop_ingest_build_shows_title_body_image_and_topic_and_no_private_contact(workspace, tmp_path):
    shutil.copytree(ROOT / "content" / "pages", workspace.content / "pages")
    make_docx(workspace.inbox / "dai-hoi.docx", table=UNIT_TABLE, image_caption="Quang cảnh Đại hội")
    make_docx(workspace.inbox / "ctv.docx", table=COLLABORATOR_TABLE, heading="Nâng cao đời sống công nhân",
              paragraphs=("Bài viết của cộng tác viên về đời sống công nhân khu công nghiệp Giao Long.",))
    outcomes = ingest_all(workspace, NOW)
    assert [o.status for o in outcomes] == ["published", "published"]

    output = tmp_path / "output"
    build_site(workspace.content, output)
    page = output / "tuyen-giao-nu-cong" / "2026" / "dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii.html"
    html = page.read_text(encoding="utf-8")
    assert '<html lang="vi">' in html
    assert ">Đại hội Công đoàn huyện Ba Tri lần thứ XII</h1>" in html and html.count("<h1") == 1
    assert "Sáng ngày 04/3/2026" in html
    assert "04/03/2026" in html  # date as dd/mm/yyyy
    assert "Liên đoàn Lao động huyện Ba Tri" in html  # unit
    assert "Tuyên giáo – Nữ công" in html  # topic
    assert "<figcaption>Quang cảnh Đại hội</figcaption>" in html
    assert 'alt="Quang cảnh Đại hội"' in html
    image = next((output / "images").rglob("anh-1.jpg"))
    assert image.is_file()
    topic_index = (output / "tuyen-giao-nu-cong" / "index.html").read_text(encoding="utf-8")
    assert "Đại hội Công đoàn huyện Ba Tri lần thứ XII" in topic_index
    assert "Nâng cao đời sống công nhân" in (output / "index.html").read_text(encoding="utf-8")

    everything = all_output_text(output)
    for secret in ("chau.le@example.vn", "0912 345 678", "0912345678", "12 Hùng Vương"):
        assert secret not in everything
