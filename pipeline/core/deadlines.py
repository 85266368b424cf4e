"""The newsroom's one clock: is an item on time, how late, and how long it has waited for review.

Every part that speaks about deadlines asks here — the checks (BT301, BT302), the pull request body,
the intake labels and the report — so they can never disagree. The rules are the letter's
(Công văn 1666/LĐLĐ): news by `deadlines.timely_news_cutoff` each day, events within
`deadlines.event_working_hours` working hours of the event; both with `deadlines.grace_minutes`,
because the letter states deadlines to the minute ("chậm nhất 16 giờ" covers 16:00:59). Lateness and
waiting are counted in working hours of the one office calendar (`Config.calendar`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from pipeline.core.dates import aware

if TYPE_CHECKING:
    from pipeline.core.config import Config

Status = Literal["on_time", "late", "unknown"]


@dataclass(frozen=True)
class Timeliness:
    """The verdict on one event or news item."""

    kind: str  # "event" | "news"
    status: Status  # "unknown": an event without its time, or an item without its send time
    sent: datetime | None
    due: datetime | None  # the deadline itself (without the grace)
    late_hours: float = 0.0  # working hours from the deadline to the send; 0 when on time
    used_hours: float | None = None  # events: working hours from the event to the send
    next_batch: date | None = None  # late news: the working day whose batch it joins

    @property
    def on_time(self) -> bool:
        return self.status == "on_time"

    @property
    def late(self) -> bool:
        return self.status == "late"


def _grace(config: Config) -> timedelta:
    return timedelta(minutes=config.deadlines.grace_minutes)


def _is_late(sent: datetime, due: datetime, grace: timedelta) -> bool:
    """Past a wall-clock deadline by at least the grace (or at all, with no grace)."""
    overrun = sent - due
    return overrun > timedelta(0) and overrun >= grace


def news_due(sent: datetime, config: Config) -> datetime:
    """The cutoff of the local day the news was sent."""
    local = aware(sent)
    return aware(datetime.combine(local.date(), config.deadlines.timely_news_cutoff))


def next_batch_day(sent: datetime, config: Config) -> date:
    """The next working day after the send day: late news is edited in that day's batch."""
    local = aware(sent)
    start = datetime.combine(local.date() + timedelta(days=1), time(0))
    return config.calendar.next_working_moment(aware(start)).date()


def timeliness(kind: str | None, event_time: datetime | None, submitted_at: datetime | None,
               config: Config) -> Timeliness | None:
    """The verdict for an event or news item; None for kinds without a deadline (feature, qa)."""
    cal = config.calendar
    if kind == "event":
        if event_time is None or submitted_at is None:
            return Timeliness("event", "unknown", submitted_at, None)
        limit = config.deadlines.event_working_hours
        due = cal.add_working_hours(event_time, limit)
        used = max(0.0, cal.working_hours_between(event_time, submitted_at))
        # Counted in working hours, as the letter counts: a send at 18:00 after a 17:00 deadline has
        # used no more working time than one at 17:00.
        over = used - limit
        if over <= 0 or over * 3600 < _grace(config).total_seconds():
            return Timeliness("event", "on_time", submitted_at, due, 0.0, used)
        return Timeliness("event", "late", submitted_at, due, over, used)
    if kind == "news":
        # The cutoff is a time of day ("16 giờ hằng ngày"): compared on the wall clock.
        if submitted_at is None:
            return Timeliness("news", "unknown", None, None)
        due = news_due(submitted_at, config)
        if not _is_late(submitted_at, due, _grace(config)):
            return Timeliness("news", "on_time", submitted_at, due)
        return Timeliness("news", "late", submitted_at, due, cal.working_hours_between(due, submitted_at),
                          next_batch=next_batch_day(submitted_at, config))
    return None


def is_follow_up(meta: dict[str, object]) -> bool:
    """A correction or a withdrawal: the original send was already judged, its findings are not repeated."""
    withdrawn = str(meta.get("withdrawn") or "").strip().lower() in ("true", "yes", "có", "co", "1", "x")
    return withdrawn or bool(meta.get("correction")) or meta.get("updated") not in (None, "")


def waiting_hours(submitted_at: datetime, until: datetime, config: Config) -> float:
    """Working hours from the unit's send (`submitted_at`) to the merge, or to `until` if not merged yet."""
    return max(0.0, config.calendar.working_hours_between(submitted_at, until))
