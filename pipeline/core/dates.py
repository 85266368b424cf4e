"""Dates and times as Vietnamese office staff write them, read into aware datetimes."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pipeline.core.text import fold, strip_diacritics

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})(?!\d)")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_DAY_MONTH = re.compile(r"(?<![\d:h])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])|ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?!\s+nam)")
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?:gio|:|h|g)\s*(\d{2})?(?:\s*(?:phut|p))?(?!\d)")
# Parts of the day, folded, with the hour a bare "sáng 26/11/2026" is taken to mean (a guess).
_PARTS = (("sang", 7), ("trua", 11), ("chieu", 13), ("toi", 19), ("dem", 20))
_AFTERNOON = ("chieu", "toi", "dem")


@dataclass(frozen=True)
class TimeReading:
    """A time as read: the value, or why it was refused, and what had to be guessed."""

    value: datetime | None
    problem: str = ""  # Vietnamese, e.g. "thiếu năm"; set when value is None for a non-empty text
    guessed: str = ""  # Vietnamese, e.g. "không ghi giờ, tạm lấy 07:00 theo 'sáng'"


def aware(value: datetime) -> datetime:
    """Naive datetimes are Asia/Ho_Chi_Minh wall-clock time."""
    return value.replace(tzinfo=TZ) if value.tzinfo is None else value.astimezone(TZ)


def parse_datetime(value: object) -> datetime | None:
    """Read '8 giờ 30, ngày 04/3/2026', '04/03/2026 08:30', '2026-03-04T08:30', a date or datetime.

    Returns None when no full date can be found (read_datetime says why). A date without a time
    gets 07:00, the start of the office day, or the hour its part of the day suggests.
    """
    return read_datetime(value).value


def read_datetime(value: object) -> TimeReading:
    """Like parse_datetime, with the reason for a refusal and the guess made, for one precise message."""
    if value is None or value == "":
        return TimeReading(None)
    if isinstance(value, datetime):
        return TimeReading(aware(value))
    if isinstance(value, date):
        return TimeReading(datetime.combine(value, time(7), TZ), guessed="không ghi giờ, tạm lấy 07:00")
    text = str(value).strip()
    try:
        return TimeReading(aware(datetime.fromisoformat(text)))
    except ValueError:
        pass
    folded = fold(text)
    found = _find_date(text, folded)
    if isinstance(found, str):
        return TimeReading(None, found)
    # Look for the time outside the date itself, so "04/03/2026" never reads as 04:03.
    rest = _DMY.sub(" ", text)
    rest = _YMD.sub(" ", rest)
    rest = _WORDS.sub(" ", strip_diacritics(rest).lower())
    clock = _find_time(rest)
    if isinstance(clock, str):
        return TimeReading(None, clock)
    part = next(((name, hour) for name, hour in _PARTS if re.search(rf"\b{name}\b", fold(rest))), None)
    if clock is not None:
        if part and part[0] in _AFTERNOON and clock.hour < 12:
            clock = time(clock.hour + 12, clock.minute)  # "2 giờ chiều" is 14:00
        return TimeReading(datetime.combine(found, clock, TZ))
    if part:
        label = {"sang": "sáng", "trua": "trưa", "chieu": "chiều", "toi": "tối", "dem": "đêm"}[part[0]]
        return TimeReading(datetime.combine(found, time(part[1]), TZ),
                           guessed=f"không ghi giờ, tạm lấy {part[1]:02d}:00 theo '{label}'")
    return TimeReading(datetime.combine(found, time(7), TZ), guessed="không ghi giờ, tạm lấy 07:00")


def _find_date(text: str, folded: str) -> date | str:
    """The date in the text, or why there is none (Vietnamese)."""
    for pattern, order, source in ((_YMD, "ymd", text), (_DMY, "dmy", text), (_WORDS, "dmy", folded)):
        m = pattern.search(source)
        if not m:
            continue
        a, b, c = (int(x) for x in m.groups())
        y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
        if y < 100:
            y += 2000  # "26/11/26": office papers of this century
        try:
            return date(y, mo, d)
        except ValueError:
            return f"ngày {d:02d}/{mo:02d}/{y} không có thật"
    if _DAY_MONTH.search(_TIME_LIKE.sub(" ", folded)) or _DAY_MONTH.search(text):
        return "thiếu năm"
    return "không có ngày"


_TIME_LIKE = re.compile(r"\d{1,2}\s*(?:h|gio|:)\s*\d{0,2}")


def _find_time(text: str) -> time | str | None:
    for m in _TIME.finditer(text):
        hour, minute = int(m[1]), int(m[2] or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
        return f"giờ {hour:02d}:{minute:02d} không có thật"
    return None


CLOCK_ENV = "BANTIN_NOW"


def fixed_clock() -> datetime | None:
    """The clock fixed by BANTIN_NOW (demos, tests, a rebuild "as of"); None when unset.

    Raises ValueError when the variable is set but is not an ISO time.
    """
    fixed = os.environ.get(CLOCK_ENV, "").strip()
    return aware(datetime.fromisoformat(fixed)) if fixed else None


def format_vn(value: datetime) -> str:
    """'16:30 ngày 04/03/2026' for messages."""
    value = aware(value)
    return f"{value:%H:%M} ngày {value:%d/%m/%Y}"
