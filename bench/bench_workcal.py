"""Speed of the working-hours calendar: 10,000 articles with spans of about ten weeks each.

Deadlines and the reports count office hours between two moments for every article; stepping minute
by minute would take minutes, stepping day by day takes well under a second. Target: 15 s for the
whole loop on the 2-core reference machine (moved here from tests/test_workcal.py: no timing asserts
in unit tests). Prints a Markdown table; exits 1 when the target is missed.

    .venv/bin/python bench/bench_workcal.py
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.core.workcal import TZ, WorkCalendar

TARGET_S = 15.0
ARTICLES = 10_000


def main() -> int:
    calendar = WorkCalendar()
    base = datetime(2026, 1, 5, 9, tzinfo=TZ)
    started = time.perf_counter()
    for i in range(ARTICLES):
        start = base + timedelta(hours=7 * (i % 300))
        end = calendar.add_working_hours(start, 400)  # about ten weeks of office time
        calendar.working_hours_between(start, end)
    took = time.perf_counter() - started
    verdict = "đạt" if took <= TARGET_S else "KHÔNG ĐẠT"
    print("| lịch làm việc | đo được | mục tiêu | kết quả |")
    print("|---|---:|---:|---|")
    print(f"| {ARTICLES:,} bài, mỗi bài cộng rồi đếm 400 giờ làm việc | {took:.2f} s | ≤ {TARGET_S:.0f} s | {verdict} |")
    return 0 if took <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
