"""`pipeline ingest`: submissions in the inbox become routed Markdown articles in content/.

The workflow reads top to bottom: discover → read → convert → clean → metadata → route → write → archive.
Each step lives in its own module; problems are collected as messages, one submission never stops another.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.content.model import Article, ArticleMeta, ImageRef, Source
from pipeline.content.sealing import Sealer
from pipeline.content.store import SiteIndex, archive_original, seal_into
from pipeline.content.writer import render
from pipeline.convert import htmlclean
from pipeline.convert import sniff as formats
from pipeline.convert.document import finish_body
from pipeline.convert.docx.convert import EmbeddedImage, convert_docx
from pipeline.convert.read import read_document
from pipeline.convert.sniff import unsafe_file_message
from pipeline.core.config import Config
from pipeline.core.crash import write_point
from pipeline.core.dates import TZ
from pipeline.core.messages import Level, Message, error, info, warning
from pipeline.core.safeio import UnsafeFile, entry_kind, read_regular, sha256_regular
from pipeline.core.text import slugify
from pipeline.intake import legacy_batch
from pipeline.intake.bounded import Breach, Pool, Running, start_bounded
from pipeline.intake.document_meta import fill_from_document, summary_from
from pipeline.intake.imagelimits import image_problem
from pipeline.intake.inbox import Submission, discover
from pipeline.intake.limits import Limits, limits_of
from pipeline.intake.metadata import (
    RawMeta,
    looks_like_metadata_table,
    read_core_properties,
    read_meta_yml,
    table_rows_to_fields,
)
from pipeline.intake.photos import PhotoSettings, process_image
from pipeline.intake.routing import route_metadata
from pipeline.intake.workdir import Entry, InboxBusy, WorkFolder

# Conversions at once in a batch: one per core, up to this many (each child may use
# limits.conversion_memory_mb, so the batch's memory is bounded by this times that).
MAX_WORKERS = 4


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
    internal: bool = False  # refused because of an error in bantin itself, not in the file

    @property
    def refused(self) -> bool:
        return self.status == "refused"


@dataclass
class Workspace:
    content: Path
    inbox: Path
    config: Config


class RunRefused(Exception):
    """The run cannot start (inbox busy or not writable); `message` says why, in Vietnamese."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text)
        self.message = message


@dataclass
class _Prepared:
    """A converted submission staged in the work folder, ready to be placed into content/."""

    text: str  # the article file
    target: Path
    slug: str
    base_slug: str  # slugify(title): the batch checks that no earlier submission took `slug` meanwhile
    date: datetime
    staged_images: Path
    image_dir: Path
    unit: str | None
    topic: str | None
    editor: str | None
    messages: list[Message]


def ingest_all(ws: Workspace, now: datetime | None = None) -> list[Outcome]:
    """Ingest every submission in the inbox; returns one outcome per submission."""
    return _run(ws, now, None)


def ingest_paths(paths: list[Path], ws: Workspace, now: datetime | None = None) -> list[Outcome]:
    """Ingest chosen submissions (files or folders), as `pipeline submit` does."""
    return _run(ws, now, {_absolute(p) for p in paths})


def _absolute(path: Path) -> Path:
    # Not resolve(): a symlinked submission must stay the link it is, never its target.
    return Path(os.path.abspath(path))


def _run(ws: Workspace, now: datetime | None, chosen: set[Path] | None) -> list[Outcome]:
    """One run under the inbox lock: clean the work folder, finish what a killed run left, ingest."""
    now = now or datetime.now(TZ)
    _check_writable(ws)
    work = WorkFolder(ws.inbox)
    try:
        with work.locked():
            work.prepare()
            index = SiteIndex.scan(ws.content)
            outcomes = resume(work, ws, index, now)
            batch = [sub for sub in discover(ws.inbox) if chosen is None or _absolute(sub.path) in chosen]
            return outcomes + ingest_batch(batch, ws, index, now, work)
    except InboxBusy as busy:
        raise RunRefused(error(
            "BT941",
            f"Hộp tin '{ws.inbox}' đang được một lần chạy khác xử lý ({busy.holder}). "
            "Hãy đợi lần chạy đó xong rồi chạy lại; không có gì bị thay đổi.",
            str(ws.inbox))) from None


