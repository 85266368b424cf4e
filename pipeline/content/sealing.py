"""Private data kept private in Git: collaborators' contact details and original files, sealed with age.

The repository may be public (GitHub Pages on a free plan needs one), so nothing that identifies or
reaches a person privately may sit in it in clear. Ingest seals, with the editors' age public keys
from editorial.yml (`privacy.recipients`):
- the contact part of `contributor` (email, phone, address) into one ASCII-armoured block kept in the
  article's own front matter (`contributor.sealed`), so it travels with the article;
- every file of the archived original (the Word file, its photos with their GPS tags, meta.yml) as
  `<name>.age` beside where the clear file would be.
Only an editor holding a matching secret key (`pipeline contacts key` makes one) can open them.
Encryption needs only the public keys, so CI can ingest without any secret.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import yaml
from pyrage import x25519

from pipeline.core.config import Config

CONTACT_KEYS = ("email", "phone", "address")
KEY_ENV = "BANTIN_AGE_KEY_FILE"
DEFAULT_KEY_FILE = Path.home() / ".config" / "bantin" / "khoa-bien-tap.txt"


class SealError(Exception):
    """A sealed item cannot be opened (no key, wrong key, damaged); the text is Vietnamese."""

    def __init__(self, code: str, text: str):
        super().__init__(text)
        self.code = code


@dataclass(frozen=True)
class Sealer:
    """Encrypts to every editor listed in `privacy.recipients`."""

    recipients: tuple[x25519.Recipient, ...]

    @classmethod
    def from_config(cls, config: Config) -> Sealer | None:
        keys = config.privacy.recipients
        if not keys:
            return None
        return cls(tuple(x25519.Recipient.from_str(k) for k in keys.values()))

    def seal_text(self, text: str) -> str:
        """One line of base64 (an age file): it sits in YAML front matter without quoting or folding."""
        return base64.b64encode(self.seal_bytes(text.encode("utf-8"))).decode("ascii")

    def seal_bytes(self, data: bytes) -> bytes:
        return bytes(pyrage.encrypt(data, list(self.recipients)))

    def seal_contributor(self, block: dict[str, Any]) -> dict[str, Any]:
        """The contributor block with its contact part replaced by one sealed block.

        `contact` lists which contact items were given (not their values), so the checks can still
        tell an editor that a collaborator left out their email without anyone reading it.
        """
        contact = {k: str(block[k]) for k in CONTACT_KEYS if block.get(k)}
        public = {k: v for k, v in block.items() if k not in CONTACT_KEYS}
        if not contact:
            return public
        public["contact"] = sorted(contact)
        public["sealed"] = self.seal_text(yaml.safe_dump(contact, allow_unicode=True, sort_keys=True))
        return public


# --- opening (editors only) -------------------------------------------------------------------


def key_file(explicit: Path | None = None) -> Path:
    if explicit:
        return explicit
    env = os.environ.get(KEY_ENV)
    return Path(env) if env else DEFAULT_KEY_FILE


def load_identities(path: Path) -> list[x25519.Identity]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        raise SealError("BT721", f"Không đọc được tệp khóa bí mật '{path}'. Biên tập viên tạo khóa bằng "
                        f"'pipeline contacts key', hoặc chỉ đường dẫn bằng --khoa / biến {KEY_ENV}.") from None
    identities = []
    for line in lines:
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                identities.append(x25519.Identity.from_str(line))
            except pyrage.IdentityError:
                raise SealError("BT721", f"Tệp khóa '{path}' có một dòng khóa bí mật hỏng.") from None
    if not identities:
        raise SealError("BT721", f"Tệp '{path}' không có khóa bí mật age nào (dòng bắt đầu bằng AGE-SECRET-KEY-).")
    return identities


def open_bytes(data: bytes, identities: list[x25519.Identity]) -> bytes:
    try:
        return bytes(pyrage.decrypt(data, identities))
    except pyrage.DecryptError:
        raise SealError("BT722", "Không mở được dữ liệu đã mã hóa bằng khóa này: khóa không phải của biên tập "
                        "viên có tên trong privacy.recipients lúc bài được nhận, hoặc dữ liệu đã hỏng.") from None


def open_contributor(block: dict[str, Any], identities: list[x25519.Identity]) -> dict[str, Any]:
    """The contributor block with its sealed contact details opened."""
    sealed = block.get("sealed")
    opened = {k: v for k, v in block.items() if k not in ("sealed", "contact")}
    if isinstance(sealed, str) and sealed.strip():
        try:
            data = base64.b64decode(sealed, validate=True)
        except ValueError:
            raise SealError("BT722", "Phần contributor.sealed của bài đã bị sửa hỏng; không giải mã được.") from None
        contact = yaml.safe_load(open_bytes(data, identities).decode("utf-8"))
        if isinstance(contact, dict):
            opened.update({k: contact[k] for k in CONTACT_KEYS if k in contact})
    return opened


def clear_contact(block: Any) -> list[str]:
    """The contact items that sit in clear in a contributor block (what an audit reports)."""
    if not isinstance(block, dict):
        return []
    return [k for k in CONTACT_KEYS if str(block.get(k) or "").strip()]


def new_identity() -> tuple[str, str]:
    """(secret key, public key) for a new editor."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())
