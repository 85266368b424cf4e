from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import frontmatter
from docx import Document

from tests.conftest import ROOT
from tests.docxfactory import UNIT_TABLE, make_docx


def run(args: list[str], cwd: Path, env_now: str = "2026-03-04T16:00") -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, BANTIN_NOW=env_now, BANTIN_CONFIG=str(ROOT / "editorial.yml"))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env, check=False,
                          capture_output=True, text=True, timeout=120)


def test_python_dash_m_pipeline_ingests_and_prints_a_vietnamese_summary(tmp_path):
    make_docx(tmp_path / "submissions" / "dai-hoi.docx", table=UNIT_TABLE)
    result = run(["ingest"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Kết quả nhận tin, bài" in result.stdout
    assert "Phạm Hòa" in result.stdout and "Liên đoàn Lao động huyện Ba Tri" in result.stdout
    assert "Đã nhận 1 bài, từ chối 0" in result.stdout
    second = run(["ingest"], tmp_path)
    assert second.returncode == 0 and "không có tệp mới" in second.stdout


def test_ingest_exits_1_when_a_file_is_refused_and_still_publishes_the_others(tmp_path):
    inbox = tmp_path / "submissions"
    make_docx(inbox / "tot.docx", table=UNIT_TABLE)
    (inbox / "hong.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = run(["ingest"], tmp_path)
    assert result.returncode == 1
    assert "bị từ chối" in result.stdout and "'hong.docx'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert len(list((tmp_path / "content").rglob("*.md"))) == 1
    assert (inbox / "hong.docx").exists()


def test_a_broken_editorial_yml_gives_a_vietnamese_error_and_exit_code_2_not_a_traceback(tmp_path):
    bad = tmp_path / "editorial.yml"
    bad.write_text("site: [\n", encoding="utf-8")
    import os

    env = dict(os.environ, BANTIN_CONFIG=str(bad))
    result = subprocess.run([sys.executable, "-m", "pipeline", "ingest"], cwd=tmp_path, env=env, check=False,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2  # usage or configuration
    assert "lỗi cú pháp YAML" in result.stderr and "Traceback" not in result.stderr


def test_the_template_filled_in_by_a_contributor_ingests_cleanly(tmp_path):
    template = tmp_path / "mau-tin-bai.docx"
    assert run(["template", str(template)], tmp_path).returncode == 0
    doc = Document(str(template))
    values = dict(UNIT_TABLE, **{"Tiêu đề": "Hội nghị người lao động năm 2026"})
    filled = 0
    for row in doc.tables[0].rows:
        label = row.cells[0].text
        if label in values and row.cells[1].text == "":
            row.cells[1].text = values[label]
            filled += 1
    assert filled >= 8  # the template has the labels the letter asks for
    doc.add_paragraph("Hội nghị người lao động năm 2026 đã thông qua thỏa ước lao động tập thể mới.")
    (tmp_path / "submissions").mkdir()
    doc.save(str(tmp_path / "submissions" / "hoi-nghi.docx"))
    result = run(["ingest"], tmp_path)
    assert result.returncode == 0, result.stdout
    [article] = (tmp_path / "content").rglob("*.md")
    post = frontmatter.load(article)
    assert post["title"] == "Hội nghị người lao động năm 2026"
    assert post["unit"] == "ldld-ba-tri" and post["editor"] == "pham-hoa"
    assert post.content.strip() == "Hội nghị người lao động năm 2026 đã thông qua thỏa ước lao động tập thể mới."
    assert "HƯỚNG DẪN" not in post.content.upper() and "MẪU GỬI TIN" not in post.content


def test_help_and_usage_errors_are_in_vietnamese(tmp_path):
    helped = run(["--help"], tmp_path)
    assert helped.returncode == 0
    assert "Cách dùng: pipeline [TÙY CHỌN] LỆNH" in helped.stdout and "Tùy chọn:" in helped.stdout
    assert "Show this message" not in helped.stdout and "Show the version" not in helped.stdout
    wrong = run(["ingest", "--khong-co"], tmp_path)
    assert wrong.returncode == 2
    assert "Lỗi: Không có tùy chọn '--khong-co'." in wrong.stderr
    typo = run(["chek"], tmp_path)
    assert "Không có lệnh 'chek'" in typo.stderr
