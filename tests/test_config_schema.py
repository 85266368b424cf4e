"""editorial.yml against its schema: broken files written here, each problem named with code, key and line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.checks.api import Context
from pipeline.core.config import ConfigError, load_config
from tests.conftest import ROOT

EDITORIAL = (ROOT / "editorial.yml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "editorial.yml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, text))
    return str(exc.value).splitlines()[1:]


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    found = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    return found[nth - 1]


def one(found: list[str], code: str) -> str:
    matching = [p for p in found if f"- {code} " in p]
    assert len(matching) == 1, found
    return matching[0]


def test_the_shipped_editorial_yml_is_valid_and_typed(config):
    assert config.site.timezone == "Asia/Ho_Chi_Minh"
    assert config.reports.public_summary is False
    assert config.limits.max_meta_yml_bytes == 256 * 1024


@pytest.mark.parametrize("anchor, inserted, key", [
    ("site:\n", "  nmae: Sai chính tả\n", "site.nmae"),
    ("  ldld-ba-tri:\n", "    fan_page: https://www.facebook.com/x\n", "units.ldld-ba-tri.fan_page"),
    ("  pham-hoa:\n", "    email: hoa@example.com\n", "editors.pham-hoa.email"),
    ("limits:\n", "  max_pixels: 10\n", "limits.max_pixels"),
    ("quota:\n", "  department_monthly_avg: 1\n", "quota.department_monthly_avg"),
    ("deadlines:\n", "  cutoff: \"15:00\"\n", "deadlines.cutoff"),
])
def test_an_unknown_key_anywhere_is_reported_with_its_path_and_line(tmp_path, anchor, inserted, key):
    text = EDITORIAL.replace(anchor, anchor + inserted, 1)
    found = one(problems(tmp_path, text), "BT706")
    assert f"khóa '{key}'" in found
    assert f"dòng {line_of(text, inserted.strip())}," in found


def test_an_unknown_key_names_the_key_that_was_probably_meant(tmp_path):
    found = one(problems(tmp_path, EDITORIAL.replace("  tagline:", "  tagLine:")), "BT706")
    assert "Có phải ý là 'tagline'?" in found


def test_an_unknown_top_level_section_is_reported(tmp_path):
    found = one(problems(tmp_path, EDITORIAL + "\nreport:\n  public_summary: true\n"), "BT706")
    assert "khóa 'report'" in found and "reports" in found


def test_the_reports_section_is_validated_and_read_as_a_typed_value(tmp_path):
    assert load_config(write(tmp_path, EDITORIAL + "\nreports:\n  public_summary: true\n")).reports.public_summary
    found = problems(tmp_path, EDITORIAL + "\nreports:\n  public_summary: có\n  cong_khai: true\n")
    assert "khóa 'reports.public_summary'" in one(found, "BT708")
    assert "khóa 'reports.cong_khai'" in one(found, "BT706")


def test_every_problem_is_reported_at_once_not_only_the_first(tmp_path):
    text = (EDITORIAL.replace("timezone: Asia/Ho_Chi_Minh", "timezone: Mars/Olympus")
            .replace("editor: pham-hoa", "editor: nobody", 1)
            .replace("kind: upper_union", "kind: huyen", 1)
            .replace("max_image_frames: 300", "max_image_frames: -1")
            .replace("department_monthly_min: 1", "department_monthly_min: 5")
            .replace("  tagline:", "  khau_hieu:"))
    found = problems(tmp_path, text)
    # In the order of the file, so an editor can fix them top to bottom.
    assert [p.split()[1] for p in found] == ["BT706", "BT710", "BT711", "BT709", "BT713", "BT709"], found
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, text))
    assert str(exc.value).startswith(f"Tệp cấu hình '{tmp_path / 'editorial.yml'}' có 6 lỗi cần sửa:")


def test_an_unknown_time_zone_is_refused_with_its_line(tmp_path):
    text = EDITORIAL.replace("timezone: Asia/Ho_Chi_Minh", "timezone: Mars/Olympus")
    found = one(problems(tmp_path, text), "BT710")
    assert f"dòng {line_of(text, 'Mars/Olympus')}, khóa 'site.timezone'" in found
    assert "'Mars/Olympus' không tồn tại" in found and "Asia/Ho_Chi_Minh" in found


@pytest.mark.parametrize("section, entry", [
    ("units:\n", "  ldld-ba-tri:\n    name: Liên đoàn Lao động huyện Ba Tri (bản sao)\n    kind: upper_union\n"),
    ("editors:\n", "  pham-hoa:\n    name: Phạm Hòa B\n    role: Biên tập viên\n    handle: \"@x/y\"\n"),
])
def test_a_unit_or_editor_key_written_twice_is_refused_with_both_lines(tmp_path, section, entry):
    text = EDITORIAL.replace(section, section + entry, 1)
    slug = entry.split(":")[0].strip()
    found = one(problems(tmp_path, text), "BT705")
    first, second = line_of(text, f"  {slug}:"), line_of(text, f"  {slug}:", 2)
    assert f"khóa '{section.rstrip(':' + chr(10))}.{slug}'" in found
    assert f"dòng {first} và dòng {second}" in found


def test_a_top_level_section_written_twice_is_refused(tmp_path):
    found = one(problems(tmp_path, EDITORIAL + "\nquota:\n  department_monthly_min: 3\n"), "BT705")
    assert "khóa 'quota': được viết hai lần" in found


def test_two_units_with_one_name_are_refused(tmp_path):
    text = EDITORIAL.replace("name: Liên đoàn Lao động huyện Bình Đại", "name: Liên đoàn Lao động huyện Ba Tri")
    found = one(problems(tmp_path, text), "BT712")
    assert "khóa 'units.ldld-binh-dai.name'" in found and "'units.ldld-ba-tri'" in found
    assert f"dòng {line_of(text, 'name: Liên đoàn Lao động huyện Ba Tri', 2)}," in found


def test_a_unit_alias_that_is_another_units_name_is_refused_even_spelled_differently(tmp_path):
    text = EDITORIAL.replace("aliases: [Công đoàn Y tế]", "aliases: [Công đoàn Y tế, CĐ ngành giáo dục]")
    found = one(problems(tmp_path, text), "BT712")
    assert "khóa 'units.cd-y-te.aliases.1'" in found and "'units.cd-giao-duc'" in found


def test_two_editors_with_one_name_are_refused(tmp_path):
    found = one(problems(tmp_path, EDITORIAL.replace("name: Nguyễn Thành Tâm", "name: Phạm Hòa")), "BT712")
    assert "khóa 'editors.nguyen-thanh-tam.name'" in found


def test_a_yaml_alias_bomb_is_refused_without_being_expanded(tmp_path):
    bomb = "\n".join([
        "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
        *(f"lol{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, 10)),
    ])
    found = problems(tmp_path, EDITORIAL + "\n" + bomb + "\n")
    assert found and all(p.split()[1] == "BT703" for p in found)
    assert "bí danh YAML '*a0' không được dùng" in found[0]
    assert f"dòng {line_of(EDITORIAL + chr(10) + bomb, 'lol1:')}," in found[0]


def test_a_single_alias_is_refused_too(tmp_path):
    text = EDITORIAL.replace("site:\n", "site: &site\n", 1) + "\nsite_copy: *site\n"
    assert "*site" in one(problems(tmp_path, text), "BT703")


@pytest.mark.parametrize("nested", ["[" * 5000 + "]" * 5000, "[" * 40 + "]" * 40])
def test_nesting_far_too_deep_is_refused_as_such(tmp_path, nested):
    found = one(problems(tmp_path, EDITORIAL + f"\nabbreviations_extra: {nested}\n"), "BT704")
    assert "lồng nhau quá" in found


def test_a_python_tag_is_refused_and_never_run(tmp_path):
    canary = tmp_path / "canary"
    text = EDITORIAL.replace("tagline:", f"tagline: !!python/object/apply:os.system ['touch {canary}']\n  x_tagline:", 1)
    found = problems(tmp_path, text)
    assert any("thẻ YAML" in p and p.split()[1] == "BT702" for p in found), found
    assert not canary.exists()


def test_wrong_types_are_named_with_what_was_expected(tmp_path):
    text = EDITORIAL.replace("max_side: 1600", "max_side: [1600]").replace(
        "inbox: ldld@bentre.gov.vn", "inbox: ldld-at-bentre")
    found = problems(tmp_path, text)
    assert "khóa 'photos.max_side': phải là một số nguyên ≥ 100 (đang là một danh sách)" in one(found, "BT708")
    assert "khóa 'collaborators.inbox'" in one(found, "BT709")


def test_a_special_unit_without_its_editor_is_refused(tmp_path):
    text = EDITORIAL.replace("    route_to: vo-thi-thuy-mai\n", "")
    assert "khóa 'units.con-phung.route_to'" in one(problems(tmp_path, text), "BT707")


def test_an_empty_file_names_every_required_section(tmp_path):
    found = problems(tmp_path, "")
    keys = {p.split("khóa '")[1].split("'")[0] for p in found if "khóa '" in p}
    assert {"site", "editor_in_chief", "editors", "topics", "kinds", "units", "collaborators"} <= keys


def test_the_one_office_calendar_comes_from_editorial_yml(tmp_path):
    text = EDITORIAL.replace('extra_days_off: []', 'extra_days_off: ["2026-03-05"]')
    config = load_config(write(tmp_path, text))
    from datetime import date

    assert config.calendar.extra_days_off == frozenset({date(2026, 3, 5)})
    assert Context(config, tmp_path).calendar is config.calendar


def test_pipeline_config_lists_every_problem_with_code_and_line_and_fails(tmp_path):
    text = (EDITORIAL.replace("timezone: Asia/Ho_Chi_Minh", "timezone: Mars/Olympus")
            + "\nquota:\n  department_monthly_min: 3\n")
    path = write(tmp_path, text)
    env = dict(os.environ, BANTIN_CONFIG=str(path))
    result = subprocess.run([sys.executable, "-m", "pipeline", "config"], check=False, cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "có 2 lỗi cần sửa" in result.stderr
    assert f"BT710 dòng {line_of(text, 'Mars/Olympus')}, khóa 'site.timezone'" in result.stderr
    assert "BT705" in result.stderr and "Traceback" not in result.stderr
    assert "Cấu hình hợp lệ" not in result.stdout


# --- fuzzing: random edits of the real file never end in a traceback ----------------------------

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.codes import lookup

LINES = EDITORIAL.splitlines()
SNIPPETS = ["", "~", "[]", "{}", "[a, [b, {c: d}]]", "&x a", "*x", "!!binary AAAA", "!!python/name:os.system",
            "16:00", "25:61", "off", "yes", "-1", "1e999", ".nan", "2026-02-30", "'", '"', "a: b: c", "? x",
            "\t", "- x", "Mars/Olympus", "\x00", "𝔘", "<<: {a: 1}", "%YAML 1.1", "---", "...", "|", ">-"]
mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(LINES) - 1), st.just("")),
    st.tuples(st.just("duplicate"), st.integers(0, len(LINES) - 1), st.just("")),
    st.tuples(st.just("value"), st.integers(0, len(LINES) - 1),
              st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=12))),
    st.tuples(st.just("insert"), st.integers(0, len(LINES)),
              st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=20))),
    st.tuples(st.just("indent"), st.integers(0, len(LINES) - 1), st.sampled_from(["", " ", "   ", "\t"])),
)


def mutate(lines: list[str], edits: list[tuple[str, int, str]]) -> str:
    lines = list(lines)
    for op, at, arg in edits:
        at = min(at, len(lines) - 1) if op != "insert" else min(at, len(lines))
        if not lines:
            break
        if op == "delete":
            del lines[at]
        elif op == "duplicate":
            lines.insert(at, lines[at])
        elif op == "value":
            key = lines[at].split(":", 1)[0]
            lines[at] = f"{key}: {arg}"
        elif op == "insert":
            lines.insert(at, arg)
        elif op == "indent":
            lines[at] = arg + lines[at].lstrip()
    return "\n".join(lines) + "\n"


@settings(max_examples=int(os.environ.get("BANTIN_FUZZ_EXAMPLES", "200")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=4))
def test_random_edits_of_editorial_yml_give_a_config_or_coded_problems_never_a_traceback(tmp_path, edits):
    path = tmp_path / "editorial.yml"
    path.write_text(mutate(LINES, edits), encoding="utf-8", errors="surrogatepass")
    try:
        load_config(path)
    except ConfigError as exc:
        assert exc.problems
        for m in exc.problems:
            entry = lookup(m.code)
            assert entry is not None and entry.family == "editorial.yml", m
            assert m.line is not None or m.text.startswith("khóa '") or m.code == "BT701", m
