"""`pipeline mail`: collaborators' email (ldld@bentre.gov.vn) → submission folders in the inbox.

Each message with Word attachments (also inside a .zip) becomes one folder per document: the document,
the message's photos (attached or inline), and a meta.yml prefilled from the message (sender → contributor,
signature → organisation/title/phone, subject → title when the document has none, Date → submitted_at in
Asia/Ho_Chi_Minh). Sources: an IMAP mailbox over TLS, or offline an mbox, a Maildir or .eml files.

On IMAP, a message whose folders were written is moved to the folder "Đã nhận" (or flagged, with
--flag-only) only after that; a message with nothing usable is left where it is and listed. Everything is
read with the standard library's email package (policy.default decodes RFC 2047 subjects and names and
RFC 2231 file names), imaplib and smtplib.
"""

from __future__ import annotations

import base64
import hashlib
import html
import imaplib
import io
import mailbox
import os
import re
import smtplib
import ssl
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

import yaml

from pipeline.core.config import Config
from pipeline.core.dates import TZ
from pipeline.core.text import fold, slugify
from pipeline.intake.inbox import DOCUMENT_EXTENSIONS, PHOTO_EXTENSIONS
from pipeline.intake.metadata import looks_like_metadata_table, table_rows_to_fields

DONE_FOLDER = "Đã nhận"
FLAG = "BantinDaNhan"  # an IMAP keyword for --flag-only
MIN_INLINE_PHOTO = 15_000  # smaller inline images are signature logos and icons, not news photos
MAX_ZIP_MEMBER = 50 * 1024 * 1024
MAX_ZIP_TOTAL = 200 * 1024 * 1024


class MailError(Exception):
    """The mailbox cannot be read; the message is Vietnamese and says what to set or check."""


# --- IMAP's modified UTF-7 (RFC 3501 §5.1.3): folder names such as "Đã nhận" ------------------------


def imap_utf7_encode(name: str) -> str:
    out, pending = [], ""

    def flush() -> None:
        nonlocal pending
        if pending:
            raw = base64.b64encode(pending.encode("utf-16-be")).decode("ascii").rstrip("=").replace("/", ",")
            out.append(f"&{raw}-")
            pending = ""

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending += ch
    flush()
    return "".join(out)


def imap_utf7_decode(name: str) -> str:
    def one(m: re.Match[str]) -> str:
        body = m.group(1)
        if not body:
            return "&"
        raw = body.replace(",", "/")
        return base64.b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-16-be")

    return re.sub(r"&([A-Za-z0-9+,]*)-", one, name)


# --- what a message holds ---------------------------------------------------------------------------


@dataclass
class Attachment:
    name: str
    data: bytes
    inline: bool = False


@dataclass
class Sender:
    email: str = ""
    name: str = ""
    organization: str = ""
    title: str = ""
    phone: str = ""


