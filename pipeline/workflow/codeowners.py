"""Review routing for the forge: `.github/CODEOWNERS` generated from editorial.yml, and a matcher for it.

The file sends each topic folder to its editor, articles of the special units (routed by unit, not by
topic) to their unit's editor, and everything that is not one topic's business to the editor-in-chief.
The matcher follows GitHub's rules: gitignore-like patterns, and the LAST matching line wins.

GitLab reads the same routing from `.gitlab/CODEOWNERS`, written with GitLab's named sections. There a
file needs an approval from EVERY section that matches it, so the sections partition the repository:
"Duyệt bài" holds the article routing (last match wins inside it, as on GitHub), the editor-in-chief's
section owns everything else and excludes (`!path`, GitLab 17.10+) what the other sections own, and the
generated files have a section of their own. Each file then has exactly one section, with the same
owners as on GitHub.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.content.frontmatter import load_articles
from pipeline.content.layout import IMAGES, PAGES
from pipeline.core.config import Config

DEFAULT_OUTPUT = Path(".github/CODEOWNERS")
GITLAB_OUTPUT = Path(".gitlab/CODEOWNERS")
OUTPUTS = (DEFAULT_OUTPUT, GITLAB_OUTPUT)
# GitLab sections (names shown to editors in a merge request's approval list).
CHIEF_SECTION = "Biên tập viên thường trực"
ARTICLES_SECTION = "Duyệt bài"
ROUTING_SECTION = "Phân công duyệt"
# GitHub owners: @user, @org/team, or an email address.
_HANDLE = re.compile(r"^(@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?|[^@\s]+@[^@\s]+\.[^@\s]+)$")
# Project files that only the editor-in-chief approves: the newsroom's rules, the look and the machinery.
CHIEF_PATHS = (
    "/editorial.yml",
    "/.github/",
    "/.gitlab-ci.yml",
    "/theme/",
    "/pipeline/",
    "/pelicanconf.py",
    "/publishconf.py",
    "/Makefile",
    "/pyproject.toml",
    "/tools/",
    "/.ci/",
    "/tests/",
    "/demo/",
    "/bench/",
    "/README.md",
)


@dataclass(frozen=True)
class Rule:
    pattern: str
    owners: tuple[str, ...]
    comment: str = ""  # written on its own line above the rule
    section: str = ARTICLES_SECTION  # GitLab's section; GitHub's file has none


class CodeownersError(Exception):
    """editorial.yml cannot produce a valid CODEOWNERS; the message is Vietnamese."""


# --- building ------------------------------------------------------------------------------


def build_rules(config: Config, content_dir: Path, content_prefix: str = "content", inbox_prefix: str = "submissions") -> list[Rule]:
    """All rules in file order: general first, specific last (the last match wins)."""
    _check_handles(config)
    chief = config.editors[config.editor_in_chief]
    content = "/" + content_prefix.strip("/")
    inbox = "/" + inbox_prefix.strip("/")
    routing = _routing_editors(config)
    shared = tuple(config.editors[e].handle for e in routing)

    rules = [Rule("*", (chief.handle,), f"Mặc định: mọi tệp khác do {chief.name} duyệt.", CHIEF_SECTION)]
    rules.append(Rule(f"{content}/", (chief.handle,), f"Nội dung ngoài các lĩnh vực: {chief.name}."))
    rules.append(Rule(f"{content}/{IMAGES}/", shared,
                      "Ảnh và tệp gốc đã lưu: biên tập viên nào duyệt bài thì duyệt luôn ảnh và tệp gốc của bài."))
    rules.append(Rule(f"{inbox}/", shared))
    for topic in config.topics.values():
        editor = config.editors[topic.editor]
        rules.append(Rule(f"{content}/{topic.slug}/", (editor.handle,), f"Lĩnh vực {topic.name}: {editor.name}."))
    rules += _special_unit_rules(config, content_dir, content, inbox)
    rules.append(Rule(f"{content}/{PAGES}/", (chief.handle,),
                      f"Trang tĩnh, cấu hình, giao diện và mã nguồn: {chief.name} (biên tập viên thường trực)."))
    rules += [Rule(p, (chief.handle,), section=CHIEF_SECTION) for p in CHIEF_PATHS]
    # The generated file itself: any routing editor may approve it, because CI (`--check`) only lets
    # through exactly what editorial.yml (the chief's file) and the articles produce.
    rules.append(Rule(f"/{DEFAULT_OUTPUT.as_posix()}", shared,
                      "Chính tệp phân công duyệt (tạo tự động, CI kiểm tra khớp editorial.yml): biên tập viên "
                      "duyệt bài nào cũng duyệt được.", ROUTING_SECTION))
    rules.append(Rule(f"/{GITLAB_OUTPUT.as_posix()}", shared, section=ROUTING_SECTION))
    return rules


def _routing_editors(config: Config) -> list[str]:
    """Editors who review articles: topic editors, special units' editors, then the chief; no repeats."""
    seen: list[str] = []
    for slug in [t.editor for t in config.topics.values()] + [u.route_to for u in config.units.values() if u.route_to]:
        if slug and slug not in seen:
            seen.append(slug)
    if config.editor_in_chief not in seen:
        seen.append(config.editor_in_chief)
    return seen


