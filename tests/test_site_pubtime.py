"""The date a reader sees is the publication time: the editor's merge into main, or the scheduled time."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pipeline.site.pubtime import parse_first_parent_log
from tests.fixtures.checks.sitekit import SiteKit
from tests.sitebuild import build_site


def git(cwd: Path, *args: str, when: str | None = None) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Biên tập", GIT_AUTHOR_EMAIL="bbt@example.org",
               GIT_COMMITTER_NAME="Biên tập", GIT_COMMITTER_EMAIL="bbt@example.org")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _article_page(output: Path, slug: str) -> str:
    [page] = [p for p in output.rglob(f"{slug}.html") if "drafts" not in p.parts]
    return page.read_text(encoding="utf-8")


def _merge(work: Path, branch: str, when: str) -> None:
    git(work, "switch", "--quiet", "main")
    git(work, "merge", "--quiet", "--no-ff", "-m", f"Duyệt {branch}", branch, when=when)


def test_an_article_shows_the_time_the_editor_merged_it_not_the_time_the_unit_sent_it(tmp_path, config):  # type: ignore[no-untyped-def]
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    git(work, "commit", "--quiet", "--allow-empty", "-m", "Khởi tạo", when="2026-11-02T08:00+07:00")
    kit = SiteKit(work, config)

    # Sent Fri 20/11 09:00, committed on its branch the same morning, merged Mon 30/11 15:42.
    git(work, "switch", "--quiet", "-c", "tin/ba-tri")
    kit.article(with_images=False, date="2026-11-20T09:00+07:00", submitted_at="2026-11-20T09:00+07:00",
                event_time="2026-11-19T15:00+07:00")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "Nhận tin", when="2026-11-20T09:05+07:00")
    _merge(work, "tin/ba-tri", "2026-11-30T15:42+07:00")

    # Merged Mon 30/11 16:00 but scheduled for Tue 01/12 07:30: it goes live then.
    git(work, "switch", "--quiet", "-c", "tin/hen-gio")
    kit.plain(date="2026-12-01T07:30+07:00", submitted_at="2026-11-27T10:00+07:00")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "Nhận tin hẹn giờ", when="2026-11-27T10:05+07:00")
    _merge(work, "tin/hen-gio", "2026-11-30T16:00+07:00")
    git(work, "push", "--quiet", "origin", "main")

    # A rebuild from a fresh clone of the same history gives the same dates.
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "--quiet", str(origin), str(fresh))
    output = tmp_path / "out"
    build_site(fresh / "content", output, extra_env={"BANTIN_NOW": "2026-12-02T08:00+07:00"})

    page = _article_page(output, "ba-tri-hoi-thi-nu-cong")
    assert "Thứ Hai, 30/11/2026, 15:42" in page
    assert 'datetime="2026-11-30T15:42:00+07:00"' in page
    assert "Thứ Sáu, 20/11/2026" not in page
    scheduled = _article_page(output, "kiem-tra-dieu-le")
    assert "Thứ Ba, 01/12/2026, 07:30" in scheduled


def test_an_article_not_in_git_keeps_its_front_matter_date(tmp_path, config):  # type: ignore[no-untyped-def]
    kit = SiteKit(tmp_path / "plain", config)
    kit.article(with_images=False, date="2026-11-20T09:00+07:00", submitted_at="2026-11-20T09:00+07:00")
    output = tmp_path / "out"
    build_site(kit.content, output, extra_env={"BANTIN_NOW": "2026-12-02T08:00+07:00"})
    assert "Thứ Sáu, 20/11/2026, 09:00" in _article_page(output, "ba-tri-hoi-thi-nu-cong")


def test_a_moved_article_keeps_its_first_publication_time_and_a_shallow_boundary_is_flagged():
    log = ("\x011764491520\x02\0\nA\0a/x.md\0"  # root commit (no parents): 30/11/2025
           "\x011764577920\x02abc\0\nR100\0a/x.md\0b/x.md\0A\0b/y.md\0")
    times, rootless = parse_first_parent_log(log)
    assert times["b/x.md"] == times["a/x.md"] and times["b/y.md"] > times["a/x.md"]
    assert rootless == {"a/x.md", "b/x.md"}
