from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

import frontmatter
import yaml

from pipeline.core.dates import TZ
from pipeline.intake.ingest import ingest_all
from tests.docxfactory import COLLABORATOR_TABLE, UNIT_TABLE, make_docx, photo_bytes

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)


def articles(ws) -> list[Path]:
    return sorted(p for p in ws.content.rglob("*.md"))


def load(path: Path) -> frontmatter.Post:
    return frontmatter.load(path)


def test_a_word_file_becomes_a_routed_article_and_the_original_is_archived(workspace):
    make_docx(workspace.inbox / "dai-hoi.docx", table=UNIT_TABLE, image_caption="Quang cảnh Đại hội")
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "published"
    path = workspace.content / "tuyen-giao-nu-cong" / "2026" / "dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii.md"
    assert outcome.article == path
    post = load(path)
    assert post["title"] == "Đại hội Công đoàn huyện Ba Tri lần thứ XII"
    assert post["unit"] == "ldld-ba-tri" and post["topic"] == "tuyen-giao-nu-cong" and post["editor"] == "pham-hoa"
    assert post["kind"] == "event"
    assert post["event_time"] == "2026-03-04T08:30+07:00"
    assert post["submitted_at"] == "2026-03-04T15:00+07:00"
    assert post["approved_by"] == "Nguyễn Văn Bình" and post["author"] == "Trần Thị Hồng"
    assert post["source"]["sha256"] == hashlib.sha256(
        (workspace.inbox / "processed/2026/03/dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii/dai-hoi.docx").read_bytes()
    ).hexdigest()
    # The metadata table and the title heading are not repeated in the body.
    assert "Đơn vị" not in post.content and not post.content.startswith("#")
    assert "Sáng ngày 04/3/2026" in post.content
    [image] = post["images"]
    assert image["caption"] == "Quang cảnh Đại hội"
    assert (workspace.content / image["path"]).is_file()
    assert f'({{static}}/{image["path"]} "Quang cảnh Đại hội")' in post.content
    assert not (workspace.inbox / "dai-hoi.docx").exists()


