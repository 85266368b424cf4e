"""Mỗi mã quy tắc ghi trong `checks: severity:` của editorial.yml phải là một quy tắc có thật.

Vì sao: gõ nhầm mã (BT31 thay cho BT301) thì thiết lập mức độ không có tác dụng mà không ai hay.

Ví dụ: Mã 'BT999' trong checks.severity của editorial.yml không phải quy tắc nào; xem danh sách bằng lệnh: pipeline rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Hit
from pipeline.core.config import Config
from pipeline.core.messages import Level

CODE = "BT004"
NAME = "unknown-config-code"
SEVERITY = Level.WARNING
SCOPE = "engine"


def config_problems(config: Config, known: frozenset[str]) -> Iterator[Hit]:
    for code in config.check_severity:
        if code not in known:
            yield Hit(f"Mã '{code}' trong checks.severity của editorial.yml không phải quy tắc nào; "
                      "xem danh sách bằng lệnh: pipeline rules.",
                      config.line_of("checks", "severity", code), config.path)