@dataclass
class Parsed:
    """One message, read: what became submissions and what could not be used."""

    key: str  # Message-ID, or a hash of the message when it has none
    subject: str
    sender: Sender
    sent: datetime | None
    documents: list[Attachment] = field(default_factory=list)
    photos: list[Attachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # Vietnamese, with BT codes

    @property
    def usable(self) -> bool:
        return bool(self.documents)


def parse_message(raw: bytes) -> Parsed:
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(msg, EmailMessage)
    key = str(msg.get("Message-ID") or "").strip() or "sha256:" + hashlib.sha256(raw).hexdigest()
    subject = " ".join(str(msg.get("Subject") or "").split())
    parsed = Parsed(key, subject, _sender(msg), _sent(msg))
    for part in msg.walk():
        if part.is_multipart() or part.get_content_type() == "message/rfc822":
            continue
        _take_part(part, parsed)
    if not parsed.documents and not parsed.problems:
        parsed.problems.append("BT881 lỗi: thư không có tệp Word (.docx, .doc, .odt, .rtf) đính kèm.")
    return parsed


_FORWARDED_FROM = re.compile(r"^\s*(?:From|Từ|De|Von)\s*:\s*(.+)$", re.MULTILINE | re.IGNORECASE)
_FORWARDED_DATE = re.compile(r"^\s*(?:Date|Sent|Ngày|Đã gửi|Thời gian)\s*:\s*(.+)$", re.MULTILINE | re.IGNORECASE)
_FORWARD_MARK = re.compile(r"-{2,}\s*(Forwarded message|Original Message|Thư được chuyển tiếp|Thư gốc)\s*-{2,}", re.IGNORECASE)


def _origin(msg: EmailMessage) -> tuple[str, str, str]:
    """(From, Date, text) of the author: a forwarded message's original, else the message itself.

    Staff often forward a collaborator's mail to the newsroom's address: the collaborator is the contributor
    and the original's Date is when the article was sent.
    """
    text = _plain_text(msg)
    for part in msg.walk():
        if part.get_content_type() == "message/rfc822" and part is not msg:
            inner = part.get_payload(0) if isinstance(part.get_payload(), list) else None
            if isinstance(inner, EmailMessage) and inner.get("From"):
                return str(inner.get("From")), str(inner.get("Date") or ""), _plain_text(inner) or text
    mark = _FORWARD_MARK.search(text)
    if mark:
        tail = text[mark.end():]
        sender, date = _FORWARDED_FROM.search(tail[:1500]), _FORWARDED_DATE.search(tail[:1500])
        if sender:
            return sender.group(1).strip(), date.group(1).strip() if date else "", tail
    return str(msg.get("Reply-To") or msg.get("From") or ""), str(msg.get("Date") or ""), text


def _sender(msg: EmailMessage) -> Sender:
    author, _, text = _origin(msg)
    addresses = getaddresses([author.replace("[mailto:", "<").replace("]", ">")])
    name, email = addresses[0] if addresses else ("", "")
    sender = Sender(email=email.strip().lower(), name=" ".join(name.strip('"').split()))
    _read_signature(text, sender)
    return sender


def _sent(msg: EmailMessage) -> datetime | None:
    _, date, _ = _origin(msg)
    try:
        value = parsedate_to_datetime(date or str(msg.get("Date") or ""))
    except (TypeError, ValueError):
        return None
    if value is None:
        return None
    if value.tzinfo is None:  # RFC 5322 "-0000": time in UTC, zone unknown
        value = value.replace(tzinfo=TZ)
    return value.astimezone(TZ)


def _plain_text(msg: EmailMessage) -> str:
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        text = body.get_content()
    except (LookupError, ValueError):
        return ""
    if body.get_content_type() == "text/html":
        text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", text, flags=re.IGNORECASE)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return str(text)


_PHONE = re.compile(r"(?:\+84|0)(?:[\s.\-]?\d){8,10}")
_ORG_WORDS = ("cong ty", "cong doan", "bao ", "dai ", "truong", "so ", "ubnd", "uy ban", "ban ", "phong ", "lien doan",
              "hoi ", "co quan", "benh vien", "ngan hang", "xi nghiep", "nha may", "tap doan", "tong cong ty", "trung tam")
_TITLE_WORDS = ("phong vien", "chu tich", "pho ", "can bo", "giao vien", "truong ", "bi thu", "cong nhan", "cong tac vien",
                "bien tap", "nhan vien", "ky su", "bac si", "chuyen vien", "giam doc", "to truong", "doan vien")
_CLOSINGS = ("tran trong", "than ai", "kinh thu", "tran trong cam on", "kinh chao", "best regards", "regards")


def _read_signature(text: str, sender: Sender) -> None:
    """Organisation, title and phone from the signature: the lines after '-- ' or a closing phrase."""
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    lines = [line for line in lines if not line.startswith(">")]  # quoted replies are someone else's
    start = None
    for i, line in enumerate(lines):
        if line in ("--", "-- ") or fold(line).rstrip(",.!:").strip() in _CLOSINGS:
            start = i + 1
    block = [line for line in (lines[start:] if start is not None else lines[-8:]) if line][:10]
    for line in block:
        folded = fold(line) + " "
        label, _, value = line.partition(":")
        value = value.strip() if _ else line
        if not sender.phone and (m := _PHONE.search(line)):
            sender.phone = re.sub(r"[\s.\-]", "", m.group(0))
            continue
        if "@" in line:
            continue
        if not sender.title and folded.startswith(_TITLE_WORDS + ("chuc vu", "chuc danh")):
            sender.title = value if fold(label) in ("chuc vu", "chuc danh") else line
            continue
        if not sender.organization and (folded.startswith(_ORG_WORDS + ("don vi", "co quan")) or " - " in line
                                        and any(w in folded for w in _ORG_WORDS)):
            sender.organization = value if fold(label) in ("don vi", "co quan") else line


def _take_part(part: Message, parsed: Parsed) -> None:
    name = part.get_filename() or ""
    ctype = part.get_content_type()
    disposition = (part.get_content_disposition() or "").lower()
    if ctype == "application/ms-tnef" or name.lower() == "winmail.dat":
        parsed.problems.append(
            "BT882 lỗi: thư gửi từ Outlook ở dạng 'winmail.dat' (Rich Text), tệp đính kèm bị gói kín nên không đọc được. "
            "Hãy gửi lại với định dạng thư HTML hoặc văn bản thường (Outlook: Tệp → Tùy chọn → Thư → Soạn thư ở định dạng HTML).")
        return
    if not name and not (ctype.startswith("image/") and disposition in ("inline", "attachment")):
        return  # the message's own text
    try:
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
    except (AssertionError, ValueError):
        data = b""
    if not data:
        return
    name = _safe_name(name or f"anh{_ext_for(ctype)}")
    ext = Path(name).suffix.lower()
    if ext in DOCUMENT_EXTENSIONS:
        parsed.documents.append(Attachment(name, data))
    elif ext in PHOTO_EXTENSIONS or ctype.startswith("image/"):
        inline = disposition == "inline" or bool(part.get("Content-ID"))
        if inline and len(data) < MIN_INLINE_PHOTO:
            return
        parsed.photos.append(Attachment(name if ext in PHOTO_EXTENSIONS else name + _ext_for(ctype), data, inline))
    elif ext == ".zip" or ctype in ("application/zip", "application/x-zip-compressed"):
        _take_zip(name, data, parsed)


def _take_zip(name: str, data: bytes, parsed: Parsed) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        parsed.problems.append(f"BT883 lỗi: tệp nén '{name}' bị hỏng, không mở được; hãy nén lại hoặc đính kèm từng tệp.")
        return
    total = 0
    for info in archive.infolist():
        if info.is_dir() or "__MACOSX" in info.filename:
            continue
        member = _zip_name(info)
        ext = Path(member).suffix.lower()
        if ext not in DOCUMENT_EXTENSIONS | PHOTO_EXTENSIONS:
            continue
        total += info.file_size
        if info.file_size > MAX_ZIP_MEMBER or total > MAX_ZIP_TOTAL:
            parsed.problems.append(f"BT883 lỗi: tệp nén '{name}' quá lớn khi giải nén; hãy gửi từng tệp.")
            return
        if info.flag_bits & 0x1:
            parsed.problems.append(f"BT883 lỗi: tệp nén '{name}' có mật khẩu; hãy gửi tệp không đặt mật khẩu.")
            return
        with archive.open(info) as member_file:  # the declared size can lie: read no more than the limit
            content = member_file.read(MAX_ZIP_MEMBER + 1)
        if len(content) > MAX_ZIP_MEMBER:
            parsed.problems.append(f"BT883 lỗi: tệp nén '{name}' quá lớn khi giải nén; hãy gửi từng tệp.")
            return
        target = parsed.documents if ext in DOCUMENT_EXTENSIONS else parsed.photos
        target.append(Attachment(_safe_name(member), content))


def _zip_name(info: zipfile.ZipInfo) -> str:
    name = info.filename.rsplit("/", 1)[-1]
    if not info.flag_bits & 0x800:  # no UTF-8 flag: Windows' zip writes UTF-8 bytes anyway, read as CP437
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _safe_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip().strip(".")
    name = re.sub(r"[\x00-\x1f<>:\"|?*]", "_", name)
    return name[:150] or "tep"


def _ext_for(ctype: str) -> str:
    return {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}.get(ctype, ".bin")


# --- writing submissions ------------------------------------------------------------------------------

_SUBJECT_NOISE = re.compile(r"^\s*((re|fw|fwd|tr|chuyển tiếp|trả lời)\s*:\s*|\[[^\]]*\]\s*)+", re.IGNORECASE)
_GENERIC_SUBJECTS = {"", "tin", "bai", "tin bai", "gui tin", "gui bai", "gui tin bai", "bai viet", "tin bai gui ban bien tap",
                     "no subject", "khong co tieu de"}


def title_hint(subject: str) -> str:
    text = _SUBJECT_NOISE.sub("", subject).strip()
    text = re.sub(r"^(gửi\s+)?(tin|bài|tin,? bài|bài viết)\s*[:\-–]\s*", "", text, flags=re.IGNORECASE).strip()
    return "" if fold(text) in _GENERIC_SUBJECTS else text


@dataclass
class DocumentFacts:
    """What a .docx already says about itself (the filled template wins over what the message suggests)."""

    has_title: bool = False
    fields: dict[str, str] = field(default_factory=dict)  # metadata-table fields, as ingest reads them


def document_facts(document: Attachment) -> DocumentFacts:
    facts = DocumentFacts()
    if not document.name.lower().endswith(".docx"):
        return facts  # .doc/.odt are read after LibreOffice: the message's values are the prefill
    try:
        from docx import Document

        doc = Document(io.BytesIO(document.data))
    except Exception:  # noqa: BLE001 - an unreadable file is reported by ingest, not here
        return facts
    for table in doc.tables[:2]:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if looks_like_metadata_table(rows):
            facts.fields = table_rows_to_fields(rows)
            break
    facts.has_title = bool(facts.fields.get("title")) or any(
        p.text.strip() and (p.style is not None and (p.style.name.lower().startswith("heading") or p.style.name == "Title"))
        for p in doc.paragraphs[:40])
    return facts


# meta.yml's contributor keys → the metadata-table fields that say the same.
_CONTRIBUTOR_FIELDS = {"name": "author", "email": "email", "organization": "organization", "title": "author_title",
                       "phone": "phone"}


def meta_for(parsed: Parsed, document: Attachment, config: Config | None = None) -> dict[str, object]:
    """The prefill: the sender and signature, the subject, the Date — where the document says otherwise, its value.

    meta.yml outranks the document at ingest, so a field the filled template already has is copied from the
    template here, never replaced by the message's. A unit's article sent by email (its 'Đơn vị' is a known
    unit) gets no contributor block: it is the unit's, not a collaborator's.
    """
    facts = document_facts(document)
    s = parsed.sender
    meta: dict[str, object] = {}
    unit = facts.fields.get("unit")
    if not (config is not None and unit and config.find_unit(unit)):
        mail_values = {"name": s.name, "email": s.email, "organization": s.organization, "title": s.title, "phone": s.phone}
        contributor = {k: facts.fields.get(f) or mail_values[k] for k, f in _CONTRIBUTOR_FIELDS.items()}
        meta["contributor"] = {k: v for k, v in contributor.items() if v}
    hint = title_hint(parsed.subject)
    if hint and not facts.has_title:
        meta["title"] = hint
    if parsed.sent is not None:
        meta["submitted_at"] = parsed.sent.isoformat(timespec="minutes")
    return meta


@dataclass
class Written:
    folder: Path
    document_sha256: str


def write_submissions(parsed: Parsed, inbox: Path, known: set[str], config: Config | None = None) -> tuple[list[Written], list[str]]:
    """One folder per document; documents already in `known` (SHA-256) are skipped as duplicates."""
    written: list[Written] = []
    notes: list[str] = []
    stamp = parsed.sent.strftime("%Y%m%d-%H%M") if parsed.sent else "khong-ngay"
    who = slugify(parsed.sender.email.split("@")[0] or parsed.sender.name or "ctv")[:30] or "ctv"
    if len(parsed.documents) > 1 and parsed.photos:
        notes.append("BT884 cảnh báo: thư có nhiều tệp Word nên ảnh rời không biết thuộc bài nào; ảnh không được kèm, "
                     "biên tập viên xem ảnh trong thư gốc (thư mục 'Đã nhận').")
    for document in parsed.documents:
        sha = hashlib.sha256(document.data).hexdigest()
        if sha in known:
            notes.append(f"BT885 thông tin: tệp '{document.name}' đã được nhận từ một thư trước (gửi trùng); bỏ qua.")
            continue
        folder = inbox / f"thu-{stamp}-{who}-{sha[:8]}"
        if folder.exists():
            notes.append(f"BT885 thông tin: tệp '{document.name}' đã có trong hộp tin ('{folder.name}'); bỏ qua.")
            known.add(sha)
            continue
        tmp = inbox / f".{folder.name}.tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        (tmp / document.name).write_bytes(document.data)
        if len(parsed.documents) == 1:
            used = {document.name.lower()}
            for n, photo in enumerate(parsed.photos, start=1):
                name = photo.name if photo.name.lower() not in used else f"{n}-{photo.name}"
                used.add(name.lower())
                (tmp / name).write_bytes(photo.data)
        (tmp / "meta.yml").write_text(
            "# Điền sẵn từ thư điện tử; biên tập viên có thể sửa.\n"
            + yaml.safe_dump(meta_for(parsed, document, config), allow_unicode=True, sort_keys=False), encoding="utf-8")
        tmp.rename(folder)  # the folder appears whole, never half-written
        known.add(sha)
        written.append(Written(folder, sha))
    return written, notes


def known_documents(inbox: Path) -> set[str]:
    """SHA-256 of every document waiting in the inbox (earlier, archived ones are ingest's BT805 duplicates)."""
    found: set[str] = set()
    if not inbox.is_dir():
        return found
    for path in inbox.rglob("*"):
        if "processed" in path.relative_to(inbox).parts[:1]:
            continue
        if path.is_file() and path.suffix.lower() in DOCUMENT_EXTENSIONS:
            found.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return found


# --- sources --------------------------------------------------------------------------------------------


@dataclass
class ImapSettings:
    host: str
    user: str
    password: str
    port: int = 993
    folder: str = "INBOX"
    done: str = DONE_FOLDER
    cafile: str = ""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ImapSettings:
        env = dict(os.environ if env is None else env)
        missing = [k for k in ("BANTIN_IMAP_HOST", "BANTIN_IMAP_USER", "BANTIN_IMAP_PASSWORD") if not env.get(k)]
        if missing:
            raise MailError(f"Thiếu {', '.join(missing)}: đặt máy chủ, tài khoản và mật khẩu hộp thư (trong CI là các secret "
                            "cùng tên), hoặc đọc thư đã lưu bằng --mbox, --maildir hay tệp .eml.")
        port = env.get("BANTIN_IMAP_PORT", "993").strip() or "993"
        if not port.isdigit():
            raise MailError(f"BANTIN_IMAP_PORT='{port}' không phải số cổng hợp lệ (thường là 993).")
        return cls(env["BANTIN_IMAP_HOST"], env["BANTIN_IMAP_USER"], env["BANTIN_IMAP_PASSWORD"], int(port),
                   env.get("BANTIN_IMAP_FOLDER") or "INBOX", env.get("BANTIN_IMAP_DONE") or DONE_FOLDER,
                   env.get("BANTIN_IMAP_CAFILE", ""))


class Imap:
    """An IMAP mailbox over TLS (port 993), certificate checked."""

    def __init__(self, settings: ImapSettings):
        self.settings = settings
        context = ssl.create_default_context(cafile=settings.cafile or None)
        try:
            self.conn = imaplib.IMAP4_SSL(settings.host, settings.port, ssl_context=context, timeout=60)
            self.conn.login(settings.user, settings.password)
        except ssl.SSLError as exc:
            raise MailError(f"Chứng chỉ TLS của máy chủ thư '{settings.host}' không hợp lệ ({exc.reason}); không đăng nhập.") from None
        except imaplib.IMAP4.error as exc:
            raise MailError(f"Máy chủ thư từ chối đăng nhập tài khoản '{settings.user}': {_text(exc)}. Hãy kiểm tra mật khẩu.") from None
        except OSError as exc:
            raise MailError(f"Không kết nối được máy chủ thư {settings.host}:{settings.port} ({exc}).") from None
        status, caps = self.conn.capability()  # after login the server lists MOVE/UIDPLUS
        self.caps = set(caps[0].decode("ascii", "replace").upper().split()) if status == "OK" and caps and caps[0] else set()
        status, _ = self.conn.select(_quote(imap_utf7_encode(settings.folder)))
        if status != "OK":
            raise MailError(f"Không mở được thư mục '{settings.folder}' của hộp thư.")

    def messages(self, flag_only: bool) -> Iterator[tuple[bytes, bytes]]:
        """(uid, raw message) of every message not yet received."""
        criteria = f"UNKEYWORD {FLAG}" if flag_only else "UNDELETED"
        status, data = self.conn.uid("SEARCH", None, criteria)  # type: ignore[arg-type]
        if status != "OK":
            raise MailError("Máy chủ thư không liệt kê được thư.")
        for uid in (data[0] or b"").split():
            status, parts = self.conn.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
            if status == "OK" and raw:
                yield uid, raw

    def mark_received(self, uid: bytes, flag_only: bool) -> None:
        u = uid.decode()
        if flag_only:
            self.conn.uid("STORE", u, "+FLAGS", f"({FLAG} \\Seen)")
            return
        done = _quote(imap_utf7_encode(self.settings.done))
        self.conn.create(done)  # "already exists" is fine
        if "MOVE" in self.caps:
            status, _ = self.conn.uid("MOVE", u, done)
            if status == "OK":
                return
        status, _ = self.conn.uid("COPY", u, done)
        if status != "OK":
            raise MailError(f"Không chuyển được thư vào thư mục '{self.settings.done}'.")
        self.conn.uid("STORE", u, "+FLAGS", "(\\Deleted)")
        if "UIDPLUS" in self.caps:  # expunge this message only, never someone's other deleted mail
            self.conn.uid("EXPUNGE", u)
        else:
            self.conn.expunge()

    def close(self) -> None:
        try:
            self.conn.close()
            self.conn.logout()
        except (imaplib.IMAP4.error, OSError):
            pass


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(exc: Exception) -> str:
    arg = exc.args[0] if exc.args else exc
    return arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)


