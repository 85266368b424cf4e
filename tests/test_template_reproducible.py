"""The contributors' template the site offers is the same file on every build, so deploys leave it alone."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from pipeline.core.config import load_config
from pipeline.intake.template import write_template

ROOT = Path(__file__).resolve().parents[1]


def test_two_builds_write_the_same_template_bytes_and_the_second_leaves_the_file_untouched(tmp_path):
    config = load_config(ROOT / "editorial.yml")
    first, second = tmp_path / "a" / "mau-tin-bai.docx", tmp_path / "b" / "mau-tin-bai.docx"
    write_template(first, config)
    time.sleep(2.1)  # zip entry times have a two-second resolution: a clock stamp would now differ
    write_template(second, config)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as package:
        assert package.namelist()[0] == "[Content_Types].xml"
        assert {entry.date_time for entry in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}

    before = os.stat(first).st_mtime_ns
    write_template(first, config)
    assert os.stat(first).st_mtime_ns == before
    assert not list(first.parent.glob(".*partial"))
