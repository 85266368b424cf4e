"""Run the registered rules over articles: severities, silencing, site-wide comparisons.

A rule module yields `Hit`s (a Vietnamese message and a line); the engine turns them into
`Finding`s (pipeline.core.messages.Message: code, level, text, file, line), applies the severity from
editorial.yml (`checks: severity:`), drops what an article silences with `checks_ignore`, and
sorts the result. Only programming errors raise; bad input becomes a finding.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.content.frontmatter import ArticleFile, article_paths, read_article
from pipeline.core.config import Config
from pipeline.core.messages import Level, Message
from pipeline.core.workcal import WorkCalendar

Finding = Message

IGNORE_KEY = "checks_ignore"


@dataclass(frozen=True)
class Hit:
    """What a rule reports: the message, a 1-based line, and the file when it is not the article."""

    message: str
    line: int | None = None
    file: Path | None = None


class CheckError(Exception):
    """The check cannot run at all (no content folder, bad Git reference); the text is Vietnamese."""


def display_path(path: Path) -> str:
    """Path as users and CI see it: relative to the working directory when inside it, with '/'."""
    try:
        rel = os.path.relpath(path.resolve(), Path.cwd().resolve())
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if rel.startswith(".."):
        return path.resolve().as_posix()
    return Path(rel).as_posix()


@dataclass
class Doc:
    """One article being checked, with the parsed pieces several rules need, computed once."""

    article: ArticleFile

    @property
    def path(self) -> Path:
        return self.article.path

    @property
    def meta(self) -> dict[str, Any]:
        return self.article.meta

    @cached_property
    def lines(self) -> list[str]:
        return self.article.body.split("\n")

    def body_line(self, index: int) -> int:
        """File line of body line `index` (0-based)."""
        return self.article.body_line + index

    def key_line(self, key: str) -> int | None:
        return self.article.line_of(key)

    @cached_property
    def header_lines(self) -> list[str]:
        """The front matter as written, for nested keys that `key_lines` does not index."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return []
        return text.split("\n")[: max(self.article.body_line - 1, 0)]

    def line_containing(self, needle: str, after_key: str | None = None) -> int | None:
        """First front-matter line containing `needle` (at or after `after_key`'s line)."""
        start = (self.key_line(after_key) or 1) if after_key else 1
        for n, line in enumerate(self.header_lines, start=1):
            if n >= start and needle in line:
                return n
        return self.key_line(after_key) if after_key else None

    def text(self, key: str) -> str:
        value = self.meta.get(key)
        return value.strip() if isinstance(value, str) else ""

    def datetime_of(self, key: str) -> datetime | None:
        return self.article.datetime_of(key)

    @cached_property
    def cache(self) -> dict[str, Any]:
        """Shared, per-article results of helpers (image references, HTML scan)."""
        return {}


@dataclass
class Context:
    """What rules may consult: configuration, content folder, calendar, and the site (site rules)."""

    config: Config
    content: Path
    known_codes: frozenset[str] = frozenset()
    site: Any = None  # pipeline.checks.corpus.Site, for site-wide rules
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def calendar(self) -> WorkCalendar:
        return self.config.calendar

    def static_path(self, ref: str, doc: Doc | None = None) -> Path | None:
        """Where a site path points on disk: '{static}/images/x.jpg' and 'images/x.jpg' → content/images/x.jpg."""
        ref = ref.strip()
        for prefix in ("{static}", "{filename}", "{attach}", "|static|", "|filename|", "|attach|"):
            if ref.startswith(prefix):
                rest = ref[len(prefix):]
                # Pelican: a leading '/' is the content root, otherwise the article's folder.
                if rest.startswith("/") or doc is None:
                    return self.content / rest.lstrip("/")
                return doc.path.parent / rest
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref) or ref.startswith("//"):
            return None  # an address outside the site
        return self.content / ref.lstrip("/")


@dataclass
class CheckRun:
    findings: list[Finding]
    checked: int  # articles checked


def _severity_map(config: Config, rules: Sequence[Any]) -> dict[str, Level | None]:
    out: dict[str, Level | None] = {}
    for rule in rules:
        wanted = config.check_severity.get(rule.code)
        out[rule.code] = None if wanted == "off" else Level(wanted) if wanted else rule.severity
    return out


def collect_targets(content: Path, paths: Sequence[Path]) -> list[Path]:
    """Articles named on the command line: files as given, folders searched like content/."""
    out: list[Path] = []
    for path in paths:
        if not path.exists():
            raise CheckError(f"Không tìm thấy '{path}'; hãy kiểm tra lại đường dẫn bài viết.")
        if path.is_dir():
            inside = _is_relative(path, content)
            out.extend(article_paths(content) if path.resolve() == content.resolve()
                       else (p for p in sorted(path.rglob("*.md")) if not inside or _is_article(p, content)))
        else:
            out.append(path)
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def list_articles(content: Path) -> list[str]:
    """Same files as pipeline.content.frontmatter.article_paths, as strings, without walking the photo folders."""
    out: list[str] = []
    top = os.fspath(content)
    for folder, dirs, files in os.walk(top):
        if folder == top:
            dirs[:] = [d for d in dirs if d not in ("pages", "images", "extra")]
        out.extend(os.path.join(folder, f) for f in files if f.endswith(".md"))
    out.sort(key=lambda name: Path(name).parts if os.sep != "/" else name.split("/"))
    return out


