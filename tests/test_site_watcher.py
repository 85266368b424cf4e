"""The preview's watcher reports every saved file, including one saved while a build runs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pipeline.site.watcher import ChangeWatcher


def _changes(watcher: ChangeWatcher) -> list[str]:
    stop = threading.Event()
    guard = threading.Timer(60, stop.set)  # a watcher that never answers fails the test, not the suite
    guard.start()
    try:
        return [str(Path(p).relative_to(watcher.roots[0])) for p in watcher.wait(stop)]
    finally:
        guard.cancel()


@pytest.fixture(params=[True, False], ids=["inotify", "polling"])
def watched(tmp_path, request):  # type: ignore[no-untyped-def]
    root = tmp_path / "content"
    (root / "tin").mkdir(parents=True)
    (root / "tin" / "a.md").write_text("một", encoding="utf-8")
    (root / "tin" / "b.md").write_text("hai", encoding="utf-8")
    watcher = ChangeWatcher([root], inotify=request.param)
    watcher.start()
    assert watcher.uses_inotify is request.param
    yield root, watcher
    watcher.stop()


def test_a_saved_article_is_reported_once(watched):
    root, watcher = watched
    with (root / "tin" / "a.md").open("a", encoding="utf-8") as handle:
        handle.write("\nCâu bổ sung.\n")
    assert _changes(watcher) == ["tin/a.md"]
    with (root / "tin" / "b.md").open("a", encoding="utf-8") as handle:
        handle.write("\nCâu khác.\n")
    assert _changes(watcher) == ["tin/b.md"]  # a.md is not reported again


def test_a_file_saved_while_the_build_runs_is_reported_by_the_next_wait(watched):
    root, watcher = watched
    (root / "tin" / "a.md").write_text("một, sửa lần một", encoding="utf-8")
    assert _changes(watcher) == ["tin/a.md"]
    # The build of that change runs now; an editor saves again before it ends.
    (root / "tin" / "a.md").write_text("một, sửa lần hai trong lúc dựng", encoding="utf-8")
    assert _changes(watcher) == ["tin/a.md"]


def test_added_removed_and_new_folders_are_reported_and_hidden_files_are_not(watched):
    root, watcher = watched
    (root / "tin" / "b.md").unlink()
    (root / "tin" / ".a.md.swp").write_text("tạm", encoding="utf-8")
    (root / "images" / "bai-moi").mkdir(parents=True)
    (root / "images" / "bai-moi" / "anh-1.jpg").write_bytes(b"\xff\xd8\xff")
    reported: set[str] = set()
    while not {"tin/b.md", "images/bai-moi/anh-1.jpg"} <= reported:
        reported.update(_changes(watcher))
    assert reported == {"tin/b.md", "images/bai-moi/anh-1.jpg"}


def test_a_removed_folder_reports_every_file_it_held(watched):
    root, watcher = watched
    for name in ("a.md", "b.md"):
        (root / "tin" / name).unlink()
    (root / "tin").rmdir()
    reported: set[str] = set()
    while reported != {"tin/a.md", "tin/b.md"}:
        reported.update(_changes(watcher))
