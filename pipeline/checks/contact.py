"""Email addresses and Vietnamese phone numbers as people write them ('0912 345 678', '+84 912.345.678')."""

from __future__ import annotations

import re
from collections.abc import Iterator

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
# A run of digits with the separators people type inside a phone number.
_PHONE_RUN = re.compile(r"(?<![\d])\+?\(?\d(?:[\s.\-()]{0,2}\d){7,12}(?!\d)")


def phone_digits(text: str) -> str:
    """Comparable form: digits only, +84 / 84 country code as the leading 0."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def is_plausible_phone(text: str) -> bool:
    return 9 <= len(phone_digits(text)) <= 11


def phones_in(text: str) -> Iterator[tuple[str, str]]:
    """(comparable digits, as written) for every phone-like number in the text."""
    for m in _PHONE_RUN.finditer(text):
        yield phone_digits(m.group(0)), m.group(0)
