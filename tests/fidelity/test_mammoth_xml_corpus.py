"""Every XML part of every real and hostile sample reads the same through mammoth's parser and ours."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.test_conversion_mammoth_xml import _both


def _packages() -> list:
    return [pytest.param(p, id=p.name) for p in sorted(SAMPLES.rglob("*"))
            if p.is_file() and zipfile.is_zipfile(p)]


@pytest.mark.parametrize("path", _packages())
def test_every_part_of_a_sample_gives_the_same_nodes_with_either_parser(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        names = [n for n in package.namelist() if n.endswith((".xml", ".rels"))]
        for name in names:
            original, ours = _both(package.read(name))
            assert ours == original, name
