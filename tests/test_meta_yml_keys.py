"""meta.yml takes the front matter's keys: date schedules the article, images gives captions."""

from __future__ import annotations

from datetime import datetime

import frontmatter

from pipeline.core.dates import TZ
from pipeline.intake.ingest import ingest_all
from tests.docxfactory import UNIT_TABLE, make_docx, photo_bytes

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)


def test_date_in_meta_yml_schedules_the_article(workspace):
    folder = workspace.inbox / "hen-gio"
    make_docx(folder / "bai.docx", table=UNIT_TABLE)
    (folder / "meta.yml").write_text("date: 08:00 10/03/2026\n", encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    post = frontmatter.load(outcome.article)
    assert str(post["date"]).startswith("2026-03-10T08:00")
    assert not any(m.code == "BT804" for m in outcome.messages)


def test_images_in_meta_yml_give_the_captions_of_loose_photos(workspace):
    folder = workspace.inbox / "anh"
    make_docx(folder / "bai.docx", table=UNIT_TABLE)
    (folder / "a.jpg").write_bytes(photo_bytes())
    (folder / "meta.yml").write_text("images:\n  - path: a.jpg\n    caption: Trao học bổng\n", encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    post = frontmatter.load(outcome.article)
    assert [i["caption"] for i in post["images"]] == ["Trao học bổng"]
    assert not any(m.code == "BT804" for m in outcome.messages)


def test_a_key_ingest_writes_itself_and_an_unknown_key_are_both_warned(workspace):
    folder = workspace.inbox / "khoa"
    make_docx(folder / "bai.docx", table=UNIT_TABLE)
    (folder / "meta.yml").write_text("editor: pham-hoa\nghi_chu_rieng: Sai khóa\n", encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    texts = [m.text for m in outcome.messages if m.code == "BT804"]
    assert ("Khóa 'editor' trong 'meta.yml' do pipeline hoặc biên tập viên ghi vào bài, không lấy từ meta.yml; "
            "hãy bỏ khóa này.") in texts
    assert "Khóa 'ghi_chu_rieng' trong 'meta.yml' không được dùng; hãy kiểm tra chính tả." in texts
