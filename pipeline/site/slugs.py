"""Pelican's slugify, remembered: the same names are turned into slugs again and again.

Every article's author, tags and topic are Pelican `URLWrapper` objects made afresh for each article,
and each one works out its slug (markup stripped, Unicode normalised, transliterated by unidecode,
the settings' substitutions applied) the first time its URL, its hash or an equality asks: tens of
thousands of times per build for a few hundred distinct names. The result depends only on the
arguments, so `slugify` in the two Pelican modules that call it is wrapped in a bounded cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from pelican import contents, urlwrappers
from pelican import utils as pelican_utils

_ORIGINAL: Callable[..., str] = pelican_utils.slugify


@lru_cache(maxsize=1 << 16)
def _remembered(value: str, regex_subs: tuple[tuple[str, str], ...], preserve_case: bool,
                use_unicode: bool) -> str:
    return _ORIGINAL(value, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode)


def slugify(value: str, regex_subs: Iterable[tuple[str, str]] = (), preserve_case: bool = False,
            use_unicode: bool = False) -> str:
    try:
        key: Any = tuple((str(src), str(dst)) for src, dst in regex_subs)
        return _remembered(str(value), key, bool(preserve_case), bool(use_unicode))
    except (TypeError, ValueError):  # arguments Pelican's own function would handle or reject
        return _ORIGINAL(value, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode)


def register() -> None:
    urlwrappers.slugify = slugify
    contents.slugify = slugify
