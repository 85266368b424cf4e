"""Speed of sniff() on hostile submissions: each must be classified or refused within 5 s.

The unit tests (tests/test_formats.py) check *what* sniff() says about these files; how long it takes
is measured here, never asserted in a unit test. Builds its own files in a temporary folder (an
entity-expansion "billion laughs" in [Content_Types].xml, a ZIP with too many members, a ZIP bomb)
and adds every file of ../shared/samples/hostile when that corpus sits beside the checkout.
Prints a Markdown table; exits 1 when a file misses the target.

    .venv/bin/python bench/bench_hostile.py
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import docx

from pipeline.convert import sniff as formats
from pipeline.convert.sniff import sniff

TARGET_S = 5.0
CORPUS = ROOT.parent / "shared" / "samples" / "hostile"


def _docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Bản tin Công đoàn tỉnh Bến Tre")
    document.save(str(path))
    return path


def billion_laughs(folder: Path) -> Path:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    laughs = (f'<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY l0 "lol">{entities}]>'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&l9;</Types>')
    source = _docx(folder / "nguon.docx")
    path = folder / "cuoi.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = laughs.encode() if info.filename == "[Content_Types].xml" else zin.read(info)
            zout.writestr(info.filename, data)
    return path


def too_many_entries(folder: Path) -> Path:
    path = folder / "nhieu-tep.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(formats.MAX_ZIP_ENTRIES + 1):
            zf.writestr(f"word/media/{i}.xml", b"")
    return path


def zip_bomb(folder: Path) -> Path:
    path = _docx(folder / "bom-nen.docx")
    chunk = bytes(1024 * 1024)
    with (zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
          zf.open("word/media/zeros.bin", "w", force_zip64=True) as member):
        for _ in range(formats.MAX_UNCOMPRESSED_BYTES // len(chunk) + 1):
            member.write(chunk)
    return path


def seconds(path: Path) -> float:
    started = time.perf_counter()
    sniff(path)
    return time.perf_counter() - started


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        folder = Path(tmp)
        files = [make(folder) for make in (billion_laughs, too_many_entries, zip_bomb)]
        if CORPUS.is_dir():
            files += sorted(p for p in CORPUS.iterdir() if p.is_file())
        rows = [(path.name, seconds(path)) for path in files]
    print(f"| sniff() trên tệp độc hại ({len(rows)} tệp) | đo được | mục tiêu | kết quả |")
    print("|---|---:|---:|---|")
    for name, took in rows:
        verdict = "đạt" if took <= TARGET_S else "KHÔNG ĐẠT"
        print(f"| {name} | {took:.3f} s | ≤ {TARGET_S:.0f} s | {verdict} |")
    return 0 if all(took <= TARGET_S for _, took in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
