"""Incremental output: a page is rendered only when something it shows has changed.

Pelican renders and writes every page on every build. This writer (a subclass of Pelican's, given
through the `get_writer` signal) keeps a manifest per output folder in `CACHE_PATH`: for each page,
a fingerprint of what the page is made of, and the size and modification time of the file written.
When a page's fingerprint and its file are unchanged, the page is not rendered again; Pelican's
signals still see it (the sitemap lists it). Pages rendered anyway are written only when their text
changed, so rsync and the search index see only real changes. A page written by the previous build
and not by this one (an article deleted or moved) is removed.

What a fingerprint covers:
- for every page: the theme's templates, the site's template code (pipeline/site), the settings
  (editorial.yml included) and the lists every page shows (newest articles and Q&As, topic blocks);
- an article page: the article's source text and state (status, withdrawal, URL), and the same for
  every article it shows (related articles, the previous and the next one);
- a page of a listing (topic, tag, unit, month, home): its articles, its number and the page count.
Other pages (static pages, the tag and archive indexes, search, 404) read whole lists from the
context and are few: they are always rendered (and written only if changed).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

log = logging.getLogger(__name__)

SITE_CODE = Path(__file__).resolve().parent
LIST_KEYS = {"articles", "dates", "all_articles"}  # whole lists: a listing page shows its own slice
MANIFEST_VERSION = 1


def _sha(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def _tree_digest(folder: Path, pattern: str) -> str:
    files = sorted(p for p in folder.rglob(pattern) if p.is_file()) if folder.is_dir() else []
    return _sha(*(f"{p.relative_to(folder)}:{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in files))


class Fingerprints:
    """Digests of content objects and values, memoised for one build."""

    def __init__(self) -> None:
        self._content: dict[int, tuple[Any, str]] = {}
        self._sources: dict[str, str] = {}

    def content(self, item: Any) -> str:
        """What any page can show of one article or page: its source text and its state in this build."""
        known = self._content.get(id(item))
        if known is not None and known[0] is item:
            return known[1]
        source = getattr(item, "source_digest", None) or self._source(str(getattr(item, "source_path", "")))
        # Its address, not its file name: another page shows the URL, and a page's own file name is
        # in its fingerprint already (Pelican formats `save_as` from the settings on every call).
        digest = _sha(source, str(getattr(item, "status", "")), str(getattr(item, "withdrawn", "")),
                      str(getattr(item, "url", "")))
        self._content[id(item)] = (item, digest)
        return digest

    def _source(self, path: str) -> str:
        if path not in self._sources:
            try:
                self._sources[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError:
                self._sources[path] = "missing:" + path
        return self._sources[path]

    def value(self, value: Any, depth: int = 0) -> str:
        """A stable text for settings and template arguments (never an object's memory address)."""
        if depth > 6:
            return "…"
        if isinstance(value, Content):
            return "content:" + self.content(value)
        if value is None or isinstance(value, (str, int, float, bool, date, datetime, time)):
            return repr(value)
        if isinstance(value, dict):
            items = sorted(((str(k), self.value(v, depth + 1)) for k, v in value.items()))
            return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(self.value(v, depth + 1) for v in value) + "]"
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(self.value(v, depth + 1) for v in value)) + "}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = ((f.name, getattr(value, f.name, None)) for f in dataclasses.fields(value))
            return type(value).__name__ + "(" + ",".join(f"{k}={self.value(v, depth + 1)}" for k, v in fields) + ")"
        if hasattr(value, "slug") and hasattr(value, "name"):  # Pelican's Tag, Category, Author
            return f"{type(value).__name__}({value.name!s}|{value.slug!s}|{getattr(value, 'url', '')!s})"
        return type(value).__name__


