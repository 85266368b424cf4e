"""Ingest throughput (run by `make bench`): a batch of realistic Word files, one core against all cores.

Writes BENCH_INGEST_DOCS (default 200) .docx files of about 1,000 words with one or two photos each
(python-docx, text from bench/synth.py; natural-looking photos from bench/natural_photos.py, two in
five of them 4000 × 3000 phone photos with EXIF and GPS, the others 1,200–2,048 px; with
BENCH_INGEST_PHOTOS=noise, the 2,000 × 1,500 noise photos of the earlier benches instead) and BENCH_INGEST_LEGACY (default 20) Word 97 .doc files
(LibreOffice converts a few of the .docx once), then times the real command, `pipeline ingest`, in a
fresh copy of that inbox:

- with the default (one conversion per core), and with one at a time (BANTIN_INGEST_WORKERS=1) when
  BENCH_INGEST_SERIAL=1 (the docs-per-CPU-second column already shows the cost of a conversion);
- pandoc, one process per file, over the same .docx (`pandoc -t markdown --extract-media`), the
  issue's point of comparison (it cannot read .doc);
- the .doc batch (LibreOffice once per group of up to 16 files, convert/libreoffice_batch.py).

Each measurement runs BENCH_RUNS times (default 3), the tools taking turns within a round so that
bantin and pandoc share the machine's load; the table gives the median. Wall and CPU seconds and
peak RSS come from GNU time (the peak is the largest single process: the parent or one conversion
child, the largest over the runs); the 1-minute load average at the start of each run is recorded.
Prints a Markdown table and writes build/bench/ingest.json. Target (issue 11): at least 2× pandoc's
documents per second, peak RSS at most 200 MiB. `python bench/bench_ingest.py --docs [JSON]` copies
the table of the last run into docs/benchmarks.md (run `make bench` under `nice` on a shared machine).
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docx import Document
from docx.shared import Inches
from PIL import Image

from bench import natural_photos
from bench.synth import SENTENCES, _fill
from pipeline.core.dates import TZ

DOCS = int(os.environ.get("BENCH_INGEST_DOCS", "200"))
RUNS = max(1, int(os.environ.get("BENCH_RUNS", "3")))
SERIAL = os.environ.get("BENCH_INGEST_SERIAL", "") == "1"  # also one conversion at a time (slow)
NOISE = os.environ.get("BENCH_INGEST_PHOTOS", "natural") == "noise"  # the earlier benches' photos
LEGACY = int(os.environ.get("BENCH_INGEST_LEGACY", "20"))
OUT = ROOT / "build" / "bench" / "ingest.json"
PIPELINE = ROOT / ".venv" / "bin" / "pipeline"
NOW = "2026-03-20T08:00"
TABLE = {
    "Đơn vị": "LĐLĐ huyện Ba Tri", "Lĩnh vực": "Tuyên giáo – Nữ công", "Loại tin": "Tin sự kiện",
    "Thời gian sự kiện": "8 giờ 30, ngày 04/3/2026", "Thời gian gửi": "15:00 04/03/2026",
    "Người viết": "Trần Thị Hồng", "Chức danh": "Cán bộ LĐLĐ huyện", "Lãnh đạo duyệt": "Nguyễn Văn Bình",
}
BEGIN, END = "<!-- bench:ingest:begin -->", "<!-- bench:ingest:end -->"
TARGET_RATIO = 2.0
TARGET_RSS_MIB = 200


def _photo(rnd: random.Random) -> bytes:
    """A contributor's photo: a phone's 4000 × 3000 JPEG (EXIF, GPS) or an already smaller one."""
    if NOISE:
        return _noise_photo(rnd)
    if rnd.random() < 0.4:
        exif = Image.Exif()
        exif[0x010F], exif[0x0110] = "PhoneCo", "Model 12"  # Make, Model
        exif[0x8825] = {1: "N", 2: (10.0, 14.0, 30.0), 3: "E", 4: (106.0, 22.0, 15.0)}  # GPS IFD
        return natural_photos.jpeg(rnd, natural_photos.PHONE, quality=90, exif=exif)
    size = rnd.choice([s for s in natural_photos.SIZES if s != natural_photos.PHONE])
    return natural_photos.jpeg(rnd, size, quality=rnd.choice((85, 90)))


def _noise_photo(rnd: random.Random) -> bytes:
    """A 2,000 × 1,500 JPEG with noise: the worst case for JPEG, what the earlier benches used."""
    noise = Image.effect_noise((2000, 1500), rnd.randint(20, 60)).convert("RGB")
    tint = Image.new("RGB", noise.size, (rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(0, 255)))
    buf = io.BytesIO()
    Image.blend(noise, tint, 0.4).save(buf, "JPEG", quality=88)
    return buf.getvalue()


def make_docx(path: Path, n: int) -> None:
    rnd = random.Random(n)
    when = datetime(2026, 3, 1 + n % 28, 8, 30, tzinfo=TZ)
    doc = Document()
    table = doc.add_table(rows=0, cols=2)
    for label, value in TABLE.items():
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.add_heading(f"Hoạt động công đoàn cơ sở số {n}: {_fill(rnd.choice(SENTENCES), rnd, 'LĐLĐ huyện Ba Tri', when)[:60]}", 1)
    words, photos = 0, rnd.randint(1, 2)
    while words < 1000:
        text = " ".join(_fill(s, rnd, "LĐLĐ huyện Ba Tri", when) for s in rnd.sample(SENTENCES, 3))
        doc.add_paragraph(text)
        words += len(text.split())
        if photos and words > 300 * (3 - photos):
            doc.add_picture(io.BytesIO(_photo(rnd)), width=Inches(5))
            doc.add_paragraph(f"Ảnh: quang cảnh buổi sinh hoạt số {n}-{photos}.")
            photos -= 1
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def _timed(command: list[str], env: dict[str, str], cwd: Path) -> dict:
    times = cwd / "time.txt"
    load = round(os.getloadavg()[0], 2)
    subprocess.run(["/usr/bin/time", "-o", str(times), "-f", "%e %U %S %M", *command], env=env, cwd=cwd,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall, user, system, rss = times.read_text().split()[-4:]
    return {"wall_s": float(wall), "cpu_s": round(float(user) + float(system), 2),
            "peak_rss_mib": round(int(rss) / 1024, 1), "load": load}


def ingest(inbox: Path, work: Path, workers: str) -> dict:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(inbox, work / "submissions")
    (work / "content").mkdir()
    env = dict(os.environ, BANTIN_NOW=NOW, BANTIN_INGEST_WORKERS=workers, PYTHONPATH=str(ROOT))
    command = [str(PIPELINE) if PIPELINE.exists() else "pipeline", "--config", str(ROOT / "editorial.yml"),
               "--content", "content", "--inbox", "submissions", "ingest"]
    result = _timed(command, env, work)
    result["articles"] = len(list((work / "content").rglob("*.md")))
    return result


def pandoc(inbox: Path, work: Path) -> dict | None:
    if shutil.which("pandoc") is None:
        return None
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    script = ('for f in "$@"; do b=$(basename "$f" .docx); '
              'pandoc -f docx -t markdown --extract-media="media/$b" -o "$b.md" "$f"; done')
    files = sorted(str(p) for p in inbox.glob("*.docx"))
    result = _timed(["sh", "-c", script, "sh", *files], dict(os.environ), work)
    result["articles"] = len(list(work.glob("*.md")))
    return result


def make_legacy(docx_inbox: Path, target: Path, count: int) -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or count == 0:
        return 0
    target.mkdir(parents=True, exist_ok=True)
    sources = sorted(docx_inbox.glob("*.docx"))[:count]
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "doc",
                        "--outdir", str(target), *map(str, sources)], check=True, capture_output=True, timeout=1800)
    return len(list(target.glob("*.doc")))


def _rate(result: dict | None, count: int) -> float | None:
    return round(count / result["wall_s"], 2) if result and result["wall_s"] else None


def _cpu_rate(result: dict | None, count: int) -> float | None:
    return round(count / result["cpu_s"], 2) if result and result["cpu_s"] else None


def median_of(runs: list[dict]) -> dict | None:
    """Median wall and CPU seconds of the runs, the largest peak RSS, and every run's load."""
    if not runs or any(run is None for run in runs):
        return None
    return {"wall_s": round(statistics.median(r["wall_s"] for r in runs), 2),
            "cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 2),
            "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
            "load": [r["load"] for r in runs], "articles": min(r["articles"] for r in runs), "runs": runs}


