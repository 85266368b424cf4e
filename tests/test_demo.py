from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import frontmatter

from demo.make_samples import write_samples
from pipeline.core.dates import TZ
from pipeline.intake.ingest import Workspace, ingest_all
from tests.conftest import ROOT

NOW = datetime(2026, 3, 20, 8, 0, tzinfo=TZ)


def _ingest_demo(root: Path, config) -> dict[str, bytes]:
    write_samples(root / "submissions")
    (root / "content").mkdir()
    outcomes = ingest_all(Workspace(root / "content", root / "submissions", config), NOW)
    assert all(o.status == "published" for o in outcomes), [(o.submission, o.messages) for o in outcomes]
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_demo_gives_the_same_articles_every_time(tmp_path, config):
    first = _ingest_demo(tmp_path / "a", config)
    second = _ingest_demo(tmp_path / "b", config)
    assert first == second


def test_the_demo_covers_every_topic_several_units_a_collaborator_photos_and_meta_yml(tmp_path, config):
    _ingest_demo(tmp_path, config)
    posts = [frontmatter.load(p) for p in (tmp_path / "content").rglob("*.md")]
    assert len(posts) >= 8
    assert {p["topic"] for p in posts} == set(config.topics)
    assert len({p["unit"] for p in posts if p["unit"]}) >= 6
    assert any(p.get("contributor") for p in posts)
    assert any(len(p["images"]) >= 2 for p in posts)
    assert {"con-phung", "cd-dong-khoi"} <= {p["unit"] for p in posts}


def test_demo_workspace_and_built_site_are_ignored_by_git():
    # Files inside the folders: the patterns name folders, which a fresh clone does not have yet.
    inside = [".demo/content/a.md", "output/index.html", "reports/bao-cao.html", "test-output/a.png"]
    result = subprocess.run(["git", "check-ignore", *inside], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.stdout.split() == inside
