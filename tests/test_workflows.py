"""The CI workflow files: valid (actionlint, the GitHub and GitLab schemas), and every command a tested Make target."""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.docxfactory import UNIT_TABLE, make_docx
from tests.test_submit import git, make_project, pipeline

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
GITLAB = ROOT / ".gitlab-ci.yml"
BIN = ROOT / ".venv" / "bin"

# Each Make target the workflows run → the test (file::function) that runs it for real. A helper's name
# may stand for the test: then a test in the same file must call it (naming the target, if the helper
# takes the target as an argument).
RUN_BY = {
    "ci-check": "tests/test_workflows.py::test_make_ci_check_fetches_the_base_and_annotates_only_the_changed_article",
    "codeowners-check": "tests/test_codeowners.py::test_the_committed_codeowners_is_up_to_date_with_editorial_yml",
    "ci-build": "tests/test_workflows.py::test_make_ci_build_makes_the_preview_with_drafts",
    "publish": "tests/test_submit.py::test_submitted_branch_merged_and_pushed_is_built_by_make_publish",
    "deploy": "tests/test_deploy.py::make_deploy",
    "intake-push": "tests/test_intake_push.py::test_make_intake_push_runs_the_intake_in_a_ci_checkout",
    "mail-intake": "tests/test_mail.py::test_mail_submit_in_ci_opens_a_request_per_article_and_files_the_message_only_then",
    "preview-publish": "tests/test_preview.py::make",
    "preview-remove": "tests/test_preview.py::make",
    "code-changed": "tests/test_workflows.py::code_changed",
}
# Targets the suite must never run: they install (network, root). Only dry-run (make -n) here.
DRY_RUN_ONLY = {
    "install": "pip install",
    "deploy-deps": "apt-get install",
    "intake-deps": "apt-get install",
    "system-deps": "apt-get install",
    "test": "-m pytest",  # the suite itself
}
DRY_RUN_FLAGS = {"-n", "--dry-run", "--just-print", "--recon", "-q", "--question"}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def commands() -> list[tuple[str, str]]:
    """(file, command) for every shell command in every workflow and GitLab job."""
    found = []
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                if "run" in step:
                    found += [(path.name, line) for line in step["run"].splitlines() if line.strip()]
    for name, job in load(GITLAB).items():
        if isinstance(job, dict):
            for key in ("before_script", "script", "after_script"):
                found += [(f".gitlab-ci.yml:{name}", line) for line in job.get(key, [])]
    return found


def make_targets(command: str) -> list[str]:
    words = shlex.split(command)
    assert words[0] == "make", f"'{command}' không phải một mục tiêu make"
    return [w for w in words[1:] if "=" not in w and not w.startswith("-")]


def test_workflow_files_pass_actionlint_and_the_github_and_gitlab_schemas_offline():
    if not (BIN / "actionlint").exists() or not (BIN / "check-jsonschema").exists():
        pytest.fail("actionlint/check-jsonschema chưa được cài: chạy make install-test.")
    result = subprocess.run(["make", "--no-print-directory", "-o", "install", "workflows-lint"], cwd=ROOT,
                            check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("ok -- validation done") == 2


def _make_calls(node: ast.AST) -> list[list[str]]:
    """The argument lists `["make", ...]` written literally inside `node` ("?" for a computed argument)."""
    calls = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.List) and sub.elts and isinstance(sub.elts[0], ast.Constant) and sub.elts[0].value == "make":
            calls.append([e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else "?" for e in sub.elts])
    return calls


def runs_target_for_real(where: str, target: str) -> bool:
    """Whether the function named by `where` (file::name) runs `make … target` without a dry-run flag.
    A helper (not test_*) counts when a test calls it, and names the target if the helper does not."""
    file, name = where.split("::")
    tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
    functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    if name not in functions:
        return False
    calls = [call for call in _make_calls(functions[name]) if not DRY_RUN_FLAGS & set(call)]
    if name.startswith("test_"):
        return any(target in call for call in calls)
    names_target = any(target in call for call in calls)
    for test, function in functions.items():
        for sub in ast.walk(function):
            if test.startswith("test_") and isinstance(sub, ast.Call) and getattr(sub.func, "id", None) == name:
                arguments = [a.value for a in [*sub.args, *(k.value for k in sub.keywords)] if isinstance(a, ast.Constant)]
                if calls and (names_target or target in arguments):
                    return True
    return False