def _is_relative(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _is_article(path: Path, content: Path) -> bool:
    rel = path.resolve().relative_to(content.resolve()).parts
    return not (rel and rel[0] in ("pages", "images", "extra"))


def run_checks(
    config: Config,
    content: Path,
    targets: Sequence[Path] | None = None,
    image_folders: Iterable[Path] = (),
) -> CheckRun:
    """Check `targets` (default: every article in `content`) against every enabled rule.

    Site-wide rules compare the targets with every article in `content` but report only on
    targets. `image_folders` are photo folders (content/images/<yyyy>/<slug>/) that changed:
    the article with that slug is checked too, and a folder without an article (its article
    was deleted) is inspected for files nothing uses.
    """
    from pipeline.checks import registry
    from pipeline.checks.corpus import Site

    if not content.is_dir():
        raise CheckError(
            f"Không tìm thấy thư mục bài viết '{content}'; hãy chạy lệnh trong thư mục dự án "
            "hoặc chỉ rõ bằng --content."
        )
    rules = registry.load_rules()
    levels = _severity_map(config, rules)
    ctx = Context(config, content, frozenset(r.code for r in rules))
    all_paths = list_articles(content)
    target_paths = [Path(p) for p in all_paths] if targets is None else list(targets)
    orphan_folders: list[Path] = []
    if image_folders:
        by_stem: dict[str, list[Path]] = {}
        for name in all_paths:
            by_stem.setdefault(os.path.splitext(os.path.basename(name))[0], []).append(Path(name))
        chosen = {os.path.abspath(p) for p in target_paths}
        for folder in image_folders:
            owners = by_stem.get(folder.name, [])
            if not owners:
                orphan_folders.append(folder)
            for p in owners:
                if os.path.abspath(p) not in chosen:
                    chosen.add(os.path.abspath(p))
                    target_paths.append(p)
    docs = [Doc(read_article(p)) for p in target_paths]

    by_code = {r.code: r for r in rules}
    findings: list[Finding] = []
    fired: dict[int, set[str]] = {}
    silences: dict[int, dict[str, str]] = {}
    ignore_rule = by_code["BT002"].module

    def emit(code: str, doc: Doc | None, hit: Hit) -> None:
        level = levels.get(code)
        if level is None:
            return
        if doc is not None:
            fired.setdefault(id(doc), set()).add(code)
            if code in silences.get(id(doc), {}):
                return
        file = hit.file if hit.file is not None else doc.path if doc is not None else config.path
        findings.append(Message(code, level, hit.message, display_path(file), hit.line))

    article_rules = [r for r in rules if r.scope == "article" and levels[r.code] is not None]
    for doc in docs:
        if doc.article.error is not None:
            for hit in by_code["BT001"].run(doc, ctx):
                emit("BT001", doc, hit)
            continue
        silences[id(doc)] = ignore_rule.valid_silences(doc.meta, ctx.known_codes)
        for rule in article_rules:
            try:
                for hit in rule.run(doc, ctx):
                    emit(rule.code, doc, hit)
            except Exception as exc:  # noqa: BLE001 - one rule's bug must not hide every other finding
                emit(rule.code, doc, _crashed(rule.code, exc))

    site_rules = [r for r in rules if r.scope == "site" and levels[r.code] is not None]
    readable = [d for d in docs if d.article.error is None]
    if site_rules and (readable or orphan_folders):
        ctx.site = Site(content, all_paths, readable, tuple(orphan_folders))
        for rule in site_rules:
            try:
                for owner, hit in rule.run(ctx.site, ctx):
                    emit(rule.code, owner, hit)
            except Exception as exc:  # noqa: BLE001
                emit(rule.code, None, _crashed(rule.code, exc))

    unused = by_code["BT003"].module
    for doc in readable:
        for hit in unused.unused_silences(doc, silences.get(id(doc), {}), fired.get(id(doc), set()), levels):
            emit("BT003", doc, hit)
    for hit in by_code["BT004"].module.config_problems(config, ctx.known_codes):
        emit("BT004", None, hit)

    findings.sort(key=lambda m: (m.file, m.line or 0, m.code, m.text))
    return CheckRun(findings, len(docs))


def _crashed(code: str, exc: Exception) -> Hit:
    return Hit(f"Không kiểm tra được quy tắc {code} do lỗi chương trình ({type(exc).__name__}: {exc}); "
               "hãy báo cho người quản trị pipeline.")


def apply_strict(findings: Iterable[Finding]) -> list[Finding]:
    """--strict: every warning counts as an error."""
    return [
        Message(m.code, Level.ERROR, m.text, m.file, m.line) if m.level is Level.WARNING else m
        for m in findings
    ]


def iter_lines(doc: Doc, skip_code: bool = True) -> Iterator[tuple[int, str]]:
    """(file line, text) of body lines, outside fenced code blocks by default."""
    fence: str | None = None
    for i, line in enumerate(doc.lines):
        stripped = line.lstrip()
        if skip_code and stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else fence or marker
            continue
        if fence is None:
            yield doc.body_line(i), line
