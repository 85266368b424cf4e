"""The report's charts as inline SVG, drawn with matplotlib (no pyplot state, no display needed).

Text is drawn as glyph paths from the bundled DejaVu Sans, so Vietnamese diacritics look the same in
every browser and mail client, with or without Vietnamese fonts installed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from pipeline.report.errors import ReportError
from pipeline.report.model import MET, OVER, STATUS_VI, UNDER, Report
from pipeline.report.period import month_short

# Colour-blind-safe (Okabe–Ito); quota colours match the HTML badges.
STATUS_COLOURS = {UNDER: "#D55E00", MET: "#009E73", OVER: "#0072B2"}
SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000"]
_STYLE: dict[str, Any] = {
    "svg.fonttype": "path",
    "svg.hashsalt": "bantin-report",  # stable ids: the same data gives the same file
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "axes.titlesize": 12,
}


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(fig: Any, prefix: str, title: str) -> str:
    """Serialise for inlining in HTML: no XML prolog, unique ids, scalable, with an accessible name."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'<svg ([^>]*?)width="[^"]+" height="[^"]+"',
                 rf'<svg \1width="100%" role="img" aria-labelledby="{prefix}-title" class="chart"', svg, count=1)
    head_end = svg.index(">") + 1
    from html import escape

    return svg[:head_end] + f'<title id="{prefix}-title">{escape(title)}</title>' + svg[head_end:]


NO_MATPLOTLIB = ("Biểu đồ của báo cáo HTML được vẽ bằng matplotlib, chưa được cài trên máy này: chạy "
                 "`make install-reports` (hoặc `pip install -e '.[reports]'`) rồi chạy lại, hoặc chọn "
                 "--format markdown, text, csv hay json.")


def _draw(prefix: str, title: str, width: float, height: float, draw: Callable[[Any], None]) -> str:
    try:
        import matplotlib  # the [reports] extra: not installed with the site (make install)
    except ImportError as exc:
        raise ReportError(NO_MATPLOTLIB) from exc

    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        fig = _figure(width, height)
        draw(fig)
        return _svg(fig, prefix, title)


def quota_chart(report: Report) -> str | None:
    depts = report.departments
    if not depts:
        return None
    title = f"Tin, bài của các Ban LĐLĐ tỉnh — {report.period.label}"

    def draw(fig: Any) -> None:
        from matplotlib.patches import Patch

        ax = fig.add_subplot()
        names = [d.name for d in depts][::-1]
        counts = [d.count for d in depts][::-1]
        colours = [STATUS_COLOURS[d.status or MET] for d in depts][::-1]
        low, high = depts[0].band or (report.quota_min, report.quota_max)
        ax.axvspan(low, high, color="#009E73", alpha=0.15, lw=0)
        ax.axvline(low, color="#009E73", lw=1, ls="--")
        ax.axvline(high, color="#009E73", lw=1, ls="--")
        bars = ax.barh(names, counts, color=colours, height=0.6)
        statuses = [d.status or MET for d in depts][::-1]
        labels = ax.bar_label(bars, labels=[f"{n} ({STATUS_VI[s]})" for n, s in zip(counts, statuses)], padding=3)
        for label, status in zip(labels, statuses):
            label.set_color(STATUS_COLOURS[status] if status != MET else "#1b1f24")
        ax.set_xlim(0, max([high + 1, *counts]) * 1.15 + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("Số tin, bài đã đăng")
        ax.set_title(title, loc="left")
        ax.legend(handles=[
            Patch(color="#009E73", alpha=0.15, label=f"Hạn mức {low}–{high} tin, bài"),
            Patch(color=STATUS_COLOURS[UNDER], label="thiếu"),
            Patch(color=STATUS_COLOURS[MET], label="đạt"),
            Patch(color=STATUS_COLOURS[OVER], label="vượt"),
        ], loc="upper center", bbox_to_anchor=(0.5, -0.18 if len(depts) > 4 else -0.3), ncols=4, fontsize=8,
            frameon=False)

    return _draw("chart-quota", title, 8, 0.45 * len(depts) + 2.0, draw)


def timeliness_chart(report: Report) -> str | None:
    rows = [t for t in report.timeliness if t.events or t.news]
    if not rows:
        return None
    title = f"Tỷ lệ tin gửi đúng hạn theo đơn vị — {report.period.label}"
    hours = f"{report.event_hours:g}".replace(".", ",")

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        names = [t.name for t in rows][::-1]
        ys = list(range(len(rows)))
        events = [(t.event_share * 100) if t.event_share is not None else 0 for t in rows][::-1]
        news = [(t.news_share * 100) if t.news_share is not None else 0 for t in rows][::-1]
        h = 0.38
        b1 = ax.barh([y + h / 2 for y in ys], events, height=h, color=SERIES[0],
                     label=f"Tin sự kiện trong {hours} giờ làm việc")
        b2 = ax.barh([y - h / 2 for y in ys], news, height=h, color=SERIES[1],
                     label=f"Tin thời sự trước {report.news_cutoff}")
        rev = rows[::-1]
        ax.bar_label(b1, labels=[_pct(t.event_share) for t in rev], padding=3, fontsize=8)
        ax.bar_label(b2, labels=[_pct(t.news_share) for t in rev], padding=3, fontsize=8)
        ax.set_yticks(ys, names)
        ax.set_xlim(0, 115)
        ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        ax.set_xlabel("Tỷ lệ gửi đúng hạn")
        ax.set_title(title, loc="left")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 if len(rows) > 3 else -0.25), ncols=2,
                  fontsize=8, frameon=False)

    return _draw("chart-timeliness", title, 8, 0.42 * len(rows) + 1.9, draw)


def _pct(value: float | None) -> str:
    """Bar label; a unit that sent none of that kind gets no bar and no label."""
    return "" if value is None else f"{value * 100:.0f}%"


def trend_chart(report: Report) -> str | None:
    if not report.trend:
        return None
    months = report.trend_months
    title = f"Tin, bài đã đăng trong 12 tháng theo lĩnh vực (đến tháng {months[-1][1]}/{months[-1][0]})"

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        xs = list(range(len(months)))
        for i, row in enumerate(report.trend):
            ax.plot(xs, row.counts, marker="o", ms=4, lw=2, color=SERIES[i % len(SERIES)], label=row.name)
        ax.set_xticks(xs, [month_short(y, m) for y, m in months])
        ax.set_ylim(bottom=0)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel("Số tin, bài")
        ax.grid(axis="y", alpha=0.3)
        ax.set_title(title, loc="left")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=3, fontsize=8, frameon=False)

    return _draw("chart-trend", title, 9, 4.6, draw)


CHARTS: dict[str, Callable[[Report], str | None]] = {
    "quota": quota_chart,
    "timeliness": timeliness_chart,
    "trend": trend_chart,
}