def _check_writable(ws: Workspace) -> None:
    """Refuse the run before anything is written when a folder it must write to is read-only."""
    for folder, label in ((ws.inbox, "Hộp tin"), (ws.inbox / "processed", "Thư mục lưu tệp gốc"),
                          (ws.content, "Thư mục bài viết")):
        if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
            raise RunRefused(error(
                "BT942",
                f"{label} '{folder}' chỉ cho đọc, không ghi được. Hãy cấp quyền ghi cho thư mục này rồi chạy "
                "lại; không có gì bị thay đổi, các tệp gửi vẫn nằm nguyên trong hộp tin.",
                str(folder)))


def _internal_error(name: str, what: str) -> Outcome:
    return Outcome(name, "refused", internal=True, messages=[error(
        "BT940",
        f"Lỗi nội bộ của hệ thống khi xử lý '{name}' ({what[:300]}). Tệp gốc vẫn nằm nguyên trong hộp tin. "
        "Đây không phải lỗi của người gửi: hãy báo cho người quản trị kèm dòng này.",
        name)])


def resume(work: WorkFolder, ws: Workspace, index: SiteIndex, now: datetime) -> list[Outcome]:
    """Finish or undo what a killed run left in the journal; never lose an original."""
    outcomes = []
    for path, entry in work.entries():
        original, article = Path(entry.original), Path(entry.article)
        if article.is_file():
            # The article was written: the run died before (or while) archiving its original.
            if entry_kind(original) in ("file", "dir"):
                write_point("resume-archive")
                _archive_to(original, Path(entry.archive_to), Sealer.from_config(ws.config))
            outcomes.append(Outcome(original.name, "published", article, messages=[info(
                "BT946",
                f"Lần chạy trước bị dừng giữa chừng sau khi đã ghi bài '{article.name}'; "
                "tệp gốc đã được cất vào thư mục processed/.",
                original.name)]))
        else:
            # Not written: take back the photos it had placed; the original is still in the inbox.
            write_point("resume-undo")
            shutil.rmtree(entry.images, ignore_errors=True)
        work.done(path)
    return outcomes


def ingest_one(sub: Submission, ws: Workspace, index: SiteIndex, now: datetime,
               work: WorkFolder | None = None, pool: Pool | None = None) -> Outcome:
    checked = _checked(sub)
    if isinstance(checked, Outcome):
        return checked
    if checked in index.shas:
        return _already_received(sub, index.shas[checked], ws, now)
    if work is None:
        work = WorkFolder(ws.inbox)
        work.prepare()
    return _finish(sub, checked, _start(sub, checked, ws, index, now, work, pool), ws, index, now, work, pool)


def _checked(sub: Submission) -> Outcome | str:
    """The submission's hash, or its refusal (problems found on discovery, an unsafe file)."""
    if sub.problems or sub.document is None:
        return Outcome(sub.name, "refused", messages=sub.problems)
    try:
        # The hash is taken only from a checked regular file, never through a link or from a FIFO.
        return sha256_regular(sub.document, formats.MAX_FILE_BYTES)
    except UnsafeFile as exc:
        return Outcome(sub.name, "refused", messages=[unsafe_file_message(exc)])


def _start(sub: Submission, sha: str, ws: Workspace, index: SiteIndex, now: datetime, work: WorkFolder,
           pool: Pool | None = None) -> Running:
    """The conversion in its bounded child (it writes only to work/tmp/<sha>); returns at once."""
    limits = limits_of(ws.config)
    if pool is None:
        return start_bounded(_prepare, (sub, ws, index, now, sha, work.tmp / sha, limits),
                             limits.conversion_seconds, limits.conversion_memory_mb)
    context: _BatchContext = pool.context
    # The child's index is a copy from when it was forked: the slugs placed since then come along.
    placed = sorted(index.slugs - context.slugs_at_start)
    return pool.submit(_prepare_in_pool, (sub, sha, work.tmp / sha, placed), limits.conversion_seconds)