def test_every_make_target_in_the_workflows_is_run_by_a_named_test_or_is_an_install_step():
    all_commands = commands()
    assert len(all_commands) >= 10
    used = {t for _, command in all_commands for t in make_targets(command)}
    assert used == set(RUN_BY) | set(DRY_RUN_ONLY), used ^ (set(RUN_BY) | set(DRY_RUN_ONLY))
    for target, where in RUN_BY.items():
        assert runs_target_for_real(where, target), f"{where} không chạy `make {target}`"


def test_the_check_that_a_test_runs_a_target_fails_for_a_test_that_does_not():
    # The check above, tried on tests that name a target without running it.
    assert not runs_target_for_real("tests/test_workflows.py::test_every_make_target_in_the_workflows_is_run_by_a_named_test_or_is_an_install_step", "ci-check")
    assert not runs_target_for_real("tests/test_workflows.py::test_install_and_system_targets_are_only_dry_run_and_do_what_they_say", "install")
    assert not runs_target_for_real("tests/test_workflows.py::no_such_test", "ci-build")
    assert not runs_target_for_real("tests/test_preview.py::make", "ci-build")  # a helper no test calls so


def test_install_and_system_targets_are_only_dry_run_and_do_what_they_say():
    for target, does in DRY_RUN_ONLY.items():
        # -B: print the recipe even when the stamp file says it is up to date.
        dry = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, check=False, capture_output=True, text=True, timeout=120)
        assert dry.returncode == 0, dry.stderr
        assert does in dry.stdout, (target, dry.stdout)


def test_no_test_runs_a_make_target_that_installs():
    installing = set(DRY_RUN_ONLY) | {"system-deps", "test", "lint", "audit"}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for call in _make_calls(ast.parse(path.read_text(encoding="utf-8"))):
            if DRY_RUN_FLAGS & set(call):
                continue
            # Every target depends on `install`; `-o install` keeps the suite from reinstalling.
            assert "-o" in call and call[call.index("-o") + 1] == "install", (path.name, call)
            targets = {w for i, w in enumerate(call[1:], 1) if not w.startswith("-") and "=" not in w
                       and call[i - 1] not in ("-o", "-C", "-f")}
            assert not installing & targets, (path.name, call)