def _special_unit_rules(config: Config, content_dir: Path, content: str, inbox: str) -> list[Rule]:
    """An article of a unit routed by unit, in a topic folder owned by someone else, gets its own rules.

    Stable form, so pull requests never fight over the file: one block per special unit, always
    present (its heading is an anchor line), the unit's rules sorted inside it. Two requests adding
    articles of different units then change different blocks, and Git merges them without conflict.
    """
    blocks: dict[str, list[Rule]] = {slug: [] for slug, u in sorted(config.units.items()) if u.route_to}
    if content_dir.is_dir():
        for article in load_articles(content_dir):
            unit = config.units.get(str(article.meta.get("unit") or ""))
            topic = config.topics.get(str(article.meta.get("topic") or ""))
            if unit is None or topic is None or not unit.route_to or unit.route_to == topic.editor:
                continue
            handle = (config.editors[unit.route_to].handle,)
            rel = article.path.relative_to(content_dir).as_posix()
            slug = str(article.meta.get("slug") or article.path.stem)
            rules = blocks[unit.slug]
            rules.append(Rule(f"{content}/{rel}", handle))
            rules += [Rule(f"{content}/{folder}", handle)
                      for folder in _image_folders(article.meta, article.path.parent.name, slug)]
            rules.append(Rule(f"{inbox}/processed/*/*/{slug}/", handle))
    out: list[Rule] = []
    for slug, rules in blocks.items():
        unit = config.units[slug]
        editor = config.editors[unit.route_to]  # type: ignore[index]
        out.append(Rule("", (), f"Bài của {unit.name} ({slug}) nằm trong lĩnh vực của người khác: {editor.name} duyệt."))
        out += sorted({r.pattern: r for r in rules}.values(), key=lambda r: r.pattern)
    return out


def _image_folders(meta: dict, year: str, slug: str) -> list[str]:
    folders = []
    for image in meta.get("images") or []:
        path = str(image.get("path", "")) if isinstance(image, dict) else ""
        if "/" in path:
            folder = path.rsplit("/", 1)[0] + "/"
            if folder not in folders:
                folders.append(folder)
    return folders or [f"{IMAGES}/{year}/{slug}/"]


def _check_handles(config: Config) -> None:
    bad = [f"editors.{e.slug}.handle = '{e.handle}'" for e in config.editors.values() if not _HANDLE.match(e.handle)]
    if bad:
        raise CodeownersError(
            "Tài khoản Git của biên tập viên không hợp lệ trong editorial.yml: " + "; ".join(bad)
            + ". Hãy viết dạng @ten-tai-khoan, @to-chuc/nhom hoặc địa chỉ email."
        )


