"""Editorial reports: monthly quotas, timeliness and editor workload, as tables and charts.

    report = make_report(config, Path("content"), period=parse_month("2026-03"), now=now)
    text = render(report, "markdown")          # text | markdown | html | csv | json
    paths = write_report(report, "html", Path("reports"))

Data: the articles' front matter (pipeline.content.frontmatter) joined with the Git history (pipeline.report.gitlog);
figures: pipeline.report.figures; one renderer module per format; charts: pipeline.report.charts.
"""

from __future__ import annotations

import importlib
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pipeline.core.config import Config
from pipeline.core.dates import TZ
from pipeline.report.collect import join, load_fields
from pipeline.report.errors import ReportError
from pipeline.report.figures import build_report
from pipeline.report.gitlog import find_repository, read_history, resolve_main
from pipeline.report.model import Report
from pipeline.report.period import Period, month_period, parse_month, resolve_period

__all__ = [
    "FORMATS", "Period", "Report", "ReportError", "make_report", "month_period", "parse_month",
    "public_summary_enabled", "render", "resolve_period", "write_report",
]

# format → (renderer module, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("pipeline.report.render_text", "txt"),
    "markdown": ("pipeline.report.render_markdown", "md"),
    "html": ("pipeline.report.render_html", "html"),
    "csv": ("pipeline.report.render_csv", "csv"),
    "json": ("pipeline.report.render_json", "json"),
}


def make_report(config: Config, content: Path, *, period: Period, now: datetime, repo: Path | None = None,
                main: str = "main", public: bool = False) -> Report:
    """Read the articles and the Git history and compute every figure for `period`."""
    root, prefix = find_repository(content, repo)
    main_ref = resolve_main(root, main)
    # git works on the other core while this one reads the front matter.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(read_history, root, prefix, main_ref, not public, history_start(period))
        articles = load_fields(content)
        history = pending.result()
    return build_report(config, join(articles, content, history), period, now, main_ref, public=public)


def history_start(period: Period) -> datetime:
    """The oldest moment any figure counts: the 12-month trend, the year so far, or the period itself."""
    first = min(period.start, period.year_to_date().start, date(*period.trailing_months(12)[0], 1))
    # A day of slack: --since compares commit times, and a scheduled `date` may follow its merge.
    return datetime.combine(first - timedelta(days=1), time(0), TZ)


def render(report: Report, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ReportError(f"Định dạng '{fmt}' không được hỗ trợ; chọn một trong: {', '.join(FORMATS)}.")
    return importlib.import_module(FORMATS[fmt][0]).render(report)  # type: ignore[no-any-return]


def file_stem(report: Report) -> str:
    return f"{'thong-ke' if report.public else 'bao-cao'}-{report.period.slug}"


def write_report(report: Report, fmt: str, out: Path, content: Path | None = None) -> list[Path]:
    """Write the report into the folder `out`; CSV gives one file per table (UTF-8 with BOM for Excel)."""
    if content is not None and not report.public:
        try:
            out.resolve().relative_to(content.resolve())
        except ValueError:
            pass
        else:
            raise ReportError(f"Báo cáo là tài liệu nội bộ, không ghi vào thư mục bài viết '{content}' "
                              "(sẽ bị đăng lên trang); hãy chọn thư mục khác, ví dụ --out reports.")
    if out.exists() and not out.is_dir():
        raise ReportError(f"'{out}' là một tệp, không phải thư mục; hãy chọn thư mục khác cho --out.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        stem = file_stem(report)
        written: list[Path] = []
        if fmt == "csv":
            from pipeline.report.render_csv import render_files

            for name, text in render_files(report).items():
                path = out / f"{stem}-{name}"
                path.write_text(text, encoding="utf-8-sig", newline="")
                written.append(path)
            return written
        path = out / f"{stem}.{FORMATS[fmt][1]}"
        path.write_text(render(report, fmt), encoding="utf-8")
        return [path]
    except OSError as exc:
        raise ReportError(f"Không ghi được báo cáo vào '{out}': {exc.strerror or exc}. Hãy kiểm tra quyền ghi.") from None


def public_summary_enabled(config: Config) -> bool:
    """`reports: public_summary: true` in editorial.yml (default false: reports stay internal)."""
    return config.reports.public_summary
