"""`pipeline check --changed-since` against real Git repositories: a bare origin and a clone, as in CI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fixtures.checks.sitekit import BASE, IMAGES, SLUG, SiteKit

GIT_ENV = {"GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bbt@example.vn",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bbt@example.vn"}
ARTICLE = f"content/tuyen-giao-nu-cong/2026/{SLUG}.md"


def git(cwd: Path, *args: str) -> str:
    env = dict(os.environ, **GIT_ENV)
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, BANTIN_CONFIG=str(ROOT / "editorial.yml"))
    env.pop("BANTIN_CONTENT", None)
    return subprocess.run([sys.executable, "-m", "pipeline", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def findings(cwd: Path, ref: str = "origin/main") -> list[tuple[str, str]]:
    result = check(cwd, "--changed-since", ref, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return sorted((i["file"], i["code"]) for i in json.loads(result.stdout))


@pytest.fixture
def clone(tmp_path: Path, config) -> SiteKit:  # type: ignore[no-untyped-def]
    """A clone of a bare origin whose main branch holds two articles (one with a wrong editor)."""
    seed = tmp_path / "seed"
    kit = SiteKit(seed, config)
    kit.article()
    kit.plain(editor="pham-hoa")  # an old mistake already on main: not this pull request's business
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "Trang ban đầu")
    git(tmp_path, "init", "-q", "--bare", "origin.git")
    git(seed, "push", "-q", str(tmp_path / "origin.git"), "main")
    git(tmp_path, "clone", "-q", "-b", "main", str(tmp_path / "origin.git"), "work")
    work = tmp_path / "work"
    git(work, "checkout", "-q", "-b", "tin/2026-03-17-lich-tiep")
    return SiteKit(work, config)


def test_only_articles_changed_on_the_branch_or_in_the_work_tree_are_checked(clone: SiteKit) -> None:
    late = "2026-03-17T16:30+07:00"
    clone.article(name="tin-moi", slug="tin-moi", title="Tin mới của LĐLĐ huyện Ba Tri về Hội thi", kind="news",
                  drop=("event_time",), submitted_at=late, date=late, body="Hội thi đã kết thúc tốt đẹp. " * 6)
    git(clone.root, "add", "content")
    git(clone.root, "commit", "-q", "-m", "Thêm tin mới")
    edited = clone.content / "tuyen-giao-nu-cong" / "2026" / f"{SLUG}.md"  # edited, not committed
    edited.write_text(edited.read_text(encoding="utf-8").replace("editor: pham-hoa", "editor: nguyen-thi-bien"),
                      encoding="utf-8")
    clone.article(name="chua-them", slug="chua-them", folder="tuyen-giao-nu-cong/2026", approved_by="",
                  title="Bài chưa git add của LĐLĐ huyện Ba Tri", body="Nội dung bài mới chưa thêm vào Git. " * 5)

    got = findings(clone.root)
    files = {f for f, _ in got}
    assert files == {ARTICLE, "content/tuyen-giao-nu-cong/2026/tin-moi.md",
                     "content/tuyen-giao-nu-cong/2026/chua-them.md"}
    assert (ARTICLE, "BT201") in got
    assert ("content/tuyen-giao-nu-cong/2026/tin-moi.md", "BT301") in got
    assert ("content/tuyen-giao-nu-cong/2026/chua-them.md", "BT202") in got
    text = check(clone.root, "--changed-since", "origin/main").stdout
    assert "Đã kiểm tra 3 bài thay đổi kể từ origin/main" in text
    # The old mistake on main shows up only when the whole site is checked.
    assert "content/to-chuc-kiem-tra/2026/kiem-tra-dieu-le.md" in check(clone.root).stdout


def test_a_copy_is_compared_with_the_whole_site_but_only_the_copy_is_reported(clone: SiteKit) -> None:
    clone.article(name=f"{SLUG}-gui-lai", slug=f"{SLUG}-gui-lai", title=BASE["title"])
    git(clone.root, "add", "content")
    git(clone.root, "commit", "-q", "-m", "Gửi lại tin hội thi")
    got = findings(clone.root)
    copy = f"content/tuyen-giao-nu-cong/2026/{SLUG}-gui-lai.md"
    assert (copy, "BT509") in got and (copy, "BT510") in got
    assert {f for f, _ in got} == {copy}


def test_a_slug_clash_with_an_unchanged_article_is_reported_on_the_new_one(clone: SiteKit) -> None:
    clone.plain(name=SLUG, folder="to-chuc-kiem-tra/2025", event_time="2025-03-11T13:30+07:00",
                submitted_at="2025-03-12T09:00+07:00", date="2025-03-12T09:00+07:00",
                title="Kiểm tra Điều lệ Công đoàn năm 2025", body="Ủy ban Kiểm tra làm việc với các đơn vị. " * 8)
    got = findings(clone.root)
    assert got == [(f"content/to-chuc-kiem-tra/2025/{SLUG}.md", "BT511")]


def test_a_photo_added_to_an_unchanged_article_brings_the_article_along(clone: SiteKit) -> None:
    clone.photo(f"{IMAGES}/anh-3.jpg")
    got = findings(clone.root)
    assert got == [(ARTICLE, "BT405")]


def test_photos_left_behind_by_a_deleted_article_are_reported_by_their_path(clone: SiteKit) -> None:
    git(clone.root, "rm", "-q", ARTICLE)
    git(clone.root, "commit", "-q", "-m", "Gỡ bài")
    got = findings(clone.root)
    assert got == [(f"content/{IMAGES}/anh-1-480w.jpg", "BT405"), (f"content/{IMAGES}/anh-1.jpg", "BT405")]


def test_no_change_means_nothing_to_check_and_exit_0(clone: SiteKit) -> None:
    result = check(clone.root, "--changed-since", "origin/main")
    assert result.returncode == 0
    assert "Đã kiểm tra 0 bài thay đổi kể từ origin/main: 0 lỗi, 0 cảnh báo, 0 thông tin." in result.stdout


def test_a_reference_that_does_not_exist_is_a_clear_vietnamese_message(clone: SiteKit) -> None:
    result = check(clone.root, "--changed-since", "origin/khong-co")
    assert result.returncode == 2
    assert "Không tìm thấy mốc Git 'origin/khong-co'" in result.stderr and "git fetch" in result.stderr
    assert "Traceback" not in result.stderr


def test_changed_since_outside_a_git_repository_says_so(tmp_path: Path, config) -> None:  # type: ignore[no-untyped-def]
    kit = SiteKit(tmp_path / "khong-git", config)
    kit.article()
    result = check(kit.root, "--changed-since", "origin/main")
    assert result.returncode == 2
    assert "không nằm trong một kho Git" in result.stderr and "Traceback" not in result.stderr


def test_paths_and_changed_since_together_check_the_changed_articles_among_the_paths(clone: SiteKit) -> None:
    clone.plain(name="kiem-tra-moi", title="Kiểm tra mới tại các công đoàn cơ sở", approved_by="",
                body="Ủy ban Kiểm tra làm việc với các đơn vị cơ sở. " * 8)
    clone.article(name="tin-khac", slug="tin-khac", title="Tin khác của LĐLĐ huyện Ba Tri", approved_by="",
                  body="Một tin khác được gửi trong ngày hôm nay. " * 8)
    result = check(clone.root, "--changed-since", "origin/main", "--format", "json", "content/to-chuc-kiem-tra")
    assert {i["file"] for i in json.loads(result.stdout)} == {"content/to-chuc-kiem-tra/2026/kiem-tra-moi.md"}