def _load(result: dict) -> str:
    loads = result["load"] if isinstance(result["load"], list) else [result["load"]]
    return f"{min(loads):g}–{max(loads):g}" if len(loads) > 1 else f"{loads[0]:g}"


def table(data: dict) -> str:
    runs = data.get("runs", 1)
    intro = (f"Measured {data['measured']} on {data['cores']} shared cores, median of {runs} run"
             f"{'s' if runs > 1 else ''} (bantin and pandoc take turns within each round). docs/s (wall) "
             "depends on how busy the machine was (load = 1-minute load average at the start of each run); "
             "docs per CPU-second does not. Photos: "
             + ("2,000 × 1,500 noise (the earlier benches' worst case)." if data.get("photos") == "noise" else
                "natural-looking (bench/natural_photos.py), 4 in 10 of them 4000 × 3000 phone photos with GPS."))
    rows = [intro, "", "| Work | Documents | docs/s (wall) | docs per CPU-second | wall | CPU | peak RSS | load |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    labels = {"parallel": "bantin ingest, one per core", "pandoc": "pandoc, one process per file",
              "serial": "bantin ingest, one conversion at a time",
              "legacy": "bantin ingest of .doc (LibreOffice), one per core"}
    for key, label in labels.items():
        result = data.get(key)
        if not result:
            continue
        count = data["legacy_docs"] if key == "legacy" else data["docs"]
        rows.append(f"| {label} | {count} | {_rate(result, count)} | {_cpu_rate(result, count)} | "
                    f"{result['wall_s']:.1f} s | {result['cpu_s']:.1f} s | {result['peak_rss_mib']:.0f} MiB | "
                    f"{_load(result)} |")
    ratio = (_rate(data.get("parallel"), data["docs"]) or 0) / (_rate(data.get("pandoc"), data["docs"]) or 1)
    cpu_ratio = (_cpu_rate(data.get("parallel"), data["docs"]) or 0) / (_cpu_rate(data.get("pandoc"), data["docs"]) or 1)
    rss = max((data.get(k) or {}).get("peak_rss_mib", 0) for k in ("serial", "parallel"))
    rows.append("")
    rows.append(f"Target: ≥ {TARGET_RATIO}× pandoc's docs/s — measured {ratio:.2f}× "
                f"({'ĐẠT' if ratio >= TARGET_RATIO else 'KHÔNG ĐẠT'}; per CPU-second {cpu_ratio:.2f}×); "
                f"peak RSS ≤ {TARGET_RSS_MIB} MiB — measured {rss:.0f} MiB "
                f"({'ĐẠT' if rss <= TARGET_RSS_MIB else 'KHÔNG ĐẠT'}).")
    return "\n".join(rows)


