"""`pipeline submit`: one branch, one commit and one pull request per submission.

Reads top to bottom: preflight (a Git clone on the base branch, clean apart from the inbox's new files) →
for each submission: ingest on the base branch's working tree → check (the engine, in-process) → branch `tin/<yyyy-mm-dd>-<slug>`
→ commit the article, its photos, the archived original and the inbox removal → back to the base branch →
pull-request title and body → optionally push and open the request.

Contributors' files are dropped into the inbox UNTRACKED (copied from email or a shared folder); they enter
Git only on their article's branch, in submissions/processed/. An original that was committed to the inbox
(e.g. uploaded through the forge's web page) works too: the commit then records its removal from the inbox.
Any failure puts the working tree and inbox back exactly as they were and leaves no branch behind.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.checks.api import CheckError
from pipeline.checks.engine import run_checks as run_rules
from pipeline.checks.output import CheckReport
from pipeline.content.frontmatter import read_article
from pipeline.core.crash import write_point
from pipeline.core.git import Git, GitError
from pipeline.core.messages import Level
from pipeline.core.text import slugify
from pipeline.intake.inbox import SKIPPED
from pipeline.intake.ingest import Outcome, Workspace, ingest_paths
from pipeline.intake.workdir import WORK_NAME
from pipeline.workflow import codeowners, prbody, recovery
from pipeline.workflow.forge import Opened, open_request, pr_command


class SubmitError(Exception):
    """A precondition failed; nothing was changed. The message is Vietnamese."""


@dataclass
class Options:
    base: str = "main"
    push: bool = False
    remote: str = "origin"
    run_checks: bool = True


@dataclass
class Submitted:
    submission: str
    status: str  # "submitted" | "pending" | "refused" | "duplicate" | "failed" | "recovered"
    branch: str = ""
    article: str = ""  # repository-relative path
    title: str = ""
    body: str = ""
    body_file: Path | None = None
    reviewer: str = ""
    checks: CheckReport | None = None  # None: the checks did not run (see checks_note)
    checks_note: str = ""  # why the checks did not run, in Vietnamese
    opened: Opened | None = None
    pushed: bool = False
    remote: str = "origin"
    messages: list[str] = field(default_factory=list)  # Vietnamese

    @property
    def ok(self) -> bool:
        return self.status in ("submitted", "pending", "recovered") and not any(m.startswith("LỖI") for m in self.messages)


# --- preflight --------------------------------------------------------------------------------


def preflight(git: Git, ws: Workspace, options: Options) -> None:
    """Refuse, changing nothing, unless this is a clean clone on the base branch."""
    if not git.has_commits():
        raise SubmitError("Kho Git chưa có lần ghi nhận (commit) nào. Hãy tạo nhánh main với nội dung trang trước.")
    branch = git.current_branch()
    if branch != options.base:
        where = f"nhánh '{branch}'" if branch else "một commit rời (detached HEAD)"
        raise SubmitError(
            f"Đang ở {where}. pipeline submit tạo nhánh mới từ nhánh '{options.base}' và không bao giờ ghi vào nhánh khác: "
            f"hãy chạy 'git switch {options.base}' rồi chạy lại."
        )
    problem = git.identity_problem()
    if problem:
        raise SubmitError(problem)
    for folder, label in ((ws.inbox, "Hộp tin"), (ws.content, "Thư mục bài viết")):
        try:
            git.rel(folder)
        except ValueError:
            raise SubmitError(f"{label} '{folder}' nằm ngoài kho Git '{git.root}'. Hãy chạy lệnh trong thư mục của kho.") from None
    dirt = dirty_paths(git, ws.inbox)
    if dirt:
        listed = "\n".join(f"  - {p}" for p in dirt[:15]) + ("\n  - …" if len(dirt) > 15 else "")
        raise SubmitError(
            "Thư mục làm việc còn thay đổi chưa ghi nhận (commit), nên chưa thể tạo nhánh cho tin bài:\n"
            f"{listed}\n"
            "Hãy ghi nhận (git commit) các thay đổi đó, hoặc cất tạm bằng 'git stash --include-untracked' (lấy lại bằng "
            "'git stash pop'), rồi chạy lại. Đừng xóa tệp trong hộp tin hay trong processed/: đó có thể là bản gốc duy nhất. "
            "Tệp mới thả vào hộp tin không tính là thay đổi. Không có gì bị thay đổi."
        )


def dirty_paths(git: Git, inbox: Path) -> list[str]:
    """Changes that would leak into a submission's commit; new (untracked) files dropped in the inbox are not dirt."""
    inbox_rel = git.rel(inbox).rstrip("/") + "/"
    processed = inbox_rel + "processed/"
    out = []
    for entry in git.status():
        if entry.untracked and entry.path.startswith(inbox_rel) and not entry.path.startswith(processed):
            continue
        out.append(entry.path)
    return out


