"""Before a batch's conversions start, its .doc/.odt/.rtf files go through shared LibreOffice runs.

One soffice per few files instead of one per file (convert.libreoffice_batch, which says how a
file that hangs or crashes LibreOffice costs only its own refusal). The .docx made of a file is
kept as `<work tmp>/libreoffice/<sha256 of the file>.docx`, where its submission's conversion child
finds it (`converted_for`) and skips soffice; a file without one is converted alone, as before, by
its own child. Keyed by content, two submissions with the same file name never mix.

The groups run in bounded children (intake.bounded), one per core like the conversions: the
parent never parses a contributor's file itself, and a group that overruns its time is killed
with what it had not finished left to the one-file path.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Container
from pathlib import Path

from pipeline.convert import libreoffice
from pipeline.convert.libreoffice_batch import convert_batch
from pipeline.convert.read import ready_for_libreoffice
from pipeline.convert.sniff import MAX_FILE_BYTES
from pipeline.core.safeio import UnsafeFile, sha256_regular
from pipeline.intake.bounded import start_bounded
from pipeline.intake.inbox import Submission
from pipeline.intake.limits import Limits

# Only names that promise a LibreOffice format are sent ahead (the child sniffs them again); a
# renamed file is simply converted alone.
_SUFFIXES = (".doc", ".odt", ".rtf")
_FOLDER = "libreoffice"


def converted_for(tmp: Path, sha: str) -> Path | None:
    """The .docx a shared run made of the file with this hash, if any."""
    path = tmp / _FOLDER / f"{sha}.docx"
    return path if path.is_file() else None


def convert_ahead(subs: list[Submission], tmp: Path, limits: Limits, workers: int,
                  known: Container[str] = ()) -> None:
    """Convert the submissions' LibreOffice files ahead, in up to `workers` groups at once.

    Files whose hash is `known` (already published: duplicates) are left out. Does nothing for
    fewer than two files (a batch of one is the one-file path).
    """
    files: dict[str, Path] = {}
    for sub in subs:
        if sub.problems or sub.document is None or not sub.document.name.lower().endswith(_SUFFIXES):
            continue
        try:
            sha = sha256_regular(sub.document, MAX_FILE_BYTES)
        except (OSError, UnsafeFile):
            continue  # its own conversion reports it
        if sha not in known:
            files.setdefault(sha, sub.document)
    if len(files) < 2:
        return
    libreoffice.sandbox_kind()  # probed once here: every child forked from now on knows the answer
    items = list(files.items())
    count = max(1, min(workers, len(items) // 2))  # every group at least two files
    groups = [items[g::count] for g in range(count)]
    running = [
        start_bounded(_convert_group, (group, tmp / _FOLDER, f"group-{g}", limits),
                      # each file has its own LibreOffice deadline inside; this only bounds the child
                      limits.libreoffice_seconds * (len(group) + 1) + 60, limits.conversion_memory_mb)
        for g, group in enumerate(groups)
    ]
    for group in running:
        group.result()  # a group that failed leaves its files to their own conversions


def discard(tmp: Path) -> None:
    """Remove what the shared runs made (once the batch is over)."""
    shutil.rmtree(tmp / _FOLDER, ignore_errors=True)


def _convert_group(items: list[tuple[str, Path]], folder: Path, name: str, limits: Limits) -> None:
    """In a bounded child: convert the group's files and keep each .docx under its file's hash."""
    ready = [(sha, path) for sha, path in items if ready_for_libreoffice(path, limits.max_xml_bytes)]
    workdir = folder / name
    made = convert_batch([path for _, path in ready], workdir, float(limits.libreoffice_seconds),
                         limits.libreoffice_memory_mb)
    for (sha, _), produced in zip(ready, made, strict=True):
        if produced is not None:
            os.replace(produced, folder / f"{sha}.docx")  # one rename: never half a file
    shutil.rmtree(workdir, ignore_errors=True)