def write_docs(text: str) -> None:
    """The table into docs/benchmarks.md between its markers (the documented figures are measured ones)."""
    docs = ROOT / "docs" / "benchmarks.md"
    page = docs.read_text(encoding="utf-8")
    start, end = page.index(BEGIN) + len(BEGIN), page.index(END)
    docs.write_text(page[:start] + "\n" + text + "\n" + page[end:], encoding="utf-8")


def main() -> int:
    if sys.argv[1:2] == ["--docs"]:  # only copy the table of the last run (or of the JSON given) into the docs
        source = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
        write_docs(table(json.loads(source.read_text(encoding="utf-8"))))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        base = Path(tmp)
        inbox = base / "docx"
        for n in range(DOCS):
            make_docx(inbox / f"bai-{n:04d}.docx", n)
        legacy = base / "doc"
        data: dict = {"docs": DOCS, "cores": os.cpu_count(), "runs": RUNS, "photos": "noise" if NOISE else "natural",
                      "legacy_docs": make_legacy(inbox, legacy, LEGACY)}
        rounds: dict[str, list] = {"parallel": [], "pandoc": [], "serial": [], "legacy": []}
        for _ in range(RUNS):  # the tools take turns, so that each round's load falls on all of them
            rounds["parallel"].append(ingest(inbox, base / "parallel", ""))
            rounds["pandoc"].append(pandoc(inbox, base / "pandoc"))
            if SERIAL:
                rounds["serial"].append(ingest(inbox, base / "serial", "1"))
            if data["legacy_docs"]:
                rounds["legacy"].append(ingest(legacy, base / "legacy", ""))
        data.update({key: median_of(runs) for key, runs in rounds.items()})
        data["measured"] = datetime.now(TZ).isoformat(timespec="minutes")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