def pending_submissions(inbox: Path) -> list[Path]:
    """What a contributor dropped in the inbox, in name order (same rules as ingest's discovery)."""
    if not inbox.is_dir():
        return []
    return [p for p in sorted(inbox.iterdir(), key=lambda p: p.name)
            if not p.name.startswith((".", "~$")) and p.name.lower() not in SKIPPED]


def resolve_submissions(paths: list[Path], ws: Workspace) -> list[Path]:
    if not paths:
        return pending_submissions(ws.inbox)
    chosen = []
    inbox = ws.inbox.resolve()
    for raw in paths:
        path = raw if raw.is_absolute() else Path.cwd() / raw
        if not path.exists() and (ws.inbox / raw.name).exists():
            path = ws.inbox / raw.name  # `pipeline submit bai.docx` means the one in the inbox
        if not path.exists():
            raise SubmitError(f"Không tìm thấy '{raw}'. Hãy thả tệp vào hộp tin '{ws.inbox}' rồi chạy lại.")
        if path.resolve().parent != inbox:
            raise SubmitError(
                f"'{raw}' không nằm ngay trong hộp tin '{ws.inbox}'. Hãy chép tệp (hoặc thư mục bài) vào hộp tin rồi chạy lại."
            )
        chosen.append(path.resolve())
    return chosen


# --- the run ----------------------------------------------------------------------------------


def submit(git: Git, ws: Workspace, now: datetime, paths: list[Path], options: Options) -> list[Submitted]:
    """Submit each submission on its own branch; the base branch stays checked out and untouched."""
    ws = Workspace(ws.content.resolve(), ws.inbox.resolve(), ws.config)
    results = []
    # A run killed half-way left a journal: finish or undo it first, so preflight sees a clean tree.
    recovered = recovery.recover(git, lambda snap, base, branch: _Snapshot.from_dict(snap, ws, git).restore(git, base, branch))
    preflight(git, ws, options)
    for path in resolve_submissions(paths, ws):
        waiting = pending_branch(git, path, options)
        if waiting:
            results.append(Submitted(path.name, "pending", branch=waiting, messages=[
                f"Tệp này đã được gửi và đang chờ duyệt trên nhánh '{waiting}'; không tạo nhánh mới."]))
            continue
        results.append(_submit_one(git, ws, now, path, options))
    if recovered:  # last, so that callers reading results[0] for one path still get that path
        results.append(Submitted("lần chạy trước", "recovered", messages=recovered))
    return results


def pending_branch(git: Git, path: Path, options: Options) -> str:
    """A `tin/` branch not yet merged that already removes this (committed) original from the inbox."""
    rel = git.rel(path)
    if not git.is_tracked(rel):
        return ""
    out = git.run("log", "--format=%D%x09%H", "--diff-filter=D", "--branches=tin/*",
                  f"--remotes={options.remote}/tin/*", "--not", options.base, "--", rel, check=False).stdout
    for line in out.splitlines():
        if not line.strip():
            continue
        head = git.run("for-each-ref", "--format=%(refname:short)", "--contains", line.split("\t")[-1],
                       "refs/heads/tin/", f"refs/remotes/{options.remote}/tin/", check=False).stdout.split()
        if head:
            return head[0]
    return ""


