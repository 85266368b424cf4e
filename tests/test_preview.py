"""The pull-request preview: `make ci-build` of an article branch, `make preview-publish` to a local rsync target
beside the public site, one comment on the request (local forge server), `make preview-remove` when it closes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.docxfactory import UNIT_TABLE, make_docx
from tests.forgeserver import ForgeServer
from tests.sitebuild import build_site
from tests.test_submit import git, make_project, pipeline

pytestmark = pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync chưa được cài (sudo make system-deps)")
BIN = ROOT / ".venv" / "bin"
URL = "https://congdoan.bentre.gov.vn"


def make(cwd: Path, target: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BANTIN_", "DEPLOY_", "GIT_", "GITHUB_", "CI_"))}
    clean.update(env)
    # The project's Makefile and virtualenv, run in the checkout of the site repository (as CI does).
    return subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o", "install", f"BIN={BIN}",
                           target, *args], cwd=cwd, env=clean, check=False, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def article_branch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A site repository checked out on an article's branch, with its preview build."""
    tmp = tmp_path_factory.mktemp("preview")
    origin, work = make_project(tmp)
    make_docx(work / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    assert pipeline(work, "submit", "--no-check").returncode == 0
    branch = git(work, "branch", "--list", "tin/*", "--format=%(refname:short)")
    git(work, "switch", "--quiet", branch)
    git(work, "fetch", "--quiet", "origin")
    # What `make ci-build` runs (tests/test_workflows.py runs the target itself): drafts and scheduled included.
    build_site(work / "content", work / "output", "pelicanconf.py",
               {"BANTIN_PREVIEW": "1", "BANTIN_CONFIG": str(work / "editorial.yml"), "BANTIN_NOW": "2026-03-05T09:00"})
    return origin, work, branch


def test_the_preview_is_published_beside_the_site_noindexed_and_linked_in_one_comment(article_branch, tmp_path):
    origin, work, branch = article_branch
    web = tmp_path / "www"
    (web / "index.html").parent.mkdir(parents=True)
    (web / "index.html").write_text("trang công khai")
    with ForgeServer("github", origin) as forge:
        git(origin.parent / "work", "push", "--quiet", "origin", branch)
        number = forge_request(forge, branch)
        env = {**forge.env(), "DEPLOY_DEST": str(web), "PREVIEW_URL": URL, "PR": str(number),
               "BANTIN_CONFIG": str(work / "editorial.yml")}
        output = tmp_path / "output"
        shutil.copytree(work / "output", output)
        first = make(work, "preview-publish", env, f"OUTPUT={output}", "BASE=origin/main")
        assert first.returncode == 0, first.stdout + first.stderr

        preview = web / "xem-truoc" / str(number)
        pages = list(preview.rglob("dai-hoi-cong-doan-huyen-ba-tri-lan-thu-xii.html"))
        assert len(pages) == 1
        html = pages[0].read_text(encoding="utf-8")
        assert html.count('<meta name="robots" content="noindex, nofollow">') == 1
        assert "Đại hội Công đoàn huyện Ba Tri" in html
        assert (preview / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
        assert not list(preview.glob("sitemap*.xml"))
        assert all("noindex" in p.read_text(encoding="utf-8") for p in preview.rglob("*.html"))
        assert (web / "index.html").read_text() == "trang công khai"  # the public site is untouched

        (comment,) = forge.state.comments[number]
        link = f"{URL}/xem-truoc/{number}/{pages[0].relative_to(preview).as_posix()}"
        assert f"[Đại hội Công đoàn huyện Ba Tri lần thứ XII]({link})" in comment["body"]

        # A new push: the same comment is edited, never a second one.
        shutil.rmtree(output)
        shutil.copytree(work / "output", output)
        (output / "them.html").write_text("<html><head><title>x</title></head><body>mới</body></html>")
        again = make(work, "preview-publish", env, f"OUTPUT={output}", "BASE=origin/main")
        assert again.returncode == 0, again.stderr
        assert len(forge.state.comments[number]) == 1 and (preview / "them.html").is_file()

        # Another request's preview, then this one closes: only its own folder goes.
        other = web / "xem-truoc" / "99"
        other.mkdir()
        (other / "index.html").write_text("bản xem trước khác")
        gone = make(work, "preview-remove", env)
        assert gone.returncode == 0, gone.stdout + gone.stderr
        assert not preview.exists() and (other / "index.html").is_file()
        assert "Đã gỡ bản xem trước" in forge.state.comments[number][0]["body"]


def test_the_public_deploy_keeps_the_previews_and_its_robots_and_sitemap_never_list_them(article_branch, tmp_path):
    _, work, _ = article_branch
    web = tmp_path / "www"
    (web / "xem-truoc" / "7").mkdir(parents=True)
    (web / "xem-truoc" / "7" / "index.html").write_text("bản xem trước")
    output = tmp_path / "public"
    build_site(work / "content", output, "publishconf.py", {"BANTIN_NOW": "2026-03-20T08:00",
                                                             "BANTIN_CONFIG": str(work / "editorial.yml")})
    deployed = make(ROOT, "deploy", {"DEPLOY_DEST": str(web)}, f"OUTPUT={output}")
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert (web / "xem-truoc" / "7" / "index.html").read_text() == "bản xem trước"
    assert "xem-truoc" not in (web / "sitemap.xml").read_text(encoding="utf-8")
    assert "Disallow: /xem-truoc/" in (web / "robots.txt").read_text(encoding="utf-8")


def test_preview_publish_without_preview_url_says_what_to_set(article_branch, tmp_path):
    _, work, _ = article_branch
    result = make(work, "preview-publish", {"DEPLOY_DEST": str(tmp_path / "www"), "PR": "3"}, f"OUTPUT={work / 'output'}")
    assert result.returncode != 0 and "BT892" in result.stderr and "PREVIEW_URL" in result.stderr


def forge_request(forge: ForgeServer, branch: str) -> int:
    from pipeline.workflow.forge import ForgeSettings, client

    return client(ForgeSettings.from_env(forge.env())).open_request(branch, "main", "Bài mới", "").number
