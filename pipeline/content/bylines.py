"""Names that are never a byline: machine accounts, placeholders, shops, e-mail addresses.

Windows, Office, computer shops and mail services write such names into a file's author property;
they must never reach the public page. editorial.yml `placeholder_authors` adds to the list.
Used by intake (pipeline.intake.document_meta) and by check rule BT204.
"""

from __future__ import annotations

import re

from pipeline.core.config import Config
from pipeline.core.text import fold

# Names that Windows, Office, shops and mail services write into a file's author property.
# editorial.yml `placeholder_authors` adds to this list; matching ignores case and diacritics.
DEFAULT_PLACEHOLDER_AUTHORS = (
    "Windows User", "User", "Administrator", "Admin", "Owner", "PC", "Microsoft", "Microsoft Office User",
    "Office", "Email365 Team", "Người dùng", "Người dùng Windows", "Chủ sở hữu", "Author", "Unknown",
    "Default", "Guest", "HP", "Dell", "Lenovo", "Asus", "Acer", "Máy tính", "Computer", "Win", "Win10",
    "Win 10", "Windows", "Windows 10", "Windows 7", "Ghost", "TEAM",
)


def placeholder_authors(config: Config | None) -> set[str]:
    extra = config.placeholder_authors if config else ()
    return {fold(str(n)) for n in (*DEFAULT_PLACEHOLDER_AUTHORS, *extra) if fold(str(n))}


def is_placeholder_author(name: str, config: Config | None) -> bool:
    """Machine and placeholder accounts, shop names ('… Computer', 'Tin học …') and e-mail addresses."""
    folded = fold(name)
    if not folded or folded in placeholder_authors(config) or "@" in name:
        return True
    if re.search(r"\b(computer|laptop|tin hoc|may tinh|shop|store|team|pc|corp|company)\b", folded):
        return True
    return len(folded) < 3 or not any(c.isalpha() for c in name)
