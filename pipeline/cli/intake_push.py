"""`pipeline intake-push`: the CI intake (uploads through the forge's web page, and mail) → pull requests."""

from __future__ import annotations

import os
from pathlib import Path

import click

from pipeline.cli.context import AppContext
from pipeline.core.git import Git, GitError
from pipeline.intake.ingest import Workspace
from pipeline.workflow import intake_push as intake
from pipeline.workflow.forge import ForgeError, client
from pipeline.workflow.submit import SubmitError

_STATUS = {
    "submitted": "đã tiếp nhận",
    "pending": "đang chờ duyệt",
    "refused": "bị từ chối",
    "duplicate": "trùng bài đã nhận",
    "failed": "không thành công",
}


@click.command("intake-push")
@click.option("--base", default="main", show_default=True, metavar="NHÁNH", help="Nhánh chính của trang.")
@click.option("--remote", default="origin", show_default=True, metavar="TÊN", help="Kho chung để đẩy nhánh lên.")
@click.option("--branch", default="", metavar="NHÁNH", help="Tên nhánh vừa được đẩy lên (CI lấy commit rời thì chuyển sang nhánh này).")
@click.option("--no-check", "no_check", is_flag=True, help="Không chạy pipeline check trước khi ghi nhận.")
@click.pass_obj
def intake_push(obj: AppContext, base: str, remote: str, branch: str, no_check: bool) -> None:
    """Tiếp nhận tệp được tải lên hộp tin qua trang web của kho (CI chạy lệnh này).

    Trên nhánh main: mỗi tin bài trong hộp tin thành một nhánh tin/... và một yêu cầu hợp nhất,
    có nhãn và giao cho biên tập viên phụ trách. Trên nhánh khác (tải lên kèm yêu cầu hợp nhất):
    bài đã chuyển đổi được ghi nhận ngay trên nhánh đó. Tệp bị từ chối được giữ nguyên và được
    nhận xét bằng tiếng Việt. Chạy lại bao nhiêu lần cũng không tạo yêu cầu trùng.

    Cần các biến môi trường của CI (GITHUB_TOKEN…) hoặc BANTIN_FORGE, BANTIN_FORGE_API,
    BANTIN_FORGE_REPO, BANTIN_FORGE_TOKEN (xem docs/deployment-intake.md).
    """
    config = obj.config
    try:
        forge = client()
        git = Git.discover(Path.cwd())
        _on_branch(git, branch)
        _gitlab_push_url(git, remote)
        options = intake.PushOptions(base=base, remote=remote, run_checks=not no_check)
        results = intake.run(git, Workspace(obj.content, obj.inbox, config), obj.now(), forge, options)
    except (ForgeError, GitError, SubmitError) as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        raise SystemExit(1) from None
    if not results:
        click.echo(f"Hộp tin '{obj.inbox}' không có tin bài mới. Không có gì thay đổi.")
        return
    for r in results:
        click.echo(f"\n== {r.submission}: {_STATUS.get(r.status, r.status)}")
        if r.branch:
            click.echo(f"   Nhánh: {r.branch}")
        if r.request is not None:
            click.echo(f"   Yêu cầu hợp nhất: {r.request.url or '#' + str(r.request.number)}")
        for m in r.messages:
            click.echo(f"   {m}")
    done = sum(r.ok for r in results)
    click.echo(f"\nĐã xử lý {len(results)} tin bài: {done} đã tiếp nhận hoặc đang chờ duyệt.")
    # A refused file is the contributor's to fix (they were told on the forge); only our failures fail the job.
    if any(r.status == "failed" for r in results):
        raise SystemExit(1)


def _on_branch(git: Git, branch: str) -> None:
    """CI checkouts are often a detached commit (GitLab always): name the branch it is."""
    if branch and git.current_branch() != branch:
        git.run("switch", "--quiet", "-C", branch)


def _gitlab_push_url(git: Git, remote: str) -> None:
    """GitLab's job token cannot push: push with the project access token instead (never printed)."""
    token = os.environ.get("BANTIN_FORGE_TOKEN", "")
    server, project = os.environ.get("CI_SERVER_URL", ""), os.environ.get("CI_PROJECT_PATH", "")
    if os.environ.get("GITLAB_CI") and token and server and project:
        scheme, _, host = server.partition("://")
        git.run("remote", "set-url", "--push", remote, f"{scheme}://oauth2:{token}@{host}/{project}.git")
