"""Pelican plugin: the public summary page /thong-ke/ — counts only, no contributor or editor names.

Reports are internal. This page is built only when editorial.yml says

    reports:
      public_summary: true

and the plugin is listed in pelicanconf.py PLUGINS as "pipeline.site.report_summary". It counts the
articles the site lists (published, not withdrawn) by their publication date: this month and the year so
far per unit (outside collaborators as one row), per topic and kind, and the last 12 months per topic.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pelican import signals

from pipeline.core.dates import aware
from pipeline.report import public_summary_enabled
from pipeline.report.collect import Collected
from pipeline.report.figures import build_report
from pipeline.report.model import Record, Report
from pipeline.report.period import Period, month_period
from pipeline.site.lifecycle import now as build_clock
from pipeline.site.visibility import is_listed

DEFAULT_URL = "thong-ke/"
DEFAULT_SAVE_AS = "thong-ke/index.html"
TITLE = "Thống kê tin, bài"


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def summary_report(config: Any, articles: list[Any], now: datetime) -> Report:
    """Counts-only report of the current month (and year so far) from the site's own articles."""
    records = []
    for a in articles:
        if not is_listed(a):
            continue
        meta = a.metadata
        records.append(Record(
            path=str(getattr(a, "source_path", "")), title="", unit=_text(meta.get("unit")),
            topic=_text(meta.get("topic")), kind=_text(meta.get("kind")), editor=None, status="published",
            published_at=aware(a.date),
        ))
    # The month so far: "the year so far" then ends today, not at the end of the month.
    month = month_period(now.year, now.month)
    period = Period(month.start, min(month.end, now.date()), is_month=True)
    return build_report(config, Collected(records, []), period, now, public=True)


class SummaryPage:
    """What the theme's page.html reads from a page."""

    def __init__(self, title: str, content: str, summary: str, url: str, save_as: str):
        self.title, self.content, self.summary = title, content, summary
        self.url, self.save_as, self.slug = url, save_as, url.strip("/").replace("/", "-")
        self.metadata: dict[str, Any] = {"title": title}
        self.lang = "vi"


def write_summary(generator: Any, writer: Any) -> None:
    settings = generator.settings
    config = settings.get("EDITORIAL")
    if config is None or not public_summary_enabled(config):
        return
    from pipeline.report.render_html import render_fragment
    from pipeline.report.tables import summary

    report = summary_report(config, generator.articles, build_clock())
    url = settings.get("REPORT_SUMMARY_URL", DEFAULT_URL)
    save_as = settings.get("REPORT_SUMMARY_SAVE_AS", DEFAULT_SAVE_AS)
    page = SummaryPage(f"{TITLE} — {report.period.label}", render_fragment(report), summary(report)[0], url, save_as)
    writer.write_file(save_as, generator.get_template("page"), generator.context,
                      relative_urls=settings["RELATIVE_URLS"], url=url, page=page, template_name="page",
                      page_name=url.rstrip("/"))


def register() -> None:
    signals.article_writer_finalized.connect(write_summary)
