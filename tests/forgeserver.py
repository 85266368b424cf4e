"""A small local forge: the few REST endpoints the intake and the preview call, as GitHub, Gitea/Forgejo and
GitLab document them (see pipeline/workflow/forge.py), in memory, on 127.0.0.1.

It checks what a real forge checks where a mistake would matter: the token header, required fields, that
the head branch exists in the bare origin, one open request per branch, label ids on Gitea. Lists are paged
(two items a page) with a Link header, so the client's paging runs.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

TOKEN = "bi-mat-cua-quy-trinh"
PAGE = 2


@dataclass
class State:
    kind: str
    origin: Path | None
    owner: str = "ldld-bentre"
    name: str = "trang-tin"
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # request number → comments
    commit_comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)  # name → id
    issues: list[dict[str, Any]] = field(default_factory=list)
    users: dict[str, int] = field(default_factory=lambda: {"pham-hoa": 7, "nguyen-tam": 8})
    log: list[tuple[str, str, Any]] = field(default_factory=list)
    next_id: int = 1000

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def branch_exists(self, branch: str) -> bool:
        if self.origin is None:
            return True
        return subprocess.run(["git", "-C", str(self.origin), "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                              capture_output=True, check=False).returncode == 0

    def open_pulls(self) -> list[dict[str, Any]]:
        return [p for p in self.pulls.values() if p["state"] in ("open", "opened")]


class ForgeServer:
    def __init__(self, kind: str, origin: Path | None = None):
        self.state = State(kind, origin)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def api(self) -> str:
        port = self.httpd.server_address[1]
        return {"github": f"http://127.0.0.1:{port}", "gitea": f"http://127.0.0.1:{port}/api/v1",
                "gitlab": f"http://127.0.0.1:{port}/api/v4"}[self.state.kind]

    @property
    def repo(self) -> str:
        return f"{self.state.owner}/{self.state.name}"

    def env(self) -> dict[str, str]:
        """What the CI gives the job (plus BANTIN_FORGE for the flavour)."""
        return {"BANTIN_FORGE": self.state.kind, "BANTIN_FORGE_API": self.api, "BANTIN_FORGE_REPO": self.repo,
                "BANTIN_FORGE_TOKEN": TOKEN}

    def __enter__(self):  # type: ignore[no-untyped-def]
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_POST(self) -> None:
            self._dispatch("POST")

        def do_PATCH(self) -> None:
            self._dispatch("PATCH")

        def do_PUT(self) -> None:
            self._dispatch("PUT")

        # -- plumbing -------------------------------------------------------------------------------

        def _dispatch(self, method: str) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            data = json.loads(self.rfile.read(length)) if length else None
            if not self._authorised():
                return self._send(401, {"message": "Bad credentials"})
            state.log.append((method, url.path, data))
            route = {"github": _github, "gitea": _gitea, "gitlab": _gitlab}[state.kind]
            try:
                status, body = route(state, method, unquote(url.path), query, data)
            except KeyError as exc:
                status, body = 422, {"message": f"missing field {exc}"}
            if isinstance(body, list):
                return self._send_page(status, body, url.path, query)
            self._send(status, body)

        def _authorised(self) -> bool:
            want = {"github": ("Authorization", f"Bearer {TOKEN}"), "gitea": ("Authorization", f"token {TOKEN}"),
                    "gitlab": ("PRIVATE-TOKEN", TOKEN)}[state.kind]
            return self.headers.get(want[0]) == want[1]

        def _send_page(self, status: int, items: list[Any], path: str, query: dict[str, str]) -> None:
            page = int(query.get("page", "1"))
            chunk = items[(page - 1) * PAGE: page * PAGE]
            headers = {}
            if page * PAGE < len(items):
                rest = "&".join(f"{k}={v}" for k, v in {**query, "page": str(page + 1)}.items())
                host = self.headers.get("Host")
                headers["Link"] = f'<http://{host}{path}?{rest}>; rel="next", <http://{host}{path}>; rel="first"'
            self._send(status, chunk, headers)

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            raw = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(raw)

    return Handler


def _pull_json(state: State, p: dict[str, Any]) -> dict[str, Any]:
    return {"number": p["number"], "html_url": f"https://forge.example/{state.owner}/{state.name}/pull/{p['number']}",
            "title": p["title"], "body": p["body"], "state": p["state"], "head": {"ref": p["head"]},
            "base": {"ref": p["base"]}, "labels": [{"name": n} for n in p["labels"]]}


def _github(state: State, method: str, path: str, query: dict[str, str], data: Any) -> tuple[int, Any]:
    repo = f"/repos/{state.owner}/{state.name}"
    if not path.startswith(repo):
        return 404, {"message": "Not Found"}
    rest = path[len(repo):]
    if rest == "/pulls" and method == "GET":
        pulls = state.open_pulls() if query.get("state", "open") == "open" else list(state.pulls.values())
        if "head" in query:  # documented form owner:branch
            owner, _, branch = query["head"].partition(":")
            pulls = [p for p in pulls if p["head"] == branch and owner == state.owner]
        return 200, [_pull_json(state, p) for p in pulls]
    if rest == "/pulls" and method == "POST":
        head, base, title = data["head"], data["base"], data["title"]
        if not state.branch_exists(head):
            return 422, {"message": "Validation Failed", "errors": [{"field": "head", "code": "invalid"}]}
        if any(p["head"] == head for p in state.open_pulls()):
            return 422, {"message": f"A pull request already exists for {state.owner}:{head}."}
        number = len(state.pulls) + len(state.issues) + 1
        state.pulls[number] = {"number": number, "head": head, "base": base, "title": title, "body": data.get("body", ""),
                               "state": "open", "labels": [], "reviewers": [], "teams": []}
        return 201, _pull_json(state, state.pulls[number])
    m = re.fullmatch(r"/pulls/(\d+)", rest)
    if m and method == "PATCH":
        p = state.pulls[int(m.group(1))]
        p.update({k: data[k] for k in ("title", "body", "state") if k in data})
        return 200, _pull_json(state, p)
    m = re.fullmatch(r"/pulls/(\d+)/requested_reviewers", rest)
    if m and method == "POST":
        p = state.pulls[int(m.group(1))]
        p["reviewers"] += data.get("reviewers", [])
        p["teams"] += data.get("team_reviewers", [])
        return 201, _pull_json(state, p)
    m = re.fullmatch(r"/issues/(\d+)/labels", rest)
    if m and method == "POST":
        p = state.pulls[int(m.group(1))]
        for label in data["labels"]:
            if state.kind == "gitea":
                name = next((n for n, i in state.labels.items() if i == label), None)
                if name is None:
                    return 422, {"message": f"label {label} does not exist"}
                label = name
            elif label not in state.labels:
                state.labels[label] = state.new_id()  # GitHub creates unknown labels
            if label not in p["labels"]:
                p["labels"].append(label)
        return 200, [{"name": n} for n in p["labels"]]
    m = re.fullmatch(r"/issues/(\d+)/comments", rest)
    if m:
        number = int(m.group(1))
        if number not in state.pulls:
            return 404, {"message": "Not Found"}
        if method == "GET":
            return 200, state.comments.get(number, [])
        comment = {"id": state.new_id(), "body": data["body"]}
        state.comments.setdefault(number, []).append(comment)
        return 201, comment
    m = re.fullmatch(r"/issues/comments/(\d+)", rest)
    if m and method == "PATCH":
        for comments in state.comments.values():
            for c in comments:
                if c["id"] == int(m.group(1)):
                    c["body"] = data["body"]
                    return 200, c
        return 404, {"message": "Not Found"}
    m = re.fullmatch(r"/commits/([0-9a-f]{40})/comments", rest)
    if m and state.kind == "github":
        if method == "GET":
            return 200, state.commit_comments.get(m.group(1), [])
        comment = {"id": state.new_id(), "body": data["body"], "commit_id": m.group(1)}
        state.commit_comments.setdefault(m.group(1), []).append(comment)
        return 201, comment
    if state.kind == "gitea":
        if rest == "/labels" and method == "GET":
            return 200, [{"id": i, "name": n} for n, i in state.labels.items()]
        if rest == "/labels" and method == "POST":
            if not re.fullmatch(r"#[0-9a-f]{6}", data["color"]):
                return 422, {"message": "invalid color"}
            state.labels[data["name"]] = state.new_id()
            return 201, {"id": state.labels[data["name"]], "name": data["name"]}
        if rest == "/issues" and method == "GET":
            return 200, [i for i in state.issues if i["state"] == query.get("state", "open")]
        if rest == "/issues" and method == "POST":
            issue = {"number": len(state.pulls) + len(state.issues) + 1, "title": data["title"], "body": data.get("body", ""),
                     "state": "open"}
            state.issues.append(issue)
            return 201, issue
    return 404, {"message": "Not Found"}


def _gitea(state: State, method: str, path: str, query: dict[str, str], data: Any) -> tuple[int, Any]:
    if not path.startswith("/api/v1/"):
        return 404, {"message": "Not Found"}
    if "head" in query:
        return 400, {"message": "Gitea's pull list has no head filter"}
    return _github(state, method, path[len("/api/v1"):], query, data)


def _mr_json(state: State, p: dict[str, Any]) -> dict[str, Any]:
    return {"iid": p["number"], "id": p["number"] + 5000, "web_url": f"https://gitlab.example/{state.owner}/{state.name}/-/merge_requests/{p['number']}",
            "title": p["title"], "description": p["body"], "state": p["state"], "source_branch": p["head"],
            "target_branch": p["base"], "labels": p["labels"], "reviewers": [{"id": i} for i in p["reviewers"]]}


def _gitlab(state: State, method: str, path: str, query: dict[str, str], data: Any) -> tuple[int, Any]:
    if path == "/api/v4/users" and method == "GET":
        uid = state.users.get(query.get("username", ""))
        return 200, [{"id": uid, "username": query["username"]}] if uid else []
    project = f"/api/v4/projects/{state.owner}/{state.name}"
    if not path.startswith(project):
        return 404, {"message": "404 Project Not Found"}
    rest = path[len(project):]
    if rest == "/merge_requests" and method == "GET":
        mrs = state.open_pulls() if query.get("state") == "opened" else list(state.pulls.values())
        if "source_branch" in query:
            mrs = [p for p in mrs if p["head"] == query["source_branch"]]
        return 200, [_mr_json(state, p) for p in mrs]
    if rest == "/merge_requests" and method == "POST":
        head = data["source_branch"]
        if not state.branch_exists(head):
            return 400, {"message": ["Source branch does not exist"]}
        if any(p["head"] == head for p in state.open_pulls()):
            return 409, {"message": ["Another open merge request already exists for this source branch"]}
        number = len(state.pulls) + 1
        state.pulls[number] = {"number": number, "head": head, "base": data["target_branch"], "title": data["title"],
                               "body": data.get("description", ""), "state": "opened", "labels": [], "reviewers": []}
        return 201, _mr_json(state, state.pulls[number])
    m = re.fullmatch(r"/merge_requests/(\d+)", rest)
    if m and method == "PUT":
        p = state.pulls[int(m.group(1))]
        if "title" in data:
            p["title"] = data["title"]
        if "description" in data:
            p["body"] = data["description"]
        if "reviewer_ids" in data:
            p["reviewers"] = list(data["reviewer_ids"])
        for label in str(data.get("add_labels") or "").split(","):
            if label and label not in p["labels"]:
                p["labels"].append(label)
        return 200, _mr_json(state, p)
    m = re.fullmatch(r"/merge_requests/(\d+)/notes", rest)
    if m:
        number = int(m.group(1))
        if method == "GET":
            return 200, state.comments.get(number, [])
        note = {"id": state.new_id(), "body": data["body"]}
        state.comments.setdefault(number, []).append(note)
        return 201, note
    m = re.fullmatch(r"/merge_requests/(\d+)/notes/(\d+)", rest)
    if m and method == "PUT":
        for c in state.comments.get(int(m.group(1)), []):
            if c["id"] == int(m.group(2)):
                c["body"] = data["body"]
                return 200, c
        return 404, {"message": "404 Not found"}
    m = re.fullmatch(r"/repository/commits/([0-9a-f]{40})/comments", rest)
    if m:
        if method == "GET":
            return 200, state.commit_comments.get(m.group(1), [])
        comment = {"note": data["note"], "author": {"username": "bot"}}
        state.commit_comments.setdefault(m.group(1), []).append(comment)
        return 201, comment
    return 404, {"message": "404 Not Found"}
