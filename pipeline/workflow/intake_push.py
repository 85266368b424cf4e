"""`pipeline intake-push`: what CI does when files arrive in the inbox without an operator.

Run by .github/workflows/intake.yml (and the GitLab job) on pushes that touch submissions/, and after
`pipeline mail`. It reuses `pipeline submit` as a function (ingest → check → branch → commit) and adds
only the forge side, through the one client in forge.py:

- on the base branch (uploads committed to main, or mail just written to the inbox): every submission
  becomes its own branch tin/... pushed to the origin, and its own pull request with the Vietnamese body,
  review requested from the routed editor and labels for topic, unit, kind and deadline. The inbox file
  leaves main only when that request is merged (its removal is part of the article's commit);
- on any other branch (an upload made as a pull request): the converted article is committed onto that
  same branch and the request's title and body are rewritten in the same form;
- a refused file stays where it is, and gets ONE Vietnamese comment (on the request, or on the commit that
  added it) naming the file, the reason and what to fix.

Idempotent, keyed by the document's SHA-256 (the article's `source.sha256`): a submission whose hash is
already on an unmerged tin/ branch of the origin is not submitted again; a branch without its request gets
one. The workflow's concurrency group serialises runs; the keys make a repeated run harmless.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.content.frontmatter import ArticleFile, parse_article
from pipeline.core.config import Config
from pipeline.core.deadlines import timeliness
from pipeline.core.git import Git, GitError
from pipeline.intake.inbox import discover
from pipeline.intake.ingest import Workspace
from pipeline.workflow import prbody
from pipeline.workflow.forge import Forge, ForgeError, Request
from pipeline.workflow.submit import Options, Submitted, check_article, pending_submissions, submit

MARKER = "bantin-intake"
CHECKS_IN_CI = "Kiểm tra chạy ở bước CI của yêu cầu hợp nhất."


@dataclass
class PushOptions:
    base: str = "main"
    remote: str = "origin"
    run_checks: bool = True


@dataclass
class Handled:
    """One submission after the run; `messages` are Vietnamese, each with its BT code."""

    submission: str
    status: str  # submitted | pending | refused | duplicate | failed
    branch: str = ""
    request: Request | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("submitted", "pending")


# --- keys ------------------------------------------------------------------------------------------


def submission_key(path: Path) -> str:
    """The SHA-256 of the submission's Word document (ingest writes the same into source.sha256)."""
    found = [s for s in discover(path.parent) if s.path == path]
    target = found[0].document if found and found[0].document else None
    if target is None:  # a refused folder or file: hash what is there, so a comment is made once
        h = hashlib.sha256()
        for item in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if item.is_file():
                h.update(item.name.encode("utf-8") + b"\0" + item.read_bytes())
        return h.hexdigest()
    return hashlib.sha256(target.read_bytes()).hexdigest()


def marker(kind: str, key: str) -> str:
    return f"<!-- {MARKER}:{kind}:{key} -->"


def fetch_branches(git: Git, options: PushOptions) -> None:
    """The origin's tin/ branches and base branch, so a second run sees what the first pushed."""
    git.run("fetch", "--quiet", "--no-tags", options.remote,
            f"+refs/heads/tin/*:refs/remotes/{options.remote}/tin/*",
            f"+refs/heads/{options.base}:refs/remotes/{options.remote}/{options.base}", check=False)


def branch_holding(git: Git, key: str, ws: Workspace, options: PushOptions) -> str:
    """The unmerged origin tin/ branch whose article carries source.sha256 == key, or ''."""
    refs = git.run("for-each-ref", "--format=%(refname)", "--no-merged", f"refs/remotes/{options.remote}/{options.base}",
                   f"refs/remotes/{options.remote}/tin/", check=False).stdout.splitlines()
    if not refs:
        return ""
    found = git.run("grep", "-l", "-F", f"sha256: {key}", *refs, "--", git.rel(ws.content), check=False).stdout
    for line in found.splitlines():
        ref = line.split(":", 1)[0]
        return ref.removeprefix(f"refs/remotes/{options.remote}/")
    return ""


