"""editorial.yml: the newsroom (site, editors, topics, units, deadlines, quotas) as one validated object.

Validation reports every problem at once, each with its key path and line, in Vietnamese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

import yaml

from pipeline.core.text import match_key

KINDS = ("news", "event", "feature", "qa")
UNIT_KINDS = ("department", "upper_union", "special")
DEFAULT_CONFIG = "editorial.yml"


class ConfigError(Exception):
    """editorial.yml is missing or invalid; `problems` lists every one found."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(problems))

    def __str__(self) -> str:
        head = f"Tệp cấu hình '{self.path}' có {len(self.problems)} lỗi cần sửa:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


@dataclass(frozen=True)
class Editor:
    slug: str
    name: str
    role: str
    handle: str


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    editor: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    slug: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    route_to: str | None = None
    default_topic: str | None = None
    fanpage: str | None = None
    active: bool = True


@dataclass(frozen=True)
class KindInfo:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Site:
    name: str
    federation: str
    url: str
    contact_email: str
    tagline: str = ""
    address: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Deadlines:
    timely_news_cutoff: time = time(16, 0)
    event_working_hours: float = 12
    office_hours: tuple[tuple[time, time], ...] = ((time(7), time(11)), (time(13), time(17)))
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Quota:
    department_monthly_min: int = 1
    department_monthly_max: int = 2


@dataclass(frozen=True)
class PhotoConfig:
    max_side: int = 1600
    widths: tuple[int, ...] = (480, 960)


@dataclass(frozen=True)
class Limits:
    """Resource limits per submission (editorial.yml `limits:`); each breach refuses that submission only."""

    max_xml_bytes: int = 50 * 1024 * 1024
    max_image_pixels: int = 50_000_000
    max_image_frames: int = 300
    max_meta_yml_bytes: int = 256 * 1024
    yaml_max_aliases: int = 0
    yaml_max_depth: int = 64
    libreoffice_seconds: int = 120
    libreoffice_memory_mb: int = 1024
    conversion_seconds: int = 300
    conversion_memory_mb: int = 1536


DEFAULT_LIMITS = Limits()


@dataclass
class Config:
    path: Path
    site: Site
    editor_in_chief: str
    editors: dict[str, Editor]
    topics: dict[str, Topic]
    kinds: dict[str, KindInfo]
    units: dict[str, Unit]
    abbreviations: dict[str, str]
    collaborator_inbox: str
    deadlines: Deadlines
    quota: Quota
    photos: PhotoConfig
    check_severity: dict[str, str] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS
    raw: dict[str, Any] = field(default_factory=dict)

    # --- lookups -------------------------------------------------------------------

    def find_unit(self, text: str | None) -> Unit | None:
        return _find(text, self.units.values(), self.abbreviations)

    def find_topic(self, text: str | None) -> Topic | None:
        return _find(text, self.topics.values(), self.abbreviations)

    def find_kind(self, text: str | None) -> KindInfo | None:
        return _find(text, self.kinds.values(), self.abbreviations)

    def unit_candidates(self, text: str) -> list[Unit]:
        return _candidates(text, self.units.values(), self.abbreviations)

    def route(self, unit: str | None, topic: str) -> Editor:
        """The editor who reviews an article: a special unit's own editor, else the topic's.

        A pure function of (unit, topic) over this configuration.
        """
        if unit and unit in self.units and self.units[unit].route_to:
            return self.editors[self.units[unit].route_to]  # type: ignore[index]
        return self.editors[self.topics[topic].editor]

    @property
    def departments(self) -> list[Unit]:
        return [u for u in self.units.values() if u.kind == "department"]


# --- name matching -------------------------------------------------------------------


def _keys(item: Topic | Unit | KindInfo, abbreviations: dict[str, str]) -> set[str]:
    names = {item.slug.replace("-", " "), item.name, *item.aliases}
    return {match_key(n, abbreviations) for n in names}


def _find(text, items, abbreviations):  # type: ignore[no-untyped-def]
    if text is None or not str(text).strip():
        return None
    wanted = match_key(str(text), abbreviations)
    items = list(items)
    for item in items:
        if wanted in _keys(item, abbreviations) or str(text).strip() == item.slug:
            return item
    found = _candidates(str(text), items, abbreviations)
    return found[0] if len(found) == 1 else None


