"""The newsroom fixture repository for the report tests, and tests of what is read from its Git history.

A real Git repository in a temp dir: articles across units, topics and kinds, each submitted on a
`tin/*` branch and merged into main (--no-ff) at chosen dates (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE),
plus a direct commit on main, a rename, a squash-merged branch, a draft, a future-dated article, a broken
file, and two review branches left open (one only on the remote). The figures of March 2026 are worked
out by hand in tests/test_report.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.core.dates import TZ
from pipeline.report.gitlog import find_repository, read_history, resolve_main
from tests.conftest import ROOT

NOW = "2026-03-20T08:00"  # Friday 20/3/2026, 08:00


@dataclass
class Art:
    path: str  # under content/
    unit: str | None
    topic: str
    kind: str
    editor: str
    submitted: str
    commit: str  # branch commit (submission)
    merge: str | None = None  # merge into main; None = left open
    event: str | None = None
    branch: str | None = None
    title: str = ""
    extra: str = ""

    @property
    def slug(self) -> str:
        return Path(self.path).stem


def article_text(a: Art) -> str:
    title = a.title or "Tin " + a.slug.replace("-", " ")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", f"slug: {a.slug}",
             f"date: {a.submitted}+07:00", f"kind: {a.kind}", f"unit: {a.unit or 'null'}", f"topic: {a.topic}",
             f"editor: {a.editor}", f"submitted_at: {a.submitted}+07:00"]
    if a.event:
        lines.append(f"event_time: {a.event}+07:00")
    if a.unit is None:
        lines += ["contributor:", "  organization: Báo Đồng Khởi", "  name: Trần Văn Cộng", "  email: ctv@example.vn"]
    if a.extra:
        lines.append(a.extra)
    lines += ["---", "", f"Nội dung tin {a.slug}.", ""]
    return "\n".join(lines)


ARTICLES = [
    # Before the trend window (March 2025) and inside it (April 2025, renamed in March 2026).
    Art("to-chuc-kiem-tra/2025/ba-tri-thang-3.md", "ldld-ba-tri", "to-chuc-kiem-tra", "news", "nguyen-hoang-thang",
        "2025-03-10T09:00", "2025-03-10T09:00", "2025-03-10T10:00"),
    Art("to-chuc-kiem-tra/2025/ba-tri-ten-cu.md", "ldld-ba-tri", "to-chuc-kiem-tra", "news", "nguyen-hoang-thang",
        "2025-04-10T09:00", "2025-04-10T09:00", "2025-04-10T10:00"),
    Art("to-chuc-kiem-tra/2025/ba-tri-thang-12.md", "ldld-ba-tri", "to-chuc-kiem-tra", "news", "nguyen-hoang-thang",
        "2025-12-10T09:00", "2025-12-10T09:00", "2025-12-10T10:00"),
    Art("tai-chinh/2026/tai-chinh-thang-1.md", "ban-tai-chinh", "tai-chinh", "news", "vo-thi-thuy-mai",
        "2026-01-15T09:00", "2026-01-15T09:00", "2026-01-15T10:00"),
    Art("to-chuc-kiem-tra/2026/to-chuc-thang-2.md", "ban-to-chuc", "to-chuc-kiem-tra", "news", "nguyen-hoang-thang",
        "2026-02-10T09:00", "2026-02-10T09:00", "2026-02-10T10:00"),
    # March 2026.
    Art("tuyen-giao-nu-cong/2026/hoi-nghi-nu-cong.md", "ban-tuyen-giao-nu-cong", "tuyen-giao-nu-cong", "event",
        "pham-hoa", "2026-03-02T15:00", "2026-03-02T15:30", "2026-03-03T09:00", event="2026-03-02T08:00",
        title="Hội nghị nữ công: “Giỏi việc nước, đảm việc nhà”"),
    Art("tuyen-giao-nu-cong/2026/chuyen-sau-nha-o-cong-nhan.md", "ban-tuyen-giao-nu-cong", "tuyen-giao-nu-cong",
        "feature", "pham-hoa", "2026-03-05T10:00", "2026-03-05T10:00", "2026-03-06T10:00",
        title="Nhà ở cho công nhân: những việc cần làm ngay"),
    Art("tuyen-giao-nu-cong/2026/tin-tuyen-giao-tre.md", "ban-tuyen-giao-nu-cong", "tuyen-giao-nu-cong", "news",
        "pham-hoa", "2026-03-09T16:30", "2026-03-09T16:45", "2026-03-10T08:00"),
    Art("tai-chinh/2026/quyet-toan-kinh-phi.md", "ban-tai-chinh", "tai-chinh", "news", "vo-thi-thuy-mai",
        "2026-03-11T09:00", "2026-03-11T09:00", "2026-03-11T14:00"),
    Art("chinh-sach-phap-luat/2026/hoi-dap-bhxh.md", "ban-chinh-sach-phap-luat", "chinh-sach-phap-luat", "qa",
        "nguyen-thanh-tam", "2026-03-12T08:00", "2026-03-12T08:00", "2026-03-13T08:00"),
    Art("chinh-sach-phap-luat/2026/doi-thoai-cong-nhan.md", "ban-chinh-sach-phap-luat", "chinh-sach-phap-luat",
        "event", "nguyen-thanh-tam", "2026-03-17T16:00", "2026-03-17T16:00", "2026-03-18T09:00",
        event="2026-03-16T08:00"),
    Art("to-chuc-kiem-tra/2026/ba-tri-dai-hoi.md", "ldld-ba-tri", "to-chuc-kiem-tra", "event", "nguyen-hoang-thang",
        "2026-03-16T15:00", "2026-03-16T15:00", "2026-03-17T10:00", event="2026-03-13T15:00"),
    Art("tuyen-giao-nu-cong/2026/giao-duc-chuyen-sau.md", "cd-giao-duc", "tuyen-giao-nu-cong", "feature", "pham-hoa",
        "2026-03-19T09:00", "2026-03-19T09:00", "2026-03-19T14:00", title="Đổi mới công tác chăm lo cho nhà giáo"),
    Art("chinh-sach-phap-luat/2026/cong-tac-vien-luong.md", None, "chinh-sach-phap-luat", "news", "nguyen-thanh-tam",
        "2026-03-06T17:30", "2026-03-09T08:00", "2026-03-09T10:00"),
    Art("tai-chinh/2026/con-phung-le-hoi.md", "con-phung", "tai-chinh", "event", "vo-thi-thuy-mai",
        "2026-03-09T08:00", "2026-03-09T08:30", "2026-03-10T13:00", event="2026-03-05T08:00"),
    # Merged in March but scheduled for April: published 2/4, submitted in March.
    Art("tai-chinh/2026/lich-thang-4.md", "ban-tai-chinh", "tai-chinh", "news", "vo-thi-thuy-mai",
        "2026-03-18T09:00", "2026-03-18T09:00", "2026-03-18T11:00"),
    # A draft merged in March: not published.
    Art("van-phong/2026/nhap.md", "van-phong", "van-phong", "news", "nguyen-thi-bien",
        "2026-03-19T10:00", "2026-03-19T10:00", "2026-03-19T11:00", extra="status: draft"),
    # Open review branches (one only on the remote).
    Art("tuyen-giao-nu-cong/2026/y-te-hoi-thao.md", "cd-y-te", "tuyen-giao-nu-cong", "event", "pham-hoa",
        "2026-03-19T08:00", "2026-03-19T08:00", None, event="2026-03-18T08:00",
        branch="tin/2026-03-19-y-te-hoi-thao", title="Hội thảo an toàn vệ sinh lao động ngành Y tế"),
    Art("to-chuc-kiem-tra/2026/cho-lach-tap-huan.md", "ldld-cho-lach", "to-chuc-kiem-tra", "news",
        "nguyen-hoang-thang", "2026-03-17T15:00", "2026-03-17T15:00", None,
        branch="tin/2026-03-17-cho-lach-tap-huan", title="Tập huấn nghiệp vụ cho cán bộ Công đoàn cơ sở"),
]
# Committed on a branch at 10:00, brought to main at 15:00 by a squash commit; the branch stays behind.
SQUASHED = Art("van-phong/2026/lich-tiep.md", "van-phong", "van-phong", "news", "nguyen-thi-bien",
               "2026-03-18T10:00", "2026-03-18T10:00", "2026-03-18T15:00", branch="tin/2026-03-18-lich-tiep")
RENAME = ("to-chuc-kiem-tra/2025/ba-tri-ten-cu.md", "to-chuc-kiem-tra/2025/ba-tri-ten-moi.md", "2026-03-05T12:00")
FUTURE_DATE = "2026-04-02T08:00"


class GitRepo:
    def __init__(self, root: Path):
        self.root = root

    def git(self, *args: str, when: str | None = None) -> str:
        env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=str(self.root.parent))
        if when:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when}:00+07:00"
        done = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True)
        return done.stdout

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, when: str, *paths: str) -> None:
        self.git("add", *paths)
        self.git("commit", "-q", "-m", message, when=when)


def _text_for(a: Art) -> str:
    text = article_text(a)
    if a.path.endswith("lich-thang-4.md"):
        text = text.replace(f"date: {a.submitted}+07:00", f"date: {FUTURE_DATE}+07:00")
    return text


def build_newsroom_repo(root: Path) -> Path:
    """Create the fixture repository in `root` and return its content folder."""
    root.mkdir(parents=True)
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Ban Biên tập")
    repo.git("config", "user.email", "bbt@example.vn")
    repo.git("config", "commit.gpgsign", "false")
    shutil.copy(ROOT / "editorial.yml", root / "editorial.yml")
    repo.write("content/pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\n\nTrang giới thiệu.\n")
    repo.commit("Khởi tạo trang", "2025-01-02T08:00", "editorial.yml", "content")

    events: list[tuple[str, int, str, Art]] = []
    for a in ARTICLES:
        events.append((a.commit, 0, "branch", a))
        if a.merge:
            events.append((a.merge, 1, "merge", a))
    events.append((SQUASHED.commit, 0, "branch", SQUASHED))
    events.append((SQUASHED.merge, 1, "squash", SQUASHED))  # type: ignore[arg-type]
    events.append((RENAME[2], 1, "rename", ARTICLES[0]))
    events.append(("2026-03-19T16:00", 1, "broken", ARTICLES[0]))
    for when, _order, what, a in sorted(events, key=lambda e: (e[0], e[1])):
        rel = f"content/{a.path}"
        branch = a.branch or f"tin/{a.commit[:10]}-{a.slug}"
        if what == "branch":
            repo.git("switch", "-q", "-c", branch, "main")
            repo.write(rel, _text_for(a))
            repo.commit(f"Tin mới: {a.slug}", when, rel)
            repo.git("switch", "-q", "main")
        elif what == "merge":
            repo.git("merge", "-q", "--no-ff", "-m", f"Duyệt tin: {a.slug}", branch, when=when)
        elif what == "squash":
            repo.write(rel, _text_for(a))
            repo.commit(f"Duyệt tin (squash): {a.slug}", when, rel)
        elif what == "rename":
            old, new, _ = RENAME
            repo.git("mv", f"content/{old}", f"content/{new}")
            repo.git("commit", "-q", "-m", "Đổi tên tệp", when=when)
        elif what == "broken":
            repo.write("content/van-phong/2026/hong.md", "---\ntitle: [chưa đóng\n---\nNội dung.\n")
            repo.commit("Tệp hỏng", when, "content/van-phong/2026/hong.md")
    # The Chợ Lách branch exists only on the remote (as in a fresh clone): move it to refs/remotes/origin/.
    cho_lach = "tin/2026-03-17-cho-lach-tap-huan"
    sha = repo.git("rev-parse", cho_lach).strip()
    repo.git("update-ref", f"refs/remotes/origin/{cho_lach}", sha)
    repo.git("branch", "-q", "-D", cho_lach)
    # A non-review branch is not counted.
    repo.git("switch", "-q", "-c", "giao-dien/trang-chu", "main")
    repo.write("theme/ghi-chu.txt", "giao diện\n")
    repo.commit("Giao diện", "2026-03-19T09:00", "theme/ghi-chu.txt")
    repo.git("switch", "-q", "main")
    return root / "content"


@pytest.fixture(scope="session")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The content folder of the fixture repository (read-only for the tests)."""
    return build_newsroom_repo(tmp_path_factory.mktemp("report") / "trang")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_history_knows_when_each_article_reached_main_and_when_it_was_first_committed(newsroom):
    root, prefix = find_repository(newsroom, None)
    history = read_history(root, prefix, resolve_main(root, "main"))
    assert prefix == "content/"
    published = history.published
    assert published["content/tuyen-giao-nu-cong/2026/hoi-nghi-nu-cong.md"] == at("2026-03-03T09:00")
    assert history.first_commit["content/tuyen-giao-nu-cong/2026/hoi-nghi-nu-cong.md"] == at("2026-03-02T15:30")
    # The squash commit on main publishes; the earlier branch commit is the submission.
    assert published["content/van-phong/2026/lich-tiep.md"] == at("2026-03-18T15:00")
    assert history.first_commit["content/van-phong/2026/lich-tiep.md"] == at("2026-03-18T10:00")
    # A renamed file keeps the date it was first published.
    assert published["content/to-chuc-kiem-tra/2025/ba-tri-ten-moi.md"] == at("2025-04-10T10:00")
    # Open branches are not on main.
    assert "content/tuyen-giao-nu-cong/2026/y-te-hoi-thao.md" not in published


