"""`pipeline check` and `pipeline rules` as users run them: formats, exit codes, configuration, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.checks import registry
from tests.conftest import ROOT
from tests.fixtures.checks.sitekit import SiteKit


def run(args: list[str], cwd: Path, config: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, BANTIN_CONFIG=str(config or ROOT / "editorial.yml"))
    env.pop("BANTIN_CONTENT", None)
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


LICH_TIEP = (
    "Thường trực LĐLĐ tỉnh tiếp đoàn viên, người lao động vào sáng thứ Năm hằng tuần tại trụ sở LĐLĐ tỉnh. "
    "Đoàn viên có nhu cầu tư vấn pháp luật vui lòng liên hệ trước với Văn phòng để được sắp xếp lịch.\n"
)
HOI_DAP = (
    "Hỏi: Tôi làm việc tại công ty may được 5 năm, nay xin nghỉ việc đúng thủ tục. Tôi có được công ty trả "
    "trợ cấp thôi việc không?\n\nĐáp: Theo Điều 46 Bộ luật Lao động năm 2019, người sử dụng lao động trả trợ cấp "
    "thôi việc cho người lao động đã làm việc thường xuyên từ đủ 12 tháng trở lên.\n"
)


@pytest.fixture
def site(tmp_path: Path, config) -> SiteKit:  # type: ignore[no-untyped-def]
    """One error (wrong editor), one warning (late news), one info (a silence no longer needed)."""
    kit = SiteKit(tmp_path, config)
    kit.article(editor="nguyen-thi-bien")
    kit.article(name="lich-tiep-doan-vien", folder="van-phong/2026", slug="lich-tiep-doan-vien",
                title="Lịch tiếp đoàn viên, người lao động tháng 4/2026", kind="news", unit="van-phong",
                topic="van-phong", editor="nguyen-thi-bien", drop=("event_time",), with_images=False,
                submitted_at="2026-03-17T16:30+07:00", date="2026-03-17T16:30+07:00", body=LICH_TIEP)
    kit.article(name="hoi-dap-tro-cap", folder="chinh-sach-phap-luat/2026", slug="hoi-dap-tro-cap",
                title="Người lao động nghỉ việc có được trợ cấp thôi việc không?", kind="qa",
                unit="ban-chinh-sach-phap-luat", topic="chinh-sach-phap-luat", editor="nguyen-thanh-tam",
                drop=("event_time",), with_images=False, checks_ignore={"BT301": "Ban Biên tập đồng ý"},
                submitted_at="2026-03-16T11:00+07:00", date="2026-03-16T11:00+07:00", body=HOI_DAP)
    return kit


WRONG_EDITOR = "content/tuyen-giao-nu-cong/2026/ba-tri-hoi-thi-nu-cong.md"
LATE_NEWS = "content/van-phong/2026/lich-tiep-doan-vien.md"


def test_text_output_groups_findings_by_file_with_lines_and_exits_1_on_error(site: SiteKit) -> None:
    result = run(["check"], site.root)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert f"{WRONG_EDITOR}\n  dòng 8" in out and "BT201  lỗi: Bài của Liên đoàn Lao động huyện Ba Tri" in out
    assert f"{LATE_NEWS}\n  dòng 9" in out and "BT301  cảnh báo: Tin thời sự gửi lúc 16:30 ngày 17/03/2026" in out
    assert "BT003  thông tin:" in out
    assert out.rstrip().endswith("Đã kiểm tra 3 bài: 1 lỗi, 1 cảnh báo, 1 thông tin.")
    assert "\x1b[" not in out  # no colour codes when not on a terminal


def test_json_output_is_a_list_of_file_line_code_severity_message(site: SiteKit) -> None:
    result = run(["check", "--format", "json"], site.root)
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert all(set(item) == {"file", "line", "code", "severity", "message"} for item in items)
    assert {(i["file"], i["line"], i["code"], i["severity"]) for i in items} == {
        (WRONG_EDITOR, 8, "BT201", "error"),
        (LATE_NEWS, 9, "BT301", "warning"),
        ("content/chinh-sach-phap-luat/2026/hoi-dap-tro-cap.md", 22, "BT003", "info"),
    }


def test_github_output_annotates_each_finding_on_its_line(site: SiteKit) -> None:
    lines = run(["check", "--format", "github"], site.root).stdout.splitlines()
    assert f"::error file={WRONG_EDITOR},line=8,title=BT201 (lỗi)::Bài của Liên đoàn Lao động huyện Ba Tri, " \
           "lĩnh vực Tuyên giáo – Nữ công phải do Phạm Hòa ('pham-hoa') biên tập, không phải 'nguyen-thi-bien'." in lines
    assert any(line.startswith(f"::warning file={LATE_NEWS},line=9,title=BT301 (cảnh báo)::") for line in lines)
    assert any(line.startswith("::notice file=content/chinh-sach-phap-luat/") for line in lines)


def test_github_output_escapes_what_would_break_an_annotation(tmp_path: Path, config) -> None:  # type: ignore[no-untyped-def]
    from pipeline.checks.output import CheckReport, render
    from pipeline.core.messages import Level, Message

    report = CheckReport([Message("BT301", Level.ERROR, "50% xong\ndòng hai", "a,b:c.md", 3)], 1)
    assert render(report, "github").splitlines()[0] == "::error file=a%2Cb%3Ac.md,line=3,title=BT301 (lỗi)::50%25 xong%0Adòng hai"


def test_markdown_output_is_a_pull_request_comment_with_counts_and_a_table_per_file(site: SiteKit) -> None:
    out = run(["check", "--format", "markdown"], site.root).stdout
    assert out.startswith("## Kết quả kiểm tra tin, bài\n\n❌ Cần sửa các lỗi dưới đây trước khi duyệt.")
    assert "| 1 | 1 | 1 | 3 |" in out
    assert f"### `{WRONG_EDITOR}`" in out and f"### `{LATE_NEWS}`" in out
    assert "| 8 | `BT201` | ❌ lỗi | Bài của Liên đoàn Lao động huyện Ba Tri" in out


def test_warnings_alone_exit_0_and_strict_turns_them_into_errors(site: SiteKit) -> None:
    fixed = site.content / WRONG_EDITOR.removeprefix("content/")
    fixed.write_text(fixed.read_text(encoding="utf-8").replace("editor: nguyen-thi-bien", "editor: pham-hoa"),
                     encoding="utf-8")
    assert run(["check"], site.root).returncode == 0
    strict = run(["check", "--strict", "--format", "json"], site.root)
    assert strict.returncode == 1
    assert {i["code"]: i["severity"] for i in json.loads(strict.stdout)} == {"BT301": "error", "BT003": "info"}


def test_editorial_yml_can_raise_lower_or_turn_off_a_rule(site: SiteKit) -> None:
    config = site.root / "editorial.yml"
    shutil.copy(ROOT / "editorial.yml", config)
    with config.open("a", encoding="utf-8") as fh:
        fh.write('\nchecks:\n  severity:\n    BT201: warning\n    BT301: error\n    BT003: "off"\n')
    items = json.loads(run(["check", "--format", "json"], site.root, config).stdout)
    assert {i["code"]: i["severity"] for i in items} == {"BT201": "warning", "BT301": "error"}
    listing = run(["rules"], site.root, config).stdout
    assert "BT301  cảnh báo → error (editorial.yml)" in listing


def test_paths_on_the_command_line_limit_the_check_to_those_articles(site: SiteKit) -> None:
    result = run(["check", "--format", "json", LATE_NEWS], site.root)
    assert result.returncode == 0
    assert [i["code"] for i in json.loads(result.stdout)] == ["BT301"]
    folder = run(["check", "content/van-phong"], site.root)
    assert "Đã kiểm tra 1 bài" in folder.stdout


def test_a_missing_content_folder_is_a_vietnamese_message_not_a_traceback(tmp_path: Path) -> None:
    result = run(["--content", "khong-co", "check"], tmp_path)
    assert result.returncode == 2
    assert "Không tìm thấy thư mục bài viết 'khong-co'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_missing_path_argument_is_named_in_the_message(site: SiteKit) -> None:
    result = run(["check", "content/khong-co.md"], site.root)
    assert result.returncode == 2 and "Không tìm thấy 'content/khong-co.md'" in result.stderr


def test_an_unreadable_article_is_a_finding_and_the_others_are_still_checked(site: SiteKit) -> None:
    (site.content / "van-phong" / "2026" / "hong.md").write_bytes(b"---\ntitle: \xff\xfe\n---\n")
    items = json.loads(run(["check", "--format", "json"], site.root).stdout)
    assert ("content/van-phong/2026/hong.md", "BT001") in {(i["file"], i["code"]) for i in items}
    assert "BT201" in {i["code"] for i in items}


def test_rules_lists_every_rule_and_explains_one(tmp_path: Path) -> None:
    listing = run(["rules"], tmp_path).stdout
    for code in registry.RULES:
        assert code in listing
    detail = run(["rules", "bt302"], tmp_path).stdout
    assert detail.startswith("BT302 event-deadline — mức: cảnh báo")
    assert "Vì sao: Công văn 1666/LĐLĐ quy định" in detail and "checks_ignore: {BT302:" in detail
    unknown = run(["rules", "BT999"], tmp_path)
    assert unknown.returncode == 2 and "Không có quy tắc 'BT999'" in unknown.stderr


def test_rules_markdown_prints_the_table_from_the_registry(tmp_path: Path) -> None:
    out = run(["rules", "--markdown"], tmp_path).stdout
    assert out == registry.rules_markdown()
    assert out.count("\n| `BT") == len(registry.RULES)


COG_BLOCK = ("<!-- [[[cog\nfrom pipeline.checks.registry import rules_markdown\ncog.out(rules_markdown())\n"
             "]]] -->\nbảng đã lỗi thời\n<!-- [[[end]]] -->\n")


def test_rules_write_regenerates_only_the_generated_block_of_the_page(tmp_path: Path) -> None:
    doc = tmp_path / "GHI-CHU.md"
    doc.write_text(f"Trước\n{COG_BLOCK}Sau\n", encoding="utf-8")
    result = run(["rules", "--write", str(doc)], tmp_path)
    assert result.returncode == 0, result.stderr
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("Trước\n<!-- [[[cog") and text.endswith("<!-- [[[end]]] -->\nSau\n")
    assert "]]] -->\n" + registry.rules_markdown() + "<!-- [[[end]]] -->" in text
    assert "bảng đã lỗi thời" not in text


def test_rules_write_without_a_file_refreshes_the_rules_reference_page(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "reference" / "rules.md"
    page.parent.mkdir(parents=True)
    page.write_text(COG_BLOCK, encoding="utf-8")
    result = run(["rules", "--write"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Đã cập nhật bảng" in result.stdout and "docs/reference/rules.md" in result.stdout
    assert registry.rules_markdown() in page.read_text(encoding="utf-8")


def test_rules_write_into_a_page_without_a_generated_block_says_so(tmp_path: Path) -> None:
    doc = tmp_path / "GHI-CHU.md"
    doc.write_text("Chỉ có chữ.\n", encoding="utf-8")
    result = run(["rules", "--write", str(doc)], tmp_path)
    assert result.returncode == 2
    assert "không có khối [[[cog" in result.stderr
    assert doc.read_text(encoding="utf-8") == "Chỉ có chữ.\n"


def test_a_very_long_markdown_summary_is_cut_to_fit_a_pull_request_comment() -> None:
    from pipeline.checks.output import CheckReport, render
    from pipeline.checks.output.markdown import MAX_ROWS
    from pipeline.core.messages import Level, Message

    findings = [Message("BT301", Level.WARNING, "Tin thời sự gửi muộn.", f"content/a/{n:04d}.md", 9)
                for n in range(MAX_ROWS + 50)]
    out = render(CheckReport(findings, MAX_ROWS + 50), "markdown")
    assert out.count("| 9 | `BT301` |") == MAX_ROWS
    assert "… và 50 thông báo khác" in out and len(out) < 65_536