def _submit_one(git: Git, ws: Workspace, now: datetime, path: Path, options: Options) -> Submitted:
    snapshot = _Snapshot.take(ws, git)
    journal = recovery.SubmitJournal(options.base, git.rel(path), snapshot.to_dict())
    recovery.begin(git, journal)
    result = _submit_journaled(git, ws, now, path, options, snapshot, journal)
    recovery.finish(git)
    return result


def _submit_journaled(git: Git, ws: Workspace, now: datetime, path: Path, options: Options, snapshot: _Snapshot,
                      journal: recovery.SubmitJournal) -> Submitted:
    name = path.name
    try:
        outcomes = ingest_paths([path], ws, now)
    except Exception as exc:  # noqa: BLE001 - a bug in a step must not cost the contributor's file
        snapshot.restore(git, options.base)
        return Submitted(name, "failed", messages=[f"LỖI: không chuyển đổi được ({exc}); tệp gốc vẫn nằm trong hộp tin."])
    outcomes = [o for o in outcomes if o.submission == name] or outcomes
    if not outcomes:
        return Submitted(name, "refused", messages=[f"'{name}' không phải một tin bài trong hộp tin; bỏ qua."])
    outcome = outcomes[0]
    if outcome.status != "published" or outcome.article is None:
        snapshot.restore(git, options.base)
        return Submitted(name, outcome.status, messages=_outcome_messages(outcome))

    branch = ""
    try:
        article = read_article(outcome.article)
        rel_article = git.rel(outcome.article)
        checks, checks_note = check_article(ws, outcome.article) if options.run_checks else (None, "Bỏ qua kiểm tra (--no-check).")
        owners_changed = _refresh_codeowners(git, ws, snapshot)
        branch = _branch_name(git, now, str(article.meta.get("slug") or outcome.article.stem), options.remote)
        files = snapshot.new_files(git) + owners_changed
        archived = next((f for f in files if f.startswith(git.rel(ws.inbox) + "/processed/")), "")
        inbox_original = git.rel(path)
        recovery.set_branch(git, journal, branch)
        write_point("submit-branch")
        git.run("switch", "--quiet", "-c", branch)
        stage = sorted(set(files) | ({inbox_original} if snapshot.was_tracked(inbox_original) else set()))
        write_point("submit-add")
        git.run("add", "--all", "--", *stage)
        if snapshot.was_tracked(inbox_original):
            files.append(f"{inbox_original} (xóa khỏi hộp tin)")
        message = prbody.commit_message(article, ws.config, name, rel_article, archived.rsplit("/", 1)[0] + "/")
        write_point("submit-commit")
        git.run("commit", "--quiet", "-F", "-", input_text=message)
        write_point("submit-switch-back")
        git.run("switch", "--quiet", options.base)
    except (GitError, OSError) as exc:
        snapshot.restore(git, options.base, branch)
        return Submitted(name, "failed", branch="", messages=[
            f"LỖI: {exc}", "Đã hoàn tác: không tạo nhánh, tệp gốc vẫn nằm trong hộp tin, thư mục làm việc như trước."])

    result = Submitted(name, "submitted", branch=branch, article=rel_article, checks=checks, checks_note=checks_note,
                       remote=options.remote,
                       messages=_outcome_messages(outcome, warnings_only=True))
    result.title = prbody.title(article, ws.config)
    result.body = prbody.body(article, ws.config, now, checks, files, name, checks_note)
    result.reviewer = ws.config.editors[str(article.meta.get("editor"))].handle if article.meta.get("editor") in ws.config.editors else ""
    result.body_file = _write_pr_files(git, branch, result.title, result.body)
    if options.push:
        _push_and_open(git, options, result)
    else:
        url = git.remote_url(options.remote)
        result.opened = Opened(pr_command(url, options.base, branch, result.title, result.body_file, result.reviewer),
                               note="Chưa đẩy lên kho chung (thêm --push để đẩy và mở yêu cầu hợp nhất).")
    return result


