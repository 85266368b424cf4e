from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.workflow import codeowners as co
from tests.conftest import ROOT

CHIEF = "@ldld-bentre/bbt-thuong-truc"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, BANTIN_CONFIG=str(cwd / "editorial.yml"))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env,
                          check=False, capture_output=True, text=True, timeout=120)


def article(content: Path, topic: str, slug: str, unit: str, year: str = "2026") -> Path:
    path = content / topic / year / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {slug}\nslug: {slug}\ndate: {year}-03-04T15:00+07:00\nkind: news\nunit: {unit}\n"
        f"topic: {topic}\neditor: x\nimages:\n- path: images/{year}/{slug}/anh-1.jpg\n  caption: ''\n---\n\nThân bài.\n",
        encoding="utf-8",
    )
    return path


def test_each_topic_folder_routes_to_its_editor_by_the_last_matching_rule(config, tmp_path):
    rules = co.parse(co.generate(config, tmp_path / "content"))
    for topic in config.topics.values():
        handle = config.editors[topic.editor].handle
        assert co.owners_for(f"content/{topic.slug}/2026/mot-bai-viet.md", rules) == (handle,)
        assert co.owners_for(f"content/{topic.slug}/2027/thang-5/bai.md", rules) == (handle,)


def test_editorial_yml_theme_and_pipeline_go_to_the_editor_in_chief_but_codeowners_to_any_routing_editor(
        config, tmp_path):
    rules = co.parse(co.generate(config, tmp_path / "content"))
    # A routine special-unit article changes CODEOWNERS: its own editor can approve that, CI checks the content.
    for path in (".github/CODEOWNERS", ".gitlab/CODEOWNERS"):
        owners = co.owners_for(path, rules)
        assert owners is not None and CHIEF in owners and config.editors["nguyen-thanh-tam"].handle in owners
    for path in ("editorial.yml", ".github/workflows/check.yml", "theme/templates/base.html",
                 "pipeline/intake/ingest.py", "pelicanconf.py", "content/pages/gioi-thieu.md", "Makefile", "some-new-file.txt"):
        assert co.owners_for(path, rules) == (CHIEF,), path


def test_photos_and_archived_originals_can_be_approved_by_any_routing_editor(config, tmp_path):
    rules = co.parse(co.generate(config, tmp_path / "content"))
    for path in ("content/images/2026/bai/anh-1.jpg", "submissions/processed/2026/03/bai/bai.docx"):
        owners = co.owners_for(path, rules)
        assert owners is not None
        for topic in config.topics.values():
            assert config.editors[topic.editor].handle in owners


def test_a_special_units_article_outside_its_editors_topic_gets_its_own_rules(config, tmp_path):
    content = tmp_path / "content"
    # Trường CĐ Đồng Khởi is routed to the policy–law editor whatever the topic.
    article(content, "van-phong", "tuyen-sinh-2026", "cd-dong-khoi")
    # Cồn Phụng writing on finance: its editor already owns that folder, no extra rule needed.
    article(content, "tai-chinh", "con-phung-bao-cao", "con-phung")
    text = co.generate(config, content)
    rules = co.parse(text)
    policy = config.editors["nguyen-thanh-tam"].handle
    office = config.editors["nguyen-thi-bien"].handle
    assert co.owners_for("content/van-phong/2026/tuyen-sinh-2026.md", rules) == (policy,)
    assert co.owners_for("content/images/2026/tuyen-sinh-2026/anh-1.jpg", rules) == (policy,)
    assert co.owners_for("submissions/processed/2026/03/tuyen-sinh-2026/bai.docx", rules) == (policy,)
    assert co.owners_for("content/van-phong/2026/bai-khac.md", rules) == (office,)
    assert "con-phung-bao-cao" not in text
    assert "Trường Cao đẳng Đồng Khởi" in text


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*", "a/b/c.md", True),
        ("*.js", "src/app/main.js", True),
        ("/build/logs/", "build/logs/2026/x.log", True),
        ("/build/logs/", "src/build/logs/x.log", False),
        ("docs/", "src/docs/a.md", True),  # no leading slash: at any depth
        ("docs/*", "docs/getting-started.md", True),
        ("docs/*", "docs/build-app/troubleshooting.md", False),  # GitHub: not nested files
        ("/apps/github", "apps/github/x.rb", True),  # a folder name owns what is inside
        ("**/logs", "deep/down/logs/x.log", True),
        ("/content/tai-chinh/", "content/tai-chinh-cu/a.md", False),
        ("/editorial.yml", "editorial.yml", True),
        ("/editorial.yml", "old/editorial.yml", False),
    ],
)
def test_the_matcher_follows_githubs_codeowners_pattern_rules(pattern, path, expected):
    assert co.matches(pattern, path) is expected