# --- labels -----------------------------------------------------------------------------------------


def deadline_label(article: ArticleFile, config: Config) -> str:
    """'Hạn: đúng hạn' / 'Hạn: trễ hạn' / 'Hạn: chưa rõ', by pipeline.core.deadlines (as the PR body says)."""
    verdict = timeliness(str(article.meta.get("kind") or ""), article.datetime_of("event_time"),
                         article.datetime_of("submitted_at"), config)
    if verdict is None or (verdict.kind == "news" and verdict.status == "unknown"):
        return ""
    if verdict.status == "unknown":
        return "Hạn: chưa rõ"
    if verdict.on_time:
        return "Hạn: đúng hạn"
    return "Hạn: trễ hạn" if verdict.kind == "event" else "Hạn: trễ giờ chốt"


def labels_for(article: ArticleFile, config: Config) -> list[str]:
    meta = article.meta
    topic = config.topics.get(str(meta.get("topic") or ""))
    unit = config.units.get(str(meta.get("unit") or ""))
    kind = config.kinds.get(str(meta.get("kind") or ""))
    labels = [
        f"Lĩnh vực: {topic.name}" if topic else "",
        f"Đơn vị: {unit.name}" if unit else "Đơn vị: Cộng tác viên",
        f"Loại: {kind.name}" if kind else "",
        deadline_label(article, config),
    ]
    return [label[:50] for label in labels if label]  # GitHub's limit on a label's length


def reviewer_of(article: ArticleFile, config: Config) -> str:
    editor = config.editors.get(str(article.meta.get("editor") or ""))
    return editor.handle if editor else ""


# --- the run ----------------------------------------------------------------------------------------


def run(git: Git, ws: Workspace, now: datetime, forge: Forge, options: PushOptions) -> list[Handled]:
    fetch_branches(git, options)
    branch = git.current_branch()
    if branch is None:
        raise GitError("Đang ở một commit rời (detached HEAD); quy trình tiếp nhận cần lấy đúng nhánh (actions/checkout với ref là tên nhánh).")
    if branch == options.base:
        return [_on_base(git, ws, now, forge, options, path) for path in pending_submissions(ws.inbox)]
    return _on_upload_branch(git, ws, now, forge, options, branch)


def submit_paths(git: Git, ws: Workspace, now: datetime, forge: Forge, options: PushOptions, paths: list[Path]) -> list[Handled]:
    """The base-branch intake for chosen inbox entries (what `pipeline mail --submit` just wrote)."""
    fetch_branches(git, options)
    if git.current_branch() != options.base:
        raise GitError(f"Thư phải được tiếp nhận trên nhánh '{options.base}'; hãy chuyển sang nhánh đó (git switch {options.base}).")
    return [_on_base(git, ws, now, forge, options, path) for path in paths]


def _submit_options(options: PushOptions, base: str) -> Options:
    return Options(base=base, push=False, remote=options.remote, run_checks=options.run_checks)


