"""`make deploy`: rsync of the built site, to a local folder here (the same command goes over SSH in CI)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from pipeline.workflow.deploy import DeployError, Settings, check, rsync_command, ssh_command
from tests.conftest import ROOT
from tests.sitebuild import build_site

pytestmark = pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync chưa được cài (sudo make system-deps)")

PINNED = "congdoan.bentre.gov.vn ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKq7w0v9uV3vXn7b2mZ0l8Qe6Jm4yq9bT3n0cQm1bVtH\n"


def make_deploy(output: Path, dest: str, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEPLOY_", "BANTIN_"))}
    env.update(DEPLOY_DEST=dest, **extra)
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "-o", "install", "deploy", f"OUTPUT={output}"],
                          env=env, check=False, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    content = root / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    article = content / "van-phong" / "2026" / "thong-bao.md"
    article.parent.mkdir(parents=True)
    article.write_text("---\ntitle: Thông báo lịch làm việc\nslug: thong-bao\ndate: '2026-03-04T15:00+07:00'\n"
                       "kind: news\nunit: van-phong\ntopic: van-phong\neditor: nguyen-thi-bien\n---\n\nLịch làm việc tuần.\n",
                       encoding="utf-8")
    output = root / "output"
    build_site(content, output, "publishconf.py", {"BANTIN_NOW": "2026-03-20T08:00"})
    return output


def test_make_deploy_copies_the_site_and_removes_pages_that_are_gone(built_site, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(built_site, output)
    web = tmp_path / "www" / "congdoan"
    (web / ".well-known" / "acme-challenge").mkdir(parents=True)
    (web / ".well-known" / "acme-challenge" / "token").write_text("chứng chỉ")
    (web / "cu-da-xoa.html").write_text("trang cũ")

    first = make_deploy(output, str(web))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Đã triển khai" in first.stdout
    assert (web / "van-phong" / "2026" / "thong-bao.html").read_bytes() == \
        (output / "van-phong" / "2026" / "thong-bao.html").read_bytes()
    assert (web / "index.html").is_file()
    assert not (web / "cu-da-xoa.html").exists()  # the server mirrors the build exactly
    assert (web / ".well-known" / "acme-challenge" / "token").read_text() == "chứng chỉ"  # server files kept
    assert stat.S_IMODE((web / "index.html").stat().st_mode) == 0o644  # readable by the web server

    (output / "van-phong" / "2026" / "thong-bao.html").unlink()
    second = make_deploy(output, str(web))
    assert second.returncode == 0, second.stderr
    assert not (web / "van-phong" / "2026" / "thong-bao.html").exists()


def test_deploy_refuses_without_a_built_site(tmp_path):
    result = make_deploy(tmp_path / "chua-dung", str(tmp_path / "www"))
    assert result.returncode != 0
    assert "Chưa có trang đã dựng" in result.stderr and "make publish" in result.stderr
    assert not (tmp_path / "www").exists()


def test_deploy_refuses_a_destination_that_would_wipe_a_root_folder(built_site):
    for dest in ("/", "deploy@congdoan.bentre.gov.vn:/", ""):
        with pytest.raises(DeployError):
            check(Settings(output=built_site, dest=dest, known_hosts=PINNED))


def test_a_remote_destination_needs_the_pinned_host_key(built_site):
    dest = "deploy@congdoan.bentre.gov.vn:/var/www/congdoan/"
    with pytest.raises(DeployError, match="DEPLOY_KNOWN_HOSTS.*ssh-keyscan|ssh-keyscan"):
        check(Settings(output=built_site, dest=dest))
    with pytest.raises(DeployError, match="không có dòng nào cho máy chủ 'congdoan.bentre.gov.vn'"):
        check(Settings(output=built_site, dest=dest, known_hosts="may-khac.vn ssh-ed25519 AAAAC3Nza\n"))
    check(Settings(output=built_site, dest=dest, known_hosts=PINNED, ssh_key="khóa"))


def test_the_ssh_command_pins_the_host_key_and_uses_the_deploy_key_only(built_site):
    settings = Settings(output=built_site, dest="deploy@congdoan.bentre.gov.vn:/var/www/congdoan",
                        ssh_key="-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----",
                        known_hosts=PINNED, port=2222)
    with ssh_command(settings) as ssh:
        options = dict(ssh[i + 1].split("=", 1) for i, part in enumerate(ssh) if part == "-o")
        assert options["StrictHostKeyChecking"] == "yes" and options["BatchMode"] == "yes"
        assert options["IdentitiesOnly"] == "yes"
        known = Path(options["UserKnownHostsFile"])
        assert known.read_text() == PINNED
        key = Path(ssh[ssh.index("-i") + 1])
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        assert key.read_text().endswith("-----END OPENSSH PRIVATE KEY-----\n")  # newline restored
        assert ssh[ssh.index("-p") + 1] == "2222"
        cmd = rsync_command(settings, ssh)
        assert cmd[-2:] == [f"{built_site}/", "deploy@congdoan.bentre.gov.vn:/var/www/congdoan/"]
        assert "--delete" in cmd and "-e" in cmd
    assert not key.exists() and not known.exists()  # secrets never stay on the runner's disk


def test_github_pages_target_points_to_the_workflow(built_site, tmp_path):
    result = make_deploy(built_site, str(tmp_path / "www"), DEPLOY_TARGET="pages")
    assert result.returncode != 0
    assert "GitHub Pages" in result.stderr and "publish.yml" in result.stderr
