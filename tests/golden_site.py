"""A small site built page by page against a golden copy, so speed work never changes what readers see.

`build_corpus(content)` writes 36 synthetic articles (bench/synth.py, fixed seed) plus the real static
pages, with one article of each lifecycle case the theme treats differently (withdrawn, corrected,
draft, scheduled). `snapshot(output)` reads a built site into {path: normalised text}: whitespace
between tags and runs of whitespace do not count, everything else does; binary files count by their
SHA-256 (the contributors' Word template, rebuilt with a fresh timestamp each time, by its presence),
and the sitemap's build-time dates of listing pages are masked.

The golden copy (tests/fixtures/site-golden.json.xz) was produced by the build as it was before the
build was made incremental. When a change to the site's output is intended, refresh it on purpose
with `make site-golden` and commit it with the change that explains why.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "fixtures" / "site-golden.json.xz"
ARTICLES = 36
SEED = 7
# Every build of the golden site runs "as of" this moment (scheduled articles stay scheduled).
NOW = "2026-11-01T08:00"
TEXT_SUFFIXES = {".html", ".xml", ".txt", ".css", ".js", ".json", ".svg", ".webmanifest"}
UNSTABLE_BINARIES = {".docx"}  # zip timestamps change on every build


def build_corpus(content: Path) -> list[Path]:
    """Write the golden site's sources under `content` and return the article paths."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.synth import make_site

    paths = make_site(content, ARTICLES, seed=SEED)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    _front_matter(paths[3], "withdrawn: true\nwithdrawn_reason: Thông tin chưa được kiểm chứng.\n")
    _front_matter(paths[5], "updated: 2026-04-02T09:00+07:00\ncorrection: Sửa số đoàn viên tham dự.\n")
    _front_matter(paths[8], "status: draft\n")
    _front_matter(paths[11], "", date="2026-12-24T08:00+07:00")  # after NOW: scheduled
    return paths


def _front_matter(path: Path, extra: str, date: str | None = None) -> None:
    text = path.read_text(encoding="utf-8")
    if date is not None:
        text = re.sub(r"^date: .*$", f"date: {date}", text, count=1, flags=re.MULTILINE)
    path.write_text("---\n" + extra + text[len("---\n"):], encoding="utf-8")


def normalise(text: str) -> str:
    """Whitespace between tags and runs of whitespace do not matter; one tag boundary per line for diffs."""
    text = re.sub(r">\s+<", "><", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace("><", ">\n<")


def snapshot(output: Path) -> dict[str, str]:
    pages: dict[str, str] = {}
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        name = path.relative_to(output).as_posix()
        if path.suffix in TEXT_SUFFIXES:
            pages[name] = normalise(path.read_text(encoding="utf-8"))
            if name == "sitemap.xml":  # index pages carry the build's wall-clock time (naive, "-00:00")
                pages[name] = re.sub(r"<lastmod>[^<]*-00:00</lastmod>", "<lastmod>(build time)</lastmod>",
                                     pages[name])
        elif path.suffix in UNSTABLE_BINARIES:
            pages[name] = "(binary)"
        else:
            pages[name] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    return pages


def load_golden() -> dict[str, str]:
    return json.loads(lzma.decompress(GOLDEN.read_bytes()).decode("utf-8"))


def write_golden(pages: dict[str, str]) -> None:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(pages, ensure_ascii=False, indent=0, sort_keys=True).encode("utf-8")
    GOLDEN.write_bytes(lzma.compress(data, preset=9))


def main() -> int:
    """`make site-golden`: rebuild the golden site with the current code and store it."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        content, output = Path(tmp) / "content", Path(tmp) / "output"
        build_corpus(content)
        env = dict(os.environ, BANTIN_CONTENT=str(content), BANTIN_OUTPUT=str(output), BANTIN_NOW=NOW,
                   BANTIN_CONFIG=str(ROOT / "editorial.yml"))
        env.pop("BANTIN_PREVIEW", None)
        subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "pelicanconf.py"), "--fatal", "errors",
                        "-q"], check=True, cwd=ROOT, env=env)
        pages = snapshot(output)
    write_golden(pages)
    print(f"Đã lưu bản mẫu {len(pages)} tệp vào {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
