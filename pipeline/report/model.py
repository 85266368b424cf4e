"""The report as data: every figure the renderers show, computed once by `figures.build_report`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from pipeline.report.period import Period

UNDER, MET, OVER = "under", "met", "over"
STATUS_VI = {UNDER: "thiếu", MET: "đạt", OVER: "vượt"}
UNIT_KIND_VI = {
    "department": "Ban LĐLĐ tỉnh",
    "upper_union": "CĐ cấp trên trực tiếp cơ sở",
    "special": "Đơn vị trực thuộc",
    "collaborator": "Cộng tác viên",
    "unknown": "Không có trong editorial.yml",
}
COLLABORATORS = "Cộng tác viên"


@dataclass
class Record:
    """One article, joined from its front matter and the Git history."""

    path: str  # repository-relative
    title: str
    unit: str | None
    topic: str | None
    kind: str | None
    editor: str | None
    status: str  # published | draft | review | withdrawn
    event_time: datetime | None = None
    submitted_at: datetime | None = None
    published_at: datetime | None = None  # reached main (or its scheduled date, if later)
    first_commit: datetime | None = None  # the submission commit
    merged_at: datetime | None = None  # the editor's merge into main (first-parent history)


def quota_status(count: int, band: tuple[int, int]) -> str:
    low, high = band
    return UNDER if count < low else OVER if count > high else MET


@dataclass
class UnitRow:
    unit: str | None  # slug; None for outside collaborators
    name: str
    kind: str  # department | upper_union | special | collaborator | unknown
    count: int  # published in the period
    ytd: int  # published from 1 January to the end of the period
    band: tuple[int, int] | None = None  # quota for the period (departments only)
    ytd_band: tuple[int, int] | None = None

    @property
    def status(self) -> str | None:
        return quota_status(self.count, self.band) if self.band else None

    @property
    def ytd_status(self) -> str | None:
        return quota_status(self.ytd, self.ytd_band) if self.ytd_band else None


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def median_or_none(values: list[float]) -> float | None:
    return median(values) if values else None


@dataclass
class TimelinessRow:
    unit: str | None
    name: str
    events: int = 0  # event news with both times known
    events_on_time: int = 0
    news: int = 0  # timely news with a submission time
    news_on_time: int = 0
    lateness: list[float] = field(default_factory=list)  # working hours past the deadline, late items only

    @property
    def event_share(self) -> float | None:
        return share(self.events_on_time, self.events)

    @property
    def news_share(self) -> float | None:
        return share(self.news_on_time, self.news)

    @property
    def median_lateness(self) -> float | None:
        return median_or_none(self.lateness)


@dataclass
class WaitingRow:
    branch: str
    path: str
    title: str
    unit_name: str
    editor: str | None
    editor_name: str
    since: datetime  # the unit's send time (submitted_at), else the first commit on the branch
    hours: float  # working hours waited so far (pipeline.core.deadlines.waiting_hours)


@dataclass
class EditorRow:
    editor: str
    name: str
    topics: list[str]
    waiting: int = 0
    oldest_hours: float | None = None
    published: int = 0
    review_hours: list[float] = field(default_factory=list)  # sent (submitted_at) → merge, published in period

    @property
    def median_hours(self) -> float | None:
        return median_or_none(self.review_hours)


@dataclass
class MixRow:
    key: str
    name: str
    count: int
    share: float | None


@dataclass
class FeatureRow:
    title: str
    unit_name: str
    topic_name: str
    published_at: datetime
    path: str


@dataclass
class TrendRow:
    topic: str
    name: str
    counts: list[int]  # one per month of Report.trend_months


@dataclass
class Report:
    site_name: str
    period: Period
    generated_at: datetime
    main_ref: str
    quota_min: int
    quota_max: int
    event_hours: float
    news_cutoff: str  # "16:00"
    published: int = 0
    units: list[UnitRow] = field(default_factory=list)
    timeliness: list[TimelinessRow] = field(default_factory=list)
    timeliness_total: TimelinessRow | None = None
    editors: list[EditorRow] = field(default_factory=list)
    waiting: list[WaitingRow] = field(default_factory=list)
    review_hours_all: list[float] = field(default_factory=list)
    topics: list[MixRow] = field(default_factory=list)
    kinds: list[MixRow] = field(default_factory=list)
    features: list[FeatureRow] = field(default_factory=list)
    trend_months: list[tuple[int, int]] = field(default_factory=list)
    trend: list[TrendRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # files left out and why
    public: bool = False  # counts only, no names: the public summary

    @property
    def departments(self) -> list[UnitRow]:
        return [u for u in self.units if u.kind == "department"]

    @property
    def feature_count(self) -> int:
        return next((k.count for k in self.kinds if k.key == "feature"), 0)
