"""The one forge client: pull (merge) requests, review requests, labels and comments.

Two ways in: on a workstation `pipeline submit --push` opens the request with `gh`/`glab` when they are
installed and logged in (optional); in CI the intake and the preview use the small REST client below
(GitHub, Gitea/Forgejo, GitLab), with the workflow's own token.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlparse


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


# --- the REST client (CI) ------------------------------------------------------------------------
#
# One small client, three backends, only the calls the intake and the preview need. Endpoint shapes as
# the forges document them:
#   GitHub   https://docs.github.com/rest  (pulls, pulls/{n}/requested_reviewers, issues/{n}/labels,
#            issues/{n}/comments, issues/comments/{id}, commits/{sha}/comments); "Authorization: Bearer".
#   Gitea /  https://docs.gitea.com/api  /api/v1 (the same paths as GitHub for pulls, reviewers and
#   Forgejo  comments; labels are attached by id: GET/POST repos/{o}/{r}/labels first; no commit
#            comments, so a refusal on a commit becomes an issue); "Authorization: token".
#   GitLab   https://docs.gitlab.com/ee/api  /api/v4 (projects/{id}/merge_requests, …/notes,
#            repository/commits/{sha}/comments, users?username=); "PRIVATE-TOKEN".
# Paging follows the Link header's rel="next", which all three send.

FORGES = ("github", "gitea", "gitlab")


class ForgeError(Exception):
    """A forge call failed; the message is Vietnamese and says what to check."""


@dataclass
class Request:
    """A pull (merge) request as the intake needs it."""

    number: int
    url: str
    title: str = ""
    body: str = ""
    branch: str = ""


@dataclass
class Comment:
    id: int
    body: str


@dataclass
class ForgeSettings:
    kind: str  # github | gitea | gitlab
    api: str  # e.g. https://api.github.com, https://git.example.vn/api/v1, https://gitlab.com/api/v4
    repo: str  # owner/name (GitLab: the project path or numeric id)
    token: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ForgeSettings:
        """The CI's own variables; BANTIN_FORGE_* override them (and serve a workstation)."""
        env = dict(os.environ if env is None else env)
        kind = env.get("BANTIN_FORGE", "").strip().lower()
        if not kind:
            if env.get("GITLAB_CI"):
                kind = "gitlab"
            elif env.get("GITEA_ACTIONS") or env.get("FORGEJO_ACTIONS"):
                kind = "gitea"
            else:
                kind = "github"
        if kind == "forgejo":
            kind = "gitea"
        if kind not in FORGES:
            raise ForgeError(f"BANTIN_FORGE='{kind}' không hợp lệ; hãy dùng github, gitea (cả Forgejo) hoặc gitlab.")
        if kind == "gitlab":
            api = env.get("BANTIN_FORGE_API") or env.get("CI_API_V4_URL") or "https://gitlab.com/api/v4"
            repo = env.get("BANTIN_FORGE_REPO") or env.get("CI_PROJECT_ID") or env.get("CI_PROJECT_PATH", "")
            token = env.get("BANTIN_FORGE_TOKEN", "")
        else:
            default = "https://api.github.com" if kind == "github" else ""
            server = env.get("GITHUB_SERVER_URL", "").rstrip("/")
            api = env.get("BANTIN_FORGE_API") or env.get("GITHUB_API_URL") or (f"{server}/api/v1" if kind == "gitea" and server else default)
            repo = env.get("BANTIN_FORGE_REPO") or env.get("GITHUB_REPOSITORY", "")
            token = env.get("BANTIN_FORGE_TOKEN") or env.get("GITHUB_TOKEN") or env.get("GITEA_TOKEN", "")
        missing = [name for name, value in (("địa chỉ API (BANTIN_FORGE_API)", api), ("kho (BANTIN_FORGE_REPO)", repo),
                                            ("khóa truy cập (BANTIN_FORGE_TOKEN / GITHUB_TOKEN)", token)) if not value]
        if missing:
            raise ForgeError(f"Thiếu {', '.join(missing)} để gọi API của {kind}. Trong CI, các biến này có sẵn; "
                             "trên máy trạm hãy đặt chúng (xem docs/deployment-intake.md).")
        return cls(kind, api.rstrip("/"), repo, token)


