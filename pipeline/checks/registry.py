"""The one table of rule codes, and the documentation generated from each rule's docstring.

Every rule is one module `pipeline/checks/rules/btNNN_name.py` with CODE, NAME, SEVERITY, SCOPE and a
`check` function. Its docstring is user documentation, so it is written in Vietnamese, in three
parts: what the rule checks (first paragraph), "Vì sao:" (why), "Ví dụ:" (an example finding,
word for word what the rule says on its failing test fixture).
Codes are stable: a retired rule's code is never reused.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any

from pipeline.core.markdown_table import md_cell
from pipeline.core.messages import Level

# code → module in pipeline.checks.rules. Groups: BT0 engine, BT1 schema, BT2 routing and people,
# BT3 deadlines, BT4 images, BT5 content, BT6 safety.
RULES: dict[str, str] = {
    "BT001": "bt001_unreadable",
    "BT002": "bt002_silence_reason",
    "BT003": "bt003_unused_silence",
    "BT004": "bt004_unknown_config_code",
    "BT101": "bt101_required_keys",
    "BT102": "bt102_value_types",
    "BT103": "bt103_dates",
    "BT104": "bt104_known_values",
    "BT105": "bt105_slug_and_path",
    "BT106": "bt106_unknown_keys",
    "BT201": "bt201_routing",
    "BT202": "bt202_approval",
    "BT203": "bt203_collaborator",
    "BT204": "bt204_placeholder_author",
    "BT301": "bt301_news_cutoff",
    "BT302": "bt302_event_deadline",
    "BT303": "bt303_event_after_submission",
    "BT401": "bt401_image_missing",
    "BT402": "bt402_image_format",
    "BT403": "bt403_image_size",
    "BT404": "bt404_image_caption",
    "BT405": "bt405_image_unreferenced",
    "BT501": "bt501_title_length",
    "BT502": "bt502_empty_body",
    "BT503": "bt503_short_body",
    "BT504": "bt504_empty_heading",
    "BT505": "bt505_word_artefacts",
    "BT506": "bt506_not_nfc",
    "BT507": "bt507_mojibake",
    "BT508": "bt508_legacy_encoding",
    "BT509": "bt509_duplicate_title",
    "BT510": "bt510_near_duplicate",
    "BT511": "bt511_slug_clash",
    "BT601": "bt601_dangerous_tags",
    "BT602": "bt602_event_handlers",
    "BT603": "bt603_script_links",
    "BT604": "bt604_private_contact",
    "BT605": "bt605_sanitized_markup",
    "BT606": "bt606_contact_in_text",
    "BT607": "bt607_contact_in_byline",
}

SCOPES = ("article", "site", "engine")
_LEVEL_VI = {Level.ERROR: "lỗi", Level.WARNING: "cảnh báo", Level.INFO: "thông tin"}


@dataclass(frozen=True)
class RuleDoc:
    what: str
    why: str
    example: str


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Level
    scope: str
    doc: RuleDoc
    module: ModuleType

    def run(self, subject: Any, ctx: Any) -> Iterable[Any]:
        check: Callable[..., Iterable[Any]] = self.module.check
        return check(subject, ctx)

    @property
    def severity_vi(self) -> str:
        return _LEVEL_VI[self.severity]


def parse_doc(docstring: str | None) -> RuleDoc:
    """Split a rule docstring into what / why ("Vì sao:") / example ("Ví dụ:")."""
    text = inspect.cleandoc(docstring or "")
    parts: dict[str, list[str]] = {"what": [], "why": [], "example": []}
    current = "what"
    for para in text.split("\n\n"):
        para = " ".join(line.strip() for line in para.splitlines()).strip()
        if para.startswith("Vì sao:"):
            current, para = "why", para[len("Vì sao:"):].strip()
        elif para.startswith("Ví dụ:"):
            current, para = "example", para[len("Ví dụ:"):].strip()
        if para:
            parts[current].append(para)
    return RuleDoc(" ".join(parts["what"]), " ".join(parts["why"]), " ".join(parts["example"]))


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    rules = []
    for code, module_name in RULES.items():
        module = importlib.import_module(f"pipeline.checks.rules.{module_name}")
        if module.CODE != code or module.SCOPE not in SCOPES:
            raise RuntimeError(f"{module_name}: CODE/SCOPE do not match the registry ({code})")
        rules.append(Rule(code, module.NAME, module.SEVERITY, module.SCOPE, parse_doc(module.__doc__), module))
    return tuple(rules)


def get_rule(code: str) -> Rule | None:
    return next((r for r in load_rules() if r.code == code.upper()), None)


def rules_markdown() -> str:
    """The rule table for docs/reference/rules.md: code, default severity, what, example finding."""
    rows = ["| Mã | Tên | Mức mặc định | Kiểm tra | Ví dụ thông báo |", "|---|---|---|---|---|"]
    for r in load_rules():
        rows.append(f"| `{r.code}` | `{r.name}` | {r.severity_vi} | {md_cell(r.doc.what)} | {md_cell(r.doc.example)} |")
    return "\n".join(rows) + "\n"


def rule_details(rule: Rule, configured: str | None = None) -> str:
    level = rule.severity_vi
    if configured:
        shown = "tắt" if configured == "off" else _LEVEL_VI[Level(configured)]
        level = f"{level} (editorial.yml đặt: {shown})"
    return "\n".join([
        f"{rule.code} {rule.name} — mức: {level}",
        "",
        f"Kiểm tra: {rule.doc.what}",
        f"Vì sao: {rule.doc.why}",
        f"Ví dụ: {rule.doc.example}",
        "",
        f"Tắt cho một bài (phải ghi lý do): checks_ignore: {{{rule.code}: \"lý do …\"}}",
    ])
