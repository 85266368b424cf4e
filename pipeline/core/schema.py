"""A small declarative schema for hand-edited YAML: each key's type, default and Vietnamese description.

Why our own (in the style of MkDocs' `config_options`) and not pydantic, msgspec or cerberus: the
people who edit editorial.yml read Vietnamese, and every message must name the key path and the
line. Those libraries report in English by error type, so each type would still need a
hand-written Vietnamese message; they know nothing of YAML 1.1's surprises that this file must
accept (an unquoted 16:00 is the integer 960, an unquoted `off` is false); and none of them renders
the reference page we want. What is left to write is a few option classes, each a few lines.

An option checks one value and returns it converted, or INVALID after reporting. A Section has
fixed keys (anything else is reported as unknown, with the nearest known key); a MapOf has keys
chosen by the editor (slugs) and one option for every value. `Ref` values name a key of another
top-level table and are resolved after the whole file has been read, so the order of sections in
the file never matters. Every problem is collected; nothing stops at the first.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

KeyPath = tuple[str, ...]


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
MISSING: Any = object()

# Problem kinds; the caller maps each to a message code.
UNKNOWN_KEY, MISSING_KEY, WRONG_TYPE, BAD_VALUE, BAD_TIMEZONE, BAD_REF = (
    "unknown-key", "missing-key", "wrong-type", "bad-value", "bad-timezone", "bad-ref")


@dataclass
class Checker:
    """Collects problems while a document is checked; `report(kind, path, text)`."""

    report: Callable[[str, KeyPath, str], None]
    refs: list[tuple[KeyPath, str, str]] = field(default_factory=list)  # (path, section, value)


class Option:
    type_vi = "giá trị"

    def __init__(self, description: str, *, default: Any = MISSING, example: str = ""):
        self.description = description
        self.default = default
        self.example = example

    @property
    def required(self) -> bool:
        return self.default is MISSING

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        raise NotImplementedError

    def default_value(self, path: KeyPath, c: Checker) -> Any:
        """The default, converted like a written value (a default "16:00" becomes a time)."""
        if self.default is MISSING or self.default is None:
            return self.default
        return self.check(self.default, path, c)

    def default_doc(self) -> str:
        if self.required:
            return "bắt buộc"
        if self.default in (None, "", [], {}):
            return "(trống)"
        return f"`{_yaml_text(self.default)}`"

    def wrong(self, value: Any, path: KeyPath, c: Checker, kind: str = WRONG_TYPE) -> Any:
        c.report(kind, path, f"phải là {self.type_vi} (đang là {_shown(value)}).")
        return INVALID


class Text(Option):
    type_vi = "một chuỗi chữ"

    def __init__(self, description: str, *, pattern: str = "", pattern_vi: str = "", type_vi: str = "",
                 **kw: Any):
        super().__init__(description, **kw)
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_vi = pattern_vi
        if type_vi:
            self.type_vi = type_vi

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return self.wrong(value, path, c)
        text = str(value).strip()
        if not text:
            if self.required:
                c.report(MISSING_KEY, path, "thiếu giá trị (bắt buộc).")
                return INVALID
            return self.default
        if self.pattern and not self.pattern.fullmatch(text):
            c.report(BAD_VALUE, path, f"'{text}' không hợp lệ: {self.pattern_vi}.")
            return INVALID
        return text


class Integer(Option):
    def __init__(self, description: str, *, minimum: int = 0, maximum: int | None = None, **kw: Any):
        super().__init__(description, **kw)
        self.minimum, self.maximum = minimum, maximum

    @property
    def type_vi(self) -> str:  # type: ignore[override]
        top = f" đến {self.maximum}" if self.maximum is not None else ""
        return f"một số nguyên từ {self.minimum}{top}" if top else f"một số nguyên ≥ {self.minimum}"

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return self.wrong(value, path, c)
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            return self.wrong(value, path, c, BAD_VALUE)
        return value


class Number(Integer):
    @property
    def type_vi(self) -> str:  # type: ignore[override]
        return f"một số ≥ {self.minimum}"

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return self.wrong(value, path, c)
        if value < self.minimum or math.isnan(value) or math.isinf(value):
            return self.wrong(value, path, c, BAD_VALUE)
        return value


class Boolean(Option):
    type_vi = "true hoặc false"

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        return value if isinstance(value, bool) else self.wrong(value, path, c)


class Choice(Option):
    def __init__(self, description: str, values: tuple[str, ...], *, false_means: str = "", **kw: Any):
        super().__init__(description, **kw)
        self.values = values
        self.false_means = false_means  # YAML 1.1 reads an unquoted `off`/`no` as false

    @property
    def type_vi(self) -> str:  # type: ignore[override]
        return "một trong: " + ", ".join(self.values)

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        if value is False and self.false_means:
            value = self.false_means
        if isinstance(value, str) and value.strip() in self.values:
            return value.strip()
        c.report(BAD_VALUE, path, f"'{value}' không hợp lệ; chỉ dùng {', '.join(self.values)}.")
        return INVALID


class Clock(Option):
    type_vi = "giờ dạng \"HH:MM\""

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        # YAML 1.1 reads an unquoted 16:00 as a sexagesimal integer (960); accept both forms.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return time(value // 60, value % 60)
        m = re.fullmatch(r"\s*(\d{1,2})[:h](\d{2})\s*", str(value)) if isinstance(value, str) else None
        if not m or int(m[1]) > 23 or int(m[2]) > 59:
            c.report(BAD_VALUE, path, f"giờ '{value}' không hợp lệ, hãy viết dạng HH:MM, ví dụ \"16:00\".")
            return INVALID
        return time(int(m[1]), int(m[2]))

    def default_doc(self) -> str:
        return f"`\"{self.default}\"`" if isinstance(self.default, str) else super().default_doc()


class Day(Option):
    type_vi = "ngày dạng YYYY-MM-DD"

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            c.report(BAD_VALUE, path, f"ngày '{value}' không hợp lệ, hãy viết dạng YYYY-MM-DD.")
            return INVALID


class TimeZone(Text):
    type_vi = "tên múi giờ IANA"

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        name = super().check(value, path, c)
        if name is INVALID:
            return name
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            c.report(BAD_TIMEZONE, path, f"múi giờ '{name}' không tồn tại; ở Việt Nam dùng Asia/Ho_Chi_Minh.")
            return INVALID
        return name


class Ref(Text):
    """The key of an entry in another top-level table (an editor, a topic)."""

    def __init__(self, description: str, section: str, **kw: Any):
        super().__init__(description, **kw)
        self.section = section

    @property
    def type_vi(self) -> str:  # type: ignore[override]
        return f"mã trong `{self.section}`"

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        slug = super().check(value, path, c)
        if slug not in (INVALID, None, ""):
            c.refs.append((path, self.section, slug))
        return slug


class ListOf(Option):
    def __init__(self, description: str, item: Option, **kw: Any):
        kw.setdefault("default", [])
        super().__init__(description, **kw)
        self.item = item

    @property
    def type_vi(self) -> str:  # type: ignore[override]
        return f"danh sách, mỗi mục là {self.item.type_vi}"

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        if not isinstance(value, list):
            return self.wrong(value, path, c)
        out = [self.item.check(v, (*path, str(i)), c) for i, v in enumerate(value)]
        return INVALID if any(v is INVALID for v in out) else out


class ClockRange(Option):
    type_vi = "khoảng giờ [\"bắt đầu\", \"kết thúc\"]"

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        if not isinstance(value, list) or len(value) != 2:
            c.report(WRONG_TYPE, path, 'mỗi khoảng giờ phải có dạng ["07:00", "11:00"].')
            return INVALID
        start, end = (Clock("").check(v, path, c) for v in value)
        if INVALID in (start, end):
            return INVALID
        if start >= end:
            c.report(BAD_VALUE, path, "giờ bắt đầu phải trước giờ kết thúc.")
            return INVALID
        return (start, end)


class Section(Option):
    """A table with fixed keys; any other key is reported."""

    type_vi = "một bảng khóa: giá trị"

    def __init__(self, description: str, fields: dict[str, Option], *, optional: bool = False, **kw: Any):
        super().__init__(description, **kw)
        self.fields = fields
        self.optional = optional

    @property
    def required(self) -> bool:
        return not self.optional and any(f.required for f in self.fields.values())

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        if value is None and not self.required:
            value = {}
        if not isinstance(value, dict):
            return self.wrong(value, path, c)
        out: dict[str, Any] = {}
        for key in value:
            if str(key) not in self.fields:
                near = difflib.get_close_matches(str(key), self.fields, n=1)
                hint = f" Có phải ý là '{near[0]}'?" if near else ""
                c.report(UNKNOWN_KEY, (*path, str(key)),
                         f"không có khóa này; ở đây chỉ dùng: {', '.join(self.fields)}.{hint}")
        for name, option in self.fields.items():
            here = (*path, name)
            if name in value and value[name] is not None:
                out[name] = option.check(value[name], here, c)
            elif option.required:
                c.report(MISSING_KEY, here, "thiếu khóa này (bắt buộc).")
                out[name] = INVALID
            else:
                out[name] = option.default_value(here, c)
        return out

    def default_value(self, path: KeyPath, c: Checker) -> Any:
        return self.check({}, path, c)

    def default_doc(self) -> str:
        return "bắt buộc" if self.required else "không bắt buộc"


class MapOf(Option):
    """A table whose keys the editor chooses (slugs, codes), each value checked by one option."""

    def __init__(self, description: str, value: Option, *, key: str = r"[a-z0-9][a-z0-9-]*",
                 key_vi: str = "chỉ chữ thường không dấu, số và dấu gạch ngang", key_name: str = "mã",
                 min_items: int = 0, **kw: Any):
        kw.setdefault("default", {} if min_items == 0 else MISSING)
        super().__init__(description, **kw)
        self.value = value
        self.key = re.compile(key)
        self.key_vi = key_vi
        self.key_name = key_name
        self.min_items = min_items

    type_vi = "một bảng khóa: giá trị"

    def check(self, value: Any, path: KeyPath, c: Checker) -> Any:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            return self.wrong(value, path, c)
        if len(value) < self.min_items:
            c.report(MISSING_KEY, path, f"cần ít nhất {self.min_items} mục.")
        out: dict[str, Any] = {}
        for key, item in value.items():
            here = (*path, str(key))
            if not isinstance(key, str) or not self.key.fullmatch(key):
                c.report(BAD_VALUE, here, f"{self.key_name} '{key}' không hợp lệ: {self.key_vi}.")
                continue
            out[key] = self.value.check(item, here, c)
        return out

    def default_value(self, path: KeyPath, c: Checker) -> Any:
        return dict(self.default)


def check_document(schema: Section, data: Any, c: Checker) -> dict[str, Any]:
    """Check a whole document, then the references between its tables."""
    out = schema.check(data if data is not None else {}, (), c)
    if not isinstance(out, dict):
        return {}
    for path, section, slug in c.refs:
        table = out.get(section)
        if isinstance(table, dict) and slug not in table:
            c.report(BAD_REF, path, f"'{slug}' không có trong danh sách {section}.")
    return out


# --- reference documentation ------------------------------------------------------------------


def walk(option: Option, path: str) -> Iterator[tuple[str, Option]]:
    """Every documented key below `option`, as (dotted path with <mã> for free keys, option)."""
    if isinstance(option, Section):
        for name, child in option.fields.items():
            here = f"{path}.{name}" if path else name
            yield here, child
            yield from walk(child, here)
    elif isinstance(option, MapOf):
        here = f"{path}.<{option.key_name}>"
        if isinstance(option.value, (Section, MapOf)):
            yield from walk(option.value, here)
        else:
            yield here, option.value


def _yaml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(f'"{v}"' if isinstance(v, str) else _yaml_text(v) for v in value) + "]"
    if isinstance(value, time):
        return f'"{value:%H:%M}"'
    return str(value)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "một bảng"
    if isinstance(value, list):
        return "một danh sách"
    if value is None:
        return "trống"
    return f"'{_yaml_text(value)}'"
