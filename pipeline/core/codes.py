"""The catalogue of message codes: one code, one meaning, one level, a short Vietnamese description.

Every message a user reads carries a code from here (or, for `pipeline check`, from the rules
registry, which stays the source of BT0xx–BT6xx: pipeline.checks.catalogue turns its rules into
entries of the same kind, and `catalogue(rule_codes())` is the whole list). Building a
`Message` with a code that is in neither raises at once, and tests/test_message_codes.py checks
that every code written in the source is catalogued and every catalogued code is used.

To add a message: add a line below in its family (the next free number), use the code in the
emitting module, run `make docs` to regenerate docs/reference/message-codes.md. A code whose
meaning goes away is moved to RETIRED, never reused and never given a new meaning; when one code
turns out to mean two things, retire it and give each meaning a new code.

Families: BT0xx–BT6xx checks · BT70x–BT71x editorial.yml · BT72x private data · BT80x–BT81x intake · BT82x–BT83x file
formats · BT84x LibreOffice · BT85x old Vietnamese fonts · BT86x photos · BT87x intake through the
forge · BT88x intake by email · BT89x previews · BT9xx conversion (BT94x–BT95x: files and processes,
docs/security.md).

A message is either a `Message` (validated when it is made) or, in the workflow commands, a line
that starts with its code and level word ("BT873 lỗi: …"); the test checks both forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

LevelName = Literal["error", "warning", "info"]
CHECK_CODE = re.compile(r"BT[0-6]\d\d")


@dataclass(frozen=True)
class Code:
    code: str
    level: LevelName
    family: str
    meaning: str  # Vietnamese, one short sentence without a final period


@dataclass(frozen=True)
class Retired:
    code: str
    meaning: str
    replaced_by: tuple[str, ...]


CONFIG = "editorial.yml"
INTAKE = "Tiếp nhận"
FORMAT = "Định dạng tệp"
LIBREOFFICE = "LibreOffice"
FONTS = "Phông chữ tiếng Việt cũ"
PHOTOS = "Ảnh"
FORGE = "Nhận bài qua kho (pipeline intake-push)"
MAIL = "Nhận bài qua thư điện tử (pipeline mail)"
PREVIEW = "Bản xem trước"
PRIVACY = "Thông tin riêng (pipeline contacts)"
CONVERSION = "Chuyển đổi nội dung"
CHECKS = "Kiểm tra (pipeline check)"
FILES = "An toàn tệp và tiến trình"

E: LevelName = "error"
W: LevelName = "warning"
I: LevelName = "info"

_ENTRIES: tuple[Code, ...] = (
    # editorial.yml (pipeline config, and every command that reads it)
    Code("BT701", E, CONFIG, "Không đọc được tệp cấu hình (không có tệp, hoặc không ở mã UTF-8)"),
    Code("BT702", E, CONFIG, "Lỗi cú pháp YAML, thẻ YAML hay khóa không đọc được"),
    Code("BT703", E, CONFIG, "Dùng bí danh YAML (*tên), không được phép"),
    Code("BT704", E, CONFIG, "Bảng hoặc danh sách lồng nhau quá sâu"),
    Code("BT705", E, CONFIG, "Một khóa được viết hai lần trong cùng một bảng"),
    Code("BT706", E, CONFIG, "Khóa không được hỗ trợ (sai chính tả hoặc đặt sai chỗ)"),
    Code("BT707", E, CONFIG, "Thiếu khóa hoặc giá trị bắt buộc"),
    Code("BT708", E, CONFIG, "Giá trị sai kiểu (ví dụ chữ ở chỗ cần số, bảng ở chỗ cần danh sách)"),
    Code("BT709", E, CONFIG, "Giá trị không hợp lệ (ngoài khoảng cho phép, sai dạng giờ/ngày, không thuộc danh sách)"),
    Code("BT710", E, CONFIG, "Múi giờ không tồn tại"),
    Code("BT711", E, CONFIG, "Nhắc tới biên tập viên hoặc lĩnh vực không có trong editorial.yml"),
    Code("BT712", E, CONFIG, "Hai đơn vị, lĩnh vực hoặc loại tin trùng tên hay bí danh"),
    Code("BT713", E, CONFIG, "Hai giá trị mâu thuẫn nhau (ví dụ hạn mức tối thiểu lớn hơn tối đa)"),
    Code("BT714", W, CONFIG, "Mục Tiêu điểm (front_page.highlights) nhắc tới bài hoặc từ khóa không có trên trang; "
                             "mục đó không hiện"),
    # private data sealed for the editors (pipeline contacts, make publish for Pages)
    Code("BT721", E, PRIVACY, "Không đọc được tệp khóa bí mật của biên tập viên"),
    Code("BT722", E, PRIVACY, "Khóa không mở được dữ liệu đã mã hóa (không phải khóa của người nhận, hoặc dữ liệu hỏng)"),
    Code("BT723", E, PRIVACY, "Thông tin riêng để rõ trong kho: liên hệ của cộng tác viên hoặc tệp gốc chưa mã hóa"),
    Code("BT724", E, PRIVACY, "Không tìm thấy bài, hoặc tệp gốc của bài"),
    Code("BT725", E, PRIVACY, "Chưa cấu hình khóa công khai của biên tập viên (privacy.recipients)"),
    # intake: the inbox, meta.yml, metadata
    Code("BT803", E, INTAKE, "meta.yml không đọc được (mã, cú pháp YAML hoặc dạng bảng)"),
    Code("BT804", W, INTAKE, "meta.yml có khóa không được dùng"),
    Code("BT805", W, INTAKE, "Tệp trùng với một bài đã nhận trước đây"),
    Code("BT806", E, INTAKE, "Không ghi được bài viết (tệp gốc vẫn còn trong hộp tin)"),
    Code("BT807", E, INTAKE, "Ảnh nằm riêng trong hộp tin, không thuộc bài nào"),
    Code("BT808", E, INTAKE, "Thư mục bài không có tệp Word"),
    Code("BT809", E, INTAKE, "Thư mục bài có nhiều hơn một tệp Word"),
    Code("BT810", E, INTAKE, "Thiếu hoặc không nhận ra tiêu đề, đơn vị, lĩnh vực, loại tin hay ngày giờ"),
    Code("BT811", W, INTAKE, "Tin sự kiện thiếu thời gian sự kiện, hoặc thời gian sự kiện sau lúc gửi"),
    Code("BT812", E, INTAKE, "Bài không có nội dung"),
    Code("BT813", E, INTAKE, "Tệp trong hộp tin không phải văn bản cũng không phải ảnh"),
    Code("BT815", W, INTAKE, "Thuộc tính Tác giả/Chủ đề của tệp Word có thông tin liên hệ nên không được dùng"),
    Code("BT816", E, INTAKE, "Ô được đăng công khai (tiêu đề, tác giả, tóm tắt, từ khóa, chú thích) có thư điện tử, "
                             "số điện thoại hay địa chỉ web"),
    Code("BT817", E, INTAKE, "Một ô có ký tự điều khiển không in được"),
    Code("BT818", E, INTAKE, "Ngày giờ nằm ngoài khoảng năm 2000–2100"),
    Code("BT814", W, INTAKE, "Tiêu đề được đoán từ nội dung hoặc thuộc tính tệp (nguồn ghi ở title_source)"),
    Code("BT819", W, INTAKE, "Người viết là tên máy hoặc tài khoản chung, không đăng lên trang"),
    Code("BT800", W, INTAKE, "Giờ được đoán (không ghi giờ, hoặc chỉ ghi sáng/chiều)"),
    # intake through the forge (pipeline intake-push)
    Code("BT870", I, FORGE, "Đã mở yêu cầu hợp nhất cho bài gửi"),
    Code("BT871", I, FORGE, "Tệp đã được nhận trên một nhánh đang chờ duyệt, không tạo nhánh mới"),
    Code("BT872", I, FORGE, "Đã viết lại tiêu đề và nội dung yêu cầu hợp nhất"),
    Code("BT873", E, FORGE, "Không đẩy được nhánh lên kho"),
    Code("BT874", E, FORGE, "Không mở hoặc không viết lại được yêu cầu hợp nhất"),
    Code("BT875", W, FORGE, "Chưa giao người duyệt hoặc chưa gắn nhãn được"),
    Code("BT876", W, FORGE, "Chưa gửi được nhận xét báo lỗi lên kho"),
    Code("BT877", W, FORGE, "Chưa đọc được yêu cầu hợp nhất của một nhánh"),
    # intake by email (pipeline mail)
    Code("BT881", E, MAIL, "Thư không có tệp Word đính kèm"),
    Code("BT882", E, MAIL, "Thư Outlook dạng winmail.dat, tệp đính kèm không đọc được"),
    Code("BT883", E, MAIL, "Tệp nén đính kèm không mở được (hỏng, quá lớn hoặc có mật khẩu)"),
    Code("BT884", W, MAIL, "Thư có nhiều tệp Word nên ảnh rời không được kèm vào bài nào"),
    Code("BT885", I, MAIL, "Tệp đã được nhận trước đây (gửi trùng), bỏ qua"),
    Code("BT886", W, MAIL, "Không gửi được thư xác nhận"),
    # preview of a pull request's site
    Code("BT890", I, PREVIEW, "Đã đăng bản xem trước"),
    Code("BT891", I, PREVIEW, "Đã gỡ bản xem trước"),
    Code("BT892", E, PREVIEW, "Chưa đặt PREVIEW_URL"),
    Code("BT893", E, PREVIEW, "rsync không thành công"),
    Code("BT894", W, PREVIEW, "Không theo dõi được thay đổi bằng inotify; trang xem trước kiểm tra tệp định kỳ"),
    # file formats, decided from the bytes
    Code("BT821", E, FORMAT, "Tệp bị hỏng"),
    Code("BT822", E, FORMAT, "Tệp có mật khẩu"),
    Code("BT823", E, FORMAT, "Tệp Word có macro (.docm, .dotm)"),
    Code("BT824", W, FORMAT, "Macro trong tệp .doc/.odt bị bỏ khi chuyển đổi"),
    Code("BT825", E, FORMAT, "Tệp nén bất thường (zip bomb)"),
    Code("BT826", E, FORMAT, "Tệp mẫu Word (template), không phải bài"),
    Code("BT827", E, FORMAT, "Không phải tài liệu văn bản"),
    Code("BT828", E, FORMAT, "Mẩu RTF, không phải tài liệu đầy đủ"),
    Code("BT829", E, FORMAT, "Tệp .zip thông thường"),
    Code("BT830", E, FORMAT, "Tệp PDF"),
    Code("BT831", E, FORMAT, "Định dạng không được hỗ trợ"),
    Code("BT832", E, FORMAT, "Tệp rỗng"),
    Code("BT833", E, FORMAT, "Tệp quá lớn"),
    Code("BT834", E, FORMAT, "Tệp là liên kết tượng trưng (symlink)"),
    Code("BT835", E, FORMAT, "Không đọc được tệp (không còn tồn tại hoặc không có quyền đọc)"),
    Code("BT836", E, FORMAT, "Tệp bài viết thực ra là ảnh"),
    # LibreOffice (.doc, .odt, .rtf)
    Code("BT841", E, LIBREOFFICE, "Máy chưa cài LibreOffice"),
    Code("BT842", E, LIBREOFFICE, "LibreOffice quá thời gian chờ"),
    Code("BT843", E, LIBREOFFICE, "LibreOffice không chuyển đổi được tệp"),
    Code("BT844", E, LIBREOFFICE, "Không chạy được LibreOffice"),
    Code("BT845", E, LIBREOFFICE, "Tệp không phải văn bản nên LibreOffice không chuyển"),
    # old Vietnamese fonts (TCVN3, VNI)
    Code("BT851", I, FONTS, "Chữ gõ bằng phông TCVN3/VNI đã được chuyển sang Unicode"),
    Code("BT852", W, FONTS, "Chữ phông cũ được chuyển theo thống kê (không biết tên phông)"),
    Code("BT853", W, FONTS, "Không rõ bảng mã phông cũ, chữ được giữ nguyên"),
    Code("BT854", W, FONTS, "Phông cũ đặt trên chữ Unicode, chữ được giữ nguyên"),
    Code("BT855", W, FONTS, "Không đọc được gói tệp Word để sửa phông, chữ được giữ nguyên"),
    Code("BT856", W, FONTS, "Tệp Word không có phần nội dung chính, chữ được giữ nguyên"),
    Code("BT857", W, FONTS, "Một phần của tệp Word không đọc được, chữ được giữ nguyên"),
    # photos
    Code("BT861", E, PHOTOS, "Ảnh bị hỏng"),
    Code("BT862", E, PHOTOS, "Không phải định dạng ảnh"),
    Code("BT863", E, PHOTOS, "Ảnh quá lớn (vượt giới hạn điểm ảnh)"),
    Code("BT864", E, PHOTOS, "Không ghi được ảnh"),
    Code("BT865", W, PHOTOS, "Ảnh nhiều khung hình, chỉ đăng khung đầu"),
    # conversion of the document's content
    Code("BT901", W, CONVERSION, "Ghi chú khác của trình chuyển đổi"),
    Code("BT902", E, CONVERSION, "Tệp không phải tệp Word hợp lệ hoặc đã hỏng"),
    Code("BT910", W, CONVERSION, "Đã bỏ đầu trang/chân trang"),
    Code("BT911", W, CONVERSION, "Đã bỏ ghi chú (comment)"),
    Code("BT912", W, CONVERSION, "Còn chỗ sửa được theo dõi (Track Changes) chưa chấp nhận"),
    Code("BT913", W, CONVERSION, "Đã bỏ số trang (trường PAGE/PAGEREF)"),
    Code("BT914", W, CONVERSION, "Có trường DDE, đã bỏ"),
    Code("BT915", W, CONVERSION, "Đã bỏ chữ ẩn (hidden text)"),
    Code("BT916", W, CONVERSION, "Công thức toán chuyển thành chữ thường"),
    Code("BT917", W, CONVERSION, "Đã bỏ đối tượng nhúng (OLE)"),
    Code("BT918", W, CONVERSION, "Đã bỏ biểu đồ/sơ đồ (Chart, SmartArt)"),
    Code("BT919", W, CONVERSION, "Đã bỏ liên kết không dùng được trên trang web"),
    Code("BT920", W, CONVERSION, "Không phân tích được cấu trúc tài liệu, bài vẫn được chuyển"),
    # files and processes (docs/security.md)
    Code("BT940", E, FILES, "Lỗi nội bộ khi xử lý một tệp gửi; tệp gốc vẫn ở hộp tin, các tệp khác vẫn được xử lý"),
    Code("BT941", E, FILES, "Hộp tin đang được một lần chạy khác xử lý"),
    Code("BT942", E, FILES, "Hộp tin, thư mục processed/ hoặc content/ chỉ cho đọc"),
    Code("BT943", E, FILES, "Giá trị trong meta.yml sai kiểu"),
    Code("BT944", E, FILES, "meta.yml quá lớn, dùng bí danh YAML hoặc lồng nhau quá sâu"),
    Code("BT945", E, FILES, "Chuyển đổi vượt giới hạn thời gian hoặc bộ nhớ"),
    Code("BT946", I, FILES, "Lần chạy trước bị dừng sau khi đã ghi bài; tệp gốc đã được cất"),
    Code("BT947", E, FILES, "Mục trong hộp tin không phải tệp thường (ống dẫn, thiết bị, socket)"),
    Code("BT948", E, FILES, "Tệp giải nén ra quá nhiều XML"),
    Code("BT949", E, FILES, "Trường hoặc liên kết lấy nội dung ngoài tài liệu (INCLUDEPICTURE, INCLUDETEXT, LINK, ảnh liên kết)"),
    Code("BT950", I, FILES, "LibreOffice chạy không có hộp cát (chưa cài bubblewrap)"),
    Code("BT951", E, FILES, "Ảnh động có quá nhiều khung hình"),
    Code("BT952", I, FILES, "pipeline submit đã hoàn tất hoặc hoàn tác phần việc dở của lần chạy bị dừng"),
)

RETIRED: tuple[Retired, ...] = (
    Retired("BT801", "Tệp không đọc được hoặc không phải tệp Word hợp lệ (hai nghĩa)", ("BT835", "BT902")),
    Retired("BT802", "Tệp không được hỗ trợ hoặc đặt sai chỗ (năm nghĩa)",
            ("BT807", "BT808", "BT809", "BT813", "BT831", "BT836")),
)


def _index(entries: tuple[Code, ...]) -> dict[str, Code]:
    table: dict[str, Code] = {}
    retired = {r.code for r in RETIRED}
    for entry in entries:
        if entry.code in table or entry.code in retired:
            raise RuntimeError(f"message code {entry.code} is listed twice or was retired")
        if CHECK_CODE.fullmatch(entry.code):
            raise RuntimeError(f"{entry.code} belongs to the checks' rules registry")
        table[entry.code] = entry
    return table


CODES: dict[str, Code] = _index(_ENTRIES)


def lookup(code: str) -> Code | None:
    """The catalogue entry of an intake, conversion or configuration code (checks: see catalogue())."""
    return CODES.get(code)


def is_check_code(code: str) -> bool:
    return bool(CHECK_CODE.fullmatch(code))


def catalogue(checks: Iterable[Code] = ()) -> tuple[Code, ...]:
    """Every live code in code order: this table plus the checks' codes, which the checks layer
    supplies (pipeline.checks.catalogue.rule_codes()) since core must not import it."""
    checks = tuple(checks)
    clash = {c.code for c in checks} & ({*CODES} | {r.code for r in RETIRED})
    if clash or not all(is_check_code(c.code) for c in checks):
        raise RuntimeError(f"check codes outside BT0xx–BT6xx or also in the catalogue: {sorted(clash)}")
    return tuple(sorted((*checks, *_ENTRIES), key=lambda c: c.code))


def short_meaning(text: str) -> str:
    """Up to the first '. ' followed by a capital letter, outside `code`."""
    text = text.strip()
    for m in re.finditer(r"\.\s+(?=\w)", text):
        if text[m.end()].isupper() and text.count("`", 0, m.start()) % 2 == 0:
            return text[:m.start()]
    return text.rstrip(".")


def _cell(text: str) -> str:
    # Shown as written: <script> in a meaning is text, not HTML; code spans stay code.
    parts = text.split("`")
    for n in range(0, len(parts), 2):
        parts[n] = re.sub(r"([\\*_|#])", r"\\\1", parts[n]).replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts)


_LEVEL_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}


def catalogue_markdown(checks: Iterable[Code] = ()) -> str:
    """docs/reference/message-codes.md's table, generated (cog) from the catalogue."""
    out: list[str] = []
    family = None
    for entry in catalogue(checks):
        if entry.family != family:
            family = entry.family
            out += ["", f"### {family}", "", "| Mã | Mức | Ý nghĩa |", "|---|---|---|"]
        out.append(f"| `{entry.code}` | {_LEVEL_VI[entry.level]} | {_cell(entry.meaning)} |")
    out += ["", "### Mã đã bỏ (không bao giờ dùng lại)", "", "| Mã | Nghĩa cũ | Thay bằng |", "|---|---|---|"]
    for r in RETIRED:
        out.append(f"| `{r.code}` | {_cell(r.meaning)} | {', '.join(f'`{c}`' for c in r.replaced_by)} |")
    return "\n".join(out).lstrip("\n") + "\n"
