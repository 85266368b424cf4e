"""sniff(): what a submitted file really is, and refusals for dangerous or broken ones."""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from PIL import Image

from pipeline.convert import sniff as formats
from pipeline.convert.libreoffice import find_soffice
from pipeline.convert.sniff import Kind, sniff
from pipeline.core.messages import Level, Result
from tests.hostile.make import CORPUS, doc_from_docx, encrypted_doc, plain_docx

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice chưa được cài (make system-deps)")


VIETNAMESE = "Công đoàn tỉnh Bến Tre: người lao động được hưởng lương tháng thứ 13."
DOCM_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOTM_TYPE = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
DOTX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
ODT_MIME = b"application/vnd.oasis.opendocument.text"


def corrupt_text(name: str) -> str:
    return (
        f"Tệp '{name}' không phải tệp Word hợp lệ hoặc đã bị hỏng. Hãy mở bằng Word, "
        "lưu lại dưới dạng .docx rồi gửi lại."
    )


def macro_text(name: str) -> str:
    return (
        f"Tệp '{name}' chứa macro (định dạng .docm/.dotm). Vì an toàn, hãy lưu lại thành .docx "
        "(Tệp > Lưu thành > Word Document) rồi gửi lại."
    )


def password_text(name: str) -> str:
    return f"Tệp '{name}' được đặt mật khẩu; hãy gỡ mật khẩu rồi gửi lại."


def codes(result: Result[Kind]) -> list[str]:
    return [m.code for m in result.messages]


def assert_refused(result: Result[Kind], code: str, text: str | None = None) -> None:
    assert result.value is Kind.UNKNOWN
    assert result.has_errors
    assert codes(result) == [code]
    if text is not None:
        assert result.messages[0].text == text


def assert_sane(result: Result[Kind]) -> None:
    """Either a kind with no errors, or a refusal with a Vietnamese message."""
    assert isinstance(result.value, Kind)
    if result.has_errors:
        assert result.value is Kind.UNKNOWN
        assert all(m.text.startswith(("Tệp '", "Không ")) for m in result.messages)
    else:
        assert result.value is not Kind.UNKNOWN


# --- building test files ---------------------------------------------------------------------


