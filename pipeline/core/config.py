"""editorial.yml: the newsroom (site, editors, topics, units, deadlines, quotas) as one validated object.

SCHEMA below declares every key: its type, default and Vietnamese description (pipeline.core.schema
explains why a schema of our own). `load_config` reads the file strictly (pipeline.core.yamlsafe: no
duplicate keys, no aliases), checks it against SCHEMA, then the rules that span several tables
(names used twice, a special unit without its editor), and reports every problem at once, each
with its code, key path and line, in Vietnamese. docs/reference/editorial-yml.md is generated
from SCHEMA by `reference_markdown()`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, time
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.core import schema as s
from pipeline.core.messages import Message, error
from pipeline.core.text import match_key
from pipeline.core.yamlsafe import YamlDocument, key_text, load_yaml

if TYPE_CHECKING:
    from pipeline.core.workcal import WorkCalendar

KINDS = ("news", "event", "feature", "qa")
UNIT_KINDS = ("department", "upper_union", "special")
DEFAULT_CONFIG = "editorial.yml"


class ConfigError(Exception):
    """editorial.yml is missing or invalid; `problems` lists every one found, as coded messages."""

    def __init__(self, path: Path, problems: list[Message]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(m.text for m in problems))

    def __str__(self) -> str:
        head = f"Tệp cấu hình '{self.path}' có {len(self.problems)} lỗi cần sửa:"
        lines = [f"  - {m.code} " + (f"dòng {m.line}, " if m.line else "") + m.text for m in self.problems]
        return "\n".join([head, *lines])


@dataclass(frozen=True)
class Editor:
    slug: str
    name: str
    role: str
    handle: str


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    editor: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    slug: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    route_to: str | None = None
    default_topic: str | None = None
    fanpage: str | None = None
    active: bool = True
    start: date | None = None  # reports count this unit's quota from this day


@dataclass(frozen=True)
class KindInfo:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Site:
    name: str
    federation: str
    url: str
    contact_email: str
    tagline: str = ""
    address: str = ""
    phone: str = ""
    responsible: str = ""
    licence: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Deadlines:
    timely_news_cutoff: time = time(16, 0)
    event_working_hours: float = 12
    grace_minutes: int = 1
    office_hours: tuple[tuple[time, time], ...] = ((time(7), time(11)), (time(13), time(17)))
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Quota:
    department_monthly_min: int = 1
    department_monthly_max: int = 2


@dataclass(frozen=True)
class PhotoConfig:
    max_side: int = 1600
    widths: tuple[int, ...] = (240, 480, 960)


@dataclass(frozen=True)
class Reports:
    public_summary: bool = False
    start: date | None = None  # the first day the newsroom counts quotas (the site's launch)


@dataclass(frozen=True)
class Highlight:
    """One entry of the front page's "Tiêu điểm" block: an article, a tag page or a link."""

    article: str = ""  # an article's slug
    tag: str = ""  # a tag as written in articles' front matter
    url: str = ""
    title: str = ""  # the shown text; required with url, optional otherwise


@dataclass(frozen=True)
class FrontPage:
    """editorial.yml `front_page:`: what the editors put on the home page beyond the newest articles."""

    highlights_heading: str = "Tiêu điểm"
    highlights: tuple[Highlight, ...] = ()


@dataclass(frozen=True)
class Privacy:
    """Who can read collaborators' contact details and the original files (editorial.yml `privacy:`)."""

    # editor slug → age public key (age1…). Empty: private data is written in clear (private repos only).
    recipients: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Limits:
    """Resource limits per submission (editorial.yml `limits:`); each breach refuses that submission only."""

    max_xml_bytes: int = 50 * 1024 * 1024
    # A 12000×9000 office scan (108 MP) is legitimate: it is scaled down, not refused.
    max_image_pixels: int = 120_000_000
    max_image_frames: int = 300
    max_meta_yml_bytes: int = 256 * 1024
    yaml_max_aliases: int = 0
    yaml_max_depth: int = 64
    libreoffice_seconds: int = 120
    libreoffice_memory_mb: int = 1024
    conversion_seconds: int = 300
    conversion_memory_mb: int = 1536


