"""The figures of the March 2026 report on the fixture repository, worked out by hand.

Calendar: Monday–Friday 07:00–11:00 and 13:00–17:00 (8 working hours a day); no holiday in March 2026.
The clock is Friday 20/3/2026 08:00. See tests/test_report_repo.py for every article and commit date.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.report import make_report, parse_month, render, write_report
from pipeline.report.model import STATUS_VI
from tests.conftest import ROOT
from tests.test_report_repo import NOW, at, newsroom  # noqa: F401 - the fixture repository

MARCH = parse_month("2026-03")


@pytest.fixture(scope="module")
def march(newsroom, config):  # noqa: F811
    return make_report(config, newsroom, period=MARCH, now=at(NOW))


def run_report(content: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, BANTIN_NOW=NOW, BANTIN_CONFIG=str(ROOT / "editorial.yml"))
    return subprocess.run([sys.executable, "-m", "pipeline", "--content", str(content), "report", *args],
                          cwd=cwd or content.parent, env=env, capture_output=True, text=True, timeout=120, check=False)


# --- quota ---------------------------------------------------------------------------------------------


def test_each_department_is_under_met_or_over_its_one_to_two_articles_in_the_month(march):
    got = {d.unit: (d.count, STATUS_VI[d.status]) for d in march.departments}
    assert got == {
        "ban-tuyen-giao-nu-cong": (3, "vượt"),
        "ban-tai-chinh": (1, "đạt"),  # the article scheduled for 2/4 is April's
        "ban-to-chuc": (0, "thiếu"),
        "uy-ban-kiem-tra": (0, "thiếu"),
        "ban-chinh-sach-phap-luat": (2, "đạt"),
        "van-phong": (1, "đạt"),  # the draft does not count; the squash-merged item does
    }
    assert all(d.band == (1, 2) for d in march.departments)


def test_units_are_counted_for_the_month_and_the_year_so_far_against_three_months_of_quota(march):
    rows = {u.unit: u for u in march.units}
    assert (rows["ban-tai-chinh"].ytd, rows["ban-tai-chinh"].ytd_band, rows["ban-tai-chinh"].ytd_status) == (2, (3, 6), "under")
    assert (rows["ban-tuyen-giao-nu-cong"].ytd, rows["ban-tuyen-giao-nu-cong"].ytd_status) == (3, "met")
    assert (rows["ban-to-chuc"].count, rows["ban-to-chuc"].ytd) == (0, 1)
    # Upper-level unions and special units have no quota; Ba Tri's 2025 articles are not this year's.
    assert (rows["ldld-ba-tri"].count, rows["ldld-ba-tri"].ytd, rows["ldld-ba-tri"].status) == (1, 1, None)
    assert (rows["cd-giao-duc"].count, rows["con-phung"].count, rows["cd-y-te"].count) == (1, 1, 0)
    assert rows[None].name == "Cộng tác viên" and (rows[None].count, rows[None].ytd) == (1, 1)
    assert march.published == 11 == sum(u.count for u in march.units)


def test_a_date_range_scales_the_quota_band_by_the_months_it_covers(newsroom, config):  # noqa: F811
    from pipeline.report import resolve_period

    q1 = make_report(config, newsroom, period=resolve_period(None, "2026-01-01", "2026-03-31", at(NOW).date()), now=at(NOW))
    rows = {d.unit: d for d in q1.departments}
    assert q1.period.label == "Từ 01/01/2026 đến 31/03/2026"
    assert (rows["ban-tai-chinh"].count, rows["ban-tai-chinh"].band, rows["ban-tai-chinh"].status) == (2, (3, 6), "under")
    assert (rows["ban-tuyen-giao-nu-cong"].count, rows["ban-tuyen-giao-nu-cong"].status) == (3, "met")
    assert q1.published == 13


# --- timeliness ----------------------------------------------------------------------------------------


def test_timeliness_per_unit_uses_twelve_working_hours_for_events_and_16_00_for_timely_news(march):
    got = {t.unit: (t.events, t.events_on_time, t.news, t.news_on_time, t.median_lateness) for t in march.timeliness}
    assert got == {
        # event 08:00 → sent 15:00 the same day = 5 h; news sent 16:30 = 30 min late
        "ban-tuyen-giao-nu-cong": (1, 1, 1, 0, 0.5),
        # both sent in the morning (one of them is the article scheduled for April)
        "ban-tai-chinh": (0, 0, 2, 2, None),
        # event Mon 16/3 08:00 → sent Tue 17/3 16:00 = 7 + 7 = 14 h: 2 h late
        "ban-chinh-sach-phap-luat": (1, 0, 0, 0, 2.0),
        # the draft counts: it was sent on time
        "van-phong": (0, 0, 2, 2, None),
        # event Fri 13/3 15:00 → Mon 16/3 15:00 = 2 + 6 = 8 h
        "ldld-ba-tri": (1, 1, 0, 0, None),
        # still waiting for review, but sent on time
        "ldld-cho-lach": (0, 0, 1, 1, None),
        "cd-y-te": (1, 1, 0, 0, None),
        # event Thu 5/3 08:00 → Mon 9/3 08:00 = 7 + 8 + 1 = 16 h: 4 h late
        "con-phung": (1, 0, 0, 0, 4.0),
        # sent Fri 17:30: after 16:00, one working hour late (16:00–17:00)
        None: (0, 0, 1, 0, 1.0),
    }
    total = march.timeliness_total
    assert (total.events, total.events_on_time, total.news, total.news_on_time) == (5, 3, 7, 5)
    assert total.event_share == pytest.approx(0.6) and total.news_share == pytest.approx(5 / 7)
    assert total.median_lateness == pytest.approx(1.5)  # median of 0.5, 1, 2, 4


# --- workflow ------------------------------------------------------------------------------------------


def test_waiting_reviews_per_editor_with_the_oldest_in_working_hours(march):
    waiting = [(w.branch, w.editor, w.hours) for w in march.waiting]
    assert waiting == [
        # Tue 17/3 15:00 → Fri 20/3 08:00 = 2 + 8 + 8 + 1 h (a branch only on the remote)
        ("tin/2026-03-17-cho-lach-tap-huan", "nguyen-hoang-thang", 19.0),
        # Thu 19/3 08:00 → Fri 20/3 08:00 = 7 + 1 h
        ("tin/2026-03-19-y-te-hoi-thao", "pham-hoa", 8.0),
    ]
    assert march.waiting[1].title == "Hội thảo an toàn vệ sinh lao động ngành Y tế"
    editors = {e.editor: (e.waiting, e.oldest_hours) for e in march.editors}
    assert editors["nguyen-hoang-thang"] == (1, 19.0)
    assert editors["pham-hoa"] == (1, 8.0)
    assert editors["vo-thi-thuy-mai"] == (0, None)


def test_median_time_from_the_units_send_time_to_the_merge_per_editor_in_working_hours(march):
    editors = {e.editor: (e.published, sorted(e.review_hours), e.median_hours) for e in march.editors}
    # Phạm Hòa: 4 (sent Mon 15:00, not the 15:30 commit → Tue 09:00), 8, 1.5 (16:30 → 08:00), 3 → median 3.5
    assert editors["pham-hoa"] == (4, [1.5, 3.0, 4.0, 8.0], 3.5)
    # Võ Thị Thúy Mai: 3 and 11 (sent Mon 08:00, committed 08:30 → Tue 13:00)
    assert editors["vo-thi-thuy-mai"] == (2, [3.0, 11.0], 7.0)
    # The collaborator's news sent Fri 17:30 (committed Mon 08:00) → Mon 10:00: 3 working hours.
    assert editors["nguyen-thanh-tam"] == (3, [3.0, 3.0, 8.0], 3.0)
    assert editors["nguyen-hoang-thang"] == (1, [5.0], 5.0)
    # The squash-merged item: branch commit 10:00, on main 15:00 → 3 h.
    assert editors["nguyen-thi-bien"] == (1, [3.0], 3.0)
    # The editor-in-chief has no topic and nothing waiting: not listed.
    assert "nguyen-thi-kim-dung" not in editors


# --- content mix and trend -----------------------------------------------------------------------------


def test_content_mix_per_topic_and_kind_calls_out_the_features(march):
    assert {t.key: t.count for t in march.topics} == {
        "tuyen-giao-nu-cong": 4, "tai-chinh": 2, "to-chuc-kiem-tra": 1, "chinh-sach-phap-luat": 3, "van-phong": 1}
    assert {k.key: k.count for k in march.kinds} == {"news": 4, "event": 4, "feature": 2, "qa": 1}
    assert [(f.title, f.unit_name) for f in march.features] == [
        ("Nhà ở cho công nhân: những việc cần làm ngay", "Ban Tuyên giáo – Nữ công"),
        ("Đổi mới công tác chăm lo cho nhà giáo", "Công đoàn ngành Giáo dục"),
    ]


def test_the_twelve_month_trend_per_topic_keeps_a_renamed_article_in_its_first_month(march):
    assert march.trend_months[0] == (2025, 4) and march.trend_months[-1] == (2026, 3)
    trend = {t.topic: t.counts for t in march.trend}
    # April 2025 (renamed in March 2026), December 2025, February 2026, March 2026; March 2025 is outside.
    assert trend["to-chuc-kiem-tra"] == [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1]
    assert trend["tai-chinh"] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2]
    assert trend["tuyen-giao-nu-cong"][-1] == 4 and sum(trend["tuyen-giao-nu-cong"]) == 4


def test_a_file_with_broken_front_matter_is_left_out_and_named(march):
    assert len(march.notes) == 1
    assert march.notes[0].startswith("content/van-phong/2026/hong.md: bỏ qua vì")


# --- formats -------------------------------------------------------------------------------------------


def test_the_markdown_report_has_vietnamese_tables_ready_to_post(march):
    md = render(march, "markdown")
    assert md.startswith("# Báo cáo Ban Biên tập — Tháng 3/2026\n")
    assert "## Hạn mức tin, bài của các Ban LĐLĐ tỉnh — Tháng 3/2026" in md
    assert "| Ban Tổ chức | 0 | 1–2 | **thiếu** |" in md
    assert "| Ban Tuyên giáo – Nữ công | 3 | 1–2 | vượt |" in md
    assert "| **Tất cả đơn vị** | **5** | **3** | **60%** | **7** | **5** | **71,4%** | **1 giờ 30 phút** |" in md
    assert "| Phạm Hòa | Tuyên giáo – Nữ công | 1 | 8 giờ | 4 | 3 giờ 30 phút |" in md
    assert "| T4/25 |" in md and "| T3/26 |" in md
    assert "2 Ban thiếu (Ban Tổ chức, Ủy ban Kiểm tra)" in md
    # No contact data of the outside collaborator in an internal report either.
    assert "ctv@example.vn" not in md and "Trần Văn Cộng" not in md


def test_the_json_report_carries_the_same_figures_with_stable_keys(march):
    data = json.loads(render(march, "json"))
    assert data["period"] == {"start": "2026-03-01", "end": "2026-03-31", "label": "Tháng 3/2026", "month": "2026-03"}
    assert data["published"] == 11
    dept = next(u for u in data["units"] if u["unit"] == "ban-to-chuc")
    assert dept["status"] == {"code": "under", "label": "thiếu"} and dept["quota"] == [1, 2]
    assert data["timeliness"]["total"]["event_news_share"] == 0.6
    assert data["waiting"][0]["waiting_hours"] == 19.0
    assert data["median_submission_to_publication_hours"] == 3.0
    assert data["trend"]["labels"][0] == "T4/25"


def test_csv_writes_one_spreadsheet_file_per_table_with_numbers_as_numbers(march, tmp_path):
    paths = write_report(march, "csv", tmp_path / "reports")
    names = sorted(p.name for p in paths)
    assert "bao-cao-2026-03-han-muc-ban.csv" in names and "bao-cao-2026-03-dung-han.csv" in names
    raw = (tmp_path / "reports" / "bao-cao-2026-03-han-muc-ban.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Vietnamese correctly
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Ban", "Số tin, bài", "Hạn mức", "Đánh giá"]
    assert rows[1] == ["Ban Tuyên giáo – Nữ công", "3", "1–2", "vượt"]
    timely = list(csv.reader((tmp_path / "reports" / "bao-cao-2026-03-dung-han.csv").read_text("utf-8-sig").splitlines()))
    assert timely[0][3] == "Tỷ lệ tin sự kiện đúng hạn (%)"
    assert timely[-1] == ["Tất cả đơn vị", "5", "3", "60.0", "7", "5", "71.4", "1.5"]


def test_the_command_prints_text_by_default_and_writes_files_with_out(newsroom, tmp_path):  # noqa: F811
    shown = run_report(newsroom, "--month", "2026-03")
    assert shown.returncode == 0, shown.stderr
    assert "Báo cáo Ban Biên tập — Tháng 3/2026" in shown.stdout and "Ban Tổ chức" in shown.stdout
    assert "thiếu" in shown.stdout and "Traceback" not in shown.stderr
    written = run_report(newsroom, "--month", "2026-03", "--format", "html", "--out", str(tmp_path / "bc"))
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "bc" / "bao-cao-2026-03.html").is_file()
    assert f"Đã ghi {tmp_path / 'bc' / 'bao-cao-2026-03.html'}" in written.stdout


def test_the_default_period_is_the_current_month(newsroom):  # noqa: F811
    shown = run_report(newsroom, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["period"]["label"] == "Tháng 3/2026"


def test_reports_are_never_written_into_the_content_folder(newsroom):  # noqa: F811
    refused = run_report(newsroom, "--month", "2026-03", "--out", str(newsroom / "bao-cao"))
    assert refused.returncode == 2
    assert "tài liệu nội bộ" in refused.stderr and "Traceback" not in refused.stderr
    assert not (newsroom / "bao-cao").exists()


# --- the fast front-matter reader -----------------------------------------------------------------------


@pytest.mark.parametrize("lines", [
    ["title: 'Nhà ở: những việc cần làm'", "unit: null", "kind: news"],
    ['title: "Hội nghị “Giỏi việc nước”"', "status: review", "withdrawn: true"],
    ["title: Một tiêu đề rất dài được máy viết xuống", "  dòng thứ hai", "topic: tai-chinh"],
    ["title: 2026", "editor: pham-hoa", "kind: event"],
    ["title: yes", "withdrawn: 'no'"],
    ["date: 2026-03-02 08:00:00+07:00", "submitted_at: 2026-03-02T08:00+07:00", "event_time: 2026-03-01"],
    ["title: Tin # không phải chú thích?", "summary: |", "  title: không phải khóa", "tags:", "- a", "- b"],
])
def test_the_report_reads_its_keys_exactly_as_the_full_yaml_reader_does(tmp_path, lines):
    from pipeline.content.frontmatter import read_article
    from pipeline.report.collect import FIELDS, read_fields

    path = tmp_path / "bai.md"
    path.write_text("---\n" + "\n".join(lines) + "\n---\n\nNội dung.\n", encoding="utf-8")
    full, fast = read_article(path), read_fields(path)
    assert full.error is None and fast.error is None
    for key in FIELDS:
        if key in ("date", "submitted_at", "event_time"):
            assert fast.datetime_of(key) == full.datetime_of(key), key
        else:
            assert fast.meta.get(key) == full.meta.get(key), key


def test_an_article_not_yet_merged_into_main_is_not_counted_and_the_report_says_so(tmp_path, config):
    from tests.test_report_repo import Art, GitRepo, article_text

    repo = GitRepo(tmp_path / "trang")
    (tmp_path / "trang").mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "BBT")
    repo.git("config", "user.email", "bbt@example.vn")
    merged = Art("van-phong/2026/da-duyet.md", "van-phong", "van-phong", "news", "nguyen-thi-bien",
                 "2026-03-02T09:00", "")
    loose = Art("van-phong/2026/chua-duyet.md", "van-phong", "van-phong", "news", "nguyen-thi-bien",
                "2026-03-03T09:00", "")
    repo.write(f"content/{merged.path}", article_text(merged))
    repo.commit("Duyệt tin", "2026-03-02T10:00", "content")
    repo.write(f"content/{loose.path}", article_text(loose))
    report = make_report(config, tmp_path / "trang" / "content", period=MARCH, now=at(NOW))
    assert report.published == 1
    assert report.notes == [("1 bài trong thư mục bài viết chưa có trên nhánh main (chưa được duyệt, hợp nhất) "
                             "nên chưa được tính là đã đăng.")]
    # It was still sent, on time: timeliness counts it.
    assert (report.timeliness_total.news, report.timeliness_total.news_on_time) == (2, 2)