class Forge:
    """Base: HTTP, JSON and paging. Subclasses map each operation to their forge's endpoints."""

    kind = ""
    page_size = ("per_page", "100")  # the query parameter of a page's length

    def __init__(self, settings: ForgeSettings, timeout: float = 30):
        self.settings = settings
        self.timeout = timeout

    # -- the operations (one per need of the intake and preview) --------------------------------

    def find_request(self, branch: str) -> Request | None:
        raise NotImplementedError

    def open_request(self, branch: str, base: str, title: str, body: str) -> Request:
        raise NotImplementedError

    def update_request(self, number: int, title: str, body: str) -> None:
        raise NotImplementedError

    def request_review(self, number: int, handles: list[str]) -> list[str]:
        """Ask the routed editors (@user or @org/team) to review; returns Vietnamese notes on what was skipped."""
        raise NotImplementedError

    def add_labels(self, number: int, labels: list[str]) -> None:
        raise NotImplementedError

    def comments(self, number: int) -> list[Comment]:
        raise NotImplementedError

    def comment(self, number: int, body: str) -> None:
        raise NotImplementedError

    def edit_comment(self, number: int, comment_id: int, body: str) -> None:
        raise NotImplementedError

    def commit_comments(self, sha: str) -> list[Comment]:
        raise NotImplementedError

    def comment_on_commit(self, sha: str, body: str) -> None:
        raise NotImplementedError

    # -- built on the operations -------------------------------------------------------------------

    def upsert_comment(self, number: int, marker: str, body: str) -> str:
        """ONE comment carrying `marker` (an HTML comment): edited in place when it exists. Returns created|updated|same."""
        text = f"{body.rstrip()}\n\n{marker}\n"
        for existing in self.comments(number):
            if marker in existing.body:
                if existing.body.strip() == text.strip():
                    return "same"
                self.edit_comment(number, existing.id, text)
                return "updated"
        self.comment(number, text)
        return "created"

    def note_on_commit_once(self, sha: str, marker: str, body: str) -> bool:
        """A comment on a commit unless one with `marker` is there already; True when posted."""
        if any(marker in c.body for c in self.commit_comments(sha)):
            return False
        self.comment_on_commit(sha, f"{body.rstrip()}\n\n{marker}\n")
        return True

    # -- HTTP ------------------------------------------------------------------------------------------

    def _auth(self) -> dict[str, str]:
        raise NotImplementedError

    def call(self, method: str, path: str, data: object = None, query: dict[str, str] | None = None) -> Any:
        url = f"{self.settings.api}{path}"
        if query:
            url += "?" + urlencode(query)
        return self._send(method, url, data)[0]

    def pages(self, path: str, query: dict[str, str] | None = None, limit: int = 20) -> list[Any]:
        """Every item of a listed resource, following rel="next" (at most `limit` pages)."""
        url: str | None = f"{self.settings.api}{path}?" + urlencode({**(query or {}), self.page_size[0]: self.page_size[1]})
        items: list[Any] = []
        for _ in range(limit):
            if url is None:
                break
            data, headers = self._send("GET", url, None)
            items += data if isinstance(data, list) else []
            url = _next_link(headers.get("Link", ""))
        return items

    def _send(self, method: str, url: str, data: object) -> tuple[Any, Any]:
        body = None if data is None else json.dumps(data).encode("utf-8")
        headers = {"Accept": "application/json", "User-Agent": "bantin-intake", **self._auth()}
        if body is not None:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
                return (json.loads(raw) if raw.strip() else None), resp.headers
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise ForgeError(_http_hint(self.kind, method, urlparse(url).path, exc.code, detail)) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ForgeError(f"Không kết nối được API của {self.kind} ({self.settings.api}): {reason}.") from None


def _next_link(header: str) -> str | None:
    for part in header.split(","):
        if 'rel="next"' in part and "<" in part:
            return part[part.index("<") + 1:part.index(">")]
    return None


