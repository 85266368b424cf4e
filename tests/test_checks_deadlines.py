"""The deadline rules on the working-hours clock, with hand-computed answers for the hard cases.

Default office hours 07:00–11:00 and 13:00–17:00, Monday to Friday; Tết 2026 is Mon 16 – Fri 20/2;
Saturday 22/8/2026 is an announced make-up working day (for Monday 31/8).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.messages import Message
from tests.fixtures.checks.sitekit import SiteKit


def _event(kit: SiteKit, event: str, submitted: str) -> list[Message]:
    kit.article(event_time=f"{event}+07:00", submitted_at=f"{submitted}+07:00", date=f"{submitted}+07:00")
    return [f for f in kit.check() if f.code in ("BT302", "BT303")]


@pytest.fixture
def kit(tmp_path: Path, config, monkeypatch) -> SiteKit:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    return SiteKit(tmp_path, config)


@pytest.mark.parametrize(("event", "submitted", "late", "deadline"), [
    # Worked example 1: Wed 16:30 + 12 h = Wed 0.5 + Thu 8 + Fri 07:00–10:30.
    ("2026-03-04T16:30", "2026-03-06T10:45", "15 phút", "10:30 ngày 06/03/2026"),
    # Worked example 2: Fri 13/2 15:00 before Tết: Fri 2 h, Mon 23/2 8 h, Tue 24/2 07:00–09:00.
    ("2026-02-13T15:00", "2026-02-24T10:00", "1 giờ", "09:00 ngày 24/02/2026"),
    # Friday 16:30: half an hour that day, then Monday and Tuesday morning.
    ("2026-03-06T16:30", "2026-03-10T13:30", "1 giờ", "10:30 ngày 10/03/2026"),
    # Saturday: the clock starts on Monday at 07:00 and runs out at 11:00 on Tuesday.
    ("2026-03-07T09:00", "2026-03-10T14:00", "1 giờ", "11:00 ngày 10/03/2026"),
    # During lunch: counting starts at 13:00.
    ("2026-03-04T12:00", "2026-03-06T07:30", "30 phút", "17:00 ngày 05/03/2026"),
    # On the eve of Tết (a holiday itself): counting starts after Tết, Mon 23/2 07:00.
    ("2026-02-16T10:00", "2026-02-25T08:00", "5 giờ", "11:00 ngày 24/02/2026"),
    # Across the make-up Saturday 22/8/2026: Fri 3 h, Sat 8 h, Mon 24/8 07:00–08:00.
    ("2026-08-21T14:00", "2026-08-24T09:00", "1 giờ", "08:00 ngày 24/08/2026"),
])
def test_late_event_news_gives_lateness_in_working_hours(kit, event, submitted, late, deadline) -> None:  # type: ignore[no-untyped-def]
    found = _event(kit, event, submitted)
    assert len(found) == 1 and found[0].code == "BT302", [str(f) for f in found]
    assert f"trễ {late} hành chính" in found[0].text
    assert f"phải gửi trước {deadline} (12 giờ hành chính)" in found[0].text


@pytest.mark.parametrize(("event", "submitted"), [
    ("2026-03-04T16:30", "2026-03-06T10:30"),  # exactly on the deadline
    ("2026-03-07T09:00", "2026-03-10T13:00"),  # after an 11:00 deadline but still in the lunch break
    ("2026-02-13T15:00", "2026-02-20T16:00"),  # during Tết no working hour passes
    ("2026-08-21T14:00", "2026-08-22T16:00"),  # sent on the make-up Saturday
    ("2026-03-06T16:30", "2026-03-08T20:00"),  # over the weekend
])
def test_event_news_within_twelve_working_hours_is_on_time(kit, event, submitted) -> None:  # type: ignore[no-untyped-def]
    assert _event(kit, event, submitted) == []


def test_event_times_in_another_zone_are_read_in_ho_chi_minh_time(kit) -> None:  # type: ignore[no-untyped-def]
    # 09:30 UTC is 16:30 in Bến Tre: the same case as worked example 1.
    kit.article(event_time="2026-03-04T09:30+00:00", submitted_at="2026-03-06T03:45Z", date="2026-03-06T10:45+07:00")
    texts = [f.text for f in kit.check() if f.code == "BT302"]
    assert texts and "trễ 15 phút hành chính" in texts[0] and "sự kiện lúc 16:30 ngày 04/03/2026" in texts[0]


def test_extra_days_off_in_editorial_yml_move_the_deadline(kit) -> None:  # type: ignore[no-untyped-def]
    kit.editorial("")
    config_file = kit.root / "editorial.yml"
    text = config_file.read_text(encoding="utf-8").replace('extra_days_off: []', 'extra_days_off: ["2026-03-05"]')
    config_file.write_text(text, encoding="utf-8")
    from pipeline.core.config import load_config

    kit.config = load_config(config_file)
    # Thursday off: Wed 0.5 h, Fri 8 h, Mon 07:00–10:30.
    found = _event(kit, "2026-03-04T16:30", "2026-03-06T16:00")
    assert found == []
    late = _event(kit, "2026-03-04T16:30", "2026-03-09T11:00")
    assert "phải gửi trước 10:30 ngày 09/03/2026" in late[0].text and "trễ 30 phút" in late[0].text


@pytest.mark.parametrize(("submitted", "batch"), [
    ("2026-03-17T16:01", "18/03/2026"),  # Tuesday: the next day's batch
    ("2026-03-20T16:30", "23/03/2026"),  # Friday: Monday's batch
    ("2026-02-13T17:00", "23/02/2026"),  # the last working day before Tết
])
def test_news_after_the_cutoff_goes_to_the_next_working_days_batch(kit, submitted, batch) -> None:  # type: ignore[no-untyped-def]
    kit.article(kind="news", drop=("event_time",), submitted_at=f"{submitted}+07:00", date=f"{submitted}+07:00")
    texts = [f.text for f in kit.check() if f.code == "BT301"]
    assert texts and texts[0].endswith(f"tin chuyển sang đợt đăng ngày {batch}.")


def test_news_at_the_cutoff_minute_is_on_time_and_kinds_other_than_news_have_no_cutoff(kit) -> None:  # type: ignore[no-untyped-def]
    kit.article(kind="news", drop=("event_time",), submitted_at="2026-03-17T16:00+07:00", date="2026-03-17T16:00+07:00")
    kit.article(name="bai-chuyen-sau", slug="bai-chuyen-sau", title="Bài chuyên sâu về nhà ở công nhân",
                kind="feature", drop=("event_time",), submitted_at="2026-03-17T18:00+07:00",
                date="2026-03-17T18:00+07:00", body="Nhà ở cho công nhân khu công nghiệp còn thiếu. " * 8)
    assert [f for f in kit.check() if f.code == "BT301"] == []