def _on_base(git: Git, ws: Workspace, now: datetime, forge: Forge, options: PushOptions, path: Path) -> Handled:
    key = submission_key(path)
    waiting = branch_holding(git, key, ws, options)
    if waiting:
        handled = Handled(path.name, "pending", waiting, messages=[
            f"BT871 thông tin: '{path.name}' đã được nhận trên nhánh '{waiting}' và đang chờ duyệt; không tạo nhánh mới."])
        _ensure_request(git, ws, now, forge, options, handled, key)
        return handled
    result = submit(git, ws, now, [path], _submit_options(options, options.base))[0]
    handled = Handled(path.name, result.status, result.branch, messages=list(result.messages))
    if result.status == "pending":  # submit's own path-based check found an unpushed or unrecognised branch
        _ensure_request(git, ws, now, forge, options, handled, key)
        return handled
    if result.status != "submitted":
        _report_refusal(git, forge, options, handled, key, path, request=None)
        return handled
    pushed = git.run("push", "--quiet", options.remote, f"{result.branch}:refs/heads/{result.branch}", check=False)
    if pushed.returncode != 0:
        detail = (pushed.stderr or pushed.stdout).strip().splitlines()[-1:] or ["không rõ lý do"]
        handled.status = "failed"
        handled.messages.append(f"BT873 lỗi: không đẩy được nhánh '{result.branch}' lên '{options.remote}' ({detail[0]}). "
                                "Tệp vẫn nằm trong hộp tin; lần chạy sau sẽ thử lại.")
        git.run("branch", "-D", result.branch, check=False)
        return handled
    _open_for(git, ws, forge, options, handled, result, key)
    return handled


def find_or_open(forge: Forge, branch: str, base: str, title: str, body: str) -> Request:
    """The branch's open request, or a new one; a request opened meanwhile by a parallel run is found, not doubled."""
    found = forge.find_request(branch)
    if found is not None:
        return found
    try:
        return forge.open_request(branch, base, title, body)
    except ForgeError:
        found = forge.find_request(branch)  # the forge refuses a second request for a branch (422/409)
        if found is None:
            raise
        return found


def _open_for(git: Git, ws: Workspace, forge: Forge, options: PushOptions, handled: Handled, result: Submitted,
              key: str) -> None:
    body = f"{result.body.rstrip()}\n\n{marker('nguon', key)}\n"
    try:
        request = find_or_open(forge, result.branch, options.base, result.title, body)
        handled.request = request
        _decorate(forge, request.number, result.reviewer, handled, labels=labels_at(git, ws, result))
        handled.messages.append(f"BT870 thông tin: đã mở yêu cầu hợp nhất {request.url or '#' + str(request.number)} "
                                f"cho '{result.submission}'.")
    except (ForgeError, GitError) as exc:
        handled.status = "failed"
        handled.messages.append(f"BT874 lỗi: nhánh '{result.branch}' đã được đẩy lên nhưng chưa mở được yêu cầu hợp nhất: {exc} "
                                "Lần chạy sau sẽ mở lại (không tạo nhánh mới).")


def labels_at(git: Git, ws: Workspace, result: Submitted) -> list[str]:
    """Labels from the article as committed on the submission's branch."""
    text = git.out("show", f"{result.branch}:{result.article}")
    return labels_for(parse_article(text, git.root / result.article), ws.config)


def _decorate(forge: Forge, number: int, reviewer: str, handled: Handled, labels: list[str]) -> None:
    """Review request and labels: useful, never worth failing a submission for."""
    try:
        handled.messages += [f"BT875 cảnh báo: {n}" for n in forge.request_review(number, [reviewer] if reviewer else [])]
    except ForgeError as exc:
        handled.messages.append(f"BT875 cảnh báo: chưa giao duyệt được cho {reviewer}: {exc}")
    try:
        forge.add_labels(number, labels)
    except ForgeError as exc:
        handled.messages.append(f"BT875 cảnh báo: chưa gắn được nhãn: {exc}")


def _ensure_request(git: Git, ws: Workspace, now: datetime, forge: Forge, options: PushOptions, handled: Handled, key: str) -> None:
    """A branch pushed by an earlier run that lost its request (e.g. the run stopped) gets one now."""
    try:
        request = forge.find_request(handled.branch)
        if request is None:
            title, body, reviewer, labels = describe(git, ws, now, options, f"{options.remote}/{handled.branch}", options.base)
            request = find_or_open(forge, handled.branch, options.base, title, f"{body.rstrip()}\n\n{marker('nguon', key)}\n")
            _decorate(forge, request.number, reviewer, handled, labels)
            handled.messages.append(f"BT870 thông tin: đã mở yêu cầu hợp nhất {request.url or '#' + str(request.number)} còn thiếu.")
        handled.request = request
    except (ForgeError, GitError) as exc:
        handled.status = "failed"
        handled.messages.append(f"BT874 lỗi: chưa mở được yêu cầu hợp nhất cho nhánh '{handled.branch}': {exc}")


