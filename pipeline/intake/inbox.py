"""Find what contributors dropped into the inbox: a Word file alone, or a folder with photos and meta.yml.

Every entry is lstat-checked and never followed: a symlink (a linked file, a linked folder, a loop
such as `0loop -> .`), a FIFO or a device is refused as it is, so nothing outside the inbox is
ever read, published or archived in its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.convert.sniff import unsafe_file_message
from pipeline.core.messages import Message, error
from pipeline.core.safeio import UnsafeFile, entry_kind

DOCUMENT_EXTENSIONS = {".docx", ".doc", ".odt", ".rtf", ".docm", ".dotm", ".dotx", ".dot"}
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
META_NAMES = ("meta.yml", "meta.yaml")
# Folders and files in the inbox that are not submissions.
SKIPPED = {"processed", "readme.md", "readme.txt", ".gitkeep"}
# Hidden entries are skipped too: the run's own work folder (.bantin/) and editors' dot-files.


@dataclass
class Submission:
    path: Path  # the file or folder the contributor dropped
    document: Path | None = None
    photos: list[Path] = field(default_factory=list)
    meta_file: Path | None = None
    problems: list[Message] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


def discover(inbox: Path) -> list[Submission]:
    """Every submission in the inbox, in name order; problems are attached, never raised."""
    if not inbox.is_dir():
        return []
    found = []
    for entry in sorted(inbox.iterdir(), key=lambda p: p.name):
        if entry.name.startswith((".", "~$")) or entry.name.lower() in SKIPPED:
            continue
        kind = entry_kind(entry)
        if kind == "missing":
            continue  # taken away while we looked
        if kind in ("symlink", "special"):
            found.append(Submission(entry, problems=[unsafe_file_message(UnsafeFile(entry, kind))]))
            continue
        found.append(_folder(entry) if kind == "dir" else _single(entry))
    return found


def _single(path: Path) -> Submission:
    sub = Submission(path)
    ext = path.suffix.lower()
    if ext in DOCUMENT_EXTENSIONS:
        sub.document = path
    elif ext in PHOTO_EXTENSIONS:
        sub.problems.append(error(
            "BT807",
            f"Ảnh '{path.name}' nằm riêng trong hộp tin. Hãy đặt ảnh vào một thư mục cùng với tệp Word của bài viết.",
            path.name,
        ))
    else:
        sub.problems.append(_unsupported(path))
    return sub


def _folder(folder: Path) -> Submission:
    sub = Submission(folder)
    documents = []
    try:
        items = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:  # no permission to list it, or it vanished: refuse this folder only
        sub.problems.append(unsafe_file_message(UnsafeFile(folder, "unreadable")))
        return sub
    for item in items:
        kind = entry_kind(item)
        if item.name.startswith((".", "~$")) or kind in ("dir", "missing"):
            continue
        if kind != "file":
            # A linked photo or meta.yml would publish whatever it points to.
            sub.problems.append(unsafe_file_message(UnsafeFile(item, kind)))
            continue
        ext = item.suffix.lower()
        if item.name.lower() in META_NAMES:
            sub.meta_file = item
        elif ext in DOCUMENT_EXTENSIONS:
            documents.append(item)
        elif ext in PHOTO_EXTENSIONS:
            sub.photos.append(item)
        else:
            sub.problems.append(_unsupported(item, inside=folder.name))
    if len(documents) == 1:
        sub.document = documents[0]
    elif not documents:
        sub.problems.append(error(
            "BT808",
            f"Thư mục '{folder.name}' không có tệp Word (.docx, .doc, .odt). Hãy thêm tệp bài viết vào thư mục.",
            folder.name,
        ))
    else:
        names = ", ".join(d.name for d in documents)
        sub.problems.append(error(
            "BT809",
            f"Thư mục '{folder.name}' có {len(documents)} tệp Word ({names}); mỗi thư mục chỉ chứa một bài. "
            "Hãy tách thành các thư mục riêng.",
            folder.name,
        ))
    return sub


def _unsupported(path: Path, inside: str = "") -> Message:
    where = f" trong thư mục '{inside}'" if inside else ""
    return error(
        "BT813",
        f"Tệp '{path.name}'{where} có định dạng không được hỗ trợ. Hãy gửi bài dạng Word (.docx, .doc, .odt, .rtf) "
        "và ảnh dạng jpg, png, gif, bmp.",
        path.name,
    )
