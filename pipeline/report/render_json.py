"""JSON for spreadsheets and scripts: every figure with stable English keys and Vietnamese labels."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pipeline.core.dates import TZ
from pipeline.report.model import STATUS_VI, UNIT_KIND_VI, Report, median_or_none
from pipeline.report.period import month_short
from pipeline.report.tables import summary


def _time(value: datetime | None) -> str | None:
    return value.astimezone(TZ).isoformat(timespec="minutes") if value else None


def _hours(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def _share(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def _status(value: str | None) -> dict[str, str] | None:
    return {"code": value, "label": STATUS_VI[value]} if value else None


def as_dict(report: Report) -> dict[str, Any]:
    p = report.period
    data: dict[str, Any] = {
        "site": report.site_name,
        "period": {"start": p.start.isoformat(), "end": p.end.isoformat(), "label": p.label,
                   "month": p.slug if p.is_month else None},
        "generated_at": _time(report.generated_at),
        "public_summary": report.public,
        "summary": summary(report),
        "published": report.published,
        "units": [
            {"unit": u.unit, "name": u.name, "kind": u.kind, "kind_label": UNIT_KIND_VI.get(u.kind, u.kind),
             "count": u.count, "year_to_date": u.ytd}
            | ({} if report.public else {
                "quota": list(u.band) if u.band else None, "status": _status(u.status),
                "year_to_date_quota": list(u.ytd_band) if u.ytd_band else None,
                "year_to_date_status": _status(u.ytd_status)})
            for u in report.units
        ],
        "topics": [{"topic": t.key, "name": t.name, "count": t.count, "share": _share(t.share)} for t in report.topics],
        "kinds": [{"kind": k.key, "name": k.name, "count": k.count, "share": _share(k.share)} for k in report.kinds],
        "trend": {
            "months": [f"{y}-{m:02d}" for y, m in report.trend_months],
            "labels": [month_short(y, m) for y, m in report.trend_months],
            "topics": [{"topic": t.topic, "name": t.name, "counts": t.counts} for t in report.trend],
        },
    }
    if report.public:
        return data
    data["quota"] = {"department_monthly_min": report.quota_min, "department_monthly_max": report.quota_max}
    data["features"] = [{"title": f.title, "unit": f.unit_name, "topic": f.topic_name,
                         "published_at": _time(f.published_at), "path": f.path} for f in report.features]
    data["timeliness"] = {
        "event_working_hours": report.event_hours,
        "timely_news_cutoff": report.news_cutoff,
        "units": [_timeliness(t) for t in report.timeliness],
        "total": _timeliness(report.timeliness_total) if report.timeliness_total else None,
    }
    data["editors"] = [
        {"editor": e.editor, "name": e.name, "responsible_for": e.topics, "waiting": e.waiting,
         "oldest_waiting_hours": _hours(e.oldest_hours), "published": e.published,
         "median_submission_to_publication_hours": _hours(e.median_hours)}
        for e in report.editors
    ]
    data["waiting"] = [
        {"branch": w.branch, "path": w.path, "title": w.title, "unit": w.unit_name, "editor": w.editor,
         "editor_name": w.editor_name, "since": _time(w.since), "waiting_hours": _hours(w.hours)}
        for w in report.waiting
    ]
    data["median_submission_to_publication_hours"] = _hours(median_or_none(report.review_hours_all))
    data["notes"] = report.notes
    return data


def _timeliness(t: Any) -> dict[str, Any]:
    return {"unit": t.unit, "name": t.name, "event_news": t.events, "event_news_on_time": t.events_on_time,
            "event_news_share": _share(t.event_share), "timely_news": t.news, "timely_news_on_time": t.news_on_time,
            "timely_news_share": _share(t.news_share), "median_lateness_hours": _hours(t.median_lateness)}


def render(report: Report) -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"