def describe(git: Git, ws: Workspace, now: datetime, options: PushOptions, head: str, base: str) -> tuple[str, str, str, list[str]]:
    """Title, body, reviewer and labels for the articles a branch adds (the same form `pipeline submit` writes)."""
    start = git.out("merge-base", f"{options.remote}/{base}" if git.ref_exists(f"{options.remote}/{base}") else base, head)
    added = git.run("diff", "--name-only", "--diff-filter=A", start, head, "--", git.rel(ws.content)).stdout.splitlines()
    articles = [a for a in added if a.endswith(".md")]
    changed = git.run("diff", "--no-renames", "--name-status", start, head).stdout.splitlines()
    files = [line.split("\t")[-1] + (" (xóa khỏi hộp tin)" if line.startswith("D") else "") for line in changed]
    if not articles:
        raise GitError(f"Nhánh '{head}' không thêm bài viết nào trong '{git.rel(ws.content)}'.")
    titles, bodies, reviewers, labels = [], [], [], []
    for rel in articles:
        text = git.out("show", f"{head}:{rel}")
        path = git.root / rel
        article = parse_article(text, path)
        submission = str((article.meta.get("source") or {}).get("file") or rel)
        titles.append(prbody.title(article, ws.config))
        bodies.append(prbody.body(article, ws.config, now, None, files, submission, checks_note=CHECKS_IN_CI))
        reviewers.append(reviewer_of(article, ws.config))
        labels += [label for label in labels_for(article, ws.config) if label not in labels]
    return titles[0], "\n\n---\n\n".join(bodies), reviewers[0], labels


# --- refusals ---------------------------------------------------------------------------------------


def refusal_text(submission: str, messages: list[str], status: str) -> str:
    head = ("Tệp này đã được nhận trước đây, không tạo bài mới." if status == "duplicate"
            else "Tệp chưa được nhận thành tin bài. Tệp vẫn nằm nguyên trong hộp tin `submissions/`.")
    lines = [f"### Tệp `{submission}`: chưa tiếp nhận", "", head, "", "**Lý do và cách sửa:**", ""]
    lines += [f"- {m}" for m in messages] or ["- (không rõ lý do; hãy báo Ban Biên tập)"]
    lines += ["", ("Sửa tệp theo hướng dẫn trên rồi tải lên lại (ghi đè tệp cũ trong `submissions/`), "
                   "hoặc xóa tệp nếu không cần nữa. Hướng dẫn: docs/huong-dan-tai-tep-len.md")]
    return "\n".join(lines)


def _report_refusal(git: Git, forge: Forge, options: PushOptions, handled: Handled, key: str, path: Path,
                    request: Request | None) -> None:
    text = refusal_text(path.name, handled.messages, handled.status)
    try:
        if request is not None:
            forge.upsert_comment(request.number, marker("tu-choi", key), text)
            return
        rel = git.rel(path)
        commit = git.run("log", "-1", "--format=%H", "--", rel, check=False).stdout.strip()
        if not commit:
            return  # not from a commit (mail written by `pipeline mail`): the job's listing reports it
        forge.note_on_commit_once(commit, marker("tu-choi", key), text)
    except (ForgeError, GitError) as exc:
        handled.messages.append(f"BT876 cảnh báo: chưa gửi được nhận xét báo lỗi lên kho: {exc}")


# --- uploads made as a pull request -----------------------------------------------------------------


