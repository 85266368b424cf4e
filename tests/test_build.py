"""The build is the same everywhere: hashed lock files that match pyproject.toml, every import declared.

See docs/build.md. Offline: nothing here installs or resolves; `make lock` (network) writes the locks.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from itertools import pairwise
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

LOCKS = ROOT / "requirements"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
# Each lock → the extras it holds on top of the runtime dependencies (the same as `make lock`).
PURPOSES = {"runtime": [], "reports": ["reports"], "test": ["reports", "test"], "dev": ["reports", "test", "dev"]}
DEPTRY = Path(sys.executable).with_name("deptry")
# Pin lines: `name==version ; marker \`, then one or more `--hash=sha256:…` lines.
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(lock: str) -> list[tuple[str, str, str | None, int]]:
    """(name, version, marker, number of hashes) for every package in requirements/<lock>.txt."""
    found: list[tuple[str, str, str | None, int]] = []
    for line in (LOCKS / f"{lock}.txt").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("--hash=sha256:") and found:
            name, ver, marker, hashes = found[-1]
            found[-1] = (name, ver, marker, hashes + 1)
        elif line and not line.startswith((" ", "#")):
            match = PIN.match(line)
            assert match, f"requirements/{lock}.txt: dòng không ghim đúng một phiên bản: {line!r}"
            found.append((canonicalize_name(match[1]), match[2], match[3], 0))
    return found


def applies(marker: str | None) -> bool:
    """Whether a lock line is for this machine (Linux, this Python)."""
    return marker is None or Requirement(f"x; {marker}").marker.evaluate(default_environment())  # type: ignore[union-attr]


def locked(lock: str) -> dict[str, str]:
    return {name: ver for name, ver, marker, _ in pins(lock) if applies(marker)}


def declared(extras: list[str]) -> list[Requirement]:
    wanted = [*PROJECT["dependencies"], *(r for extra in extras for r in PROJECT["optional-dependencies"][extra])]
    build = (LOCKS / "build.in").read_text(encoding="utf-8").split()
    return [Requirement(r) for r in [*wanted, *build]]


@pytest.mark.parametrize("lock", PURPOSES)
def test_every_package_in_the_lock_is_pinned_to_one_version_with_its_hashes(lock: str) -> None:
    found = pins(lock)
    assert len(found) > 20
    assert all(hashes >= 1 for *_, hashes in found), [name for name, *_, hashes in found if not hashes]
    assert "make lock" in (LOCKS / f"{lock}.txt").read_text(encoding="utf-8")[:200]  # how it was made


@pytest.mark.parametrize("lock", PURPOSES)
def test_the_lock_holds_every_declared_dependency_of_its_purpose_at_an_allowed_version(lock: str) -> None:
    versions = locked(lock)
    for requirement in declared(PURPOSES[lock]):
        name = canonicalize_name(requirement.name)
        assert name in versions, f"{name} có trong pyproject.toml mà không có trong requirements/{lock}.txt: chạy make lock"
        assert requirement.specifier.contains(versions[name], prereleases=True), (lock, str(requirement), versions[name])


def test_a_smaller_lock_is_part_of_every_larger_one_at_the_same_versions() -> None:
    order = list(PURPOSES)
    for smaller, larger in pairwise(order):
        small, large = locked(smaller), locked(larger)
        assert small.items() <= large.items(), {k: (v, large.get(k)) for k, v in small.items() if large.get(k) != v}
    # What each purpose adds: only the runtime lock goes to the public site; matplotlib is not in it.
    assert "matplotlib" not in locked("runtime") and "matplotlib" in locked("reports")
    assert "pytest" not in locked("reports") and "ruff" not in locked("test") and "uv" in locked("dev")


def test_the_environment_running_the_tests_has_the_locked_versions() -> None:
    wrong = {}
    for name, ver in locked("test").items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        if installed != ver:
            wrong[name] = (ver, installed)
    assert not wrong, f"khác requirements/test.txt (đã khóa, đang cài): {wrong} — chạy make install-test"


def run_deptry(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DEPTRY), ".", "--no-ansi", *args], cwd=cwd, check=False, capture_output=True,
                          text=True, timeout=300)


def test_every_import_of_the_package_is_a_declared_dependency_and_every_dependency_is_used() -> None:
    # deptry: missing (DEP001), unused (DEP002), transitive (DEP003), test-only used by the package (DEP004).
    result = run_deptry()
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_import_of_the_tests_is_declared_for_the_tests() -> None:
    # The tests may use the [test] extra (DEP004) and need not use everything (DEP002).
    others = "^(" + "|".join(re.escape(p.name) for p in sorted(ROOT.iterdir()) if p.name != "tests") + ")"
    result = run_deptry("--exclude", others, "--ignore", "DEP002,DEP004")
    assert result.returncode == 0, result.stdout + result.stderr
    scanned = re.search(r"Scanning (\d+) files", result.stdout + result.stderr)
    assert scanned and int(scanned[1]) == len(list((ROOT / "tests").rglob("*.py")))


def test_deptry_reports_an_import_that_is_not_declared(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "thu"\nversion = "0"\ndependencies = ["click"]\n',
                                             encoding="utf-8")
    (tmp_path / "thu.py").write_text("import click\nimport yaml\n", encoding="utf-8")
    result = run_deptry(cwd=tmp_path)
    assert result.returncode == 1
    # PyYAML is installed (it comes with pelican), but this project does not declare it.
    assert "thu.py:2:8: DEP003 'yaml' imported but it is a transitive dependency" in result.stdout + result.stderr


def test_modules_of_an_extra_are_imported_only_inside_the_functions_that_need_them() -> None:
    # A runtime install (the published site, pipeline check) has no matplotlib: importing a module of
    # pipeline/ must not need it.
    extras_only = {"matplotlib"}
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            assert not {n.split(".")[0] for n in names} & extras_only, (path.relative_to(ROOT), names)


def test_make_install_uses_only_the_hashed_lock_and_installs_the_project_without_dependencies() -> None:
    for target, lock in [("install", "runtime"), ("install-test", "test"), ("install-dev", "dev")]:
        dry = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, check=False, capture_output=True, text=True,
                             timeout=60)
        assert dry.returncode == 0, dry.stderr
        installs = [line for line in dry.stdout.splitlines() if "pip install" in line]
        assert installs == [
            f".venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/{lock}.txt",
            ".venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .",
        ], dry.stdout
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "test: install-test" in makefile and "lint: install-dev" in makefile and "report: install-reports" in makefile
    assert "pip install --quiet ruff" not in makefile  # the linters come pinned from the dev lock


def test_the_workflows_install_only_through_make_and_cache_by_the_lock() -> None:
    files = [*sorted((ROOT / ".github" / "workflows").glob("*.yml")), ROOT / ".gitlab-ci.yml"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "pip install" not in text and "pyproject.toml]" not in text, path.name
        assert "cache-dependency-path: pyproject.toml" not in text, path.name
    publish = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "cache-dependency-path: requirements/runtime.txt" in publish and "run: make install" in publish
