"""The reporting period: a calendar month (`--month 2026-03`) or a date range (`--from`/`--to`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pipeline.core.dates import TZ
from pipeline.report.errors import ReportError

_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*|\s*(\d{1,2})/(\d{4})\s*")
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
_VN_DAY = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")


@dataclass(frozen=True)
class Period:
    """Inclusive range of local (Asia/Ho_Chi_Minh) calendar days."""

    start: date
    end: date
    is_month: bool = False

    @property
    def label(self) -> str:
        if self.is_month:
            return month_label(self.start.year, self.start.month)
        return f"Từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"

    @property
    def slug(self) -> str:
        """For file names: 2026-03, or 2026-03-01_2026-04-15."""
        if self.is_month:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d}_{self.end:%Y-%m-%d}"

    def contains(self, moment: datetime | None) -> bool:
        if moment is None:
            return False
        day = moment.astimezone(TZ).date()
        return self.start <= day <= self.end

    @property
    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) the period touches, oldest first."""
        out = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def year_to_date(self) -> Period:
        """1 January of the period's last year up to the period's end."""
        return Period(date(self.end.year, 1, 1), self.end)

    def trailing_months(self, n: int = 12) -> list[tuple[int, int]]:
        """The n calendar months that end with the period's last month."""
        y, m = self.end.year, self.end.month
        out = []
        for _ in range(n):
            out.append((y, m))
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return out[::-1]


def month_label(year: int, month: int) -> str:
    return f"Tháng {month}/{year}"


def month_short(year: int, month: int) -> str:
    """Column heading for trends: T3/26."""
    return f"T{month}/{year % 100:02d}"


def month_period(year: int, month: int) -> Period:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return Period(date(year, month, 1), nxt - timedelta(days=1), is_month=True)


def parse_month(text: str) -> Period:
    """'2026-03' (or '3/2026') → March 2026."""
    m = _MONTH.fullmatch(text or "")
    if not m:
        raise ReportError(f"Tháng '{text}' không đúng dạng; hãy viết năm-tháng, ví dụ --month 2026-03.")
    year, month = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
    if not 1 <= month <= 12:
        raise ReportError(f"Tháng '{text}' không có thật (tháng phải từ 1 đến 12); ví dụ --month 2026-03.")
    return month_period(year, month)


def parse_day(text: str, option: str) -> date:
    """'2026-03-15' or '15/03/2026'."""
    iso, vn = _ISO_DAY.fullmatch(text or ""), _VN_DAY.fullmatch(text or "")
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if vn:
            return date(int(vn[3]), int(vn[2]), int(vn[1]))
    except ValueError:
        raise ReportError(f"Ngày '{text}' ở {option} không có thật; hãy kiểm tra lại ngày và tháng.") from None
    raise ReportError(f"Ngày '{text}' ở {option} không đúng dạng; hãy viết 2026-03-15 hoặc 15/03/2026.")


def resolve_period(month: str | None, start: str | None, end: str | None, today: date) -> Period:
    """The period the options ask for; the current month when none is given."""
    if month and (start or end):
        raise ReportError("Chỉ dùng --month hoặc --from/--to, không dùng cả hai.")
    if month:
        return parse_month(month)
    if start or end:
        if not start:
            raise ReportError("Thiếu --from: hãy cho biết ngày bắt đầu, ví dụ --from 2026-01-01 --to 2026-03-31.")
        first = parse_day(start, "--from")
        last = parse_day(end, "--to") if end else today
        if last < first:
            raise ReportError(f"Ngày kết thúc {last:%d/%m/%Y} ở trước ngày bắt đầu {first:%d/%m/%Y}; hãy đổi lại --from/--to.")
        return Period(first, last)
    return month_period(today.year, today.month)