def test_meta_yml_wins_over_the_table_which_wins_over_core_properties(workspace):
    folder = workspace.inbox / "hoc-bong"
    table = dict(UNIT_TABLE, **{"Tiêu đề": "Tiêu đề trong bảng", "Lĩnh vực": "Văn phòng"})
    make_docx(folder / "bai.docx", table=table, heading=None, title_property="Tiêu đề trong thuộc tính")
    (folder / "meta.yml").write_text(yaml.safe_dump({
        "title": "Tiêu đề trong meta.yml",
        "unit": "Công đoàn ngành Giáo dục",
    }, allow_unicode=True), encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    post = load(outcome.article)
    assert post["title"] == "Tiêu đề trong meta.yml"  # meta.yml beats table and core properties
    assert post["unit"] == "cd-giao-duc"  # meta.yml beats the table's Ba Tri
    assert post["topic"] == "van-phong"  # the table fills what meta.yml left out
    assert post["approved_by"] == "Nguyễn Văn Bình"


def test_core_properties_give_the_title_when_the_document_says_the_same_words(workspace):
    table = {k: v for k, v in UNIT_TABLE.items()}
    make_docx(workspace.inbox / "a.docx", table=table, heading=None,
              title_property="Đại hội đại biểu Công đoàn huyện lần thứ XII")
    [outcome] = ingest_all(workspace, NOW)
    post = load(outcome.article)
    assert post["title"] == "Đại hội đại biểu Công đoàn huyện lần thứ XII"
    assert post["title_source"] == "thuộc tính tệp"
    assert any("BT814" in w or "Tiêu đề được đoán" in w for w in post["conversion_warnings"])


def test_a_stale_title_property_that_the_text_does_not_contain_is_never_the_title(workspace):
    make_docx(workspace.inbox / "a.docx", table=dict(UNIT_TABLE), heading=None, title_property="Phụ lục I")
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.refused
    assert any("Không tìm thấy tiêu đề" in m.text for m in outcome.messages)


def test_folder_photos_are_attached_in_name_order_with_captions_from_meta_yml(workspace):
    folder = workspace.inbox / "trao-hoc-bong"
    make_docx(folder / "bai viet.docx", table=UNIT_TABLE)
    (folder / "b.jpg").write_bytes(photo_bytes(colour=(20, 90, 160)))
    (folder / "a.png").write_bytes(photo_bytes(colour=(20, 160, 90), fmt="PNG"))
    (folder / "meta.yml").write_text("captions:\n  a.png: Trao học bổng\n  b.jpg: Các em học sinh\n", encoding="utf-8")
    [outcome] = ingest_all(workspace, NOW)
    post = load(outcome.article)
    assert [i["caption"] for i in post["images"]] == ["Trao học bổng", "Các em học sinh"]
    assert post.content.index("Trao học bổng") < post.content.index("Các em học sinh")
    archived = workspace.inbox / "processed/2026/03" / outcome.article.stem / "trao-hoc-bong"
    assert sorted(p.name for p in archived.iterdir()) == ["a.png", "b.jpg", "bai viet.docx", "meta.yml"]


def test_an_outside_collaborator_gets_a_private_contributor_block_and_no_unit(workspace):
    make_docx(workspace.inbox / "ctv.docx", table=COLLABORATOR_TABLE, heading="Nâng cao đời sống công nhân")
    [outcome] = ingest_all(workspace, NOW)
    post = load(outcome.article)
    assert post["unit"] is None and post["kind"] == "feature"
    assert post["editor"] == "nguyen-thanh-tam"
    assert post["contributor"] == {
        "organization": "Báo Đồng Khởi", "name": "Lê Minh Châu", "title": "Phóng viên",
        "email": "chau.le@example.vn", "phone": "0912 345 678",
        "address": "12 Hùng Vương, phường 1, TP Bến Tre", "copyright_confirmed": True,
    }


def test_special_units_route_by_unit_not_topic(workspace):
    make_docx(workspace.inbox / "con-phung.docx", table=dict(UNIT_TABLE, **{"Đơn vị": "Công ty Cồn Phụng"}))
    make_docx(workspace.inbox / "dong-khoi.docx", heading="Tuyển sinh năm 2026",
              table=dict(UNIT_TABLE, **{"Đơn vị": "Trường CĐ Đồng Khởi", "Lĩnh vực": "Văn phòng"}))
    outcomes = {o.submission: o for o in ingest_all(workspace, NOW)}
    assert outcomes["con-phung.docx"].editor == "vo-thi-thuy-mai"
    assert outcomes["dong-khoi.docx"].editor == "nguyen-thanh-tam"


def test_same_file_dropped_again_is_a_duplicate_creates_nothing_and_is_archived_not_deleted(workspace):
    make_docx(workspace.inbox / "a.docx", table=UNIT_TABLE)
    data = (workspace.inbox / "a.docx").read_bytes()
    ingest_all(workspace, NOW)
    before = articles(workspace)
    (workspace.inbox / "ban-sao.docx").write_bytes(data)
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "duplicate"
    text = outcome.messages[0].text
    assert "đã được nhận trước đây" in text and "xóa" not in text
    assert articles(workspace) == before
    # Nothing lost: the copy sits beside the first original in processed/.
    [kept] = (workspace.inbox / "processed").rglob("ban-sao.docx")
    assert kept.read_bytes() == data


def test_rerun_on_an_empty_inbox_changes_nothing(workspace):
    make_docx(workspace.inbox / "a.docx", table=UNIT_TABLE)
    ingest_all(workspace, NOW)
    snapshot = {p: p.read_bytes() for p in workspace.content.parent.rglob("*") if p.is_file()}
    assert ingest_all(workspace, NOW) == []
    assert {p: p.read_bytes() for p in workspace.content.parent.rglob("*") if p.is_file()} == snapshot


def test_a_title_clash_gets_a_new_slug_and_keeps_both_articles(workspace):
    make_docx(workspace.inbox / "a.docx", table=UNIT_TABLE)
    make_docx(workspace.inbox / "b.docx", table=UNIT_TABLE, paragraphs=("Một nội dung khác hẳn về cùng sự kiện.",))
    outcomes = ingest_all(workspace, NOW)
    assert [o.article.stem for o in outcomes] == [
        "dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii", "dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii-2"]


def test_corrupt_and_fake_word_files_are_refused_while_a_good_one_goes_through(workspace):
    good = make_docx(workspace.inbox / "b-tot.docx", table=UNIT_TABLE)
    data = good.read_bytes()
    (workspace.inbox / "a-hong.docx").write_bytes(data[: len(data) // 2])
    (workspace.inbox / "c-gia.docx").write_bytes(photo_bytes())  # a JPEG renamed .docx
    (workspace.inbox / "d-ghi-chu.txt").write_text("không phải bài", encoding="utf-8")
    outcomes = {o.submission: o for o in ingest_all(workspace, NOW)}
    assert outcomes["b-tot.docx"].status == "published"
    for name in ("a-hong.docx", "c-gia.docx", "d-ghi-chu.txt"):
        assert outcomes[name].status == "refused", name
        text = " ".join(m.text for m in outcomes[name].messages)
        assert f"'{name}'" in text
        assert (workspace.inbox / name).exists(), "an original is never lost"
    assert "không phải tệp Word hợp lệ" in outcomes["a-hong.docx"].messages[0].text


def test_unknown_unit_and_topic_are_refused_with_what_to_write_instead(workspace):
    make_docx(workspace.inbox / "x.docx", table=dict(UNIT_TABLE, **{"Đơn vị": "Mỏ Cày", "Lĩnh vực": "Thể thao"}))
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "refused"
    text = " ".join(m.text for m in outcome.messages)
    assert "Không nhận ra đơn vị 'Mỏ Cày'" in text and "Liên đoàn Lao động huyện Mỏ Cày Bắc" in text
    assert "Không nhận ra lĩnh vực 'Thể thao'" in text and "Tài chính" in text
    assert (workspace.inbox / "x.docx").exists()


def test_text_is_nfc_and_word_leftovers_are_dropped(workspace):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Công đoàn")
    nfd = unicodedata.normalize("NFD", "Người lao động được hưởng lương\u200b")
    make_docx(workspace.inbox / "a.docx", table=UNIT_TABLE, paragraphs=(nfd, "", "   ", decomposed))
    [outcome] = ingest_all(workspace, NOW)
    body = load(outcome.article).content
    assert "Người lao động được hưởng lương" in body
    assert unicodedata.normalize("NFC", body) == body
    assert "\u200b" not in body and "\n\n\n" not in body


def test_file_time_is_the_submission_time_when_none_is_written(workspace):
    table = {k: v for k, v in UNIT_TABLE.items() if k != "Thời gian gửi"}
    path = make_docx(workspace.inbox / "a.docx", table=table)
    stamp = datetime(2026, 3, 4, 10, 15, tzinfo=TZ).timestamp()
    os.utime(path, (stamp, stamp))
    [outcome] = ingest_all(workspace, NOW)
    assert load(outcome.article)["submitted_at"] == "2026-03-04T10:15+07:00"


def test_a_corrupt_photo_is_left_out_named_in_the_warnings_and_the_rest_goes_through(workspace):
    folder = workspace.inbox / "co-anh-hong"
    make_docx(folder / "bai.docx", table=UNIT_TABLE)
    (folder / "a-tot.jpg").write_bytes(photo_bytes())
    (folder / "b-hong.jpg").write_bytes(photo_bytes()[:300])
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "published"
    post = load(outcome.article)
    assert len(post["images"]) == 1
    assert any("b-hong.jpg" in w for w in post["conversion_warnings"])


def test_the_automatic_summary_is_plain_text_without_links_or_footnote_markers(workspace):
    from pipeline.intake.document_meta import summary_from as _summary_from

    body = "Theo **Điều 46**[^1] của [Bộ luật Lao động](https://thuvienphapluat.vn) năm 2019.\n\nĐoạn sau."
    assert _summary_from(body) == "Theo Điều 46 của Bộ luật Lao động năm 2019."
