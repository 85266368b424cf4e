from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.core.config import Config, load_config
from pipeline.intake.ingest import Workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(ROOT / "editorial.yml")


@pytest.fixture
def workspace(tmp_path: Path, config: Config) -> Workspace:
    (tmp_path / "content").mkdir()
    (tmp_path / "submissions").mkdir()
    shutil.copy(ROOT / "editorial.yml", tmp_path / "editorial.yml")
    return Workspace(tmp_path / "content", tmp_path / "submissions", config)


def samples_or_skip() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples không có trong bản checkout này")
    return SAMPLES
