"""`pipeline ingest`: submissions in the inbox become routed Markdown articles in content/.

The workflow reads top to bottom: discover → read and convert (convert.document) → metadata → route →
clean → write → archive.
Each step lives in its own module; problems are collected as messages, one submission never stops another.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.content.model import Article, ArticleMeta, ImageRef, Source
from pipeline.content.store import SiteIndex, archive_original, atomic_write_text, sha256_of
from pipeline.content.writer import render
from pipeline.convert import htmlclean
from pipeline.convert.document import document_html, finish_body
from pipeline.convert.docx.convert import EmbeddedImage
from pipeline.core.config import Config
from pipeline.core.dates import TZ
from pipeline.core.messages import Level, Message, error, warning
from pipeline.core.text import slugify
from pipeline.intake.inbox import Submission, discover
from pipeline.intake.metadata import (
    RawMeta,
    looks_like_metadata_table,
    read_core_properties,
    read_meta_yml,
    table_rows_to_fields,
)
from pipeline.intake.photos import PhotoSettings, process_image
from pipeline.intake.routing import route_metadata


@dataclass
class Outcome:
    """What happened to one submission; the summary table prints these."""

    submission: str
    status: str  # "published" | "refused" | "duplicate"
    article: Path | None = None
    unit: str | None = None
    topic: str | None = None
    editor: str | None = None
    messages: list[Message] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.status == "refused"


@dataclass
class Workspace:
    content: Path
    inbox: Path
    config: Config


def ingest_all(ws: Workspace, now: datetime | None = None) -> list[Outcome]:
    """Ingest every submission in the inbox; returns one outcome per submission."""
    now = now or datetime.now(TZ)
    index = SiteIndex.scan(ws.content)
    return [ingest_one(sub, ws, index, now) for sub in discover(ws.inbox)]


def ingest_paths(paths: list[Path], ws: Workspace, now: datetime | None = None) -> list[Outcome]:
    """Ingest chosen submissions (files or folders), as `pipeline submit` does."""
    now = now or datetime.now(TZ)
    index = SiteIndex.scan(ws.content)
    chosen = {p.resolve() for p in paths}
    return [ingest_one(s, ws, index, now) for s in discover(ws.inbox) if s.path.resolve() in chosen]


def ingest_one(sub: Submission, ws: Workspace, index: SiteIndex, now: datetime) -> Outcome:
    name = sub.name
    if sub.problems or sub.document is None:
        return Outcome(name, "refused", messages=sub.problems)
    sha = sha256_of(sub.document)
    if sha in index.shas:
        existing = index.shas[sha]
        return Outcome(name, "duplicate", article=existing, messages=[warning(
            "BT805",
            f"Tệp '{sub.document.name}' đã được nhận trước đây (bài '{existing.name}'); không tạo bài mới. "
            "Có thể xóa tệp này khỏi hộp tin.",
            name,
        )])

    read = document_html(sub.document)
    messages: list[Message] = list(read.messages)
    if read.value is None:
        return Outcome(name, "refused", messages=messages)
    doc = read.value

    root = htmlclean.parse_fragment(doc.html)
    raw = RawMeta()
    if sub.meta_file:
        meta_yml = read_meta_yml(sub.meta_file)
        messages += meta_yml.messages
        if meta_yml.has_errors:
            return Outcome(name, "refused", messages=messages)
        raw.captions = {str(k): str(v) for k, v in (meta_yml.value.pop("captions", None) or {}).items()}
        raw.merge_under(meta_yml.value, "meta.yml")
    raw.merge_under(table_rows_to_fields(htmlclean.take_metadata_table(root, looks_like_metadata_table)), "bảng thông tin")
    raw.merge_under(read_core_properties(doc.docx), "thuộc tính tệp")
    raw.merge_under({"title": htmlclean.take_first_heading(root), "summary": htmlclean.take_summary(root)}, "nội dung")
    if raw.values.get("title"):
        htmlclean.remove_heading_equal_to(root, str(raw.values["title"]))

    mtime = datetime.fromtimestamp(sub.document.stat().st_mtime, TZ)
    routed = route_metadata(raw, ws.config, mtime, name)
    messages += routed.messages
    if routed.value is None:
        return Outcome(name, "refused", messages=messages)
    r = routed.value

    finished = finish_body(root, sub.document.name)
    messages += finished.messages
    body = finished.value
    if not body.strip() and not sub.photos:
        return Outcome(name, "refused", messages=[*messages, error(
            "BT812", f"Tệp '{sub.document.name}' không có nội dung bài viết; hãy kiểm tra lại tệp.", name)])

    slug = index.unique_slug(slugify(r.title))
    date = r.submitted_at
    meta = ArticleMeta(
        title=r.title, slug=slug, date=date, kind=r.kind, topic=r.topic, editor=r.editor,
        submitted_at=r.submitted_at, unit=r.unit, event_time=r.event_time, author=r.author,
        author_title=r.author_title, approved_by=r.approved_by,
        summary=r.summary or _summary_from(body), tags=r.tags, contributor=r.contributor,
        source=Source(sub.document.name, sha, doc.format),
    )
    article = Article(meta, body)
    target = article.content_path(ws.content)
    image_dir = ws.content / "images" / f"{date:%Y}" / slug
    try:
        image_messages = _write_images(article, doc.images, sub, raw.captions, image_dir, ws.config)
        messages += image_messages
        # Everything doubtful or dropped (a refused photo included) goes to the reviewing editor.
        meta.conversion_warnings = [m.text for m in messages if m.level is not Level.INFO]
        atomic_write_text(target, render(article))
    except OSError as exc:
        shutil.rmtree(image_dir, ignore_errors=True)
        return Outcome(name, "refused", messages=[*messages, error(
            "BT806", f"Không ghi được bài viết cho '{name}' ({exc}); tệp gốc vẫn còn trong hộp tin.", name)])
    index.add(slug, sha, target)
    # Only now, with the article safely on disk, does the original leave the inbox.
    archive_original(sub.path, ws.inbox, now, slug)
    return Outcome(name, "published", target, r.unit, r.topic, r.editor, messages)


def _write_images(
    article: Article,
    embedded: list[EmbeddedImage],
    sub: Submission,
    captions: dict[str, str],
    image_dir: Path,
    config: Config,
) -> list[Message]:
    """Process embedded and loose photos, write them beside the article, and point the body at them."""
    messages: list[Message] = []
    settings = PhotoSettings(max_side=config.photos.max_side, widths=config.photos.widths)
    year_slug = f"{article.meta.date:%Y}/{article.meta.slug}"
    body = article.body
    for n, image in enumerate(embedded, start=1):
        result = process_image(image.data, f"ảnh {n} trong {sub.document.name}", image_dir, f"anh-{n}", settings)  # type: ignore[union-attr]
        messages += result.messages
        if result.value is None:
            body = _drop_image(body, image.placeholder)
            continue
        ref = _image_ref(result.value, year_slug, _caption_in(body, image.placeholder) or image.alt_text)
        article.meta.images.append(ref)
        body = body.replace(f"]({image.placeholder}", f"]({{static}}/{ref.path}")
        body = body.replace(f'src="{image.placeholder}"', f'src="{{static}}/{ref.path}"')  # in HTML tables
    loose_start = len(embedded) + 1
    for n, photo in enumerate(sub.photos, start=loose_start):
        result = process_image(photo.read_bytes(), photo.name, image_dir, f"anh-{n}", settings)
        messages += result.messages
        if result.value is None:
            continue
        caption = captions.get(photo.name, "")
        ref = _image_ref(result.value, year_slug, caption)
        article.meta.images.append(ref)
        alt = caption.replace("]", "\\]")
        title = f' "{caption}"' if caption else ""
        body = body.rstrip("\n") + f"\n\n![{alt}]({{static}}/{ref.path}{title})\n"
    article.body = body
    return messages


def _image_ref(processed, year_slug: str, caption: str) -> ImageRef:  # type: ignore[no-untyped-def]
    base = f"images/{year_slug}"
    return ImageRef(
        path=f"{base}/{processed.path.name}",
        caption=caption,
        width=processed.width,
        height=processed.height,
        variants=[{"path": f"{base}/{v.path.name}", "width": v.width} for v in processed.variants],
    )


def _caption_in(body: str, placeholder: str) -> str:
    m = re.search(r"!\[((?:[^\]\\]|\\.)*)\]\(" + re.escape(placeholder), body)
    return m.group(1).replace("\\]", "]") if m else ""


def _drop_image(body: str, placeholder: str) -> str:
    body = re.sub(r'<img [^>]*src="' + re.escape(placeholder) + r'"[^>]*>', "", body)  # in HTML tables
    return re.sub(r"!\[(?:[^\]\\]|\\.)*\]\(" + re.escape(placeholder) + r'(?: "[^"]*")?\)', "", body)


def _plain_text(markdown: str) -> str:
    """Markdown inline markup off: links keep their text, footnote markers and emphasis go."""
    text = re.sub(r"\[\^\d+\]", "", markdown)
    text = re.sub(r"!?\[((?:[^\]\\]|\\.)*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text.replace("**", "").replace("*", ""))
    return " ".join(text.split())


def _summary_from(body: str, limit: int = 260) -> str:
    """The first real paragraph, cut at a word boundary: a lead for listings and share previews."""
    for block in body.split("\n\n"):
        text = block.strip()
        if text and not text.startswith(("#", "!", "|", "-", "<", ">")) and not text[0].isdigit():
            text = _plain_text(text)
            if len(text) <= limit:
                return text
            cut = text[:limit].rsplit(" ", 1)[0]
            return cut.rstrip(",;:") + "…"
    return ""