@dataclass(frozen=True)
class _BatchContext:
    """What every conversion of a batch shares; a pool's children inherit it when they are forked."""

    ws: Workspace
    index: SiteIndex
    now: datetime
    limits: Limits
    slugs_at_start: frozenset[str]


def _prepare_in_pool(context: _BatchContext, sub: Submission, sha: str, staging: Path,
                     placed: list[str]) -> Outcome | _Prepared:
    context.index.slugs.update(placed)
    return _prepare(sub, context.ws, context.index, context.now, sha, staging, context.limits)


def _finish(sub: Submission, sha: str, running: Running, ws: Workspace, index: SiteIndex, now: datetime,
            work: WorkFolder, pool: Pool | None = None) -> Outcome:
    """Wait for the conversion, then place its result (in the parent, one submission at a time)."""
    prepared = running.result()
    if not isinstance(prepared, _Prepared):
        shutil.rmtree(work.tmp / sha, ignore_errors=True)
        return _breach(sub.name, prepared, limits_of(ws.config)) if isinstance(prepared, Breach) else prepared
    if index.unique_slug(prepared.base_slug) != prepared.slug:
        # An earlier submission of this batch took the slug while this one converted: convert it
        # again with the index as it is now, exactly as a one-at-a-time run would have.
        shutil.rmtree(work.tmp / sha, ignore_errors=True)
        return _finish(sub, sha, _start(sub, sha, ws, index, now, work, pool), ws, index, now, work, pool)
    return _place(prepared, sub, sha, ws, index, now, work)


def batch_workers() -> int:
    """Conversions running at once: one per core (BANTIN_INGEST_WORKERS overrides; 1 = one at a time)."""
    configured = os.environ.get("BANTIN_INGEST_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
                      MAX_WORKERS))


def ingest_batch(subs: list[Submission], ws: Workspace, index: SiteIndex, now: datetime,
                 work: WorkFolder, workers: int | None = None) -> list[Outcome]:
    """Convert up to `workers` submissions at once; place them one by one in the batch's order.

    Only the conversions (bounded children writing to their own staging folder) run in parallel;
    everything that touches content/, the inbox or the journal happens here in the parent, in
    the submissions' sorted order, so a batch gives the same files as a one-at-a-time run. A
    submission whose file repeats an earlier one of the batch waits for its turn (it is then a
    duplicate, or converted if the earlier one was refused).
    """
    workers = workers or batch_workers()
    if subs:
        preload()
        # .doc/.odt/.rtf: one LibreOffice per few files, before the children that read them start.
        legacy_batch.convert_ahead(subs, work.tmp, limits_of(ws.config), workers, index.shas)
    limits = limits_of(ws.config)
    pool = Pool(_BatchContext(ws, index, now, limits, frozenset(index.slugs)), limits.conversion_memory_mb,
                size=workers)
    started: dict[int, tuple[str, Running] | Outcome | None] = {}
    in_batch: set[str] = set()
    outcomes: list[Outcome] = []
    ahead = 0
    try:
        for position, sub in enumerate(subs):
            # Twice as many submitted as there are children: a child that finishes takes the next
            # file at once, while the parent places the results in order.
            while ahead < len(subs) and ahead < position + 2 * workers:
                started[ahead] = _start_early(subs[ahead], ws, index, now, work, in_batch, pool)
                ahead += 1
            early = started.pop(position)
            outcomes.append(_finish_isolated(sub, early, ws, index, now, work, pool))
    finally:
        for left in started.values():  # only when the batch itself stops (KeyboardInterrupt)
            if isinstance(left, tuple):
                left[1].cancel()
        pool.close()
        legacy_batch.discard(work.tmp)
    return outcomes


