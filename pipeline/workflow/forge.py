"""Open the pull (merge) request on the forge with `gh` or `glab` when installed and logged in."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse


@dataclass
class Opened:
    command: list[str]  # the command that opens the request (run, or to run by hand)
    url: str = ""  # set when it was opened
    note: str = ""  # Vietnamese: what happened or what to do

    @property
    def shell(self) -> str:
        return shlex.join(self.command)


def host_of(remote_url: str | None) -> str:
    """'github.com' from https://github.com/o/r.git or git@github.com:o/r.git; '' for local paths."""
    if not remote_url:
        return ""
    if "://" in remote_url:
        return urlparse(remote_url).hostname or ""
    if "@" in remote_url and ":" in remote_url.split("@", 1)[1]:
        return remote_url.split("@", 1)[1].split(":", 1)[0]
    return ""


def pr_command(remote_url: str | None, base: str, branch: str, title: str, body_file: Path, reviewer: str) -> list[str]:
    reviewer = reviewer.lstrip("@")
    if "gitlab" in host_of(remote_url):
        return ["glab", "mr", "create", "--source-branch", branch, "--target-branch", base, "--title", title,
                "--description", body_file.read_text(encoding="utf-8"), "--reviewer", reviewer, "--yes"]
    return ["gh", "pr", "create", "--base", base, "--head", branch, "--title", title,
            "--body-file", str(body_file), "--reviewer", reviewer]


def open_request(root: Path, remote_url: str | None, base: str, branch: str, title: str, body_file: Path, reviewer: str) -> Opened:
    cmd = pr_command(remote_url, base, branch, title, body_file, reviewer)
    tool = cmd[0]
    host = host_of(remote_url)
    if not host:
        return Opened(cmd, note="Kho gốc (origin) không phải GitHub/GitLab; hãy mở yêu cầu hợp nhất trên trang của kho.")
    if shutil.which(tool) is None:
        return Opened(cmd, note=f"Chưa cài '{tool}'; hãy mở yêu cầu hợp nhất trên trang web của kho hoặc chạy lệnh dưới đây.")
    auth = subprocess.run([tool, "auth", "status", "--hostname", host], cwd=root, check=False, capture_output=True, text=True, timeout=60)
    if auth.returncode != 0:
        return Opened(cmd, note=f"'{tool}' chưa đăng nhập vào {host} ({tool} auth login); hãy đăng nhập rồi chạy lệnh dưới đây.")
    result = subprocess.run(cmd, cwd=root, check=False, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["không rõ lý do"]
        return Opened(cmd, note=f"'{tool}' không mở được yêu cầu hợp nhất: {detail[0]}")
    url = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return Opened(cmd, url=url, note="Đã mở yêu cầu hợp nhất.")
