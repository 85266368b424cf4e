"""`pipeline intake-push` end to end: a bare origin, a contributor's clone that uploads, a fresh CI checkout,
and the forge behind the one client, served by tests/forgeserver.py (GitHub, Gitea/Forgejo, GitLab shapes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.workflow.forge import ForgeError, ForgeSettings, client
from tests.docxfactory import COLLABORATOR_TABLE, UNIT_TABLE, make_docx
from tests.forgeserver import TOKEN, ForgeServer
from tests.test_submit import NOW, git, make_project

TITLE = "[Tuyên giáo – Nữ công] Đại hội Công đoàn huyện Ba Tri lần thứ XII"


def upload_to_main(work: Path, name: str, **docx: object) -> str:
    """What "Add file → Upload files → Commit directly to main" does: one commit on main, pushed."""
    git(work, "pull", "--quiet", "--ff-only")
    make_docx(work / "submissions" / name, **docx)  # type: ignore[arg-type]
    git(work, "add", "submissions")
    git(work, "commit", "--quiet", "-m", f"Add files via upload: {name}")
    git(work, "push", "--quiet", "origin", "main")
    return git(work, "rev-parse", "HEAD")


def ci_checkout(origin: Path, where: Path, branch: str = "main") -> Path:
    """A fresh checkout as actions/checkout makes it, with the bot's identity."""
    git(origin.parent, "clone", "--quiet", "--branch", branch, str(origin), str(where))
    git(where, "config", "user.name", "bantin-bot")
    git(where, "config", "user.email", "bantin-bot@example.vn")
    return where


