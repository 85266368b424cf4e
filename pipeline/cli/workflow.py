"""`pipeline submit`, `codeowners`, `deploy` and `preview`: the Git side of the editorial workflow and publishing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline.cli.context import AppContext
from pipeline.core.git import Git, GitError
from pipeline.intake.ingest import Workspace
from pipeline.workflow import codeowners as co
from pipeline.workflow.submit import Options, SubmitError, Submitted
from pipeline.workflow.submit import submit as run_submit

_STATUS = {
    "submitted": "đã tạo nhánh",
    "pending": "đang chờ duyệt",
    "refused": "bị từ chối",
    "duplicate": "trùng bài đã nhận",
    "failed": "không thành công",
    "recovered": "đã xử lý lần chạy bị dừng",
}


def _fail(text: str) -> None:
    click.echo(f"Lỗi: {text}", err=True)
    raise SystemExit(1)


@click.command()
@click.argument("submissions", nargs=-1, type=click.Path(path_type=Path), metavar="[TỆP]...")
@click.option("--push", is_flag=True, help="Đẩy nhánh lên kho chung và mở yêu cầu hợp nhất (gh/glab nếu có).")
@click.option("--base", default="main", show_default=True, metavar="NHÁNH", help="Nhánh chính mà nhánh tin bài được tạo từ đó.")
@click.option("--remote", default="origin", show_default=True, metavar="TÊN", help="Kho chung để đẩy nhánh lên.")
@click.option("--no-check", "no_check", is_flag=True, help="Không chạy pipeline check trước khi ghi nhận.")
@click.pass_obj
def submit(obj: AppContext, submissions: tuple[Path, ...], push: bool, base: str, remote: str, no_check: bool) -> None:
    """Mỗi tin bài trong hộp tin thành một nhánh và một yêu cầu hợp nhất.

    Với từng tệp (hoặc thư mục bài) trong hộp tin: tạo nhánh tin/<ngày>-<slug> từ nhánh main,
    chuyển thành bài viết, kiểm tra, ghi nhận (commit) bài, ảnh và tệp gốc đã lưu, rồi soạn
    tiêu đề và nội dung yêu cầu hợp nhất cho biên tập viên phụ trách. Không bao giờ ghi vào
    nhánh main; khi có lỗi, hộp tin và kho giữ nguyên như trước. Không ghi tên tệp thì xử lý
    mọi tệp trong hộp tin.

    Ví dụ: pipeline submit submissions/dai-hoi.docx --push
    """
    config = obj.config
    try:
        git = Git.discover(Path.cwd())
        results = run_submit(git, Workspace(obj.content, obj.inbox, config), obj.now(), list(submissions),
                             Options(base=base, push=push, remote=remote, run_checks=not no_check))
    except (SubmitError, GitError) as exc:
        _fail(str(exc))
        return
    if not results:
        click.echo(f"Hộp tin '{obj.inbox}' không có tin bài mới. Không có gì thay đổi.")
        return
    for result in results:
        _print_result(result)
    done = sum(r.status == "submitted" for r in results)
    click.echo(f"\nĐã tạo {done}/{len(results)} nhánh tin bài. Đang ở lại nhánh '{base}'.")
    if not all(r.ok for r in results):
        raise SystemExit(1)


def _print_result(r: Submitted) -> None:
    click.echo(f"\n== {r.submission}: {_STATUS.get(r.status, r.status)}")
    if r.branch:
        click.echo(f"   Nhánh: {r.branch}")
        click.echo(f"   Bài viết: {r.article}")
        click.echo(f"   Biên tập viên duyệt: {r.reviewer}")
    for m in r.messages:
        click.echo(f"   {m}")
    if r.status != "submitted":
        return
    if r.checks is not None:
        click.echo(f"   Kiểm tra: {len(r.checks.findings)} phát hiện, trong đó {r.checks.errors} lỗi.")
    if r.body_file:
        click.echo(f"   Tiêu đề yêu cầu hợp nhất: {r.title}")
        click.echo(f"   Nội dung đã ghi vào: {r.body_file}")
    if r.opened is not None and r.opened.url:
        click.echo(f"   Yêu cầu hợp nhất: {r.opened.url}")
        return
    if r.opened is not None:
        click.echo(f"   {r.opened.note}")
        if not r.pushed:
            click.echo(f"   Đẩy nhánh: git push -u {r.remote} {r.branch}")
        click.echo(f"   Mở yêu cầu hợp nhất: {r.opened.shell if r.opened.command[0] == 'gh' else 'glab mr create …'}")
        click.echo("   ---- nội dung yêu cầu hợp nhất ----")
        for line in r.body.splitlines():
            click.echo(f"   {line}")


@click.command("codeowners")
@click.option("--check", "check_only", is_flag=True, help="Chỉ kiểm tra tệp có khớp editorial.yml không (CI dùng); thoát 1 nếu lỗi thời.")
@click.option("--output", default=None, type=click.Path(path_type=Path),
              help="Tệp CODEOWNERS cần ghi hoặc kiểm tra. Mặc định: các tệp kho đang có trong .github/ và "
                   ".gitlab/ (cú pháp GitLab, có mục), hoặc .github/CODEOWNERS khi chưa có tệp nào.")
@click.option("--who", "who", multiple=True, metavar="ĐƯỜNG_DẪN", help="In người duyệt của một đường dẫn trong kho (có thể lặp lại).")
@click.pass_obj
def codeowners(obj: AppContext, check_only: bool, output: Path | None, who: tuple[str, ...]) -> None:
    """Tạo .github/CODEOWNERS (và .gitlab/CODEOWNERS nếu kho dùng GitLab) từ editorial.yml.

    content/<lĩnh vực>/ → biên tập viên lĩnh vực đó; bài của đơn vị đặc biệt → biên tập viên
    của đơn vị; editorial.yml, giao diện, mã nguồn → biên tập viên thường trực; chính tệp
    CODEOWNERS → biên tập viên duyệt bài nào cũng được.
    Với --check, không ghi gì mà báo lỗi (mã thoát 1) khi tệp đã lỗi thời.

    Ví dụ: pipeline codeowners --check
    """
    config = obj.config
    targets = [output] if output is not None else co.outputs_in(Path.cwd())
    prefixes = (_prefix(obj.content, "content"), _prefix(obj.inbox, "submissions"))
    try:
        expected = {target: co.generate(config, obj.content, *prefixes, output=target) for target in targets}
    except co.CodeownersError as exc:
        _fail(str(exc))
        return
    if who:
        rules = co.parse(co.generate(config, obj.content, *prefixes))
        for path in who:
            owners = co.owners_for(path, rules)
            click.echo(f"{path}: {' '.join(owners) if owners else '(không ai)'}")
        return
    rule_count = len(co.parse(co.generate(config, obj.content, *prefixes)))
    stale = []
    for target, text in expected.items():
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        diff = co.stale_diff(current, text, str(target))
        if check_only:
            if diff:
                click.echo(diff, err=True)
                what = "chưa có" if current is None else "đã lỗi thời so với editorial.yml và các bài hiện có"
                click.echo(f"Lỗi: Tệp '{target}' {what}. Hãy chạy {co.fix_command(target)} rồi ghi nhận (commit) tệp.",
                           err=True)
                stale.append(target)
            else:
                click.echo(f"Tệp '{target}' khớp với editorial.yml.")
        elif not diff:
            click.echo(f"Tệp '{target}' đã đúng; không thay đổi gì.")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            click.echo(f"Đã ghi '{target}' ({rule_count} quy tắc). Hãy ghi nhận (commit) tệp này.")
    if stale:
        raise SystemExit(1)


def _prefix(path: Path, default: str) -> str:
    """The folder as written in CODEOWNERS: relative to the current directory, '/' separators."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        print(f"Cảnh báo: '{path}' nằm ngoài thư mục hiện tại; dùng '{default}/' trong CODEOWNERS.", file=sys.stderr)
        return default


