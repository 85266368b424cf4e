"""Dates and times as Vietnamese office staff write them, read into aware datetimes."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pipeline.core.text import fold, strip_diacritics

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?:gio|:|h|g)\s*(\d{2})?(?:\s*(?:phut|p))?(?!\d)")


def aware(value: datetime) -> datetime:
    """Naive datetimes are Asia/Ho_Chi_Minh wall-clock time."""
    return value.replace(tzinfo=TZ) if value.tzinfo is None else value.astimezone(TZ)


def parse_datetime(value: object) -> datetime | None:
    """Read '8 giờ 30, ngày 04/3/2026', '04/03/2026 08:30', '2026-03-04T08:30', a date or datetime.

    Returns None when no date can be found. A date without a time means 00:00 is unknown,
    so such a value gets 07:00, the start of the office day.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return aware(value)
    if isinstance(value, date):
        return datetime.combine(value, time(7), TZ)
    text = str(value).strip()
    try:
        return aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    folded = fold(text)
    day = _find_date(text, folded)
    if day is None:
        return None
    # Look for the time outside the date itself, so "04/03/2026" never reads as 04:03.
    rest = _DMY.sub(" ", text)
    rest = _YMD.sub(" ", rest)
    rest = _WORDS.sub(" ", strip_diacritics(rest).lower())
    clock = _find_time(rest)
    return datetime.combine(day, clock or time(7), TZ)


def _find_date(text: str, folded: str) -> date | None:
    for pattern, order, source in ((_YMD, "ymd", text), (_DMY, "dmy", text), (_WORDS, "dmy", folded)):
        m = pattern.search(source)
        if not m:
            continue
        a, b, c = (int(x) for x in m.groups())
        y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
        try:
            return date(y, mo, d)
        except ValueError:
            return None
    return None


def _find_time(text: str) -> time | None:
    for m in _TIME.finditer(text):
        hour, minute = int(m[1]), int(m[2] or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
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