def _outcome_messages(outcome: Outcome, warnings_only: bool = False) -> list[str]:
    out = []
    for m in outcome.messages:
        if warnings_only and m.level is Level.ERROR:
            continue
        out.append(f"{m.code} {m.level.vietnamese}: {m.text}")
    if outcome.status == "refused":
        out.append("Tệp gốc vẫn nằm trong hộp tin; hãy sửa theo hướng dẫn rồi chạy lại. Không tạo nhánh nào.")
    return out


def _branch_name(git: Git, now: datetime, slug: str, remote: str) -> str:
    slug = slugify(slug)  # already a slug, unless an editor typed one by hand
    base = f"tin/{now:%Y-%m-%d}-{slug}"
    name, n = base, 2
    while git.branch_exists(name) or git.ref_exists(f"refs/remotes/{remote}/{name}"):
        name = f"{base}-{n}"
        n += 1
    return name


def _refresh_codeowners(git: Git, ws: Workspace, snapshot: _Snapshot) -> list[str]:
    """Keep the committed CODEOWNERS files (GitHub's, and GitLab's when present) in step when a special
    unit's article needs its own review rule."""
    changed: list[str] = []
    for rel in codeowners.OUTPUTS:
        path = git.root / rel
        if not path.is_file():
            continue
        expected = codeowners.generate(ws.config, ws.content, git.rel(ws.content), git.rel(ws.inbox), output=rel)
        if path.read_text(encoding="utf-8") == expected:
            continue
        snapshot.remember(path)
        write_point("submit-codeowners")
        path.write_text(expected, encoding="utf-8")
        changed.append(rel.as_posix())
    return changed


def _write_pr_files(git: Git, branch: str, title: str, body: str) -> Path:
    """Title and body under .git/bantin/pr/: outside the working tree, so they never make it dirty."""
    folder = git.git_path("bantin/pr")
    folder.mkdir(parents=True, exist_ok=True)
    write_point("submit-pr-files")
    stem = branch.replace("/", "__")
    (folder / f"{stem}.title.txt").write_text(title + "\n", encoding="utf-8")
    body_file = folder / f"{stem}.md"
    body_file.write_text(body, encoding="utf-8")
    return body_file


def _push_and_open(git: Git, options: Options, result: Submitted) -> None:
    url = git.remote_url(options.remote)
    if url is None:
        result.messages.append(f"LỖI: kho chưa có remote '{options.remote}'; nhánh '{result.branch}' vẫn được giữ, hãy đẩy sau.")
        return
    pushed = git.run("push", "--quiet", "--set-upstream", options.remote, result.branch, check=False)
    if pushed.returncode != 0:
        detail = (pushed.stderr or pushed.stdout).strip().splitlines()[-1:] or ["không rõ lý do"]
        result.messages.append(
            f"LỖI: không đẩy được nhánh lên '{options.remote}' ({detail[0]}). Bài đã an toàn trên nhánh '{result.branch}'; "
            f"thử lại: git push -u {options.remote} {result.branch}"
        )
        return
    result.pushed = True
    assert result.body_file is not None
    result.opened = open_request(git.root, url, options.base, result.branch, result.title, result.body_file, result.reviewer)


# --- checks -------------------------------------------------------------------------------------


def check_article(ws: Workspace, article: Path) -> tuple[CheckReport | None, str]:
    """The editorial rules on a new article, in-process: the same engine and findings as `pipeline check`.

    (report, "") or (None, why the checks did not run, in Vietnamese). The checks advise the reviewing
    editor (CI runs them again on the pull request), so a check that cannot run never costs the
    submission: the PR body says why instead.
    """
    try:
        run = run_rules(ws.config, ws.content, [article])
    except CheckError as exc:
        return None, f"Không chạy được bộ kiểm tra ({exc}); CI sẽ kiểm tra khi mở yêu cầu hợp nhất."
    except Exception as exc:  # noqa: BLE001 - a bug in a rule must not cost the contributor's submission
        return None, f"Không chạy được bộ kiểm tra ({exc.__class__.__name__}); hãy chạy tay: pipeline check {article}"
    return CheckReport(run.findings, run.checked), ""


