"""Compute every figure of the report from the collected records: quota, timeliness, workflow, mix, trend."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime

from pipeline.core.config import Config, Unit
from pipeline.core.dates import TZ
from pipeline.core.deadlines import timeliness, waiting_hours
from pipeline.report.collect import Collected
from pipeline.report.model import (
    COLLABORATORS,
    EditorRow,
    FeatureRow,
    MixRow,
    Record,
    Report,
    TimelinessRow,
    TrendRow,
    UnitRow,
    WaitingRow,
    share,
)
from pipeline.report.period import Period


def unit_name(config: Config, unit: str | None) -> str:
    if unit is None:
        return COLLABORATORS
    found = config.units.get(unit)
    return found.name if found else unit


def topic_name(config: Config, topic: str | None) -> str:
    found = config.topics.get(topic or "")
    return found.name if found else (topic or "(chưa có lĩnh vực)")


def editor_name(config: Config, editor: str | None) -> str:
    found = config.editors.get(editor or "")
    return found.name if found else (editor or "(chưa có biên tập viên)")


def build_report(config: Config, collected: Collected, period: Period, now: datetime,
                 main_ref: str = "main", public: bool = False) -> Report:
    q = config.quota
    report = Report(
        site_name=config.site.name,
        period=period,
        generated_at=now.astimezone(TZ),
        main_ref=main_ref,
        quota_min=q.department_monthly_min,
        quota_max=q.department_monthly_max,
        event_hours=config.deadlines.event_working_hours,
        news_cutoff=f"{config.deadlines.timely_news_cutoff:%H:%M}",
        public=public,
    )
    published = [r for r in collected.records if r.published_at is not None]
    in_period = [r for r in published if period.contains(r.published_at)]
    report.published = len(in_period)
    report.units = _units(config, published, in_period, period)
    report.topics, report.kinds = _mix(config, in_period)
    report.trend_months = period.trailing_months(12)
    report.trend = _trend(config, published, report.trend_months)
    if public:
        return report
    report.notes = list(collected.notes)
    unmerged = sum(1 for r in collected.records if r.published_at is None and r.status == "published"
                   and r.path not in collected.on_main)
    if unmerged:
        report.notes.append(f"{unmerged} bài trong thư mục bài viết chưa có trên nhánh {main_ref} (chưa được duyệt, "
                            "hợp nhất) nên chưa được tính là đã đăng.")
    report.features = [
        FeatureRow(r.title, unit_name(config, r.unit), topic_name(config, r.topic), r.published_at, r.path)  # type: ignore[arg-type]
        for r in sorted(in_period, key=lambda r: (r.published_at, r.path))
        if r.kind == "feature"
    ]
    # Timeliness is about sending: every item submitted in the period, merged or still waiting.
    submitted = {r.path: r for r in collected.records}
    for _item, r in collected.waiting:
        submitted.setdefault(r.path, r)
    report.timeliness, report.timeliness_total = _timeliness(
        config, [r for r in submitted.values() if period.contains(r.submitted_at)])
    report.editors, report.waiting, report.review_hours_all = _workflow(config, collected, in_period, now)
    return report


def _counted_from(config: Config, unit: Unit) -> date | None:
    """The first day a unit's quota counts: the later of `reports.start` and the unit's own `start`."""
    starts = [d for d in (config.reports.start, unit.start) if d is not None]
    return max(starts) if starts else None


def _months_from(period: Period, start: date | None) -> int:
    """Months of the period on or after `start` (a month that starts counting mid-way counts)."""
    if start is None or start <= period.start:
        return len(period.months)
    if start > period.end:
        return 0
    return len(Period(start, period.end).months)


def _units(config: Config, published: list[Record], in_period: list[Record], period: Period) -> list[UnitRow]:
    ytd_period = period.year_to_date()
    month_count = Counter(r.unit for r in in_period)
    ytd_count = Counter(r.unit for r in published if ytd_period.contains(r.published_at))
    low, high = config.quota.department_monthly_min, config.quota.department_monthly_max
    rows: list[UnitRow] = []
    for unit in config.units.values():
        if not unit.active and not (month_count[unit.slug] or ytd_count[unit.slug]):
            continue
        row = UnitRow(unit.slug, unit.name, unit.kind, month_count[unit.slug], ytd_count[unit.slug])
        if unit.kind == "department":
            # The letter asks each department for 1–2 items a month; a longer period scales the band,
            # counted only from the newsroom's (or the unit's) start: no "thiếu" before there was a site.
            start = _counted_from(config, unit)
            months, ytd_months = _months_from(period, start), _months_from(ytd_period, start)
            row.band = (low * months, high * months) if months else None
            row.ytd_band = (low * ytd_months, high * ytd_months) if ytd_months else None
            if start is not None and start > ytd_period.start:
                row.ytd = len([r for r in published if r.unit == unit.slug and r.published_at is not None
                               and ytd_period.contains(r.published_at) and r.published_at.astimezone(TZ).date() >= start])
        rows.append(row)
    if month_count[None] or ytd_count[None]:
        rows.append(UnitRow(None, COLLABORATORS, "collaborator", month_count[None], ytd_count[None]))
    for slug in sorted({u for u in (*month_count, *ytd_count) if u is not None and u not in config.units}):
        rows.append(UnitRow(slug, slug, "unknown", month_count[slug], ytd_count[slug]))
    return rows


def _mix(config: Config, in_period: list[Record]) -> tuple[list[MixRow], list[MixRow]]:
    total = len(in_period)
    by_topic = Counter(r.topic for r in in_period)
    topics = [MixRow(t.slug, t.name, by_topic[t.slug], share(by_topic[t.slug], total)) for t in config.topics.values()]
    topics += [MixRow(str(k), topic_name(config, k), n, share(n, total))
               for k, n in sorted(by_topic.items(), key=lambda kv: str(kv[0])) if k not in config.topics]
    by_kind = Counter(r.kind for r in in_period)
    kinds = [MixRow(k.slug, k.name, by_kind[k.slug], share(by_kind[k.slug], total)) for k in config.kinds.values()]
    kinds += [MixRow(str(k), str(k or "(chưa có loại tin)"), n, share(n, total))
              for k, n in sorted(by_kind.items(), key=lambda kv: str(kv[0])) if k not in config.kinds]
    return topics, kinds


def _trend(config: Config, published: list[Record], months: list[tuple[int, int]]) -> list[TrendRow]:
    index = {m: i for i, m in enumerate(months)}
    counts: dict[str | None, list[int]] = defaultdict(lambda: [0] * len(months))
    for r in published:
        local = r.published_at.astimezone(TZ)  # type: ignore[union-attr]
        i = index.get((local.year, local.month))
        if i is not None:
            counts[r.topic][i] += 1
    rows = [TrendRow(t.slug, t.name, counts[t.slug] if t.slug in counts else [0] * len(months))
            for t in config.topics.values()]
    rows += [TrendRow(str(k), topic_name(config, k), v) for k, v in counts.items() if k not in config.topics]
    return rows


def _timeliness(config: Config, items: list[Record]) -> tuple[list[TimelinessRow], TimelinessRow]:
    rows: dict[str | None, TimelinessRow] = {}
    total = TimelinessRow(None, "Tất cả đơn vị")
    for r in sorted(items, key=lambda r: r.path):
        verdict = timeliness(r.kind, r.event_time, r.submitted_at, config)
        if verdict is None or verdict.status == "unknown":
            continue
        on_time = verdict.on_time
        late = verdict.late_hours if verdict.late else None
        row = rows.setdefault(r.unit, TimelinessRow(r.unit, unit_name(config, r.unit)))
        for target in (row, total):
            if r.kind == "event":
                target.events += 1
                target.events_on_time += on_time
            else:
                target.news += 1
                target.news_on_time += on_time
            if late is not None:
                target.lateness.append(late)
    order = {slug: i for i, slug in enumerate(config.units)}
    ordered = sorted(rows.values(), key=lambda t: (t.unit is None, order.get(t.unit or "", len(order)), t.name))
    return ordered, total


def _workflow(config: Config, collected: Collected, in_period: list[Record],
              now: datetime) -> tuple[list[EditorRow], list[WaitingRow], list[float]]:
    editors: dict[str, EditorRow] = {}
    for slug, e in config.editors.items():
        topics = [t.name for t in config.topics.values() if t.editor == slug]
        topics += [u.name for u in config.units.values() if u.route_to == slug]
        editors[slug] = EditorRow(slug, e.name, topics)

    def row_for(slug: str | None) -> EditorRow:
        key = slug or ""
        if key not in editors:
            editors[key] = EditorRow(key, editor_name(config, slug), [])
        return editors[key]

    waiting: list[WaitingRow] = []
    for item, r in collected.waiting:
        editor = r.editor
        if editor is None and r.topic in config.topics:
            editor = config.route(r.unit, r.topic).slug  # type: ignore[arg-type]
        since = r.submitted_at or item.since
        hours = waiting_hours(since, now, config)
        waiting.append(WaitingRow(item.branch, item.path, r.title, unit_name(config, r.unit), editor,
                                  editor_name(config, editor), since, hours))
        row = row_for(editor)
        row.waiting += 1
        row.oldest_hours = max(row.oldest_hours or 0.0, hours)
    waiting.sort(key=lambda w: (-w.hours, w.branch, w.path))
    all_hours: list[float] = []
    for r in in_period:
        row = row_for(r.editor)
        row.published += 1
        sent = r.submitted_at or r.first_commit
        if sent is not None and r.merged_at is not None:
            hours = waiting_hours(sent, r.merged_at, config)
            row.review_hours.append(hours)
            all_hours.append(hours)
    # The editor-in-chief has no topic of her own: listed only when something is hers.
    rows = [e for e in editors.values() if e.topics or e.waiting or e.published]
    return rows, waiting, all_hours
