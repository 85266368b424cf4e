"""Convert .doc/.odt/.rtf to .docx with headless LibreOffice, in a sandbox.

Each call gets its own temporary directory and LibreOffice user profile, so conversions can
run in parallel (a shared profile makes a second soffice hand its job to the first and exit)
and a crashed conversion leaves nothing behind. The source file is only ever read.

soffice runs with no network and sees no file of the machine but the program itself and the
scratch folder holding a copy of the submission (bubblewrap: a private network, mount, PID and
IPC namespace; `unshare -n` for the network alone where bubblewrap is missing), with a scratch
HOME and TMPDIR, a profile that never updates links or runs macros, a memory limit (RLIMIT_AS)
and a wall-clock limit. So an INCLUDEPICTURE field or a linked picture that slipped past
`convert.linked` can neither read a local file nor make a request.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.convert.sniff import MAX_FILE_BYTES, Kind, sniff
from pipeline.core.messages import Level, Message, Result, error, info
from pipeline.core.safeio import UnsafeFile, read_regular

ENV_VAR = "BANTIN_SOFFICE"
_EXECUTABLES = ("soffice", "libreoffice")
_MACOS_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
# Name the export filter: a bare "docx" lets LibreOffice pick per input type.
_DOCX_FILTER = "docx:MS Word 2007 XML"
# Only feed LibreOffice what `sniff` recognised: its many import filters are attack surface.
_CONVERTIBLE = {Kind.DOC, Kind.ODT, Kind.RTF, Kind.DOCX}
_STAGED_STEM = "input"
MEMORY_MB = 1024  # editorial.yml limits.libreoffice_memory_mb
SANDBOX_ENV = "BANTIN_SANDBOX"  # "bwrap", "unshare" or "none"; unset = the best available
# What soffice may read: the program and the few system files it needs to start, never home folders,
# the repository or the rest of /etc.
_READ_ONLY = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/opt/libreoffice", "/etc/fonts",
              "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/libreoffice",
              "/etc/alternatives", "/etc/localtime", "/usr/share/fonts")
# A profile that updates no link, blocks linked resources and runs no macro.
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


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


def unsandboxed(src: Path) -> Message:
    text = (
        f"Tệp '{src.name}' được LibreOffice chuyển đổi mà không có hộp cát (chưa cài bubblewrap); "
        "hãy chạy 'make system-deps' trên máy này."
    )
    return info("BT950", text, str(src))


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
    memory_mb: int = MEMORY_MB
    sandbox: str = "none"

    @property
    def staged(self) -> Path:
        return self.scratch / (_STAGED_STEM + ascii_suffix(self.src))

    @property
    def outdir(self) -> Path:
        return self.scratch / "out"

    @property
    def produced(self) -> Path:
        return self.outdir / f"{_STAGED_STEM}.docx"


def convert_to_docx(
    src: Path, workdir: Path, timeout: float = 120, memory_mb: int = MEMORY_MB
) -> Result[Path | None]:
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
        job = _Job(soffice, src, Path(scratch).resolve(), timeout, memory_mb, sandbox_kind())
        result = _convert(job, workdir)
        if job.sandbox == "none" and result.value is not None:
            result.messages.append(unsandboxed(src))
        return result


def sandbox_kind() -> str:
    """How soffice is confined here: "bwrap" (files and network), "unshare" (network only) or "none"."""
    wanted = os.environ.get(SANDBOX_ENV, "").strip().lower()
    if wanted == "none":
        return "none"
    if wanted in ("", "bwrap") and shutil.which("bwrap") and _works(["bwrap", "--ro-bind", "/", "/", "--unshare-net", "true"]):
        return "bwrap"
    if wanted in ("", "unshare") and shutil.which("unshare") and _works(["unshare", "-rn", "true"]):
        return "unshare"
    return "none"


_PROBED: dict[tuple[str, ...], bool] = {}


def _works(command: list[str]) -> bool:
    key = tuple(command)
    if key not in _PROBED:
        try:
            _PROBED[key] = subprocess.run(command, capture_output=True, timeout=10, check=False).returncode == 0
        except (OSError, subprocess.SubprocessError):
            _PROBED[key] = False
    return _PROBED[key]


def _convert(job: _Job, workdir: Path) -> Result[Path | None]:
    # soffice mishandles some non-ASCII names and names with spaces: give it a plain one.
    try:
        job.staged.write_bytes(read_regular(job.src, MAX_FILE_BYTES))
        prepare_scratch(job.scratch)
    except (OSError, UnsafeFile):  # vanished or unreadable since sniff() looked at it
        return Result(None, [_failed(job.src)])
    try:
        command = convert_command(job.soffice, job.scratch, job.outdir, [job.staged])
        finished = _run(sandboxed(job.soffice, job.scratch, job.sandbox, command), job)
    except OSError:
        return Result(None, [_not_started(job.src, job.soffice)])
    if not finished:
        return Result(None, [_timed_out(job.src, job.timeout)])
    # LibreOffice exits 0 even when it cannot load the input: judge by the output.
    if not job.produced.is_file() or sniff(job.produced).value is not Kind.DOCX:
        return Result(None, [_failed(job.src)])
    return Result(_deliver(job.produced, workdir, job.src.stem))


def prepare_scratch(scratch: Path) -> None:
    """A scratch HOME, TMPDIR and fresh profile (no link updates, no macros) inside `scratch`."""
    for folder in ("home", "tmp", "profile/user"):
        (scratch / folder).mkdir(parents=True, exist_ok=True)
    (scratch / "profile/user/registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")


def sandboxed(soffice: str, scratch: Path, sandbox: str, command: list[str]) -> list[str]:
    """`command` confined so that soffice sees only the program and `scratch`, with no network."""
    if sandbox == "unshare":
        return ["unshare", "-rn", *command]
    if sandbox != "bwrap":
        return command
    wrap = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--proc", "/proc", "--dev", "/dev",
            "--tmpfs", "/tmp"]
    for path in _READ_ONLY:
        wrap += ["--ro-bind-try", path, path]
    program = Path(soffice).resolve()
    if not any(str(program).startswith(p + "/") for p in _READ_ONLY):
        wrap += ["--ro-bind", str(program.parent.parent), str(program.parent.parent)]
    wrap += ["--bind", str(scratch), str(scratch), "--chdir", str(scratch),
             "--setenv", "HOME", str(scratch / "home"), "--setenv", "TMPDIR", str(scratch / "tmp")]
    return [*wrap, "--", *command]


def convert_command(soffice: str, scratch: Path, outdir: Path, inputs: list[Path]) -> list[str]:
    """soffice converting `inputs`, in that order, to .docx in `outdir`, with the profile in `scratch`."""
    profile = (scratch / "profile").as_uri()
    return [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        _DOCX_FILTER,
        "--outdir",
        str(outdir),
        *map(str, inputs),
    ]


def _run(command: list[str], job: _Job) -> bool:
    """Run soffice in its own process group; False if it timed out and the group was killed."""
    proc = subprocess.Popen(
        command,
        cwd=job.scratch,
        env=scratch_env(job.scratch),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # soffice forks soffice.bin: kill the group, not one pid
        # Set between fork and exec; soffice is started from one thread (the bounded conversion child).
        preexec_fn=limit_memory(job.memory_mb),  # noqa: PLW1509
    )
    try:
        proc.wait(timeout=job.timeout)
        return True
    except subprocess.TimeoutExpired:
        return False
    finally:
        if proc.poll() is None:
            kill_group(proc.pid)
            proc.wait()


def scratch_env(scratch: Path) -> dict[str, str]:
    """soffice's environment: a scratch HOME and TMPDIR, so nothing of the user's is read or written,
    even without bubblewrap."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "SAL_USE_VCLPLUGIN")}
    env.update(HOME=str(scratch / "home"), TMPDIR=str(scratch / "tmp"))
    return env


def limit_memory(memory_mb: int):  # type: ignore[no-untyped-def]
    """A preexec function setting the child's address-space limit (soft; never above the hard one)."""

    def apply() -> None:
        if memory_mb:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))

    return apply


def kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group may already be gone
        os.killpg(pid, signal.SIGKILL)


def ascii_suffix(src: Path) -> str:
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
