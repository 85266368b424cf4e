"""Turn raw metadata into the article's routed metadata: unit, topic, kind, editor, times, contributor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.content.model import Contributor
from pipeline.core.config import Config, Unit
from pipeline.core.dates import format_vn, read_datetime
from pipeline.core.messages import Level, Message, Result, error, warning
from pipeline.intake.metadata import RawMeta, is_yes
from pipeline.intake.public_fields import check_contacts, check_control_characters, check_year
from pipeline.intake.units import resolve_unit


@dataclass
class Routed:
    title: str
    kind: str
    unit: str | None
    topic: str
    editor: str
    submitted_at: datetime
    event_time: datetime | None
    author: str
    author_title: str
    approved_by: str
    summary: str
    tags: list[str]
    contributor: Contributor | None
    title_source: str = ""
    date: datetime | None = None  # publication time from meta.yml `date:` (a future one schedules it)


def _text(raw: RawMeta, key: str) -> str:
    value = raw.values.get(key)
    return " ".join(str(value).split()) if value not in (None, "") else ""


def unit_refusal(unit_text: str, suggestions: tuple[Unit, ...], has_contact: bool) -> str:
    text = f"Không nhận ra đơn vị '{unit_text}'"
    if has_contact:
        text += " — là cộng tác viên thì để trống Đơn vị"
    text += "."
    if suggestions:
        return f"{text} Có phải " + " hay ".join(f"'{u.name}'" for u in suggestions) + "?"
    return f"{text} Hãy ghi đúng tên đơn vị như trong danh sách đơn vị của Ban Biên tập (editorial.yml)."


def route_metadata(raw: RawMeta, config: Config, fallback_time: datetime, file: str) -> Result[Routed | None]:
    """Match unit, topic and kind against editorial.yml and pick the editor. Every problem is reported."""
    problems: list[Message] = []

    def fail(text: str) -> None:
        problems.append(error("BT810", text, file))

    # Published fields hold plain text only (pipeline/intake/public_fields.py).
    captions = {"captions": list(raw.captions.values())} if raw.captions else {}
    problems += check_control_characters({**raw.values, **captions}, file)
    checked = {k: v for k, v in raw.values.items() if not (k == "core_author" and raw.values.get("author"))}
    privacy, dropped = check_contacts({**checked, **captions}, {**raw.origin, "captions": "meta.yml"}, file)
    problems += [m for m in privacy if m.level is Level.ERROR]
    notes = [m for m in privacy if m.level is not Level.ERROR]
    raw = RawMeta({k: v for k, v in raw.values.items() if k not in dropped}, raw.origin, raw.captions)

    title = _text(raw, "title")
    if not title:
        fail("Không tìm thấy tiêu đề. Hãy điền ô 'Tiêu đề' trong bảng thông tin hoặc đặt tiêu đề ở dòng đầu với kiểu Heading 1.")

    unit_text = _text(raw, "unit")
    organization = _text(raw, "organization")
    # A unit name that matches nothing is an error, never a collaborator: the unit and its quota
    # would be lost silently. Collaborators leave 'Đơn vị' empty.
    match = resolve_unit(unit_text, config)
    unit = match.unit
    is_collaborator = unit is None and (bool(raw.values.get("collaborator")) or bool(organization))
    if unit_text and unit is None:
        fail(unit_refusal(unit_text, match.suggestions, bool(organization or raw.values.get("email")
                                                                or raw.values.get("phone"))))
    if unit is None and not is_collaborator and not unit_text:
        fail("Thiếu đơn vị gửi tin. Hãy điền ô 'Đơn vị'; cộng tác viên ngoài hệ thống công đoàn điền ô 'Cơ quan'.")

    topic_text = _text(raw, "topic")
    topic = config.find_topic(topic_text) if topic_text else None
    if topic is None and topic_text:
        names = "; ".join(t.name for t in config.topics.values())
        fail(f"Không nhận ra lĩnh vực '{topic_text}'. Hãy chọn một trong: {names}.")
    elif topic is None and unit is not None and unit.default_topic:
        topic = config.topics[unit.default_topic]
    elif topic is None:
        names = "; ".join(t.name for t in config.topics.values())
        fail(f"Thiếu lĩnh vực. Hãy điền ô 'Lĩnh vực' với một trong: {names}.")

    messages: list[Message] = []
    event_text = raw.values.get("event_time")
    event_reading = read_datetime(event_text)
    event_time = event_reading.value
    if event_text not in (None, "") and event_time is None:
        fail(f"Không đọc được thời gian sự kiện '{event_text}': {event_reading.problem}. "
             "Hãy viết dạng '08:30 26/11/2026'.")
    elif event_reading.guessed:
        messages.append(warning("BT800", f"Thời gian sự kiện '{event_text}' {event_reading.guessed}; "
                                "hãy ghi rõ giờ, ví dụ '08:30 26/11/2026'.", file))

    kind_text = _text(raw, "kind")
    kind_info = config.find_kind(kind_text) if kind_text else None
    if kind_text and kind_info is None:
        names = "; ".join(k.name for k in config.kinds.values())
        fail(f"Không nhận ra loại tin '{kind_text}'. Hãy chọn một trong: {names}.")
    kind = kind_info.slug if kind_info else ("event" if event_time else "news")

    submitted_text = raw.values.get("submitted_at")
    submitted_reading = read_datetime(submitted_text)
    submitted_at = submitted_reading.value
    if submitted_text not in (None, "") and submitted_at is None:
        fail(f"Không đọc được thời gian gửi '{submitted_text}': {submitted_reading.problem}. "
             "Hãy viết dạng '15:30 26/11/2026'.")
    elif submitted_reading.guessed:
        messages.append(warning("BT800", f"Thời gian gửi '{submitted_text}' {submitted_reading.guessed}; "
                                "hãy ghi rõ giờ, ví dụ '15:30 26/11/2026'.", file))
    submitted_at = submitted_at or fallback_time

    problems += check_year("Thời gian sự kiện", event_time, file)
    problems += check_year("Thời gian gửi", submitted_at, file)
    messages.extend(notes)
    date_text = raw.values.get("date")
    publish_at = read_datetime(date_text).value
    if date_text not in (None, "") and publish_at is None:
        fail(f"Không đọc được ngày đăng '{date_text}': {read_datetime(date_text).problem}. "
             "Hãy viết dạng '08:00 27/11/2026'.")

    # A refused event time has its own message; "missing" would contradict it.
    if kind == "event" and event_time is None and event_text in (None, ""):
        messages.append(warning("BT811", "Tin sự kiện chưa có thời gian sự kiện; hãy điền ô 'Thời gian sự kiện' để tính hạn 12 giờ hành chính.", file))
    if event_time and event_time > submitted_at:
        messages.append(warning("BT811", f"Thời gian sự kiện ({format_vn(event_time)}) sau thời gian gửi ({format_vn(submitted_at)}); hãy kiểm tra lại.", file))

    contributor = None
    author = _text(raw, "author")
    if is_collaborator:
        contributor = Contributor(
            organization=organization,
            name=author,
            title=_text(raw, "author_title"),
            email=_text(raw, "email"),
            phone=_text(raw, "phone"),
            address=_text(raw, "address"),
            copyright_confirmed=is_yes(raw.values.get("copyright", False)),
        )

    if problems:
        return Result(None, problems + messages)
    assert topic is not None
    tags = raw.values.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.replace(";", ",").split(",") if t.strip()]
    elif not isinstance(tags, list):  # "tags: 5" in meta.yml: one tag, as text
        tags = [str(tags)]
    routed = Routed(
        title=title,
        kind=kind,
        unit=unit.slug if unit else None,
        topic=topic.slug,
        editor=config.route(unit.slug if unit else None, topic.slug).slug,
        submitted_at=submitted_at,
        event_time=event_time,
        author=author,
        author_title=_text(raw, "author_title"),
        approved_by=_text(raw, "approved_by"),
        summary=_text(raw, "summary"),
        tags=[str(t) for t in tags],
        contributor=contributor,
        title_source=_text(raw, "title_source"),
        date=publish_at,
    )
    return Result(routed, messages)
