"""A generated site for the search tests: a few hundred synthetic articles (bench/synth.py; 9,984
under `make browser-10k`), the repository's static pages, and ARTICLES below, each with a title no
synthetic article shares and the queries (typed with and without diacritics) that must find it in the top three.

Built twice, as the demo is (tests/browser/demo_site.py): the development build (relative URLs)
and the public build (publishconf.py, minified HTML), each with its search index.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench.synth import make_site
from pipeline.content.model import Article, ArticleMeta
from pipeline.content.writer import render
from pipeline.core.config import load_config
from pipeline.core.dates import TZ
from pipeline.core.text import slugify
from pipeline.site.search import build_search_index
from tests.sitebuild import ROOT, build_site

# `make browser-10k` sets BANTIN_BROWSER_SYNTHETIC=9984: with ARTICLES, a site of 10,000 articles.
SYNTHETIC = int(os.environ.get("BANTIN_BROWSER_SYNTHETIC", "300"))
NOW = datetime(2026, 3, 20, 8, 0, tzinfo=TZ)


@dataclass(frozen=True)
class Known:
    title: str
    queries: tuple[str, ...]
    topic: str
    unit: str
    kind: str
    date: datetime


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 30, tzinfo=TZ)


ARTICLES = (
    Known("Đại hội Công đoàn tỉnh Bến Tre lần thứ XI, nhiệm kỳ 2023–2028", ("Đại hội Công đoàn tỉnh", "dai hoi cong doan tinh"),
          "to-chuc-kiem-tra", "ban-to-chuc", "event", _at(2024, 11, 5)),
    Known("Công nhân Khu công nghiệp Giao Long được khám sức khỏe miễn phí", ("khám sức khỏe miễn phí", "kham suc khoe"),
          "chinh-sach-phap-luat", "ban-chinh-sach-phap-luat", "news", _at(2025, 6, 12)),
    Known("Mái ấm Công đoàn trao cho chị Lê Thị Đẹp ở Thạnh Phú", ("Lê Thị Đẹp", "mai am cong doan thanh phu"),
          "tuyen-giao-nu-cong", "ban-tuyen-giao-nu-cong", "news", _at(2025, 9, 2)),
    Known("Tết Sum vầy 2026: 500 phần quà cho công nhân khó khăn", ("Tết Sum vầy 2026", "tet sum vay 2026"),
          "tuyen-giao-nu-cong", "ban-tuyen-giao-nu-cong", "event", _at(2026, 1, 20)),
    Known("Giải bóng chuyền nữ công nhân viên chức lần thứ nhất", ("bóng chuyền nữ", "bong chuyen nu"),
          "tuyen-giao-nu-cong", "ban-tuyen-giao-nu-cong", "event", _at(2025, 4, 8)),
    Known("Tập huấn an toàn vệ sinh lao động cho 200 doanh nghiệp", ("an toàn vệ sinh lao động", "an toan ve sinh"),
          "chinh-sach-phap-luat", "ban-chinh-sach-phap-luat", "news", _at(2024, 5, 15)),
    Known("Đối thoại về tiền lương tối thiểu vùng năm 2026", ("lương tối thiểu vùng", "luong toi thieu vung"),
          "chinh-sach-phap-luat", "ban-chinh-sach-phap-luat", "feature", _at(2026, 2, 3)),
    Known("Nhà văn hóa công nhân Phú Thuận khánh thành", ("nhà văn hóa công nhân", "nha van hoa"),
          "van-phong", "van-phong", "news", _at(2025, 12, 1)),
    Known("Kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam", ("95 năm thành lập", "ky niem 95 nam"),
          "tuyen-giao-nu-cong", "ban-tuyen-giao-nu-cong", "feature", _at(2024, 7, 28)),
    Known("Điều lệ Công đoàn Việt Nam khóa XIII: những điểm mới", ("Điều lệ Công đoàn khóa XIII", "dieu le cong doan khoa xiii"),
          "to-chuc-kiem-tra", "ban-to-chuc", "feature", _at(2024, 3, 4)),
    Known("Đoàn viên Chợ Lách trồng hoa kiểng vượt khó", ("hoa kiểng", "hoa kieng cho lach"),
          "tuyen-giao-nu-cong", "ban-tuyen-giao-nu-cong", "feature", _at(2025, 2, 14)),
    Known("Phụ nữ Mỏ Cày Nam giỏi việc nước, đảm việc nhà", ("phụ nữ Mỏ Cày Nam", "gioi viec nuoc dam viec nha"),
          "tuyen-giao-nu-cong", "ban-tuyen-giao-nu-cong", "news", _at(2025, 3, 8)),
    Known("Bảo hiểm thất nghiệp: thủ tục hưởng trợ cấp trong 15 ngày", ("bảo hiểm thất nghiệp", "bao hiem that nghiep"),
          "chinh-sach-phap-luat", "ban-chinh-sach-phap-luat", "qa", _at(2026, 3, 2)),
    Known("Cuộc thi ảnh đẹp “Công nhân với nghề” 2026", ("cuộc thi ảnh đẹp", "cuoc thi anh"),
          "tuyen-giao-nu-cong", "ban-tuyen-giao-nu-cong", "event", _at(2026, 3, 10)),
    Known("Đồng chí Nguyễn Văn Đức nhận Kỷ niệm chương vì sự nghiệp xây dựng tổ chức Công đoàn",
          ("Nguyễn Văn Đức", "ky niem chuong"), "to-chuc-kiem-tra", "ban-to-chuc", "news", _at(2024, 10, 9)),
    Known("Kẹo dừa Bến Tre: thương hiệu từ bàn tay công nhân", ("kẹo dừa", "keo dua ben tre"),
          "tuyen-giao-nu-cong", "ban-tuyen-giao-nu-cong", "feature", _at(2025, 8, 19)),
)


def _body(known: Known) -> str:
    return (f"{known.title}. Đây là tin, bài do Ban Biên tập tổng hợp từ các cấp công đoàn trong tỉnh.\n\n"
            "Buổi lễ có sự tham dự của đại diện Thường trực Liên đoàn Lao động tỉnh và nhiều đoàn viên, "
            "người lao động. Các đại biểu ghi nhận kết quả và đề ra nhiệm vụ thời gian tới.\n")


def write_known(content: Path) -> list[Path]:
    config = load_config(ROOT / "editorial.yml")
    paths = []
    for known in ARTICLES:
        editor = config.route(known.unit, known.topic).slug
        meta = ArticleMeta(title=known.title, slug=slugify(known.title), date=known.date, kind=known.kind,
                           topic=known.topic, editor=editor, submitted_at=known.date, unit=known.unit,
                           author="Trần Văn Bình", author_title="Phóng viên", approved_by="Nguyễn Thị Kim Dung",
                           summary=f"{known.title}.")
        article = Article(meta, _body(known))
        path = article.content_path(content)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(article), encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(frozen=True)
class SearchSite:
    content: Path
    dev: Path
    public: Path


def build_search_site(base: Path, synthetic: int = SYNTHETIC) -> SearchSite:
    content = base / "content"
    make_site(content, synthetic, seed=7)
    write_known(content)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    dev, public = base / "output", base / "public"
    for output, settings in ((dev, "pelicanconf.py"), (public, "publishconf.py")):
        build_site(content, output, settings=settings, extra_env={"BANTIN_NOW": NOW.isoformat()})
        index = build_search_index(output)
        assert index.ok, index.message
    return SearchSite(content, dev, public)


_BUILT: dict[str, SearchSite] = {}


def search_site_once(tmp_path_factory) -> SearchSite:  # type: ignore[no-untyped-def]
    if "site" not in _BUILT:
        _BUILT["site"] = build_search_site(tmp_path_factory.mktemp("search-site"))
    return _BUILT["site"]
