"""Contact data in text that the public will read: emails, web addresses, phone numbers, street addresses.

Used at ingest (a byline, title, summary, caption or tag with contact data is refused: these fields
are published as they are) and by `pipeline check` (the body is flagged for an editor to decide).
Phone numbers are found with Google's libphonenumber (the `phonenumbers` package, region VN), which
knows every Vietnamese numbering plan, so dates and amounts ("06/3/2026", "1.500.000 đồng") are not
numbers and hotlines (1800/1900) are told apart from personal mobiles and landlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType

REGION = "VN"
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:vn|com|net|org|info|me|io)"
                 r"(?:/\S*)?\b", re.IGNORECASE)
# A house number followed by a street name in capitals and then the ward or commune:
# "12 Hùng Vương, phường 1", "số 45/2 đường Nguyễn Đình Chiểu, xã Phú Hưng"; also "số nhà 12", "hẻm 45".
_HOUSE = re.compile(r"\b(?:số nhà|nhà số|hẻm|ngõ|kiệt|ngách)\s+\d+[A-Za-z]?(?:/\d+)*", re.IGNORECASE)
_STREET = re.compile(
    r"\b(?:số\s+)?(?P<number>\d+[A-Za-z]?(?:/\d+)*),?\s+(?:(?:đường|phố)\s+)?(?P<street>[^\W\d_]\w*(?:\s+\w+){0,5}),"
    r"\s*(?:phường|xã|thị trấn|p\.|ấp|khu phố|kp\.?)(?=\s|\d|$)",
    re.IGNORECASE,
)


_WARD = re.compile(r",\s*(?:phường|xã|thị trấn|p\.|ấp|khu phố|kp\.?)(?=\s|\d|$)", re.IGNORECASE)
_HOUSE_WORDS = ("số nhà", "nhà số", "hẻm", "ngõ", "kiệt", "ngách")


def addresses_in(text: str) -> list[Contact]:
    lower = text.lower()
    found = []
    if any(word in lower for word in _HOUSE_WORDS):
        found += [Contact("address", m.group(0), m.start()) for m in _HOUSE.finditer(text)]
    # Anchored on the ward or commune: only the few words before it can be a street address.
    for ward in _WARD.finditer(text):
        start = max(0, ward.start() - 80)
        for m in _STREET.finditer(text, start, ward.end()):
            words = m.group("street").split()
            year = m.group("number").isdigit() and 1900 <= int(m.group("number")) <= 2100
            if not year and all(w[0].isupper() or w[0].isdigit() for w in words):
                if all(c.start != m.start() for c in found):  # two wards can look back at one street
                    found.append(Contact("address", m.group(0), m.start()))
                break
    return found


# Hotlines and switchboards are meant to be published; mobiles and landlines may be a person's.
PUBLIC_NUMBER_TYPES = frozenset({PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
                                 PhoneNumberType.SHARED_COST, PhoneNumberType.UAN})


@dataclass(frozen=True)
class Contact:
    kind: str  # "email" | "url" | "phone" | "address"
    text: str  # as written
    start: int

    @property
    def kind_vi(self) -> str:
        return {"email": "thư điện tử", "url": "địa chỉ trang web", "phone": "số điện thoại",
                "address": "địa chỉ nhà"}[self.kind]


# What could be a number as people write it, to spare libphonenumber the text that holds none.
_CANDIDATE = re.compile(r"(?:\+|(?<![\d.,])0)[\s.\-()]*\d(?:[\s.\-()]{0,3}\d){6,12}")


def phones_in(text: str, include_hotlines: bool = False) -> list[Contact]:
    if not include_hotlines and not _CANDIDATE.search(text):
        return []
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, REGION):
        # People write Vietnamese numbers with the trunk 0 or +84; "589.384.000" is an amount in đồng.
        if not match.raw_string.lstrip("( ").startswith(("0", "+")) and not include_hotlines:
            continue
        if include_hotlines or phonenumbers.number_type(match.number) not in PUBLIC_NUMBER_TYPES:
            found.append(Contact("phone", match.raw_string, match.start))
    return found


def contacts_in(text: str, *, addresses: bool = True, urls: bool = True) -> list[Contact]:
    """Every email, web address, personal phone number and street address in `text`, in order."""
    found = [Contact("email", m.group(0), m.start()) for m in EMAIL.finditer(text)]
    emails = [(c.start, c.start + len(c.text)) for c in found]
    if urls:
        for m in URL.finditer(text):
            if not any(a <= m.start() < b for a, b in emails):  # the domain of an email is no URL
                found.append(Contact("url", m.group(0), m.start()))
    found += phones_in(text)
    if addresses:
        found += addresses_in(text)
    return sorted(found, key=lambda c: c.start)


# Characters that have no place in a title, byline or summary: C0/C1 controls (a NUL or BEL breaks
# the site build), and the bidirectional overrides that make text read differently from its bytes.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]")


def control_characters(text: str) -> list[str]:
    """'U+0007' for each distinct forbidden character, in order of appearance."""
    seen: list[str] = []
    for m in _CONTROL.finditer(text):
        code = f"U+{ord(m.group(0)):04X}"
        if code not in seen:
            seen.append(code)
    return seen
