"""Strict YAML reading for files people edit by hand: every problem found at once, each with its line.

PyYAML's safe loader silently keeps the last of two equal keys, expands aliases without bound (a
"billion laughs" document of a few hundred bytes fills the memory) and recurses once per nesting
level. Here the text is first scanned as a stream of events (libyaml's C parser where present, so
the scan is fast and does not recurse): aliases beyond `max_aliases` and nesting deeper than
`max_depth` are refused before anything is built. Only then is the node tree composed and turned
into Python data by our own walk, which reports every duplicate key with both lines and records the
line of every key (for messages such as "dòng 12, khóa 'units.ba-tri.kind'").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml when the wheel has it; the pure-Python classes behave the same, only slower.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KeyPath = tuple[str, ...]
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass(frozen=True)
class YamlProblem:
    """One reason the text cannot be used. `kind` is syntax, alias, depth, duplicate or key."""

    kind: str
    line: int | None
    text: str  # Vietnamese
    path: KeyPath = ()


@dataclass
class YamlDocument:
    data: Any = None
    lines: dict[KeyPath, int] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    def line_of(self, path: KeyPath) -> int | None:
        """The line of a key path, or of its nearest ancestor that has one."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return None


def key_text(path: KeyPath) -> str:
    return ".".join(path) or "(gốc)"


def load_yaml(text: str, *, max_aliases: int = 0, max_depth: int = 64) -> YamlDocument:
    """Parse `text`; `data` is None when a problem prevents building it (syntax, aliases, depth)."""
    doc = YamlDocument()
    doc.problems.extend(_scan(text, max_aliases, max_depth))
    if doc.problems:
        return doc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:  # the scan saw the same stream; kept for safety
        doc.problems.append(_syntax(exc))
        return doc
    if node is not None:
        doc.data = _Builder(doc).build(node, ())
    return doc


def _scan(text: str, max_aliases: int, max_depth: int) -> list[YamlProblem]:
    problems: list[YamlProblem] = []
    aliases = depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > max_aliases:
                    allowed = "không được dùng" if max_aliases == 0 else f"chỉ được dùng tối đa {max_aliases} lần"
                    problems.append(YamlProblem(
                        "alias", event.start_mark.line + 1,
                        f"bí danh YAML '*{event.anchor}' {allowed}; hãy viết đầy đủ giá trị thay cho bí danh.",
                    ))
                    if len(problems) >= 10:  # a bomb repeats itself; ten lines say enough
                        break
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    problems.append(YamlProblem(
                        "depth", event.start_mark.line + 1,
                        f"các bảng/danh sách lồng nhau quá {max_depth} cấp; hãy viết lại cho phẳng hơn.",
                    ))
                    break
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.reader.ReaderError as exc:  # a control character: no mark, only a position
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        char = exc.character if isinstance(exc.character, int) else 0
        problems.append(YamlProblem("syntax", line, f"có ký tự điều khiển không được phép (mã #x{char:04x}); "
                                    "hãy xóa ký tự đó (thường do dán chữ từ nơi khác)."))
    except yaml.YAMLError as exc:
        problem = _syntax(exc)
        if "nesting depth" in str(exc):  # libyaml's own bound (1000) on flow nesting
            problem = YamlProblem("depth", problem.line,
                                  f"các bảng/danh sách lồng nhau quá {max_depth} cấp; hãy viết lại cho phẳng hơn.")
        problems.append(problem)
    return problems


def _syntax(exc: yaml.YAMLError) -> YamlProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"cột {mark.column + 1}: " if mark else ""
    detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return YamlProblem("syntax", mark.line + 1 if mark else None,
                       f"{where}lỗi cú pháp YAML ({detail}); hãy kiểm tra dấu hai chấm, thụt lề và dấu ngoặc.")


class _Builder:
    """Node tree → Python data, recording lines and refusing duplicate or unusable keys."""

    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:
            self.doc.problems.append(YamlProblem(
                "syntax", node.start_mark.line + 1,
                f"thẻ YAML '{node.tag}' không được hỗ trợ; hãy xóa thẻ (phần bắt đầu bằng '!').", path))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, item in enumerate(node.value):
                out.append(self.build(item, (*path, str(i))))
            return out
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            text = f"thẻ YAML '{node.tag}' không được hỗ trợ; hãy xóa thẻ (phần bắt đầu bằng '!')."
        except (yaml.YAMLError, ValueError, OverflowError):
            text = f"giá trị '{node.value}' không đọc được; nếu là chữ, hãy đặt nó trong dấu nháy kép."
        self.doc.problems.append(YamlProblem("syntax", node.start_mark.line + 1, text, path))
        return None

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.problems.append(YamlProblem(
                    "key", line, "khóa phải là một chữ hoặc số, không phải bảng hay danh sách.", path))
                continue
            key = self._scalar(key_node, path)
            if key is None or isinstance(key, (float, bool)):
                key = key_node.value  # `yes:`, `1.5:` or `~:` written as a key: keep what was typed
            key_path = (*path, str(key))
            if key in seen:
                self.doc.problems.append(YamlProblem(
                    "duplicate", line,
                    f"được viết hai lần (dòng {seen[key]} và dòng {line}); "
                    "mỗi khóa chỉ được viết một lần, hãy gộp hoặc xóa bớt.", key_path))
                continue
            seen[key] = line
            out[key] = self.build(value_node, key_path)
            self.doc.lines[key_path] = line
        return out
