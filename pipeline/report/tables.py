"""The report as titled tables with Vietnamese headings: what text, Markdown, HTML and CSV all show.

Cells hold raw values; `display` turns one into Vietnamese text and `raw` into a spreadsheet value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipeline.core.dates import TZ
from pipeline.core.workcal import format_hours_vi
from pipeline.report.model import STATUS_VI, UNIT_KIND_VI, Report, TimelinessRow
from pipeline.report.period import month_short

DASH = "—"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text | int | pct | hours | datetime | date | status | band

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "pct", "hours", "band")


@dataclass
class Table:
    key: str  # used in CSV file names
    title: str
    columns: list[Column]
    rows: list[list[object]]
    note: str = ""
    total: list[object] | None = None  # a closing "Tổng" row, shown in bold where possible
    chart: str | None = None  # the chart that goes with this table (HTML)

    def all_rows(self) -> list[list[object]]:
        return self.rows + ([self.total] if self.total else [])


def percent(value: float | None) -> str:
    if value is None:
        return DASH
    text = f"{value * 100:.1f}".replace(".", ",")
    return (text.removesuffix(",0")) + "%"


def display(value: object, kind: str) -> str:
    """A cell as the reader sees it."""
    if value is None or value == "":
        return DASH
    if kind == "pct":
        return percent(value)  # type: ignore[arg-type]
    if kind == "hours":
        return format_hours_vi(float(value))  # type: ignore[arg-type]
    if kind == "datetime" and isinstance(value, datetime):
        return f"{value.astimezone(TZ):%d/%m/%Y %H:%M}"
    if kind == "date" and isinstance(value, (date, datetime)):
        day = value.astimezone(TZ) if isinstance(value, datetime) else value
        return f"{day:%d/%m/%Y}"
    if kind == "status":
        return STATUS_VI.get(str(value), str(value))
    if kind == "band" and isinstance(value, tuple):
        low, high = value
        return f"{low}–{high}"
    return str(value)


def raw(value: object, kind: str) -> object:
    """A cell for a spreadsheet: plain numbers (percent 0–100, hours as decimals), ISO times."""
    if value is None:
        return ""
    if kind == "pct":
        return round(float(value) * 100, 1)  # type: ignore[arg-type]
    if kind == "hours":
        return round(float(value), 2)  # type: ignore[arg-type]
    if kind in ("datetime", "date") and isinstance(value, (date, datetime)):
        return value.astimezone(TZ).isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()
    if kind in ("status", "band"):
        return display(value, kind)
    return value


def summary(report: Report) -> list[str]:
    """The few sentences the editor-in-chief reads first."""
    p = report.period.label
    features = report.feature_count
    lines = [f"Đã đăng {report.published} tin, bài trong kỳ ({p}); bài chuyên sâu: {features}"
             + (f" ({percent(features / report.published)})." if report.published else ".")]
    if report.public:
        return lines
    depts = report.departments
    if depts:
        parts = []
        for status in ("met", "under", "over"):
            names = [d.name for d in depts if d.status == status]
            if names:
                parts.append(f"{len(names)} Ban {STATUS_VI[status]}" + ("" if status == "met" else f" ({', '.join(names)})"))
        lines.append(f"Hạn mức của các Ban ({report.quota_min}–{report.quota_max} tin, bài/tháng): " + "; ".join(parts) + ".")
    t = report.timeliness_total
    if t and (t.events or t.news):
        hours = f"{report.event_hours:g}".replace(".", ",")
        lines.append(f"Tin sự kiện gửi trong {hours} giờ làm việc: {t.events_on_time}/{t.events} ({percent(t.event_share)}); "
                     f"tin thời sự gửi trước {report.news_cutoff}: {t.news_on_time}/{t.news} ({percent(t.news_share)}).")
    if report.waiting:
        oldest = report.waiting[0]
        lines.append(f"Đang chờ duyệt: {len(report.waiting)} tin, bài; chờ lâu nhất {format_hours_vi(oldest.hours)} làm việc "
                     f"({oldest.editor_name}).")
    else:
        lines.append("Không có tin, bài nào đang chờ duyệt.")
    if report.review_hours_all:
        from statistics import median

        lines.append(f"Thời gian từ khi gửi đến khi hợp nhất (trung vị): {format_hours_vi(median(report.review_hours_all))} làm việc.")
    return lines


def _timeliness_cells(t: TimelinessRow) -> list[object]:
    return [t.name, t.events, t.events_on_time, t.event_share, t.news, t.news_on_time, t.news_share, t.median_lateness]


def build_tables(report: Report) -> list[Table]:
    p = report.period.label
    ytd = report.period.year_to_date()
    tables: list[Table] = []
    if not report.public:
        tables.append(Table(
            "han-muc-ban", f"Hạn mức tin, bài của các Ban LĐLĐ tỉnh — {p}",
            [Column("Ban"), Column("Số tin, bài", "int"), Column("Hạn mức", "band"), Column("Đánh giá", "status")],
            [[d.name, d.count, d.band, d.status] for d in report.departments],
            note=f"Công văn 1666/LĐLĐ: mỗi Ban {report.quota_min}–{report.quota_max} tin, bài/tháng; "
                 "thiếu = dưới hạn mức, đạt = trong hạn mức, vượt = trên hạn mức.",
            chart="quota",
        ))
        tables.append(Table(
            "don-vi", f"Tin, bài theo đơn vị — {p} và từ đầu năm {ytd.end.year}",
            [Column("Đơn vị"), Column("Loại đơn vị"), Column("Trong kỳ", "int"), Column("Đánh giá trong kỳ", "status"),
             Column(f"Từ đầu năm (đến {ytd.end:%d/%m})", "int"), Column("Hạn mức từ đầu năm", "band"),
             Column("Đánh giá từ đầu năm", "status")],
            [[u.name, UNIT_KIND_VI.get(u.kind, u.kind), u.count, u.status, u.ytd, u.ytd_band, u.ytd_status]
             for u in report.units],
            total=["Tổng cộng", "", sum(u.count for u in report.units), None, sum(u.ytd for u in report.units), None, None],
            note="Hạn mức chỉ áp dụng cho các Ban LĐLĐ tỉnh.",
        ))
        hours = f"{report.event_hours:g}".replace(".", ",")
        tables.append(Table(
            "dung-han", f"Tin gửi đúng hạn theo đơn vị — {p}",
            [Column("Đơn vị"), Column("Tin sự kiện", "int"), Column(f"Trong {hours} giờ làm việc", "int"),
             Column("Tỷ lệ tin sự kiện đúng hạn", "pct"), Column("Tin thời sự", "int"),
             Column(f"Gửi trước {report.news_cutoff}", "int"), Column("Tỷ lệ tin thời sự đúng hạn", "pct"),
             Column("Trễ trung vị (giờ làm việc)", "hours")],
            [_timeliness_cells(t) for t in report.timeliness],
            total=_timeliness_cells(report.timeliness_total) if report.timeliness_total and report.timeliness else None,
            note=f"Tin gửi trong kỳ (theo submitted_at). Tin sự kiện: không quá {hours} giờ làm việc kể từ sự kiện; "
                 f"tin thời sự: chậm nhất {report.news_cutoff} hằng ngày. Trễ trung vị tính trên các tin gửi trễ.",
            chart="timeliness",
        ))
        tables.append(Table(
            "bien-tap-vien", "Biên tập viên: tin, bài chờ duyệt và thời gian duyệt",
            [Column("Biên tập viên"), Column("Phụ trách"), Column("Đang chờ duyệt", "int"),
             Column("Chờ lâu nhất (giờ làm việc)", "hours"), Column("Đã đăng trong kỳ", "int"),
             Column("Từ gửi đến hợp nhất, trung vị (giờ làm việc)", "hours")],
            [[e.name, ", ".join(e.topics), e.waiting, e.oldest_hours, e.published, e.median_hours] for e in report.editors],
            note=f"Đang chờ duyệt: nhánh tin/* chưa hợp nhất vào {report.main_ref}, tính đến "
                 f"{report.generated_at:%d/%m/%Y %H:%M}. Từ gửi đến hợp nhất: từ lúc đơn vị gửi (submitted_at) đến khi biên tập viên hợp nhất bài vào "
                 f"{report.main_ref}; đã đăng: theo thời điểm đăng (hợp nhất, hoặc giờ hẹn đăng nếu muộn hơn).",
        ))
        tables.append(Table(
            "cho-duyet", "Tin, bài đang chờ duyệt",
            [Column("Nhánh"), Column("Tiêu đề"), Column("Đơn vị"), Column("Biên tập viên"),
             Column("Gửi lúc (submitted_at)", "datetime"), Column("Đã chờ từ lúc gửi (giờ làm việc)", "hours")],
            [[w.branch, w.title, w.unit_name, w.editor_name, w.since, w.hours] for w in report.waiting],
        ))
    if report.public:
        tables.append(Table(
            "don-vi", f"Tin, bài theo đơn vị — {p} và từ đầu năm {ytd.end.year}",
            [Column("Đơn vị"), Column("Trong kỳ", "int"), Column(f"Từ đầu năm (đến {ytd.end:%d/%m})", "int")],
            [[u.name, u.count, u.ytd] for u in report.units if u.count or u.ytd],
            total=["Tổng cộng", sum(u.count for u in report.units), sum(u.ytd for u in report.units)],
        ))
    tables.append(Table(
        "linh-vuc", f"Tin, bài theo lĩnh vực — {p}",
        [Column("Lĩnh vực"), Column("Số tin, bài", "int"), Column("Tỷ lệ", "pct")],
        [[t.name, t.count, t.share] for t in report.topics],
        total=["Tổng cộng", report.published, 1.0 if report.published else None],
    ))
    tables.append(Table(
        "loai-tin", f"Tin, bài theo loại — {p}",
        [Column("Loại tin"), Column("Số tin, bài", "int"), Column("Tỷ lệ", "pct")],
        [[k.name, k.count, k.share] for k in report.kinds],
        note="Công văn 1666/LĐLĐ đề nghị tăng bài viết chuyên sâu (Bài chuyên sâu).",
    ))
    if not report.public:
        tables.append(Table(
            "bai-chuyen-sau", f"Bài chuyên sâu đã đăng — {p}",
            [Column("Tiêu đề"), Column("Đơn vị"), Column("Lĩnh vực"), Column("Ngày đăng", "date")],
            [[f.title, f.unit_name, f.topic_name, f.published_at] for f in report.features],
        ))
    months = report.trend_months
    tables.append(Table(
        "xu-huong-12-thang", f"Tin, bài đã đăng trong 12 tháng theo lĩnh vực (đến {months[-1][1]}/{months[-1][0]})",
        [Column("Lĩnh vực"), *(Column(month_short(y, m), "int") for y, m in months), Column("Tổng", "int")],
        [[t.name, *t.counts, sum(t.counts)] for t in report.trend],
        total=["Tổng cộng", *(sum(col) for col in zip(*(t.counts for t in report.trend))),
               sum(sum(t.counts) for t in report.trend)] if report.trend else None,
        chart="trend",
    ))
    return tables
