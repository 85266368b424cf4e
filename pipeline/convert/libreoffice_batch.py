"""Convert several .doc/.odt/.rtf files with one LibreOffice, falling back to one per file.

Starting soffice costs about 1.2 CPU seconds and 2–3 s of wall time whatever the document; one
`soffice --convert-to docx a b c …` pays it once. The price of sharing a process is that one bad
file could stop the others, so a file that misbehaves costs only its own refusal:

- soffice converts the files in command-line order. A file is finished when its output appears
  in the output folder, when soffice names a later file ("convert … -> …" on stdout, unbuffered),
  reports that a later file could not be loaded, or exits 0. Each file has its own deadline
  (the per-file LibreOffice timeout), counted from when the previous one finished.
- When a file overruns its deadline, or soffice crashes or hits its memory limit (RLIMIT_AS, as
  for one file), the whole process group is killed. The files finished before are kept; the file
  in progress is left to `libreoffice.convert_to_docx` alone, in its own sandbox, exactly as
  without batches (its refusal, with its own deadline, is today's); the files after it go to a
  new batch under the same rules.
- A file the batch could not convert (not loaded, no output, an output that is not a .docx) is
  also left to the one-file path, which refuses it with today's message or converts it.

So the batch never refuses anything: it only saves LibreOffice starts. The sandbox is the one-file
sandbox (`libreoffice.sandboxed`): no network, and a fresh scratch folder, profile, HOME and TMPDIR
per run, which holds only copies of the run's files under neutral names (`doc-000.doc` …), never the
contributors' names (two submissions may both be called bai.doc); outputs are mapped back by them.
"""

from __future__ import annotations

import os
import re
import selectors
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.convert.libreoffice import (
    ascii_suffix,
    convert_command,
    find_soffice,
    kill_group,
    limit_memory,
    prepare_scratch,
    sandbox_kind,
    sandboxed,
    scratch_env,
)
from pipeline.convert.sniff import MAX_FILE_BYTES, Kind, sniff
from pipeline.core.safeio import UnsafeFile, read_regular

# Files per soffice run. LibreOffice's memory stayed flat over 40 bench documents with photos
# (VmPeak 644 MiB, RSS 240 MiB under the 1 GiB RLIMIT_AS), and 16 files bring a start's
# 1.2 CPU seconds down to under 0.1 s per file; a killed run repeats at most 15 files' work.
BATCH_SIZE = 16
_TICK = 0.05  # seconds between looks at the output folder
_LONGEST_LINE = 64 * 1024
_CONVERTED = re.compile(rb"^convert (.+) -> .+ using filter")
_NOT_LOADED = b"Error: source file could not be loaded"


def convert_batch(sources: list[Path], workdir: Path, timeout: float, memory_mb: int,
                  size: int = BATCH_SIZE) -> list[Path | None]:
    """Per source, in order: its .docx (under `workdir`), or None: convert it alone.

    `timeout` bounds each file (from the end of the previous one), `memory_mb` the soffice process.
    """
    results: list[Path | None] = [None] * len(sources)
    soffice = find_soffice()
    if soffice is None:
        return results  # the one-file path says LibreOffice is missing
    sandbox = sandbox_kind()
    queue = list(range(len(sources)))
    runs = 0
    while len(queue) >= 2:  # a batch of one is the one-file path
        chunk, rest = queue[:size], queue[size:]
        run = _Run(soffice, sandbox, workdir / f"run-{runs}", timeout, memory_mb)
        runs += 1
        finished, stopped = run.convert([sources[i] for i in chunk])
        for k, path in finished.items():
            results[chunk[k]] = path
        # The file in progress goes alone (left None); the ones after it to a new batch.
        queue = (chunk[stopped + 1:] if stopped is not None else []) + rest
    return results


