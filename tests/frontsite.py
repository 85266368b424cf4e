"""A generated newsroom site for the front page, Q&A and listing tests (tests/test_site_front.py and the
browser tests): real Markdown articles with real JPEG photos and variants, Q&As with themes, a
featured article, and an editorial.yml whose "Tiêu điểm" names an article, a tag, a link and one
article that does not exist. Built with Pelican, like `make html`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image

from tests.sitebuild import ROOT, build_site

TOPICS = ("tuyen-giao-nu-cong", "tai-chinh", "to-chuc-kiem-tra", "van-phong")
UNITS = ("ldld-ba-tri", "cd-giao-duc", "ldld-cho-lach")
FEATURED = "dai-hoi-cong-doan-tinh-lan-thu-xi"  # featured, older than the newest, no photo
QA_THEMES = ("Bảo hiểm xã hội", "Tiền lương", "Hợp đồng lao động")
QUESTIONS = 27  # 20 per index page: two pages
MISSING_SLUG = "bai-khong-co-that"


@dataclass(frozen=True)
class FrontSite:
    content: Path
    output: Path
    log: str  # the build's output (warnings)


def _photo(path: Path, width: int, colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, width * 2 // 3), colour).save(path, quality=80)


def _images_front_matter(content: Path, slug: str, colour: tuple[int, int, int]) -> str:
    folder = f"images/2026/{slug}"
    _photo(content / folder / "anh-1.jpg", 1600, colour)
    for width in (480, 960):
        _photo(content / folder / f"anh-1-{width}w.jpg", width, colour)
    return (f"images:\n- path: {folder}/anh-1.jpg\n  caption: Ảnh của bài {slug}\n  width: 1600\n  height: 1066\n"
            f"  variants:\n  - path: {folder}/anh-1-480w.jpg\n    width: 480\n  - path: {folder}/anh-1-960w.jpg\n"
            f"    width: 960\n")


def write_article(content: Path, slug: str, when: str, *, topic: str, unit: str, kind: str = "news",
                  title: str | None = None, photo: bool = False, extra: str = "", body: str = "") -> None:
    folder = content / topic / when[:4]
    folder.mkdir(parents=True, exist_ok=True)
    images = _images_front_matter(content, slug, (30, 90 + len(slug) % 120, 160)) if photo else ""
    summary = "" if kind == "qa" else f"summary: Tóm tắt của bài {slug} về hoạt động công đoàn.\n"
    (folder / f"{slug}.md").write_text(
        f"---\ntitle: {title or 'Bài ' + slug.replace('-', ' ')}\nslug: {slug}\ndate: {when}\nkind: {kind}\n"
        f"unit: {unit}\ntopic: {topic}\neditor: pham-hoa\nauthor: Trần Thị Hồng\n{summary}{images}{extra}---\n\n"
        f"{body or 'Nội dung bài về hoạt động công đoàn.'}\n",
        encoding="utf-8")
    if images:
        body_image = f"\n![Ảnh của bài {slug}]({{static}}/images/2026/{slug}/anh-1.jpg)\n"
        with (folder / f"{slug}.md").open("a", encoding="utf-8") as f:
            f.write(body_image)


def write_corpus(content: Path) -> None:
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    for day in range(1, 29):  # 28 days of news, one a day, every third with a photo
        topic, unit = TOPICS[day % len(TOPICS)], UNITS[day % len(UNITS)]
        slug = FEATURED if day == 10 else f"tin-ngay-{day}"
        extra = "featured: true\ntags: [Đại hội]\n" if slug == FEATURED else ("tags: [học bổng]\n" if day == 3 else "")
        write_article(content, slug, f"2026-02-{day:02d}T08:00+07:00", topic=topic, unit=unit,
                      photo=(day % 3 == 0 and slug != FEATURED), extra=extra)
    for q in range(1, QUESTIONS + 1):
        theme = f"theme: {QA_THEMES[q % len(QA_THEMES)]}\n" if q % 4 else ""
        write_article(content, f"hoi-dap-so-{q}", f"2026-01-{q:02d}T09:00+07:00", topic="chinh-sach-phap-luat",
                      unit="ban-chinh-sach-phap-luat", kind="qa", title=f"Câu hỏi số {q} về quyền lợi người lao động",
                      extra=theme, body=f"Hỏi: Tôi muốn hỏi điều {q}?\n\nĐáp: Theo Bộ luật Lao động, câu trả lời số {q}.")


def write_config(dest: Path) -> Path:
    data = yaml.safe_load((ROOT / "editorial.yml").read_text(encoding="utf-8"))
    data["front_page"] = {"highlights": {"heading": "Sự kiện", "items": [
        {"article": "tin-ngay-20"},
        {"article": MISSING_SLUG},
        {"tag": "học bổng"},
        {"url": "https://www.congdoan.vn/", "title": "Cổng thông tin Tổng Liên đoàn"},
    ]}}
    dest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def build_front_site(base: Path) -> FrontSite:
    content, output = base / "content", base / "output"
    write_corpus(content)
    config = write_config(base / "editorial.yml")
    result = build_site(content, output, extra_env={"BANTIN_CONFIG": str(config),
                                                    "BANTIN_NOW": "2026-03-01T08:00+07:00"})
    return FrontSite(content, output, result.stdout + result.stderr)