def _candidates(text, items, abbreviations):  # type: ignore[no-untyped-def]
    """Items whose name contains the text as whole words (or the reverse): 'Ba Tri' → LĐLĐ huyện Ba Tri."""
    wanted = match_key(str(text), abbreviations)
    if len(wanted) < 3:
        return []
    padded = f" {wanted} "
    out = []
    for item in items:
        for key in _keys(item, abbreviations):
            if padded in f" {key} " or (len(key) >= 6 and f" {key} " in padded):
                out.append(item)
                break
    return out


# --- loading and validation ------------------------------------------------------------


def _line_index(node: yaml.Node, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Map each key path to its 1-based line, from PyYAML's composed node tree."""
    lines: dict[tuple[str, ...], int] = {prefix: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = (*prefix, str(key_node.value))
            lines.update(_line_index(value_node, path))
            lines[path] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_line_index(item, (*prefix, str(i))))
    return lines


class _Validator:
    def __init__(self, path: Path, lines: dict[tuple[str, ...], int]):
        self.path = path
        self.lines = lines
        self.problems: list[str] = []

    def problem(self, keypath: tuple[str, ...], text: str) -> None:
        line = None
        for n in range(len(keypath), -1, -1):
            if keypath[:n] in self.lines:
                line = self.lines[keypath[:n]]
                break
        where = f"dòng {line}, " if line else ""
        key = ".".join(keypath) or "(gốc)"
        self.problems.append(f"{where}khóa '{key}': {text}")

    def mapping(self, data: Any, keypath: tuple[str, ...], required: bool = True) -> dict:
        if data is None and not required:
            return {}
        if not isinstance(data, dict):
            self.problem(keypath, "phải là một bảng khóa: giá trị (mapping).")
            return {}
        return data

    def text(self, data: dict, key: str, keypath: tuple[str, ...], required: bool = True) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem((*keypath, key), "thiếu giá trị (bắt buộc).")
            return ""
        if not isinstance(value, (str, int, float)):
            self.problem((*keypath, key), "phải là một chuỗi chữ.")
            return ""
        return str(value).strip()

    def strings(self, data: dict, key: str, keypath: tuple[str, ...]) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.problem((*keypath, key), "phải là một danh sách chuỗi chữ.")
            return ()
        return tuple(str(v) for v in value)

    def clock(self, value: Any, keypath: tuple[str, ...]) -> time | None:
        # YAML 1.1 reads unquoted 16:00 as a sexagesimal integer (960); accept both forms.
        if isinstance(value, int) and 0 <= value < 24 * 60:
            return time(value // 60, value % 60)
        m = re.fullmatch(r"\s*(\d{1,2})[:h](\d{2})\s*", str(value))
        if not m or int(m[1]) > 23 or int(m[2]) > 59:
            self.problem(keypath, f"giờ '{value}' không hợp lệ, hãy viết dạng HH:MM, ví dụ \"16:00\".")
            return None
        return time(int(m[1]), int(m[2]))

    def dates(self, data: dict, key: str, keypath: tuple[str, ...]) -> frozenset[date]:
        out = set()
        for i, value in enumerate(data.get(key) or []):
            if isinstance(value, date):
                out.add(value)
                continue
            try:
                out.add(date.fromisoformat(str(value)))
            except ValueError:
                self.problem((*keypath, key, str(i)), f"ngày '{value}' không hợp lệ, hãy viết dạng YYYY-MM-DD.")
        return frozenset(out)

    def number(self, data: dict, key: str, keypath: tuple[str, ...], default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            self.problem((*keypath, key), f"phải là một số không âm (đang là '{value}').")
            return default
        return value


def load_config(path: str | Path = DEFAULT_CONFIG) -> Config:
    """Load and validate editorial.yml; raise ConfigError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, ["không tìm thấy tệp; hãy chạy lệnh trong thư mục dự án hoặc dùng --config."]) from None
    except UnicodeDecodeError:
        raise ConfigError(path, ["tệp không ở mã UTF-8; hãy lưu lại với mã UTF-8."]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}: " if mark else ""
        raise ConfigError(path, [f"{where}lỗi cú pháp YAML ({getattr(exc, 'problem', exc)})."]) from None
    v = _Validator(path, _line_index(node) if node is not None else {})
    config = _build(path, v.mapping(data, ()), v)
    if v.problems:
        raise ConfigError(path, v.problems)
    assert config is not None
    return config


def _build(path: Path, data: dict, v: _Validator) -> Config | None:
    site_d = v.mapping(data.get("site"), ("site",))
    site = Site(
        name=v.text(site_d, "name", ("site",)),
        federation=v.text(site_d, "federation", ("site",)),
        url=v.text(site_d, "url", ("site",)),
        contact_email=v.text(site_d, "contact_email", ("site",)),
        tagline=v.text(site_d, "tagline", ("site",), required=False),
        address=v.text(site_d, "address", ("site",), required=False),
        timezone=v.text(site_d, "timezone", ("site",), required=False) or "Asia/Ho_Chi_Minh",
    )

    editors: dict[str, Editor] = {}
    for slug, e in v.mapping(data.get("editors"), ("editors",)).items():
        kp: tuple[str, ...] = ("editors", str(slug))
        e = v.mapping(e, kp)
        editors[str(slug)] = Editor(str(slug), v.text(e, "name", kp), v.text(e, "role", kp), v.text(e, "handle", kp))

    chief = str(data.get("editor_in_chief") or "")
    if chief not in editors:
        v.problem(("editor_in_chief",), f"'{chief}' không có trong danh sách editors.")

    topics: dict[str, Topic] = {}
    for slug, t in v.mapping(data.get("topics"), ("topics",)).items():
        kp = ("topics", str(slug))
        t = v.mapping(t, kp)
        editor = v.text(t, "editor", kp)
        if editor and editor not in editors:
            v.problem((*kp, "editor"), f"biên tập viên '{editor}' không có trong danh sách editors.")
        topics[str(slug)] = Topic(str(slug), v.text(t, "name", kp), editor, v.strings(t, "aliases", kp))
    if not topics:
        v.problem(("topics",), "cần ít nhất một lĩnh vực.")

    kinds: dict[str, KindInfo] = {}
    kinds_d = v.mapping(data.get("kinds"), ("kinds",))
    for slug in KINDS:
        kp = ("kinds", slug)
        k = v.mapping(kinds_d.get(slug), kp)
        kinds[slug] = KindInfo(slug, v.text(k, "name", kp), v.strings(k, "aliases", kp))
    for extra in set(kinds_d) - set(KINDS):
        v.problem(("kinds", str(extra)), f"loại tin không được hỗ trợ; chỉ dùng: {', '.join(KINDS)}.")

    units: dict[str, Unit] = {}
    for slug, u in v.mapping(data.get("units"), ("units",)).items():
        kp = ("units", str(slug))
        u = v.mapping(u, kp)
        kind = v.text(u, "kind", kp)
        if kind and kind not in UNIT_KINDS:
            v.problem((*kp, "kind"), f"'{kind}' không hợp lệ; chỉ dùng: {', '.join(UNIT_KINDS)}.")
        route_to = v.text(u, "route_to", kp, required=False) or None
        if route_to and route_to not in editors:
            v.problem((*kp, "route_to"), f"biên tập viên '{route_to}' không có trong danh sách editors.")
        if kind == "special" and not route_to:
            v.problem((*kp, "route_to"), "đơn vị đặc biệt (special) phải có route_to: biên tập viên phụ trách.")
        default_topic = v.text(u, "default_topic", kp, required=False) or None
        if default_topic and default_topic not in topics:
            v.problem((*kp, "default_topic"), f"lĩnh vực '{default_topic}' không có trong danh sách topics.")
        units[str(slug)] = Unit(
            slug=str(slug),
            name=v.text(u, "name", kp),
            kind=kind,
            aliases=v.strings(u, "aliases", kp),
            route_to=route_to,
            default_topic=default_topic,
            fanpage=v.text(u, "fanpage", kp, required=False) or None,
            active=bool(u.get("active", True)),
        )

    abbreviations = {str(k): str(val) for k, val in v.mapping(data.get("abbreviations"), ("abbreviations",), required=False).items()}
    collab = v.mapping(data.get("collaborators"), ("collaborators",))
    inbox = v.text(collab, "inbox", ("collaborators",))

    dl = v.mapping(data.get("deadlines"), ("deadlines",), required=False)
    office: list[tuple[time, time]] = []
    for i, pair in enumerate(dl.get("office_hours") or [["07:00", "11:00"], ["13:00", "17:00"]]):
        kp = ("deadlines", "office_hours", str(i))
        if not isinstance(pair, list) or len(pair) != 2:
            v.problem(kp, 'mỗi khoảng giờ làm việc phải có dạng ["07:00", "11:00"].')
            continue
        start, end = v.clock(pair[0], kp), v.clock(pair[1], kp)
        if start and end:
            if start >= end:
                v.problem(kp, "giờ bắt đầu phải trước giờ kết thúc.")
            office.append((start, end))
    cutoff = v.clock(dl.get("timely_news_cutoff", "16:00"), ("deadlines", "timely_news_cutoff")) or time(16)
    deadlines = Deadlines(
        timely_news_cutoff=cutoff,
        event_working_hours=v.number(dl, "event_working_hours", ("deadlines",), 12),
        office_hours=tuple(office) or Deadlines().office_hours,
        extra_days_off=v.dates(dl, "extra_days_off", ("deadlines",)),
        extra_working_days=v.dates(dl, "extra_working_days", ("deadlines",)),
    )

    q = v.mapping(data.get("quota"), ("quota",), required=False)
    quota = Quota(
        int(v.number(q, "department_monthly_min", ("quota",), 1)),
        int(v.number(q, "department_monthly_max", ("quota",), 2)),
    )
    if quota.department_monthly_min > quota.department_monthly_max:
        v.problem(("quota",), "department_monthly_min không được lớn hơn department_monthly_max.")

    ph = v.mapping(data.get("photos"), ("photos",), required=False)
    widths_raw = ph.get("widths") or [480, 960]
    if not isinstance(widths_raw, list) or not all(isinstance(w, int) and not isinstance(w, bool) and w > 0 for w in widths_raw):
        v.problem(("photos", "widths"), "phải là danh sách số nguyên dương (độ rộng ảnh, tính bằng điểm ảnh), ví dụ [480, 960].")
        widths_raw = [480, 960]
    max_side = int(v.number(ph, "max_side", ("photos",), 1600))
    if max_side < 100:
        v.problem(("photos", "max_side"), "phải từ 100 điểm ảnh trở lên.")
        max_side = 1600
    photos = PhotoConfig(max_side=max_side, widths=tuple(widths_raw))

    limits = _limits(v.mapping(data.get("limits"), ("limits",), required=False), v)

    checks = v.mapping(data.get("checks"), ("checks",), required=False)
    # YAML 1.1 reads an unquoted `off` as false: treat it as the word the editor wrote.
    severity = {
        str(k): ("off" if val is False else str(val))
        for k, val in v.mapping(checks.get("severity"), ("checks", "severity"), required=False).items()
    }
    for code, level in severity.items():
        if level not in ("error", "warning", "info", "off"):
            v.problem(("checks", "severity", code), f"mức '{level}' không hợp lệ; dùng error, warning, info hoặc off.")

    return Config(
        path=path,
        site=site,
        editor_in_chief=chief,
        editors=editors,
        topics=topics,
        kinds=kinds,
        units=units,
        abbreviations=abbreviations,
        collaborator_inbox=inbox,
        deadlines=deadlines,
        quota=quota,
        photos=photos,
        check_severity=severity,
        limits=limits,
        raw=data,
    )


def _limits(section: dict, v: _Validator) -> Limits:
    values: dict[str, int] = {}
    for name, default in vars(DEFAULT_LIMITS).items():
        value = section.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            v.problem(("limits", name), f"phải là một số nguyên không âm (đang là '{value}').")
            value = default
        values[name] = value
    for extra in set(section) - set(values):
        v.problem(("limits", str(extra)), f"khóa không được hỗ trợ; chỉ dùng: {', '.join(values)}.")
    return Limits(**values)
