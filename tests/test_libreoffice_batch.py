"""One LibreOffice for a batch's .doc files, and a file that hangs or crashes it costs only itself.

Real LibreOffice throughout. The .doc files are made here from python-docx files by soffice. A
real LibreOffice crasher cannot be shipped, so the hostile files carry a marker word and
BANTIN_SOFFICE points to a small wrapper that logs every start and runs the real soffice, except
that on meeting a marked file it converts the files before it (as soffice would) and then hangs or
kills itself with SIGSEGV. The wrapper tests run without the sandbox (it would hide the log); the
sandbox itself is exercised by the first test, with the real soffice under bubblewrap.
"""

from __future__ import annotations

import copy
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.convert.libreoffice import ENV_VAR, SANDBOX_ENV, find_soffice
from pipeline.convert.libreoffice_batch import convert_batch
from pipeline.core.dates import TZ
from pipeline.core.messages import Level
from pipeline.intake.ingest import Outcome, Workspace, ingest_all, ingest_paths
from pipeline.intake.limits import Limits
from tests.docxfactory import UNIT_TABLE, make_docx

SOFFICE = find_soffice()  # the real one, found before any test points BANTIN_SOFFICE at the wrapper
pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice chưa được cài (make system-deps)")]

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)
TITLES = ["Hội nghị công nhân viên chức", "Ngày hội đoàn viên", "Tết sum vầy", "Mái ấm công đoàn",
          "Tháng Công nhân", "Hội thao công nhân"]
HANG, CRASH, STUCK = "TREOMAYX", "SAPDOMAYX", "KETLAIX"  # the wrapper's markers
SECONDS = 15  # limits.libreoffice_seconds in these tests: a lone good file takes 1–5 s here

WRAPPER = """#!{python}
import os, signal, subprocess, sys, time
real, log = {real!r}, {log!r}
args = sys.argv[1:]
with open(log, "a", encoding="utf-8") as fh:
    fh.write(" ".join(args) + "\\n")
cut = args.index("--outdir") + 2
options, inputs = args[:cut], args[cut:]
def marked(path, marker):
    data = open(path, "rb").read()
    return marker.encode() in data or marker.encode("utf-16-le") in data
if any(marked(path, {stuck!r}) for path in inputs):  # converts everything, then never exits
    subprocess.run([real, *args], check=False)
    sys.stdout.flush()
    time.sleep(3600)
for k, path in enumerate(inputs):
    for marker in ({hang!r}, {crash!r}):
        if marked(path, marker):
            if k:  # soffice converts the files before the bad one, then meets it
                subprocess.run([real, *options, *inputs[:k]], check=False)
            sys.stdout.flush()
            if marker == {hang!r}:
                time.sleep(3600)
            os.kill(os.getpid(), signal.SIGSEGV)
os.execv(real, [real, *args])
"""


def legacy_docs(folder: Path, names: list[str], *, marks: dict[int, str] | None = None) -> list[Path]:
    """Word 97 .doc files, one per name, each with its own title (and a marker where asked)."""
    marks = marks or {}
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for k in range(len(names)):
            paragraphs = (f"Bài số {k}: đoàn viên công đoàn huyện Ba Tri tham gia hoạt động.",)
            if k in marks:
                paragraphs += (marks[k],)
            sources.append(make_docx(Path(tmp) / f"nguon-{k}.docx", table=UNIT_TABLE,
                                     heading=f"{TITLES[k % len(TITLES)]} {k}", paragraphs=paragraphs))
        out = Path(tmp) / "out"
        subprocess.run([SOFFICE, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
                        "--convert-to", "doc", "--outdir", str(out), *map(str, sources)],
                       check=True, capture_output=True, timeout=300)
        made = []
        for source, name in zip(sources, names, strict=True):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(out / f"{source.stem}.doc", target)
            made.append(target)
    return made


@pytest.fixture
def wrapper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """BANTIN_SOFFICE → the logging, marker-obeying wrapper; returns its log (one line per start)."""
    real = SOFFICE
    assert real is not None
    log = tmp_path / "starts.log"
    log.touch()
    script = tmp_path / "wrapper" / "bin" / "soffice"
    script.parent.mkdir(parents=True)
    script.write_text(WRAPPER.format(python=sys.executable, real=real, log=str(log), hang=HANG, crash=CRASH, stuck=STUCK))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv(ENV_VAR, str(script))
    monkeypatch.setenv(SANDBOX_ENV, "none")
    monkeypatch.setenv("BANTIN_INGEST_WORKERS", "1")  # one group: the starts are then predictable
    return log


def starts(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def quick(workspace: Workspace) -> Workspace:
    limited = copy.copy(workspace.config)
    limited.limits = Limits(libreoffice_seconds=SECONDS)  # type: ignore[attr-defined]
    workspace.config = limited
    return workspace


def by_name(outcomes: list[Outcome]) -> dict[str, Outcome]:
    return {o.submission: o for o in outcomes}


def errors(outcome: Outcome) -> list[str]:
    return [m.code for m in outcome.messages if m.level is Level.ERROR]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def nothing_lost(ws: Workspace, names: list[str]) -> None:
    """Every original is either still in the inbox or archived under processed/."""
    archived = {p.name for p in (ws.inbox / "processed").rglob("*") if p.is_file()}
    for name in names:
        assert (ws.inbox / name).exists() or Path(name).name in archived, name


# --- real LibreOffice, real sandbox ----------------------------------------------------------


def test_a_batch_of_doc_files_is_converted_in_the_sandbox_under_neutral_names(tmp_path: Path) -> None:
    docs = legacy_docs(tmp_path / "nguon", ["Bản tin số 1.doc", "bai.doc", "bài viết (2).doc"])
    made = convert_batch(docs, tmp_path / "lam-viec", timeout=120, memory_mb=1024)
    assert all(path is not None and path.suffix == ".docx" for path in made)
    assert [p.name for p in made if p] == ["doc-000.docx", "doc-001.docx", "doc-002.docx"]
    for k, path in enumerate(made):
        assert path is not None and f"Bài số {k}:".encode() in _document_xml(path)


def _document_xml(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml")


# --- through `pipeline ingest`, starts counted by the wrapper ----------------------------------


def test_a_batch_of_doc_files_starts_libreoffice_once_and_gives_the_same_articles_as_one_by_one(
    tmp_path: Path, config, wrapper: Path  # type: ignore[no-untyped-def]
) -> None:
    names = [f"bai-{k}.doc" for k in range(4)]
    docs = legacy_docs(tmp_path / "nguon", names)
    batch, alone = (Workspace(tmp_path / w / "content", tmp_path / w / "submissions", config) for w in ("lo", "le"))
    for ws in (batch, alone):
        ws.content.mkdir(parents=True)
        ws.inbox.mkdir(parents=True)
        for doc in docs:
            shutil.copy2(doc, ws.inbox / doc.name)

    outcomes = ingest_all(batch, NOW)
    assert [o.status for o in outcomes] == ["published"] * 4
    assert len(starts(wrapper)) == 1 and starts(wrapper)[0].count("/doc-") == 4

    for name in names:  # one submission per run: each its own soffice, as before batches
        [one] = ingest_paths([alone.inbox / name], alone, NOW)
        assert one.status == "published"
    assert len(starts(wrapper)) == 1 + 4
    articles = tree(batch.content)
    assert len([p for p in articles if p.endswith(".md")]) == 4
    assert articles == tree(alone.content)  # byte for byte, messages and front matter included
    assert not (batch.inbox / ".bantin" / "tmp" / "libreoffice").exists()


@pytest.mark.parametrize(("mark", "code"), [(HANG, "BT842"), (CRASH, "BT843")], ids=["hangs", "crashes"])
def test_a_file_that_hangs_or_crashes_libreoffice_is_refused_alone_and_the_files_after_it_are_retried(
    quick: Workspace, wrapper: Path, mark: str, code: str
) -> None:
    names = [f"bai-{k}.doc" for k in range(5)]
    legacy_docs(quick.inbox, names, marks={2: mark})
    result = by_name(ingest_all(quick, NOW))
    bad = result["bai-2.doc"]
    assert bad.status == "refused" and errors(bad) == [code]
    assert "'bai-2.doc'" in bad.messages[-1].text
    if mark == HANG:
        assert f"{SECONDS} giây" in bad.messages[-1].text
    assert [result[n].status for n in names if n != "bai-2.doc"] == ["published"] * 4
    assert (quick.inbox / "bai-2.doc").exists()  # the refused original stays for its contributor
    nothing_lost(quick, names)
    # the batch (stopped at the third file), the last two in a new batch, then the bad file alone
    assert [line.count("/doc-") for line in starts(wrapper)] == [5, 2, 0]


def statuses_of_three(quick: Workspace, mark: str) -> list[str]:
    """Ingest three .doc files, the middle one carrying the wrapper's marker; their statuses."""
    names = [f"bai-{k}.doc" for k in range(3)]
    legacy_docs(quick.inbox, names, marks={1: mark})
    result = by_name(ingest_all(quick, NOW))
    return [result[n].status for n in names]


def test_a_crash_on_the_second_to_last_file_leaves_the_last_one_to_its_own_conversion(
    quick: Workspace, wrapper: Path
) -> None:
    assert statuses_of_three(quick, CRASH) == ["published", "refused", "published"]
    # the batch, then the crashing file and the last one each alone (a batch of one is no batch)
    assert [line.count("/doc-") for line in starts(wrapper)] == [3, 0, 0]


def test_a_libreoffice_that_never_exits_after_its_last_file_is_killed_and_its_files_are_kept(
    quick: Workspace, wrapper: Path
) -> None:
    assert statuses_of_three(quick, STUCK) == ["published"] * 3
    assert len(starts(wrapper)) == 1  # no file had to be converted again alone


def test_two_submissions_with_the_same_file_name_keep_their_own_text(
    workspace: Workspace, wrapper: Path
) -> None:
    names = ["don-vi-a/bai.doc", "don-vi-b/bai.doc", "don-vi-c/bai.doc"]
    legacy_docs(workspace.inbox, names)
    result = by_name(ingest_all(workspace, NOW))
    assert len(starts(wrapper)) == 1
    for k, folder in enumerate(("don-vi-a", "don-vi-b", "don-vi-c")):
        outcome = result[folder]
        assert outcome.status == "published" and outcome.article is not None
        text = outcome.article.read_text(encoding="utf-8")
        assert f"Bài số {k}:" in text
        assert all(f"Bài số {j}:" not in text for j in range(3) if j != k)


def test_one_doc_file_in_a_run_goes_through_its_own_libreoffice_as_before(
    workspace: Workspace, wrapper: Path
) -> None:
    legacy_docs(workspace.inbox, ["bai.doc"])
    make_docx(workspace.inbox / "khac.docx", table=UNIT_TABLE, heading="Bài Word mới")
    assert [o.status for o in ingest_all(workspace, NOW)] == ["published", "published"]
    assert [line.count("/doc-") for line in starts(wrapper)] == [0]


def test_the_wrapper_finds_the_marker_in_a_doc_made_by_libreoffice(tmp_path: Path) -> None:
    """The hang and crash tests rely on it: a marker typed in the document is in the .doc's bytes."""
    [doc] = legacy_docs(tmp_path, ["a.doc"], marks={0: HANG})
    data = doc.read_bytes()
    assert HANG.encode() in data or HANG.encode("utf-16-le") in data
    assert os.path.getsize(doc) > 0


def test_a_libreoffice_over_its_memory_limit_falls_back_to_one_file_at_a_time_and_loses_nothing(
    workspace: Workspace,
) -> None:
    """Real soffice under the real sandbox, with RLIMIT_AS far too small for it: the shared run
    fails, every file is then tried alone and refused with today's message, none leaves the inbox."""
    tight = copy.copy(workspace.config)
    tight.limits = Limits(libreoffice_seconds=SECONDS, libreoffice_memory_mb=100)  # type: ignore[attr-defined]
    workspace.config = tight
    names = [f"bai-{k}.doc" for k in range(3)]
    legacy_docs(workspace.inbox, names)
    result = by_name(ingest_all(workspace, NOW))
    for name in names:
        assert result[name].status == "refused" and errors(result[name]) == ["BT843"]
        assert f"'{name}'" in result[name].messages[-1].text
        assert (workspace.inbox / name).exists()
    assert not list(workspace.content.rglob("*.md"))
