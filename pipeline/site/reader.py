"""Markdown articles with YAML front matter, parsed with libyaml and cached by content hash.

Replaces pelican-yaml-metadata's reader (same results) for two reasons:
- its `yaml.safe_load` is the pure-Python parser, 15% of a 10,000-article build; libyaml's
  CSafeLoader builds the same Python objects several times faster (used when PyYAML has it), and
  pipeline.core.quickyaml builds them from libyaml's nodes faster again;
- every build parsed every file again. Here the Markdown body (already cleaned by the one sanitiser),
  the front matter and the formatted fields (summary) are kept in `CACHE_PATH`, keyed by a hash of the
  file's text, so an unchanged file is never parsed or cleaned twice, whatever its modification time
  (a fresh CI checkout, a `git switch`).

The cache holds plain data only (strings, dates, lists): Pelican's Tag/Category/Author objects are
rebuilt from it on each build with the current settings, and the content-object signals (topics,
lifecycle, scheduled publishing) run every time. The cache file's name carries a fingerprint of
everything that shapes the parsed result (library versions, Markdown settings, this module and the
site's Markdown extensions), so a change to any of them starts a fresh cache.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from datetime import datetime
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

import yaml
from pelican import signals
from pelican.plugins.yaml_metadata.yaml_metadata import (
    _DEL,
    DUPES_NOT_ALLOWED,
    HEADER_RE,
    YAML_METADATA_PROCESSORS,
    YAMLMetadataReader,
)
from pelican.utils import SafeDatetime, get_date, pelican_open

from pipeline.content import block_prefilter, figures, inline_prefilter, markup, sanitize
from pipeline.core import quickyaml
from pipeline.site import safety
from pipeline.site.safety import cleaned_by_reader, summary_html

log = logging.getLogger(__name__)

SafeLoader: Any = quickyaml.QuickSafeLoader


# (cleaned body HTML, front matter, formatted fields, the summary as cleaned HTML or None)
Entry = tuple[str, dict, dict[str, str], str | None]
SHARDS = 64  # a one-change build rewrites two of them (the new text's and the old one's), not the lot


def _shard(key: str) -> int:
    return int(key[:2], 16) % SHARDS  # keys are hex digests


class ParseCache:
    """{hash of a file's text: Entry} for one site, on disk.

    Kept in SHARDS pickle files in one folder, by key: a 10,000-article cache is tens of megabytes, and
    a build that changed one article writes back only the shards whose entries changed.
    """

    def __init__(self, folder: Path | None) -> None:
        self.path = folder
        self.entries: dict[str, Entry] = {}
        self.used: set[str] = set()
        self.changed: set[int] = set()  # shards to write back
        if folder is None or not folder.is_dir():
            return
        for shard in sorted(folder.glob("*.pickle")):
            try:
                with shard.open("rb") as handle:
                    self.entries.update(pickle.load(handle))
            except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError) as error:
                log.warning("Bỏ qua phần bộ nhớ đệm '%s' không đọc được (%s); sẽ đọc lại các tệp của phần này.",
                            shard, error)

    def get(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.used.add(key)
        return entry

    def put(self, key: str, entry: Entry) -> None:
        self.entries[key] = entry
        self.used.add(key)
        self.changed.add(_shard(key))

    def save(self) -> None:
        """Keep what this build used (files removed from the site drop out), each shard written atomically."""
        if self.path is None:
            return
        for key in [k for k in self.entries if k not in self.used]:
            del self.entries[key]
            self.changed.add(_shard(key))
        shards: dict[int, dict[str, Entry]] = {n: {} for n in self.changed}
        for key, entry in self.entries.items():
            if (n := _shard(key)) in shards:
                shards[n][key] = entry
        self.path.mkdir(parents=True, exist_ok=True)
        for n, kept in sorted(shards.items()):
            target = self.path / f"{n:02d}.pickle"
            partial = target.with_name(f".{target.name}.{os.getpid()}")
            with partial.open("wb") as handle:
                pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, target)
        self.changed, self.used = set(), set()


_caches: dict[str, ParseCache] = {}
# The preview process keeps the cache in memory and writes it once, on exit (a 10,000-article cache is
# tens of megabytes: not for every saved edit).
SAVE_ON_FINALIZE = True
_by_settings: dict[int, tuple[dict, ParseCache]] = {}


def fingerprint(settings: dict) -> str:
    """Everything besides the file's text that decides what the reader returns."""
    parts = [repr(sorted((settings.get("MARKDOWN") or {}).items(), key=lambda kv: kv[0])),
             repr(settings.get("FORMATTED_FIELDS")), "/".join(c.__name__ for c in SafeLoader.__mro__[:2])]
    for package in ("pelican", "markdown", "pyyaml", "pelican-yaml-metadata", "nh3"):
        try:
            parts.append(f"{package}={package_metadata.version(package)}")
        except package_metadata.PackageNotFoundError:
            parts.append(f"{package}=?")
    for module in (Path(__file__), Path(figures.__file__), Path(inline_prefilter.__file__),
                   Path(block_prefilter.__file__), Path(markup.__file__), Path(quickyaml.__file__),
                   Path(sanitize.__file__), Path(safety.__file__)):
        parts.append(hashlib.sha256(module.read_bytes()).hexdigest())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def cache_for(settings: dict) -> ParseCache:
    """One cache per site and settings object (looked up once, not per file)."""
    known = _by_settings.get(id(settings))
    if known is not None and known[0] is settings:
        return known[1]
    if not settings.get("BANTIN_PARSE_CACHE", True) or not settings.get("CACHE_PATH"):
        cache = _caches.setdefault("", ParseCache(None))
    else:
        site = hashlib.sha256(os.path.abspath(str(settings.get("PATH", ""))).encode()).hexdigest()[:12]
        path = Path(settings["CACHE_PATH"]) / f"parsed-{fingerprint(settings)}-{site}"
        cache = _caches.setdefault(str(path), ParseCache(path))
    _by_settings[id(settings)] = (settings, cache)
    return cache


class CachedYAMLReader(YAMLMetadataReader):
    """pelican-yaml-metadata's reader with libyaml and a parse cache."""

    def read(self, source_path: str) -> tuple[str, dict]:
        with pelican_open(source_path) as text:
            key = hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()
        cache = cache_for(self.settings)
        entry = cache.get(key)
        if entry is None:
            match = HEADER_RE.fullmatch(text)
            if not match:  # no front matter: the plain Markdown reader, as the plugin does
                return super().read(source_path)
            front = self._load_yaml(match.group("metadata"), source_path)
            if front is None:
                return self._md.reset().convert(match.group("content")), {}
            formatted = {name: self._format(v) for name, v in front.items()
                         if v is not None and str(name).lower() in self.settings["FORMATTED_FIELDS"]}
            # Cleaned here, once, and cached so: safety.sanitize_content does not clean it again.
            summary = front.get("summary")
            entry = (sanitize.clean_html(self._md.reset().convert(match.group("content"))), front, formatted,
                     None if summary is None or "summary" in formatted else summary_html(summary))
            cache.put(key, entry)
        body, front, formatted, summary_cleaned = entry
        metadata = self._pelican_metadata(front, formatted, source_path)
        metadata["source_digest"] = key  # pipeline/site/writer.py: has this article changed?
        if summary_cleaned is not None and metadata.get("summary") == front.get("summary"):
            metadata["summary"] = cleaned_by_reader(summary_cleaned)  # cleaned once, when parsed
        return cleaned_by_reader(body), metadata

    def _format(self, value: Any) -> str:
        text = "\n".join(str(v) for v in value if v is not None) if isinstance(value, list) else str(value)
        return self._md.reset().convert(text)

    def _load_yaml(self, text: str, source_path: str) -> dict | None:
        try:
            front = yaml.load(text, Loader=SafeLoader)
        except yaml.YAMLError:
            log.exception("Error parsing YAML for file '%s", source_path)
            return None
        if not isinstance(front, dict):
            log.error("YAML header didn't parse as a dict for file '%s'", source_path)
            return None
        return front

    def _pelican_metadata(self, front: dict, formatted: dict[str, str], source_path: str) -> dict:
        """Front matter → Pelican metadata, as pelican-yaml-metadata does, with cached formatted fields."""
        output: dict[str, Any] = {}
        for raw_name, raw_value in front.items():
            if raw_value is None:
                continue
            name = str(raw_name).lower()
            value = [v for v in raw_value if v is not None] if isinstance(raw_value, list) else raw_value
            if raw_name in formatted:
                value = formatted[raw_name]
            elif isinstance(value, list) and len(value) > 1 and name == "author":
                name = "authors"
            elif isinstance(value, list) and name in DUPES_NOT_ALLOWED:
                if len(value) > 1:
                    log.warning("Duplicate definition of '%s' for '%s' ('%r') - using the first one ('%s')",
                                name, source_path, value, value[0])
                value = value[0]
            if name in _DATES and (moment := iso_datetime(value)) is not None:
                value = moment
            elif name in YAML_METADATA_PROCESSORS:
                value = YAML_METADATA_PROCESSORS[name](value, self.settings)
            if value is not _DEL:  # the plugin's "leave this key out" marker
                output[name] = value
        return output


_DATES = {"date", "modified"}
# dateutil's tzoffset, taken from what Pelican's parser returns (dateutil is Pelican's dependency, not ours).
_TZOFFSET: Any = type(get_date("2000-01-01T00:00+07:00").tzinfo)


def iso_datetime(value: Any) -> SafeDatetime | None:
    """'2026-03-04T10:00+07:00' (what ingest writes) as the plugin's dateutil parse returns it, 20× faster.

    The same class (SafeDatetime) and the same tzinfo object (dateutil's cached `tzoffset(None, s)`),
    so everything downstream sees no difference. Anything else (naive, UTC, other spellings): None,
    and the plugin's parser handles it.
    """
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    offset = parsed.utcoffset()
    if offset is None or not offset or offset.microseconds:
        return None
    return SafeDatetime(parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second,
                        parsed.microsecond, tzinfo=_TZOFFSET(None, int(offset.total_seconds())))


def add_reader(readers: Any) -> None:
    for extension in CachedYAMLReader.file_extensions:
        readers.reader_classes[extension] = CachedYAMLReader


def save_caches(_pelican: Any = None, force: bool = False) -> None:
    if not (SAVE_ON_FINALIZE or force):
        return
    for cache in _caches.values():
        try:
            cache.save()
        except OSError as error:
            log.warning("Không ghi được bộ nhớ đệm '%s': %s", cache.path, error)


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.finalized.connect(save_caches)
