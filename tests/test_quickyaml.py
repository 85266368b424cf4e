"""The quick YAML loader (pipeline/core/quickyaml.py) returns what PyYAML's safe loader returns: the same
types, values, key order and shared objects, or the same error, for the front matter ingest writes and for
YAML a hostile contributor could type."""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synth import make_site
from pipeline.core.quickyaml import QuickSafeLoader

STOCK: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def same(a: Any, b: Any, pairs: dict[int, int] | None = None) -> bool:
    """Equal with the same types everywhere (1, 1.0 and True differ), the same key order, and objects
    shared (an alias) exactly where the other side shares them."""
    pairs = {} if pairs is None else pairs
    if type(a) is not type(b):
        return False
    if isinstance(a, (dict, list)):
        if id(a) in pairs:
            return pairs[id(a)] == id(b)
        if id(b) in pairs.values():
            return False
        pairs[id(a)] = id(b)
        if isinstance(a, list):
            return len(a) == len(b) and all(same(x, y, pairs) for x, y in zip(a, b))
        return (len(a) == len(b) and all(same(k, m, pairs) for k, m in zip(a, b))
                and all(same(a[k], b[m], pairs) for k, m in zip(a, b)))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def outcome(text: str, loader: Any) -> tuple[str, Any]:
    try:
        return "data", yaml.load(text, Loader=loader)
    except Exception as error:  # noqa: BLE001 - PyYAML lets ValueError, IndexError… through too
        return "error", f"{type(error).__name__}: {error}"


def assert_same_outcome(text: str) -> None:
    stock, quick = outcome(text, STOCK), outcome(text, QuickSafeLoader)
    assert stock[0] == quick[0], (text, stock, quick)
    assert same(stock[1], quick[1]), (text, stock, quick)


HOSTILE = [
    "",  # no document
    "just a string",
    "- a\n- b",
    "title: Bài\nslug: bai\n",
    "a: &x [1, 2]\nb: *x\n",  # a shared list
    "a: &x {k: v}\nb: *x\nc: *x\n",
    "a: &s hello\nb: *s\n",
    "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n",  # merge keys
    "derived:\n  <<: [{x: 1}, {z: 2}]\n  y: 3\n",
    "bad_merge:\n  <<: 5\n",
    "&a [*a]",  # a list that holds itself
    "&m {self: *m}",
    "=: value key\n",
    "x: =\n",
    "? [a, b]\n: unhashable key\n",
    "? {a: 1}\n: unhashable key\n",
    "a: !!str 123\nb: !!int '42'\nc: !!float '1'\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\n",
    "a: !!omap [{x: 1}, {y: 2}]\n",
    "a: !!pairs [{x: 1}, {x: 2}]\n",
    "a: !!python/object/apply:os.system ['echo pwned']\n",
    "a: !!python/name:os.system\n",
    "a: !custom thing\n",
    "a: !!map {x: 1}\nb: !!seq [1]\n",
    "a: !!str {x: 1}\n",
    "a: !!int notanumber\n",
    "dates: [2026-03-04, 2026-03-04T10:00:00+07:00, 2026-03-04 10:00:00, 2026-03-04T10:00+07:00]\n",
    "bad_date: 2026-02-30\n",
    "ints: [0, -0, +12, 012, 0o12, 0x1F, 0b101, 1_000, 1:30, 190:20:30, -0x10]\n",
    "floats: [1.5, -.5, 1e3, 6.8523015e+5, .inf, -.Inf, .nan, 1_000.5, 1:30.5]\n",
    "bools: [yes, No, ON, off, true, FALSE, y, n]\n",
    "nulls: [~, null, Null, NULL, '', ]\nempty:\n",
    "1: int key\n1.5: float key\ntrue: bool key\n~: null key\n2026-03-04: date key\n",
    "dup: 1\ndup: 2\nother: 3\n",
    "nested: {a: [1, {b: [2, {c: 3}]}]}\n",
    "deep: " + "[" * 60 + "]" * 60 + "\n",
    "deeper: " + "{a: " * 300 + "1" + "}" * 300 + "\n",
    "a: 'quoted: yes'\nb: \"5\"\nc: |\n  block\n  text\nd: >\n  folded\n  text\n",
    "!!int a: !!int \n",  # both key and value fail: the key's error comes first
    "a: b: c\n",  # syntax error
    "a: [unclosed\n",
    "---\na: 1\n---\nb: 2\n",  # two documents
    "a: \x07\n",  # a control character
    "tags: [pháp luật, công nhân]\nsummary: \"Tóm tắt <script>alert(1)</script>\"\n",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_yaml_gives_what_the_safe_loader_gives(text: str) -> None:
    assert_same_outcome(text)


def test_the_comparison_tells_types_and_sharing_apart() -> None:
    """`same` is strict enough to catch a loader that builds 1 for true or copies an aliased list."""
    shared = [1]
    assert not same({"a": 1}, {"a": True})
    assert not same([1], [1.0])
    assert not same({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not same([shared, shared], [[1], [1]])
    other = [1]
    assert same([shared, shared], [other, other])
    assert not same(yaml.load("a: 1", Loader=STOCK), yaml.load("a: '1'", Loader=STOCK))


def test_front_matter_as_ingest_writes_it_gives_the_same_data(tmp_path: Path) -> None:
    paths = make_site(tmp_path / "content", 60, seed=3)
    for path in paths:
        header = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        stock = yaml.load(header, Loader=STOCK)
        assert isinstance(stock, dict) and "title" in stock
        assert same(stock, yaml.load(header, Loader=QuickSafeLoader))


def test_a_shared_list_stays_shared_and_a_cycle_stays_a_cycle() -> None:
    data = yaml.load("a: &x [1]\nb: *x\n", Loader=QuickSafeLoader)
    assert data["a"] is data["b"]
    cycle = yaml.load("&a [*a]", Loader=QuickSafeLoader)
    assert cycle[0] is cycle


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=12), st.dates(),
                    st.datetimes(timezones=st.just(datetime.timezone(datetime.timedelta(hours=7)))))
DATA = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.booleans()), inner, max_size=4)),
    max_leaves=20)


@settings(max_examples=300, database=None, deadline=None)
@given(DATA, st.sampled_from([None, False, True]))
def test_any_data_dumped_as_ingest_dumps_it_loads_the_same(data: Any, flow: bool | None) -> None:
    assert_same_outcome(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100,
                                       default_flow_style=flow))


PIECES = st.sampled_from(["a", "b", ": ", "- ", "\n", "  ", "&x ", "*x", "<<", "=", "!!str ", "!!int ", "? ",
                          "[", "]", "{", "}", ", ", "'", '"', "#", "|", ">", "~", "yes", "1", "0x1", "1:2",
                          "2026-03-04", ".inf", "---", "%YAML 1.1\n", "Bến Tre"])


@settings(max_examples=400, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_text_loads_the_same_or_fails_the_same(text: str) -> None:
    assert_same_outcome(text)