@dataclass
class _Run:
    """One soffice over a few files, in its own scratch folder and sandbox; outputs kept in `results`."""

    soffice: str
    sandbox: str
    results: Path
    timeout: float
    memory_mb: int
    scratch: Path = Path()
    staged: list[Path | None] = field(default_factory=list)

    @property
    def outdir(self) -> Path:
        return self.scratch / "out"

    def convert(self, sources: list[Path]) -> tuple[dict[int, Path], int | None]:
        """The outputs of the files converted, by position, and the position of the file that
        stopped the run (None when it ended cleanly)."""
        # A scratch folder like the one-file path's, at the same depth and beside the copies as its
        # input.doc is: LibreOffice writes relative links relative to where the file was.
        with tempfile.TemporaryDirectory(prefix="bantin-lo-") as scratch:
            self.scratch = Path(scratch).resolve()
            prepare_scratch(self.scratch)
            self.outdir.mkdir()
            self.staged = [self._stage(k, src) for k, src in enumerate(sources)]
            inputs = [p for p in self.staged if p is not None]
            if len(inputs) < 2:
                return {}, None
            command = sandboxed(self.soffice, self.scratch, self.sandbox,
                                convert_command(self.soffice, self.scratch, self.outdir, inputs))
            try:
                done, clean = self._watch(command, inputs)
            except OSError:
                return {}, None  # soffice did not start: the one-file path says so, file by file
            return self._keep(inputs[: len(inputs) if clean else done]), (
                None if clean or done >= len(inputs) else self.staged.index(inputs[done]))

    def _keep(self, finished: list[Path]) -> dict[int, Path]:
        """The finished files' outputs, moved out of the scratch folder into `results`."""
        kept = {}
        self.results.mkdir(parents=True, exist_ok=True)
        for staged in finished:
            produced = self.outdir / f"{staged.stem}.docx"
            # LibreOffice exits 0 even when it cannot load a file: judge by the output.
            if produced.is_file() and sniff(produced).value is Kind.DOCX:
                kept[self.staged.index(staged)] = Path(shutil.move(produced, self.results / produced.name))
        return kept

    def _stage(self, k: int, src: Path) -> Path | None:
        """A copy of `src` under a neutral name; None (convert it alone) when it cannot be read."""
        target = self.scratch / f"doc-{k:03d}{ascii_suffix(src)}"
        try:
            target.write_bytes(read_regular(src, MAX_FILE_BYTES))
        except (OSError, UnsafeFile):
            return None
        return target

    def _watch(self, command: list[str], inputs: list[Path]) -> tuple[int, bool]:
        """Run soffice and follow it file by file: how many files finished, and whether it exited 0.

        Killed (the whole process group) when the file in progress overruns its deadline, or when
        soffice has not exited one deadline after its last file (the files are all kept then).
        """
        proc = subprocess.Popen(
            command, cwd=self.scratch, env=scratch_env(self.scratch), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True,  # soffice forks soffice.bin: kill the group, not one pid
            preexec_fn=limit_memory(self.memory_mb),  # noqa: PLW1509 - started from one thread
        )
        progress = _Progress([str(p) for p in inputs])
        assert proc.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        pending = b""
        try:
            while True:
                if progress.overdue(self.timeout):
                    return progress.done, False
                open_pipe = bool(selector.get_map())
                if open_pipe and selector.select(_TICK):
                    chunk = os.read(proc.stdout.fileno(), 65536)
                    if not chunk:
                        selector.unregister(proc.stdout)
                    *lines, pending = (pending + chunk).split(b"\n")
                    pending = pending[-_LONGEST_LINE:]  # a line that never ends is noise, not progress
                    for line in lines:
                        progress.line(line)
                elif not open_pipe:
                    time.sleep(_TICK)
                progress.outputs(self.outdir)
                if not selector.get_map() and proc.poll() is not None:
                    if pending:
                        progress.line(pending)
                    return progress.done, proc.returncode == 0
        finally:
            selector.close()
            if proc.poll() is None:
                kill_group(proc.pid)
            proc.wait()
            proc.stdout.close()


class _Progress:
    """Which of soffice's files (in command-line order) are finished, and since when it works on
    the next one."""

    def __init__(self, inputs: list[str]) -> None:
        self.inputs = inputs
        self.done = 0  # files 0 … done-1 are finished
        self.loaded = False  # soffice has loaded file `done` and is writing it
        self.since = time.monotonic()

    def overdue(self, timeout: float) -> bool:
        """The file in progress overran its deadline, or soffice did not exit within one after the last."""
        return time.monotonic() - self.since > timeout

    def line(self, line: bytes) -> None:
        converted = _CONVERTED.match(line.strip())
        if converted:
            name = os.fsdecode(converted.group(1))
            if name in self.inputs and self.inputs.index(name) >= self.done:
                self._finished(self.inputs.index(name))
                self.loaded = True
        elif line.strip().startswith(_NOT_LOADED):
            # The file that failed to load is the one after the file being written, if any.
            self._finished(self.done + (2 if self.loaded else 1))

    def outputs(self, outdir: Path) -> None:
        """A file's output appears (by rename, whole) once it is written: it and all before are done."""
        try:
            present = set(os.listdir(outdir))
        except OSError:
            return
        for k in range(len(self.inputs) - 1, self.done - 1, -1):
            if f"{Path(self.inputs[k]).stem}.docx" in present:
                self._finished(k + 1)
                return

    def _finished(self, count: int) -> None:
        count = min(count, len(self.inputs))
        if count > self.done:
            self.done, self.loaded, self.since = count, False, time.monotonic()