def offline_messages(mbox: Path | None, maildir: Path | None, files: list[Path]) -> Iterator[tuple[str, bytes]]:
    if mbox is not None:
        for key, msg in mailbox.mbox(str(mbox)).items():
            yield f"{mbox.name}#{key}", msg.as_bytes()
    if maildir is not None:
        for key, entry in mailbox.Maildir(str(maildir), create=False).items():
            yield f"{maildir.name}/{key}", entry.as_bytes()
    for path in files:
        yield path.name, path.read_bytes()


# --- the run --------------------------------------------------------------------------------------------


@dataclass
class Handled:
    source: str  # uid, file or mbox key, for the listing
    parsed: Parsed
    folders: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def received(self) -> bool:
        """Something usable came of it (folders written, or every document already received)."""
        return self.parsed.usable


def receive(raw: bytes, source: str, inbox: Path, known: set[str], config: Config | None = None) -> Handled:
    parsed = parse_message(raw)
    handled = Handled(source, parsed, notes=list(parsed.problems))
    if parsed.usable:
        written, notes = write_submissions(parsed, inbox, known, config)
        handled.folders = [w.folder for w in written]
        handled.notes += notes
    return handled


# --- acknowledgement (optional, off by default) ------------------------------------------------------------


def acknowledgement(handled: Handled, sender_address: str, site_name: str) -> EmailMessage:
    p = handled.parsed
    msg = EmailMessage()
    msg["From"] = sender_address
    msg["To"] = p.sender.email
    msg["Subject"] = f"Đã nhận: {p.subject}" if p.subject else "Ban Biên tập đã nhận tin, bài"
    if p.key and not p.key.startswith("sha256:"):
        msg["In-Reply-To"] = p.key
        msg["References"] = p.key
    names = ", ".join(d.name for d in p.documents)
    msg.set_content(
        f"Kính gửi {p.sender.name or 'cộng tác viên'},\n\n"
        f"Ban Biên tập {site_name} đã nhận tin, bài của anh/chị ({names}). Biên tập viên phụ trách sẽ xem xét; "
        "khi bài được đăng, anh/chị có thể xem trên trang.\n\n"
        "Thư này được gửi tự động, xin đừng trả lời.\n"
    )
    return msg


