"""`pipeline submit` against real Git repositories: a bare "origin" and a clone, in temp dirs."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest
import yaml

from tests.conftest import ROOT
from tests.docxfactory import COLLABORATOR_TABLE, UNIT_TABLE, make_docx, photo_bytes

NOW = "2026-03-05T09:00"
BRANCH = "tin/2026-03-05-dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii"
ARTICLE = "content/tuyen-giao-nu-cong/2026/dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii.md"


def git(repo: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(["git", "-C", str(repo), "-c", "core.quotePath=false", *args],
                            check=False, capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


def pipeline(repo: Path, *args: str, now: str = NOW) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BANTIN_", "GIT_"))}
    env.update(BANTIN_NOW=now, BANTIN_CONFIG=str(repo / "editorial.yml"))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=repo, env=env,
                          check=False, capture_output=True, text=True, timeout=300)


def make_project(tmp_path: Path) -> tuple[Path, Path]:
    """A bare origin and a clone holding a minimal site repository on main."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    work = tmp_path / "work"
    git(tmp_path, "init", "--quiet", "-b", "main", str(work))
    git(work, "config", "user.name", "Trợ lý Biên tập")
    git(work, "config", "user.email", "tro-ly@example.vn")
    git(work, "remote", "add", "origin", str(origin))
    shutil.copy(ROOT / "editorial.yml", work / "editorial.yml")
    shutil.copytree(ROOT / "content" / "pages", work / "content" / "pages")
    (work / "submissions").mkdir()
    (work / "submissions" / ".gitkeep").write_text("")
    (work / ".gitignore").write_text("output/\n")
    git(work, "add", ".")
    git(work, "commit", "--quiet", "-m", "Khởi tạo trang")
    git(work, "push", "--quiet", "-u", "origin", "main")
    return origin, work


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    return make_project(tmp_path)


def state(repo: Path) -> dict[str, object]:
    """Everything a person could notice: every file's bytes, branches, HEAD, the index and status."""
    files = {p.relative_to(repo).as_posix(): p.read_bytes()
             for p in sorted(repo.rglob("*")) if p.is_file() and ".git" not in p.relative_to(repo).parts}
    return {
        "files": files,
        "refs": git(repo, "for-each-ref", "--format=%(refname) %(objectname)"),
        "head": git(repo, "symbolic-ref", "HEAD"),
        "index": git(repo, "ls-files", "--stage"),
        "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
    }


