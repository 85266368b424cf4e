"""Speed of the Git workflow: CODEOWNERS over a large site (CI runs --check on every pull request),
and one `pipeline submit` end to end (ingest, checks, branch, commit) in a real repository.

Run: .venv/bin/python bench/bench_git_workflow.py  (also part of `make bench`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.core.config import load_config
from pipeline.workflow import codeowners
from tests.docxfactory import UNIT_TABLE, make_docx
from tests.test_submit import make_project


def synthetic_site(content: Path, n: int, topics: list[str]) -> None:
    for i in range(n):
        topic = topics[i % len(topics)]
        unit = "cd-dong-khoi" if i % 50 == 0 else "ldld-ba-tri"  # 2 % from a special unit
        path = content / topic / "2026" / f"bai-{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: Bài {i}\nslug: bai-{i}\ndate: '2026-03-04T15:00+07:00'\nkind: news\n"
                        f"unit: {unit}\ntopic: {topic}\neditor: x\n---\n\nNội dung {i}.\n", encoding="utf-8")


def main() -> None:
    config = load_config(ROOT / "editorial.yml")
    rows = []
    for n in (1000, 10000):
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            synthetic_site(content, n, list(config.topics))
            start = time.perf_counter()
            text = codeowners.generate(config, content)
            rows.append((f"pipeline codeowners, {n} bài", time.perf_counter() - start, f"{len(codeowners.parse(text))} quy tắc"))
    with tempfile.TemporaryDirectory() as tmp:
        _, work = make_project(Path(tmp))
        make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE, image_caption="Quang cảnh")
        env = {k: v for k, v in os.environ.items() if not k.startswith("BANTIN_")}
        env.update(BANTIN_NOW="2026-03-05T09:00", BANTIN_CONFIG=str(work / "editorial.yml"))
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pipeline", "submit"], cwd=work, env=env,
                              check=False, capture_output=True, text=True, timeout=600)
        rows.append(("pipeline submit, 1 tệp .docx có ảnh", time.perf_counter() - start, f"mã thoát {done.returncode}"))
    print("\nQuy trình Git (bench_git_workflow)")
    print(f"{'phép đo':<40} {'giây':>8}  ghi chú")
    for name, seconds, note in rows:
        print(f"{name:<40} {seconds:>8.2f}  {note}")


if __name__ == "__main__":
    main()
