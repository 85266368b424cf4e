"""The editors' preview rebuilds after every saved edit, including one saved while it was rebuilding."""

from __future__ import annotations

import threading
import time

from pipeline.site.preview import Preview
from pipeline.site.watcher import changed_files, snapshot
from tests.golden_site import NOW, build_corpus
from tests.sitebuild import ROOT


def built_preview(tmp_path):  # type: ignore[no-untyped-def]
    """The golden corpus under tmp_path/content, built once by a preview into tmp_path/output."""
    paths = build_corpus(tmp_path / "content")
    preview = Preview(ROOT / "pelicanconf.py", {
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache")})
    preview.build()
    return paths, preview


def _wait_for(condition, seconds=240.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _page_text(output, slug):
    pages = list(output.rglob(f"{slug}.html"))
    return pages[0].read_text(encoding="utf-8") if pages else ""


def test_an_edit_saved_while_the_preview_rebuilds_is_picked_up_by_the_next_build(tmp_path, monkeypatch):
    monkeypatch.setenv("BANTIN_NOW", NOW)
    paths = build_corpus(tmp_path / "content")
    first, second = paths[0], paths[1]
    slug = {p: next(line[6:] for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("slug: "))
            for p in (first, second)}
    output = tmp_path / "output"

    class EditDuringRebuild(Preview):
        def build(self, changes=None):
            seconds = super().build(changes)
            if self.builds == 2:  # still inside the first rebuild: the watcher has not looked yet
                with second.open("a", encoding="utf-8") as handle:
                    handle.write("\nCâu sửa trong lúc đang dựng lại.\n")
            return seconds

    preview = EditDuringRebuild(ROOT / "pelicanconf.py", {
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / "cache")})
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    try:
        assert _wait_for(lambda: preview.builds >= 1 and "Câu" not in _page_text(output, slug[first]))
        time.sleep(0.05)  # a later modification time than the snapshot
        with first.open("a", encoding="utf-8") as handle:
            handle.write("\nCâu sửa đầu tiên.\n")
        assert _wait_for(lambda: "Câu sửa đầu tiên." in _page_text(output, slug[first]))
        assert _wait_for(lambda: "Câu sửa trong lúc đang dựng lại." in _page_text(output, slug[second]))
        assert _wait_for(lambda: preview.builds == 3)  # one build per edit, none lost
    finally:
        stop.set()
        watcher.join(timeout=120)


def test_the_watcher_sees_a_changed_an_added_and_a_removed_file(tmp_path):
    (tmp_path / "a.md").write_text("một", encoding="utf-8")
    (tmp_path / "b.md").write_text("hai", encoding="utf-8")
    before = snapshot([tmp_path])
    (tmp_path / "a.md").write_text("một nữa", encoding="utf-8")
    (tmp_path / "b.md").unlink()
    (tmp_path / "c.md").write_text("ba", encoding="utf-8")
    (tmp_path / ".a.md.swp").write_text("tạm", encoding="utf-8")
    assert [p.rsplit("/", 1)[1] for p in changed_files(before, snapshot([tmp_path]))] == ["a.md", "b.md", "c.md"]


def test_a_body_edit_in_the_preview_gives_the_same_site_as_a_clean_build(tmp_path, monkeypatch):
    from tests.golden_site import snapshot
    from tests.sitebuild import build_site

    monkeypatch.setenv("BANTIN_NOW", NOW)
    paths, preview = built_preview(tmp_path)
    edited = [paths[6], paths[16]]  # one of them is a Q&A: the Q&A page quotes its body
    for path in edited:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\nCâu bổ sung của biên tập viên.\n")
    preview.build([str(p) for p in edited])
    assert preview.body_only_builds == 1
    # The two articles, the static pages and the Q&A index (one of the static pages, paged): no listing,
    # teaser or neighbour is walked.
    static_pages = len(list((tmp_path / "content" / "pages").glob("*.md")))
    qa_index_pages = len(list((tmp_path / "output").glob("hoi-dap-phap-luat/trang-*/index.html")))
    assert preview.last_rendered == len(edited) + static_pages + qa_index_pages

    build_site(tmp_path / "content", tmp_path / "clean", extra_env={"BANTIN_NOW": NOW})
    previewed, clean = snapshot(tmp_path / "output"), snapshot(tmp_path / "clean")
    assert sorted(set(previewed) ^ set(clean)) == []
    assert [name for name in clean if previewed[name] != clean[name]] == []


def test_a_title_edit_in_the_preview_rebuilds_the_whole_site(tmp_path, monkeypatch):
    monkeypatch.setenv("BANTIN_NOW", NOW)
    paths, preview = built_preview(tmp_path)
    text = paths[4].read_text(encoding="utf-8")
    paths[4].write_text(text.replace("title: ", "title: Bản sửa ", 1), encoding="utf-8")
    preview.build([str(paths[4])])
    assert preview.body_only_builds == 0
    showing = [p for p in (tmp_path / "output").rglob("*.html") if "Bản sửa " in p.read_text(encoding="utf-8")]
    assert len(showing) >= 3  # its page and the listings (month, topic, unit, tags) that show it
