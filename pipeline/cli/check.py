"""`pipeline check` (run the editorial rules) and `pipeline rules` (list and document them)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from pipeline.checks.api import CheckError
from pipeline.checks.engine import apply_strict, run_checks
from pipeline.checks.output import FORMATS, CheckReport, render
from pipeline.cli.context import AppContext

# The generated rule reference (a cog block calling registry.rules_markdown; `make docs` refreshes it too).
RULES_PAGE = Path("docs/reference/rules.md")


class CheckFailed(click.ClickException):
    """The check could not run (missing folder, bad Git reference): exit 2, unlike 'findings' (1)."""

    exit_code = 2

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"Lỗi: {self.message}", err=True)


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[ĐƯỜNG_DẪN]...")
@click.option("--changed-since", "changed_since", metavar="REF",
              help="Chỉ kiểm tra bài thay đổi kể từ mốc Git REF (ví dụ origin/main), kể cả chưa commit.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: theo từng tệp; json: danh sách; github: chú thích trên pull request; "
                   "markdown: bình luận pull request.")
@click.option("--strict", is_flag=True, help="Coi cảnh báo là lỗi (mã thoát 1).")
@click.pass_obj
def check(obj: AppContext, paths: tuple[Path, ...], changed_since: str | None, fmt: str, strict: bool) -> None:
    """Kiểm tra tin, bài theo quy định của Ban Biên tập (Công văn 1666/LĐLĐ).

    Không ghi ĐƯỜNG_DẪN (tệp hoặc thư mục): kiểm tra toàn bộ thư mục bài viết. Mã thoát 1 khi có lỗi, 0 khi không có.
    Xem danh sách quy tắc: pipeline rules.

    \b
    Ví dụ:
      pipeline check
      pipeline check content/van-phong/2026/lich-tiep-doan-vien.md
      pipeline check --changed-since origin/main --format github
    """
    from pipeline.checks.changed import changed_since as find_changed
    from pipeline.checks.engine import collect_targets
    from pipeline.content.layout import IMAGES

    content = obj.content
    config = obj.config
    try:
        if not content.is_dir():
            raise CheckError(f"Không tìm thấy thư mục bài viết '{content}'; hãy chạy lệnh trong thư mục dự án "
                             "hoặc chỉ rõ bằng --content.")
        targets = collect_targets(content, paths) if paths else None
        image_folders: list[Path] = []
        scope = ""
        if changed_since:
            changed = find_changed(content, changed_since)
            wanted = changed.articles
            if targets is not None:
                chosen = {p.resolve() for p in targets}
                wanted = [p for p in wanted if p.resolve() in chosen]
            targets = wanted
            image_folders = list(changed.image_folders)
            for deleted in changed.deleted_articles:
                image_folders += sorted((content / IMAGES).glob(f"*/{deleted.stem}"))
            scope = f"thay đổi kể từ {changed_since}"
        run = run_checks(config, content, targets, image_folders)
    except CheckError as exc:
        raise CheckFailed(str(exc)) from None
    findings = apply_strict(run.findings) if strict else run.findings
    report = CheckReport(findings, run.checked, scope)
    options = {"color": sys.stdout.isatty()} if fmt == "text" else {}
    click.echo(render(report, fmt, **options), nl=False)
    if report.errors:
        sys.exit(1)


@click.command("rules")
@click.argument("code", required=False, metavar="[MÃ]")
@click.option("--markdown", is_flag=True, help="In bảng quy tắc dạng Markdown (dùng cho tài liệu).")
@click.option("--write", "write_to", type=click.Path(path_type=Path), metavar="[TỆP]", is_flag=False,
              flag_value=str(RULES_PAGE),
              help=f"Làm mới bảng quy tắc trong TỆP (mặc định {RULES_PAGE}): chạy lại khối cog sinh bảng.")
@click.pass_obj
def rules(obj: AppContext, code: str | None, markdown: bool, write_to: Path | None) -> None:
    """Liệt kê các quy tắc kiểm tra tin, bài: mã, mức, nội dung; hoặc giải thích một quy tắc.

    \b
    Ví dụ:
      pipeline rules
      pipeline rules BT302
      pipeline rules --write
    """
    from pipeline.checks import registry

    if write_to is not None:
        _regenerate(write_to)
        click.echo(f"Đã cập nhật bảng {len(registry.load_rules())} quy tắc trong {write_to}.")
        return
    if markdown:
        click.echo(registry.rules_markdown(), nl=False)
        return
    configured = _configured_levels(obj)
    if code:
        rule = registry.get_rule(code)
        if rule is None:
            raise CheckFailed(f"Không có quy tắc '{code}'; xem danh sách bằng lệnh: pipeline rules.")
        click.echo(registry.rule_details(rule, configured.get(rule.code)))
        return
    for rule in registry.load_rules():
        level = rule.severity_vi
        if rule.code in configured:
            level += f" → {configured[rule.code]} (editorial.yml)"
        click.echo(f"{rule.code}  {level:<12} {rule.doc.what}")


def _configured_levels(obj: AppContext) -> dict[str, str]:
    """Overrides from editorial.yml, or none when it cannot be read (the list is still useful)."""
    try:
        return dict(obj.config.check_severity)
    except click.ClickException:
        return {}


def _regenerate(path: Path) -> None:
    """Run the page's cog blocks (cogapp, a dev dependency) in place, as `make docs` does."""
    try:
        from cogapp import Cog
        from cogapp.cogapp import CogError
    except ImportError:
        raise CheckFailed("Chưa cài cogapp (công cụ sinh tài liệu); hãy chạy: make install-test.") from None
    if not path.is_file():
        raise CheckFailed(f"Không tìm thấy tệp '{path}'.")
    if "[[[cog" not in path.read_text(encoding="utf-8", errors="replace"):
        raise CheckFailed(f"Trong '{path}' không có khối [[[cog … ]]] nào để sinh bảng quy tắc.")
    cog = Cog()
    cog.set_output(stdout=io.StringIO())  # its "Cogging …" line; the command prints its own
    try:
        cog.callable_main(["cog", "-r", str(path)])
    except CogError as exc:
        raise CheckFailed(f"Không sinh được bảng quy tắc trong '{path}': {exc}") from None
