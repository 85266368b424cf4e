"""Convert .doc/.odt/.rtf to .docx with headless LibreOffice.

Each call gets its own temporary directory and LibreOffice user profile, so conversions can
run in parallel (a shared profile makes a second soffice hand its job to the first and exit)
and a crashed conversion leaves nothing behind. The source file is only ever read.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.convert.sniff import Kind, sniff
from pipeline.core.messages import Level, Message, Result, error

ENV_VAR = "BANTIN_SOFFICE"
_EXECUTABLES = ("soffice", "libreoffice")
_MACOS_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
# Name the export filter: a bare "docx" lets LibreOffice pick per input type.
_DOCX_FILTER = "docx:MS Word 2007 XML"
# Only feed LibreOffice what `sniff` recognised: its many import filters are attack surface.
_CONVERTIBLE = {Kind.DOC, Kind.ODT, Kind.RTF, Kind.DOCX}
_STAGED_STEM = "input"


# --- messages --------------------------------------------------------------------------------


def _missing(src: Path) -> Message:
    text = (
        f"Không chuyển được tệp '{src.name}' (.doc/.odt/.rtf) vì máy chưa cài LibreOffice. "
        "Hãy chạy 'make system-deps' (cần quyền root) rồi thử lại, hoặc lưu tệp thành .docx."
    )
    return error("BT841", text, str(src))


def _timed_out(src: Path, timeout: float) -> Message:
    seconds = f"{timeout:g}".replace(".", ",")  # Vietnamese decimal comma
    text = (
        f"LibreOffice không chuyển đổi được tệp '{src.name}' trong {seconds} giây (quá thời gian "
        "chờ). Tệp có thể quá lớn hoặc bị hỏng; hãy mở bằng Word, lưu lại dưới dạng .docx rồi "
        "gửi lại."
    )
    return error("BT842", text, str(src))


def _failed(src: Path) -> Message:
    text = (
        f"LibreOffice không chuyển được tệp '{src.name}' sang .docx; tệp có thể bị hỏng hoặc "
        "không đúng định dạng. Hãy mở bằng Word hoặc LibreOffice, lưu lại dưới dạng .docx rồi "
        "gửi lại."
    )
    return error("BT843", text, str(src))


def _not_started(src: Path, soffice: str) -> Message:
    text = (
        f"Không chạy được LibreOffice ('{soffice}') để chuyển tệp '{src.name}'. Hãy kiểm tra "
        "lại cài đặt ('make system-deps') rồi thử lại, hoặc lưu tệp thành .docx."
    )
    return error("BT844", text, str(src))


def _not_document(src: Path) -> Message:
    text = f"Tệp '{src.name}' không phải văn bản nên không chuyển sang .docx được."
    return error("BT845", text, str(src))


# --- locating soffice ------------------------------------------------------------------------


def find_soffice() -> str | None:
    """Path of the LibreOffice binary; BANTIN_SOFFICE overrides ("" or "none" = not installed)."""
    if ENV_VAR in os.environ:
        return _resolve_override(os.environ[ENV_VAR])
    for name in _EXECUTABLES:
        found = shutil.which(name)
        if found:
            return found
    return _MACOS_SOFFICE if os.access(_MACOS_SOFFICE, os.X_OK) else None


def _resolve_override(value: str) -> str | None:
    value = value.strip()
    if value.lower() in ("", "none"):
        return None
    # which() accepts both a bare name and a path, and checks that it is executable.
    return shutil.which(value)


# --- conversion ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    soffice: str
    src: Path
    scratch: Path
    timeout: float

    @property
    def staged(self) -> Path:
        return self.scratch / (_STAGED_STEM + _ascii_suffix(self.src))

    @property
    def outdir(self) -> Path:
        return self.scratch / "out"

    @property
    def produced(self) -> Path:
        return self.outdir / f"{_STAGED_STEM}.docx"


def convert_to_docx(src: Path, workdir: Path, timeout: float = 120) -> Result[Path | None]:
    """Convert `src` to `<workdir>/<stem>.docx` (numbered if taken); value is None on failure."""
    src, workdir = Path(src), Path(workdir)
    sniffed = sniff(src)
    if sniffed.has_errors:
        # Keep only the refusals: the caller already has sniff's warnings from its own call.
        return Result(None, [m for m in sniffed.messages if m.level is Level.ERROR])
    if sniffed.value not in _CONVERTIBLE:
        return Result(None, [_not_document(src)])
    soffice = find_soffice()
    if soffice is None:
        return Result(None, [_missing(src)])
    workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bantin-lo-") as scratch:
        return _convert(_Job(soffice, src, Path(scratch), timeout), workdir)


def _convert(job: _Job, workdir: Path) -> Result[Path | None]:
    # soffice mishandles some non-ASCII names and names with spaces: give it a plain one.
    try:
        shutil.copyfile(job.src, job.staged)
    except OSError:  # vanished or unreadable since sniff() looked at it
        return Result(None, [_failed(job.src)])
    try:
        finished = _run(_command(job), job)
    except OSError:
        return Result(None, [_not_started(job.src, job.soffice)])
    if not finished:
        return Result(None, [_timed_out(job.src, job.timeout)])
    # LibreOffice exits 0 even when it cannot load the input: judge by the output.
    if not job.produced.is_file() or sniff(job.produced).value is not Kind.DOCX:
        return Result(None, [_failed(job.src)])
    return Result(_deliver(job.produced, workdir, job.src.stem))


def _command(job: _Job) -> list[str]:
    profile = (job.scratch / "profile").as_uri()
    return [
        job.soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        _DOCX_FILTER,
        "--outdir",
        str(job.outdir),
        str(job.staged),
    ]


def _run(command: list[str], job: _Job) -> bool:
    """Run soffice in its own process group; False if it timed out and the group was killed."""
    env = dict(os.environ, TMPDIR=str(job.scratch))  # keep LibreOffice's temp files ours
    proc = subprocess.Popen(
        command,
        cwd=job.scratch,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # soffice forks soffice.bin: kill the group, not one pid
    )
    try:
        proc.wait(timeout=job.timeout)
        return True
    except subprocess.TimeoutExpired:
        return False
    finally:
        if proc.poll() is None:
            _kill_group(proc.pid)
            proc.wait()


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group may already be gone
        os.killpg(pid, signal.SIGKILL)


def _ascii_suffix(src: Path) -> str:
    suffix = src.suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def _deliver(produced: Path, workdir: Path, stem: str) -> Path:
    """Copy the result to a fresh name in workdir; never overwrite anything (even the source)."""
    for n in range(10_000):
        target = workdir / (f"{stem}.docx" if n == 0 else f"{stem}-{n}.docx")
        try:
            # O_EXCL claims the name atomically, so parallel conversions cannot collide.
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        os.close(fd)
        shutil.copyfile(produced, target)
        return target
    raise FileExistsError(f"no free name for {stem}.docx in {workdir}")
