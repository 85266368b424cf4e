from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.core.config import Config, load_config
from pipeline.intake.ingest import Workspace

ROOT = Path(__file__).resolve().parents[1]
# The shared sample documents, read where they are: beside the checkout, or wherever SAMPLES_DIR
# says (a git worktree elsewhere; `make fidelity SAMPLES_DIR=…`). Never copied into the repo.
SAMPLES = Path(os.environ.get("SAMPLES_DIR") or ROOT.parent / "shared" / "samples").resolve()


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """In CI a test skipped for want of a system package (LibreOffice, Chromium, rsync) fails instead:
    CI runs `make system-deps` first, so such a skip would only hide a missing install step."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and "system-deps" in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = f"CI=true nhưng thiếu gói hệ thống (make system-deps): {report.longrepr}"

# The real documents of ../shared/samples are an extra corpus (tests/fidelity/, `make fidelity`): on a
# clone without them those tests are not collected at all, so nothing skips for their absence.
collect_ignore = [] if SAMPLES.is_dir() else ["fidelity"]


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The generated hostile corpus (tests/hostile/make.py): file name → path."""
    from tests.hostile.make import build_all

    return build_all(tmp_path_factory.mktemp("hostile"))
