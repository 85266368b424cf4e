"""Working-hours calendar for the federation office (Asia/Ho_Chi_Minh).

Working days are Monday to Friday, minus Vietnamese public holidays from the
`holidays` package (Tết and other lunar holidays included), plus the make-up
working Saturdays that the package records in `weekend_workdays`, adjusted by
`extra_days_off` / `extra_working_days` from configuration.

All arithmetic is done on local wall-clock time, walking one day at a time:
Vietnam has used UTC+7 without daylight saving since 1975, so wall time and
elapsed time agree for every date the pipeline will see.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_ONE_DAY = timedelta(days=1)
_ONE_HOUR = timedelta(hours=1)
_SATURDAY = 5

DEFAULT_OFFICE_HOURS: tuple[tuple[time, time], ...] = (
    (time(7), time(11)),
    (time(13), time(17)),
)


@cache
def _public_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(public holidays, make-up working weekend days) of one year, built once."""
    vn = holidays.Vietnam(years=year)
    # `weekend_workdays` also carries cross-year swaps from other years; keep this year's.
    days_off = frozenset(d for d in vn if d.year == year)
    makeup = frozenset(d for d in vn.weekend_workdays if d.year == year)
    return days_off, makeup


def _to_wall(t: datetime) -> datetime:
    """Naive local wall time; naive input is already Asia/Ho_Chi_Minh."""
    if t.tzinfo is None or t.utcoffset() is None:
        return t.replace(tzinfo=None)
    return t.astimezone(TZ).replace(tzinfo=None)


def _to_aware(wall: datetime) -> datetime:
    return wall.replace(tzinfo=TZ)


def _check_finite(hours: float) -> None:
    if not math.isfinite(hours):
        raise ValueError(f"Số giờ phải là một số hữu hạn, nhận được {hours!r}.")


def _check_interval(start: time, end: time) -> None:
    if not isinstance(start, time) or not isinstance(end, time):
        raise TypeError(
            f"Giờ hành chính phải là giờ trong ngày (datetime.time), nhận được {start!r}–{end!r}."
        )
    if start.tzinfo is not None or end.tzinfo is not None:
        raise ValueError(
            "Giờ hành chính không được gắn múi giờ; lịch luôn dùng giờ Việt Nam."
        )
    if start >= end:
        raise ValueError(
            f"Khoảng giờ hành chính {start:%H:%M}–{end:%H:%M} không hợp lệ: "
            "giờ bắt đầu phải trước giờ kết thúc."
        )


def _normalize_office_hours(
    intervals: Iterable[tuple[time, time]],
) -> tuple[tuple[time, time], ...]:
    """Sorted tuple of intervals; rejects empty, reversed or overlapping ones."""
    pairs = [(start, end) for start, end in intervals]
    if not pairs:
        raise ValueError("Giờ hành chính phải có ít nhất một khoảng thời gian.")
    for start, end in pairs:
        _check_interval(start, end)
    result = tuple(sorted(pairs))
    for (_, prev_end), (next_start, _) in itertools.pairwise(result):
        if next_start < prev_end:
            raise ValueError(
                f"Các khoảng giờ hành chính chồng lên nhau quanh {next_start:%H:%M}."
            )
    return result


def _as_dates(days: Iterable[date]) -> frozenset[date]:
    """Frozen set of plain dates; a datetime would never equal a date and be ignored."""
    result: set[date] = set()
    for d in days:
        if not isinstance(d, date):
            raise TypeError(f"Ngày cấu hình phải là ngày (datetime.date), nhận được {d!r}.")
        result.add(d.date() if isinstance(d, datetime) else d)
    return frozenset(result)


def _daily_capacity(intervals: tuple[tuple[time, time], ...]) -> timedelta:
    anchor = date(2000, 1, 1)  # any date: only the clock difference matters
    spans = (
        datetime.combine(anchor, end) - datetime.combine(anchor, start)
        for start, end in intervals
    )
    return sum(spans, timedelta(0))