class IncrementalWriter(Writer):
    def __init__(self, output_path: str, settings: dict | None = None, partial: bool = False) -> None:
        """`partial`: this round writes some pages only (the preview's body edit); the others stay."""
        super().__init__(output_path, settings=settings)
        self.digests = Fingerprints()
        self._global: str | None = None
        self.manifest_path = manifest_path(self.settings, output_path)
        self.previous: dict[str, list] = read_manifest(self.manifest_path, "pages", MANIFEST_VERSION) or {}
        self.current: dict[str, list] = dict(self.previous) if partial else {}
        # A partial round tells no one what it wrote: the sitemap, which listens, is not rewritten then.
        self.partial = partial
        self.rendered = 0
        self.skipped = 0
        self.unchanged = 0
        if not partial:  # a partial round removes nothing and saves its manifest itself
            _active.append(self)

    def finish_partial(self) -> None:
        self.save_manifest()

    # --- fingerprints ---------------------------------------------------------------------------

    def _site_digest(self, context: dict) -> str:
        if self._global is None:
            theme = Path(str(self.settings.get("THEME", "")))
            settings = {k: v for k, v in self.settings.items() if k.isupper() and k not in {"PLUGINS"}}
            self._global = _sha(
                str(MANIFEST_VERSION), _tree_digest(theme / "templates", "*"), _tree_digest(SITE_CODE, "*.py"),
                self.digests.value(settings), self.digests.value(context.get("SITE_LISTS")),
            )
        return self._global

    def _arguments_digest(self, context: dict, template: Any, relative_urls: bool, kwargs: dict) -> list[str]:
        """What every page of one `write_file` call shares (a listing's pages are many: digested once)."""
        parts = [self._site_digest(context), str(getattr(template, "name", template)), str(relative_urls)]
        for key in sorted(kwargs):
            if key in LIST_KEYS:
                continue
            parts.append(f"{key}={self.digests.value(kwargs[key])}")
        article = kwargs.get("article")
        if article is not None:
            shown = [*(getattr(article, "related_articles", None) or []),
                     getattr(article, "prev_article", None), getattr(article, "next_article", None)]
            parts.extend(self.digests.content(a) if a is not None else "-" for a in shown)
        return parts

    def _page_fingerprint(self, name: str, shared: list[str], extra: list[str]) -> str:
        return _sha(name, *shared, *extra)

    # --- writing ------------------------------------------------------------------------------

    def write_file(self, name: Any, template: Any, context: dict, relative_urls: bool = False,
                   paginated: dict | None = None, template_name: str | None = None,
                   override_output: bool = False, url: str | None = None, **kwargs: Any) -> None:
        if not name:
            return
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            paginators = {key: Paginator(name, url, value, self.settings, per_page)
                          for key, value in paginated.items()}
            shared = self._arguments_digest(context, template, relative_urls, kwargs)
            for number in range(1, next(iter(paginators.values())).num_pages + 1):
                page_kwargs = dict(kwargs)
                extra: list[str] = []
                for key, paginator in paginators.items():
                    page = paginator.page(number)
                    page_kwargs[f"{key}_paginator"] = paginator
                    page_kwargs[f"{key}_page"] = page
                    page_kwargs[f"{key}_previous_page"] = paginator.page(number - 1) if number > 1 else None
                    page_kwargs[f"{key}_next_page"] = (paginator.page(number + 1)
                                                       if number < paginator.num_pages else None)
                    extra.append(f"{key}:{number}/{paginator.num_pages}:"
                                 + ",".join(self.digests.content(a) for a in page.object_list))
                save_as = page.save_as  # type: ignore[union-attr]
                fingerprint = self._page_fingerprint(save_as, shared, extra)
                self._write_one(save_as, template, context, relative_urls, page_kwargs, override_output,
                                fingerprint)
        else:
            skippable = "article" in kwargs
            single: str | None = (
                self._page_fingerprint(name, self._arguments_digest(context, template, relative_urls, kwargs), [])
                if skippable else None)
            self._write_one(name, template, context, relative_urls, kwargs, override_output, single)

    def _local_context(self, context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl", None)
        if relative_urls:
            relative = path_to_url(get_relative_path(name))
            local["SITEURL"] = relative
            local["localsiteurl"] = relative
        local["output_file"] = name
        local.update(kwargs)
        return local

    def _write_one(self, name: str, template: Any, context: dict, relative_urls: bool, kwargs: dict,
                   override: bool, fingerprint: str | None) -> None:
        path = sanitised_join(self.output_path, name)
        if not self._claim(path, override):
            return
        # `path` is inside the output (sanitised_join checked): a relative name needs no relpath.
        key = os.path.normpath(name) if not os.path.isabs(name) else os.path.relpath(path, self.output_path)
        if fingerprint is not None and self._unchanged(key, path, fingerprint):
            self.skipped += 1
            self.current[key] = self.previous[key]
            if not self.partial:
                signals.content_written.send(path, context={"article": kwargs.get("article"),
                                                            "page": kwargs.get("page"), "output_file": name})
            return
        local = self._local_context(context, name, kwargs, relative_urls)
        if local["localsiteurl"]:
            context["localsiteurl"] = local["localsiteurl"]  # as Pelican does: content links follow the page
        output = template.render(local)
        self.rendered += 1
        data = output.encode("utf-8")
        if not _same_file(path, data):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(data)
            log.info('Writing "%s"', path)
        else:
            self.unchanged += 1
        stat = os.stat(path)
        self.current[key] = [fingerprint or "", stat.st_size, stat.st_mtime_ns]
        if not self.partial:
            signals.content_written.send(path, context=local)

    def _claim(self, path: str, override: bool) -> bool:
        """Pelican's rule for two pages with one file name: an error, unless one of them overrides."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{path}" a second time (was previously overwritten)')
            return False
        if path in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{path}" as Pelican has already written to it '
                                           "previously (set `override=True` if intended)")
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True

    def _unchanged(self, key: str, path: str, fingerprint: str) -> bool:
        before = self.previous.get(key)
        if not before or not before[0] or before[0] != fingerprint:
            return False
        try:
            stat = os.stat(path)
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns] == before[1:]

    def remove_stale_pages(self) -> int:
        """Pages this writer wrote last time and not this time (a deleted or moved article) go away."""
        removed = 0
        for key in set(self.previous) - set(self.current):
            path = sanitised_join(self.output_path, key)
            try:
                os.remove(path)
                removed += 1
            except OSError:
                continue
            log.info('Removed "%s"', path)
        return removed

    def save_manifest(self) -> None:
        if self.manifest_path is None:
            return
        write_manifest(self.manifest_path, "pages", MANIFEST_VERSION, self.current)
        log.info("Trang đã dựng lại: %d; giữ nguyên không dựng lại: %d; dựng lại nhưng không đổi: %d.",
                 self.rendered, self.skipped, self.unchanged)


def _same_file(path: str, data: bytes) -> bool:
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def manifest_path(settings: dict, output_path: str, kind: str = "pages") -> Path | None:
    """CACHE_PATH/<kind>-<output folder>.json: what the last build wrote there (pages, photos)."""
    if not settings.get("BANTIN_INCREMENTAL", True) or not settings.get("CACHE_PATH"):
        return None
    site = hashlib.sha256(os.path.abspath(output_path).encode()).hexdigest()[:12]
    return Path(settings["CACHE_PATH"]) / f"{kind}-{site}.json"


def read_manifest(path: Path | None, kind: str, version: int) -> Any:
    """What write_manifest kept under `kind`; None when there is none of this version (start afresh)."""
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get(kind) if isinstance(data, dict) and data.get("version") == version else None


def write_manifest(path: Path, kind: str, version: int, entries: Any) -> None:
    """A manifest in CACHE_PATH, written atomically (a killed build leaves the previous one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps({"version": version, kind: entries}), encoding="utf-8")
    os.replace(partial, path)


_active: list[IncrementalWriter] = []


def get_writer(_pelican: Any) -> type[Writer]:
    return IncrementalWriter


def save_manifests(_pelican: Any) -> None:
    while _active:
        writer = _active.pop()
        try:
            writer.remove_stale_pages()
            writer.save_manifest()
        except OSError as error:
            log.warning("Không ghi được danh sách trang đã dựng '%s': %s", writer.manifest_path, error)


def register() -> None:
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(save_manifests)
