"""Publication time: an article's `date` on the site is when it went live, not when the unit sent it.

An article goes live when the editor merges it into main; a scheduled article (front-matter `date`
later than the merge) at its scheduled time. The merge time is read from the first-parent history of
the checked-out branch — the merge commits of main, or the direct commits — so rebuilding any old
commit gives the same dates. `submitted_at` stays the send time (pipeline.core.deadlines uses it).

One `git log` per build for every article (never one per article); outside a Git checkout, or for an
article not committed yet, the front-matter `date` stays.
"""

from __future__ import annotations

import logging
import subprocess
from datetime import datetime
from pathlib import Path

from pipeline.core.dates import TZ
from pipeline.core.git import LOG_HEAD, LOG_SEP, name_status_log

log = logging.getLogger(__name__)



def parse_first_parent_log(out: str) -> tuple[dict[str, datetime], set[str]]:
    """(path → time of the first commit that brought it, paths brought by a parentless commit).

    `out` is `git log --reverse -z --name-status --format=%x01%ct%x02%P`: oldest commit first.
    A rename keeps the time of the original path: moving an article does not republish it.
    """
    times: dict[str, datetime] = {}
    rootless: set[str] = set()
    for head, status, old, new in name_status_log(out):
        at = datetime.fromtimestamp(int(head[0]), TZ)
        orphan = len(head) < 2 or not head[1].strip()
        if status not in "ACR" or new in times:
            continue
        if status == "R" and old in times:
            times[new] = times[old]
            if old in rootless:
                rootless.add(new)
        else:
            times[new] = at
            if orphan:
                rootless.add(new)
    return times, rootless


def merge_times(content_dir: Path) -> dict[str, datetime]:
    """Content-relative path → when it reached the checked-out branch (first-parent), for every file."""
    try:
        done = subprocess.run(
            ["git", "-C", str(content_dir), "-c", "core.quotepath=off", "log", "--first-parent",
             "--diff-merges=first-parent", "--reverse", "-z", "--name-status", "--find-renames",
             "--relative", f"--format={LOG_HEAD}%ct{LOG_SEP}%P", "HEAD", "--", "."],
            capture_output=True, check=False)
    except (FileNotFoundError, OSError):
        return {}
    if done.returncode != 0:
        return {}  # not a Git checkout, or no commit yet: the front-matter dates stay
    times, rootless = parse_first_parent_log(done.stdout.decode("utf-8", "replace"))
    if rootless and _shallow(content_dir):
        # A shallow clone's oldest commit seems to add everything at once: those times are not
        # publication times, so those articles keep their front-matter date.
        log.warning("Kho Git chỉ có một phần lịch sử (shallow clone): ngày đăng của các bài cũ lấy theo "
                    "'date' trong bài. Hãy lấy đủ lịch sử khi dựng trang (fetch-depth: 0 / GIT_DEPTH: 0).")
        for path in rootless:
            times.pop(path, None)
    return times


def _shallow(content_dir: Path) -> bool:
    done = subprocess.run(["git", "-C", str(content_dir), "rev-parse", "--is-shallow-repository"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() == "true"


def publication_time(merged: datetime | None, scheduled: datetime | None) -> datetime | None:
    """The later of the merge and the scheduled `date`: an article goes live at neither before both."""
    if merged is None:
        return scheduled
    if scheduled is None:
        return merged
    scheduled = scheduled if scheduled.tzinfo else scheduled.replace(tzinfo=TZ)
    return max(merged, scheduled)


class Clock:
    """The merge times of one build, read once at the first article that asks."""

    def __init__(self) -> None:
        self._times: dict[str, datetime] | None = None
        self._root: str | None = None

    def reset(self, *_args: object) -> None:
        self._times = None

    def merged(self, content_dir: str, relative_path: str) -> datetime | None:
        if self._times is None or self._root != content_dir:
            self._times = merge_times(Path(content_dir))
            self._root = content_dir
        return self._times.get(relative_path)


CLOCK = Clock()


def apply_publication_time(content: object) -> None:
    """Set an article's `date` to its publication time (before the lifecycle decides if it is scheduled)."""
    settings = getattr(content, "settings", None) or {}
    rel = getattr(content, "relative_source_path", None)
    root = settings.get("PATH")
    if not rel or not root:
        return
    merged = CLOCK.merged(str(root), str(rel).replace("\\", "/"))
    if merged is None:
        return
    scheduled = getattr(content, "date", None)
    when = publication_time(merged, scheduled if isinstance(scheduled, datetime) else None)
    if when is not None:
        content.date = when  # type: ignore[attr-defined]
        content.locale_date = f"{when:%d/%m/%Y %H:%M}"  # type: ignore[attr-defined]
