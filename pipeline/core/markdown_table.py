"""Text inside a Markdown table cell, shown exactly as written (check results, rule tables, PR bodies)."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\*_\[\]|!#])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace(">", "&gt;")


def md_cell(text: str) -> str:
    """Text for one table cell, shown as written: tags such as <iframe> and ![…](…) are not rendered.

    Spans in backticks stay code; everything else has Markdown's special characters escaped.
    """
    parts = text.replace("\n", " ").split("`")
    out = []
    for n, part in enumerate(parts):
        if n % 2 == 0:
            out.append(_escape(part))
        elif n < len(parts) - 1:  # a code span
            out.append("`" + part.replace("|", "\\|") + "`")
        else:  # a lone backtick
            out.append("\\`" + _escape(part))
    return "".join(out)
