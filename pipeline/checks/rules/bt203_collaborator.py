"""Bài của cộng tác viên (`unit: null`) có đủ thông tin người gửi: cơ quan, họ tên, thư điện tử, số điện thoại hoặc địa chỉ, và đã cam kết bản quyền.

Vì sao: Công văn 1666/LĐLĐ yêu cầu cộng tác viên ngoài hệ thống công đoàn cung cấp đầy đủ các thông tin này và tự chịu trách nhiệm về bản quyền, tính chính xác của tin, bài, ảnh; Ban Biên tập cần chúng để liên hệ khi biên tập.

Ví dụ: Cộng tác viên chưa cam kết bản quyền (contributor.copyright_confirmed: true); người gửi phải tự chịu trách nhiệm về bản quyền và tính chính xác của tin, bài, ảnh.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.contact import EMAIL, is_plausible_phone
from pipeline.core.messages import Level

CODE = "BT203"
NAME = "collaborator"
SEVERITY = Level.ERROR
SCOPE = "article"


def _text(block: dict, key: str) -> str:
    value = block.get(key)
    return str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    if "unit" not in doc.meta or doc.meta["unit"] is not None:
        return
    block = doc.meta.get("contributor")
    if not isinstance(block, dict):
        yield Hit("Bài không có đơn vị (unit: null) là bài của cộng tác viên, phải có phần 'contributor' ghi cơ quan, "
                  "họ tên, thư điện tử, số điện thoại hoặc địa chỉ và cam kết bản quyền.",
                  doc.key_line("contributor") or doc.key_line("unit"))
        return

    def where(key: str) -> int | None:
        return doc.line_containing(f"{key}:", "contributor")

    if not _text(block, "organization"):
        yield Hit("Cộng tác viên chưa ghi cơ quan, đơn vị (contributor.organization).", where("organization"))
    if not _text(block, "name"):
        yield Hit("Cộng tác viên chưa ghi họ tên (contributor.name).", where("name"))
    # Sealed contact details (editorial.yml privacy.recipients) are listed, not readable, here.
    sealed = set(block.get("contact") or ()) if block.get("sealed") else set()
    email = _text(block, "email")
    if not email:
        if "email" not in sealed:
            yield Hit("Cộng tác viên chưa ghi thư điện tử (contributor.email).", where("email"))
    elif not EMAIL.match(email):
        yield Hit(f"Thư điện tử '{email}' của cộng tác viên không hợp lệ; hãy ghi dạng ten@example.vn.", where("email"))
    phone, address = _text(block, "phone"), _text(block, "address")
    if not phone and not address and not sealed & {"phone", "address"}:
        yield Hit("Cộng tác viên chưa ghi số điện thoại hoặc địa chỉ liên lạc (contributor.phone hoặc contributor.address).",
                  where("phone"))
    elif phone and not is_plausible_phone(phone):
        yield Hit(f"Số điện thoại '{phone}' của cộng tác viên không hợp lệ; hãy ghi đủ 10 chữ số, ví dụ 0912 345 678.",
                  where("phone"))
    if block.get("copyright_confirmed") is not True:
        yield Hit("Cộng tác viên chưa cam kết bản quyền (contributor.copyright_confirmed: true); người gửi phải tự chịu "
                  "trách nhiệm về bản quyền và tính chính xác của tin, bài, ảnh.", where("copyright_confirmed"))
