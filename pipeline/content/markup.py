"""The site's Markdown settings, shared by Pelican (pelicanconf.py) and `pipeline check` (BT605).

No `markdown.extensions.extra`: its `attr_list` turns "{: onclick=… }" typed in Word into a live
event handler and its `md_in_html` lets HTML wrap Markdown. Only the parts articles use are enabled.
Whatever Markdown emits then goes through the one sanitiser (pipeline/content/sanitize.py).
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

import markdown

MARKDOWN: dict[str, Any] = {
    "extension_configs": {
        "markdown.extensions.tables": {"use_align_attribute": True},  # no style="": the CSP forbids it
        "markdown.extensions.footnotes": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {},
        "pipeline.content.figures": {},
        # Last: they take over the block parser and the inline and smarty processors set up above.
        "pipeline.content.block_prefilter": {},
        "pipeline.content.inline_prefilter": {},
    },
    "output_format": "html5",
}


def pelican_settings() -> dict[str, Any]:
    """A copy for pelicanconf.py: Pelican adds keys to the dict it is given."""
    return copy.deepcopy(MARKDOWN)


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    configs = copy.deepcopy(MARKDOWN["extension_configs"])
    return markdown.Markdown(extensions=list(configs), extension_configs=configs,
                             output_format=MARKDOWN["output_format"])


def render(body: str) -> str:
    """A Markdown body as Pelican renders it, before the sanitiser (one parser, reset for each body)."""
    return _markdown().reset().convert(body)
