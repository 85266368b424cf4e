"""Không còn chữ ở bảng mã cũ TCVN3 (ABC) hay VNI chưa chuyển sang Unicode, như 'Liªn ®oµn' thay cho 'Liên đoàn'.

Vì sao: chữ bảng mã cũ chỉ đọc được trên máy có cài phông .VnTime hay VNI-Times; trên điện thoại và trên trang web nó thành chuỗi ký tự vô nghĩa.

Ví dụ: Dòng còn chữ ở bảng mã cũ TCVN3 (ABC): 'Liªn ®oµn Lao ®éng'; có lẽ là 'Liên đoàn Lao động'. Hãy chuyển mã sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) hoặc gửi lại tệp gốc.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.encodings import scan_encodings
from pipeline.core.messages import Level

CODE = "BT508"
NAME = "legacy-encoding"
SEVERITY = Level.ERROR
SCOPE = "article"

MAX_PER_ARTICLE = 3
SCHEMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    found = [p for p in scan_encodings(doc) if p.kind == "legacy"]
    for problem in found[:MAX_PER_ARTICLE]:
        scheme = f" {SCHEMES[problem.scheme]}" if problem.scheme in SCHEMES else " (TCVN3 hoặc VNI)"
        guess = f"; có lẽ là '{problem.fixed}'" if problem.fixed else ""
        yield Hit(f"Dòng còn chữ ở bảng mã cũ{scheme}: '{problem.sample}'{guess}. Hãy chuyển mã sang Unicode "
                  "(ví dụ bằng công cụ chuyển mã của Unikey) hoặc gửi lại tệp gốc.", problem.line)
