"""Times as Vietnamese offices write them: read, or refused with one precise message; guesses are said."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.core.dates import TZ, read_datetime
from pipeline.intake.ingest import ingest_all
from tests.docxfactory import UNIT_TABLE, make_docx

NOW = datetime(2026, 11, 30, 15, 30, tzinfo=TZ)


@pytest.mark.parametrize("text, expected", [
    ("8 giờ 30 ngày 26/11/2026", datetime(2026, 11, 26, 8, 30, tzinfo=TZ)),
    ("26-11-2026 14:00", datetime(2026, 11, 26, 14, 0, tzinfo=TZ)),
    ("08:00 26/11/26", datetime(2026, 11, 26, 8, 0, tzinfo=TZ)),
    ("2 giờ chiều ngày 26/11/2026", datetime(2026, 11, 26, 14, 0, tzinfo=TZ)),
])
def test_the_forms_people_write_are_read_without_a_guess(text, expected):
    reading = read_datetime(text)
    assert reading.value == expected and not reading.guessed and not reading.problem


@pytest.mark.parametrize("text, problem", [
    ("8h30, 26/11", "thiếu năm"),
    ("sáng 26/11", "thiếu năm"),
    ("ngày 26 tháng 11", "thiếu năm"),
    ("31/02/2026", "ngày 31/02/2026 không có thật"),
    ("25:00 26/11/2026", "giờ 25:00 không có thật"),
    ("sáng mai", "không có ngày"),
])
def test_incomplete_or_impossible_times_are_refused_with_the_reason(text, problem):
    reading = read_datetime(text)
    assert reading.value is None and reading.problem == problem


def test_a_time_of_day_taken_from_sang_is_a_guess_that_is_said():
    reading = read_datetime("Sáng 26/11/2026")
    assert reading.value == datetime(2026, 11, 26, 7, 0, tzinfo=TZ)
    assert reading.guessed == "không ghi giờ, tạm lấy 07:00 theo 'sáng'"


def test_a_guessed_event_hour_reaches_the_editor_as_a_warning(workspace):
    make_docx(workspace.inbox / "a.docx", table={**UNIT_TABLE, "Thời gian sự kiện": "Sáng 26/11/2026",
                                                 "Thời gian gửi": "15:00 26/11/2026"})
    [outcome] = ingest_all(workspace, NOW)
    assert not outcome.refused
    [text] = [m.text for m in outcome.messages if m.code == "BT800"]
    assert text == ("Thời gian sự kiện 'Sáng 26/11/2026' không ghi giờ, tạm lấy 07:00 theo 'sáng'; "
                    "hãy ghi rõ giờ, ví dụ '08:30 26/11/2026'.")


def test_a_refused_event_time_gets_one_message_and_no_contradictory_missing_time(workspace):
    make_docx(workspace.inbox / "a.docx", table={**UNIT_TABLE, "Thời gian sự kiện": "8h30, 26/11"})
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.refused
    texts = [m.text for m in outcome.messages if "sự kiện" in m.text]
    assert texts == ["Không đọc được thời gian sự kiện '8h30, 26/11': thiếu năm. Hãy viết dạng '08:30 26/11/2026'."]
