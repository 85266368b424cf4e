"""The corpus: every article of the site, for rules that compare the checked articles with every other one.

Checked articles (targets) are fully parsed; with --changed-since the thousands of others are only
skimmed (title and slug lines, the body as text), which keeps a three-article check of a
10,000-article site within a second or so. Near-duplicate bodies are found with word 4-shingles:
candidates come from a bottom-k sketch of each body's shingle hashes (whole site) or from
a few literal probes (few targets), and every candidate pair is then measured exactly.
"""

from __future__ import annotations

import bisect
import heapq
import os
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.checks.api import Doc
from pipeline.content.frontmatter import read_keys, split_front_matter

SHINGLE = 4
MIN_SHINGLES = 30  # shorter bodies are compared by title only: short texts repeat by nature
NEAR_DUPLICATE = 0.8  # share of the smaller body's shingles found in the other
BOTTOM_K = 12
_MIN_SHARED = 2  # a pair at 80% shares about ten of twelve; two already rules out chance
_POSTING_CAP = 50  # a shingle in more articles than this is boilerplate, not evidence
_PROBES = 8
_PROBE_WORDS = 8
_IMAGE_MD = re.compile(r"!\[(?:\\.|[^\]\\])*\]\([^)]*\)")
_IMAGE_PATH = re.compile(r"images/\d{4}/[^\s\"'()<>\]]+")
_TRAILING = " \t.!?:;…"


def title_key(title: str) -> str:
    """Titles that read the same: case, spacing, Unicode form and final punctuation ignored."""
    return " ".join(unicodedata.normalize("NFC", title).casefold().split()).rstrip(_TRAILING)


@dataclass(eq=False)  # identity: entries are compared and hashed as objects
class Entry:
    name: str  # the file's path as a string (Path objects cost too much for 10,000 files)
    slug: str
    title: str
    blob: bytes  # the body as UTF-8: skimmed files are searched without decoding them
    raw: bytes = b""  # the whole file (skimmed files), for references to image folders
    doc: Doc | None = None  # set for the articles being checked
    _shingles: frozenset[int] | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.doc.path if self.doc is not None else Path(self.name)

    @property
    def body(self) -> str:
        return self.doc.article.body if self.doc is not None else self.blob.decode("utf-8", "replace")

    @property
    def shingles(self) -> frozenset[int]:
        if self._shingles is None:
            body = self.body
            if "![" in body:
                body = _IMAGE_MD.sub(" ", body)
            words = body.lower().split()  # punctuation stays on words: cheap, and copies keep it
            grams = zip(*(words[i:] for i in range(SHINGLE)))
            self._shingles = frozenset(map(hash, grams))
        return self._shingles


_SKIM_KEYS = frozenset({"slug", "title"})