def intake_push(repo: Path, forge: ForgeServer, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BANTIN_", "GIT_", "GITHUB_", "GITEA_", "GITLAB_", "CI_", "FORGEJO_"))}
    env.update(forge.env(), BANTIN_NOW=NOW, BANTIN_CONFIG=str(repo / "editorial.yml"))
    return subprocess.run([sys.executable, "-m", "pipeline", "intake-push", "--no-check", *args], cwd=repo, env=env,
                          check=False, capture_output=True, text=True, timeout=300)


def remote_branches(origin: Path, pattern: str = "tin/*") -> list[str]:
    out = git(origin, "for-each-ref", "--format=%(refname:short)", f"refs/heads/{pattern}")
    return out.splitlines()


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    return make_project(tmp_path)


@pytest.mark.parametrize("kind", ["github", "gitea", "gitlab"])
def test_an_upload_committed_to_main_becomes_one_branch_and_one_labelled_request_for_its_editor(project, tmp_path, kind):
    origin, work = project
    upload_to_main(work, "dai-hoi.docx", table=UNIT_TABLE)
    with ForgeServer(kind, origin) as forge:
        ci = ci_checkout(origin, tmp_path / "ci")
        result = intake_push(ci, forge)
        assert result.returncode == 0, result.stdout + result.stderr

        branches = remote_branches(origin)
        assert branches == ["tin/2026-03-05-dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii"]
        (pull,) = forge.state.pulls.values()
        assert pull["head"] == branches[0] and pull["base"] == "main"
        assert pull["title"] == TITLE
        assert "| **Biên tập viên duyệt** | Phạm Hòa @ldld-bentre/bbt-tuyen-giao |" in pull["body"]
        assert "Hạn gửi tin sự kiện" in pull["body"]
        assert set(pull["labels"]) == {"Lĩnh vực: Tuyên giáo – Nữ công", "Đơn vị: Liên đoàn Lao động huyện Ba Tri",
                                       "Loại: Tin sự kiện", "Hạn: đúng hạn"}
        if kind == "gitlab":  # a group cannot be asked by API; CODEOWNERS still routes it, and the log says so
            assert "CODEOWNERS" in result.stdout
        else:
            assert pull["teams"] == ["bbt-tuyen-giao"]
        # The inbox file stays on main until the article's request is merged: its removal is in that commit.
        assert "submissions/dai-hoi.docx" in git(origin, "ls-tree", "-r", "--name-only", "main").splitlines()
        changes = git(origin, "show", "--no-renames", "--name-status", "--format=", branches[0]).splitlines()
        assert "D\tsubmissions/dai-hoi.docx" in changes
        assert any(c.startswith("A\tcontent/tuyen-giao-nu-cong/2026/") for c in changes)


def test_running_again_on_the_same_commit_or_after_a_second_push_never_makes_a_second_request(project, tmp_path):
    origin, work = project
    upload_to_main(work, "dai-hoi.docx", table=UNIT_TABLE)
    with ForgeServer("github", origin) as forge:
        first = intake_push(ci_checkout(origin, tmp_path / "ci-1"), forge)
        assert first.returncode == 0, first.stderr
        again = intake_push(ci_checkout(origin, tmp_path / "ci-2"), forge)  # the same commit, re-run
        assert again.returncode == 0, again.stderr
        assert "đang chờ duyệt" in again.stdout
        # A second, unrelated upload pushed right after: only it is new.
        upload_to_main(work, "ctv.docx", table=COLLABORATOR_TABLE, heading="Nâng cao đời sống công nhân")
        third = intake_push(ci_checkout(origin, tmp_path / "ci-3"), forge)
        assert third.returncode == 0, third.stderr
        assert sorted(p["head"] for p in forge.state.pulls.values()) == [
            "tin/2026-03-05-dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii", "tin/2026-03-05-nang-cao-doi-song-cong-nhan"]
        assert len(remote_branches(origin)) == 2


def test_a_branch_pushed_by_a_run_that_stopped_before_its_request_gets_the_request_on_the_next_run(project, tmp_path):
    origin, work = project
    upload_to_main(work, "dai-hoi.docx", table=UNIT_TABLE)
    with ForgeServer("gitea", origin) as forge:
        assert intake_push(ci_checkout(origin, tmp_path / "ci-1"), forge).returncode == 0
        forge.state.pulls.clear()  # as if the job died between `git push` and the API call
        again = intake_push(ci_checkout(origin, tmp_path / "ci-2"), forge)
        assert again.returncode == 0, again.stdout + again.stderr
        (pull,) = forge.state.pulls.values()
        assert pull["title"] == TITLE and "Lĩnh vực: Tuyên giáo – Nữ công" in pull["labels"]
        assert len(remote_branches(origin)) == 1


def notes_on_commit(forge: ForgeServer, sha: str) -> list[str]:
    """Comments on a commit; Gitea/Forgejo have none, so there the refusal is an issue naming the commit."""
    if forge.state.kind == "gitea":
        return [i["body"] for i in forge.state.issues if sha in i["body"]]
    return [c.get("body") or c.get("note") for c in forge.state.commit_comments.get(sha, [])]


@pytest.mark.parametrize("kind", ["github", "gitea", "gitlab"])
def test_a_refused_upload_stays_in_the_inbox_gets_one_vietnamese_comment_and_holds_nothing_back(project, tmp_path, kind):
    origin, work = project
    bad_commit = upload_to_main(work, "thieu-thong-tin.docx", table={"Người viết": "Ai đó"}, heading=None,
                                paragraphs=("Chỉ một dòng.",))
    upload_to_main(work, "dai-hoi.docx", table=UNIT_TABLE)
    with ForgeServer(kind, origin) as forge:
        result = intake_push(ci_checkout(origin, tmp_path / "ci-1"), forge)
        assert result.returncode == 0, result.stdout + result.stderr  # the contributor's to fix, not a CI failure
        assert [p["title"] for p in forge.state.pulls.values()] == [TITLE]
        (comment,) = notes_on_commit(forge, bad_commit)
        assert "Tệp `thieu-thong-tin.docx`: chưa tiếp nhận" in comment
        assert "BT810" in comment and "vẫn nằm nguyên trong hộp tin" in comment
        again = intake_push(ci_checkout(origin, tmp_path / "ci-2"), forge)
        assert again.returncode == 0
        assert len(notes_on_commit(forge, bad_commit)) == 1  # told once, not on every run
        assert "submissions/thieu-thong-tin.docx" in git(origin, "ls-tree", "-r", "--name-only", "main").splitlines()


def test_an_upload_made_as_a_pull_request_is_converted_on_that_branch_and_the_request_rewritten(project, tmp_path):
    origin, work = project
    git(work, "switch", "--quiet", "-c", "patch-1")
    make_docx(work / "submissions" / "Đại hội Ba Tri.docx", table=UNIT_TABLE)  # spaces and Vietnamese letters
    git(work, "add", "submissions")
    git(work, "commit", "--quiet", "-m", "Add files via upload")
    git(work, "push", "--quiet", "origin", "patch-1")
    with ForgeServer("github", origin) as forge:
        opened = client(ForgeSettings.from_env(forge.env())).open_request("patch-1", "main", "Add files via upload", "")
        ci = ci_checkout(origin, tmp_path / "ci", branch="patch-1")
        result = intake_push(ci, forge, "--branch", "patch-1")
        assert result.returncode == 0, result.stdout + result.stderr
        pull = forge.state.pulls[opened.number]
        assert pull["title"] == TITLE
        assert "Biên tập viên duyệt" in pull["body"] and pull["teams"] == ["bbt-tuyen-giao"]
        assert remote_branches(origin) == []  # no second branch: the upload's request is the article's
        tip = git(origin, "log", "-1", "--format=%s", "patch-1")
        assert tip.startswith("Nhận tin: Đại hội Công đoàn huyện Ba Tri")
        files = git(origin, "ls-tree", "-r", "--name-only", "patch-1").splitlines()
        assert "submissions/Đại hội Ba Tri.docx" not in files
        assert any(f.startswith("content/tuyen-giao-nu-cong/2026/dai-hoi") for f in files)
        assert "/Đại hội Ba Tri.docx`" in pull["body"]  # the archived original, listed with the request's files
        before = git(origin, "rev-parse", "patch-1")
        again = intake_push(ci_checkout(origin, tmp_path / "ci-2", branch="patch-1"), forge, "--branch", "patch-1")
        assert again.returncode == 0 and git(origin, "rev-parse", "patch-1") == before
        assert len(forge.state.pulls) == 1


def test_a_request_opened_after_the_conversion_gets_its_title_and_body_when_it_opens(project, tmp_path):
    origin, work = project
    git(work, "switch", "--quiet", "-c", "patch-2")
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    git(work, "add", "submissions")
    git(work, "commit", "--quiet", "-m", "Add files via upload")
    git(work, "push", "--quiet", "origin", "patch-2")
    with ForgeServer("gitlab", origin) as forge:
        assert intake_push(ci_checkout(origin, tmp_path / "ci-1", branch="patch-2"), forge, "--branch", "patch-2").returncode == 0
        opened = client(ForgeSettings.from_env(forge.env())).open_request("patch-2", "main", "Add files via upload", "")
        result = intake_push(ci_checkout(origin, tmp_path / "ci-2", branch="patch-2"), forge, "--branch", "patch-2")
        assert result.returncode == 0, result.stdout + result.stderr
        assert forge.state.pulls[opened.number]["title"] == TITLE


def test_the_client_follows_pages_and_explains_a_refused_token_in_vietnamese(project):
    origin, _ = project
    with ForgeServer("github", origin) as forge:
        forge.state.pulls.update({n: {"number": n, "head": f"b{n}", "base": "main", "title": f"t{n}", "body": "", "state": "open",
                                      "labels": [], "reviewers": [], "teams": []} for n in range(1, 6)})
        api = client(ForgeSettings.from_env(forge.env()))
        assert api.find_request("b5") is not None  # on the third page of two
        bad = client(ForgeSettings.from_env({**forge.env(), "BANTIN_FORGE_TOKEN": "sai"}))
        with pytest.raises(ForgeError, match="401.*khóa truy cập không hợp lệ"):
            bad.find_request("b1")


def test_forge_settings_come_from_the_ci_variables_of_each_forge():
    gh = ForgeSettings.from_env({"GITHUB_ACTIONS": "true", "GITHUB_API_URL": "https://api.github.com",
                                 "GITHUB_REPOSITORY": "ldld/trang", "GITHUB_TOKEN": TOKEN})
    assert (gh.kind, gh.api, gh.repo) == ("github", "https://api.github.com", "ldld/trang")
    gitea = ForgeSettings.from_env({"GITEA_ACTIONS": "true", "GITHUB_SERVER_URL": "https://git.bentre.gov.vn",
                                    "GITHUB_REPOSITORY": "ldld/trang", "GITHUB_TOKEN": TOKEN})
    assert (gitea.kind, gitea.api) == ("gitea", "https://git.bentre.gov.vn/api/v1")
    lab = ForgeSettings.from_env({"GITLAB_CI": "true", "CI_API_V4_URL": "https://gitlab.com/api/v4",
                                  "CI_PROJECT_ID": "42", "BANTIN_FORGE_TOKEN": TOKEN})
    assert (lab.kind, lab.repo) == ("gitlab", "42")
    with pytest.raises(ForgeError, match="Thiếu khóa truy cập"):
        ForgeSettings.from_env({"GITLAB_CI": "true", "CI_API_V4_URL": "https://gitlab.com/api/v4", "CI_PROJECT_ID": "42"})


def test_make_intake_push_runs_the_intake_in_a_ci_checkout(project, tmp_path):
    from tests.conftest import ROOT

    origin, work = project
    upload_to_main(work, "dai-hoi.docx", table=UNIT_TABLE)
    with ForgeServer("github", origin) as forge:
        ci = ci_checkout(origin, tmp_path / "ci")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BANTIN_", "GIT_", "GITHUB_", "CI_"))}
        env.update(forge.env(), BANTIN_NOW=NOW, BANTIN_CONFIG=str(ci / "editorial.yml"))
        # The project's Makefile and virtualenv, run in the checkout of the site repository.
        result = subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o", "install",
                                 f"BIN={ROOT / '.venv' / 'bin'}", "intake-push", "INTAKE_BRANCH=main"],
                                cwd=ci, env=env, check=False, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        assert [p["title"] for p in forge.state.pulls.values()] == [TITLE]


