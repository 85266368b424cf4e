"""The checks, the pull request body, the intake label and the report give the same deadline answers.

Each case is one article; every consumer of pipeline.core.deadlines reads it and must say the same thing:
on time or late, and by how much (in working hours). Office hours 07:00–11:00, 13:00–17:00, Mon–Fri.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pipeline.content.frontmatter import read_article
from pipeline.core.dates import aware
from pipeline.core.workcal import format_hours_vi
from pipeline.report.collect import Collected, record_of
from pipeline.report.figures import build_report
from pipeline.report.period import parse_month
from pipeline.workflow.intake_push import deadline_label
from pipeline.workflow.prbody import deadline_lines
from tests.fixtures.checks.sitekit import SiteKit

NOW = aware(datetime(2026, 3, 20, 8, 0))

# (kind, event_time, submitted_at, late?, working hours late)
CASES = [
    # News at the cutoff minute: the letter's "16 giờ" covers 16:00:59 (grace_minutes: 1).
    ("news", None, "2026-03-17T16:00:59", False, 0.0),
    ("news", None, "2026-03-17T16:01:00", True, 1 / 60),
    ("news", None, "2026-03-17T16:30", True, 0.5),
    # Sent Friday 18:00: late by the working hour 16:00–17:00; the evening does not count.
    ("news", None, "2026-03-13T18:00", True, 1.0),
    ("news", None, "2026-03-17T09:00", False, 0.0),
    # Event Wed 16:30 + 12 working hours = Fri 10:30.
    ("event", "2026-03-04T16:30", "2026-03-06T10:30:30", False, 0.0),
    ("event", "2026-03-04T16:30", "2026-03-06T10:45", True, 0.25),
    # Deadline at 17:00 Thursday; sent 19:00 the same evening: no working hour used past the limit.
    ("event", "2026-03-04T13:00", "2026-03-05T19:00", False, 0.0),
    ("event", "2026-03-04T13:00", "2026-03-06T09:00", True, 2.0),
]


def _write(kit: SiteKit, i: int, kind: str, event: str | None, sent: str) -> Path:
    fields = {"kind": kind, "submitted_at": f"{sent}+07:00", "date": f"{sent}+07:00"}
    drop: tuple[str, ...] = ()
    if event:
        fields["event_time"] = f"{event}+07:00"
    else:
        drop = ("event_time",)
    return kit.article(name=f"ca-{i}", slug=f"ca-{i}", title=f"Trường hợp thử số {i} về hạn gửi tin",
                       with_images=False, drop=drop, **fields)


@pytest.mark.parametrize(("kind", "event", "sent", "late", "hours"), CASES)
def test_the_checks_the_pull_request_the_label_and_the_report_agree_on_each_deadline(
        tmp_path, config, monkeypatch, kind, event, sent, late, hours):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    kit = SiteKit(tmp_path, config)
    path = _write(kit, 1, kind, event, sent)
    article = read_article(path)
    amount = format_hours_vi(hours)

    code = "BT302" if kind == "event" else "BT301"
    findings = [f for f in kit.check([path]) if f.code == code]
    assert bool(findings) == late
    if late and kind == "event":
        assert f"trễ {amount} hành chính" in findings[0].text

    body = "\n".join(deadline_lines(article, config, NOW))
    if kind == "event":
        assert ("**Trễ hạn " + amount + "**" in body) == late
        assert ("**Đúng hạn**" in body) == (not late)
    else:
        assert (f"(trễ {amount} hành chính): **trễ giờ chốt**" in body) == late
        assert ("**đúng hạn**" in body) == (not late)

    label = deadline_label(article, config)
    assert (label != "Hạn: đúng hạn") == late

    record = record_of(article, f"content/{path.relative_to(kit.content).as_posix()}", None)
    report = build_report(config, Collected([record], []), parse_month(sent[:7]), NOW)
    total = report.timeliness_total
    on_time = total.events_on_time if kind == "event" else total.news_on_time
    assert on_time == (0 if late else 1)
    assert total.lateness == ([pytest.approx(hours)] if late else [])


def test_waiting_time_in_the_pull_request_and_the_report_counts_from_the_send_time(tmp_path, config, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    kit = SiteKit(tmp_path, config)
    # Sent Tue 17/3 15:00; on 20/3 08:00 it has waited 2 + 8 + 8 + 1 = 19 working hours.
    path = _write(kit, 2, "news", None, "2026-03-17T15:00")
    article = read_article(path)
    assert f"Đã chờ duyệt: {format_hours_vi(19)} hành chính" in "\n".join(deadline_lines(article, config, NOW))

    from pipeline.report.gitlog import WaitingItem

    record = record_of(article, "content/x.md", None)
    # The branch's commit came a day later: the report still counts from the unit's send.
    item = WaitingItem("tin/2026-03-17-ca-2", "content/x.md", aware(datetime(2026, 3, 18, 9, 0)))
    report = build_report(config, Collected([], [(item, record)]), parse_month("2026-03"), NOW)
    assert [(w.since, w.hours) for w in report.waiting] == [(aware(datetime(2026, 3, 17, 15, 0)), 19.0)]


def test_a_correction_or_withdrawal_does_not_repeat_the_original_deadline_finding(tmp_path, config, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    kit = SiteKit(tmp_path, config)
    late = {"kind": "news", "submitted_at": "2026-03-17T16:30+07:00", "date": "2026-03-17T16:30+07:00"}
    original = kit.article(name="goc", slug="goc", title="Bài gốc gửi sau giờ chốt buổi chiều", with_images=False,
                           drop=("event_time",), **late)
    assert [f.code for f in kit.check([original]) if f.code == "BT301"] == ["BT301"]
    corrected = kit.article(name="goc", slug="goc", title="Bài gốc gửi sau giờ chốt buổi chiều", with_images=False,
                            drop=("event_time",), updated="2026-03-20T09:00+07:00",
                            correction="Sửa tên đơn vị tổ chức.", **late)
    assert [f.code for f in kit.check([corrected]) if f.code == "BT301"] == []
    withdrawn = kit.article(name="goc", slug="goc", title="Bài gốc gửi sau giờ chốt buổi chiều", with_images=False,
                            drop=("event_time",), withdrawn=True, withdrawn_reason="Trùng tin.", **late)
    assert [f.code for f in kit.check([withdrawn]) if f.code == "BT301"] == []


def test_quotas_count_only_from_the_newsrooms_start_date(tmp_path, config, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    kit = SiteKit(tmp_path, config)
    from pipeline.report.model import Record

    def published(unit: str, day: str) -> Record:
        at = aware(datetime.fromisoformat(day))
        return Record(f"content/x/{unit}-{day}.md", "t", unit, "to-chuc-kiem-tra", "news", None, "published",
                      submitted_at=at, published_at=at, merged_at=at)

    records = [published("ban-to-chuc", "2026-11-10T09:00"), published("ban-to-chuc", "2026-10-10T09:00")]
    before = build_report(config, Collected(records, []), parse_month("2026-11"), NOW)
    row = next(u for u in before.units if u.unit == "ban-to-chuc")
    assert (row.ytd, row.ytd_band, row.ytd_status) == (2, (11, 22), "under")

    started = kit.editorial("reports:\n  start: 2026-11-01\n")
    after = build_report(started, Collected(records, []), parse_month("2026-11"), NOW)
    row = next(u for u in after.units if u.unit == "ban-to-chuc")
    assert (row.count, row.band, row.ytd, row.ytd_band) == (1, (1, 2), 1, (1, 2))
    assert row.ytd_status == row.status == "met"
    october = build_report(started, Collected(records, []), parse_month("2026-10"), NOW)
    row = next(u for u in october.units if u.unit == "ban-to-chuc")
    assert (row.band, row.status, row.ytd_band) == (None, None, None)  # before the start: no quota at all