def _skim(name: str) -> Entry | None:
    """Slug, title and body of an article that is not being checked, read as fast as possible."""
    try:
        with open(name, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    if not raw.startswith(b"---"):
        return None
    header, body, _line = split_front_matter(raw.decode("utf-8", "replace"))
    if header is None:
        return None
    fields = read_keys(header, _SKIM_KEYS) or {}
    slug, title = fields.get("slug"), fields.get("title")
    return Entry(name, _text(slug) or os.path.splitext(os.path.basename(name))[0], _text(title),
                 body.encode("utf-8"), raw)


def _text(value: object) -> str:
    """A title or slug as one line of text (YAML may have folded it, or read a number)."""
    return " ".join(str(value).split()) if value is not None else ""


def _entry_of(doc: Doc) -> Entry:
    meta = doc.meta
    slug = meta.get("slug") if isinstance(meta.get("slug"), str) and meta.get("slug") else doc.path.stem
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    return Entry(str(doc.path), str(slug), str(title), doc.article.body.encode("utf-8"), b"", doc)


class Corpus:
    def __init__(self, content: Path, all_paths: Sequence[str | Path], targets: Sequence[Doc],
                 extra_image_folders: Sequence[Path] = ()):
        self.content = content
        self.targets = list(targets)
        self.extra_image_folders = list(extra_image_folders)
        self.entries: list[Entry] = [_entry_of(d) for d in targets]
        cwd = os.getcwd()
        seen = {os.path.normpath(os.path.join(cwd, d.path)) for d in targets}
        for path in all_paths:
            name = str(path)
            if os.path.normpath(os.path.join(cwd, name)) not in seen:
                entry = _skim(name)
                if entry is not None:
                    self.entries.append(entry)

    @property
    def target_entries(self) -> list[Entry]:
        return [e for e in self.entries if e.doc is not None]

    @property
    def others(self) -> list[Entry]:
        return [e for e in self.entries if e.doc is None]

    # -- titles and slugs ------------------------------------------------------------

    def same(self, key: str) -> dict[str, list[Entry]]:
        """Entries grouped by slug ('slug') or title key ('title'), for the keys of the targets.

        Only titles about as long as a target's are normalised: that is all that can match.
        """
        groups: dict[str, list[Entry]] = defaultdict(list)
        if key == "slug":
            for e in self.entries:
                if e.slug:
                    groups[e.slug].append(e)
            return groups
        wanted = {title_key(e.title) for e in self.target_entries if e.title}
        lengths = {len(k) for k in wanted}
        for e in self.entries:
            n = len(e.title)
            if e.title and any(abs(n - m) <= max(8, m // 4) for m in lengths):
                value = title_key(e.title)
                if value in wanted:
                    groups[value].append(e)
        return groups

    # -- near-duplicate bodies -----------------------------------------------------------

    def near_duplicates(self) -> Iterator[tuple[Entry, Entry, float]]:
        """(target, other, similarity) for every pair at or above NEAR_DUPLICATE."""
        targets = [e for e in self.target_entries if len(e.shingles) >= MIN_SHINGLES]
        if not targets:
            return
        if len(targets) * 20 < len(self.entries):
            pairs = self._probe_candidates(targets)
        else:
            pairs = self._index_candidates()
        for a, b in pairs:
            sa, sb = a.shingles, b.shingles
            if min(len(sa), len(sb)) < MIN_SHINGLES:
                continue
            similarity = len(sa & sb) / min(len(sa), len(sb))
            if similarity >= NEAR_DUPLICATE:
                yield a, b, similarity

    def _index_candidates(self) -> set[tuple[Entry, Entry]]:
        """Pairs sharing at least _MIN_SHARED of their BOTTOM_K smallest shingle hashes (bottom-k sketches).

        A hash among the larger body's BOTTOM_K smallest that lies in the shared part is also among
        the smaller body's smallest. With 80% of the smaller body shared, each of the larger one's
        smallest lies there with probability >= 0.8 (for bodies of equal size), so missing a pair
        needs 11 of 12 to fall outside: well under one in a million.
        """
        entries = [e for e in self.entries if len(e.shingles) >= MIN_SHINGLES]
        postings: dict[int, list[int]] = defaultdict(list)
        for n, e in enumerate(entries):
            for h in heapq.nsmallest(BOTTOM_K, e.shingles):
                postings[h].append(n)
        shared: Counter[tuple[int, int]] = Counter()
        for ids in postings.values():
            if 1 < len(ids) <= _POSTING_CAP:
                for i in range(len(ids)):
                    for j in range(i + 1, len(ids)):
                        shared[(ids[i], ids[j])] += 1
        out = set()
        for (i, j), count in shared.items():
            a, b = entries[i], entries[j]
            if count >= _MIN_SHARED and (a.doc is not None or b.doc is not None):
                out.add((a, b) if a.doc is not None else (b, a))
        return out

    def _probe_candidates(self, targets: list[Entry]) -> set[tuple[Entry, Entry]]:
        """Entries holding at least 60% of a target's literal probes.

        All bodies are joined into one buffer so each probe is one fast C-level search over the
        whole site, instead of one search per article.
        """
        starts: list[int] = []
        position = 0
        for e in self.entries:
            starts.append(position)
            position += len(e.blob) + 1
        haystack = b"\0".join(e.blob for e in self.entries)
        out = set()
        for t in targets:
            probes = [p.encode("utf-8") for p in _probes(t.body)]
            if not probes:
                continue
            need = max(1, int(len(probes) * 0.6 + 0.5))
            counts: Counter[int] = Counter()
            for probe in probes:
                found = haystack.find(probe)
                while found >= 0:
                    k = bisect.bisect_right(starts, found) - 1
                    counts[k] += 1
                    found = haystack.find(probe, starts[k + 1]) if k + 1 < len(starts) else -1
            for k, count in counts.items():
                if count >= need and self.entries[k] is not t:
                    out.add((t, self.entries[k]))
        return out

    # -- image folders ---------------------------------------------------------------

    def references_into(self, folders: set[Path]) -> set[str]:
        """Image paths ('images/2026/slug/anh-1.jpg') that skimmed articles mention inside `folders`."""
        fragments = [f"images/{f.parent.name}/{f.name}/".encode() for f in folders]
        out: set[str] = set()
        for e in self.others:
            if any(fr in e.raw for fr in fragments):
                out.update(_IMAGE_PATH.findall(e.raw.decode("utf-8", "replace")))
        return out


def _probes(body: str) -> list[str]:
    """A few literal 8-word runs of the body that any lightly edited copy of the text still holds.

    Runs of eight words rarely repeat between different articles, even in boilerplate-heavy news,
    so few unrelated articles pass the probe and need the exact (slower) comparison. Runs with a
    number (a date, a count, an amount) come first, being the most specific to one article; then a
    stable hash decides, so an article gets the same probes in every run (Python's own str hash
    changes from process to process). The chosen runs never overlap: one edited word spoils at most
    one probe, where overlapping runs around the same number used to be spoiled together.
    """
    windows: list[tuple[bool, int, int, int, str]] = []
    for n, line in enumerate(body.split("\n")):
        if line.startswith(("![", "#", "<")):
            continue
        words = line.split()
        for i in range(len(words) - _PROBE_WORDS + 1):
            text = " ".join(words[i:i + _PROBE_WORDS])
            windows.append((not any(c.isdigit() for c in text), zlib.crc32(text.encode("utf-8")), n, i, text))
    windows.sort()
    chosen: list[str] = []
    taken: set[tuple[int, int]] = set()
    for _no_digit, _hash, n, i, text in windows:
        span = {(n, k) for k in range(i, i + _PROBE_WORDS)}
        if span & taken or text in chosen:
            continue
        chosen.append(text)
        taken |= span
        if len(chosen) == _PROBES:
            break
    return chosen
