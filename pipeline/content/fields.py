"""Every front-matter key an article may carry: ONE declarative table.

The checks (BT101 required keys, BT102 value types, BT106 unknown keys, the Vietnamese key names in
messages), the writer (key order), the site plugin (which keys never reach a built file) and the
generated reference docs/reference/front-matter.md all read this table, so a new key is one row here.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL_KINDS = ("news", "event", "feature", "qa")

# Value types, as `type` below names them; the Vietnamese words are the reference page's.
TYPES = {
    "text": "chuỗi chữ",
    "datetime": "ngày giờ ISO 8601, giờ Việt Nam (2026-03-19T08:00+07:00)",
    "text-list": "danh sách chuỗi chữ",
    "mapping": "bảng khóa: giá trị",
    "images": "danh sách ảnh {path, caption, width, height, variants}",
    "bool": "đúng/sai (true/false)",
    "any": "do Pelican quy định",
}

# Who writes the key.
INGEST = "pipeline ingest"
EDITOR = "biên tập viên"
PELICAN = "Pelican (ít dùng)"


@dataclass(frozen=True)
class Field:
    key: str
    type: str  # a key of TYPES
    label: str  # the Vietnamese name used in messages, e.g. "tiêu đề"
    meaning: str  # Vietnamese: what the value says, for the reference page
    set_by: tuple[str, ...]
    required_for: tuple[str, ...] = ()  # kinds (news, event, feature, qa) that must have it
    private: bool = False  # for editors only: removed before any template sees it
    example: str = ""  # a correct line, quoted in messages about the key's type


FIELDS: tuple[Field, ...] = (
    Field("title", "text", "tiêu đề", "Tiêu đề tin, bài.", (INGEST, EDITOR), ALL_KINDS),
    Field("slug", "text", "đường dẫn",
          "Đường dẫn không dấu tạo từ tiêu đề (\"Đại hội Công đoàn tỉnh\" → dai-hoi-cong-doan-tinh), "
          "không trùng bài khác (trùng thì thêm -2); cũng là tên tệp.", (INGEST,), ALL_KINDS),
    Field("date", "datetime", "ngày đăng",
          "Ngày giờ đăng; mặc định bằng thời gian gửi. Ngày trong tương lai: bài được hẹn giờ, "
          "chỉ lên trang khi đến giờ.", (INGEST, EDITOR), ALL_KINDS),
    Field("kind", "text", "loại tin",
          "Loại tin: news (tin thời sự), event (tin sự kiện), feature (bài chuyên sâu), qa (hỏi đáp pháp luật).",
          (INGEST,), ALL_KINDS),
    Field("unit", "text", "đơn vị",
          "Mã đơn vị gửi tin trong editorial.yml; null với bài của cộng tác viên.", (INGEST,), ALL_KINDS),
    Field("topic", "text", "lĩnh vực",
          "Mã lĩnh vực (cũng là chuyên mục và thư mục của bài).", (INGEST,), ALL_KINDS),
    Field("editor", "text", "biên tập viên",
          "Mã biên tập viên được phân công cho đơn vị và lĩnh vực (theo editorial.yml).", (INGEST,), ALL_KINDS),
    Field("event_time", "datetime", "thời gian diễn ra sự kiện",
          "Thời điểm sự kiện diễn ra; tính hạn 12 giờ hành chính.", (INGEST,), ("event",)),
    Field("submitted_at", "datetime", "thời gian gửi",
          "Thời điểm tin, bài đến Ban Biên tập; tính giờ chốt 16:00 và hạn gửi tin.", (INGEST,), ALL_KINDS),
    Field("author", "text", "người viết", "Tên người viết (hiện trên trang).", (INGEST,), ALL_KINDS),
    Field("author_title", "text", "chức danh người viết", "Chức danh người viết.", (INGEST,)),
    Field("approved_by", "text", "lãnh đạo duyệt",
          "Họ tên lãnh đạo đơn vị đã duyệt tin, bài trước khi gửi; bắt buộc với bài của đơn vị công đoàn "
          "(BT202).", (INGEST,)),
    Field("summary", "text", "tóm tắt, sapo",
          "Đoạn tóm tắt (sapo): từ bảng thông tin, đoạn kiểu Subtitle/Sapo hoặc đoạn đầu tiên.",
          (INGEST, EDITOR), ("news", "event", "feature")),
    Field("tags", "text-list", "từ khóa", "Các từ khóa của bài.", (INGEST, EDITOR),
          example="tags: [học bổng, giáo dục]"),
    Field("featured", "bool", "tin nổi bật",
          "true: đưa bài lên vị trí tin chính đầu trang chủ (bài mới nhất có featured: true được chọn); "
          "bỏ đi hoặc false khi hết nổi bật.", (EDITOR,), example="featured: true"),
    Field("theme", "text", "chủ đề hỏi đáp",
          "Chỉ với hỏi đáp (kind: qa): chủ đề để xếp câu hỏi trên trang Hỏi đáp pháp luật, ví dụ "
          "\"Bảo hiểm xã hội\"; câu hỏi không có chủ đề xếp vào \"Câu hỏi khác\".", (EDITOR,),
          example="theme: Bảo hiểm xã hội"),
    Field("images", "images", "ảnh",
          "Ảnh của bài trong content/images/: đường dẫn, chú thích, kích thước và các bản thu nhỏ.",
          (INGEST,)),
    Field("source", "mapping", "tệp gốc",
          "Tệp gốc đã nhận: tên tệp, mã sha256, định dạng (docx, doc, odt, rtf).", (INGEST,), private=True),
    Field("contributor", "mapping", "thông tin cộng tác viên",
          "Chỉ với cộng tác viên: cơ quan, họ tên, chức danh, thư điện tử, điện thoại, địa chỉ, "
          "cam kết bản quyền (copyright_confirmed); bắt buộc khi unit: null (BT203). Chỉ Ban Biên tập xem. "
          "Khi editorial.yml có privacy.recipients, thư điện tử, điện thoại, địa chỉ được mã hóa vào "
          "contributor.sealed (đọc bằng pipeline contacts show); contributor.contact ghi tên các mục đã có.",
          (INGEST,), private=True),
    Field("conversion_warnings", "text-list", "ghi chú chuyển đổi",
          "Những gì bị bỏ hoặc cần xem lại khi chuyển đổi tệp, để biên tập viên kiểm tra.", (INGEST,),
          private=True, example="conversion_warnings: [\"…\"]"),
    Field("title_source", "text", "nguồn tiêu đề",
          "Tiêu đề lấy từ đâu: meta.yml, bảng thông tin (điền tay, tin được); tiêu đề đầu bài (Heading 1 ở "
          "dòng đầu); hoặc đoán: tên loại văn bản và trích yếu, tiêu đề trong bài, thuộc tính tệp, dòng đầu "
          "bài — tiêu đề đoán có cảnh báo BT814 để biên tập viên kiểm tra.", (INGEST,), private=True),
    Field("checks_ignore", "mapping", "tắt quy tắc kiểm tra",
          "Tắt một quy tắc kiểm tra cho riêng bài này, bắt buộc ghi lý do: {BT302: \"lý do\"}.",
          (EDITOR,), private=True),
    Field("status", "text", "trạng thái",
          "draft (bản nháp), review (đang duyệt) hoặc published (mặc định): bản nháp và bài đang duyệt "
          "không lên trang công khai.", (EDITOR,)),
    Field("updated", "datetime", "ngày đính chính", "Ngày đính chính bài (đi cùng correction).", (EDITOR,)),
    Field("correction", "text", "nội dung đính chính",
          "Nội dung đính chính, hiện trong khung \"Đính chính ngày …\" ở đầu bài.", (EDITOR,)),
    Field("withdrawn", "bool", "gỡ bài",
          "true: gỡ bài; địa chỉ bài vẫn mở được nhưng chỉ hiện thông báo và lý do.", (EDITOR,),
          example="withdrawn: true"),
    Field("withdrawn_reason", "text", "lý do gỡ bài", "Lý do gỡ bài, hiện cho người đọc.", (EDITOR,)),
    # Pelican's own metadata: accepted, rarely needed.
    Field("modified", "any", "ngày sửa", "Ngày sửa theo cách của Pelican; nên dùng updated.", (PELICAN,)),
    Field("lang", "any", "ngôn ngữ", "Ngôn ngữ của bài (mặc định vi).", (PELICAN,)),
    Field("translation", "any", "bản dịch", "Đánh dấu bài là bản dịch.", (PELICAN,)),
    Field("template", "any", "mẫu trang", "Mẫu giao diện riêng cho bài.", (PELICAN,)),
    Field("save_as", "any", "tệp xuất", "Đường dẫn tệp HTML xuất ra, thay cho mặc định.", (PELICAN,)),
    Field("url", "any", "địa chỉ", "Địa chỉ bài, thay cho mặc định.", (PELICAN,)),
    Field("category", "any", "chuyên mục", "Chuyên mục; trang tự đặt theo topic.", (PELICAN,)),
    Field("authors", "any", "các tác giả", "Danh sách tác giả theo cách của Pelican; nên dùng author.",
          (PELICAN,)),
)

BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
KNOWN_KEYS: frozenset[str] = frozenset(BY_KEY)
PRIVATE_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.private)
ORDER: dict[str, int] = {f.key: n for n, f in enumerate(FIELDS)}


def required_for(kind: str | None) -> tuple[str, ...]:
    """Keys every article of `kind` must have; with no kind, the keys every article needs."""
    if kind is None:
        return tuple(f.key for f in FIELDS if set(ALL_KINDS) <= set(f.required_for))
    return tuple(f.key for f in FIELDS if kind in f.required_for)


def keys_of_type(type_: str) -> tuple[str, ...]:
    return tuple(f.key for f in FIELDS if f.type == type_)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _required(field: Field) -> str:
    if not field.required_for:
        return "không"
    if set(ALL_KINDS) <= set(field.required_for):
        return "mọi bài"
    return ", ".join(field.required_for)


def fields_markdown() -> str:
    """The reference table (docs/reference/front-matter.md): one row per key."""
    rows = ["| key | type | required | set by | public | meaning (Vietnamese) |",
            "|---|---|---|---|---|---|"]
    for f in FIELDS:
        rows.append(f"| `{f.key}` | {TYPES[f.type]} | {_required(f)} | {', '.join(f.set_by)} | "
                    f"{'riêng (private)' if f.private else 'công khai'} | {_cell(f.meaning)} |")
    return "\n".join(rows) + "\n"
