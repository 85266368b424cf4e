"""The whole site, for rules that compare the checked articles with every other one.

Checked articles (targets) are fully parsed; with --changed-since the thousands of others are only
skimmed (title and slug lines, the body as text), which keeps a three-article check of a
10,000-article site within a second or so. Near-duplicate bodies are found with word 4-shingles:
candidates come from an inverted index of a hash-sampled subset of shingles (whole site) or from
a few literal probes (few targets), and every candidate pair is then measured exactly.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.articles import split_front_matter
from pipeline.checks.engine import Doc

SHINGLE = 4
MIN_SHINGLES = 30  # shorter bodies are compared by title only: short texts repeat by nature
NEAR_DUPLICATE = 0.8  # share of the smaller body's shingles found in the other
_POSTING_CAP = 100  # a shingle in more articles than this is boilerplate, not evidence
_PROBES = 8
_IMAGE_MD = re.compile(r"!\[(?:\\.|[^\]\\])*\]\([^)]*\)")
_WORD = re.compile(r"\w+")
_TOP_KEY = re.compile(r"^(title|slug):[ \t]*(.*(?:\n[ \t]+\S.*)*)", re.MULTILINE)
_IMAGE_PATH = re.compile(r"images/\d{4}/[^\s\"'()<>\]]+")
_TRAILING = " \t.!?:;…"


def _abs(path: Path) -> str:
    return os.path.normpath(os.path.abspath(path))


def title_key(title: str) -> str:
    """Titles that read the same: case, spacing, Unicode form and final punctuation ignored."""
    return " ".join(unicodedata.normalize("NFC", title).casefold().split()).rstrip(_TRAILING)


def _scalar(raw: str) -> str | None:
    """A YAML scalar from its source text, fast for the plain and single-quoted cases the writer uses."""
    text = raw.strip()
    if not text:
        return ""
    if text[0] == "'" and text.endswith("'") and "\n\n" not in text:
        return " ".join(text[1:-1].split()).replace("''", "'")
    if text[0] not in "\"|>&*!%@`[{#" and " #" not in text and ": " not in text:
        return " ".join(text.split())
    try:
        value = yaml.safe_load("v: " + raw.strip("\n"))
    except yaml.YAMLError:
        return None
    return str(value["v"]) if isinstance(value, dict) and value.get("v") is not None else None


@dataclass
class Entry:
    path: Path
    slug: str
    title: str
    body: str
    text: str  # the whole file, for finding references to image folders
    doc: Doc | None = None  # set for the articles being checked
    _shingles: frozenset[int] | None = field(default=None, repr=False)

    @property
    def shingles(self) -> frozenset[int]:
        if self._shingles is None:
            body = _IMAGE_MD.sub(" ", self.body) if "![" in self.body else self.body
            words = _WORD.findall(body.lower())
            grams = zip(*(words[i:] for i in range(SHINGLE)))
            self._shingles = frozenset(map(hash, grams))
        return self._shingles


def _skim(path: Path) -> Entry | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    header, body, _ = split_front_matter(text)
    if header is None:
        return None
    found = {m[1]: _scalar(m[2]) for m in _TOP_KEY.finditer(header)}
    return Entry(path, str(found.get("slug") or path.stem), str(found.get("title") or ""), body, text)


def _entry_of(doc: Doc) -> Entry:
    meta = doc.meta
    slug = meta.get("slug") if isinstance(meta.get("slug"), str) and meta.get("slug") else doc.path.stem
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    return Entry(doc.path, str(slug), str(title), doc.article.body, "", doc)


class Site:
    def __init__(self, content: Path, all_paths: Sequence[Path], targets: Sequence[Doc],
                 extra_image_folders: Sequence[Path] = ()):
        self.content = content
        self.targets = list(targets)
        self.extra_image_folders = list(extra_image_folders)
        self.entries: list[Entry] = [_entry_of(d) for d in targets]
        seen = {_abs(d.path) for d in targets}
        for path in all_paths:
            if _abs(path) not in seen:
                entry = _skim(path)
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
        """Entries grouped by title key ('title') or slug ('slug')."""
        groups: dict[str, list[Entry]] = defaultdict(list)
        for e in self.entries:
            value = title_key(e.title) if key == "title" else e.slug
            if value:
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
        entries = [e for e in self.entries if len(e.shingles) >= MIN_SHINGLES]
        mask = 0 if len(entries) <= 500 else 7  # small sites: every shingle; large: one in eight
        postings: dict[int, list[int]] = defaultdict(list)
        sampled: list[int] = []
        for n, e in enumerate(entries):
            keep = [h for h in e.shingles if not h & mask]
            sampled.append(len(keep))
            for h in keep:
                postings[h].append(n)
        shared: Counter[tuple[int, int]] = Counter()
        for ids in postings.values():
            if 1 < len(ids) <= _POSTING_CAP:
                for i in range(len(ids)):
                    for j in range(i + 1, len(ids)):
                        shared[(ids[i], ids[j])] += 1
        out = set()
        for (i, j), count in shared.items():
            if count >= max(1, 0.5 * min(sampled[i], sampled[j])) and (entries[i].doc or entries[j].doc):
                a, b = (entries[i], entries[j]) if entries[i].doc else (entries[j], entries[i])
                out.add((a, b))
        return out

    def _probe_candidates(self, targets: list[Entry]) -> set[tuple[Entry, Entry]]:
        out = set()
        for t in targets:
            probes = _probes(t.body)
            if not probes:
                continue
            allowed_misses = len(probes) - max(1, int(len(probes) * 0.6 + 0.5))
            for e in self.entries:
                if e is t:
                    continue
                misses = 0
                for p in probes:
                    if p not in e.body:
                        misses += 1
                        if misses > allowed_misses:
                            break
                else:
                    out.add((t, e))
        return out

    # -- image folders ---------------------------------------------------------------

    def references_into(self, folders: set[Path]) -> set[str]:
        """Image paths ('images/2026/slug/anh-1.jpg') that skimmed articles mention inside `folders`."""
        fragments = [f"images/{f.parent.name}/{f.name}/" for f in folders]
        out: set[str] = set()
        for e in self.others:
            if any(fr in e.text for fr in fragments):
                out.update(_IMAGE_PATH.findall(e.text))
        return out


def _probes(body: str) -> list[str]:
    """A few literal 4-word runs of the body, chosen by hash so any copy of the text has them too."""
    windows: set[str] = set()
    for line in body.split("\n"):
        if line.startswith(("![", "#", "<")):
            continue
        words = line.split()
        for i in range(len(words) - SHINGLE + 1):
            windows.add(" ".join(words[i:i + SHINGLE]))
    return sorted(windows, key=hash)[:_PROBES]
