"""Parse a contributor's YAML with bounds: no aliases (or a few), bounded nesting, bounded size.

PyYAML's safe loader expands every alias (a "billion laughs" file of a few hundred bytes becomes
gigabytes) and composes nested collections recursively (a 100,000-deep flow list overflows the stack).
The event stream is read first, iteratively, counting aliases and depth; only a stream within the
limits is then built into Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


@dataclass
class YamlLimitError(Exception):
    """The document breaks a limit: `what` is "aliases" or "depth"; `line` is 1-based."""

    what: str
    limit: int
    line: int | None

    def __str__(self) -> str:
        return f"{self.what} over {self.limit} at line {self.line}"


def load_bounded(text: str, max_aliases: int, max_depth: int) -> Any:
    """yaml.safe_load with limits; raises YamlLimitError or yaml.YAMLError."""
    depth = aliases = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > max_depth:
                raise YamlLimitError("depth", max_depth, _line(event))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > max_aliases:
                raise YamlLimitError("aliases", max_aliases, _line(event))
    return yaml.safe_load(text)


def _line(event: yaml.Event) -> int | None:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else None