def test_the_last_matching_rule_wins_and_a_rule_without_owners_clears_them():
    rules = co.parse("*       @all\n/apps/ @octocat\n/apps/github\n# comment\n/apps/api/ @api # trailing note\n")
    assert co.owners_for("README.md", rules) == ("@all",)
    assert co.owners_for("apps/web/x.js", rules) == ("@octocat",)
    assert co.owners_for("apps/github/x.js", rules) == ()
    assert co.owners_for("apps/api/x.js", rules) == ("@api",)


def test_codeowners_command_writes_then_check_passes_and_fails_in_vietnamese_when_stale(tmp_path):
    shutil.copy(ROOT / "editorial.yml", tmp_path / "editorial.yml")
    missing = run(["codeowners", "--check"], tmp_path)
    assert missing.returncode == 1
    assert "chưa có" in missing.stderr and "pipeline codeowners" in missing.stderr
    assert "Traceback" not in missing.stderr

    written = run(["codeowners"], tmp_path)
    assert written.returncode == 0, written.stderr
    assert "Đã ghi '.github/CODEOWNERS'" in written.stdout
    assert run(["codeowners", "--check"], tmp_path).returncode == 0

    editorial = (tmp_path / "editorial.yml").read_text(encoding="utf-8")
    (tmp_path / "editorial.yml").write_text(editorial.replace("@ldld-bentre/bbt-tai-chinh", "@ldld-bentre/ban-tai-chinh"),
                                            encoding="utf-8")
    stale = run(["codeowners", "--check"], tmp_path)
    assert stale.returncode == 1
    assert "đã lỗi thời so với editorial.yml" in stale.stderr
    assert "+/content/tai-chinh/" in stale.stderr and "@ldld-bentre/ban-tai-chinh" in stale.stderr
    who = run(["codeowners", "--who", "content/tai-chinh/2026/a.md"], tmp_path)
    assert who.stdout.strip() == "content/tai-chinh/2026/a.md: @ldld-bentre/ban-tai-chinh"


def test_a_malformed_handle_in_editorial_yml_is_refused_with_its_key(tmp_path):
    shutil.copy(ROOT / "editorial.yml", tmp_path / "editorial.yml")
    editorial = (tmp_path / "editorial.yml").read_text(encoding="utf-8")
    (tmp_path / "editorial.yml").write_text(editorial.replace('"@ldld-bentre/bbt-van-phong"', '"Ban Văn phòng"'),
                                            encoding="utf-8")
    result = run(["codeowners"], tmp_path)
    assert result.returncode == 1
    assert "editors.nguyen-thi-bien.handle = 'Ban Văn phòng'" in result.stderr
    assert not (tmp_path / ".github" / "CODEOWNERS").exists()


def test_the_committed_codeowners_is_up_to_date_with_editorial_yml():
    result = subprocess.run(["make", "--no-print-directory", "-o", "install", "codeowners-check"], cwd=ROOT,
                            check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "khớp với editorial.yml" in result.stdout


def test_the_file_has_no_column_alignment_and_a_block_per_special_unit_even_when_empty(config, tmp_path):
    content = tmp_path / "content"
    before = co.generate(config, content).splitlines()
    article(content, "van-phong", "tuyen-sinh-2026-voi-mot-ten-rat-dai-de-thu-can-cot", "cd-dong-khoi")
    after = co.generate(config, content).splitlines()
    # Only lines were added: no existing line was rewritten or realigned.
    assert [line for line in after if line not in before] == [line for line in after if "tuyen-sinh" in line]
    assert all(line in after for line in before)
    assert "/content/van-phong/2026/tuyen-sinh-2026-voi-mot-ten-rat-dai-de-thu-can-cot.md @ldld-bentre/" \
        "bbt-chinh-sach-phap-luat" in after
    assert sum(line.startswith("# Bài của Công ty TNHH DL-DV-TM Cồn Phụng") for line in before) == 1


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=False, capture_output=True, text=True)


