"""The search index files (docs/site.md#search): term shards, one small file per page, facets, meta.

Layout under the bundle folder (`search-index/`):

- `meta.json` — fetched first on each search (revalidated): the version folder, page count, shard
  count, score step, year → page-id range, and the names of the topic/unit/kind filter values.
- `<version>/t/<shard>.gz` — gzip JSON `{term: [id gaps, scores]}` for every term whose CRC-32 falls
  in the shard. Ids count from the newest page (id order is date order, so a year is an id range and
  sorting by date is sorting ids); `scores` is a string, one base-36 digit (1–35) per page: the page's
  BM25 term-frequency part plus a title bonus, halved on static pages. The reader's script multiplies it
  by the term's IDF, which it computes from the list's length.
- `<version>/p/<id>.gz` — gzip JSON of one page: url, title, date, kind, unit, topic and the start of
  its text (for the excerpt).
- `<version>/facets.gz` — gzip JSON: per page id, the index of its topic, unit and kind (fetched only
  when the reader filters by one of them).

The version is a digest of the content: a browser never mixes files from two builds.
Files are written gzip-compressed and read with the browser's DecompressionStream, so no server
setting is needed for them to travel small.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import math
import os
import shutil
import zlib
from array import array
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from pipeline.site.search_fields import text_terms
from pipeline.site.search_pages import SearchPage

# BM25's usual constants; the body's and metadata's term frequency saturates with k1.
K1 = 1.2
B = 0.75
META_WEIGHT = 2  # a word of the date line, unit, topic or byline counts as two of the body
TITLE_BONUS = 2.0  # above the most the body can give (k1 + 1 = 2.2 only for a very frequent term)
STATIC_FACTOR = 0.5  # static pages below articles
LEVELS = 35  # score digits 1..35 (base 36)
STEP = (K1 + 1 + TITLE_BONUS) / LEVELS
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
MAX_TF = 127  # 7 bits of a posting's code; the 8th says "in the title"
# Of a page's text kept for its excerpt: a whole news item of 500–600 words, so the query is
# marked wherever it is; ≈1.6 KB compressed per page file, ten of them per screen of results.
TEXT_CHARS = 4000
SHARD_BYTES = 6000  # aim for shards about this size, compressed


def _gzip(data: bytes) -> bytes:
    # Level 6: within 1% of level 9's size on the shards, at a sixth of its time.
    return gzip.compress(data, compresslevel=6, mtime=0)


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def shard_of(term: str, shards: int) -> int:
    """The shard holding `term` (search.js computes the same CRC-32 of the UTF-8 bytes)."""
    return zlib.crc32(term.encode("utf-8")) % shards


class IndexWriter:
    """Add pages in any order, then `finish`. Memory: the postings (4 bytes a term of a page) and
    a few numbers per page; page texts go to disk as they come."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.work = folder / ".work"
        shutil.rmtree(self.work, ignore_errors=True)
        (self.work / "p").mkdir(parents=True)
        self.postings: dict[str, array] = {}
        self.lengths = array("I")
        self.static = bytearray()
        self.dates: list[datetime | None] = []
        self.urls: list[str] = []
        self.facets: list[tuple[str, str, str]] = []
        self.digests: list[bytes] = []  # of each page's file, for the version

    def add(self, page: SearchPage) -> None:
        pid = len(self.urls)
        title = set(text_terms([page.title]))
        tf = Counter(text_terms([page.body]))
        self.lengths.append(sum(count for term, count in tf.items() if " " not in term))
        for term, count in Counter(text_terms([page.meta_text])).items():
            tf[term] += META_WEIGHT * count
        for term in title:
            tf[term] += 0
        postings = self.postings
        shifted = pid << 8
        for term, count in tf.items():
            code = shifted | (min(MAX_TF, count) << 1) | (term in title)
            found = postings.get(term)
            if found is None:
                postings[term] = array("I", (code,))
            else:
                found.append(code)
        self.static.append(page.static)
        self.dates.append(page.date)
        self.urls.append(page.url)
        self.facets.append((page.topic, page.unit, page.kind))
        record = {"url": page.url, "title": page.title, "date": page.date_text, "kind": page.kind,
                  "unit": page.unit, "topic": page.topic, "text": _cut(page.body, TEXT_CHARS)}
        data = _gzip(_dump(record))
        self.digests.append(hashlib.sha256(data).digest())
        (self.work / "p" / f"{pid}.gz").write_bytes(data)

    def finish(self) -> int:
        """Write the bundle; returns the number of pages."""
        count = len(self.urls)
        order = sorted(range(count), key=lambda p: (self.dates[p] is None, -_stamp(self.dates[p]), self.urls[p]))
        final = array("I", bytes(4 * count))
        for new, old in enumerate(order):
            final[old] = new
        levels = self._levels()
        stage = self.work / "stage"
        digest = hashlib.sha256()
        (stage / "p").mkdir(parents=True)
        for new, old in enumerate(order):
            digest.update(self.digests[old])
            os.replace(self.work / "p" / f"{old}.gz", stage / "p" / f"{new}.gz")
        shards = self._write_shards(stage / "t", final, levels, digest)
        facets, names = self._facets(order)
        data = _gzip(_dump(facets))
        digest.update(data)
        (stage / "facets.gz").write_bytes(data)
        version = digest.hexdigest()[:12]
        os.replace(stage, self.folder / version)
        meta = {"version": version, "pages": count, "shards": shards, "step": STEP,
                "years": self._years(order), "values": names}
        (self.folder / "meta.json").write_bytes(_dump(meta))
        shutil.rmtree(self.work, ignore_errors=True)
        return count

    def _levels(self) -> list[bytes]:
        """Per page, code (tf << 1 | in title) → score digit index (1..35)."""
        count = len(self.lengths)
        average = (sum(self.lengths) / count) if count else 1.0
        tables: dict[tuple[int, bool], bytes] = {}
        result = []
        for pid in range(count):
            norm = K1 * (1 - B + B * self.lengths[pid] / (average or 1.0))
            key = (round(norm * 20), bool(self.static[pid]))  # pages of similar length share a table
            table = tables.get(key)
            if table is None:
                table = tables[key] = _level_table(key[0] / 20, key[1])
            result.append(table)
        return result

    def _write_shards(self, folder: Path, final: array, levels: list[bytes], digest) -> int:  # type: ignore[no-untyped-def]
        # Compressed, a posting costs about 1.3 bytes (its gap and its score digit), a term its letters.
        estimate = sum(len(term) + 1.3 * len(codes) for term, codes in self.postings.items())
        shards = max(1, round(estimate / SHARD_BYTES))
        buckets: list[list[str]] = [[] for _ in range(shards)]
        for term in self.postings:
            buckets[shard_of(term, shards)].append(term)
        folder.mkdir(parents=True)
        postings = self.postings
        for number, terms in enumerate(buckets):
            shard = {}
            for term in sorted(terms):
                entries = sorted((final[code >> 8] << 8) | levels[code >> 8][code & 255] for code in postings[term])
                ids = [entry >> 8 for entry in entries]
                gaps = [ids[0], *(b - a for a, b in itertools.pairwise(ids))]
                shard[term] = [gaps, "".join(DIGITS[entry & 255] for entry in entries)]
            data = _gzip(_dump(shard))
            digest.update(data)
            (folder / f"{number:x}.gz").write_bytes(data)
        return shards

    def _facets(self, order: list[int]) -> tuple[dict[str, list[int]], dict[str, list[str]]]:
        names: dict[str, list[str]] = {"topic": [""], "unit": [""], "kind": [""]}
        index: dict[str, dict[str, int]] = {key: {"": 0} for key in names}
        columns: dict[str, list[int]] = {key: [] for key in names}
        for old in order:
            for key, value in zip(("topic", "unit", "kind"), self.facets[old], strict=True):
                if value not in index[key]:
                    index[key][value] = len(names[key])
                    names[key].append(value)
                columns[key].append(index[key][value])
        return columns, names

    def _years(self, order: list[int]) -> dict[str, list[int]]:
        """Year → [first id, last id + 1]: ids are in date order, so each year is one range."""
        years: dict[str, list[int]] = {}
        for new, old in enumerate(order):
            date = self.dates[old]
            if date is None:
                continue
            span = years.setdefault(str(date.year), [new, new])
            span[1] = new + 1
        return years


def _stamp(date: datetime | None) -> float:
    if date is None:
        return 0.0
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    return date.timestamp()


def _level_table(norm: float, static: bool) -> bytes:
    table = bytearray(256)
    for code in range(256):
        tf, in_title = code >> 1, code & 1
        score = (tf * (K1 + 1) / (tf + norm) if tf else 0.0) + TITLE_BONUS * in_title
        if static:
            score *= STATIC_FACTOR
        table[code] = max(1, min(LEVELS, math.ceil(score / STEP - 1e-9)))
    return bytes(table)


def _cut(text: str, limit: int) -> str:
    """`text` up to `limit` characters, ended at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut
