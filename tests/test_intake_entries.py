"""Every entry of a submission is lstat-checked: links, FIFOs and devices are refused, never followed or read.

Each test runs the real `pipeline ingest` in a subprocess with a timeout: a FIFO or /dev/zero that is
opened or read would hang it, and the timeout turns that into a failure instead of a stuck suite.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.docxfactory import UNIT_TABLE, make_docx, photo_bytes

GUARD_SECONDS = 240


def run_ingest(tmp_path: Path, *, wrap: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BANTIN_NOW="2026-03-04T16:00", BANTIN_CONFIG=str(ROOT / "editorial.yml"),
               PYTHONPATH=str(ROOT))
    command = [*(wrap or []), sys.executable, "-m", "pipeline", "ingest"]
    return subprocess.run(command, cwd=tmp_path, env=env, check=False, capture_output=True, text=True,
                          timeout=GUARD_SECONDS)


def good(inbox: Path, name: str, n: int) -> Path:
    return make_docx(inbox / name, table=UNIT_TABLE, heading=f"Hội nghị người lao động số {n} ở Ba Tri")


def folder_with(inbox: Path, name: str, n: int) -> Path:
    folder = inbox / name
    good(folder, "bai.docx", n)
    return folder


def test_links_fifos_and_devices_anywhere_in_the_inbox_are_refused_by_name_and_never_followed(tmp_path):
    inbox = tmp_path / "submissions"
    secret = tmp_path / "ngoai-hop-tin"
    secret.mkdir()
    outside = good(secret, "bai-ngoai.docx", 99)
    (secret / "anh.jpg").write_bytes(photo_bytes())
    (secret / "meta.yml").write_text("title: Bài lấy từ ngoài hộp tin\n", encoding="utf-8")
    inbox.mkdir()
    good(inbox, "a-tot.docx", 1)
    (inbox / "b-lien-ket.docx").symlink_to(outside)
    (inbox / "c-thu-muc-lien-ket").symlink_to(secret, target_is_directory=True)
    (inbox / "0loop").symlink_to(".", target_is_directory=True)
    os.mkfifo(inbox / "d-ong.docx")
    (inbox / "e-zero.docx").symlink_to("/dev/zero")
    f = folder_with(inbox, "f-anh-lien-ket", 2)
    (f / "anh.jpg").symlink_to(secret / "anh.jpg")
    g = folder_with(inbox, "g-meta-lien-ket", 3)
    (g / "meta.yml").symlink_to(secret / "meta.yml")
    h = folder_with(inbox, "h-meta-ong", 4)
    os.mkfifo(h / "meta.yml")
    i = folder_with(inbox, "i-anh-ong", 5)
    os.mkfifo(i / "anh.jpg")
    j = folder_with(inbox, "j-anh-zero", 6)
    (j / "anh.jpg").symlink_to("/dev/zero")
    k = folder_with(inbox, "k-meta-zero", 7)
    (k / "meta.yml").symlink_to("/dev/zero")
    (inbox / "l-thiet-bi.docx").symlink_to("/dev/null")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in secret.iterdir()}

    result = run_ingest(tmp_path)

    out = result.stdout
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in out + result.stderr
    assert "Đã nhận 1 bài, từ chối 12" in out
    for name in ("b-lien-ket.docx", "c-thu-muc-lien-ket", "0loop", "e-zero.docx", "anh.jpg", "meta.yml",
                 "l-thiet-bi.docx"):
        assert name in out
    assert out.count("BT834") >= 9  # symlinks, to files, folders, the inbox itself and devices
    assert out.count("BT947") >= 3  # FIFOs
    # Nothing outside the inbox was published, archived or changed; every link and FIFO is still there.
    articles = list((tmp_path / "content").rglob("*.md"))
    assert len(articles) == 1 and "Bài lấy từ ngoài" not in articles[0].read_text(encoding="utf-8")
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in secret.iterdir()} == before
    assert (inbox / "0loop").is_symlink() and (inbox / "b-lien-ket.docx").is_symlink()
    assert (inbox / "d-ong.docx").exists() and (h / "meta.yml").exists()
    processed = inbox / "processed"
    assert [p.name for p in processed.rglob("*") if p.is_file()] == ["a-tot.docx"]


def _read_only(inbox: Path) -> list[str]:
    """A command prefix that runs with the inbox read-only (a private read-only bind mount as root)."""
    if os.geteuid() != 0:
        inbox.chmod(0o555)
        return []
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], check=False).returncode:
        pytest.skip("cần unshare -m để tạo hộp tin chỉ đọc khi chạy bằng root")
    script = f'mount --bind "{inbox}" "{inbox}" && mount -o remount,ro,bind "{inbox}" && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, "sh"]


def test_a_read_only_inbox_is_refused_before_anything_is_written_with_exit_code_2(tmp_path):
    inbox = tmp_path / "submissions"
    good(inbox, "a.docx", 1)
    good(inbox, "b.docx", 2)
    try:
        result = run_ingest(tmp_path, wrap=_read_only(inbox))
    finally:
        inbox.chmod(0o755)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "BT942" in result.stdout and "chỉ cho đọc" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not list((tmp_path / "content").rglob("*.md")) if (tmp_path / "content").exists() else True
    assert sorted(p.name for p in inbox.iterdir()) == ["a.docx", "b.docx"]


def test_two_concurrent_ingests_share_the_inbox_without_errors_duplicates_or_losses(tmp_path):
    inbox = tmp_path / "submissions"
    originals = {}
    for n in range(1, 5):
        path = good(inbox, f"bai-{n}.docx", n)
        originals[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    env = dict(os.environ, BANTIN_NOW="2026-03-04T16:00", BANTIN_CONFIG=str(ROOT / "editorial.yml"),
               PYTHONPATH=str(ROOT))
    runs = [subprocess.Popen([sys.executable, "-m", "pipeline", "ingest"], cwd=tmp_path, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.communicate(timeout=GUARD_SECONDS), p.returncode) for p in runs]
    for (out, err), code in results:
        assert code == 0, out + err
        assert "Traceback" not in out + err and "FileNotFoundError" not in out + err
    articles = list((tmp_path / "content").rglob("*.md"))
    assert len(articles) == 4
    archived = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (inbox / "processed").rglob("*.docx")}
    assert archived == originals
    assert sorted(p.name for p in inbox.iterdir()) == ["processed"]
