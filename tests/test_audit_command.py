"""`pipeline audit` (make audit): the Lighthouse scores table and its exit code.

Lighthouse itself is an npm tool that `make audit` installs; here a small stand-in program in its
place writes the JSON report Lighthouse writes, so the command's own work is what is tested: serving
the built site, choosing the newest article from the feed, reading the scores, failing under --min.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

STAND_IN = """#!{python}
import json, sys, urllib.request
url = sys.argv[1]
out = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--output-path="))
page = urllib.request.urlopen(url).read().decode("utf-8")
score = 0.9 if "bai-viet" in page else 1.0
cats = {{c: {{"score": score}} for c in ("performance", "accessibility", "best-practices", "seo")}}
json.dump({{"requestedUrl": url, "categories": cats}}, open(out, "w"))
"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Công đoàn</title>
<entry><title>Bài mới nhất</title><link href="http://127.0.0.1/van-phong/2026/moi.html" rel="alternate"/></entry>
</feed>
"""


def built_site(root: Path) -> Path:
    site = root / "site"
    (site / "feeds").mkdir(parents=True)
    (site / "van-phong" / "2026").mkdir(parents=True)
    (site / "index.html").write_text("<html lang=vi><title>Trang chủ</title></html>", encoding="utf-8")
    (site / "van-phong" / "2026" / "moi.html").write_text("<html>bai-viet</html>", encoding="utf-8")
    (site / "feeds" / "all.atom.xml").write_text(FEED, encoding="utf-8")
    return site


def stand_in(root: Path) -> Path:
    tool = root / "lighthouse"
    tool.write_text(STAND_IN.format(python=sys.executable), encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return tool


def audit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "audit", *args], env=dict(os.environ),
                          capture_output=True, text=True, check=False, timeout=120)


def test_audit_prints_both_pages_scores_and_fails_when_one_is_below_the_minimum(tmp_path):
    site, tool = built_site(tmp_path), stand_in(tmp_path)
    result = audit("--site", str(site), "--port", "0", "--lighthouse", str(tool), "--out", str(tmp_path / "bc"))
    assert result.returncode == 1, result.stderr
    assert "Trang chủ (/)" in result.stdout and "Bài viết (/van-phong/2026/moi.html)" in result.stdout
    assert "Chưa đạt: Bài viết (/van-phong/2026/moi.html) — Hiệu năng 90 < 95" in result.stderr
    assert (tmp_path / "bc" / "lighthouse-trang-chu.json").is_file()


def test_audit_passes_when_every_score_reaches_the_minimum(tmp_path):
    site, tool = built_site(tmp_path), stand_in(tmp_path)
    result = audit("--site", str(site), "--port", "0", "--lighthouse", str(tool), "--out", str(tmp_path / "bc"),
                   "--min", "90")
    assert result.returncode == 0, result.stderr
    assert "Báo cáo đầy đủ:" in result.stdout


def test_audit_of_a_folder_without_a_built_site_says_so_in_vietnamese(tmp_path):
    result = audit("--site", str(tmp_path), "--lighthouse", str(tmp_path / "lighthouse"))
    assert result.returncode == 1
    assert result.stderr.startswith("Lỗi: Không thấy trang đã dựng")
    assert "Traceback" not in result.stderr