def preload() -> None:
    """Import here, once, what every conversion child would otherwise import again for itself.

    A child is a fork of this process: what is imported here it has already, and what it imports
    itself dies with it (Pillow's decoders cost tens of milliseconds per child). libvips is the
    exception: it must be loaded in the children only (pipeline/intake/resample.py).
    """
    import codecs

    from PIL import Image

    Image.preinit()  # the decoders photos.py opens (JPEG, PNG, GIF, BMP); the rest load on demand
    codecs.lookup("cp437")  # zipfile's codec for entry names not flagged UTF-8
    slugify("Đại hội Công đoàn")  # unidecode's tables for Vietnamese letters load on first use


def _start_early(sub: Submission, ws: Workspace, index: SiteIndex, now: datetime, work: WorkFolder,
                 in_batch: set[str], pool: Pool | None = None) -> tuple[str, Running] | Outcome | None:
    """A started conversion, a refusal known already, or None: decided when its turn comes."""
    try:
        checked = _checked(sub)
        if isinstance(checked, Outcome):
            return checked
        if checked in index.shas or checked in in_batch:
            return None
        in_batch.add(checked)
        return checked, _start(sub, checked, ws, index, now, work, pool)
    except Exception as exc:  # noqa: BLE001 - one broken step must not stop the batch
        return _internal_error(sub.name, f"{exc.__class__.__name__}: {exc}")


def _finish_isolated(sub: Submission, early: tuple[str, Running] | Outcome | None, ws: Workspace,
                     index: SiteIndex, now: datetime, work: WorkFolder, pool: Pool | None = None) -> Outcome:
    if isinstance(early, Outcome):
        return early
    try:
        if early is None:
            return ingest_one(sub, ws, index, now, work, pool)
        sha, running = early
        return _finish(sub, sha, running, ws, index, now, work, pool)
    except Exception as exc:  # noqa: BLE001 - one broken step must not stop the batch
        if isinstance(early, tuple):
            early[1].cancel()
        return _internal_error(sub.name, f"{exc.__class__.__name__}: {exc}")


def _already_received(sub: Submission, existing: Path, ws: Workspace, now: datetime) -> Outcome:
    """The same file again (or a killed run's original): archive it beside the others, never advise deleting."""
    assert sub.document is not None
    write_point("archive-duplicate")
    archived = archive_original(sub.path, ws.inbox, now, existing.stem, Sealer.from_config(ws.config))
    return Outcome(sub.name, "duplicate", article=existing, messages=[warning(
        "BT805",
        f"Tệp '{sub.document.name}' đã được nhận trước đây (bài '{existing.name}'); không tạo bài mới. "
        f"Tệp gốc đã được cất vào '{archived.parent.relative_to(ws.inbox).as_posix()}/'.",
        sub.name,
    )])


def _breach(name: str, breach: Breach, limits: Limits) -> Outcome:
    if breach.what == "time":
        text = (f"Chuyển đổi '{name}' quá {limits.conversion_seconds} giây nên bị dừng. Tệp có thể quá lớn "
                "hoặc có cấu trúc bất thường; hãy mở bằng Word, lưu lại dưới dạng .docx (giảm dung lượng ảnh) rồi gửi lại.")
    elif breach.what == "memory":
        text = (f"Chuyển đổi '{name}' cần quá {limits.conversion_memory_mb} MB bộ nhớ nên bị dừng. Tệp có thể quá lớn "
                "hoặc có cấu trúc bất thường; hãy mở bằng Word, lưu lại dưới dạng .docx (giảm dung lượng ảnh) rồi gửi lại.")
    else:
        return _internal_error(name, breach.detail or "tiến trình chuyển đổi bị dừng")
    return Outcome(name, "refused", messages=[error("BT945", text, name)])


