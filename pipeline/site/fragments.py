"""Pieces of HTML that many pages show the same way, rendered once per build.

An article appears as a teaser on a dozen pages (related articles, listings, topic blocks) and the
sidebar is the same on every article page at a given folder depth; rendering them on every page was
a large part of a clean build. A template either wraps such a piece in a call block whose key lists
everything the piece depends on, the page's `SITEURL` included (relative URLs differ by folder
depth), or calls a macro through `once`:

    {% call fragment("sidebar", SITEURL, page_name == "index") %}…{% endcall %}
    {{ once(teaser, article, SITEURL, heading="h3") }}

The first page that asks renders the piece; the others get the same Markup. The store is emptied at
the start of every build (`get_generators`, which the preview's body-only rebuild also sends), so a
piece never outlives the articles it was made from.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from pelican import signals

_store: dict[tuple[Hashable, ...], Any] = {}


def fragment(*key: Hashable, caller: Callable[[], Any]) -> Any:
    """The block's HTML for this key: rendered the first time, reused after."""
    try:
        return _store[key]
    except KeyError:
        html = _store[key] = caller()
        return html


def once(macro: Any, item: Any, siteurl: str, **options: Hashable) -> Any:
    """`macro(item, **options)` (a teaser) rendered once per build for each article, SITEURL and options.

    Called from templates as `once(teaser, article, SITEURL, heading="h3")`: unlike a call block inside
    the macro, a cached teaser costs no macro call at all.
    """
    key = ("macro", macro.name, item.source_path, siteurl, *sorted(options.items()))
    try:
        return _store[key]
    except KeyError:
        html = _store[key] = macro(item, **options)
        return html


def clear(_sender: Any = None) -> None:
    _store.clear()


def register() -> None:
    signals.get_generators.connect(clear)
    signals.finalized.connect(clear)