def test_submit_makes_one_branch_and_commit_per_submission_and_stays_on_main(project):
    _, work = project
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE, image_caption="Quang cảnh Đại hội")
    folder = work / "submissions" / "ctv-bai-viet"
    make_docx(folder / "bai.docx", table=COLLABORATOR_TABLE, heading="Nâng cao đời sống công nhân")
    (folder / "01.jpg").write_bytes(photo_bytes())
    (folder / "meta.yml").write_text(yaml.safe_dump({"captions": {"01.jpg": "Công nhân tan ca"}}, allow_unicode=True),
                                     encoding="utf-8")
    main_before = git(work, "rev-parse", "main")

    result = pipeline(work, "submit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(work, "symbolic-ref", "--short", "HEAD") == "main"
    assert git(work, "rev-parse", "main") == main_before  # never a commit on main
    assert git(work, "status", "--porcelain", "--untracked-files=all") == ""
    assert sorted(p.name for p in (work / "submissions").iterdir()) == [".gitkeep"]
    branches = git(work, "branch", "--format=%(refname:short)").splitlines()
    assert sorted(branches) == ["main", BRANCH, "tin/2026-03-05-nang-cao-doi-song-cong-nhan"]

    assert git(work, "rev-parse", f"{BRANCH}^") == main_before
    changed = git(work, "show", "--name-status", "--format=", BRANCH).splitlines()
    assert changed == [
        "A\tcontent/images/2026/dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii/anh-1-240w.jpg",
        "A\tcontent/images/2026/dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii/anh-1-480w.jpg",
        "A\tcontent/images/2026/dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii/anh-1-960w.jpg",
        "A\tcontent/images/2026/dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii/anh-1.jpg",
        f"A\t{ARTICLE}",
        "A\tsubmissions/processed/2026/03/dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii/dai-hoi.docx",
    ]
    message = git(work, "log", "-1", "--format=%B", BRANCH)
    assert message.startswith("Nhận tin: Đại hội Công đoàn huyện Ba Tri lần thứ XII\n")
    assert "Đơn vị: Liên đoàn Lao động huyện Ba Tri" in message
    assert "Biên tập viên duyệt: Phạm Hòa (@ldld-bentre/bbt-tuyen-giao)" in message
    ctv = git(work, "show", "--name-only", "--format=", "tin/2026-03-05-nang-cao-doi-song-cong-nhan").splitlines()
    assert "submissions/processed/2026/03/nang-cao-doi-song-cong-nhan/ctv-bai-viet/01.jpg" in ctv
    assert "submissions/processed/2026/03/nang-cao-doi-song-cong-nhan/ctv-bai-viet/meta.yml" in ctv

    body = (work / ".git" / "bantin" / "pr" / f"{BRANCH.replace('/', '__')}.md").read_text(encoding="utf-8")
    title = (work / ".git" / "bantin" / "pr" / f"{BRANCH.replace('/', '__')}.title.txt").read_text(encoding="utf-8")
    assert title.strip() == "[Tuyên giáo – Nữ công] Đại hội Công đoàn huyện Ba Tri lần thứ XII"
    assert "| **Biên tập viên duyệt** | Phạm Hòa @ldld-bentre/bbt-tuyen-giao |" in body
    assert "| Đơn vị gửi | Liên đoàn Lao động huyện Ba Tri |" in body
    assert "| Lĩnh vực | Tuyên giáo – Nữ công |" in body
    assert "Thời gian sự kiện: 08:30 ngày 04/03/2026" in body
    # 08:30 → 15:00 on a working Wednesday is 4 h 30 of office time, well inside the 12 working hours.
    assert "Hạn gửi tin sự kiện: 14:30 ngày 05/03/2026" in body and "**Đúng hạn**: gửi sau 4 giờ 30 phút" in body
    assert "### Nội dung bị bỏ hoặc cần xem lại khi chuyển đổi" in body
    assert "gh pr create --base main --head " + BRANCH in result.stdout
    assert "--reviewer ldld-bentre/bbt-tuyen-giao" in result.stdout
    ctv_body = result.stdout.split("== ctv-bai-viet")[1]
    assert "Nguyễn Thành Tâm @ldld-bentre/bbt-chinh-sach-phap-luat" in ctv_body
    assert "Cộng tác viên (Báo Đồng Khởi)" in ctv_body
    assert "chau.le@example.vn" not in body  # contact data stays in the private front matter


def test_submitted_branch_merged_and_pushed_is_built_by_make_publish(project, tmp_path):
    origin, work = project
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE, image_caption="Quang cảnh Đại hội")
    assert pipeline(work, "submit").returncode == 0

    # The editor approves: merge the branch into main and push, as the forge's merge button does.
    git(work, "merge", "--quiet", "--no-ff", "-m", f"Hợp nhất {BRANCH}", BRANCH)
    git(work, "push", "--quiet", "origin", "main")
    fresh = tmp_path / "ci-checkout"
    git(tmp_path, "clone", "--quiet", str(origin), str(fresh))
    assert (fresh / ARTICLE).is_file()

    site = tmp_path / "site"
    built = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "-o", "install", "publish",
                            f"CONTENT={fresh / 'content'}", f"OUTPUT={site}"],
                           check=False, capture_output=True, text=True, timeout=600,
                           env={k: v for k, v in os.environ.items() if not k.startswith("BANTIN_")})
    assert built.returncode == 0, built.stdout + built.stderr
    html = (site / "tuyen-giao-nu-cong" / "2026" / "dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii.html").read_text(encoding="utf-8")
    assert "Đại hội Công đoàn huyện Ba Tri lần thứ XII" in html
    assert "Sáng ngày 04/3/2026" in html
    assert "dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii" in (site / "index.html").read_text(encoding="utf-8")


def test_check_changed_since_origin_main_sees_only_the_submitted_article(project):
    _, work = project
    # An article already on main, with a mistake the checks report: it must not be reported for this branch.
    make_docx(work / "submissions" / "cu.docx", table=UNIT_TABLE, heading="Hội nghị tổng kết năm 2025",
              paragraphs=("Hội nghị tổng kết công tác công đoàn năm 2025 của huyện Ba Tri.",))
    assert pipeline(work, "submit").returncode == 0
    old_branch = git(work, "branch", "--list", "tin/*", "--format=%(refname:short)")
    git(work, "merge", "--quiet", "--no-ff", "-m", "Hợp nhất", old_branch)
    old = next((work / "content").rglob("hoi-nghi-tong-ket-nam-2025.md"))
    old.write_text(old.read_text(encoding="utf-8").replace("kind: event", "kind: khong-ro"), encoding="utf-8")
    git(work, "commit", "--quiet", "-am", "Sửa tay có lỗi")
    git(work, "push", "--quiet", "origin", "main")
    everything = pipeline(work, "check", "--format", "json")
    assert "hoi-nghi-tong-ket-nam-2025.md" in everything.stdout  # the whole site: the old mistake shows

    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    assert pipeline(work, "submit").returncode == 0
    git(work, "switch", "--quiet", BRANCH)
    text = pipeline(work, "check", "--changed-since", "origin/main")
    assert "Đã kiểm tra 1 bài thay đổi kể từ origin/main" in " ".join(text.stdout.split()), text.stdout + text.stderr
    changed = pipeline(work, "check", "--changed-since", "origin/main", "--format", "json")
    assert changed.returncode in (0, 1), changed.stderr
    assert "hoi-nghi-tong-ket-nam-2025" not in changed.stdout


def test_submit_on_a_dirty_tree_changes_nothing_and_says_why_in_vietnamese(project):
    _, work = project
    (work / "editorial.yml").write_text((work / "editorial.yml").read_text(encoding="utf-8") + "\n# sửa dở\n",
                                        encoding="utf-8")
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    before = state(work)
    result = pipeline(work, "submit")
    assert result.returncode == 1
    assert "còn thay đổi chưa ghi nhận (commit)" in result.stderr
    assert "editorial.yml" in result.stderr and "Tệp mới thả vào hộp tin không tính là thay đổi" in result.stderr
    assert "Traceback" not in result.stderr
    assert state(work) == before


def test_a_broken_submission_leaves_repo_and_inbox_exactly_as_they_were(project):
    _, work = project
    (work / "submissions" / "hong.docx").write_bytes(b"PK\x03\x04 not really a zip")
    make_docx(work / "submissions" / "thieu-don-vi.docx", table={k: v for k, v in UNIT_TABLE.items() if k not in ("Đơn vị", "Lĩnh vực")})
    before = state(work)
    result = pipeline(work, "submit")
    assert result.returncode == 1
    assert "hong.docx: bị từ chối" in result.stdout and "thieu-don-vi.docx: bị từ chối" in result.stdout
    assert "Thiếu đơn vị gửi tin" in result.stdout
    assert "Không tạo nhánh nào" in result.stdout
    assert state(work) == before


def test_a_commit_that_fails_is_undone_completely(project):
    _, work = project
    hook = work / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'commit bị chặn để thử' >&2\nexit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE, image_caption="Quang cảnh")
    before = state(work)
    result = pipeline(work, "submit")
    assert result.returncode == 1
    assert "không thành công" in result.stdout and "Đã hoàn tác" in result.stdout
    assert state(work) == before  # no branch, the original back in the inbox, no article or photos left


def test_submit_refuses_to_run_from_another_branch(project):
    _, work = project
    git(work, "switch", "--quiet", "-c", "thu-nghiem")
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    before = state(work)
    result = pipeline(work, "submit")
    assert result.returncode == 1
    assert "Đang ở nhánh 'thu-nghiem'" in result.stderr and "git switch main" in result.stderr
    assert state(work) == before


def test_push_sends_the_branch_to_origin_and_prints_how_to_open_the_request(project):
    origin, work = project
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    result = pipeline(work, "submit", "submissions/dai-hoi.docx", "--push")
    assert result.returncode == 0, result.stdout + result.stderr
    assert BRANCH in git(origin, "branch", "--format=%(refname:short)").splitlines()
    assert git(work, "rev-parse", BRANCH) == git(origin, "rev-parse", BRANCH)
    # A local "origin" is no forge: the body and the command are printed for a person to use.
    assert "gh pr create" in result.stdout and "---- nội dung yêu cầu hợp nhất ----" in result.stdout


def test_a_second_submission_with_the_same_title_gets_its_own_branch(project):
    _, work = project
    make_docx(work / "submissions" / "a.docx", table=UNIT_TABLE)
    assert pipeline(work, "submit").returncode == 0
    make_docx(work / "submissions" / "b.docx", table=UNIT_TABLE, paragraphs=("Một nội dung khác về cùng sự kiện.",))
    assert pipeline(work, "submit").returncode == 0
    branches = git(work, "branch", "--list", "tin/*", "--format=%(refname:short)").splitlines()
    assert branches == [BRANCH, BRANCH + "-2"]


