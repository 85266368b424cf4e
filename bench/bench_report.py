"""Benchmark: `pipeline report --month` on a 10,000-article repository with 5 years of Git history.

Articles come from bench/synth.py (`make_site`); their dates are spread over five years by whole
52-week steps (same weekday, same season). The history is written with one `git fast-import` stream:
for each article a submission commit on a review branch and a --no-ff merge into main a few working
hours later, in publication order; the last 20 submissions stay on open `tin/*` branches.
Prints a Markdown table: measured wall time against the 5 s target.

    .venv/bin/python bench/bench_report.py [-n 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synth import make_site
from pipeline.content.frontmatter import load_articles
from pipeline.core.config import load_config

TARGET_S = 5.0
OPEN_BRANCHES = 20
_DATE_KEYS = re.compile(r"^(date|submitted_at|event_time): (\S+)$", re.MULTILINE)


def _spread_over_five_years(content: Path, rnd: random.Random) -> list[tuple[Path, datetime]]:
    """Shift each article back 0–3 years (52-week steps); move it into its new year folder."""
    out = []
    for article in load_articles(content):
        shift = timedelta(weeks=52 * rnd.randint(0, 3))
        text = article.path.read_text(encoding="utf-8")
        if shift:
            text = _DATE_KEYS.sub(lambda m, back=shift: f"{m[1]}: {(datetime.fromisoformat(m[2]) - back).isoformat(timespec='minutes')}", text)
        submitted = datetime.fromisoformat(_DATE_KEYS.search(text)[2])  # type: ignore[index]
        target = article.path.parent.parent / f"{submitted:%Y}" / article.path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target != article.path and target.exists():
            target = target.with_name(f"{target.stem}-{submitted:%Y%m%d}.md")
        article.path.unlink()
        target.write_text(text, encoding="utf-8")
        out.append((target, submitted))
    return out


def _data(text: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(text), text)


def build_repo(root: Path, n: int, seed: int = 7) -> Path:
    content = root / "content"
    t0 = time.perf_counter()
    make_site(content, n, seed)
    (root / ".synth-images").exists() and subprocess.run(["rm", "-rf", str(root / ".synth-images")], check=True)
    rnd = random.Random(seed)
    articles = sorted(_spread_over_five_years(content, rnd), key=lambda a: a[1])
    config = load_config(ROOT / "editorial.yml")
    cal = config.calendar
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    images = sorted(p for p in (content / "images").rglob("*") if p.is_file())
    image_blob = {}  # every photo is one of three hard-linked originals: one blob each
    stream = bytearray()
    mark = 0

    def blob(data: bytes) -> int:
        nonlocal mark
        mark += 1
        stream.extend(b"blob\nmark :%d\n" % mark + _data(data))
        return mark

    for p in images:
        key = p.stat().st_ino
        if key not in image_blob:
            image_blob[key] = blob(p.read_bytes())
    images_by_folder: dict[str, list[tuple[str, int]]] = {}
    for p in images:
        rel = p.relative_to(root).as_posix()
        images_by_folder.setdefault(p.parent.name, []).append((rel, image_blob[p.stat().st_ino]))

    def commit(ref: str, when: datetime, message: str, parents: list[str], files: list[tuple[str, int]]) -> int:
        nonlocal mark
        mark += 1
        stamp = f"{int(when.timestamp())} +0700".encode()
        stream.extend(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
        stream.extend(b"author Ban Bi\xc3\xaan t\xe1\xba\xadp <bbt@example.vn> " + stamp + b"\n")
        stream.extend(b"committer Ban Bi\xc3\xaan t\xe1\xba\xadp <bbt@example.vn> " + stamp + b"\n")
        stream.extend(_data(message.encode("utf-8")))
        if parents:
            stream.extend(b"from %s\n" % parents[0].encode())
            for other in parents[1:]:
                stream.extend(b"merge %s\n" % other.encode())
        for path, blob_mark in files:
            stream.extend(b"M 100644 :%d %s\n" % (blob_mark, path.encode("utf-8")))
        return mark

    start = articles[0][1] - timedelta(days=7)
    main_tip = commit("refs/heads/main", start, "Khởi tạo trang", [], [])
    merged = articles[:-OPEN_BRANCHES]
    plan = []
    for path, submitted in merged:
        merge_at = cal.add_working_hours(submitted, rnd.uniform(0.5, 16))
        plan.append((merge_at, path, submitted))
    plan.sort(key=lambda x: x[0])
    for merge_at, path, submitted in plan:
        rel = path.relative_to(root).as_posix()
        files = [(rel, blob(path.read_bytes()))] + images_by_folder.get(path.stem, [])
        branch = commit("refs/heads/tmp-review", submitted, f"Tin mới: {path.stem}", [f":{main_tip}"], files)
        main_tip = commit("refs/heads/main", merge_at, f"Duyệt tin: {path.stem}", [f":{main_tip}", f":{branch}"], files)
    for path, submitted in articles[-OPEN_BRANCHES:]:
        rel = path.relative_to(root).as_posix()
        ref = f"refs/heads/tin/{submitted:%Y-%m-%d}-{path.stem[:40]}"
        commit(ref, submitted, f"Tin mới: {path.stem}", [f":{main_tip}"], [(rel, blob(path.read_bytes()))])
        path.unlink()  # on its branch only, not yet on main
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=bytes(stream), check=True)
    subprocess.run(["git", "-C", str(root), "update-ref", "-d", "refs/heads/tmp-review"], check=True)
    subprocess.run(["git", "-C", str(root), "reset", "-q", "main"], check=True)
    print(f"(kho thử: {n} bài, {len(plan) * 2 + 1 + OPEN_BRANCHES} commit, "
          f"{articles[0][1]:%m/%Y}–{articles[-1][1]:%m/%Y}, dựng trong {time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return content


def time_report(root: Path, month: str, fmt: str, now: str) -> float:
    env = dict(os.environ, BANTIN_NOW=now, BANTIN_CONFIG=str(ROOT / "editorial.yml"))
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pipeline", "--content", "content", "report", "--month", month,
                               "--format", fmt], cwd=root, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            raise SystemExit(f"pipeline report thất bại:\n{done.stderr}")
        best = min(best, elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description="Đo tốc độ pipeline report trên kho 10.000 bài, 5 năm lịch sử.")
    parser.add_argument("-n", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        root = Path(tmp) / "trang"
        build_repo(root, args.n)
        rows = []
        for fmt in ("markdown", "html", "json"):
            seconds = time_report(root, "2026-03", fmt, "2026-03-31T17:00")
            rows.append((fmt, seconds))
    print()
    print(f"| pipeline report --month 2026-03 ({args.n:,} bài, 5 năm lịch sử Git) | đo được | mục tiêu | kết quả |")
    print("|---|---:|---:|---|")
    for fmt, seconds in rows:
        verdict = "đạt" if seconds <= TARGET_S else "KHÔNG ĐẠT"
        print(f"| --format {fmt} | {seconds:.2f} s | ≤ {TARGET_S:.0f} s | {verdict} |")


if __name__ == "__main__":
    main()
