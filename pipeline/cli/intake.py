"""`pipeline ingest`, `pipeline template` and `pipeline config`."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from pipeline.cli.context import EXIT_INTERNAL, EXIT_REFUSED, EXIT_USAGE, AppContext
from pipeline.core.messages import Level
from pipeline.intake.ingest import Outcome, RunRefused, Workspace, ingest_all


def _console() -> Console:
    """Wide enough for file paths when output goes to a log or CI rather than a terminal."""
    import sys

    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


_STATUS = {"published": "[green]đã nhận[/]", "refused": "[red]bị từ chối[/]", "duplicate": "[yellow]trùng[/]"}


@click.command()
@click.pass_obj
def ingest(obj: AppContext) -> None:
    """Chuyển các tệp trong hộp tin thành bài viết Markdown.

    Mỗi tệp .docx (hoặc thư mục gồm một tệp Word, ảnh và meta.yml) trong hộp tin
    trở thành content/<lĩnh vực>/<năm>/<slug>.md; tệp gốc được chuyển vào
    submissions/processed/ sau khi bài đã ghi xong. Mã thoát: 0 mọi tệp đều được
    nhận, 1 có tệp bị từ chối, 2 sai cách dùng hoặc cấu hình (hoặc hộp tin đang bận,
    chỉ cho đọc), 3 lỗi nội bộ của hệ thống.

    Ví dụ: pipeline ingest
    """
    config = obj.config
    console = _console()
    try:
        outcomes = ingest_all(Workspace(obj.content, obj.inbox, config), obj.now())
    except RunRefused as refused:
        console.print(f"{refused.message.code} {refused.message.level.vietnamese}: {refused.message.text}", soft_wrap=True)
        raise SystemExit(EXIT_USAGE) from None
    if not outcomes:
        console.print(f"Hộp tin '{obj.inbox}' không có tệp mới. Không có gì thay đổi.")
        return
    print_summary(console, outcomes, config)
    refused_count = sum(o.refused for o in outcomes)
    done = sum(o.status == "published" for o in outcomes)
    console.print(f"\nĐã nhận {done} bài, từ chối {refused_count}, trùng {sum(o.status == 'duplicate' for o in outcomes)}.")
    if refused_count:
        console.print("Tệp bị từ chối vẫn nằm trong hộp tin; hãy sửa theo hướng dẫn ở trên rồi chạy lại.")
    if any(o.internal for o in outcomes):
        raise SystemExit(EXIT_INTERNAL)
    if refused_count:
        raise SystemExit(EXIT_REFUSED)


def print_summary(console: Console, outcomes: list[Outcome], config) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="Kết quả nhận tin, bài", show_lines=True)
    for col in ("Tệp gửi", "Kết quả", "Bài viết", "Đơn vị", "Lĩnh vực", "Biên tập viên"):
        table.add_column(col, overflow="fold")
    for o in outcomes:
        unit = config.units[o.unit].name if o.unit else ("Cộng tác viên" if o.status == "published" else "")
        topic = config.topics[o.topic].name if o.topic else ""
        editor = config.editors[o.editor].name if o.editor else ""
        article = str(o.article) if o.article else "\n".join(f"{m.code} {m.text}" for m in o.messages if m.level is Level.ERROR)
        table.add_row(o.submission, _STATUS[o.status], article, unit, topic, editor)
    console.print(table)
    for o in outcomes:
        notes = [m for m in o.messages if m.level is not Level.ERROR or o.status != "refused"]
        for m in notes:
            console.print(f"  [dim]{o.submission}:[/] {m.code} {m.level.vietnamese}: {m.text}", soft_wrap=True)


@click.command()
@click.argument("output", required=False, default="mau-tin-bai.docx", type=click.Path(path_type=Path),
                metavar="[TỆP]")
@click.pass_obj
def template(obj: AppContext, output: Path) -> None:
    """Tạo tệp mẫu tin bài (mau-tin-bai.docx) cho người gửi tin.

    Ví dụ: pipeline template mau-tin-bai.docx
    """
    from pipeline.intake.template import write_template

    write_template(output, obj.config)
    click.echo(f"Đã tạo tệp mẫu '{output}'. Gửi tệp này cho các đơn vị và cộng tác viên.")


@click.command("config")
@click.pass_obj
def show_config(obj: AppContext) -> None:
    """Kiểm tra editorial.yml và in bảng phân công biên tập.

    Ví dụ: pipeline config
    """
    config = obj.config
    console = _console()
    table = Table(title=f"Phân công biên tập — {config.site.name}")
    table.add_column("Lĩnh vực")
    table.add_column("Biên tập viên")
    for topic in config.topics.values():
        table.add_row(topic.name, config.editors[topic.editor].name)
    for unit in config.units.values():
        if unit.route_to:
            table.add_row(f"Đơn vị: {unit.name}", config.editors[unit.route_to].name)
    console.print(table)
    console.print(f"{len(config.units)} đơn vị, {len(config.topics)} lĩnh vực, {len(config.editors)} biên tập viên. Cấu hình hợp lệ.")