def test_an_original_committed_to_the_inbox_is_removed_from_it_in_the_submission_commit(project):
    _, work = project
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    git(work, "add", "submissions/dai-hoi.docx")
    git(work, "commit", "--quiet", "-m", "Đơn vị tải tệp lên qua trang web")
    result = pipeline(work, "submit")
    assert result.returncode == 0, result.stdout + result.stderr
    changed = git(work, "show", "--name-status", "--no-renames", "--format=", BRANCH).splitlines()
    assert "D\tsubmissions/dai-hoi.docx" in changed
    assert "A\tsubmissions/processed/2026/03/dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii/dai-hoi.docx" in changed
    assert git(work, "status", "--porcelain") == ""
    # main still holds it until the merge; a second run must not open a second request for it.
    again = pipeline(work, "submit")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "đang chờ duyệt trên nhánh" in again.stdout
    assert git(work, "branch", "--list", "tin/*", "--format=%(refname:short)").splitlines() == [BRANCH]


def test_submit_outside_a_git_repository_says_so(tmp_path):
    shutil.copy(ROOT / "editorial.yml", tmp_path / "editorial.yml")
    make_docx(tmp_path / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    result = pipeline(tmp_path, "submit")
    assert result.returncode == 1
    assert "không nằm trong một kho Git" in result.stderr
    assert (tmp_path / "submissions" / "dai-hoi.docx").is_file()


def test_the_submitted_article_front_matter_is_the_ingested_one(project):
    _, work = project
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    assert pipeline(work, "submit").returncode == 0
    text = git(work, "show", f"{BRANCH}:{ARTICLE}")
    post = frontmatter.loads(text)
    assert post["unit"] == "ldld-ba-tri" and post["editor"] == "pham-hoa"


def test_a_special_units_article_on_another_topic_brings_its_codeowners_rule_in_its_commit(project):
    _, work = project
    assert pipeline(work, "codeowners").returncode == 0
    git(work, "add", ".github/CODEOWNERS")
    git(work, "commit", "--quiet", "-m", "Phân công duyệt")
    make_docx(work / "submissions" / "dong-khoi.docx", heading="Tuyển sinh năm 2026",
              table=dict(UNIT_TABLE, **{"Đơn vị": "Trường CĐ Đồng Khởi", "Lĩnh vực": "Văn phòng"}))
    result = pipeline(work, "submit")
    assert result.returncode == 0, result.stdout + result.stderr
    branch = "tin/2026-03-05-tuyen-sinh-nam-2026"
    assert ".github/CODEOWNERS" in git(work, "show", "--name-only", "--format=", branch).splitlines()
    owners = git(work, "show", f"{branch}:.github/CODEOWNERS")
    assert "/content/van-phong/2026/tuyen-sinh-nam-2026.md" in owners
    assert "Nguyễn Thành Tâm @ldld-bentre/bbt-chinh-sach-phap-luat" in result.stdout
    git(work, "switch", "--quiet", branch)
    assert pipeline(work, "codeowners", "--check").returncode == 0  # CI's check passes on the branch


def test_the_pull_request_body_lists_the_check_findings_and_the_late_deadline(project):
    _, work = project
    late = dict(UNIT_TABLE, **{"Loại tin": "Tin thời sự", "Thời gian gửi": "16:30 06/03/2026"})
    make_docx(work / "submissions" / "tre.docx", table=late, heading="Tin gửi muộn về hội thao")
    result = pipeline(work, "submit", now="2026-03-09T09:00")
    assert result.returncode == 0, result.stdout + result.stderr
    body = next((work / ".git" / "bantin" / "pr").glob("*.md")).read_text(encoding="utf-8")
    assert ("Tin thời sự gửi sau giờ chốt 16:00 (trễ 30 phút hành chính): **trễ giờ chốt**, "
            "chuyển sang đợt đăng ngày 09/03/2026.") in body
    # Waiting counts from the unit's send (Fri 16:30) in working hours: 30 min + Mon 07:00–09:00.
    assert "Đã chờ duyệt: 2 giờ 30 phút hành chính" in body
    assert "| BT301 | cảnh báo |" in body
    assert "Kiểm tra: 1 phát hiện, trong đó 0 lỗi." in result.stdout
