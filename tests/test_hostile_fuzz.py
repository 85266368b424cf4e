"""Fuzzing with hypothesis: any text in the metadata table or meta.yml goes through ingest and the site's
rendering without a traceback and without live HTML; whatever ingest accepted, Pelican builds."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import frontmatter
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pipeline.content.markup import render
from pipeline.content.sanitize import clean_html, text_to_html
from pipeline.core.config import load_config
from pipeline.core.dates import TZ
from pipeline.intake.ingest import Workspace, ingest_all
from tests.docxfactory import UNIT_TABLE, make_docx
from tests.hostile.live import live_in_html, live_in_site
from tests.sitebuild import ROOT, build_site

NOW = datetime(2026, 3, 20, 8, 0, tzinfo=TZ)
# Building blocks an attacker combines; hypothesis mixes them with arbitrary text.
PIECES = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "{: onclick=alert(3) }", "javascript:alert(4)",
          "[x](javascript:alert(5))", "\n\n", "\n", '"', "'", "**", "</script>", "<!--", "&#x3C;", "\x00", "\x07",
          "\u202e", "0903 111 222", "a@b.vn", "www.x.vn", "0001-01-01", "AUX", "CON.", "---", ": ", "- ", "#", "|"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=6).map("".join)
FIELDS = st.sampled_from(["Tiêu đề", "Tóm tắt", "Người viết", "Chức danh", "Từ khóa", "Thời gian gửi",
                          "Thời gian sự kiện", "Lãnh đạo duyệt"])
META_KEYS = st.sampled_from(["title", "summary", "author", "author_title", "tags", "captions", "submitted_at",
                             "event_time", "approved_by", "kind"])
META_VALUES = st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.lists(TEXT, max_size=3),
                        st.dictionaries(st.text(max_size=8), TEXT, max_size=2))
ACCEPTED: list[Path] = []


def _fresh(base: Path) -> Workspace:
    shutil.rmtree(base, ignore_errors=True)
    (base / "content").mkdir(parents=True)
    (base / "submissions").mkdir()
    return Workspace(base / "content", base / "submissions", load_config(ROOT / "editorial.yml"))


def _render_like_the_site(article: Path) -> None:
    post = frontmatter.load(article)
    for fragment in (clean_html(render(post.content)), text_to_html(str(post.get("summary") or ""))):
        assert live_in_html(fragment, whole_page=False) == []
    ACCEPTED.append(article)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return tmp_path_factory.mktemp("fuzz")


FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                phases=(Phase.explicit, Phase.reuse, Phase.generate))  # each example is a real ingest: no slow shrinking
_NOT_IN_XML = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])  # Word cannot hold these
@FUZZ
@given(cells=st.dictionaries(FIELDS, TEXT, max_size=4))
def test_any_metadata_table_is_ingested_or_refused_and_renders_nothing_live(cells, scratch) -> None:
    ws = _fresh(scratch / "table")
    make_docx(ws.inbox / "bai.docx", table={**UNIT_TABLE, **{k: v.translate(_NOT_IN_XML) for k, v in cells.items()}})
    for outcome in ingest_all(ws, NOW):
        assert outcome.status in ("published", "refused")
        if outcome.article:
            _render_like_the_site(outcome.article)
            _keep(outcome.article, ws.content)


@FUZZ
@given(meta=st.dictionaries(META_KEYS, META_VALUES, max_size=4))
def test_any_meta_yml_is_ingested_or_refused_and_renders_nothing_live(meta, scratch) -> None:
    ws = _fresh(scratch / "meta")
    folder = ws.inbox / "bai"
    make_docx(folder / "bai.docx", table=UNIT_TABLE)
    (folder / "meta.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    for outcome in ingest_all(ws, NOW):
        assert outcome.status in ("published", "refused")
        if outcome.article:
            _render_like_the_site(outcome.article)
            _keep(outcome.article, ws.content)




def _keep(article: Path, content: Path) -> None:
    """Collect accepted articles (and their images) into one site for the build test below."""
    target = ROOT_KEEP / article.relative_to(content)
    if target.exists():
        target = target.with_name(f"{target.stem}-{len(ACCEPTED)}.md")
        text = article.read_text(encoding="utf-8")
        post = frontmatter.loads(text)
        post["slug"] = target.stem
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(frontmatter.dumps(post), encoding="utf-8")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(article, target)
    if (content / "images").is_dir():
        shutil.copytree(content / "images", ROOT_KEEP / "images", dirs_exist_ok=True)


ROOT_KEEP = Path("/nonexistent")


@pytest.fixture(scope="module", autouse=True)
def keep_folder(tmp_path_factory):  # type: ignore[no-untyped-def]
    global ROOT_KEEP
    ROOT_KEEP = tmp_path_factory.mktemp("accepted") / "content"
    ROOT_KEEP.mkdir()
    yield ROOT_KEEP


def test_the_site_builds_from_every_fuzzed_article_ingest_accepted_with_nothing_live(tmp_path) -> None:
    # Every building block as title, summary and byline as well, so this test also stands alone.
    ws = _fresh(tmp_path / "pieces")
    for n in range(0, len(PIECES), 3):
        folder = ws.inbox / f"bai-{n}"
        make_docx(folder / "bai.docx", table=UNIT_TABLE, paragraphs=(f"Nội dung bài số {n}.",))
        title, summary, author = (PIECES + PIECES)[n:n + 3]
        (folder / "meta.yml").write_text(yaml.safe_dump({"title": f"Bài {n} {title}", "summary": summary,
                                                         "author": author}, allow_unicode=True), encoding="utf-8")
    for outcome in ingest_all(ws, NOW):
        if outcome.article:
            _render_like_the_site(outcome.article)
            _keep(outcome.article, ws.content)
    assert len(ACCEPTED) >= 4
    output = tmp_path / "output"
    build_site(ROOT_KEEP, output, extra_env={"BANTIN_NOW": NOW.isoformat()})
    assert live_in_site(output) == {}
