"""Fuzzing the contributor-controlled metadata: meta.yml and the metadata table never raise."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.messages import Level
from pipeline.intake.metadata import LABELS, read_meta_yml, table_rows_to_fields

KEYS = st.sampled_from([*LABELS, "captions", "contributor", "copyright_confirmed", "Tiêu đề", "Đơn vị", "x"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                    st.dates())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                      max_leaves=12)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.dictionaries(KEYS, VALUES, max_size=6))
def test_any_structured_meta_yml_gives_a_result_never_an_exception(tmp_path_factory, data):  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("meta")) / "meta.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = read_meta_yml(path)
    assert isinstance(result.value, dict)
    for message in result.messages:
        assert message.code.startswith("BT8") or message.code.startswith("BT9")
        assert "meta.yml" in message.text
    if not result.has_errors:
        captions = result.value.get("captions") or {}
        assert isinstance(captions, dict)


@SETTINGS
@given(st.text(alphabet="{}[]&*!:-,'\"\n |>?#%@`ab1", max_size=200))
def test_any_text_as_meta_yml_gives_a_result_never_an_exception(tmp_path_factory, text):  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("meta")) / "meta.yml"
    path.write_text(text, encoding="utf-8")
    result = read_meta_yml(path)
    assert isinstance(result.value, dict)
    assert all(m.level in (Level.ERROR, Level.WARNING) for m in result.messages)


@SETTINGS
@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["Đơn vị", "Tiêu đề", "Email"])),
                         max_size=4), max_size=12))
def test_any_metadata_table_gives_fields_never_an_exception(rows):  # type: ignore[no-untyped-def]
    fields = table_rows_to_fields(rows)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in fields.items())
