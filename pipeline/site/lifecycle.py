"""The article lifecycle in Pelican: status, scheduled publishing, corrections and withdrawal.

Front matter → Pelican:
- `status: draft | review` → Pelican "draft"; `published` (or no status) → "published".
- `date` → the publication time: the merge into main, or the front-matter `date` if later
  (pipeline.site.pubtime);
- a `date` in the future → not built until the clock passes it (BANTIN_NOW fixes the clock), so the
  30-minute scheduled rebuild publishes it on time.
- `withdrawn: true` (+ `withdrawn_reason`) → Pelican "hidden": the URL still works and the theme shows a
  notice instead of the body, but the article is in no listing, feed, sitemap or search index. The body
  and lead are emptied here, so nothing of the withdrawn text reaches any built file.
- `updated` + `correction` are checked here; the theme shows the correction note.

Drafts, articles under review and scheduled articles are left out of the build entirely, unless
BANTIN_PREVIEW=1 (the pull-request preview), which writes them under drafts/ for the reviewing editor.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from typing import Any

from pelican import signals
from pelican.contents import Article, Page

from pipeline.content.status import STATUSES as WRITTEN
from pipeline.content.status import is_yes, written_status
from pipeline.core.dates import CLOCK_ENV, TZ, fixed_clock, parse_datetime
from pipeline.site.pubtime import CLOCK, apply_publication_time

log = logging.getLogger(__name__)

# Front-matter status → Pelican status. Anything not published stays off the public site.
STATUSES = {name: "published" if name == "published" else "draft" for name in WRITTEN}
PREVIEW_ENV = "BANTIN_PREVIEW"


def now() -> datetime:
    """The build's clock: BANTIN_NOW when set (demos, tests, a rebuild "as of"), else the real time."""
    try:
        return fixed_clock() or datetime.now(TZ)
    except ValueError:
        log.error("%s='%s' không phải thời gian hợp lệ (dạng 2026-03-04T08:30); dùng giờ hiện tại.",
                  CLOCK_ENV, os.environ.get(CLOCK_ENV))
        return datetime.now(TZ)


def preview() -> bool:
    return is_yes(os.environ.get(PREVIEW_ENV, ""))


def apply_lifecycle(content: Any) -> None:
    """content_object_init: decide what Pelican does with this article or page."""
    if not isinstance(content, (Article, Page)):
        return
    source = str(getattr(content, "relative_source_path", None) or getattr(content, "source_path", "") or "")
    raw = written_status(content.metadata)
    status = STATUSES.get(raw)
    if status is None:
        names = ", ".join(STATUSES)
        log.error("%s: trạng thái (status) '%s' không hợp lệ; hãy dùng một trong: %s. Bài chưa được đăng.", source, raw, names)
        status = "draft"
    content.lifecycle = raw if raw in STATUSES else "draft"
    content.status = status
    if not isinstance(content, Article):
        return

    apply_publication_time(content)  # the merge into main, or the scheduled date if later
    date = getattr(content, "date", None)
    content.scheduled = bool(status == "published" and isinstance(date, datetime) and _aware(date) > now())
    if content.scheduled:
        content.status = "draft"

    _check_correction(content, source)
    content.withdrawn = is_yes(content.metadata.get("withdrawn"))
    if content.withdrawn:
        if not str(content.metadata.get("withdrawn_reason") or "").strip():
            log.warning("%s: bài đã gỡ (withdrawn) nên có lý do (withdrawn_reason) để người đọc biết.", source)
        if content.status == "published":
            content.status = "hidden"
        # Nothing of a withdrawn text may reach the page, its metadata or JSON-LD.
        content._content = ""
        content._summary = ""
        content.metadata["summary"] = ""


def _check_correction(content: Any, source: str) -> None:
    updated = content.metadata.get("updated")
    correction = str(content.metadata.get("correction") or "").strip()
    if updated not in (None, "") and _as_datetime(updated) is None:
        log.error("%s: ngày đính chính (updated) '%s' không đọc được; hãy viết dạng 2026-03-06T10:00+07:00.", source, updated)
    if correction and updated in (None, ""):
        log.warning("%s: có lời đính chính (correction) nhưng thiếu ngày đính chính (updated).", source)


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return _aware(value)
    return parse_datetime(value)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=TZ)


def drop_unpublished(generator: Any) -> None:
    """Drafts, reviews and scheduled articles are not built at all, except in a preview build."""
    if preview():
        return
    for name in ("drafts", "drafts_translations", "draft_pages", "draft_translations"):
        items = getattr(generator, name, None)
        if isinstance(items, list):
            items[:] = []  # in place: the generator's context holds the same list


def register() -> None:
    signals.get_generators.connect(CLOCK.reset)  # each build reads the merge times afresh
    signals.content_object_init.connect(apply_lifecycle)
    signals.article_generator_finalized.connect(drop_unpublished)
    signals.page_generator_finalized.connect(drop_unpublished)
