"""Resolve the 'Đơn vị' a contributor wrote to a unit of editorial.yml, never by a silent guess.

Besides each unit's name, slug and aliases (Config.find_unit), the short forms people write are
generated from the names: the abbreviations of editorial.yml expanded ("LĐLĐ", "CĐ", "Cty", "TP"),
and "huyện"/"ngành" left out ("LĐLĐ Mỏ Cày Nam" is "Liên đoàn Lao động huyện Mỏ Cày Nam"). A name
that matches nothing gets the closest unit as a question ("Có phải …?"), found with rapidfuzz.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from pipeline.core.config import Config, Unit
from pipeline.core.text import match_key

# Words a short form may leave out without becoming ambiguous: a huyện or a ngành name is unique
# in the province. "thành phố"/"thị xã"/"tỉnh" stay: "LĐLĐ Bến Tre" may mean the province.
_OPTIONAL_WORDS = ("huyen", "nganh", "cac")
_SUGGEST_CUTOFF = 80


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit | None
    suggestions: tuple[Unit, ...] = ()


def _short_forms(key: str) -> set[str]:
    words = key.split()
    forms = {key, " ".join(w for w in words if w not in _OPTIONAL_WORDS)}
    return {f for f in forms if f}


def unit_forms(config: Config) -> dict[str, Unit]:
    """Every generated form → its unit; forms shared by two units are left out (ambiguous)."""
    owners: dict[str, set[str]] = {}
    units = {u.slug: u for u in config.units.values()}
    for unit in units.values():
        for name in (unit.name, *unit.aliases, unit.slug.replace("-", " ")):
            for form in _short_forms(match_key(name, config.abbreviations)):
                owners.setdefault(form, set()).add(unit.slug)
    return {form: units[next(iter(slugs))] for form, slugs in owners.items() if len(slugs) == 1}


def resolve_unit(text: str, config: Config) -> UnitMatch:
    if not text.strip():
        return UnitMatch(None)
    found = config.find_unit(text)
    if found is not None:
        return UnitMatch(found)
    forms = unit_forms(config)
    for form in _short_forms(match_key(text, config.abbreviations)):
        if form in forms:
            return UnitMatch(forms[form])
    return UnitMatch(None, suggest_units(text, config, forms))


def suggest_units(text: str, config: Config, forms: dict[str, Unit] | None = None) -> tuple[Unit, ...]:
    forms = forms if forms is not None else unit_forms(config)
    wanted = match_key(text, config.abbreviations)
    # "LĐLĐ Bến Tre", "Mỏ Cày": the units whose names hold every word of the text are the question.
    words = set(wanted.split())
    containing = {u.slug: u for form, u in forms.items() if len(words) >= 2 and words <= set(form.split())}
    if 1 <= len(containing) <= 3:
        return tuple(sorted(containing.values(), key=lambda u: u.name))
    best = process.extractOne(wanted, list(forms), scorer=fuzz.token_sort_ratio, score_cutoff=_SUGGEST_CUTOFF)
    return (forms[best[0]],) if best is not None else ()
