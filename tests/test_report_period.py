"""Reporting periods, and bad input: a clear Vietnamese message, exit code 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.report import ReportError, parse_month, resolve_period
from pipeline.report.period import month_short
from tests.conftest import ROOT
from tests.test_report_repo import GitRepo

TODAY = date(2026, 3, 20)


def test_a_month_is_written_year_dash_month_or_month_slash_year():
    march = parse_month("2026-03")
    assert (march.start, march.end, march.label, march.slug) == (date(2026, 3, 1), date(2026, 3, 31), "Tháng 3/2026", "2026-03")
    assert parse_month("3/2026") == march
    assert parse_month("2024-02").end == date(2024, 2, 29)


def test_the_year_to_date_and_the_twelve_months_run_up_to_the_end_of_the_period():
    jan = parse_month("2026-01")
    assert (jan.year_to_date().start, jan.year_to_date().end) == (date(2026, 1, 1), date(2026, 1, 31))
    months = jan.trailing_months(12)
    assert months[0] == (2025, 2) and months[-1] == (2026, 1) and len(months) == 12
    assert month_short(2025, 12) == "T12/25"


def test_a_range_accepts_iso_or_vietnamese_dates_and_defaults_to_today():
    period = resolve_period(None, "01/02/2026", None, TODAY)
    assert (period.start, period.end, period.label) == (date(2026, 2, 1), TODAY, "Từ 01/02/2026 đến 20/03/2026")
    assert period.months == [(2026, 2), (2026, 3)]
    assert resolve_period(None, None, None, TODAY) == parse_month("2026-03")


@pytest.mark.parametrize("month, wanted", [
    ("03-2026", "không đúng dạng"),
    ("tháng ba", "không đúng dạng"),
    ("2026-13", "không có thật"),
])
def test_an_unknown_month_format_is_explained(month, wanted):
    with pytest.raises(ReportError, match=wanted):
        parse_month(month)


@pytest.mark.parametrize("args, wanted", [
    (("2026-03", "2026-01-01", None), "không dùng cả hai"),
    ((None, None, "2026-03-31"), "Thiếu --from"),
    ((None, "2026-03-31", "2026-03-01"), "ở trước ngày bắt đầu"),
    ((None, "2026-02-30", None), "không có thật"),
    ((None, "ngày mai", None), "không đúng dạng"),
])
def test_inconsistent_period_options_are_explained(args, wanted):
    with pytest.raises(ReportError, match=wanted):
        resolve_period(*args, TODAY)


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, BANTIN_NOW="2026-03-20T08:00", BANTIN_CONFIG=str(ROOT / "editorial.yml"))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def assert_clean_failure(result: subprocess.CompletedProcess, wanted: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert wanted in result.stderr
    assert result.stderr.startswith("Lỗi: ")
    assert "Traceback" not in result.stderr + result.stdout


def test_the_command_rejects_an_unknown_month_format_with_exit_code_2(tmp_path):
    (tmp_path / "content").mkdir()
    assert_clean_failure(run(tmp_path, "report", "--month", "03/26"), "Tháng '03/26' không đúng dạng")


def test_a_folder_that_is_not_a_git_repository_is_explained_with_exit_code_2(tmp_path):
    (tmp_path / "content").mkdir()
    result = run(tmp_path, "report", "--month", "2026-03", "--repo", str(tmp_path))
    assert_clean_failure(result, "không phải là kho Git")
    missing = run(tmp_path, "report", "--month", "2026-03", "--repo", str(tmp_path / "khong-co"))
    assert_clean_failure(missing, "không tồn tại")


def test_a_repository_without_a_main_branch_is_explained(tmp_path):
    repo = GitRepo(tmp_path / "trang")
    (tmp_path / "trang" / "content").mkdir(parents=True)
    repo.git("init", "-q", "-b", "trunk")
    result = run(tmp_path / "trang", "report", "--month", "2026-03")
    assert_clean_failure(result, "chưa có nhánh 'main'")


def test_content_outside_the_repository_is_explained(tmp_path):
    repo = GitRepo(tmp_path / "trang")
    (tmp_path / "trang").mkdir()
    repo.git("init", "-q", "-b", "main")
    (tmp_path / "noi-khac").mkdir()
    result = run(tmp_path, "--content", str(tmp_path / "noi-khac"), "report", "--repo", str(tmp_path / "trang"))
    assert_clean_failure(result, "không nằm trong kho Git")


def test_the_help_is_vietnamese_with_examples(tmp_path):
    result = run(tmp_path, "report", "-h")
    assert result.returncode == 0
    assert "Báo cáo Ban Biên tập" in result.stdout and "pipeline report --month 2026-03" in result.stdout
