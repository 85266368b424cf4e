"""The built site stays the same page by page as the golden copy made before the build was sped up."""

from __future__ import annotations

import difflib

from tests.golden_site import NOW, build_corpus, load_golden, snapshot
from tests.sitebuild import build_site


def _first_difference(name: str, expected: str, actual: str) -> str:
    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"golden/{name}", f"built/{name}",
                                lineterm="", n=2)
    return "\n".join(list(diff)[:40])


def _assert_same_as_golden(output):
    golden, built = load_golden(), snapshot(output)

    assert sorted(set(golden) - set(built)) == [], "pages the golden copy has and the build no longer writes"
    assert sorted(set(built) - set(golden)) == [], "pages the build writes that the golden copy does not have"
    changed = [name for name in golden if golden[name] != built[name]]
    hint = "if the change is intended, run `make site-golden` and commit the new copy with it"
    assert changed == [], f"{len(changed)} pages differ ({hint}):\n" + _first_difference(
        changed[0], golden[changed[0]], built[changed[0]]) if changed else ""


def test_a_clean_build_writes_the_same_pages_as_the_golden_copy_with_and_without_the_parse_cache(tmp_path):
    build_corpus(tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "output", extra_env={"BANTIN_NOW": NOW})
    _assert_same_as_golden(tmp_path / "output")
    assert list((tmp_path / "cache").glob("parsed-*/*.pickle")), "the first build fills the parse cache"
    build_site(tmp_path / "content", tmp_path / "again", extra_env={"BANTIN_NOW": NOW})
    _assert_same_as_golden(tmp_path / "again")