# --- undo ---------------------------------------------------------------------------------------


@dataclass
class _Snapshot:
    """What the content folder and inbox held before a submission, to put back on failure."""

    files: set[str]
    dirs: set[str]
    tracked: set[str]
    roots: list[Path]
    root: Path
    saved: dict[Path, bytes] = field(default_factory=dict)

    @classmethod
    def take(cls, ws: Workspace, git: Git) -> _Snapshot:
        tracked = set(git.run("ls-files", "--", git.rel(ws.inbox)).stdout.splitlines())
        snapshot = cls(set(), set(), tracked, [ws.content, ws.inbox], git.root)
        snapshot.files, snapshot.dirs = snapshot.current(git)
        return snapshot

    def to_dict(self) -> dict[str, list[str]]:
        return {"files": sorted(self.files), "dirs": sorted(self.dirs), "tracked": sorted(self.tracked)}

    @classmethod
    def from_dict(cls, data: dict[str, list[str]], ws: Workspace, git: Git) -> _Snapshot:
        return cls(set(data.get("files", [])), set(data.get("dirs", [])), set(data.get("tracked", [])),
                   [ws.content, ws.inbox], git.root)

    def was_tracked(self, rel: str) -> bool:
        return rel in self.tracked or any(t.startswith(rel + "/") for t in self.tracked)

    def remember(self, path: Path) -> None:
        self.saved.setdefault(path, path.read_bytes())

    def current(self, git: Git) -> tuple[set[str], set[str]]:
        files: set[str] = set()
        dirs: set[str] = set()
        for top in self.roots:
            if top.exists():
                dirs.add(git.rel(top))
                for p in top.rglob("*"):
                    if WORK_NAME in p.relative_to(top).parts:
                        continue  # ingest's own work folder: its journal and temp files are ingest's to settle
                    (dirs if p.is_dir() and not p.is_symlink() else files).add(git.rel(p))
        return files, dirs

    def new_files(self, git: Git) -> list[str]:
        files, _ = self.current(git)
        return sorted(files - self.files)

    def restore(self, git: Git, base: str, branch: str = "") -> None:
        """Back to exactly the state of `take`: originals into the inbox, new files gone, no branch."""
        if branch and git.current_branch() == branch:
            git.run("switch", "--quiet", base, check=False)
        if branch and git.branch_exists(branch) and git.current_branch() != branch:
            git.run("branch", "-D", branch, check=False)
        files, dirs = self.current(git)
        new = sorted(files - self.files)
        if new:
            git.run("restore", "--staged", "--", *[f for f in new], check=False)
        # An archived original is the only thing under processed/ that came from the inbox: move it back.
        for top in self.roots:
            processed = top / "processed"
            for rel in sorted(dirs - self.dirs):
                path = self.root / rel
                if path.parent.parent.parent == processed and path.is_dir():  # processed/yyyy/mm/<id>/
                    for child in path.iterdir():
                        if not (top / child.name).exists():
                            shutil.move(str(child), str(top / child.name))
        for path, data in self.saved.items():
            path.write_bytes(data)
        files, dirs = self.current(git)
        for rel in sorted(files - self.files, reverse=True):
            (self.root / rel).unlink(missing_ok=True)
        for rel in sorted(dirs - self.dirs, key=len, reverse=True):
            shutil.rmtree(self.root / rel, ignore_errors=True)
        # A tracked original restored by the move must not stay staged as deleted.
        if self.tracked:
            git.run("restore", "--staged", "--", *sorted(self.tracked), check=False)

