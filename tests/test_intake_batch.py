"""A batch converts several submissions at once and still writes exactly what a one-at-a-time run writes."""

from __future__ import annotations

import copy
import shutil
from datetime import datetime
from pathlib import Path

from pipeline.core.dates import TZ
from pipeline.core.messages import Level
from pipeline.intake.ingest import Workspace, batch_workers, ingest_all
from tests.docxfactory import UNIT_TABLE, make_docx, photo_bytes
from tests.hostile import make

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)


def _inbox(inbox: Path) -> None:
    """Seven submissions: photos, two with the same title (the second gets '-2'), a file sent twice."""
    for n in range(4):
        make_docx(inbox / f"bai-{n}.docx", table=UNIT_TABLE, heading=f"Hội nghị người lao động số {n}",
                  paragraphs=(f"Nội dung bài số {n}: công đoàn cơ sở tổ chức hội nghị người lao động.",),
                  image_caption="Quang cảnh hội nghị" if n % 2 else None)
    make_docx(inbox / "bai-4.docx", table=UNIT_TABLE, heading="Hội nghị người lao động số 1",
              paragraphs=("Một bài khác mang cùng tiêu đề với bài số 1.",))
    shutil.copy2(inbox / "bai-2.docx", inbox / "bai-5-gui-lai.docx")
    folder = inbox / "ngay-hoi"
    make_docx(folder / "bai.docx", table=UNIT_TABLE, heading="Ngày hội công nhân")
    (folder / "anh.jpg").write_bytes(photo_bytes())


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _summary(outcomes, ws: Workspace) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(o.submission, o.status, o.article.relative_to(ws.content).as_posix() if o.article else None,
             [m.code for m in o.messages]) for o in outcomes]


def _copy(ws: Workspace, root: Path) -> Workspace:
    shutil.copytree(ws.content.parent, root)  # copy2: the same modification times
    return Workspace(root / "content", root / "submissions", copy.copy(ws.config))


def test_a_parallel_batch_writes_the_same_files_byte_for_byte_as_a_one_at_a_time_run(workspace, tmp_path,
                                                                                    monkeypatch):
    _inbox(workspace.inbox)
    serial, parallel = _copy(workspace, tmp_path / "serial"), _copy(workspace, tmp_path / "parallel")

    monkeypatch.setenv("BANTIN_INGEST_WORKERS", "1")
    one_by_one = ingest_all(serial, NOW)
    monkeypatch.setenv("BANTIN_INGEST_WORKERS", "8")  # all at once: the slug clash is caught late
    assert batch_workers() == 8
    at_once = ingest_all(parallel, NOW)

    assert _summary(at_once, parallel) == _summary(one_by_one, serial)
    statuses = [o.status for o in at_once]
    assert statuses.count("published") == 6 and statuses.count("duplicate") == 1
    written = _files(parallel.content)
    assert written == _files(serial.content)
    assert any(name.endswith("hoi-nghi-nguoi-lao-dong-so-1-2.md") for name in written)
    assert len([name for name in written if name.startswith("images/")]) >= 3
    assert sorted(_files(parallel.inbox)) == sorted(_files(serial.inbox))  # the same archive folders


def test_a_hostile_file_in_a_parallel_batch_is_refused_and_the_others_are_published(workspace, monkeypatch):
    monkeypatch.setenv("BANTIN_INGEST_WORKERS", "2")
    make_docx(workspace.inbox / "a-tot.docx", table=UNIT_TABLE, heading="Bài tốt thứ nhất")
    make.xml_bomb_docx(workspace.inbox / "b-bom-xml.docx", megabytes=60)
    (workspace.inbox / "c-hong.docx").write_bytes(b"PK\x03\x04 not really a zip")
    make_docx(workspace.inbox / "d-tot.docx", table=UNIT_TABLE, heading="Bài tốt thứ hai")

    outcomes = {o.submission: o for o in ingest_all(workspace, NOW)}

    assert [outcomes[n].status for n in ("a-tot.docx", "d-tot.docx")] == ["published", "published"]
    for name in ("b-bom-xml.docx", "c-hong.docx"):
        refusal = outcomes[name]
        assert refusal.status == "refused" and not refusal.internal
        assert any(m.level is Level.ERROR and f"'{name}'" in m.text for m in refusal.messages)
        assert (workspace.inbox / name).exists()  # the original stays for the contributor to fix
    assert len(list(workspace.content.rglob("*.md"))) == 2
    staging = workspace.inbox / ".bantin" / "tmp"
    assert not staging.exists() or list(staging.iterdir()) == []  # nothing staged is left behind
