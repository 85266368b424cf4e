"""Problems are data: each step returns messages instead of raising for bad input."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

T = TypeVar("T")


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