# --- writing and reading -------------------------------------------------------------------

HEADER = (
    "# CODEOWNERS: ai duyệt tệp nào. Tệp này được TẠO TỰ ĐỘNG từ editorial.yml bằng lệnh\n"
    "# `pipeline codeowners` (hoặc `make codeowners`); đừng sửa tay. CI chạy `pipeline codeowners --check`.\n"
    "# Với mỗi tệp, dòng khớp CUỐI CÙNG quyết định người duyệt.\n"
)


def render(rules: list[Rule]) -> str:
    """One rule a line, one space before the owners: no column alignment, so adding a long path never
    rewrites the other lines. A rule without a pattern is a heading only."""
    lines = [HEADER]
    for rule in rules:
        if rule.comment:
            lines.append(f"\n# {rule.comment}\n")
        if rule.pattern:
            lines.append(" ".join((rule.pattern, *rule.owners)) + "\n")
    return "".join(lines)


GITLAB_HEADER = HEADER.replace("`pipeline codeowners`", "`pipeline codeowners --output .gitlab/CODEOWNERS`") + (
    "# Cú pháp GitLab (cần GitLab 17.10 trở lên): mỗi tệp thuộc đúng một mục [..]; trong một mục, dòng khớp\n"
    "# cuối cùng quyết định; dòng '!đường-dẫn' loại tệp đó khỏi mục của biên tập viên thường trực.\n"
)


def render_gitlab(rules: list[Rule]) -> str:
    """The same rules in GitLab's sections. Sections that both matched a file would each need an
    approval, so the chief's catch-all section excludes every path another section owns."""
    lines = [GITLAB_HEADER]
    for section in (CHIEF_SECTION, ARTICLES_SECTION, ROUTING_SECTION):
        lines.append(f"\n[{section}]\n")
        for rule in (r for r in rules if r.section == section):
            if rule.comment:
                lines.append(f"\n# {rule.comment}\n")
            if rule.pattern:
                lines.append(" ".join((rule.pattern, *rule.owners)) + "\n")
        if section == CHIEF_SECTION:
            lines.append("\n# Những đường dẫn do mục khác quyết định:\n")
            lines += [f"!{pattern}\n" for pattern in _owned_elsewhere(rules)]
    return "".join(lines)


def _owned_elsewhere(rules: list[Rule]) -> list[str]:
    """What the other sections own, as few patterns as cover it: each pattern not inside another's folder."""
    patterns = [r.pattern for r in rules if r.section != CHIEF_SECTION and r.pattern]
    folders = [p for p in patterns if p.endswith("/")]
    tops: list[str] = []
    for pattern in patterns:
        if pattern not in tops and not any(pattern != f and pattern.startswith(f) for f in folders):
            tops.append(pattern)
    return tops


def generate(config: Config, content_dir: Path, content_prefix: str = "content", inbox_prefix: str = "submissions",
             output: Path = DEFAULT_OUTPUT) -> str:
    """The file for `output`: GitLab's sections for a file under .gitlab/, GitHub's form otherwise."""
    rules = build_rules(config, content_dir, content_prefix, inbox_prefix)
    return render_gitlab(rules) if is_gitlab(output) else render(rules)


def is_gitlab(output: Path) -> bool:
    return Path(output).parts[:1] == (".gitlab",)


def outputs_in(root: Path) -> list[Path]:
    """The CODEOWNERS files a repository keeps (GitHub's, GitLab's); GitHub's when it has neither."""
    return [rel for rel in OUTPUTS if (root / rel).is_file()] or [DEFAULT_OUTPUT]


