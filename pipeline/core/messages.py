"""Problems are data: each step returns messages instead of raising for bad input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, TypeVar, overload

from pipeline.core import codes

T = TypeVar("T")
U = TypeVar("U")
V = TypeVar("V")


class Level(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def vietnamese(self) -> str:
        return {"info": "thông tin", "warning": "cảnh báo", "error": "lỗi"}[self.value]


@dataclass(frozen=True)
class Message:
    """One finding about one file. `text` is Vietnamese and says what to fix."""

    code: str
    level: Level
    text: str
    file: str = ""
    line: int | None = None

    def __post_init__(self) -> None:
        # One meaning per code: an uncatalogued code, or a catalogued one at another level, is a bug.
        if codes.is_check_code(self.code):
            return  # the rules registry owns these; the check engine emits only registered codes
        entry = codes.lookup(self.code)
        if entry is None:
            raise ValueError(f"message code {self.code!r} is not in pipeline/core/codes.py")
        if entry.level != Level(self.level).value:
            raise ValueError(f"{self.code} is catalogued as {entry.level}, emitted as {self.level}")

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.code} [{self.level.vietnamese}] {self.text}"


def error(code: str, text: str, file: str = "", line: int | None = None) -> Message:
    return Message(code, Level.ERROR, text, file, line)


def warning(code: str, text: str, file: str = "", line: int | None = None) -> Message:
    return Message(code, Level.WARNING, text, file, line)


def info(code: str, text: str, file: str = "", line: int | None = None) -> Message:
    return Message(code, Level.INFO, text, file, line)


@dataclass
class Result(Generic[T]):
    """A value plus the messages produced while making it (mammoth's results.py idea)."""

    value: T
    messages: list[Message] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(m.level is Level.ERROR for m in self.messages)

    # A None value is a refusal: the steps after it do not run, and its messages say why.

    @overload
    def map(self: Result[V | None], fn: Callable[[V], U]) -> Result[U | None]: ...
    @overload
    def map(self: Result[V], fn: Callable[[V], U]) -> Result[U]: ...

    def map(self, fn: Callable[[Any], Any]) -> Result[Any]:
        """The value transformed by `fn` (a step that cannot fail), the messages kept."""
        if self.value is None:
            return Result(None, list(self.messages))
        return Result(fn(self.value), list(self.messages))

    @overload
    def bind(self: Result[V | None], fn: Callable[[V], Result[U]]) -> Result[U]: ...
    @overload
    def bind(self: Result[V], fn: Callable[[V], Result[U]]) -> Result[U]: ...

    def bind(self, fn: Callable[[Any], Result[Any]]) -> Result[Any]:
        """The next step on the value: its result, with this step's messages before its own."""
        if self.value is None:
            return Result(None, list(self.messages))
        following = fn(self.value)
        return Result(following.value, [*self.messages, *following.messages])
