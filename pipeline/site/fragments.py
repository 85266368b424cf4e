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

A teaser is rendered once for all folder depths: its macro runs in a copy of its template module
whose SITEURL is a placeholder, and each page gets that HTML with the placeholder replaced by its
own (escaped) SITEURL, which is what rendering it there would give, since a teaser prints SITEURL
only as the start of a link. At 10,000 articles this renders 36,500 teasers instead of 54,700.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from pelican import signals

_store: dict[tuple[Hashable, ...], Any] = {}


def fragment(*key: Hashable, caller: Callable[[], Any]) -> Any:
    """The block's HTML for this key: rendered the first time, reused after."""
    try:
        return _store[key]
    except KeyError:
        html = _store[key] = caller()
        return html


@pass_context
def once(context: Context, macro: Any, item: Any, siteurl: str, **options: Hashable) -> Any:
    """`macro(item, **options)` (a teaser) rendered once per build for each article and options.

    Called from templates as `once(teaser, article, SITEURL, heading="h3")`: unlike a call block inside
    the macro, a cached teaser costs no macro call at all.
    """
    key = ("macro", macro.name, item.source_path, *sorted(options.items()))
    html = _store.get(key)
    if html is None:
        neutral = _placeholder_macro(context, macro)
        if neutral is None or _shows_placeholder(item):  # rendered at this depth, as before
            return _per_depth(macro, item, siteurl, options)
        html = _store[key] = str(neutral(item, **options))
    return Markup(html.replace(PLACEHOLDER, str(escape(siteurl))))


# Contributor text never holds NUL in practice; a title that does is rendered the slow way.
PLACEHOLDER = "\x00SITEURL\x00"


def _placeholder_macro(context: Context, macro: Any) -> Any:
    """The same macro from a module of its template made with SITEURL = PLACEHOLDER (one per build)."""
    # Jinja's compiled template code keeps the template's name in its globals.
    name = getattr(getattr(macro, "_func", None), "__globals__", {}).get("name")
    if not name:  # a macro of a template made from a string: no module to copy
        return None
    key = ("module", name)
    module = _store.get(key)
    if module is None:
        template = context.environment.get_template(name)
        variables = {**context.get_all(), "SITEURL": PLACEHOLDER}
        module = _store[key] = template.make_module(vars=variables)
    return getattr(module, macro.name, None)


def _shows_placeholder(item: Any) -> bool:
    return any(PLACEHOLDER in str(getattr(item, field, "") or "") for field in ("title", "summary"))


def _per_depth(macro: Any, item: Any, siteurl: str, options: dict[str, Hashable]) -> Any:
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
