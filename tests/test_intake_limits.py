"""Resource limits per submission: each breach is a clean refusal of that submission only."""

from __future__ import annotations

import copy
import os
import time
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from pipeline.convert.libreoffice import find_soffice
from pipeline.core.dates import TZ
from pipeline.core.messages import Level
from pipeline.intake.bounded import Breach, run_bounded
from pipeline.intake.ingest import ingest_all
from pipeline.intake.limits import DEFAULT_LIMITS, Limits, limits_of
from tests.docxfactory import UNIT_TABLE, make_docx, photo_bytes
from tests.hostile import make

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)


def codes(outcome) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.code for m in outcome.messages if m.level is Level.ERROR]




def test_a_docx_holding_60_mb_of_xml_is_refused_and_the_next_one_goes_through(workspace):
    make.xml_bomb_docx(workspace.inbox / "a-bom-xml.docx", megabytes=60)
    make_docx(workspace.inbox / "b-tot.docx", table=UNIT_TABLE)
    outcomes = {o.submission: o for o in ingest_all(workspace, NOW)}
    assert codes(outcomes["a-bom-xml.docx"]) == ["BT948"]
    assert "'a-bom-xml.docx'" in outcomes["a-bom-xml.docx"].messages[-1].text
    assert outcomes["b-tot.docx"].status == "published"
    assert os.path.getsize(workspace.inbox / "a-bom-xml.docx") < 1_000_000  # small on disk, huge unpacked


@pytest.mark.parametrize(("build", "code"), [
    (lambda p: make.gif_bomb(p), "BT863"),  # 14000×14000, 1000 frames, a few KB
    (lambda p: make.gif_bomb(p, side=1000, frames=1000), "BT951"),  # small frames, far too many
    (lambda p: make.png_bomb(p), "BT863"),
], ids=["gif-huge", "gif-frames", "png-huge"])
def test_an_image_bomb_is_refused_by_name_from_its_header_and_the_article_goes_through(workspace, build, code):
    folder = workspace.inbox / "ngay-hoi"
    make_docx(folder / "bai.docx", table=UNIT_TABLE)
    bomb = build(folder / "bom.gif" if "gif" in code or code == "BT951" else folder / "bom.png")
    (folder / "tot.jpg").write_bytes(photo_bytes())
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "published"
    refusals = [m for m in outcome.messages if m.level is Level.ERROR]
    assert [m.code for m in refusals] == [code] and bomb.name in refusals[0].text
    images = list((workspace.content / "images").rglob("*"))
    assert not [p for p in images if "bom" in p.name]


def in_folder_with_meta(folder: Path, document: Path) -> Path:
    """Everything routing needs in meta.yml, so only the document's content can refuse it."""
    (folder / "meta.yml").write_text(yaml.safe_dump({**UNIT_TABLE, "Tiêu đề": "Hội nghị ở Ba Tri"}, allow_unicode=True),
                                     encoding="utf-8")
    return document


def test_a_document_that_is_only_an_embedded_object_is_refused_as_empty_not_published(workspace):
    folder = workspace.inbox / "chi-co-doi-tuong"
    in_folder_with_meta(folder, make.ole_embedded_docx(folder / "bai.docx", with_text=False))
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "refused"
    assert "BT812" in codes(outcome) and "đối tượng nhúng" in outcome.messages[-1].text


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice chưa được cài (make system-deps)")
def test_a_word_97_document_holding_only_an_embedded_object_is_refused_as_empty(workspace, tmp_path):
    soffice = find_soffice()
    assert soffice is not None
    ole_only = make.ole_embedded_docx(tmp_path / "ole.docx", with_text=False).read_bytes()
    folder = workspace.inbox / "doi-tuong"
    in_folder_with_meta(folder, make.doc_from_docx(folder / "bai.doc", ole_only, soffice))
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.status == "refused" and "BT812" in codes(outcome)


def test_a_conversion_over_its_memory_limit_is_refused_with_bt945_and_the_rest_goes_on(workspace, config):
    tight = copy.copy(config)
    tight.limits = Limits(conversion_memory_mb=64)  # type: ignore[attr-defined]
    make_docx(workspace.inbox / "a.docx", table=UNIT_TABLE)
    workspace.config = tight
    [outcome] = ingest_all(workspace, NOW)
    assert codes(outcome) == ["BT945"] and "64 MB" in outcome.messages[0].text
    assert (workspace.inbox / "a.docx").exists()


def _allocate() -> int:
    return len(bytearray(3 * 1024 * 1024 * 1024))


def _sleep() -> int:
    time.sleep(60)
    return 0


def _fail() -> int:
    raise ValueError("hỏng")


def _die() -> int:
    os._exit(9)


def test_the_bounded_child_reports_memory_time_and_crashes_instead_of_raising_or_hanging():
    assert run_bounded(lambda: 41 + 1, (), 60, 512) == 42
    assert run_bounded(_allocate, (), 60, 512) == Breach("memory")
    assert run_bounded(_sleep, (), 1, 512) == Breach("time")
    failed = run_bounded(_fail, (), 60, 512)
    assert isinstance(failed, Breach) and failed.what == "crash" and "ValueError: hỏng" in failed.detail
    died = run_bounded(_die, (), 60, 512)
    assert isinstance(died, Breach) and died.what == "crash"


def test_limits_come_from_the_configuration_when_it_has_them_and_default_otherwise(config):
    assert limits_of(object()) == DEFAULT_LIMITS
    custom = copy.copy(config)
    custom.limits = Limits(max_image_frames=5)  # type: ignore[attr-defined]
    assert limits_of(custom).max_image_frames == 5