@click.command("deploy")
@click.option("--output", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Trang đã dựng (mặc định: BANTIN_OUTPUT hoặc output).")
@click.option("--dry-run", "dry_run", is_flag=True, help="Chỉ liệt kê thay đổi, không chép.")
def deploy(output: Path | None, dry_run: bool) -> None:
    """Triển khai trang đã dựng lên máy chủ web bằng rsync qua SSH.

    Chép trang (mặc định output/) tới DEPLOY_DEST, xóa trang không còn, giữ nguyên .well-known/
    của máy chủ. Khóa máy chủ phải được ghim trước trong DEPLOY_KNOWN_HOSTS; khóa SSH lấy từ
    DEPLOY_SSH_KEY (CI) hoặc DEPLOY_SSH_KEY_FILE, cổng từ DEPLOY_SSH_PORT. DEPLOY_DEST cũng có
    thể là một thư mục trên máy này. Mã thoát 1 khi không triển khai được.

    \b
    Ví dụ:
      make publish
      DEPLOY_DEST=deploy@congdoan.bentre.gov.vn:/var/www/congdoan/ pipeline deploy
    """
    import os

    from pipeline.workflow.deploy import DeployError, Settings
    from pipeline.workflow.deploy import deploy as run_deploy

    folder = output or Path(os.environ.get("BANTIN_OUTPUT") or "output")
    try:
        settings = Settings.from_env(folder, dry_run=dry_run)
        result = run_deploy(settings)
    except DeployError as exc:
        _fail(str(exc))
        return
    changes = [line for line in result.stdout.splitlines() if line.strip()]
    what = "Thử (không chép)" if settings.dry_run else "Đã triển khai"
    click.echo(f"{what}: {settings.output}/ → {settings.dest} ({len(changes)} thay đổi).")


F = TypeVar("F", bound=Callable[..., Any])


@click.group("preview", options_metavar="[TÙY CHỌN]", subcommand_metavar="LỆNH [THAM SỐ]...")
def preview() -> None:
    """Bản xem trước của một yêu cầu hợp nhất, đăng dưới /xem-truoc/<số>/ (CI dùng).

    publish: sau 'make ci-build', đánh dấu noindex, chép bản dựng thử bằng rsync (cùng các biến DEPLOY_*
    như pipeline deploy) và ghi MỘT nhận xét có đường dẫn tới bài thay đổi. remove: gỡ bản xem trước khi
    yêu cầu hợp nhất đóng. PREVIEW_URL là địa chỉ công khai của DEPLOY_DEST.

    \b
    Ví dụ:
      pipeline preview publish --pr 12 --base origin/main
      pipeline preview remove --pr 12
    """


def _preview_options(function: F) -> F:
    function = click.option("--no-comment", "no_comment", is_flag=True,
                            help="Không ghi nhận xét lên yêu cầu hợp nhất.")(function)
    return click.option("--pr", type=int, required=True, metavar="SỐ", help="Số của yêu cầu hợp nhất.")(function)


def _run_preview(obj: AppContext, action: str, pr: int, output: Path | None, base: str, no_comment: bool) -> None:
    import os

    from pipeline.workflow.deploy import DeployError
    from pipeline.workflow.forge import ForgeError
    from pipeline.workflow.preview import run

    folder = output or Path(os.environ.get("BANTIN_OUTPUT") or "output")
    try:
        run(action, pr, folder, base, str(obj.content), click.echo, comment=not no_comment)
    except (DeployError, ForgeError) as exc:
        _fail(str(exc))


@preview.command("publish", options_metavar="[TÙY CHỌN]")
@_preview_options
@click.option("--output", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Bản dựng thử (mặc định: BANTIN_OUTPUT hoặc output).")
@click.option("--base", default="origin/main", show_default=True, metavar="NHÁNH",
              help="Nhánh đích, để tìm bài thay đổi.")
@click.pass_obj
def preview_publish(obj: AppContext, pr: int, no_comment: bool, output: Path | None, base: str) -> None:
    """Đăng bản xem trước của yêu cầu hợp nhất và ghi nhận xét có đường dẫn.

    Ví dụ: pipeline preview publish --pr 12 --base origin/main
    """
    _run_preview(obj, "publish", pr, output, base, no_comment)


@preview.command("remove", options_metavar="[TÙY CHỌN]")
@_preview_options
@click.pass_obj
def preview_remove(obj: AppContext, pr: int, no_comment: bool) -> None:
    """Gỡ bản xem trước khi yêu cầu hợp nhất đóng.

    Ví dụ: pipeline preview remove --pr 12
    """
    _run_preview(obj, "remove", pr, None, "origin/main", no_comment)
