"""Vietnamese for click's own words (usage, option help, usage errors).

click marks its strings for gettext but ships no translations; installing a catalogue with
`gettext.install` would not reach it, because each click module binds `_` at import. So the
catalogue is handed to those modules directly, once, before the CLI runs.
"""

from __future__ import annotations

import importlib

CATALOGUE: dict[str, str] = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: '{command} {option}'.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing command.": "Thiếu lệnh.",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải số hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là thư mục.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là tệp, không phải thư mục.",
    "{name} {filename!r} is not readable.": "Không đọc được {name} {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được {name} {filename!r}.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "Aborted!": "Đã dừng.",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "required": "bắt buộc",
}
PLURALS: dict[str, str] = {
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa tham số ({args})",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không thuộc {choices}.",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} không đúng các dạng {formats}.",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def _gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return PLURALS.get(chosen, CATALOGUE.get(chosen, chosen))


def install() -> None:
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
