"""A synthetic site for benchmarks: N realistic articles across units, topics and kinds.

`make_site(content_dir, n, seed)` writes `content/<topic>/<yyyy>/<slug>.md` files with the same
front matter the ingest step writes (via `pipeline.content.writer.render`), Vietnamese bodies
built from a large pool of sentence templates (so bodies are distinct, as real ones are), photos
for about half of the articles, and a few outside collaborators. The same seed gives the same
site. Any benchmark may reuse it:

    from bench.synth import make_site
    paths = make_site(tmp / "content", 10_000)
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from PIL import Image

from pipeline.content.model import Article, ArticleMeta, Contributor, ImageRef, Source
from pipeline.content.writer import render
from pipeline.core.config import Config, load_config
from pipeline.core.dates import TZ
from pipeline.core.text import slugify
from pipeline.core.workcal import WorkCalendar

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Hoàng", "Ngọc", "Quốc", "Kim", "Thúy", "Hữu")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Hạnh", "Hòa", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Sơn",
         "Tâm", "Thảo", "Trí", "Tuấn", "Vân", "Yến", "Khoa", "Linh")
TITLES = ("Chủ tịch", "Phó Chủ tịch", "Cán bộ chuyên trách", "Chuyên viên", "Ủy viên Ban Thường vụ")
PLACES = ("xã An Hiệp", "xã Phú Túc", "xã Tân Thạch", "phường An Hội", "xã Giao Long", "xã Mỹ Thạnh An",
          "thị trấn Ba Tri", "xã Thạnh Phong", "xã Vĩnh Thành", "phường Phú Khương", "xã Hữu Định",
          "xã An Thạnh", "xã Phước Long", "xã Tân Phú Tây", "thị trấn Chợ Lách", "xã Bình Thắng")
COMPANIES = ("Công ty TNHH May Việt Hồng", "Công ty Cổ phần Chế biến Dừa Á Châu", "Công ty TNHH Giày da Mỹ Phong",
             "Công ty Cổ phần Xuất nhập khẩu Thủy sản Bến Tre", "Công ty TNHH Kẹo dừa Thanh Long",
             "Công ty TNHH Điện tử Alliance", "Trường Tiểu học Phú Khương", "Bệnh viện Nguyễn Đình Chiểu")
ACTIVITIES = ("hội nghị sơ kết công tác công đoàn", "hội thi tìm hiểu pháp luật lao động",
              "lớp tập huấn nghiệp vụ cho cán bộ công đoàn cơ sở", "chương trình Tết Sum vầy",
              "giải bóng đá công nhân lao động", "đợt kiểm tra việc chấp hành Điều lệ Công đoàn",
              "buổi đối thoại với người lao động", "lễ bàn giao Mái ấm Công đoàn",
              "hoạt động Tháng Công nhân", "hội thi Nữ công khéo tay", "đại hội công đoàn cơ sở",
              "chương trình trao học bổng cho con đoàn viên", "hội nghị người lao động",
              "buổi tư vấn pháp luật miễn phí", "đợt thăm hỏi đoàn viên có hoàn cảnh khó khăn")
QUESTIONS = ("trợ cấp thôi việc", "nghỉ phép năm", "làm thêm giờ", "bảo hiểm xã hội một lần",
             "chế độ thai sản", "hợp đồng lao động thời vụ", "tiền lương ngừng việc", "kỷ luật lao động")

SENTENCES = (
    "Sáng ngày {d}, {unit} tổ chức {act} tại {place}, với sự tham dự của {n} đoàn viên, người lao động.",
    "Đến dự có đồng chí {person}, {ptitle} {unit}, cùng đại diện lãnh đạo {company}.",
    "Phát biểu tại buổi lễ, đồng chí {person} ghi nhận những nỗ lực của {n2} công đoàn cơ sở trong năm qua.",
    "Dịp này, {unit} trao {n3} phần quà, mỗi phần trị giá {money} đồng, cho đoàn viên có hoàn cảnh khó khăn.",
    "Theo báo cáo, toàn {scope} hiện có {n4} đoàn viên sinh hoạt tại {n2} công đoàn cơ sở.",
    "Năm {y}, {company} đã ký kết thỏa ước lao động tập thể với nhiều điều khoản có lợi hơn cho người lao động.",
    "Các đại biểu tập trung thảo luận về việc làm, tiền lương và điều kiện làm việc của công nhân tại {place}.",
    "Ban Tổ chức trao {n5} giải nhất, {n6} giải nhì và {n7} giải ba cho các đội tham gia {act}.",
    "Qua {act}, đoàn viên được nâng cao hiểu biết về Bộ luật Lao động năm 2019 và Luật Công đoàn năm 2024.",
    "Trong quý {q}, {unit} đã phối hợp với chính quyền {place} hỗ trợ {n3} công nhân thuê trọ.",
    "Đồng chí {person} đề nghị các cấp công đoàn tiếp tục chăm lo đời sống vật chất, tinh thần cho đoàn viên.",
    "Kinh phí thực hiện {act} hơn {money} đồng, do đoàn viên đóng góp và vận động từ các nhà hảo tâm.",
    "Kết thúc {act}, {n8} tập thể và {n9} cá nhân được khen thưởng vì có thành tích xuất sắc.",
    "Theo kế hoạch, {unit} sẽ tổ chức {act} tại {place} trước ngày {d2}.",
    "Nhiều ý kiến của người lao động tại {company} đã được giải đáp trực tiếp tại chỗ.",
    "Hoạt động góp phần xây dựng quan hệ lao động hài hòa, ổn định và tiến bộ tại {place}.",
    "Đại diện {company} cam kết tăng lương tối thiểu thêm {pct}% từ tháng {m} năm {y}.",
    "Tính đến nay, {unit} đã phát triển mới {n3} đoàn viên, đạt {pct}% kế hoạch năm {y}.",
    "Chị {person}, công nhân {company}, chia sẻ: “Nhờ công đoàn, gia đình tôi đã có mái nhà vững chắc.”",
    "Đoàn công tác cũng đến thăm, tặng quà {n8} gia đình đoàn viên bị ảnh hưởng bởi hạn mặn tại {place}.",
)
ANSWERS = (
    "Theo Điều {art} Bộ luật Lao động năm 2019, người lao động được hưởng {topic} khi đáp ứng đủ điều kiện luật định.",
    "Người sử dụng lao động có trách nhiệm chi trả trong thời hạn {n2} ngày làm việc kể từ ngày chấm dứt hợp đồng.",
    "Trường hợp có tranh chấp, người lao động có thể đề nghị công đoàn cơ sở hoặc {unit} hỗ trợ.",
    "Bạn nên giữ lại hợp đồng lao động, bảng lương và các giấy tờ liên quan để làm căn cứ giải quyết.",
)
HEADINGS = ("Kết quả nổi bật", "Những khó khăn, vướng mắc", "Nhiệm vụ thời gian tới", "Ý kiến người lao động",
            "Chăm lo cho đoàn viên", "Kiến nghị của công đoàn")


def _person(rnd: random.Random) -> str:
    return f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"


def _fill(template: str, rnd: random.Random, unit_name: str, when: datetime) -> str:
    return template.format(
        d=f"{when:%d/%m/%Y}", d2=f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{when.year}",
        unit=unit_name, act=rnd.choice(ACTIVITIES), place=rnd.choice(PLACES), company=rnd.choice(COMPANIES),
        person=_person(rnd), ptitle=rnd.choice(TITLES), scope=rnd.choice(("huyện", "ngành", "tỉnh", "khu công nghiệp")),
        n=rnd.randint(40, 900), n2=rnd.randint(5, 120), n3=rnd.randint(10, 500), n4=f"{rnd.randint(1, 60)}.{rnd.randint(100, 999)}",
        n5=rnd.randint(1, 3), n6=rnd.randint(2, 4), n7=rnd.randint(3, 6), n8=rnd.randint(2, 30), n9=rnd.randint(5, 80),
        money=f"{rnd.randint(1, 900)}.{rnd.randint(0, 999):03d}.000", q=rnd.choice(("I", "II", "III", "IV")),
        y=when.year, m=rnd.randint(1, 12), pct=rnd.randint(3, 120), art=rnd.randint(20, 220),
        topic=rnd.choice(QUESTIONS),
    )


def _body(rnd: random.Random, kind: str, unit_name: str, when: datetime, images: list[ImageRef]) -> str:
    paragraphs: list[str] = []
    if kind == "qa":
        paragraphs.append(f"Hỏi: Tôi là công nhân {rnd.choice(COMPANIES)}, xin hỏi về {rnd.choice(QUESTIONS)}"
                          f" khi đã làm việc được {rnd.randint(1, 20)} năm?")
        paragraphs.append("Đáp: " + " ".join(_fill(t, rnd, unit_name, when) for t in rnd.sample(ANSWERS, 3)))
    count = {"news": (3, 5), "event": (3, 6), "feature": (7, 11), "qa": (1, 2)}[kind]
    for i in range(rnd.randint(*count)):
        if kind == "feature" and i in (2, 5):
            paragraphs.append(f"## {rnd.choice(HEADINGS)}")
        sentences = rnd.sample(SENTENCES, rnd.randint(2, 4))
        paragraphs.append(" ".join(_fill(s, rnd, unit_name, when) for s in sentences))
    for n, image in enumerate(images):
        at = min(len(paragraphs), 1 + 2 * n)
        paragraphs.insert(at, f'![{image.caption}]({{static}}/{image.path} "{image.caption}")')
    return "\n\n".join(paragraphs) + "\n"


def _jpeg(width: int, height: int) -> bytes:
    # A gradient, so the file is a real photo-sized JPEG but small and quick to write many times.
    im = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=70)
    return buf.getvalue()


def _place(original: Path, dest: Path) -> None:
    try:
        os.link(original, dest)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(original, dest)


def _lead(body: str, title: str) -> str:
    """The first paragraph, cut at a sentence end before 300 characters, as an editor would."""
    first = body.split("\n\n", 1)[0]
    if first.startswith(("!", "#")):
        return title
    if len(first) <= 300:
        return first
    cut = first[:300].rfind(". ")
    return first[: cut + 1] if cut > 0 else first[:300].rsplit(" ", 1)[0] + "…"


def _submitted(rnd: random.Random, cal: WorkCalendar) -> datetime:
    day = date(2024, 1, 2) + timedelta(days=rnd.randint(0, 800))
    while not cal.is_working_day(day):
        day += timedelta(days=1)
    # Most items arrive in office hours; a few after the 16:00 cutoff, as in real life.
    minute = rnd.randint(7 * 60, 16 * 60) if rnd.random() < 0.93 else rnd.randint(16 * 60 + 1, 18 * 60)
    return datetime.combine(day, time(minute // 60, minute % 60), TZ)


def make_site(content_dir: Path, n: int, seed: int = 0, config: Config | None = None) -> list[Path]:
    """Write `n` synthetic articles (and their photos) under `content_dir`; return the article paths."""
    config = config or load_config(ROOT / "editorial.yml")
    rnd = random.Random(seed)
    cal = config.calendar
    units = [u for u in config.units.values() if u.active]
    topics = list(config.topics)
    max_side = config.photos.max_side
    # One real JPEG per width, hard-linked into every article folder: real files, little disk.
    originals: dict[int, Path] = {}
    store = content_dir.parent / ".synth-images"
    store.mkdir(parents=True, exist_ok=True)
    for w in (max_side, *config.photos.widths):
        originals[w] = store / f"{w}.jpg"
        originals[w].write_bytes(_jpeg(w, w * 2 // 3))

    used: set[str] = set()
    paths: list[Path] = []
    for i in range(n):
        kind = rnd.choices(("news", "event", "feature", "qa"), weights=(45, 35, 10, 10))[0]
        collaborator = rnd.random() < 0.05
        unit = None if collaborator else rnd.choice(units)
        topic = (unit.default_topic if unit and unit.default_topic and rnd.random() < 0.7 else rnd.choice(topics))
        if kind == "qa":
            topic = "chinh-sach-phap-luat"
        unit_name = unit.name if unit else "Công đoàn tỉnh"
        short_name = unit_name.replace("Liên đoàn Lao động", "LĐLĐ")
        submitted = _submitted(rnd, cal)
        event_time = cal.add_working_hours(submitted, -rnd.uniform(0.5, 11.5)) if kind == "event" else None
        act = rnd.choice(ACTIVITIES)
        title = {
            "news": f"{short_name} triển khai {act} tại {rnd.choice(PLACES)}",
            "event": f"{short_name} tổ chức {act} năm {submitted.year}",
            "feature": f"Chăm lo đời sống công nhân {rnd.choice(PLACES)}: {act}",
            "qa": f"Người lao động hỏi về {rnd.choice(QUESTIONS)} tại {rnd.choice(COMPANIES)}",
        }[kind]
        if len(title) > 100:  # editors keep titles short enough for the home page
            title = title[:100].rsplit(" ", 1)[0].rstrip(",:")
        if slugify(title) in used:  # titles repeat in a big site; real editors add a number
            title = f"{title} (đợt {i})"
        slug = base = slugify(title)
        n_clash = 2
        while slug in used:  # as the ingest step does: a clash gets -2, -3…
            slug, n_clash = f"{base}-{n_clash}", n_clash + 1
        used.add(slug)

        images: list[ImageRef] = []
        folder = f"images/{submitted:%Y}/{slug}"
        for k in range(rnd.choice((0, 0, 1, 2))):
            name = f"anh-{k + 1}"
            caption = f"{rnd.choice(ACTIVITIES).capitalize()} tại {rnd.choice(PLACES)}"
            variants = [{"path": f"{folder}/{name}-{w}w.jpg", "width": w} for w in config.photos.widths]
            images.append(ImageRef(f"{folder}/{name}.jpg", caption, max_side, max_side * 2 // 3, variants))
            target = content_dir / folder
            target.mkdir(parents=True, exist_ok=True)
            _place(originals[max_side], target / f"{name}.jpg")
            for w in config.photos.widths:
                _place(originals[w], target / f"{name}-{w}w.jpg")

        author = _person(rnd)
        contributor = None
        if collaborator:
            contributor = Contributor(
                organization=rnd.choice(("Báo Đồng Khởi", "Đài Phát thanh và Truyền hình Bến Tre", "Trường Chính trị tỉnh")),
                name=author, title="Cộng tác viên", email=f"ctv{i}@example.vn",
                phone=f"09{rnd.randint(10_000_000, 99_999_999)}", address=f"{rnd.randint(1, 300)} Hùng Vương, {rnd.choice(PLACES)}",
                copyright_confirmed=True,
            )
        body = _body(rnd, kind, unit_name, submitted, images)
        summary = _lead(body, title)
        meta = ArticleMeta(
            title=title, slug=slug, date=submitted, kind=kind, topic=topic,
            editor=config.route(unit.slug if unit else None, topic).slug, submitted_at=submitted,
            unit=unit.slug if unit else None, event_time=event_time, author=author,
            author_title=rnd.choice(TITLES), approved_by="" if collaborator else _person(rnd),
            summary=summary, tags=rnd.sample(("công nhân", "đoàn viên", "pháp luật", "phúc lợi", "nữ công"), 2),
            images=images, source=Source(f"bai-{i}.docx", f"{rnd.getrandbits(256):064x}"), contributor=contributor,
        )
        article = Article(meta, body)
        path = article.content_path(content_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(article), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Tạo trang tổng hợp gồm N bài để đo tốc độ.")
    parser.add_argument("content_dir", type=Path)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    written = make_site(args.content_dir, args.n, args.seed)
    print(f"Đã tạo {len(written)} bài trong {args.content_dir}")