def test_check_workflow_runs_on_pull_requests_with_annotations_summary_codeowners_and_a_preview():
    wf = load(ROOT / ".github" / "workflows" / "check.yml")
    assert "pull_request" in wf["on"]
    steps = wf["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert 'make ci-check BASE="origin/$BASE_REF"' in runs
    assert "make codeowners-check" in runs and "make ci-build" in runs
    check_step = next(s for s in steps if s.get("run", "").startswith("make ci-check"))
    assert check_step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert steps[0]["with"]["fetch-depth"] == 0  # the base branch must be there to diff against
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "output/"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--format $(CHECK_FORMAT)" in makefile and "CHECK_FORMAT ?= github" in makefile
    assert "--format markdown >> \"$(CHECK_SUMMARY)\"" in makefile and "GITHUB_STEP_SUMMARY" in makefile


def test_check_workflow_publishes_a_preview_per_request_and_removes_it_when_the_request_closes():
    wf = load(ROOT / ".github" / "workflows" / "check.yml")
    assert wf["on"]["pull_request"]["types"] == ["opened", "synchronize", "reopened", "closed"]
    assert "github.event.action != 'closed'" in wf["jobs"]["check"]["if"]
    preview, remove = wf["jobs"]["preview"], wf["jobs"]["preview-remove"]
    for job in (preview, remove):
        assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
        assert "vars.PREVIEW_URL != ''" in job["if"] and "head.repo.full_name == github.repository" in job["if"]
    runs = [s["run"] for s in preview["steps"] if "run" in s]
    assert runs == ["make install", "make ci-build", 'make preview-publish BASE="origin/$BASE_REF"']
    publish = preview["steps"][-1]["env"]
    assert publish["DEPLOY_SSH_KEY"] == "${{ secrets.DEPLOY_SSH_KEY }}" and publish["PR"] == "${{ github.event.pull_request.number }}"
    assert "github.event.action == 'closed'" in remove["if"] and remove["steps"][-1]["run"] == "make preview-remove"
    gitlab = load(GITLAB)
    assert gitlab["preview-publish"]["environment"]["on_stop"] == "preview-remove"
    assert gitlab["preview-remove"]["environment"]["action"] == "stop"
    assert gitlab["preview-publish"]["script"][-1].startswith("make preview-publish PR=")


def test_publish_workflow_runs_on_main_every_30_minutes_and_deploys_to_the_chosen_target():
    wf = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    assert {"cron": "*/30 * * * *"} in wf["on"]["schedule"]
    assert "workflow_dispatch" in wf["on"]
    assert wf["concurrency"]["cancel-in-progress"] is False
    steps = wf["jobs"]["build"]["steps"]
    assert any(s.get("run") == "make publish" for s in steps)
    deploy = next(s for s in steps if s.get("run") == "make deploy")
    assert "vars.DEPLOY_TARGET != 'pages'" in deploy["if"]
    assert deploy["env"]["DEPLOY_SSH_KEY"] == "${{ secrets.DEPLOY_SSH_KEY }}"
    assert "DEPLOY_KNOWN_HOSTS" in deploy["env"]["DEPLOY_KNOWN_HOSTS"]
    pages = wf["jobs"]["pages"]
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert str(pages["steps"][0]["uses"]).startswith("actions/deploy-pages@")


def test_gitlab_ci_has_the_same_stages():
    ci = load(GITLAB)
    assert ci["stages"] == ["check", "build", "deploy"]
    scripts = {name: job.get("script", []) for name, job in ci.items() if isinstance(job, dict) and "stage" in job}
    assert any(s.startswith("make ci-check") for s in scripts["check"]) and "make codeowners-check" in scripts["check"]
    assert scripts["preview"] == ["make ci-build"]
    assert scripts["publish"][-2:] == ["make publish", "make deploy"]
    assert scripts["pages"] == ["make publish OUTPUT=public"]


def test_make_deploy_deps_installs_rsync_and_ssh_with_apt():
    dry = subprocess.run(["make", "-n", "deploy-deps"], cwd=ROOT, check=False, capture_output=True, text=True, timeout=60)
    assert "apt-get install" in dry.stdout and "rsync" in dry.stdout and "openssh-client" in dry.stdout


def test_make_intake_deps_installs_libreoffice_with_apt():
    dry = subprocess.run(["make", "-n", "intake-deps"], cwd=ROOT, check=False, capture_output=True, text=True, timeout=60)
    assert "apt-get install" in dry.stdout and "libreoffice-writer-nogui" in dry.stdout


def test_intake_workflow_runs_on_uploads_to_the_inbox_with_least_privilege_and_one_run_per_branch():
    wf = load(ROOT / ".github" / "workflows" / "intake.yml")
    for event in ("push", "pull_request"):
        assert wf["on"][event]["paths"] == ["submissions/**", "!submissions/processed/**"]
    assert wf["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert wf["concurrency"]["cancel-in-progress"] is False
    assert "github.head_ref || github.ref_name" in wf["concurrency"]["group"]
    steps = wf["jobs"]["intake"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert [s["run"] for s in steps if "run" in s] == ["make intake-deps", "make install", "make intake-push"]
    assert {"cron": "*/15 * * * *"} in wf["on"]["schedule"]
    mail = wf["jobs"]["mail"]
    assert "vars.BANTIN_IMAP_HOST != ''" in mail["if"]
    assert [s["run"] for s in mail["steps"] if "run" in s] == ["make intake-deps", "make install", "make mail-intake"]
    assert next(s for s in mail["steps"] if s.get("run") == "make mail-intake")["env"]["BANTIN_IMAP_PASSWORD"] == \
        "${{ secrets.BANTIN_IMAP_PASSWORD }}"
    assert load(GITLAB)["mail"]["script"] == ["make mail-intake"]
    gitlab = load(GITLAB)["intake"]
    assert gitlab["script"][0].startswith("make intake-push INTAKE_BRANCH=")
    assert gitlab["resource_group"] == "intake"


def test_make_ci_build_makes_the_preview_with_drafts(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    draft = content / "van-phong" / "2026" / "cho-duyet.md"
    draft.parent.mkdir(parents=True)
    draft.write_text("---\ntitle: Bài chờ duyệt\nslug: cho-duyet\ndate: '2026-03-04T15:00+07:00'\nstatus: review\n"
                     "kind: news\nunit: van-phong\ntopic: van-phong\neditor: nguyen-thi-bien\n---\n\nChờ duyệt.\n",
                     encoding="utf-8")
    output = tmp_path / "output"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANTIN_")}
    result = subprocess.run(["make", "--no-print-directory", "-o", "install", "ci-build", f"CONTENT={content}", f"OUTPUT={output}"],
                            cwd=ROOT, env=env, check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (output / "index.html").is_file()
    assert "Chờ duyệt." in (output / "drafts" / "cho-duyet.html").read_text(encoding="utf-8")


def test_make_ci_check_fetches_the_base_and_annotates_only_the_changed_article(tmp_path):
    _, work = make_project(tmp_path)
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    assert pipeline(work, "submit").returncode == 0
    branch = git(work, "branch", "--list", "tin/*", "--format=%(refname:short)")
    git(work, "switch", "--quiet", branch)
    git(work, "update-ref", "-d", "refs/remotes/origin/main")  # as in a shallow CI checkout
    summary = tmp_path / "summary.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANTIN_")}
    env.update(GITHUB_STEP_SUMMARY=str(summary), BANTIN_CONFIG=str(work / "editorial.yml"))
    # The project's Makefile and virtualenv, run in the checkout of the site repository.
    result = subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o", "install",
                             f"BIN={BIN}", "ci-check", "BASE=origin/main", "CONTENT=content"],
                            cwd=work, env=env, check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(work, "rev-parse", "--verify", "origin/main")  # fetched back
    assert re.search(r"Đã kiểm tra 1 bài thay đổi kể từ origin/main", " ".join(result.stdout.split()))
    assert summary.read_text(encoding="utf-8").startswith("## ")  # the Markdown summary for the job page


# --- the project's own tests in CI ------------------------------------------------------------------


def code_paths() -> list[str]:
    """CODE_PATHS from the Makefile, as make reads it."""
    out = subprocess.run(["make", "--no-print-directory", "-s", "-p", "-n", "-f", "Makefile", "help"], cwd=ROOT,
                         check=True, capture_output=True, text=True, timeout=60).stdout
    (line,) = [line for line in out.splitlines() if line.startswith("CODE_PATHS :=")]
    return shlex.split(line.split(":=", 1)[1])


def test_check_workflow_runs_make_test_in_debian_when_a_pull_request_touches_code():
    wf = load(ROOT / ".github" / "workflows" / "check.yml")
    assert "pull_request" in wf["on"]
    changes, test = wf["jobs"]["changes"], wf["jobs"]["test"]
    assert [s.get("run") for s in changes["steps"] if "run" in s] == ['make code-changed BASE="origin/$BASE_REF"']
    assert changes["steps"][0]["with"]["fetch-depth"] == 0
    assert changes["outputs"]["code"] == "${{ steps.changed.outputs.code }}"
    assert test["needs"] == "changes" and "needs.changes.outputs.code == 'true'" in test["if"]
    assert test["container"].startswith("python:3.11-")  # Debian: chromium, libreoffice, dovecot as .ci/run has
    assert [s["run"] for s in test["steps"] if "run" in s] == ["make system-deps", "make test"]
    assert test["env"]["CI"] == "true"  # a skip for want of a system package fails (tests/conftest.py)


def test_gitlab_runs_make_test_on_merge_requests_that_touch_the_same_code_paths():
    job = load(GITLAB)["test"]
    assert job["script"] == ["make system-deps", "make test"]
    (rule,) = job["rules"]
    assert rule["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    gitlab = {p.removesuffix("/**/*") if p.endswith("/**/*") else p.replace("**/", "") for p in rule["changes"]["paths"]}
    assert gitlab == set(code_paths())
    assert {"pipeline", "tests", "theme", "requirements", "pyproject.toml", "Makefile", "*.py"} <= gitlab


def code_changed(repo: Path, output: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
    env["GITHUB_OUTPUT"] = str(output)
    result = subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o", "install", "code-changed",
                             "BASE=main"],
                            cwd=repo, env=env, check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def test_make_code_changed_says_true_only_when_a_change_touches_code(tmp_path):
    repo = tmp_path / "trang"
    (repo / "content" / "van-phong").mkdir(parents=True)
    (repo / "pipeline").mkdir()
    (repo / "pipeline" / "x.py").write_text("X = 1\n", encoding="utf-8")
    (repo / "content" / "van-phong" / "bai.md").write_text("---\ntitle: Bài\n---\n", encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=T", "-c", "user.email=t@example.vn", "commit", "-qm", "base"],
                 ["switch", "-q", "-c", "tin/bai"]):
        git(repo, *args)
    output = tmp_path / "github-output"

    def commit(path: str, text: str) -> None:
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "-c", "user.name=T", "-c", "user.email=t@example.vn", "commit", "-qm", path)

    commit("content/van-phong/bai.md", "---\ntitle: Bài đã sửa\n---\n")
    commit("content/van-phong/anh.jpg", "jpeg")
    assert code_changed(repo, output) == "code=false"  # articles only: no test run
    commit("content/van-phong/tool.py", "print()\n")  # a Python file anywhere is code
    assert code_changed(repo, output) == "code=true"
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    commit("pipeline/x.py", "X = 2\n")
    assert code_changed(repo, output) == "code=true"
    assert output.read_text(encoding="utf-8").splitlines() == ["code=false", "code=true", "code=true"]
