"""Run the registered rules over articles: severities, silencing, site-wide comparisons.

A rule module yields `Hit`s (a Vietnamese message and a line); the engine turns them into
`Finding`s (pipeline.core.messages.Message: code, level, text, file, line), applies the severity from
editorial.yml (`checks: severity:`), drops what an article silences with `checks_ignore`, and
sorts the result. Only programming errors raise; bad input becomes a finding.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.checks import registry
from pipeline.checks.api import CheckError, Context, Doc, Finding, Hit, display_path
from pipeline.checks.corpus import Corpus
from pipeline.content.frontmatter import read_article
from pipeline.content.layout import article_files, article_paths, is_article
from pipeline.core.config import Config
from pipeline.core.messages import Level, Message


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


def _is_relative(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _is_article(path: Path, content: Path) -> bool:
    return is_article(path.resolve().relative_to(content.resolve()).parts)


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
    if not content.is_dir():
        raise CheckError(
            f"Không tìm thấy thư mục bài viết '{content}'; hãy chạy lệnh trong thư mục dự án "
            "hoặc chỉ rõ bằng --content."
        )
    rules = registry.load_rules()
    levels = _severity_map(config, rules)
    ctx = Context(config, content, frozenset(r.code for r in rules))
    all_paths = article_files(content)
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
        corpus = Corpus(content, all_paths, readable, tuple(orphan_folders))
        for rule in site_rules:
            try:
                for owner, hit in rule.run(corpus, ctx):
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
