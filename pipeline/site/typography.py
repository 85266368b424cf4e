"""Names that must not break across lines: "CÔNG ĐOÀN TỈNH BẾN / TRE" on a phone reads as a typo.

`keep_together` wraps the place part of a name ("tỉnh Bến Tre", "huyện Ba Tri") in a no-wrap span;
a name without one keeps its last two words together. The rest of the name may still wrap.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

_PLACE = re.compile(r"\b(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường)\s+\S.*$", re.IGNORECASE)
_LAST_TWO = re.compile(r"\S+\s+\S+$")


def keep_together(name: Any) -> Markup:
    return _kept_together(str(name or "").strip())


@lru_cache(maxsize=1024)  # the site's own names, on every page's header and footer
def _kept_together(text: str) -> Markup:
    found = _PLACE.search(text) or _LAST_TWO.search(text)
    if found is None:
        return escape(text)
    return Markup("{}<span class=\"nowrap\">{}</span>").format(text[: found.start()], found.group(0))