@pytest.fixture
def docx_file(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Bản tin Công đoàn", level=1)
    document.add_paragraph(VIETNAMESE)
    path = tmp_path / "Bản tin số 1.docx"
    document.save(str(path))
    return path


Edit = Callable[[str, bytes], "tuple[str, bytes] | None"]


def rewrite_zip(src: Path, dst: Path, edit: Edit) -> Path:
    """Copy a ZIP member by member; `edit` may rename, change or (returning None) drop one."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            edited = edit(info.filename, zin.read(info))
            if edited is not None:
                zout.writestr(edited[0], edited[1])
    return dst


def with_main_content_type(src: Path, dst: Path, content_type: str) -> Path:
    def edit(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "[Content_Types].xml":
            data = data.replace(DOCX_TYPE.encode(), content_type.encode())
        return name, data

    return rewrite_zip(src, dst, edit)


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


# --- DOCX and its relatives ------------------------------------------------------------------


def test_python_docx_file_is_docx(docx_file: Path) -> None:
    result = sniff(docx_file)
    assert result.value is Kind.DOCX
    assert result.messages == []


def test_kind_is_decided_by_content_not_extension(docx_file: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "bai-viet.doc"
    shutil.copyfile(docx_file, renamed)
    assert sniff(renamed).value is Kind.DOCX


@pytest.mark.parametrize(("content_type", "name"), [(DOCM_TYPE, "a.docm"), (DOTM_TYPE, "b.dotm")])
def test_macro_enabled_content_type_is_refused(
    docx_file: Path, tmp_path: Path, content_type: str, name: str
) -> None:
    path = with_main_content_type(docx_file, tmp_path / name, content_type)
    assert_refused(sniff(path), "BT823", macro_text(name))


def test_docm_renamed_to_docx_is_still_refused(docx_file: Path, tmp_path: Path) -> None:
    path = with_main_content_type(docx_file, tmp_path / "vo-hai.docx", DOCM_TYPE)
    assert_refused(sniff(path), "BT823", macro_text("vo-hai.docx"))


def test_word_template_is_refused_with_advice(docx_file: Path, tmp_path: Path) -> None:
    path = with_main_content_type(docx_file, tmp_path / "mau.dotx", DOTX_TYPE)
    result = sniff(path)
    assert_refused(result, "BT826")
    assert "Lưu thành" in result.messages[0].text


def test_spreadsheet_package_is_not_word(docx_file: Path, tmp_path: Path) -> None:
    path = with_main_content_type(docx_file, tmp_path / "bang.docx", XLSX_TYPE)
    assert_refused(sniff(path), "BT827")


def test_main_part_is_found_through_relationships(docx_file: Path, tmp_path: Path) -> None:
    def rename_main(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "word/document.xml":
            return "word/noi-dung.xml", data
        if name in ("[Content_Types].xml", "_rels/.rels"):
            data = data.replace(b"word/document.xml", b"word/noi-dung.xml")
        return name, data

    path = rewrite_zip(docx_file, tmp_path / "doi-ten.docx", rename_main)
    assert sniff(path).value is Kind.DOCX


def test_missing_main_part_is_corrupt(docx_file: Path, tmp_path: Path) -> None:
    def drop_main(name: str, data: bytes) -> tuple[str, bytes] | None:
        return None if name == "word/document.xml" else (name, data)

    path = rewrite_zip(docx_file, tmp_path / "thieu.docx", drop_main)
    assert_refused(sniff(path), "BT821", corrupt_text("thieu.docx"))


def test_missing_relationships_is_corrupt(docx_file: Path, tmp_path: Path) -> None:
    def drop_rels(name: str, data: bytes) -> tuple[str, bytes] | None:
        return None if name == "_rels/.rels" else (name, data)

    path = rewrite_zip(docx_file, tmp_path / "khong-rels.docx", drop_rels)
    assert_refused(sniff(path), "BT821")


def test_doctype_in_package_metadata_is_refused(docx_file: Path, tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY l0 "lol">{entities}]>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&l9;</Types>'
    ).encode()

    def bomb_types(name: str, data: bytes) -> tuple[str, bytes]:
        return (name, laughs) if name == "[Content_Types].xml" else (name, data)

    path = rewrite_zip(docx_file, tmp_path / "cuoi.docx", bomb_types)
    assert_refused(sniff(path), "BT821")  # how fast: bench/bench_hostile.py


# --- broken and disguised files --------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.5, 0.9, 0.1])
def test_truncated_docx_is_corrupt(docx_file: Path, tmp_path: Path, fraction: float) -> None:
    data = docx_file.read_bytes()
    path = tmp_path / "bi-cat.docx"
    path.write_bytes(data[: int(len(data) * fraction)])
    assert_refused(sniff(path), "BT821", corrupt_text("bi-cat.docx"))


def test_random_bytes_named_docx_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "ngau nhien.docx"
    path.write_bytes(random.Random(7).randbytes(5000))
    assert_refused(sniff(path), "BT821", corrupt_text("ngau nhien.docx"))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_image_renamed_docx_is_corrupt(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "anh.docx"
    path.write_bytes(image_bytes(fmt))
    assert_refused(sniff(path), "BT821", corrupt_text("anh.docx"))


def test_pdf_renamed_docx_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.docx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert_refused(sniff(path), "BT821", corrupt_text("cong-van.docx"))


def test_pdf_is_refused_with_its_own_advice(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert_refused(sniff(path), "BT830")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP"])
def test_images_are_recognised_by_magic(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "anh-khong-duoi"  # no extension: content alone decides
    path.write_bytes(image_bytes(fmt))
    assert sniff(path) == Result(Kind.IMAGE)


def test_unknown_text_file_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "ghi-chu.txt"
    path.write_text("Xin chào", encoding="utf-8")
    assert_refused(sniff(path), "BT831")


def test_mutated_docx_never_raises(docx_file: Path, tmp_path: Path) -> None:
    data = docx_file.read_bytes()
    rng = random.Random(2024)
    path = tmp_path / "dot-bien.docx"
    for _ in range(60):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        path.write_bytes(bytes(mutated))
        assert_sane(sniff(path))


# --- ZIP safety ------------------------------------------------------------------------------


def test_zip_with_too_many_entries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nhieu-tep.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(formats.MAX_ZIP_ENTRIES + 1):
            zf.writestr(f"word/media/{i}.xml", b"")
    result = sniff(path)  # how fast: bench/bench_hostile.py
    assert_refused(result, "BT825")
    assert "10.000" in result.messages[0].text


def test_zip_expanding_past_the_limit_is_refused(docx_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "bom-nen.docx"
    shutil.copyfile(docx_file, path)
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("word/media/zeros.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(formats.MAX_UNCOMPRESSED_BYTES // len(chunk) + 1):
            member.write(chunk)
    assert path.stat().st_size < 5 * 1024 * 1024  # small on disk, huge when expanded
    assert_refused(sniff(path), "BT825")


def test_lying_central_directory_is_refused_before_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats, "MAX_CENTRAL_DIRECTORY_BYTES", 1000)
    path = write_zip(tmp_path / "thu-muc-lon.docx", {f"{'x' * 60}{i}": b"" for i in range(30)})
    assert_refused(sniff(path), "BT825")


def test_password_protected_zip_is_refused(docx_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "khoa.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        # zipfile cannot encrypt; the flag in the central directory is what readers check.
        zf.infolist()[0].flag_bits |= 0x1
    assert_refused(sniff(path), "BT822", password_text("khoa.docx"))


def test_plain_zip_is_refused_with_advice(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "ho-so.zip", {"bai-viet.docx": b"x"})
    assert_refused(sniff(path), "BT829")


# --- ODT -------------------------------------------------------------------------------------


def odf(path: Path, mimetype: bytes, manifest: bytes = b"<manifest/>") -> Path:
    return write_zip(
        path,
        {"mimetype": mimetype, "content.xml": b"<doc/>", "META-INF/manifest.xml": manifest},
    )


def test_odt_by_mimetype(tmp_path: Path) -> None:
    assert sniff(odf(tmp_path / "van-ban.bin", ODT_MIME)) == Result(Kind.ODT)


def test_odf_spreadsheet_is_not_word(tmp_path: Path) -> None:
    path = odf(tmp_path / "bang.odt", b"application/vnd.oasis.opendocument.spreadsheet")
    assert_refused(sniff(path), "BT827")


def test_odt_with_encrypted_parts_is_refused(tmp_path: Path) -> None:
    manifest = (
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="content.xml">'
        b'<manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>'
        b"</manifest:manifest>"
    )
    path = odf(tmp_path / "khoa.odt", ODT_MIME, manifest)
    assert_refused(sniff(path), "BT822", password_text("khoa.odt"))


def test_odt_without_content_is_corrupt(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "rong.odt", {"mimetype": ODT_MIME})
    assert_refused(sniff(path), "BT821")
    assert "OpenDocument" in sniff(path).messages[0].text


# --- RTF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"{\\rtf1\\ansi Xin ch\\'e0o}", b"\xef\xbb\xbf  \r\n{\\rtf1\\ansi x}"],
    ids=["plain", "bom"],
)
def test_rtf_by_header(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bai.doc"  # Word often saves RTF under a .doc name
    path.write_bytes(data)
    assert sniff(path) == Result(Kind.RTF)


def test_headerless_rtf_fragment_is_refused(tmp_path: Path) -> None:
    # LibreOffice would import it as plain text and publish the RTF control words.
    path = tmp_path / "doan.rtf"
    path.write_bytes(b"{\\pard \\ql \\f0 Simple table with caption:\\par}\n")
    result = sniff(path)
    assert_refused(result, "BT828")
    assert "{\\rtf1}" in result.messages[0].text


# --- the file itself -------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rong.docx"
    path.write_bytes(b"")
    assert_refused(sniff(path), "BT832")


def test_missing_file_and_directory_are_unreadable(tmp_path: Path) -> None:
    assert_refused(sniff(tmp_path / "khong-co.docx"), "BT835")
    assert_refused(sniff(tmp_path), "BT835")


def test_symlink_is_refused(docx_file: Path, tmp_path: Path) -> None:
    link = tmp_path / "lien-ket.docx"
    link.symlink_to(docx_file)
    assert_refused(sniff(link), "BT834")


def test_oversized_file_is_refused(docx_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 1000)
    result = sniff(docx_file)
    assert_refused(result, "BT833")
    assert result.messages[0].level is Level.ERROR


def test_messages_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"khong phai zip")
    message = sniff(path).messages[0]
    assert message.file == str(path)
    assert "'x.docx'" in message.text


def test_needs_libreoffice() -> None:
    assert {k for k in Kind if k.needs_libreoffice} == {Kind.DOC, Kind.ODT, Kind.RTF}


# --- the hostile corpus, generated (tests/hostile/make.py) -----------------------------------------


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_files_are_classified_or_refused(name: str, hostile: dict[str, Path]) -> None:
    assert_sane(sniff(hostile[name]))  # how fast: bench/bench_hostile.py


@pytest.mark.parametrize("name", ["encrypted.docx", "encrypted.docm"])
def test_encrypted_samples_are_refused(name: str, hostile: dict[str, Path]) -> None:
    assert_refused(sniff(hostile[name]), "BT822", password_text(name))


def test_password_protected_zip_sample_is_refused(hostile: dict[str, Path]) -> None:
    assert_refused(sniff(hostile["password.doc.zip"]), "BT822")


@pytest.mark.parametrize("name", ["macro.docm", "macro-template.dotm"])
def test_macro_samples_are_refused(name: str, hostile: dict[str, Path]) -> None:
    assert_refused(sniff(hostile[name]), "BT823", macro_text(name))


def test_broken_ole_header_is_corrupt(hostile: dict[str, Path]) -> None:
    assert_refused(sniff(hostile["bad-header.doc"]), "BT821", corrupt_text("bad-header.doc"))


def test_headerless_rtf_sample_is_refused(hostile: dict[str, Path]) -> None:
    assert_refused(sniff(hostile["fragment.rtf"]), "BT828")


def test_nonstandard_main_part_sample_is_docx(hostile: dict[str, Path]) -> None:
    assert sniff(hostile["renamed-main-part.docx"]).value is Kind.DOCX


@pytest.mark.libreoffice
@needs_soffice
def test_fib_encryption_flag_decides(tmp_path: Path) -> None:
    soffice = find_soffice()
    assert soffice is not None
    clean = doc_from_docx(tmp_path / "sach.doc", plain_docx(), soffice)
    assert sniff(clean).value is Kind.DOC
    locked = encrypted_doc(tmp_path / "co-co.doc", soffice)
    assert_refused(sniff(locked), "BT822", password_text("co-co.doc"))