@dataclass(frozen=True)
class WorkCalendar:
    """Office calendar: which days are worked and during which hours."""

    office_hours: tuple[tuple[time, time], ...] = DEFAULT_OFFICE_HOURS
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    # Office time in one full working day, so long spans skip whole days cheaply.
    _capacity: timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Accept lists from configuration but keep the instance hashable.
        object.__setattr__(self, "office_hours", _normalize_office_hours(self.office_hours))
        object.__setattr__(self, "extra_days_off", _as_dates(self.extra_days_off))
        object.__setattr__(self, "extra_working_days", _as_dates(self.extra_working_days))
        object.__setattr__(self, "_capacity", _daily_capacity(self.office_hours))
        clash = sorted(self.extra_days_off & self.extra_working_days)
        if clash:
            listed = ", ".join(f"{d:%d/%m/%Y}" for d in clash)
            raise ValueError(
                f"Ngày {listed} vừa là ngày nghỉ thêm vừa là ngày làm việc thêm; "
                "hãy chỉ giữ ở một danh sách."
            )

    # -- days ---------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """True if the office works on `d` (a datetime is read in local time)."""
        if isinstance(d, datetime):
            d = _to_wall(d).date()
        if d in self.extra_working_days:
            return True
        if d in self.extra_days_off:
            return False
        days_off, makeup = _public_calendar(d.year)
        if d.weekday() >= _SATURDAY:
            return d in makeup
        return d not in days_off

    def _periods(self, day: date) -> list[tuple[datetime, datetime]]:
        """Office periods of `day` as wall-clock datetimes; empty on days off."""
        if not self.is_working_day(day):
            return []
        return [
            (datetime.combine(day, start), datetime.combine(day, end))
            for start, end in self.office_hours
        ]

    # -- moments ------------------------------------------------------------

    def next_working_moment(self, t: datetime) -> datetime:
        """Earliest moment at or after `t` inside office hours (period ends excluded)."""
        cur = _to_wall(t)
        day = cur.date()
        while True:
            for start, end in self._periods(day):
                if end > cur:
                    return _to_aware(max(start, cur))
            day += _ONE_DAY

    def add_working_hours(self, t: datetime, hours: float) -> datetime:
        """Moment when `hours` working hours have elapsed after `t`.

        Counting starts at the next office period when `t` is outside office
        hours; an amount that runs out exactly at a period end returns that end
        (17:00, not the next morning). Zero hours returns `t` itself; negative
        hours count backwards.
        """
        _check_finite(hours)
        cur = _to_wall(t)
        amount = timedelta(hours=hours)
        if amount > timedelta(0):
            return _to_aware(self._forward(cur, amount))
        if amount < timedelta(0):
            return _to_aware(self._backward(cur, -amount))
        return _to_aware(cur)

    def _forward(self, cur: datetime, remaining: timedelta) -> datetime:
        day = cur.date()
        while True:
            # Later days that the amount fully covers are skipped whole.
            if day > cur.date() and remaining > self._capacity and self.is_working_day(day):
                remaining -= self._capacity
                day += _ONE_DAY
                continue
            for start, end in self._periods(day):
                if end <= cur:
                    continue
                begin = max(start, cur)
                available = end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            day += _ONE_DAY

    def _backward(self, cur: datetime, remaining: timedelta) -> datetime:
        day = cur.date()
        while True:
            if day < cur.date() and remaining > self._capacity and self.is_working_day(day):
                remaining -= self._capacity
                day -= _ONE_DAY
                continue
            for start, end in reversed(self._periods(day)):
                if start >= cur:
                    continue
                finish = min(end, cur)
                available = finish - start
                if remaining <= available:
                    return finish - remaining
                remaining -= available
            day -= _ONE_DAY

    # -- spans --------------------------------------------------------------

    def working_hours_between(self, a: datetime, b: datetime) -> float:
        """Working hours inside [a, b]; negative when b is before a."""
        start, stop = _to_wall(a), _to_wall(b)
        if stop < start:
            return -self._worked(stop, start) / _ONE_HOUR
        return self._worked(start, stop) / _ONE_HOUR

    def _worked(self, start: datetime, stop: datetime) -> timedelta:
        total = timedelta(0)
        day = start.date()
        while day <= stop.date():
            if start.date() < day < stop.date():
                # A day strictly inside the span is either fully worked or not at all.
                if self.is_working_day(day):
                    total += self._capacity
                day += _ONE_DAY
                continue
            for begin, end in self._periods(day):
                overlap = min(end, stop) - max(begin, start)
                if overlap > timedelta(0):
                    total += overlap
            day += _ONE_DAY
        return total


def format_hours_vi(h: float) -> str:
    """Hours as Vietnamese text, rounded to the minute: 2.5 -> "2 giờ 30 phút"."""
    _check_finite(h)
    minutes = math.floor(abs(h) * 60 + 0.5)
    whole_hours, rest = divmod(minutes, 60)
    parts: list[str] = []
    if whole_hours:
        # Vietnamese groups thousands with a dot: 1.234 giờ.
        parts.append(f"{whole_hours:,} giờ".replace(",", "."))
    if rest or not parts:
        parts.append(f"{rest} phút")
    sign = "-" if h < 0 and minutes else ""
    return sign + " ".join(parts)
