"""Unit names as contributors write them: short forms match, unknown names are refused with a question."""

from __future__ import annotations

from datetime import datetime

from pipeline.core.dates import TZ
from pipeline.intake.ingest import ingest_all
from pipeline.intake.units import resolve_unit
from tests.docxfactory import COLLABORATOR_TABLE, UNIT_TABLE, make_docx

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=TZ)


def test_the_common_short_forms_of_a_district_federation_match_it(config):
    for written in ("LĐLĐ Mỏ Cày Nam", "LĐLĐ huyện Mỏ Cày Nam", "LĐLĐ H. Mỏ Cày Nam",
                    "Liên đoàn Lao động Mỏ Cày Nam"):
        assert resolve_unit(written, config).unit.slug == "ldld-mo-cay-nam", written


def test_short_forms_of_branch_unions_companies_and_schools_match(config):
    assert resolve_unit("CĐ Giáo dục", config).unit.name == "Công đoàn ngành Giáo dục"
    assert resolve_unit("CĐ ngành Y tế", config).unit.name == "Công đoàn ngành Y tế"
    assert resolve_unit("LĐLĐ TP Bến Tre", config).unit.name == "Liên đoàn Lao động thành phố Bến Tre"
    assert resolve_unit("Trường CĐ Đồng Khởi", config).unit.name == "Trường Cao đẳng Đồng Khởi"


def test_a_short_form_that_could_mean_the_province_is_not_matched_but_asked(config):
    found = resolve_unit("LĐLĐ Bến Tre", config)
    assert found.unit is None
    assert [u.name for u in found.suggestions] == ["Liên đoàn Lao động thành phố Bến Tre"]


def test_a_misspelt_unit_gets_the_nearest_name_as_a_question(config):
    found = resolve_unit("LĐLĐ huyện Chợ Lác", config)
    assert found.unit is None
    assert [u.name for u in found.suggestions] == ["Liên đoàn Lao động huyện Chợ Lách"]


def test_an_unknown_unit_with_contact_rows_is_refused_never_made_a_collaborator(workspace):
    table = {**COLLABORATOR_TABLE, "Đơn vị": "LĐLĐ huyện Mỏ Cài Nam"}
    make_docx(workspace.inbox / "a.docx", table=table)
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.refused
    [text] = [m.text for m in outcome.messages if m.code == "BT810"]
    assert text.startswith("Không nhận ra đơn vị 'LĐLĐ huyện Mỏ Cài Nam' — là cộng tác viên thì để trống Đơn vị.")
    assert "Có phải 'Liên đoàn Lao động huyện Mỏ Cày Nam'?" in text


def test_the_short_form_ldld_mo_cay_nam_is_accepted_at_intake(workspace):
    make_docx(workspace.inbox / "a.docx", table={**UNIT_TABLE, "Đơn vị": "LĐLĐ Mỏ Cày Nam"})
    [outcome] = ingest_all(workspace, NOW)
    assert outcome.unit == "ldld-mo-cay-nam"
