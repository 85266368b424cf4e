"""One bad submission costs one refusal: isolation, meta.yml types and bounds, exit codes, BT codes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.core.dates import TZ
from pipeline.core.messages import Level
from pipeline.intake import ingest
from pipeline.intake.ingest import ingest_all
from tests.conftest import ROOT
from tests.docxfactory import UNIT_TABLE, make_docx

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)


def heading(n: int) -> str:
    return f"Hội nghị người lao động số {n} của Công đoàn huyện Ba Tri"


def good(inbox: Path, name: str, n: int) -> Path:
    return make_docx(inbox / name, table=UNIT_TABLE, heading=heading(n))


def with_meta(inbox: Path, name: str, n: int, meta: str) -> Path:
    folder = inbox / name
    make_docx(folder / "bai.docx", table=UNIT_TABLE, heading=heading(n))
    (folder / "meta.yml").write_text(meta, encoding="utf-8")
    return folder


def error_codes(outcome: ingest.Outcome) -> list[str]:
    return [m.code for m in outcome.messages if m.level is Level.ERROR]


def test_an_error_inside_bantin_refuses_only_that_submission_with_bt807_and_the_rest_go_on(workspace, monkeypatch):
    for n, name in enumerate(("a.docx", "b-loi.docx", "c.docx"), start=1):
        good(workspace.inbox, name, n)
    real = ingest.route_metadata

    def broken_for_b(raw, config, mtime, name):  # type: ignore[no-untyped-def]
        if name == "b-loi.docx":
            raise KeyError("một lỗi lập trình")
        return real(raw, config, mtime, name)

    monkeypatch.setattr(ingest, "route_metadata", broken_for_b)
    outcomes = {o.submission: o for o in ingest_all(workspace, NOW)}
    assert outcomes["a.docx"].status == outcomes["c.docx"].status == "published"
    broken = outcomes["b-loi.docx"]
    assert broken.status == "refused" and broken.internal
    assert error_codes(broken) == ["BT940"]
    assert "'b-loi.docx'" in broken.messages[0].text and "KeyError" in broken.messages[0].text
    assert (workspace.inbox / "b-loi.docx").exists()


DEEP = "tags: " + "[" * 100_000 + "]" * 100_000 + "\n"
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b]\n"


@pytest.mark.parametrize(("meta", "code", "words"), [
    ("tags: 5\n", "BT943", "'tags'"),
    ("captions: [a.jpg, b.jpg]\n", "BT943", "'captions'"),
    ('captions: "x"\n', "BT943", "'captions'"),
    ("title: {a: 1}\n", "BT943", "'title'"),
    (DEEP, "BT944", "lồng nhau"),
    (ALIAS_BOMB, "BT944", "bí danh"),
    ("summary: " + "chữ " * 100_000 + "\n", "BT944", "quá lớn"),
    ("title: [\n", "BT803", "cú pháp"),
], ids=["tags-int", "captions-list", "captions-string", "title-mapping", "deep-flow-list", "alias-bomb", "huge", "syntax"])
def test_a_bad_meta_yml_is_a_clean_refusal_of_its_submission_only(workspace, meta, code, words):
    good(workspace.inbox, "a-tot.docx", 1)
    with_meta(workspace.inbox, "b-meta", 2, meta)
    good(workspace.inbox, "c-tot.docx", 3)
    outcomes = {o.submission: o for o in ingest_all(workspace, NOW)}
    assert outcomes["a-tot.docx"].status == outcomes["c-tot.docx"].status == "published"
    bad = outcomes["b-meta"]
    assert bad.status == "refused" and not bad.internal
    assert error_codes(bad) == [code]
    assert words in bad.messages[0].text and "meta.yml" in bad.messages[0].text
    assert (workspace.inbox / "b-meta" / "meta.yml").exists()


def run_cli(tmp_path: Path, *args: str, timeout: float = 180, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, BANTIN_NOW="2026-03-04T16:00", BANTIN_CONFIG=str(ROOT / "editorial.yml"),
                    PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=tmp_path, env=full_env, check=False,
                          capture_output=True, text=True, timeout=timeout)


def test_exit_code_is_0_when_all_go_in_and_1_when_one_is_refused_with_its_bt_code_in_the_summary(tmp_path):
    inbox = tmp_path / "submissions"
    good(inbox, "a.docx", 1)
    assert run_cli(tmp_path, "ingest").returncode == 0
    good(inbox, "b.docx", 2)
    with_meta(inbox, "c-meta", 3, "tags: 5\n")
    result = run_cli(tmp_path, "ingest")
    assert result.returncode == 1
    assert "Kết quả nhận tin, bài" in result.stdout and "Đã nhận 1 bài, từ chối 1" in result.stdout
    assert "BT943" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_exit_code_is_2_when_the_inbox_is_busy_and_the_message_says_who_holds_it(tmp_path):
    inbox = tmp_path / "submissions"
    good(inbox, "a.docx", 1)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path; from pipeline.intake.workdir import WorkFolder;"
        "w = WorkFolder(Path(sys.argv[2]));"
        "cm = w.locked(); cm.__enter__(); print('held', flush=True); time.sleep(60)"), str(ROOT), str(inbox)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = run_cli(tmp_path, "ingest", BANTIN_LOCK_WAIT="1")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2
    assert "BT941" in result.stdout and f"pid {holder.pid}" in result.stdout
    assert (inbox / "a.docx").exists() and not (tmp_path / "content").exists()