def send_acknowledgements(messages: list[EmailMessage], env: dict[str, str] | None = None) -> list[str]:
    """SMTP over TLS (BANTIN_SMTP_HOST/PORT/USER/PASSWORD); returns Vietnamese notes for failures."""
    env = dict(os.environ if env is None else env)
    host = env.get("BANTIN_SMTP_HOST", "")
    if not host:
        return ["BT886 cảnh báo: bật thư xác nhận nhưng chưa đặt BANTIN_SMTP_HOST; không gửi thư xác nhận."]
    port = int(env.get("BANTIN_SMTP_PORT") or 465)
    notes = []
    try:
        context = ssl.create_default_context(cafile=env.get("BANTIN_SMTP_CAFILE") or None)
        smtp: smtplib.SMTP = (smtplib.SMTP_SSL(host, port, context=context, timeout=60) if port == 465
                              else smtplib.SMTP(host, port, timeout=60))
        with smtp:
            if port != 465:
                smtp.starttls(context=context)
            if env.get("BANTIN_SMTP_USER"):
                smtp.login(env["BANTIN_SMTP_USER"], env.get("BANTIN_SMTP_PASSWORD", ""))
            for msg in messages:
                smtp.send_message(msg)
    except (smtplib.SMTPException, OSError) as exc:
        notes.append(f"BT886 cảnh báo: không gửi được thư xác nhận qua {host}:{port} ({exc}).")
    return notes