DEFAULT_LIMITS = Limits()


@dataclass
class Config:
    path: Path
    site: Site
    editor_in_chief: str
    editors: dict[str, Editor]
    topics: dict[str, Topic]
    kinds: dict[str, KindInfo]
    units: dict[str, Unit]
    abbreviations: dict[str, str]
    collaborator_inbox: str
    deadlines: Deadlines
    quota: Quota
    photos: PhotoConfig
    check_severity: dict[str, str] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS
    reports: Reports = field(default_factory=Reports)
    placeholder_authors: tuple[str, ...] = ()  # never a byline, besides pipeline.content.bylines' list
    privacy: Privacy = field(default_factory=Privacy)
    front_page: FrontPage = field(default_factory=FrontPage)
    lines: dict[tuple[str, ...], int] = field(default_factory=dict, repr=False)

    # --- lookups -------------------------------------------------------------------

    def find_unit(self, text: str | None) -> Unit | None:
        return _find(text, self.units.values(), self.abbreviations)

    def find_topic(self, text: str | None) -> Topic | None:
        return _find(text, self.topics.values(), self.abbreviations)

    def find_kind(self, text: str | None) -> KindInfo | None:
        return _find(text, self.kinds.values(), self.abbreviations)

    def unit_candidates(self, text: str) -> list[Unit]:
        return _candidates(text, self.units.values(), self.abbreviations)

    def route(self, unit: str | None, topic: str) -> Editor:
        """The editor who reviews an article: a special unit's own editor, else the topic's.

        A pure function of (unit, topic) over this configuration.
        """
        if unit and unit in self.units and self.units[unit].route_to:
            return self.editors[self.units[unit].route_to]  # type: ignore[index]
        return self.editors[self.topics[topic].editor]

    @cached_property
    def calendar(self) -> WorkCalendar:
        """The one office calendar of this newsroom (working hours, days off, make-up days)."""
        from pipeline.core.workcal import WorkCalendar

        d = self.deadlines
        return WorkCalendar(d.office_hours, d.extra_days_off, d.extra_working_days)

    def line_of(self, *path: str) -> int | None:
        """The line of a key in editorial.yml (or of its nearest parent), for messages."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return None

    @property
    def departments(self) -> list[Unit]:
        return [u for u in self.units.values() if u.kind == "department"]


# --- name matching -------------------------------------------------------------------


def _keys(item: Topic | Unit | KindInfo, abbreviations: dict[str, str]) -> set[str]:
    names = {item.slug.replace("-", " "), item.name, *item.aliases}
    frozen = tuple(sorted(abbreviations.items()))
    return {_match_key(n, frozen) for n in names}


@lru_cache(maxsize=8192)
def _match_key(text: str, abbreviations: tuple[tuple[str, str], ...]) -> str:
    # Names are matched again and again (every unit for every article): fold each once.
    return match_key(text, dict(abbreviations))


def _find(text, items, abbreviations):  # type: ignore[no-untyped-def]
    if text is None or not str(text).strip():
        return None
    wanted = match_key(str(text), abbreviations)
    items = list(items)
    for item in items:
        if wanted in _keys(item, abbreviations) or str(text).strip() == item.slug:
            return item
    found = _candidates(str(text), items, abbreviations)
    return found[0] if len(found) == 1 else None


def _candidates(text, items, abbreviations):  # type: ignore[no-untyped-def]
    """Items whose name contains the text as whole words (or the reverse): 'Ba Tri' → LĐLĐ huyện Ba Tri."""
    wanted = match_key(str(text), abbreviations)
    if len(wanted) < 3:
        return []
    padded = f" {wanted} "
    out = []
    for item in items:
        for key in _keys(item, abbreviations):
            if padded in f" {key} " or (len(key) >= 6 and f" {key} " in padded):
                out.append(item)
                break
    return out


# --- the schema: every key of editorial.yml ---------------------------------------------------

_SLUG = r"[a-z0-9][a-z0-9-]*"
_EMAIL = {"pattern": r"[^@\s]+@[^@\s]+\.[^@\s]+", "type_vi": "một địa chỉ thư điện tử",
          "pattern_vi": "hãy viết một địa chỉ thư điện tử, ví dụ ldld@bentre.gov.vn"}
_URL = {"pattern": r"https?://\S+", "type_vi": "một địa chỉ web",
        "pattern_vi": "hãy viết một địa chỉ bắt đầu bằng https://"}
_LIMITS_VI = {
    "max_xml_bytes": "Dung lượng XML tối đa (byte) bên trong một tệp .docx/.odt sau khi giải nén.",
    "max_image_pixels": "Số điểm ảnh tối đa của một ảnh (mỗi khung hình).",
    "max_image_frames": "Số khung hình tối đa của một ảnh động.",
    "max_meta_yml_bytes": "Dung lượng tối đa (byte) của tệp meta.yml.",
    "yaml_max_aliases": "Số bí danh YAML (*tên) được phép trong meta.yml; 0 là không cho phép.",
    "yaml_max_depth": "Số cấp lồng nhau tối đa của bảng/danh sách trong meta.yml.",
    "libreoffice_seconds": "Thời gian tối đa (giây) cho một lần LibreOffice chuyển đổi tệp.",
    "libreoffice_memory_mb": "Bộ nhớ tối đa (MB) cho một lần LibreOffice chuyển đổi tệp.",
    "conversion_seconds": "Thời gian tối đa (giây) để chuyển đổi một bài gửi, tính mọi bước.",
    "conversion_memory_mb": "Bộ nhớ tối đa (MB) để chuyển đổi một bài gửi, tính mọi bước.",
}


def _aliases(what: str) -> s.ListOf:
    return s.ListOf(f"Những cách viết khác của {what} mà người gửi hay dùng (viết tắt, tên cũ).",
                    s.Text("Một cách viết."))


SCHEMA = s.Section("Cấu hình Ban Biên tập.", {
    "site": s.Section("Thông tin của trang tin.", {
        "name": s.Text("Tên trang, hiện ở đầu mọi trang.", example="Công đoàn tỉnh Bến Tre"),
        "federation": s.Text("Tên cơ quan chủ quản.", example="Liên đoàn Lao động tỉnh Bến Tre"),
        "tagline": s.Text("Dòng giới thiệu ngắn dưới tên trang.", default=""),
        "url": s.Text("Địa chỉ công khai của trang.", **_URL),
        "contact_email": s.Text("Thư điện tử liên hệ của Ban Biên tập.", **_EMAIL),
        "address": s.Text("Địa chỉ bưu chính, hiện ở chân trang khi có.", default=""),
        "phone": s.Text("Số điện thoại liên hệ, hiện ở chân trang khi có.", default="",
                        pattern=r"\+?[0-9][0-9 .()-]{5,24}",
                        pattern_vi="hãy viết số điện thoại bằng chữ số (có thể cách nhau bằng dấu "
                                   "cách, dấu chấm, gạch ngang), ví dụ 0275 3822 123"),
        "responsible": s.Text("Người chịu trách nhiệm chính nội dung trang (họ tên, chức vụ), "
                              "hiện ở chân trang khi có.", default=""),
        "licence": s.Text("Dòng giấy phép (số, ngày, cơ quan cấp), hiện ở chân trang khi có.",
                          default=""),
        "timezone": s.TimeZone("Múi giờ của tòa soạn (tên IANA).", default="Asia/Ho_Chi_Minh"),
    }),
    "editor_in_chief": s.Ref("Biên tập viên duyệt mọi thứ không thuộc riêng một lĩnh vực "
                             "(editorial.yml, giao diện, mã nguồn).", "editors"),
    "editors": s.MapOf("Biên tập viên, theo mã (chữ thường không dấu, nối bằng gạch ngang).", s.Section(
        "Một biên tập viên.", {
            "name": s.Text("Họ và tên."),
            "role": s.Text("Chức vụ."),
            "handle": s.Text("Tài khoản hoặc nhóm trên GitHub/GitLab nhận yêu cầu duyệt, "
                             "ví dụ \"@ldld-bentre/bbt-tai-chinh\"."),
        }), min_items=1),
    "topics": s.MapOf("Lĩnh vực tin, bài; mỗi lĩnh vực do một biên tập viên duyệt.", s.Section(
        "Một lĩnh vực.", {
            "name": s.Text("Tên lĩnh vực."),
            "editor": s.Ref("Biên tập viên phụ trách.", "editors"),
            "aliases": _aliases("lĩnh vực"),
        }), min_items=1),
    "kinds": s.Section("Loại tin. Các mã news, event, feature, qa do chương trình quy định; "
                       "tên và cách viết khác thì sửa được.", {
        kind: s.Section(f"Loại tin '{kind}'.", {"name": s.Text("Tên loại tin."),
                                                "aliases": _aliases("loại tin")})
        for kind in KINDS
    }),
    "abbreviations": s.MapOf("Chữ viết tắt được mở rộng trước khi so tên, ví dụ LĐLĐ: Liên đoàn Lao động.",
                             s.Text("Dạng đầy đủ."), key=r"\S(.*\S)?", key_vi="không được trống",
                             key_name="viết tắt"),
    "units": s.MapOf("Đơn vị gửi tin.", s.Section("Một đơn vị.", {
        "name": s.Text("Tên đầy đủ."),
        "kind": s.Choice("department: một Ban của LĐLĐ tỉnh (có hạn mức hằng tháng); upper_union: "
                         "công đoàn cấp trên trực tiếp cơ sở; special: đơn vị duyệt theo đơn vị "
                         "chứ không theo lĩnh vực.", UNIT_KINDS),
        "aliases": _aliases("đơn vị"),
        "route_to": s.Ref("Biên tập viên duyệt mọi bài của đơn vị (bắt buộc với special).",
                          "editors", default=None),
        "default_topic": s.Ref("Lĩnh vực dùng khi bài không ghi lĩnh vực.", "topics", default=None),
        "fanpage": s.Text("Trang Facebook của đơn vị.", default=None, **_URL),
        "active": s.Boolean("false khi đơn vị đã sáp nhập (bài cũ vẫn giữ đơn vị).", default=True),
        "start": s.Day("Ngày đơn vị bắt đầu gửi tin qua hệ thống (đơn vị mới thành lập, mới tham gia): "
                       "báo cáo chỉ tính hạn mức từ ngày này.", default=None),
    }), min_items=1),
    "placeholder_authors": s.ListOf("Tên không bao giờ đăng làm người viết, thêm vào danh sách có sẵn "
                                    "(Windows User, Administrator, Email365 Team…): tên máy, tên cửa hàng "
                                    "thấy trong thuộc tính tệp Word.", s.Text("Một tên."), default=[]),
    "collaborators": s.Section("Cộng tác viên ngoài (không phải đơn vị).", {
        "inbox": s.Text("Hộp thư nhận bài của cộng tác viên.", **_EMAIL),
    }),
    "deadlines": s.Section("Hạn gửi tin theo Công văn 1666/LĐLĐ.", {
        "timely_news_cutoff": s.Clock("Tin thời sự gửi trước giờ này mỗi ngày.", default="16:00"),
        "event_working_hours": s.Number("Tin sự kiện gửi trong chừng này giờ hành chính kể từ sự kiện.",
                                        default=12),
        "grace_minutes": s.Integer("Công văn tính hạn đến từng phút (\"chậm nhất 16 giờ\"): tin gửi trong "
                                   "chừng này phút đầu sau hạn vẫn là đúng hạn. 1 = cả phút 16:00 "
                                   "(đến 16:00:59) là đúng hạn; 0 = trễ từ 16:00:01.",
                                   minimum=0, maximum=60, default=1),
        "office_hours": s.ListOf("Giờ hành chính trong ngày làm việc.",
                                 s.ClockRange("Một buổi làm việc."),
                                 default=[["07:00", "11:00"], ["13:00", "17:00"]]),
        "extra_days_off": s.ListOf("Ngày nghỉ thêm do tỉnh thông báo.", s.Day("Một ngày.")),
        "extra_working_days": s.ListOf("Ngày làm bù (thứ Bảy đi làm).", s.Day("Một ngày.")),
    }),
    "quota": s.Section("Hạn mức tin, bài hằng tháng của mỗi Ban (department).", {
        "department_monthly_min": s.Integer("Số tin, bài tối thiểu mỗi tháng.", default=1),
        "department_monthly_max": s.Integer("Số tin, bài tối đa mỗi tháng.", default=2),
    }),
    "photos": s.Section("Ảnh đăng trên trang.", {
        "max_side": s.Integer("Cạnh dài nhất của ảnh lớn nhất (điểm ảnh).", minimum=100, default=1600),
        "widths": s.ListOf("Các độ rộng ảnh nhỏ hơn tạo thêm cho điện thoại (điểm ảnh).",
                           s.Integer("Một độ rộng.", minimum=1), default=[240, 480, 960]),
    }),
    "limits": s.Section("Giới hạn tài nguyên cho mỗi bài gửi; bài vượt giới hạn bị từ chối, "
                        "các bài khác vẫn được xử lý.", {
        # Zero aliases is the safe default; a zero time, size or memory would refuse everything.
        name: s.Integer(_LIMITS_VI[name], default=value, minimum=0 if name == "yaml_max_aliases" else 1)
        for name, value in asdict(DEFAULT_LIMITS).items()
    }),
    "reports": s.Section("Báo cáo của Ban Biên tập.", {
        "public_summary": s.Boolean("true: thêm trang thống kê số tin, bài (/thong-ke/) lên trang công "
                                    "khai; mặc định báo cáo chỉ dùng nội bộ.", default=False),
        "start": s.Day("Ngày bắt đầu tính hạn mức (ngày trang đi vào hoạt động): trước ngày này không "
                       "có hạn mức; hạn mức từ đầu năm chỉ tính từ ngày này.", default=None),
    }),
    "privacy": s.Section("Giữ kín thông tin liên hệ của cộng tác viên và tệp gốc trong kho Git: chúng "
                         "được mã hóa (age) cho các biên tập viên có khóa, để kho công khai cũng không "
                         "lộ. Xem docs/privacy.md.", {
        "recipients": s.MapOf("Khóa công khai age của từng biên tập viên được đọc thông tin riêng, theo "
                              "mã biên tập viên. Tạo khóa bằng: pipeline contacts key.",
                              s.Text("Khóa công khai age.", pattern=r"age1[02-9ac-hj-np-z]{58}",
                                     type_vi="một khóa công khai age",
                                     pattern_vi="khóa công khai age bắt đầu bằng age1 và dài 62 ký tự; "
                                                "lấy từ lệnh pipeline contacts key"),
                              key_name="mã biên tập viên"),
    }),
    "front_page": s.Section("Trang chủ: những gì Ban Biên tập chọn đưa lên, ngoài các tin mới nhất. "
                            "Tin chính đầu trang do từng bài chọn (featured: true trong bài).", {
        "highlights": s.Section("Khối \"Tiêu điểm\" (hoặc \"Sự kiện\") ở trang chủ: danh sách bài, từ khóa "
                                "hoặc liên kết Ban Biên tập muốn nêu bật; danh sách trống thì khối không hiện.", {
            "heading": s.Text("Tiêu đề của khối, ví dụ \"Sự kiện\".", default="Tiêu điểm"),
            "items": s.ListOf("Các mục, theo thứ tự hiện; mỗi mục ghi đúng một trong article, tag, url.",
                              s.Section("Một mục.", {
                                  "article": s.Text("Đường dẫn (slug) của một bài, ví dụ "
                                                    "dai-hoi-cong-doan-tinh-lan-thu-xi.",
                                                    default="", pattern=_SLUG,
                                                    pattern_vi="hãy chép slug trong đầu bài: chữ thường "
                                                               "không dấu, số và dấu gạch ngang"),
                                  "tag": s.Text("Một từ khóa (như trong tags của bài): dẫn tới trang các "
                                                "bài có từ khóa đó.", default=""),
                                  "url": s.Text("Một địa chỉ web (trang ngoài, văn bản…).", default="", **_URL),
                                  "title": s.Text("Chữ hiện trên trang: bắt buộc với url; với article và tag "
                                                  "thì mặc định là tiêu đề bài hoặc từ khóa.", default=""),
                              })),
        }),
    }),
    "checks": s.Section("Kiểm tra bài (pipeline check).", {
        "severity": s.MapOf("Đổi mức của một quy tắc cho cả trang: error (chặn duyệt), warning, info, "
                            "off (tắt). Viết \"off\" trong dấu nháy.",
                            s.Choice("Mức.", ("error", "warning", "info", "off"), false_means="off"),
                            key=r"\S+", key_vi="hãy viết mã quy tắc, ví dụ BT301",
                            key_name="mã quy tắc"),
    }),
})

# Problem kinds → message codes (pipeline/core/codes.py).
_CODES = {
    "file": "BT701", "syntax": "BT702", "key": "BT702", "alias": "BT703", "depth": "BT704",
    "duplicate": "BT705", s.UNKNOWN_KEY: "BT706", s.MISSING_KEY: "BT707", s.WRONG_TYPE: "BT708",
    s.BAD_VALUE: "BT709", s.BAD_TIMEZONE: "BT710", s.BAD_REF: "BT711", "same-name": "BT712",
    "contradiction": "BT713",
}
MAX_CONFIG_BYTES = 1024 * 1024
MAX_CONFIG_DEPTH = 16


# --- loading -----------------------------------------------------------------------------------


class _Problems:
    def __init__(self, path: Path, doc: YamlDocument):
        self.path, self.doc = path, doc
        self.messages: list[Message] = []

    def add(self, kind: str, keypath: tuple[str, ...], text: str, line: int | None = None) -> None:
        where = f"khóa '{key_text(keypath)}': " if keypath else ""
        line = line if line is not None else self.doc.line_of(keypath)
        self.messages.append(error(_CODES[kind], where + text, str(self.path), line))


def load_config(path: str | Path = DEFAULT_CONFIG) -> Config:
    """Load and validate editorial.yml; raise ConfigError listing every problem."""
    path = Path(path)
    problems = _Problems(path, YamlDocument())
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            problems.add("file", (), f"tệp lớn hơn {MAX_CONFIG_BYTES // 1024} KB; đây không phải editorial.yml.")
            raise ConfigError(path, problems.messages)
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add("file", (), "không tìm thấy tệp; hãy chạy lệnh trong thư mục dự án hoặc dùng --config.")
        raise ConfigError(path, problems.messages) from None
    except UnicodeDecodeError:
        problems.add("file", (), "tệp không ở mã UTF-8; hãy lưu lại với mã UTF-8.")
        raise ConfigError(path, problems.messages) from None
    except OSError as exc:
        problems.add("file", (), f"không đọc được tệp ({exc.strerror or exc}).")
        raise ConfigError(path, problems.messages) from None

    doc = load_yaml(text, max_aliases=0, max_depth=MAX_CONFIG_DEPTH)
    problems.doc = doc
    for p in doc.problems:
        problems.add(p.kind, p.path, p.text, p.line)
    if doc.data is None and doc.problems:
        raise ConfigError(path, problems.messages)
    checker = s.Checker(problems.add)
    values = s.check_document(SCHEMA, doc.data, checker)
    config = _build(path, values, problems)
    if problems.messages:
        raise ConfigError(path, sorted(problems.messages, key=lambda m: m.line or 0))
    config.lines = dict(doc.lines)
    return config


def _ok(value: Any) -> bool:
    return value is not s.INVALID and value is not None


def _table(values: dict[str, Any], key: str) -> dict[str, Any]:
    found = values.get(key)
    return found if isinstance(found, dict) else {}


def _valid_items(table: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(table, dict):
        return {}
    return {k: v for k, v in table.items() if isinstance(v, dict)}


def _text(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _build(path: Path, v: dict[str, Any], problems: _Problems) -> Config:
    """Typed objects from checked values, plus the rules that span several entries."""
    site_v = _table(v, "site")
    site = Site(**{k: _text(site_v.get(k), getattr(Site, k, "")) for k in
                   ("name", "federation", "url", "contact_email", "tagline", "address", "phone",
                    "responsible", "licence", "timezone")})
    editors = {slug: Editor(slug, _text(e.get("name")), _text(e.get("role")), _text(e.get("handle")))
               for slug, e in _valid_items(v.get("editors")).items()}
    topics = {slug: Topic(slug, _text(t.get("name")), _text(t.get("editor")), _strings(t.get("aliases")))
              for slug, t in _valid_items(v.get("topics")).items()}
    kinds = {slug: KindInfo(slug, _text(k.get("name")), _strings(k.get("aliases")))
             for slug, k in _valid_items(v.get("kinds")).items()}
    units: dict[str, Unit] = {}
    for slug, u in _valid_items(v.get("units")).items():
        units[slug] = Unit(
            slug=slug, name=_text(u.get("name")), kind=_text(u.get("kind")),
            aliases=_strings(u.get("aliases")), route_to=_text(u.get("route_to")) or None,
            default_topic=_text(u.get("default_topic")) or None, fanpage=_text(u.get("fanpage")) or None,
            active=u.get("active") is not False,
            start=u["start"] if isinstance(u.get("start"), date) else None,
        )
        if units[slug].kind == "special" and not units[slug].route_to:
            problems.add(s.MISSING_KEY, ("units", slug, "route_to"),
                         "đơn vị đặc biệt (special) phải có route_to: biên tập viên phụ trách.")
    abbreviations = {k: val for k, val in (v.get("abbreviations") or {}).items() if isinstance(val, str)}
    for table, items in (("units", units), ("topics", topics), ("kinds", kinds)):
        _same_names(table, items, abbreviations, problems)
    _same_editor_names(editors, problems)

    dl = _table(v, "deadlines")
    default_dl = Deadlines()
    office = dl.get("office_hours")
    deadlines = Deadlines(
        timely_news_cutoff=dl["timely_news_cutoff"] if isinstance(dl.get("timely_news_cutoff"), time)
        else default_dl.timely_news_cutoff,
        event_working_hours=dl["event_working_hours"] if _ok(dl.get("event_working_hours"))
        else default_dl.event_working_hours,
        grace_minutes=dl["grace_minutes"] if _ok(dl.get("grace_minutes")) else default_dl.grace_minutes,
        office_hours=tuple(office) if isinstance(office, list) and office else default_dl.office_hours,
        extra_days_off=frozenset(_dates(dl.get("extra_days_off"))),
        extra_working_days=frozenset(_dates(dl.get("extra_working_days"))),
    )
    quota = Quota(**_ints(v.get("quota"), Quota()))
    if quota.department_monthly_min > quota.department_monthly_max:
        problems.add("contradiction", ("quota", "department_monthly_min"),
                     "không được lớn hơn department_monthly_max.")
    ph = _table(v, "photos")
    widths = ph.get("widths")
    photos = PhotoConfig(
        max_side=ph["max_side"] if _ok(ph.get("max_side")) else PhotoConfig().max_side,
        widths=tuple(widths) if isinstance(widths, list) and widths else PhotoConfig().widths,
    )
    limits = Limits(**_ints(v.get("limits"), DEFAULT_LIMITS))
    if limits.conversion_seconds < limits.libreoffice_seconds:
        problems.add("contradiction", ("limits", "conversion_seconds"),
                     "phải lớn hơn hoặc bằng libreoffice_seconds (việc chuyển đổi gồm cả LibreOffice).")
    reports = _table(v, "reports")
    recipients = {slug: key for slug, key in (_table(v, "privacy").get("recipients") or {}).items()
                  if isinstance(key, str)}
    for slug in recipients:
        if slug not in editors:
            problems.add(s.BAD_REF, ("privacy", "recipients", slug),
                         f"'{slug}' không phải mã biên tập viên nào trong editors.")
    checks = _table(v, "checks")
    severity = {code: level for code, level in (checks.get("severity") or {}).items() if _ok(level)}
    collaborators = _table(v, "collaborators")
    front_page = _front_page(_table(v, "front_page"), problems)
    return Config(
        path=path, site=site, editor_in_chief=_text(v.get("editor_in_chief")), editors=editors,
        topics=topics, kinds=kinds, units=units, abbreviations=abbreviations,
        collaborator_inbox=_text(collaborators.get("inbox")), deadlines=deadlines, quota=quota,
        photos=photos, check_severity=severity, limits=limits,
        reports=Reports(public_summary=reports.get("public_summary") is True,
                        start=reports["start"] if isinstance(reports.get("start"), date) else None),
        placeholder_authors=_strings(v.get("placeholder_authors")),
        privacy=Privacy(recipients=recipients), front_page=front_page,
    )


def _front_page(values: dict[str, Any], problems: _Problems) -> FrontPage:
    highlights = _table(values, "highlights")
    items: list[Highlight] = []
    raw = highlights.get("items")
    for n, item in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(item, dict) or any(v is s.INVALID for v in item.values()):
            continue  # already reported by the schema
        entry = Highlight(**{k: _text(item.get(k)) for k in ("article", "tag", "url", "title")})
        where = ("front_page", "highlights", "items", str(n))
        targets = [k for k in ("article", "tag", "url") if getattr(entry, k)]
        if len(targets) != 1:
            problems.add("contradiction" if targets else s.MISSING_KEY, where,
                         f"mục thứ {n + 1} phải ghi đúng một trong article (slug của bài), tag (từ khóa) "
                         "hoặc url (địa chỉ web)" + (f"; đang ghi cả {' và '.join(targets)}." if targets else "."))
            continue
        if entry.url and not entry.title:
            problems.add(s.MISSING_KEY, (*where, "title"),
                         f"mục thứ {n + 1} là một địa chỉ web: hãy ghi title, chữ hiện trên trang.")
            continue
        items.append(entry)
    return FrontPage(highlights_heading=_text(highlights.get("heading"), "Tiêu điểm") or "Tiêu điểm",
                     highlights=tuple(items))


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(x for x in value if isinstance(x, str)) if isinstance(value, list) else ()


def _dates(value: Any) -> list[date]:
    return [d for d in value if isinstance(d, date)] if isinstance(value, list) else []


def _ints(section: Any, defaults: Any) -> dict[str, int]:
    section = section if isinstance(section, dict) else {}
    return {k: section[k] if isinstance(section.get(k), int) else d for k, d in asdict(defaults).items()}


def _same_names(table: str, items: dict[str, Topic] | dict[str, Unit] | dict[str, KindInfo],
                abbreviations: dict[str, str], problems: _Problems) -> None:
    """Two entries that one written name would match: find_unit/find_topic could not choose."""
    owner: dict[str, str] = {}
    frozen = tuple(sorted(abbreviations.items()))
    for slug, item in items.items():
        written = [("name", item.name), *((f"aliases.{i}", a) for i, a in enumerate(item.aliases))]
        for where, name in written:
            key = _match_key(name, frozen)
            if not key:
                continue
            if owner.setdefault(key, slug) != slug:
                problems.add("same-name", (table, slug, *where.split(".")),
                             f"'{name}' trùng với tên hoặc bí danh của '{table}.{owner[key]}'; "
                             "mỗi tên chỉ được dùng cho một mục, hãy đổi hoặc xóa một bên.")


def _same_editor_names(editors: dict[str, Editor], problems: _Problems) -> None:
    owner: dict[str, str] = {}
    for slug, editor in editors.items():
        key = match_key(editor.name)
        if key and owner.setdefault(key, slug) != slug:
            problems.add("same-name", ("editors", slug, "name"),
                         f"'{editor.name}' trùng tên với 'editors.{owner[key]}'; hai biên tập viên "
                         "không được cùng một tên, hãy ghi rõ để phân biệt.")


# --- the generated reference -------------------------------------------------------------------


def reference_markdown() -> str:
    """docs/reference/editorial-yml.md's body, generated (cog) from SCHEMA."""
    out: list[str] = []
    for name, option in SCHEMA.fields.items():
        out += [f"### `{name}`", "", option.description, "",
                "| Khóa | Kiểu | Mặc định | Mô tả |", "|---|---|---|---|"]
        for key, opt in [(name, option), *s.walk(option, name)]:
            out.append(f"| `{key}` | {opt.type_vi} | {opt.default_doc()} | {opt.description} |")
        out.append("")
    return "\n".join(out)