def _prepare(sub: Submission, ws: Workspace, index: SiteIndex, now: datetime, sha: str, staging: Path,
             limits: Limits) -> Outcome | _Prepared:
    """Convert, read metadata, route and stage photos (in the bounded child); touches only `staging`."""
    name = sub.name
    assert sub.document is not None
    document = sub.document
    # Read (sniff, LibreOffice for .doc/.odt, legacy fonts) then convert: one chain, messages in order.
    conversion = read_document(document, timeout=float(limits.libreoffice_seconds), max_xml_bytes=limits.max_xml_bytes,
                               memory_mb=limits.libreoffice_memory_mb,
                               converted=legacy_batch.converted_for(staging.parent, sha)).bind(
        lambda read: convert_docx(read.docx, document.name).map(lambda html: (read, html)))
    messages: list[Message] = list(conversion.messages)
    if conversion.value is None:
        return Outcome(name, "refused", messages=messages)
    doc, converted = conversion.value

    root = htmlclean.parse_fragment(converted.html)
    raw = RawMeta()
    if sub.meta_file:
        meta_yml = read_meta_yml(sub.meta_file, limits)
        messages += meta_yml.messages
        if meta_yml.has_errors:
            return Outcome(name, "refused", messages=messages)
        raw.captions = {str(k): str(v) for k, v in (meta_yml.value.pop("captions", None) or {}).items()}
        raw.merge_under(meta_yml.value, "meta.yml")
    raw.merge_under(table_rows_to_fields(htmlclean.take_metadata_table(root, looks_like_metadata_table)), "bảng thông tin")
    messages += fill_from_document(raw, root, read_core_properties(doc.docx), ws.config, name)

    mtime = datetime.fromtimestamp(os.lstat(sub.document).st_mtime, TZ)
    routed = route_metadata(raw, ws.config, mtime, name)
    messages += routed.messages
    if routed.value is None:
        return Outcome(name, "refused", messages=messages)
    r = routed.value

    finished = finish_body(root, sub.document.name)
    messages += finished.messages
    body = finished.value
    if not _has_text(body) and not sub.photos:
        # An embedded object's preview picture is not an article (oletools' calc.exe and .lnk samples).
        return Outcome(name, "refused", messages=[*messages, error(
            "BT812", f"Tệp '{sub.document.name}' không có nội dung bài viết (không có chữ; ảnh hoặc đối tượng nhúng "
            "như tệp đính kèm, bảng tính không thay được bài viết); hãy gõ nội dung bài vào tài liệu rồi gửi lại.", name)])

    base_slug = slugify(r.title)
    slug = index.unique_slug(base_slug)
    date = r.date or r.submitted_at
    meta = ArticleMeta(
        title=r.title, slug=slug, date=date, kind=r.kind, topic=r.topic, editor=r.editor,
        submitted_at=r.submitted_at, unit=r.unit, event_time=r.event_time, author=r.author,
        author_title=r.author_title, approved_by=r.approved_by,
        summary=r.summary or summary_from(body, raw.not_summary), tags=r.tags, contributor=r.contributor,
        source=Source(sub.document.name, sha, doc.format), title_source=r.title_source,
    )
    article = Article(meta, body)
    staged_images = staging / "images"
    messages += _write_images(article, converted.images, sub, raw.captions, staged_images, ws.config, limits)
    # Everything doubtful or dropped (a refused photo included) goes to the reviewing editor.
    meta.conversion_warnings = [m.text for m in messages if m.level is not Level.INFO]
    # Contact details never sit in clear in Git when editors have keys (privacy.recipients).
    return _Prepared(render(article, Sealer.from_config(ws.config)), article.content_path(ws.content), slug, base_slug,
                     date, staged_images,
                     ws.content / "images" / f"{date:%Y}" / slug, r.unit, r.topic, r.editor, messages)


