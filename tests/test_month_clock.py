"""A scripted month in a real Git repository: the site's dates, the report and the PR bodies agree.

Bare origin + an editor's clone; units sending late and on time, a collaborator, two special-unit pull
requests open at once (merged without conflict), a correction, a withdrawal and a scheduled item; and a
collaborator's Word file with contact details and a GPS-tagged photo sent through `pipeline submit`, after
which a mirror of the repository without the editors' key reveals neither.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from pipeline.content.frontmatter import read_article
from pipeline.core.config import load_config
from pipeline.core.dates import aware
from pipeline.core.workcal import format_hours_vi
from pipeline.report import make_report
from pipeline.report.period import parse_month
from pipeline.workflow.prbody import deadline_lines
from tests.conftest import ROOT
from tests.fixtures.checks.sitekit import SiteKit
from tests.sitebuild import build_site
from tests.test_privacy import (
    ADDRESS,
    EMAIL,
    PHONE,
    collaborator_submission,
    editor_key,
    every_blob,
)

NOW = aware(datetime(2026, 12, 1, 8, 0))


def git(cwd: Path, *args: str, when: str | None = None) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="BBT", GIT_AUTHOR_EMAIL="bbt@example.org",
               GIT_COMMITTER_NAME="BBT", GIT_COMMITTER_EMAIL="bbt@example.org")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def pipeline(work: Path, *args: str, now: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BANTIN_", "GIT_"))}
    env.update(BANTIN_CONFIG=str(work / "editorial.yml"), BANTIN_NOW=now, GIT_AUTHOR_NAME="BBT",
               GIT_AUTHOR_EMAIL="bbt@example.org", GIT_COMMITTER_NAME="BBT", GIT_COMMITTER_EMAIL="bbt@example.org")
    done = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=work, env=env,
                          check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def codeowners(work: Path) -> None:
    env = dict(os.environ, BANTIN_CONFIG=str(work / "editorial.yml"))
    done = subprocess.run([sys.executable, "-m", "pipeline", "codeowners"], cwd=work, env=env,
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


# name, folder, unit, topic, kind, event, sent, merged, extra front matter
ITEMS = [
    ("tt-dung-han", "to-chuc-kiem-tra/2026", "ban-to-chuc", "to-chuc-kiem-tra", "news", None,
     "2026-11-02T09:00", "2026-11-02T14:00", {}),
    ("tt-tre", "tai-chinh/2026", "ban-tai-chinh", "tai-chinh", "news", None,
     "2026-11-03T16:40", "2026-11-04T08:30", {}),
    ("sk-dung-han", "tuyen-giao-nu-cong/2026", "ban-tuyen-giao-nu-cong", "tuyen-giao-nu-cong", "event",
     "2026-11-04T08:00", "2026-11-04T15:00", "2026-11-05T09:00", {}),
    ("sk-tre", "chinh-sach-phap-luat/2026", "ban-chinh-sach-phap-luat", "chinh-sach-phap-luat", "event",
     "2026-11-05T08:00", "2026-11-09T10:00", "2026-11-09T15:00", {}),
    ("ctv-bai", "chinh-sach-phap-luat/2026", None, "chinh-sach-phap-luat", "news", None,
     "2026-11-06T10:00", "2026-11-10T09:00", {}),
    ("hen-gio", "to-chuc-kiem-tra/2026", "ban-to-chuc", "to-chuc-kiem-tra", "news", None,
     "2026-11-11T09:00", "2026-11-11T10:00", {"date": "2026-11-12T07:30+07:00"}),
]
# Two special units' articles in topic folders owned by other editors, open at the same time.
SPECIAL = [
    ("dong-khoi-tuyen-sinh", "van-phong/2026", "cd-dong-khoi", "van-phong", "2026-11-16T09:00", "2026-11-18T10:00"),
    ("con-phung-dai-hoi", "to-chuc-kiem-tra/2026", "con-phung", "to-chuc-kiem-tra", "2026-11-16T10:00",
     "2026-11-18T11:00"),
]


def _write(kit: SiteKit, name: str, folder: str, unit: str | None, topic: str, kind: str, event: str | None,
           sent: str, extra: dict) -> Path:
    fields = {"slug": name, "title": f"Tin thử {name} trong tháng mười một", "unit": unit, "topic": topic,
              "kind": kind, "submitted_at": f"{sent}+07:00", "date": f"{sent}+07:00", "editor": "x"}
    fields.pop("editor")
    if event:
        fields["event_time"] = f"{event}+07:00"
    fields.update(extra)
    return kit.article(name=name, folder=folder, with_images=False, drop=() if event else ("event_time",),
                       **fields)


def _submit_and_merge(work: Path, kit: SiteKit, item: tuple) -> None:
    name, folder, unit, topic, kind, event, sent, merged, extra = item
    git(work, "switch", "--quiet", "-c", f"tin/{name}", "main")
    _write(kit, name, folder, unit, topic, kind, event, sent, extra)
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", f"Nhận tin {name}", when=f"{sent}+07:00")
    git(work, "switch", "--quiet", "main")
    git(work, "merge", "--quiet", "--no-ff", "-m", f"Duyệt {name}", f"tin/{name}", when=f"{merged}+07:00")


def test_a_month_of_the_newsroom_gives_publication_dates_and_agreeing_report_and_pr_figures(tmp_path, config):  # type: ignore[no-untyped-def]
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    _key, public = editor_key(tmp_path)
    (work / "editorial.yml").write_text((ROOT / "editorial.yml").read_text(encoding="utf-8") +
                                        "\nreports:\n  start: 2026-11-01\n"
                                        f"\nprivacy:\n  recipients:\n    nguyen-thi-kim-dung: {public}\n",
                                        encoding="utf-8")
    kit = SiteKit(work, config)
    codeowners(work)
    pipeline(work, "codeowners", "--output", ".gitlab/CODEOWNERS", now="2026-10-30T08:00")  # a GitLab copy too
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "Khởi tạo", when="2026-10-30T08:00+07:00")

    for item in ITEMS:
        _submit_and_merge(work, kit, item)

    # Two special-unit pull requests open at once, each with its CODEOWNERS rule; merged one after the other.
    for name, folder, unit, topic, sent, _merged in SPECIAL:
        git(work, "switch", "--quiet", "-c", f"tin/{name}", "main")
        _write(kit, name, folder, unit, topic, "feature", None, sent, {})
        codeowners(work)
        git(work, "add", "-A")
        git(work, "commit", "--quiet", "-m", f"Nhận tin {name}", when=f"{sent}+07:00")
        git(work, "switch", "--quiet", "main")
        (work / "content" / folder / f"{name}.md").unlink(missing_ok=True)
    for name, *_rest, merged in SPECIAL:
        git(work, "merge", "--quiet", "--no-ff", "-m", f"Duyệt {name}", f"tin/{name}", when=f"{merged}+07:00")
    for rel in (".github/CODEOWNERS", ".gitlab/CODEOWNERS"):
        owners = (work / rel).read_text(encoding="utf-8")
        assert "/content/van-phong/2026/dong-khoi-tuyen-sinh.md" in owners
        assert "/content/to-chuc-kiem-tra/2026/con-phung-dai-hoi.md" in owners

    # A correction of the late news and the withdrawal of the late event, each through its own merge.
    for name, folder, extra, when in (
            ("tt-tre", "tai-chinh/2026", {"updated": "2026-11-20T09:00+07:00", "correction": "Sửa số liệu."},
             "2026-11-20T10:00"),
            ("sk-tre", "chinh-sach-phap-luat/2026", {"withdrawn": True, "withdrawn_reason": "Trùng tin."},
             "2026-11-23T10:00")):
        item = next(i for i in ITEMS if i[0] == name)
        git(work, "switch", "--quiet", "-c", f"dinh-chinh/{name}", "main")
        _write(kit, *item[:7], {**item[8], **extra})
        git(work, "add", "-A")
        git(work, "commit", "--quiet", "-m", f"Sửa {name}", when=f"{when}+07:00")
        git(work, "switch", "--quiet", "main")
        git(work, "merge", "--quiet", "--no-ff", "-m", f"Duyệt sửa {name}", f"dinh-chinh/{name}",
            when=f"{when}+07:00")
    # On 1/12 a collaborator sends a Word file with contact details and a GPS-tagged photo.
    collaborator_submission(work / "submissions")
    before = set(git(work, "branch", "--format=%(refname:short)").split())
    pipeline(work, "submit", now="2026-12-01T07:30")
    [branch] = set(git(work, "branch", "--format=%(refname:short)").split()) - before
    git(work, "merge", "--quiet", "--no-ff", "-m", "Duyệt bài cộng tác viên", branch, when="2026-12-01T07:45+07:00")
    git(work, "push", "--quiet", "origin", "main", branch)

    # Without the key, no version of any file in the repository shows the contact details or a GPS tag.
    mirror = tmp_path / "mirror.git"
    git(tmp_path, "clone", "--quiet", "--mirror", str(origin), str(mirror))
    digits = re.sub(r"\D", "", PHONE).encode()
    blobs = every_blob(mirror)
    assert any("processed/" in p and p.split("@")[0].endswith(".age") for p in blobs)  # the originals are there, sealed
    for path, data in blobs.items():
        assert EMAIL.encode() not in data and ADDRESS.encode() not in data, path
        assert digits not in re.sub(rb"\s", b"", data), path
        try:
            image = Image.open(io.BytesIO(data))
        except Exception:  # noqa: BLE001, S112 - not an image
            continue
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo), f"{path} carries GPS tags"

    # The site, built from a fresh clone: every date is the publication time.
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "--quiet", str(origin), str(fresh))
    output = tmp_path / "out"
    build_site(fresh / "content", output, extra_env={"BANTIN_NOW": NOW.isoformat()})

    def page(name: str) -> str:
        [found] = [p for p in output.rglob(f"{name}.html") if "drafts" not in p.parts]
        return found.read_text(encoding="utf-8")

    assert "Thứ Tư, 04/11/2026, 08:30" in page("tt-tre")  # merged, not sent (03/11 16:40)
    assert "Thứ Hai, 02/11/2026, 14:00" in page("tt-dung-han")
    assert "Thứ Năm, 12/11/2026, 07:30" in page("hen-gio")  # scheduled later than its merge
    assert "Thứ Tư, 18/11/2026, 10:00" in page("dong-khoi-tuyen-sinh")
    assert "Đính chính" in page("tt-tre")

    # The report and the PR bodies agree on every figure: waiting from the send to the merge, and lateness.
    started = load_config(fresh / "editorial.yml")  # with reports.start
    report = make_report(started, fresh / "content", period=parse_month("2026-11"), now=NOW, repo=fresh)
    merges = {i[0]: i[7] for i in ITEMS} | {s[0]: s[5] for s in SPECIAL}
    folders = {i[0]: i[1] for i in ITEMS} | {s[0]: s[1] for s in SPECIAL}
    bodies = {}
    for name, merged in merges.items():
        article = read_article(fresh / "content" / folders[name] / f"{name}.md")
        # The body as the editor sees it just before merging.
        bodies[name] = "\n".join(deadline_lines(article, config, aware(datetime.fromisoformat(merged))))
    published = [n for n in merges if n != "sk-tre"]  # the withdrawn item is not published
    assert sorted(f"Đã chờ duyệt: {format_hours_vi(h)} hành chính" for h in report.review_hours_all) == sorted(
        next(line for line in bodies[n].splitlines() if line.startswith("Đã chờ duyệt")).split(" (")[0]
        for n in published)
    total = report.timeliness_total
    assert total is not None
    late = [n for n, body in bodies.items() if "**Trễ hạn" in body or "**trễ giờ chốt**" in body]
    assert sorted(late) == ["sk-tre", "tt-tre"]
    assert total.news + total.events - total.news_on_time - total.events_on_time == len(late)
    # 16:00 → 16:40 for the news; Fri 14:00 → Mon 10:00 (3 + 3 working hours) for the event.
    assert sorted(total.lateness) == [pytest.approx(40 / 60), pytest.approx(6.0)]
    assert "trễ 40 phút hành chính" in bodies["tt-tre"] and "**Trễ hạn 6 giờ**" in bodies["sk-tre"]
    # Quotas count from reports.start (1/11): November is the first month, not the eleventh.
    department = next(u for u in report.units if u.unit == "ban-to-chuc")
    assert department.ytd_band == (1, 2)
