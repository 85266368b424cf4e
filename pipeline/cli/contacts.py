"""`pipeline contacts`: collaborators' contact details and original files, sealed for the editors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from pipeline.cli.context import AppContext

_KEY_HELP = "Tệp khóa bí mật age của biên tập viên (mặc định: biến BANTIN_AGE_KEY_FILE, rồi ~/.config/bantin/khoa-bien-tap.txt)."


def _fail(code: str, text: str) -> None:
    click.echo(f"{code} lỗi: {text}", err=True)
    sys.exit(2)


def _identities(key: Path | None) -> list:  # type: ignore[type-arg]
    from pipeline.content.sealing import SealError, key_file, load_identities

    try:
        return load_identities(key_file(key))
    except SealError as exc:
        _fail(exc.code, str(exc))
        raise AssertionError from exc  # unreachable: _fail exits


@click.group(options_metavar="[TÙY CHỌN]", subcommand_metavar="LỆNH [THAM SỐ]...")
def contacts() -> None:
    """Thông tin liên hệ của cộng tác viên và tệp gốc, được mã hóa cho Ban Biên tập.

    Khi editorial.yml có privacy.recipients (khóa công khai của biên tập viên), thư
    điện tử, điện thoại, địa chỉ của cộng tác viên và mọi tệp gốc được mã hóa trước
    khi vào kho Git: ai không có khóa bí mật thì không đọc được, kể cả khi kho công khai.
    """


@contacts.command()
@click.option("--out", "out", type=click.Path(path_type=Path), metavar="TỆP",
              help="Nơi ghi khóa bí mật (mặc định ~/.config/bantin/khoa-bien-tap.txt).")
def key(out: Path | None) -> None:
    """Tạo cặp khóa cho một biên tập viên.

    Ghi khóa bí mật vào một tệp chỉ người dùng này đọc được, rồi in khóa công
    khai: chép nó vào editorial.yml, mục privacy.recipients, theo mã biên tập viên.
    Giữ khóa bí mật cẩn thận và sao lưu nó: mất khóa thì không đọc lại được
    thông tin đã mã hóa cho riêng khóa đó.

    \b
    Ví dụ:
      pipeline contacts key
    """
    from pipeline.content.sealing import key_file, new_identity

    target = key_file(out)
    if target.exists():
        _fail("BT721", f"'{target}' đã có khóa; không ghi đè. Chọn tệp khác bằng --out.")
    secret, public = new_identity()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"# Khóa bí mật của biên tập viên bantin; khóa công khai: {public}\n{secret}\n")
    click.echo(f"Đã ghi khóa bí mật vào {target} (chỉ bạn đọc được).")
    click.echo("Khóa công khai, chép vào editorial.yml (privacy.recipients.<mã biên tập viên>):")
    click.echo(public)


@contacts.command()
@click.argument("article", metavar="BÀI")
@click.option("--khoa", "key_path", type=click.Path(path_type=Path), metavar="TỆP", help=_KEY_HELP)
@click.pass_obj
def show(obj: AppContext, article: str, key_path: Path | None) -> None:
    """In thông tin cộng tác viên của một bài (đường dẫn tệp .md hoặc slug).

    \b
    Ví dụ:
      pipeline contacts show content/van-phong/2026/hoi-thao.md
      pipeline contacts show hoi-thao
    """
    from pipeline.content.sealing import SealError
    from pipeline.workflow.privacy import PrivacyError, contributor_of, find_article

    try:
        path = find_article(obj.content, article)
        block = contributor_of(path, _identities(key_path) if _sealed(path) else [])
    except (PrivacyError, SealError) as exc:
        _fail(exc.code, str(exc))
        return
    labels = {"organization": "Cơ quan", "name": "Họ tên", "title": "Chức danh", "email": "Thư điện tử",
              "phone": "Điện thoại", "address": "Địa chỉ", "copyright_confirmed": "Cam kết bản quyền"}
    click.echo(f"Cộng tác viên của bài {path}:")
    for k, label in labels.items():
        value = block.get(k)
        if k == "copyright_confirmed":
            value = "có" if value is True else "chưa"
        click.echo(f"  {label}: {value or '—'}")


def _sealed(path: Path) -> bool:
    from pipeline.content.frontmatter import read_article

    block = read_article(path).meta.get("contributor")
    return isinstance(block, dict) and bool(block.get("sealed"))


@contacts.command()
@click.argument("article", metavar="BÀI")
@click.option("--ra", "out", required=True, type=click.Path(path_type=Path), metavar="THƯ-MỤC",
              help="Thư mục trống để ghi các tệp gốc đã giải mã (đừng đặt trong kho Git).")
@click.option("--khoa", "key_path", type=click.Path(path_type=Path), metavar="TỆP", help=_KEY_HELP)
@click.pass_obj
def originals(obj: AppContext, article: str, out: Path, key_path: Path | None) -> None:
    """Giải mã tệp gốc (Word, ảnh, meta.yml) của một bài ra một thư mục.

    Tệp gốc được giữ nguyên từng byte; ảnh gốc còn thông tin EXIF (có khi cả vị
    trí GPS), nên đừng đưa thư mục này vào kho Git.

    \b
    Ví dụ:
      pipeline contacts originals hoi-thao --ra ~/tep-goc
    """
    from pipeline.content.sealing import SealError
    from pipeline.workflow.privacy import (
        PrivacyError,
        archived_original,
        extract_originals,
        find_article,
    )

    identities = _identities(key_path)
    try:
        folder, _ = archived_original(find_article(obj.content, article), obj.inbox, identities)
        written = extract_originals(folder, out, identities)
    except (PrivacyError, SealError) as exc:
        _fail(exc.code, str(exc))
        return
    for path in written:
        click.echo(f"Đã giải mã {path}")


@contacts.command()
@click.option("--lich-su", "history", is_flag=True, help="Đọc cả mọi phiên bản trong lịch sử Git (kho công khai lộ cả lịch sử).")
@click.pass_obj
def audit(obj: AppContext, history: bool) -> None:
    """Tìm thông tin riêng để rõ trong kho: liên hệ của cộng tác viên, tệp gốc chưa mã hóa.

    Mã thoát 0 khi không có gì lộ, 1 khi có (liệt kê từng tệp). `make publish` chạy
    lệnh này trước khi đăng lên GitHub Pages, vì khi đó kho phải công khai.

    \b
    Ví dụ:
      pipeline contacts audit --lich-su
    """
    from pipeline.workflow.privacy import PrivacyError, audit_history, audit_tree

    root = _repo_root(obj.content)
    try:
        found = audit_tree(root, obj.content, obj.inbox)
        if history:
            seen = {e.path for e in found}
            found += [e for e in audit_history(root, obj.content, obj.inbox) if e.path not in seen]
    except PrivacyError as exc:
        _fail(exc.code, str(exc))
        return
    if not found:
        click.echo("Không thấy thông tin riêng nào để rõ" + (" (cả trong lịch sử Git)." if history else "."))
        return
    click.echo(f"BT723 lỗi: có {len(found)} chỗ lộ thông tin riêng:", err=True)
    for exposure in found:
        click.echo(f"  {exposure.line()}", err=True)
    click.echo("Cách sửa: thêm khóa công khai của biên tập viên vào editorial.yml (privacy.recipients), "
               "chạy 'pipeline contacts seal' rồi commit. Dữ liệu đã nằm trong lịch sử Git thì chỉ xóa "
               "được bằng cách viết lại lịch sử: hãy nhờ người quản trị kho, đừng công khai kho trước đó.",
               err=True)
    sys.exit(1)


@contacts.command()
@click.pass_obj
def seal(obj: AppContext) -> None:
    """Mã hóa thông tin liên hệ và tệp gốc còn để rõ trong thư mục làm việc.

    Dùng một lần khi mới bật privacy.recipients cho kho đã có bài; sau đó bài mới
    được mã hóa ngay khi nhận. Tệp gốc chỉ bị xóa sau khi bản mã hóa đã ghi xong.

    \b
    Ví dụ:
      pipeline contacts seal && git add -A && git commit -m "Mã hóa thông tin riêng"
    """
    from pipeline.content.sealing import Sealer
    from pipeline.workflow.privacy import seal_tree

    sealer = Sealer.from_config(obj.config)
    if sealer is None:
        _fail("BT725", "editorial.yml chưa có privacy.recipients (khóa công khai của biên tập viên); "
              "tạo khóa bằng 'pipeline contacts key' rồi thêm vào.")
        return
    changed = seal_tree(sealer, obj.content, obj.inbox)
    for path in changed:
        click.echo(f"Đã mã hóa {path}")
    click.echo(f"Xong: {len(changed)} tệp." if changed else "Không còn gì để mã hóa.")


def _repo_root(content: Path) -> Path:
    proc = subprocess.run(["git", "-C", str(content if content.exists() else "."), "rev-parse", "--show-toplevel"],
                          capture_output=True, text=True, check=False)
    return Path(proc.stdout.strip()) if proc.returncode == 0 else Path.cwd()