def _http_hint(kind: str, method: str, path: str, status: int, detail: str) -> str:
    what = {
        401: "khóa truy cập không hợp lệ hoặc đã hết hạn",
        403: "khóa truy cập thiếu quyền (cần contents: write và pull-requests: write; GitLab: quyền api, vai trò Developer)",
        404: "không tìm thấy (sai tên kho, hoặc khóa không có quyền đọc kho)",
        422: "dữ liệu bị từ chối",
    }.get(status, "lỗi từ máy chủ")
    return f"API của {kind} trả lỗi {status} cho {method} {path}: {what}. Chi tiết: {detail.strip() or '(trống)'}"


def _split_handles(handles: list[str]) -> tuple[list[str], list[str]]:
    """'@user' → users; '@org/team' → team slugs."""
    users: list[str] = []
    teams: list[str] = []
    for handle in handles:
        h = handle.strip().lstrip("@")
        if not h:
            continue
        (teams if "/" in h else users).append(h.split("/", 1)[-1])
    return users, teams


class GitHub(Forge):
    kind = "github"

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.token}", "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28"}

    @property
    def _repo(self) -> str:
        return f"/repos/{self.settings.repo}"

    @staticmethod
    def _request(data: dict[str, Any]) -> Request:
        return Request(int(data["number"]), str(data.get("html_url") or ""), str(data.get("title") or ""),
                       str(data.get("body") or ""), str((data.get("head") or {}).get("ref") or ""))

    def find_request(self, branch: str) -> Request | None:
        owner = self.settings.repo.split("/", 1)[0]
        found = self.pages(f"{self._repo}/pulls", {"state": "open", "head": f"{owner}:{branch}"})
        found = [p for p in found if (p.get("head") or {}).get("ref") == branch]
        return self._request(found[0]) if found else None

    def open_request(self, branch: str, base: str, title: str, body: str) -> Request:
        return self._request(self.call("POST", f"{self._repo}/pulls", {"title": title, "head": branch, "base": base, "body": body}))

    def update_request(self, number: int, title: str, body: str) -> None:
        self.call("PATCH", f"{self._repo}/pulls/{number}", {"title": title, "body": body})

    def request_review(self, number: int, handles: list[str]) -> list[str]:
        users, teams = _split_handles(handles)
        if users or teams:
            self.call("POST", f"{self._repo}/pulls/{number}/requested_reviewers", {"reviewers": users, "team_reviewers": teams})
        return []

    def add_labels(self, number: int, labels: list[str]) -> None:
        if labels:
            self.call("POST", f"{self._repo}/issues/{number}/labels", {"labels": labels})

    def comments(self, number: int) -> list[Comment]:
        return [Comment(int(c["id"]), str(c.get("body") or "")) for c in self.pages(f"{self._repo}/issues/{number}/comments")]

    def comment(self, number: int, body: str) -> None:
        self.call("POST", f"{self._repo}/issues/{number}/comments", {"body": body})

    def edit_comment(self, number: int, comment_id: int, body: str) -> None:
        self.call("PATCH", f"{self._repo}/issues/comments/{comment_id}", {"body": body})

    def commit_comments(self, sha: str) -> list[Comment]:
        return [Comment(int(c["id"]), str(c.get("body") or "")) for c in self.pages(f"{self._repo}/commits/{sha}/comments")]

    def comment_on_commit(self, sha: str, body: str) -> None:
        self.call("POST", f"{self._repo}/commits/{sha}/comments", {"body": body})


class Gitea(GitHub):
    """Gitea and Forgejo: GitHub's paths for pulls and comments; labels by id; no commit comments."""

    kind = "gitea"
    page_size = ("limit", "50")

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"token {self.settings.token}"}

    def find_request(self, branch: str) -> Request | None:
        found = [p for p in self.pages(f"{self._repo}/pulls", {"state": "open"}) if (p.get("head") or {}).get("ref") == branch]
        return self._request(found[0]) if found else None

    def add_labels(self, number: int, labels: list[str]) -> None:
        if not labels:
            return
        known = {str(label["name"]): int(label["id"]) for label in self.pages(f"{self._repo}/labels")}
        ids = []
        for name in labels:
            if name not in known:
                known[name] = int(self.call("POST", f"{self._repo}/labels", {"name": name, "color": _label_color(name)})["id"])
            ids.append(known[name])
        self.call("POST", f"{self._repo}/issues/{number}/labels", {"labels": ids})

    def commit_comments(self, sha: str) -> list[Comment]:
        issues = self.pages(f"{self._repo}/issues", {"state": "open", "type": "issues"})
        return [Comment(int(i["number"]), str(i.get("body") or "")) for i in issues if sha in str(i.get("body") or "")]

    def comment_on_commit(self, sha: str, body: str) -> None:
        # Gitea has no comments on commits: an issue that names the commit reaches the same people.
        self.call("POST", f"{self._repo}/issues", {"title": f"Tệp gửi lên chưa nhận được (commit {sha[:10]})",
                                                   "body": f"Commit: {sha}\n\n{body}"})