def parse(text: str) -> list[Rule]:
    """Rules from a CODEOWNERS file (comments and blank lines skipped; a pattern may have no owners)."""
    rules = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        owners = []
        for owner in fields[1:]:
            if owner.startswith("#"):
                break
            owners.append(owner)
        rules.append(Rule(fields[0], tuple(owners)))
    return rules


def fix_command(output: Path) -> str:
    """The command that rewrites THIS file (the GitLab copy is not the default output)."""
    if Path(output) == DEFAULT_OUTPUT:
        return "'pipeline codeowners' (hoặc 'make codeowners')"
    return f"'pipeline codeowners --output {Path(output).as_posix()}'"


def stale_diff(current: str | None, expected: str, name: str = "CODEOWNERS") -> str:
    """Empty when up to date, else a unified diff of what `pipeline codeowners` would write."""
    if current == expected:
        return ""
    return "".join(difflib.unified_diff(
        (current or "").splitlines(keepends=True), expected.splitlines(keepends=True),
        fromfile=f"{name} (hiện tại)", tofile=f"{name} (theo editorial.yml)",
    ))


# --- matching (GitHub's rules; GitLab's sections) --------------------------------------------


def parse_gitlab(text: str) -> dict[str, tuple[list[Rule], list[str]]]:
    """GitLab's file as {section: (rules, exclusions)}; rules before any heading form section ''."""
    sections: dict[str, tuple[list[Rule], list[str]]] = {"": ([], [])}
    current = ""
    heading = re.compile(r"^\^?\[([^\]]+)\](?:\[\d+\])?(.*)$")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found = heading.match(line)
        if found:
            current = found.group(1).strip().lower()  # GitLab compares section names without case
            sections.setdefault(current, ([], []))
        elif line.startswith("!"):
            sections[current][1].append(line[1:].split()[0])
        else:
            sections[current][0].extend(parse(line))
    return sections


def gitlab_owners_for(path: str, sections: dict[str, tuple[list[Rule], list[str]]]) -> dict[str, tuple[str, ...]]:
    """Each section that needs an approval for `path`, with its owners (GitLab: the last match within a
    section wins; any matching exclusion removes the file from that section)."""
    needed = {}
    for name, (rules, exclusions) in sections.items():
        if any(matches(pattern, path) for pattern in exclusions):
            continue
        owners = owners_for(path, rules)
        if owners:
            needed[name] = owners
    return needed



def owners_for(path: str, rules: list[Rule]) -> tuple[str, ...] | None:
    """Owners of a repository path: the last matching rule wins; None when no rule matches."""
    found = None
    for rule in rules:
        if matches(rule.pattern, path):
            found = rule.owners
    return found


def matches(pattern: str, path: str) -> bool:
    """Does a CODEOWNERS pattern match a file path (relative to the repository root, '/' separators)?

    As GitHub documents: a leading or middle '/' anchors the pattern at the root, otherwise it matches at
    any depth; '*' stays within one folder, '**' crosses folders; a pattern naming a folder owns everything
    under it, but 'docs/*' owns only the files directly in docs/.
    """
    full, below, folder_only, last_has_star = _compile(pattern)
    path = path.lstrip("/")
    if not folder_only and full.match(path):
        return True
    return bool(below.match(path)) and (folder_only or not last_has_star)


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> tuple[re.Pattern[str], re.Pattern[str], bool, bool]:
    folder_only = pattern.endswith("/")
    body = pattern.strip("/")
    anchored = pattern.startswith("/") or "/" in body
    regex = []
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            regex.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i):
            regex.append(".*")
            i += 2
        elif body[i] == "*":
            regex.append("[^/]*")
            i += 1
        elif body[i] == "?":
            regex.append("[^/]")
            i += 1
        else:
            regex.append(re.escape(body[i]))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    core = prefix + "".join(regex)
    last = body.rsplit("/", 1)[-1]
    last_has_star = "*" in last and last != "**"
    return re.compile(f"^{core}$"), re.compile(f"^{core}/.+$"), folder_only, last_has_star
