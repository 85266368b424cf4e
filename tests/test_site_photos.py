"""Photos reach the output in one pass (pipeline/site/photos.py), and the output never writes back into content/."""

from __future__ import annotations

import re

from tests.golden_site import NOW, build_corpus
from tests.sitebuild import build_site

ENV = {"BANTIN_NOW": NOW}


def test_every_photo_is_in_the_output_and_every_photo_a_page_shows_is_there(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    build_corpus(content)
    build_site(content, output, extra_env=ENV)

    photos = sorted(p.relative_to(content) for p in (content / "images").rglob("*") if p.is_file())
    assert photos != []
    assert [p for p in photos if (output / p).read_bytes() != (content / p).read_bytes()] == []
    shown, missing = 0, []
    for page in output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "{static}" not in html, page
        for src in re.findall(r'src="([^"]*images/[^"]+)"', html):
            shown += 1
            if not (page.parent / src).resolve().is_file():
                missing.append((page.relative_to(output).as_posix(), src))
    assert shown > 0
    assert missing == []


def test_a_file_among_the_photos_that_is_not_an_image_is_a_copy_so_editing_the_output_leaves_content_alone(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    build_corpus(content)
    note = content / "images" / "2026" / "tai-lieu" / "ghi-chu.html"
    note.parent.mkdir(parents=True)
    note.write_text("<p>Ghi chú của đơn vị</p>\n", encoding="utf-8")
    build_site(content, output, extra_env=ENV)

    published = output / "images" / "2026" / "tai-lieu" / "ghi-chu.html"
    assert published.read_text(encoding="utf-8") == "<p>Ghi chú của đơn vị</p>\n"
    published.write_text("<p>rút gọn</p>", encoding="utf-8")  # as a minifier rewrites pages in place
    assert note.read_text(encoding="utf-8") == "<p>Ghi chú của đơn vị</p>\n"


def test_the_photo_walk_leaves_out_ignored_and_excluded_files_as_pelican_does(tmp_path):
    from pipeline.site.photos import photo_files

    for name in ("images/2026/a/anh-1.jpg", "images/2026/a/.#anh-1.jpg", "images/2026/b/anh-2.png",
                 "images/.#nhap/anh-3.jpg", "images/rieng/anh-4.jpg", "extra/robots.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert photo_files(str(tmp_path), ["images"], [".#*"], ["images/rieng"]) == \
        ["images/2026/a/anh-1.jpg", "images/2026/b/anh-2.png"]
    assert photo_files(str(tmp_path), ["images", "khong-co"], [], []) == \
        ["images/.#nhap/anh-3.jpg", "images/2026/a/.#anh-1.jpg", "images/2026/a/anh-1.jpg",
         "images/2026/b/anh-2.png", "images/rieng/anh-4.jpg"]
