"""Reports stay internal; `reports: public_summary: true` adds a counts-only page to a real Pelican build."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.sitebuild import ROOT, all_output_text, build_site
from tests.test_report_repo import Art, article_text

ARTICLES = [
    Art("tuyen-giao-nu-cong/2026/hoi-nghi.md", "ban-tuyen-giao-nu-cong", "tuyen-giao-nu-cong", "event", "pham-hoa",
        "2026-03-02T15:00", "", event="2026-03-02T08:00"),
    Art("tuyen-giao-nu-cong/2026/chuyen-sau.md", "cd-giao-duc", "tuyen-giao-nu-cong", "feature", "pham-hoa",
        "2026-03-05T10:00", ""),
    Art("chinh-sach-phap-luat/2026/ctv-luong.md", None, "chinh-sach-phap-luat", "news", "nguyen-thanh-tam",
        "2026-03-06T10:00", ""),
    Art("tai-chinh/2026/thang-1.md", "ban-tai-chinh", "tai-chinh", "news", "vo-thi-thuy-mai", "2026-01-15T09:00", ""),
    Art("tai-chinh/2026/da-go.md", "ban-tai-chinh", "tai-chinh", "news", "vo-thi-thuy-mai", "2026-03-09T09:00", "",
        extra="withdrawn: true\nwithdrawn_reason: Thông tin chưa chính xác"),
]


def _site(tmp_path: Path, public_summary: bool | None) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    for a in ARTICLES:
        path = content / a.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(a), encoding="utf-8")
    editorial = (ROOT / "editorial.yml").read_text(encoding="utf-8")
    if public_summary is not None:
        editorial += f"\nreports:\n  public_summary: {'true' if public_summary else 'false'}\n"
    (tmp_path / "editorial.yml").write_text(editorial, encoding="utf-8")
    settings = tmp_path / "settings.py"
    settings.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        "PLUGINS = [*PLUGINS, 'pipeline.site.report_summary']  # noqa: F405\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    build_site(content, output, str(settings),
               {"BANTIN_CONFIG": str(tmp_path / "editorial.yml"), "BANTIN_NOW": "2026-03-20T08:00"})
    return output


def test_without_the_setting_the_site_has_no_report_at_all(tmp_path):
    output = _site(tmp_path, None)
    assert (output / "index.html").is_file()
    assert not (output / "thong-ke").exists()
    assert "Thống kê tin, bài" not in all_output_text(output)


def test_the_public_summary_page_shows_counts_only_and_no_names_of_people(tmp_path):
    output = _site(tmp_path, True)
    html = (output / "thong-ke" / "index.html").read_text(encoding="utf-8")
    assert ">Thống kê tin, bài — Tháng 3/2026</h1>" in html and html.count("<h1") == 1
    assert "Đã đăng 3 tin, bài trong kỳ (Tháng 3/2026); bài chuyên sâu: 1 (33,3%)." in html
    # Units (organisations) with their counts; the collaborator only as "Cộng tác viên".
    assert "<td>Ban Tuyên giáo – Nữ công</td><td class=\"num\">1</td><td class=\"num\">1</td>" in html
    assert "<td>Ban Tài chính</td><td class=\"num\">0</td><td class=\"num\">1</td>" in html
    assert "<td>Cộng tác viên</td>" in html
    # No quota judgement, no editors, no titles, no contributor data in the page's own text (the theme's
    # sidebar lists the latest titles on every page, as it does anywhere on the site).
    body = html[html.index('<ul class="report-summary">'):html.index("</article>")]
    for private in ("thiếu", "đạt", "vượt", "Phạm Hòa", "Nguyễn Thành Tâm", "Trần Văn Cộng", "Tin ctv luong",
                    "chờ duyệt"):
        assert private not in body, private
    assert "Trần Văn Cộng" not in html and "ctv@example.vn" not in html
    # The withdrawn article is not counted.
    assert "Tài chính</td><td class=\"num\">0</td>" in html
    assert "style=" not in html  # the Content-Security-Policy allows no inline style
