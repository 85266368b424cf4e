"""What the Git history says about each article, read with a handful of bulk git commands.

- published: when each article file reached `main` (the first-parent commit that brought it in: the
  merge commit of its pull request, or a direct commit);
- first_commit: when each article file was first committed on any branch (the submission commit);
- waiting: articles on open `tin/*` branches not merged into `main`, with their text on that branch.

Never one git call per article: three `git log`s, one `for-each-ref` and one `cat-file --batch`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.content.layout import is_article
from pipeline.core.dates import TZ
from pipeline.core.git import LOG_HEAD, LOG_SEP, Git, GitError, name_status_log
from pipeline.report.errors import ReportError

_FORMAT = f"--format={LOG_HEAD}%H{LOG_SEP}%at{LOG_SEP}%ct{LOG_SEP}%S"


@dataclass
class WaitingItem:
    """An article on an open review branch."""

    branch: str  # short name, e.g. tin/2026-03-20-dai-hoi
    path: str  # repository-relative path of the article
    since: datetime  # first commit of this article on the branch
    text: str | None = None  # the article file as it is on the branch


@dataclass
class GitHistory:
    root: Path
    main_ref: str
    content_prefix: str  # e.g. "content/" (repository-relative, with a trailing slash)
    published: dict[str, datetime] = field(default_factory=dict)
    first_commit: dict[str, datetime] = field(default_factory=dict)
    waiting: list[WaitingItem] = field(default_factory=list)
    on_main: frozenset[str] = frozenset()  # every file under the content folder on main now


def _git(root: Path, *args: str, stdin: str | None = None) -> str:
    try:
        done = Git(root).run_bytes(*args, stdin=stdin.encode("utf-8") if stdin is not None else None)
    except GitError as exc:
        raise ReportError(str(exc)) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReportError(f"Lệnh git {args[0]} thất bại trong '{root}': {detail[-1] if detail else done.returncode}.")
    return done.stdout.decode("utf-8", "replace")


def find_repository(content: Path, repo: Path | None) -> tuple[Path, str]:
    """(repository root, content folder relative to it with a trailing slash)."""
    start = repo if repo is not None else content
    if not start.exists():
        raise ReportError(f"Thư mục '{start}' không tồn tại; hãy kiểm tra --repo hoặc --content.")
    try:
        found = Git.toplevel(start if start.is_dir() else start.parent)
    except GitError as exc:
        raise ReportError(str(exc)) from None
    if found is None:
        raise ReportError(
            f"'{start}' không phải là kho Git (git repository); báo cáo cần lịch sử Git để biết bài nào đã "
            "được duyệt và đăng. Hãy chạy lệnh trong thư mục dự án hoặc chỉ --repo tới kho của trang."
        )
    root = found.resolve()
    try:
        rel = content.resolve().relative_to(root).as_posix()
    except ValueError:
        raise ReportError(f"Thư mục bài viết '{content}' không nằm trong kho Git '{root}'; hãy kiểm tra --content và --repo.") from None
    prefix = "" if rel in ("", ".") else rel.rstrip("/") + "/"
    return root, prefix


def resolve_main(root: Path, main: str) -> str:
    """`main`, or `origin/main` when only the remote-tracking branch exists (a CI checkout)."""
    git = Git(root)
    for candidate in (main, f"origin/{main}"):
        if git.ref_exists(candidate):
            return candidate
    raise ReportError(
        f"Kho Git '{root}' chưa có nhánh '{main}' (nhánh chính của trang); hãy tạo nhánh hoặc dùng --main TÊN-NHÁNH."
    )


def is_article_path(path: str, prefix: str) -> bool:
    """An article inside a folder of content/ (a file at its top is in no topic: never published)."""
    if not path.startswith(prefix):
        return False
    rest = path[len(prefix):].split("/")
    return len(rest) > 1 and is_article(rest)


def _stamp(seconds: str) -> datetime:
    return datetime.fromtimestamp(int(seconds), TZ)


def _changes(out: str):  # type: ignore[no-untyped-def]
    """Yield (author time, committer time, source ref, status, old path, new path) from `git log -z --name-status`."""
    for head, status, old, new in name_status_log(out):
        yield _stamp(head[1]), _stamp(head[2]), head[3], status, old, new


# A renamed article whose first publication is older than the window read: not counted anywhere.
BEFORE_WINDOW = datetime(1970, 1, 1, tzinfo=TZ)
# Submissions are looked for this long before the window (an article may wait long for review).
SUBMISSION_LOOKBACK = timedelta(days=366)


def read_history(root: Path, prefix: str, main: str, with_waiting: bool = True,
                 since: datetime | None = None) -> GitHistory:
    """Read the history; `since` bounds it to the commits the report can count (much faster on years)."""
    history = GitHistory(root, main, prefix)
    window = [f"--since={since.isoformat()}"] if since else []
    lookback = [f"--since={(since - SUBMISSION_LOOKBACK).isoformat()}"] if since else []
    # Both logs run at once; no pathspec: limiting by path costs git more than it saves, and the
    # paths are filtered here anyway.
    with ThreadPoolExecutor(max_workers=3) as pool:
        # 1. When each article reached main: the first-parent chain, merges diffed against their first parent.
        on_main = pool.submit(_git, root, "log", main, *window, "--first-parent", "--diff-merges=first-parent",
                              "--reverse", "-z", "--name-status", "--find-renames", _FORMAT)
        # 2. When each article was first committed anywhere (the submission commit on its branch).
        anywhere = pool.submit(_git, root, "log", "--all", *lookback, "--no-merges", "-z", "--name-status",
                               "--find-renames", "--diff-filter=ACR", _FORMAT)
        # 3. Which files main has now, whatever the window.
        tree = pool.submit(_git, root, "ls-tree", "-r", "-z", "--name-only", main, "--", prefix or ".")
        main_log, all_log = on_main.result(), anywhere.result()
        history.on_main = frozenset(p for p in tree.result().split("\0") if p)
    for _at, ct, _src, status, old, new in _changes(main_log):
        if not new.startswith(prefix):
            continue
        if status == "R" and old in history.published:
            history.published.setdefault(new, history.published[old])  # a move keeps its first publication
        elif status == "R" and since and old.startswith(prefix):
            history.published.setdefault(new, BEFORE_WINDOW)  # moved, first published before the window
        elif status in "ACR":
            history.published.setdefault(new, ct)
    for at, _ct, _src, status, old, new in _changes(all_log):
        if not new.startswith(prefix):
            continue
        if status == "R" and old in history.first_commit:
            at = min(at, history.first_commit[old])
        if new not in history.first_commit or at < history.first_commit[new]:
            history.first_commit[new] = at
    if with_waiting:
        history.waiting = _waiting(root, prefix, main, history)
    return history


def _open_branches(root: Path, main: str) -> list[str]:
    """Review branches not merged into main: local tin/* first, then remote ones not also local."""
    out = _git(root, "for-each-ref", f"--no-merged={main}", "--format=%(refname)",
               "refs/heads/tin/", "refs/remotes/*/tin/*", "refs/remotes/*/tin/**")
    chosen: dict[str, str] = {}
    for ref in out.split():
        if ref.startswith("refs/heads/"):
            short = ref[len("refs/heads/"):]
        else:
            short = ref.split("/", 3)[3]  # refs/remotes/<remote>/tin/...
        if short.startswith("tin/") and (short not in chosen or ref.startswith("refs/heads/")):
            chosen[short] = ref
    return [chosen[k] for k in sorted(chosen)]


def _waiting(root: Path, prefix: str, main: str, history: GitHistory) -> list[WaitingItem]:
    refs = _open_branches(root, main)
    if not refs:
        return []
    out = _git(root, "log", "--source", "--no-merges", "-z", "--name-status", "--find-renames",
               "--diff-filter=ACMR", _FORMAT, *refs, "--not", main, "--", prefix or ".")
    found: dict[tuple[str, str], WaitingItem] = {}
    added: set[tuple[str, str]] = set()
    for at, _ct, source, status, _old, new in _changes(out):
        if not is_article_path(new, prefix):
            continue
        key = (source, new)
        if key not in found or at < found[key].since:
            found[key] = WaitingItem(_short(source), new, at)
        if status in "ACR":
            added.add(key)
    # An added article that main already has came back by a squash merge: that branch is done.
    items = sorted((w for k, w in found.items() if not (k in added and k[1] in history.on_main)),
                   key=lambda w: (w.since, w.branch, w.path))
    # The article as it is on its branch, all in one cat-file call.
    refs_by_short = {_short(r): r for r in refs}
    request = "".join(f"{refs_by_short.get(w.branch, w.branch)}:{w.path}\n" for w in items)
    for item, text in zip(items, _cat_files(root, request)):
        item.text = text
    return items


def _short(ref: str) -> str:
    if ref.startswith("refs/heads/"):
        return ref[len("refs/heads/"):]
    if ref.startswith("refs/remotes/"):
        return ref.split("/", 3)[3]
    return ref


def _cat_files(root: Path, request: str) -> list[str | None]:
    try:
        done = Git(root).run_bytes("cat-file", "--batch", stdin=request.encode("utf-8"))
    except GitError:
        return [None] * request.count("\n")
    if done.returncode != 0:
        return [None] * request.count("\n")
    data, pos = done.stdout, 0
    texts: list[str | None] = []
    for _ in range(request.count("\n")):
        end = data.index(b"\n", pos)
        header = data[pos:end].decode("utf-8", "replace").split()
        pos = end + 1
        if len(header) == 3 and header[1] == "blob":
            size = int(header[2])
            texts.append(data[pos:pos + size].decode("utf-8", "replace"))
            pos += size + 1
        else:
            texts.append(None)  # "<ref>:<path> missing": the branch deleted it again
    return texts