def test_two_branches_adding_different_special_units_articles_merge_without_conflict(tmp_path):
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    _git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    _git(tmp_path, "clone", "--quiet", str(origin), str(work))
    shutil.copy(ROOT / "editorial.yml", work / "editorial.yml")
    article(work / "content", "van-phong", "bai-cu", "cd-dong-khoi")
    assert run(["codeowners"], work).returncode == 0
    assert run(["codeowners", "--output", ".gitlab/CODEOWNERS"], work).returncode == 0  # GitLab's copy too
    _git(work, "add", "-A")
    _git(work, "commit", "--quiet", "-m", "Khởi tạo")
    for branch, topic, slug, unit in (("tin/dong-khoi", "van-phong", "tuyen-sinh", "cd-dong-khoi"),
                                      ("tin/con-phung", "to-chuc-kiem-tra", "dai-hoi", "con-phung")):
        _git(work, "switch", "--quiet", "-c", branch, "main")
        article(work / "content", topic, slug, unit)
        assert run(["codeowners"], work).returncode == 0
        _git(work, "add", "-A")
        assert _git(work, "commit", "--quiet", "-m", slug).returncode == 0
    _git(work, "switch", "--quiet", "main")
    for branch in ("tin/dong-khoi", "tin/con-phung"):
        merged = _git(work, "merge", "--no-ff", "-m", f"Duyệt {branch}", branch)
        assert merged.returncode == 0, merged.stdout + merged.stderr
    assert run(["codeowners", "--check"], work).returncode == 0  # the merged file is what the command writes
    for rel in (".github/CODEOWNERS", ".gitlab/CODEOWNERS"):
        owners = (work / rel).read_text(encoding="utf-8")
        assert "/content/van-phong/2026/tuyen-sinh.md" in owners and "/content/to-chuc-kiem-tra/2026/dai-hoi.md" in owners


def test_a_stale_gitlab_codeowners_names_the_command_that_rewrites_that_file(tmp_path):
    shutil.copy(ROOT / "editorial.yml", tmp_path / "editorial.yml")
    stale = run(["codeowners", "--check", "--output", ".gitlab/CODEOWNERS"], tmp_path)
    assert stale.returncode == 1
    assert "Hãy chạy 'pipeline codeowners --output .gitlab/CODEOWNERS'" in stale.stderr


GITLAB = Path(".gitlab/CODEOWNERS")


def test_gitlabs_file_gives_every_path_exactly_one_section_with_the_same_owners_as_githubs(config, tmp_path):
    content = tmp_path / "content"
    article(content, "van-phong", "tuyen-sinh-2026", "cd-dong-khoi")
    article(content, "to-chuc-kiem-tra", "dai-hoi-con-phung", "con-phung")
    github = co.parse(co.generate(config, content))
    text = co.generate(config, content, output=GITLAB)
    assert "[Biên tập viên thường trực]" in text and "[Duyệt bài]" in text and "[Phân công duyệt]" in text
    assert "!/content/" in text and "!/submissions/" in text
    gitlab = co.parse_gitlab(text)
    paths = [
        "editorial.yml", "README.md", "some-new-file.txt", ".github/workflows/check.yml", "theme/templates/base.html",
        ".github/CODEOWNERS", ".gitlab/CODEOWNERS", "content/pages/gioi-thieu.md", "content/khac/x.md",
        "content/images/2026/bai/anh-1.jpg", "submissions/processed/2026/03/bai/bai.docx", "submissions/moi/bai.docx",
        "content/van-phong/2026/tuyen-sinh-2026.md", "content/images/2026/tuyen-sinh-2026/anh-1.jpg",
        "submissions/processed/2026/03/tuyen-sinh-2026/bai.docx", "content/to-chuc-kiem-tra/2026/dai-hoi-con-phung.md",
        *[f"content/{topic}/2026/bai.md" for topic in config.topics],
    ]
    for path in paths:
        sections = co.gitlab_owners_for(path, gitlab)
        assert len(sections) == 1, (path, sections)  # one approval group, never two that must both approve
        assert next(iter(sections.values())) == co.owners_for(path, github), path
    assert co.gitlab_owners_for("content/van-phong/2026/bai.md", gitlab) == {
        "duyệt bài": (config.editors["nguyen-thi-bien"].handle,)}


def test_codeowners_keeps_the_gitlab_file_in_step_once_the_repository_has_one(tmp_path):
    shutil.copy(ROOT / "editorial.yml", tmp_path / "editorial.yml")
    created = run(["codeowners", "--output", ".gitlab/CODEOWNERS"], tmp_path)
    assert created.returncode == 0, created.stderr
    assert not (tmp_path / ".github" / "CODEOWNERS").exists()  # a GitLab-only repository stays one
    article(tmp_path / "content", "van-phong", "tuyen-sinh", "cd-dong-khoi")
    stale = run(["codeowners", "--check"], tmp_path)
    assert stale.returncode == 1
    assert "Tệp '.gitlab/CODEOWNERS' đã lỗi thời" in stale.stderr
    assert "Hãy chạy 'pipeline codeowners --output .gitlab/CODEOWNERS'" in stale.stderr
    assert run(["codeowners"], tmp_path).returncode == 0
    checked = run(["codeowners", "--check"], tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "Tệp '.gitlab/CODEOWNERS' khớp với editorial.yml." in checked.stdout
    assert "/content/van-phong/2026/tuyen-sinh.md" in (tmp_path / GITLAB).read_text(encoding="utf-8")
