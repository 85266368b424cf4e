"""kill -9 at every write point of ingest and submit: no duplicate, no partial or temp file, no lost original.

The crash hook (pipeline/core/crash.py) ends the process with os._exit at the N-th write point, as kill -9
would: no finally block, no cleanup. A clean run first lists the points (BANTIN_CRASH_LOG); then for
each N a fresh copy is crashed at N, crashed again at the first point of the next run (a kill during
recovery), and run to the end; the result must equal what an uninterrupted run gives.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest
import yaml

from tests.conftest import ROOT
from tests.docxfactory import UNIT_TABLE, make_docx, photo_bytes
from tests.test_submit import git, make_project

CRASHED = 137


def run(cwd: Path, command: str, *args: str, crash_at: int | None = None, log: Path | None = None,
        config: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BANTIN_", "GIT_"))}
    env.update(BANTIN_NOW="2026-03-05T09:00", BANTIN_CONFIG=str(config or ROOT / "editorial.yml"),
               PYTHONPATH=str(ROOT))
    if crash_at is not None:
        env["BANTIN_CRASH_AT"] = str(crash_at)
    if log is not None:
        env["BANTIN_CRASH_LOG"] = str(log)
    return subprocess.run([sys.executable, "-m", "pipeline", command, *args], cwd=cwd, env=env, check=False,
                          capture_output=True, text=True, timeout=300)


def fill_inbox(inbox: Path) -> dict[str, str]:
    """Two submissions with photos (embedded, loose): every kind of write. Returns name → SHA-256."""
    make_docx(inbox / "a-dai-hoi.docx", table=UNIT_TABLE, image_caption="Quang cảnh Đại hội")
    folder = inbox / "b-hoc-bong"
    make_docx(folder / "bai.docx", table=UNIT_TABLE, heading="Trao học bổng cho con đoàn viên ở Ba Tri")
    (folder / "anh.jpg").write_bytes(photo_bytes())
    (folder / "meta.yml").write_text(yaml.safe_dump({"captions": {"anh.jpg": "Trao học bổng"}}, allow_unicode=True),
                                     encoding="utf-8")
    return {p.relative_to(inbox).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(inbox.rglob("*")) if p.is_file() and p.name != ".gitkeep"}


def points(cwd: Path, command: str, *args: str, config: Path | None = None) -> list[str]:
    log = cwd.parent / f"{cwd.name}-points.log"
    result = run(cwd, command, *args, log=log, config=config)
    assert result.returncode == 0, result.stdout + result.stderr
    return [line.split("\t")[1] for line in log.read_text(encoding="utf-8").splitlines()]


def assert_ingested_exactly_once(root: Path, originals: dict[str, str]) -> None:
    content, inbox = root / "content", root / "submissions"
    articles = sorted(content.rglob("*.md"))
    shas = [frontmatter.load(a)["source"]["sha256"] for a in articles]
    documents = {v for k, v in originals.items() if k.endswith(".docx")}
    assert sorted(shas) == sorted(documents), "one article per document: none missing, none twice"
    referenced: set[str] = set()
    for article in articles:
        post = frontmatter.load(article)
        for image in post.get("images", []):
            referenced.add(image["path"])
            referenced.update(v["path"] for v in image["variants"])
    on_disk = {p.relative_to(content).as_posix() for p in (content / "images").rglob("*") if p.is_file()}
    assert on_disk == referenced, "no photo missing, none left over"
    stray = [p for p in root.rglob("*") if p.name.endswith(".tmp") or p.name == ".bantin"
             or (p.name.startswith(".") and p.name not in (".gitkeep", ".gitignore", ".git") and ".git" not in p.parts)]
    assert not stray, stray
    # Every original is in processed/ exactly once, byte for byte, and the inbox is empty.
    archived: dict[str, list[str]] = {}
    for p in (inbox / "processed").rglob("*"):
        if p.is_file():
            archived.setdefault(hashlib.sha256(p.read_bytes()).hexdigest(), []).append(p.name)
    assert sorted(archived) == sorted(originals.values()) and all(len(v) == 1 for v in archived.values())
    assert sorted(p.name for p in inbox.iterdir() if p.name != ".gitkeep") == ["processed"]


def test_ingest_killed_at_any_write_point_and_again_while_recovering_ends_as_an_uninterrupted_run(tmp_path):
    pristine = tmp_path / "pristine"
    originals = fill_inbox(pristine / "submissions")
    probe = tmp_path / "probe"
    shutil.copytree(pristine, probe)
    names = points(probe, "ingest")
    assert {"journal", "place-images", "place-article", "archive-original"} <= set(names)
    assert_ingested_exactly_once(probe, originals)
    for n, name in enumerate(names, start=1):
        root = tmp_path / f"n{n}"
        shutil.copytree(pristine, root)
        first = run(root, "ingest", crash_at=n)
        assert first.returncode == CRASHED, f"point {n} ({name}) not reached: {first.stdout}{first.stderr}"
        second = run(root, "ingest", crash_at=1)  # killed again, at the first write of the recovering run
        assert second.returncode in (CRASHED, 0), second.stdout + second.stderr
        last = run(root, "ingest")
        assert last.returncode == 0, f"after a kill at {n} ({name}): {last.stdout}{last.stderr}"
        assert "xóa" not in last.stdout
        assert_ingested_exactly_once(root, originals)
        shutil.rmtree(root)


def test_submit_killed_at_any_write_point_recovers_on_the_next_run_back_on_main_with_the_inbox_intact(tmp_path):
    (tmp_path / "probe").mkdir()
    _, probe = make_project(tmp_path / "probe")
    fill_inbox(probe / "submissions")
    names = points(probe, "submit", "--no-check", config=probe / "editorial.yml")
    assert {"submit-journal", "submit-branch", "submit-commit", "submit-switch-back", "place-article"} <= set(names)
    for n, name in enumerate(names, start=1):
        (tmp_path / f"n{n}").mkdir()
        _, work = make_project(tmp_path / f"n{n}")
        originals = fill_inbox(work / "submissions")
        first = run(work, "submit", "--no-check", crash_at=n, config=work / "editorial.yml")
        assert first.returncode == CRASHED, f"point {n} ({name}) not reached: {first.stdout}{first.stderr}"
        last = run(work, "submit", "--no-check", config=work / "editorial.yml")
        assert last.returncode == 0, f"after a kill at {n} ({name}): {last.stdout}{last.stderr}"
        for advice in ("git clean", "reset --hard", "checkout --"):
            assert advice not in last.stdout + last.stderr
        assert git(work, "symbolic-ref", "--short", "HEAD") == "main"
        assert git(work, "status", "--porcelain", "--untracked-files=all") == ""
        branches = git(work, "for-each-ref", "--format=%(refname:short)", "refs/heads/tin/").split()
        assert len(branches) == 2, f"after a kill at {n} ({name}): {branches}"
        committed: dict[str, str] = {}
        for branch in branches:
            assert git(work, "rev-list", "--count", f"main..{branch}") == "1"
            for path in git(work, "diff", "--name-only", f"main...{branch}").splitlines():
                if path.startswith("submissions/processed/"):
                    data = subprocess.run(["git", "-C", str(work), "show", f"{branch}:{path}"], capture_output=True,
                                          check=True).stdout
                    committed[hashlib.sha256(data).hexdigest()] = path
        assert sorted(committed) == sorted(originals.values()), "every original is on a branch, exactly once"
        assert not (work / ".git" / "bantin" / "submit-journal.json").exists()
        shutil.rmtree(tmp_path / f"n{n}")


@pytest.mark.parametrize("advice", ["git clean", "reset --hard", "checkout -- "])
def test_no_message_in_the_code_advises_a_command_that_can_delete_a_submission(advice):
    for path in (ROOT / "pipeline").rglob("*.py"):
        assert advice not in path.read_text(encoding="utf-8"), path