def _on_upload_branch(git: Git, ws: Workspace, now: datetime, forge: Forge, options: PushOptions, branch: str) -> list[Handled]:
    base_ref = f"{options.remote}/{options.base}" if git.ref_exists(f"{options.remote}/{options.base}") else options.base
    start = git.out("merge-base", base_ref, "HEAD")
    touched = set(git.run("diff", "--name-only", start, "HEAD", "--", git.rel(ws.inbox)).stdout.splitlines())
    inbox_rel = git.rel(ws.inbox) + "/"
    wanted = [p for p in pending_submissions(ws.inbox)
              if any(t == git.rel(p) or t.startswith(git.rel(p) + "/") for t in touched)
              and not git.rel(p).startswith(inbox_rel + "processed")]
    if not wanted and branch.startswith("tin/"):
        return []  # an article branch the intake (or `pipeline submit`) made: its request is already written
    try:
        request = forge.find_request(branch)
    except ForgeError as exc:
        request = None
        problem = f"BT877 cảnh báo: chưa đọc được yêu cầu hợp nhất của nhánh '{branch}': {exc}"
    else:
        problem = ""
    results: list[Handled] = []
    converted = False
    for path in wanted:
        key = submission_key(path)
        result = submit(git, ws, now, [path], _submit_options(options, branch))[0]
        handled = Handled(path.name, result.status, branch, request, list(result.messages))
        if result.status == "submitted":
            # The article's commit was made on a side branch from this one: bring this branch up to it.
            git.run("merge", "--quiet", "--ff-only", result.branch)
            git.run("branch", "-D", result.branch)
            converted = True
        else:
            _report_refusal(git, forge, options, handled, key, path, request)
        results.append(handled)
    if converted:
        pushed = git.run("push", "--quiet", options.remote, f"HEAD:refs/heads/{branch}", check=False)
        if pushed.returncode != 0:
            detail = (pushed.stderr or pushed.stdout).strip().splitlines()[-1:] or ["không rõ lý do"]
            for h in results:
                if h.status == "submitted":
                    h.status = "failed"
                    h.messages.append(f"BT873 lỗi: không đẩy được bài đã chuyển đổi lên nhánh '{branch}' ({detail[0]}); "
                                      "lần chạy sau sẽ thử lại.")
            return results
    if request is not None and (converted or not wanted):
        _rewrite_request(git, ws, now, forge, options, branch, request, results)
    elif problem:
        for h in results:
            h.messages.append(problem)
    return results


def _rewrite_request(git: Git, ws: Workspace, now: datetime, forge: Forge, options: PushOptions, branch: str,
                     request: Request, results: list[Handled]) -> None:
    """The upload's request becomes the article's: title and body in the form `pipeline submit` writes."""
    try:
        title, body, reviewer, labels = describe(git, ws, now, options, "HEAD", options.base)
    except GitError:
        return  # the branch adds no article (yet): leave the contributor's request as it is
    checks_note = ""
    if options.run_checks:
        head_articles = [a for a in git.run("diff", "--name-only", "--diff-filter=A", f"{options.remote}/{options.base}", "HEAD",
                                            "--", git.rel(ws.content), check=False).stdout.splitlines() if a.endswith(".md")]
        if head_articles:
            report, note = check_article(ws, git.root / head_articles[0])
            checks_note = "\n".join(prbody.findings_lines(report, note))
    if checks_note:
        body = body.replace(CHECKS_IN_CI, checks_note, 1)
    handled = Handled(branch, "submitted", branch, request)
    try:
        forge.update_request(request.number, title, f"{body.rstrip()}\n\n{marker('nhanh', branch)}\n")
        _decorate(forge, request.number, reviewer, handled, labels)
        handled.messages.append(f"BT872 thông tin: đã viết lại tiêu đề và nội dung yêu cầu hợp nhất #{request.number}.")
    except ForgeError as exc:
        handled.status = "failed"
        handled.messages.append(f"BT874 lỗi: chưa viết lại được yêu cầu hợp nhất #{request.number}: {exc}")
    if results:
        for h in results:
            h.request = request
            h.messages += handled.messages
    else:
        results.append(handled)