def test_open_review_branches_are_found_locally_and_on_the_remote_but_not_squashed_ones(newsroom):
    root, prefix = find_repository(newsroom, None)
    history = read_history(root, prefix, "main")
    waiting = {(w.branch, w.path): w for w in history.waiting}
    assert set(waiting) == {
        ("tin/2026-03-17-cho-lach-tap-huan", "content/to-chuc-kiem-tra/2026/cho-lach-tap-huan.md"),
        ("tin/2026-03-19-y-te-hoi-thao", "content/tuyen-giao-nu-cong/2026/y-te-hoi-thao.md"),
    }
    item = waiting[("tin/2026-03-19-y-te-hoi-thao", "content/tuyen-giao-nu-cong/2026/y-te-hoi-thao.md")]
    assert item.since == at("2026-03-19T08:00")
    assert item.text is not None and "editor: pham-hoa" in item.text


def test_a_bounded_history_reads_only_the_window_and_keeps_old_articles_out_even_when_moved(newsroom):
    from pipeline.report.gitlog import BEFORE_WINDOW

    root, prefix = find_repository(newsroom, None)
    history = read_history(root, prefix, "main", since=at("2026-01-01T00:00"))
    assert history.published["content/tai-chinh/2026/tai-chinh-thang-1.md"] == at("2026-01-15T10:00")
    assert "content/to-chuc-kiem-tra/2025/ba-tri-thang-12.md" not in history.published
    # Published in April 2025, renamed on 5/3/2026: not a March 2026 publication.
    assert history.published["content/to-chuc-kiem-tra/2025/ba-tri-ten-moi.md"] == BEFORE_WINDOW
