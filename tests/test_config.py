from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.config import ConfigError, load_config

FIVE_TOPICS = {
    "tuyen-giao-nu-cong": "Phạm Hòa",
    "tai-chinh": "Võ Thị Thúy Mai",
    "to-chuc-kiem-tra": "Nguyễn Hoàng Thắng",
    "chinh-sach-phap-luat": "Nguyễn Thành Tâm",
    "van-phong": "Nguyễn Thị Biên",
}


@pytest.mark.parametrize("topic, editor", FIVE_TOPICS.items())
def test_each_topic_routes_to_its_editor_from_the_letter(config, topic, editor):
    assert config.route("ldld-ba-tri", topic).name == editor
    assert config.route(None, topic).name == editor  # an outside collaborator


@pytest.mark.parametrize("topic", FIVE_TOPICS)
def test_con_phung_company_routes_to_the_finance_editor_whatever_the_topic(config, topic):
    assert config.route("con-phung", topic).name == "Võ Thị Thúy Mai"


@pytest.mark.parametrize("topic", FIVE_TOPICS)
def test_dong_khoi_college_routes_to_the_policy_law_editor_whatever_the_topic(config, topic):
    assert config.route("cd-dong-khoi", topic).name == "Nguyễn Thành Tâm"


@pytest.mark.parametrize("written, slug", [
    ("LĐLĐ huyện Ba Tri", "ldld-ba-tri"),
    ("Liên đoàn lao động huyện ba tri", "ldld-ba-tri"),
    ("LIEN DOAN LAO DONG HUYEN BA TRI", "ldld-ba-tri"),
    ("CĐ ngành Giáo dục", "cd-giao-duc"),
    ("Công đoàn Giáo dục", "cd-giao-duc"),
    ("cd-giao-duc", "cd-giao-duc"),
    ("Cty TNHH DL-TMDV Cồn Phụng", "con-phung"),
    ("Trường CĐ Đồng Khởi", "cd-dong-khoi"),
    ("LĐLĐ TP. Bến Tre", "ldld-tp-ben-tre"),
    ("Công đoàn các KCN tỉnh", "cd-cac-kcn"),
    ("Ba Tri", "ldld-ba-tri"),
])
def test_units_match_by_name_slug_or_abbreviation(config, written, slug):
    assert config.find_unit(written).slug == slug


def test_an_ambiguous_unit_name_matches_nothing_but_lists_candidates(config):
    assert config.find_unit("Mỏ Cày") is None
    assert {u.slug for u in config.unit_candidates("Mỏ Cày")} == {"ldld-mo-cay-bac", "ldld-mo-cay-nam"}


@pytest.mark.parametrize("written, slug", [
    ("Tuyên giáo - Nữ công", "tuyen-giao-nu-cong"),
    ("tuyen giao nu cong", "tuyen-giao-nu-cong"),
    ("Tài chính", "tai-chinh"),
    ("Tổ chức – Kiểm tra", "to-chuc-kiem-tra"),
    ("CS-PL", "chinh-sach-phap-luat"),
    ("Văn phòng", "van-phong"),
])
def test_topics_match_case_and_diacritic_insensitively(config, written, slug):
    assert config.find_topic(written).slug == slug


def test_config_holds_deadlines_quota_and_inbox_from_the_letter(config):
    assert config.deadlines.timely_news_cutoff.hour == 16
    assert config.deadlines.event_working_hours == 12
    assert (config.quota.department_monthly_min, config.quota.department_monthly_max) == (1, 2)
    assert config.collaborator_inbox == "ldld@bentre.gov.vn"
    assert {u.kind for u in config.units.values()} == {"department", "upper_union", "special"}


def test_invalid_config_reports_every_problem_with_key_and_line(tmp_path: Path):
    text = (Path(__file__).parents[1] / "editorial.yml").read_text(encoding="utf-8")
    text = text.replace("editor: pham-hoa", "editor: nobody", 1)
    text = text.replace("timely_news_cutoff: \"16:00\"", "timely_news_cutoff: \"25:99\"")
    bad = tmp_path / "editorial.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(bad)
    message = str(exc.value)
    assert "2 lỗi" in message
    assert "khóa 'topics.tuyen-giao-nu-cong.editor'" in message and "'nobody'" in message
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "editor: nobody" in l)
    assert f"dòng {line}" in message
    assert "timely_news_cutoff" in message


def test_yaml_syntax_error_names_the_line(tmp_path: Path):
    bad = tmp_path / "editorial.yml"
    bad.write_text("site:\n  name: [chưa đóng\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(bad)
    assert "cú pháp YAML" in str(exc.value) and "dòng" in str(exc.value)


def test_missing_config_says_where_to_run(tmp_path: Path):
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path / "khong-co.yml")
    assert "không tìm thấy tệp" in str(exc.value)


def test_an_unquoted_off_severity_means_off_not_an_error(tmp_path: Path):
    text = (Path(__file__).parents[1] / "editorial.yml").read_text(encoding="utf-8")
    path = tmp_path / "editorial.yml"
    path.write_text(text + "\nchecks:\n  severity:\n    BT301: off\n", encoding="utf-8")
    assert load_config(path).check_severity["BT301"] == "off"


def test_photo_sizes_must_be_positive_whole_numbers(tmp_path: Path):
    text = (Path(__file__).parents[1] / "editorial.yml").read_text(encoding="utf-8")
    path = tmp_path / "editorial.yml"
    path.write_text(text.replace("widths: [240, 480, 960]", "widths: [480, -5]").replace("max_side: 1600", "max_side: 0"), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert "photos.widths" in str(exc.value) and "photos.max_side" in str(exc.value)


def test_limits_have_safe_defaults_when_editorial_yml_leaves_them_out(tmp_path: Path):
    text = (Path(__file__).parents[1] / "editorial.yml").read_text(encoding="utf-8")
    start = text.index("limits:")
    end = text.index("# Checks (pipeline check)")
    path = tmp_path / "editorial.yml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    limits = load_config(path).limits
    assert limits.max_xml_bytes == 50 * 1024 * 1024
    assert limits.max_image_pixels == 120_000_000
    assert limits.max_image_frames == 300
    assert limits.max_meta_yml_bytes == 256 * 1024
    assert limits.yaml_max_aliases == 0
    assert (limits.libreoffice_seconds, limits.libreoffice_memory_mb) == (120, 1024)


def test_a_limit_can_be_changed_and_a_bad_limit_is_named(tmp_path: Path):
    text = (Path(__file__).parents[1] / "editorial.yml").read_text(encoding="utf-8")
    path = tmp_path / "editorial.yml"
    path.write_text(text.replace("max_image_frames: 300", "max_image_frames: 50"), encoding="utf-8")
    assert load_config(path).limits.max_image_frames == 50
    path.write_text(text.replace("libreoffice_seconds: 120", "libreoffice_seconds: nhanh"), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert "limits.libreoffice_seconds" in str(exc.value) and "'nhanh'" in str(exc.value)
