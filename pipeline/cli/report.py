"""`pipeline report`: the editorial report (quotas, timeliness, editors' workload, content mix, charts)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.cli.context import AppContext

_EXAMPLES = """\b
Ví dụ:
  pipeline report --month 2026-03
  pipeline report --month 2026-03 --format markdown > bao-cao.md
  pipeline report --month 2026-03 --format html --out reports
  pipeline report --from 2026-01-01 --to 2026-03-31 --format csv --out reports
"""


def _fail(text: str) -> None:
    click.echo(f"Lỗi: {text}", err=True)
    sys.exit(2)


@click.command(epilog=_EXAMPLES)
@click.option("--month", metavar="YYYY-MM", help="Tháng báo cáo, ví dụ 2026-03 (mặc định: tháng hiện tại).")
@click.option("--from", "start", metavar="NGÀY", help="Ngày bắt đầu (2026-01-01 hoặc 01/01/2026).")
@click.option("--to", "end", metavar="NGÀY", help="Ngày kết thúc, tính cả ngày này (mặc định: hôm nay).")
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "markdown", "html", "csv", "json"]), help="Định dạng báo cáo.")
@click.option("--out", type=click.Path(path_type=Path), metavar="THƯ-MỤC",
              help="Ghi báo cáo vào thư mục này (ví dụ reports) thay vì in ra màn hình.")
@click.option("--repo", type=click.Path(path_type=Path), metavar="THƯ-MỤC",
              help="Kho Git của trang (mặc định: kho chứa thư mục bài viết).")
@click.option("--main", "main_branch", default="main", show_default=True, metavar="NHÁNH",
              help="Nhánh chính (bài đã đăng).")
@click.pass_obj
def report(obj: AppContext, month: str | None, start: str | None, end: str | None, fmt: str, out: Path | None,
           repo: Path | None, main_branch: str) -> None:
    """Báo cáo Ban Biên tập: hạn mức, đúng hạn, chờ duyệt, cơ cấu tin bài, biểu đồ.

    Đọc các bài viết (phần thông tin đầu bài) và lịch sử Git (khi bài được gửi và
    được hợp nhất vào nhánh chính), rồi lập báo cáo cho một tháng hoặc một khoảng
    ngày. Báo cáo là tài liệu nội bộ. Mã thoát 2 khi tham số sai.
    """
    from pipeline.report import ReportError, make_report, render, resolve_period, write_report

    config = obj.config
    now = obj.now()
    try:
        period = resolve_period(month, start, end, now.date())
        result = make_report(config, obj.content, period=period, now=now, repo=repo, main=main_branch)
        if out is None:
            click.echo(render(result, fmt), nl=False)
            return
        for path in write_report(result, fmt, out, content=obj.content):
            click.echo(f"Đã ghi {path}")
    except ReportError as exc:
        _fail(str(exc))
