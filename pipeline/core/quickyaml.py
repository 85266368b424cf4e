"""PyYAML's safe loader (libyaml's C parser where present) with a quicker walk from nodes to Python data.

libyaml parses in C, but PyYAML then builds every value in Python, one `construct_object` per node with
its bookkeeping (a memo of every node, a generator per list and mapping, a recursion guard). For front
matter (a flat mapping of strings, a few lists and small mappings) that walk cost three times the parse:
most of the 2 s a 10,000-article build spent in YAML.

`QuickSafeLoader` parses and resolves exactly as `CSafeLoader` (it is one, same resolver, same scalar
constructors) and builds plain mappings, lists and the safe scalar types in one direct pass. Anything
else (an alias, a merge key `<<`, an explicit tag, a non-scalar key, very deep nesting) leaves the
whole document to PyYAML's own constructor, so the result, or the error, is the safe loader's own.
tests/test_quickyaml.py compares both loaders, type by type, on front matter ingest writes and on
hostile YAML.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

# libyaml when the wheel has it; the pure-Python parser behaves the same, only slower.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# Scalars whose safe constructor is a plain function of the node (no state, no generator).
_SCALARS = frozenset({"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                      "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"})
# Deeper than this, PyYAML's iterative constructor takes over (the quick walk recurses).
MAX_DEPTH = 50


class _Unusual(Exception):
    """A node the quick walk leaves to PyYAML's constructor."""


class QuickSafeLoader(_SafeLoader):  # type: ignore[misc]
    """`yaml.load(text, Loader=QuickSafeLoader)`: what the safe loader returns, built faster."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """BaseResolver.resolve without its per-scalar list building; unusual set-ups take its path."""
        if self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]
        if kind is not ScalarNode:
            return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG
        if implicit[0]:
            resolvers = self.yaml_implicit_resolvers
            for tag, regexp in resolvers.get(value[:1], ()):  # '' for the empty value, as PyYAML keys it
                if regexp.match(value):
                    return tag  # type: ignore[no-any-return]
            if None in resolvers:  # resolvers for any first character come after those for this one
                return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]
        return self.DEFAULT_SCALAR_TAG

    def construct_document(self, node: Any) -> Any:
        try:
            return self._build(node, set(), 0)
        except _Unusual:
            return super().construct_document(node)

    def _build(self, node: Any, seen: set[int], depth: int) -> Any:
        kind, tag = node.__class__, node.tag
        if kind is ScalarNode:
            if tag == _STR:
                return node.value
            if tag in _SCALARS:
                return self.yaml_constructors[tag](self, node)
            raise _Unusual
        # A collection met twice is an alias (PyYAML shares one object, and may build cycles).
        if depth >= MAX_DEPTH or id(node) in seen:
            raise _Unusual
        seen.add(id(node))
        if kind is SequenceNode and tag == _SEQ:
            return [self._build(child, seen, depth + 1) for child in node.value]
        if kind is not MappingNode or tag != _MAP:
            raise _Unusual
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            # A scalar key builds to a hashable value; `<<` (merge) and `=` (value) keys are special.
            if key_node.__class__ is not ScalarNode or key_node.tag not in _KEY_TAGS:
                raise _Unusual
            key = self._build(key_node, seen, depth + 1)  # before the value, as PyYAML (errors)
            mapping[key] = self._build(value_node, seen, depth + 1)
        return mapping


_KEY_TAGS = _SCALARS | {_STR}


def safe_load(text: str) -> Any:
    """yaml.safe_load's result (libyaml's parser where present)."""
    return yaml.load(text, Loader=QuickSafeLoader)
