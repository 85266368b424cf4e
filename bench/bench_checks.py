"""Speed of `pipeline check` on a synthetic site of 10,000 articles (run by `make bench`).

Builds the site with bench/synth.py in a temporary folder, commits it to a Git repository,
changes three articles on a branch (one edited and committed, one new near-copy of an existing
article committed, one edited but not committed), then runs the real command through
subprocess, as CI does:

- `pipeline check --changed-since main` (target: at most 1.5 s wall),
- `pipeline check` on the whole site (target: at most 30 s wall).

Prints a Markdown table with the measured numbers (median of three runs) and the targets.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth import make_site

N_ARTICLES = int(os.environ.get("BENCH_CHECK_ARTICLES", "10000"))
RUNS = 3
TARGET_CHANGED = 1.5
TARGET_ALL = 30.0
PIPELINE = ROOT / ".venv" / "bin" / "pipeline"


def _git(repo: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.vn",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.vn")
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def _run_check(repo: Path, *args: str) -> tuple[float, int, list[dict]]:
    command = [str(PIPELINE) if PIPELINE.exists() else "pipeline", "--config", str(ROOT / "editorial.yml"),
               "--content", "content", "check", "--format", "json", *args]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"pipeline check thất bại (mã {result.returncode}):\n{result.stderr}")
    return elapsed, result.returncode, json.loads(result.stdout)


def _change_three(repo: Path, paths: list[Path]) -> list[Path]:
    """Edit one article and commit, add a near-copy of another and commit, edit a third and leave it."""
    edited, original, pending = paths[10], paths[20], paths[30]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.rstrip("\n") + "\n\nBan Biên tập bổ sung: hoạt động được đoàn viên hưởng ứng.\n",
                      encoding="utf-8")
    copy = original.with_name(original.stem + "-ban-sao.md")
    source = original.read_text(encoding="utf-8")
    copy.write_text(source.replace(f"slug: {original.stem}", f"slug: {copy.stem}", 1), encoding="utf-8")
    _git(repo, "add", "content")
    _git(repo, "commit", "-q", "-m", "Sửa một bài, thêm một bài")
    text = pending.read_text(encoding="utf-8")
    pending.write_text(text.replace("đoàn viên", "đoàn viên công đoàn", 1), encoding="utf-8")
    return [edited, copy, pending]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bantin-bench-checks-") as tmp:
        repo = Path(tmp)
        start = time.perf_counter()
        paths = make_site(repo / "content", N_ARTICLES)
        built = time.perf_counter() - start
        _git(repo, "init", "-q", "-b", "main")
        _git(repo, "add", "content")
        _git(repo, "commit", "-q", "-m", "Trang tổng hợp")
        _git(repo, "checkout", "-q", "-b", "bai-moi")
        changed = _change_three(repo, paths)

        changed_runs = [_run_check(repo, "--changed-since", "main") for _ in range(RUNS)]
        all_runs = [_run_check(repo) for _ in range(RUNS)]

    changed_time = statistics.median(r[0] for r in changed_runs)
    all_time = statistics.median(r[0] for r in all_runs)
    changed_files = {f["file"] for f in changed_runs[0][2]}
    codes = sorted({f["code"] for f in changed_runs[0][2]})
    print(f"\nTrang tổng hợp: {len(paths)} bài (tạo trong {built:.0f} giây), {len(changed)} bài thay đổi; "
          f"máy {os.cpu_count()} lõi.\n")
    print("| Kiểm tra | Số bài | Thời gian (trung vị 3 lần) | Mục tiêu | Đạt |")
    print("|---|---:|---:|---:|---|")
    for label, count, took, target in (
        ("`pipeline check --changed-since main`", len(changed), changed_time, TARGET_CHANGED),
        ("`pipeline check` (toàn bộ trang)", len(paths) + 1, all_time, TARGET_ALL),
    ):
        verdict = "đạt" if took <= target else "KHÔNG ĐẠT"
        number = f"{count:,}".replace(",", ".")  # Vietnamese: 10.001 articles, 1,18 seconds
        seconds, limit = f"{took:.2f}".replace(".", ","), f"{target:g}".replace(".", ",")
        print(f"| {label} | {number} | {seconds} s | ≤ {limit} s | {verdict} |")
    print(f"\nPhát hiện trong các bài thay đổi: {len(changed_runs[0][2])} thông báo ({', '.join(codes) or 'không có'}) "
          f"ở {len(changed_files)} tệp; toàn bộ trang: {len(all_runs[0][2])} thông báo.")


if __name__ == "__main__":
    main()
