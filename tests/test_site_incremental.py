"""A rebuild after edits writes exactly what a clean build of the edited site writes, touching little else."""

from __future__ import annotations

import re
import shutil

from tests.golden_site import NOW, build_corpus, snapshot
from tests.sitebuild import build_site

ENV = {"BANTIN_NOW": NOW}


def _mtimes(output):
    return {p.relative_to(output).as_posix(): p.stat().st_mtime_ns for p in output.rglob("*.html")}


def _edit(path, pattern, replacement):
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE), encoding="utf-8")


def _photo_folder(article):
    """images/<yyyy>/<slug>, where bench/synth.py puts an article's photos."""
    text = article.read_text(encoding="utf-8")
    return re.search(r"^- path: (images/\d{4}/[^/]+)/", text, re.MULTILINE).group(1)


def test_a_rebuild_after_edits_equals_a_clean_build_of_the_edited_site(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    paths = build_corpus(content)
    build_site(content, output, extra_env=ENV)

    # A body edit, a title edit, a withdrawal, a new article, a deleted article.
    with paths[20].open("a", encoding="utf-8") as handle:
        handle.write("\nBan Biên tập bổ sung một câu cuối bài.\n")
    _edit(paths[14], r"^title: .*$", "title: Tiêu đề đã sửa sau khi đăng")
    _edit(paths[25], r"^---$", "---\nwithdrawn: true\nwithdrawn_reason: Đơn vị đề nghị gỡ.")
    new = paths[30].with_name("bai-moi-them.md")
    shutil.copy(paths[30], new)
    _edit(new, r"^slug: .*$", "slug: bai-moi-them")
    _edit(new, r"^title: .*$", "title: Bài mới thêm vào trang")
    paths[33].unlink()
    # A deleted article with its photos, and a photo replaced (a checkout writes a new file).
    gone = content / _photo_folder(paths[31])
    paths[31].unlink()
    shutil.rmtree(gone)
    photo = min((content / _photo_folder(paths[22])).glob("*.jpg"))
    replacement = photo.with_name(photo.name + ".new")
    replacement.write_bytes(photo.read_bytes() + b"\0")
    replacement.replace(photo)
    build_site(content, output, extra_env=ENV)
    assert not (output / gone.relative_to(content)).exists()

    build_site(content, tmp_path / "clean", extra_env=ENV)
    rebuilt, clean = snapshot(output), snapshot(tmp_path / "clean")
    assert sorted(set(rebuilt) ^ set(clean)) == []
    assert [name for name in clean if rebuilt[name] != clean[name]] == []


def test_a_rebuild_after_a_body_edit_rewrites_only_the_pages_that_show_the_article(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    paths = build_corpus(content)
    build_site(content, output, extra_env=ENV)
    before = _mtimes(output)

    build_site(content, output, extra_env=ENV)
    assert [name for name, mtime in _mtimes(output).items() if mtime != before[name]] == []

    with paths[20].open("a", encoding="utf-8") as handle:
        handle.write("\nBan Biên tập bổ sung một câu cuối bài.\n")
    build_site(content, output, extra_env=ENV)
    changed = [name for name, mtime in _mtimes(output).items() if mtime != before[name]]
    slug = re.search(r"^slug: (.*)$", paths[20].read_text(encoding="utf-8"), re.MULTILINE).group(1)
    assert [name for name in changed if slug in name] != []
    assert len(changed) <= 3, changed  # the article, and pages quoting its text (Q&A page, search words)