def _place(p: _Prepared, sub: Submission, sha: str, ws: Workspace, index: SiteIndex, now: datetime,
           work: WorkFolder) -> Outcome:
    """Photos, then the article, then the original: each step one rename, all of it in the journal."""
    name = sub.name
    archive_to = _archive_dir(ws.inbox, now, p.slug)
    journal = None
    placed_images = False
    try:
        if p.target.exists() or p.image_dir.exists():
            raise FileExistsError(p.target if p.target.exists() else p.image_dir)
        journal = work.begin(Entry(sha, str(sub.path), str(p.target), str(p.image_dir), str(archive_to)))
        if p.staged_images.is_dir() and any(p.staged_images.iterdir()):
            p.image_dir.parent.mkdir(parents=True, exist_ok=True)
            write_point("place-images")
            os.replace(p.staged_images, p.image_dir)
            placed_images = True
        staged_article = work.tmp / sha / "article.md"
        staged_article.parent.mkdir(parents=True, exist_ok=True)
        write_point("stage-article")
        _write_synced(staged_article, p.text)
        p.target.parent.mkdir(parents=True, exist_ok=True)
        write_point("place-article")
        os.replace(staged_article, p.target)
    except OSError as exc:
        if placed_images:
            shutil.rmtree(p.image_dir, ignore_errors=True)
        if journal is not None:
            work.done(journal)
        shutil.rmtree(work.tmp / sha, ignore_errors=True)
        return Outcome(name, "refused", messages=[*p.messages, error(
            "BT806", f"Không ghi được bài viết cho '{name}' ({exc}); tệp gốc vẫn còn trong hộp tin.", name)])
    index.add(p.slug, sha, p.target)
    # Only now, with the article safely on disk, does the original leave the inbox.
    write_point("archive-original")
    _archive_to(sub.path, archive_to, Sealer.from_config(ws.config))
    work.done(journal)
    shutil.rmtree(work.tmp / sha, ignore_errors=True)
    return Outcome(name, "published", p.target, p.unit, p.topic, p.editor, p.messages)


def _archive_dir(inbox: Path, when: datetime, ident: str) -> Path:
    """A free submissions/processed/<yyyy>/<mm>/<id>[-n]/ folder name (created when the original moves)."""
    base = inbox / "processed" / f"{when:%Y}" / f"{when:%m}"
    folder, n = base / ident, 2
    while folder.exists():
        folder = base / f"{ident}-{n}"
        n += 1
    return folder


def _archive_to(original: Path, folder: Path, sealer: Sealer | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if sealer is None:
        os.replace(original, folder / original.name)  # one rename: the original is never half moved
        return
    # Sealed copies first (each written atomically); the clear original goes only once all are on disk.
    seal_into(sealer, original, folder / original.name)


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _write_images(
    article: Article,
    embedded: list[EmbeddedImage],
    sub: Submission,
    captions: dict[str, str],
    image_dir: Path,
    config: Config,
    limits: Limits,
) -> list[Message]:
    """Process embedded and loose photos, write them beside the article, and point the body at them."""
    messages: list[Message] = []
    settings = PhotoSettings(max_side=config.photos.max_side, widths=config.photos.widths)
    year_slug = f"{article.meta.date:%Y}/{article.meta.slug}"
    body = article.body
    for n, image in enumerate(embedded, start=1):
        too_big = image_problem(image.data, f"ảnh {n} trong {sub.document.name}", limits)  # type: ignore[union-attr]
        if too_big:
            messages.append(too_big)
            body = _drop_image(body, image.placeholder)
            continue
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
        try:
            data = read_regular(photo, formats.MAX_FILE_BYTES)
        except UnsafeFile as exc:
            messages.append(unsafe_file_message(exc))
            continue
        too_big = image_problem(data, photo.name, limits)
        if too_big:
            messages.append(too_big)
            continue
        result = process_image(data, photo.name, image_dir, f"anh-{n}", settings)
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


def _has_text(body: str) -> bool:
    """Words left once pictures (Markdown or HTML) are taken out."""
    text = re.sub(r"!\[(?:[^\]\\]|\\.)*\]\([^)]*\)|<img\b[^>]*>|<[^>]+>|[|\-:#>*_\s]", "", body)
    return bool(text)


def _caption_in(body: str, placeholder: str) -> str:
    m = re.search(r"!\[((?:[^\]\\]|\\.)*)\]\(" + re.escape(placeholder), body)
    return m.group(1).replace("\\]", "]") if m else ""


def _drop_image(body: str, placeholder: str) -> str:
    body = re.sub(r'<img [^>]*src="' + re.escape(placeholder) + r'"[^>]*>', "", body)  # in HTML tables
    return re.sub(r"!\[(?:[^\]\\]|\\.)*\]\(" + re.escape(placeholder) + r'(?: "[^"]*")?\)', "", body)