def test_a_refused_upload_in_a_pull_request_is_explained_once_on_that_request(project, tmp_path):
    origin, work = project
    git(work, "switch", "--quiet", "-c", "patch-3")
    (work / "submissions" / "bao-cao.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    git(work, "add", "submissions")
    git(work, "commit", "--quiet", "-m", "Add files via upload")
    git(work, "push", "--quiet", "origin", "patch-3")
    with ForgeServer("gitea", origin) as forge:
        opened = client(ForgeSettings.from_env(forge.env())).open_request("patch-3", "main", "Add files via upload", "")
        for run in (1, 2):
            result = intake_push(ci_checkout(origin, tmp_path / f"ci-{run}", branch="patch-3"), forge, "--branch", "patch-3")
            assert result.returncode == 0, result.stdout + result.stderr
        (comment,) = forge.state.comments[opened.number]
        assert "Tệp `bao-cao.pdf`: chưa tiếp nhận" in comment["body"] and "BT813" in comment["body"]
        assert forge.state.pulls[opened.number]["title"] == "Add files via upload"  # nothing converted, nothing rewritten
        assert "submissions/bao-cao.pdf" in git(origin, "ls-tree", "-r", "--name-only", "patch-3").splitlines()


def test_the_intakes_own_article_branch_pushed_back_with_an_app_token_is_left_alone(project, tmp_path):
    origin, work = project
    upload_to_main(work, "dai-hoi.docx", table=UNIT_TABLE)
    with ForgeServer("github", origin) as forge:
        assert intake_push(ci_checkout(origin, tmp_path / "ci-1"), forge).returncode == 0
        (branch,) = remote_branches(origin)
        body = next(iter(forge.state.pulls.values()))["body"]
        # With a GitHub App token the intake's own push starts the workflow again, on the tin/ branch.
        again = intake_push(ci_checkout(origin, tmp_path / "ci-2", branch=branch), forge, "--branch", branch)
        assert again.returncode == 0, again.stdout + again.stderr
        assert next(iter(forge.state.pulls.values()))["body"] == body and len(forge.state.pulls) == 1


@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_a_request_opened_by_a_parallel_run_between_looking_and_opening_is_found_not_doubled(project, kind):
    from pipeline.workflow.intake_push import find_or_open

    origin, work = project
    git(work, "push", "--quiet", "origin", "main:refs/heads/tin/2026-03-05-bai")
    with ForgeServer(kind, origin) as forge:
        api = client(ForgeSettings.from_env(forge.env()))

        class Racing(type(api)):  # type: ignore[misc]
            def find_request(self, branch: str):  # type: ignore[no-untyped-def]
                seen = super().find_request(branch)
                if seen is None and not forge.state.pulls:  # the other run opens it right after we looked
                    api.open_request(branch, "main", "Của lần chạy kia", "")
                return seen

        request = find_or_open(Racing(api.settings), "tin/2026-03-05-bai", "main", "Bài", "")
        assert len(forge.state.pulls) == 1 and request.title == "Của lần chạy kia"