class GitLab(Forge):
    kind = "gitlab"

    def _auth(self) -> dict[str, str]:
        return {"PRIVATE-TOKEN": self.settings.token}

    @property
    def _project(self) -> str:
        return "/projects/" + quote(self.settings.repo, safe="")

    @staticmethod
    def _request(data: dict[str, Any]) -> Request:
        return Request(int(data["iid"]), str(data.get("web_url") or ""), str(data.get("title") or ""),
                       str(data.get("description") or ""), str(data.get("source_branch") or ""))

    def find_request(self, branch: str) -> Request | None:
        found = self.pages(f"{self._project}/merge_requests", {"state": "opened", "source_branch": branch})
        found = [m for m in found if m.get("source_branch") == branch]
        return self._request(found[0]) if found else None

    def open_request(self, branch: str, base: str, title: str, body: str) -> Request:
        return self._request(self.call("POST", f"{self._project}/merge_requests", {
            "source_branch": branch, "target_branch": base, "title": title, "description": body}))

    def update_request(self, number: int, title: str, body: str) -> None:
        self.call("PUT", f"{self._project}/merge_requests/{number}", {"title": title, "description": body})

    def request_review(self, number: int, handles: list[str]) -> list[str]:
        users, teams = _split_handles(handles)
        notes = [f"GitLab không giao duyệt cho nhóm '@{t}' qua API; quy tắc CODEOWNERS của nhóm vẫn áp dụng." for t in teams]
        ids = []
        for user in users:
            found = self.call("GET", "/users", query={"username": user}) or []
            if found:
                ids.append(int(found[0]["id"]))
            else:
                notes.append(f"Không tìm thấy tài khoản GitLab '@{user}' để giao duyệt.")
        if ids:
            self.call("PUT", f"{self._project}/merge_requests/{number}", {"reviewer_ids": ids})
        return notes

    def add_labels(self, number: int, labels: list[str]) -> None:
        if labels:  # GitLab creates labels it does not know yet
            self.call("PUT", f"{self._project}/merge_requests/{number}", {"add_labels": ",".join(labels)})

    def comments(self, number: int) -> list[Comment]:
        return [Comment(int(n["id"]), str(n.get("body") or "")) for n in self.pages(f"{self._project}/merge_requests/{number}/notes")]

    def comment(self, number: int, body: str) -> None:
        self.call("POST", f"{self._project}/merge_requests/{number}/notes", {"body": body})

    def edit_comment(self, number: int, comment_id: int, body: str) -> None:
        self.call("PUT", f"{self._project}/merge_requests/{number}/notes/{comment_id}", {"body": body})

    def commit_comments(self, sha: str) -> list[Comment]:
        return [Comment(n, str(c.get("note") or "")) for n, c in enumerate(self.pages(f"{self._project}/repository/commits/{sha}/comments"))]

    def comment_on_commit(self, sha: str, body: str) -> None:
        self.call("POST", f"{self._project}/repository/commits/{sha}/comments", {"note": body})


def _label_color(name: str) -> str:
    """A stable colour per label family (Gitea requires one)."""
    family = name.split(":", 1)[0]
    return "#" + hashlib.sha256(family.encode("utf-8")).hexdigest()[:6]


def client(settings: ForgeSettings | None = None) -> Forge:
    settings = settings or ForgeSettings.from_env()
    return {"github": GitHub, "gitea": Gitea, "gitlab": GitLab}[settings.kind](settings)
