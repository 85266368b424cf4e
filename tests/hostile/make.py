"""Hostile documents, generated: every case the shared oletools/pandoc/mammoth samples covered, and more.

Each builder writes one file into a folder and returns its path; `CORPUS` names them all. They are
made with python-docx, zipfile, olefile, msoffcrypto-tool (encryption) and, for Word 97-2003 files,
LibreOffice, so a fresh clone with no ../shared runs every hostile-file test.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import olefile
from docx.shared import Inches

from tests.docxfactory import photo_bytes
from tests.hostile.odf import linked_image, write_odt

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MACRO_DOC = "application/vnd.ms-word.document.macroEnabled.main+xml"
_MACRO_TEMPLATE = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEXT = "Hope this works."


# --- helpers -----------------------------------------------------------------------------------


def plain_docx(paragraphs: tuple[str, ...] = ("Hội nghị người lao động ở Ba Tri.", TEXT), picture: bool = False) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if picture:
        document.add_picture(io.BytesIO(photo_bytes((64, 48))), width=Inches(1))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewrite(data: bytes, change: Callable[[str, bytes], bytes | None], add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a ZIP package with each part passed through `change` (None drops it) and parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = change(info.filename, src.read(info))
            if new is not None:
                dst.writestr(info.filename, new)
        for name, part in (add or {}).items():
            dst.writestr(name, part)
    return out.getvalue()


def _sub(data: bytes, part: str, old: bytes, new: bytes) -> Callable[[str, bytes], bytes]:
    def change(name: str, content: bytes) -> bytes:
        return content.replace(old, new, 1) if name == part else content
    return change


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _body_append(data: bytes, xml: str, rels: str = "", add: dict[str, bytes] | None = None,
                 types: str = "") -> bytes:
    """Insert `xml` before </w:body>'s sectPr, relationships into document.xml.rels, overrides into types."""
    def change(name: str, content: bytes) -> bytes:
        if name == "word/document.xml":
            text = content.decode()
            at = text.rfind("<w:sectPr")
            return (text[:at] + xml + text[at:]).encode()
        if name == "word/_rels/document.xml.rels" and rels:
            return content.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
        if name == "[Content_Types].xml" and types:
            return content.replace(b"</Types>", types.encode() + b"</Types>")
        return content
    return rewrite(data, change, add)


# --- OOXML --------------------------------------------------------------------------------------


def macro_docm(path: Path) -> Path:
    data = rewrite(plain_docx(), _sub(b"", "[Content_Types].xml", _MAIN.encode(), _MACRO_DOC.encode()),
                   {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 508})
    return _write(path, data)


def macro_dotm(path: Path) -> Path:
    data = rewrite(plain_docx(), _sub(b"", "[Content_Types].xml", _MAIN.encode(), _MACRO_TEMPLATE.encode()),
                   {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 508})
    return _write(path, data)


def encrypted_docx(path: Path, inner: bytes | None = None) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(inner or plain_docx())).encrypt("mat-khau", out)
    return _write(path, out.getvalue())


def encrypted_docm(path: Path) -> Path:
    with tempfile.TemporaryDirectory() as work:
        inner = macro_docm(Path(work) / "macro.docm").read_bytes()
    return encrypted_docx(path, inner)


def zip_bomb_size(path: Path) -> Path:
    """A .docx whose one extra part unpacks to 250 MB of zeros (about 250 KB on disk)."""
    data = plain_docx()
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("word/media/zeros.bin", "w", force_zip64=True) as fh:
        block = b"\0" * (1 << 20)
        for _ in range(250):
            fh.write(block)
    return _write(path, out.getvalue())


def zip_bomb_entries(path: Path) -> Path:
    out = io.BytesIO(plain_docx())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as zf:
        for n in range(10_050):
            zf.writestr(f"customXml/bomb{n}.xml", b"")
    return _write(path, out.getvalue())


def xml_bomb_docx(path: Path, megabytes: int = 60) -> Path:
    """A small .docx whose document.xml is `megabytes` MB of paragraphs (compresses about 300:1)."""
    paragraph = f'<w:p><w:r><w:t>{"Công đoàn " * 40}</w:t></w:r></w:p>'.encode()
    count = megabytes * (1 << 20) // len(paragraph) + 1
    def change(name: str, content: bytes) -> bytes:
        if name != "word/document.xml":
            return content
        at = content.rfind(b"<w:sectPr")
        return content[:at] + paragraph * count + content[at:]
    return _write(path, rewrite(plain_docx(), change))


def dde_docx(path: Path) -> Path:
    field = (
        f'<w:p xmlns:w="{W}"><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Unerwartetes Ergebnis</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    return _write(path, _body_append(plain_docx(("Hội nghị người lao động ở Ba Tri.", TEXT)), field))


def _ole_object(rid_ole: str, rid_image: str, link: bool = False) -> str:
    kind = 'Type="Link" UpdateMode="Always"' if link else 'Type="Embed"'
    return (
        f'<w:p xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        f'xmlns:r="{R}"><w:r><w:object w:dxaOrig="1440" w:dyaOrig="1440">'
        f'<v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:72pt;height:72pt">'
        f'<v:imagedata r:id="{rid_image}" o:title=""/></v:shape>'
        f'<o:OLEObject {kind} ProgID="Package" ShapeID="_x0000_i1025" DrawAspect="Icon" ObjectID="_1" r:id="{rid_ole}"/>'
        "</w:object></w:r></w:p>"
    )


def _preview_png() -> bytes:
    return photo_bytes((32, 32), fmt="PNG")


def ole_embedded_docx(path: Path, with_text: bool = True) -> Path:
    """An embedded OLE Package object (its preview is a picture), with or without any text around it."""
    rels = (f'<Relationship Id="rIdOle1" Type="{_REL_TYPE}/oleObject" Target="embeddings/oleObject1.bin"/>'
            f'<Relationship Id="rIdImg1" Type="{_REL_TYPE}/image" Target="media/ole-preview.png"/>')
    types = ('<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
             '<Default Extension="png" ContentType="image/png"/>')
    payload = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"MZ calc.exe stand-in" + b"\0" * 400
    base = plain_docx() if with_text else plain_docx(())
    data = _body_append(base, _ole_object("rIdOle1", "rIdImg1"), rels,
                        {"word/embeddings/oleObject1.bin": payload, "word/media/ole-preview.png": _preview_png()}, types)
    return _write(path, data)


def external_ole_link_docx(path: Path) -> Path:
    rels = (f'<Relationship Id="rIdOle1" Type="{_REL_TYPE}/oleObject" Target="https://example.invalid/mau.doc" '
            'TargetMode="External"/>'
            f'<Relationship Id="rIdImg1" Type="{_REL_TYPE}/image" Target="media/ole-preview.png"/>')
    types = '<Default Extension="png" ContentType="image/png"/>'
    data = _body_append(plain_docx(), _ole_object("rIdOle1", "rIdImg1", link=True), rels,
                        {"word/media/ole-preview.png": _preview_png()}, types)
    return _write(path, data)


def external_picture_docx(path: Path, target: str = "http://127.0.0.1:9/anh.png") -> Path:
    """A picture linked (r:link) to a URL instead of embedded, as Word's "Insert and link" makes."""
    data = plain_docx(picture=True)

    def change(name: str, content: bytes) -> bytes | None:
        if name == "word/document.xml":
            return re.sub(rb'r:embed="(rId\d+)"', rb'r:link="\1"', content)
        if name == "word/_rels/document.xml.rels":
            return re.sub(rb'(Target=")media/[^"]+(")', rb"\g<1>" + target.encode() + rb'\2 TargetMode="External"', content)
        return None if name.startswith("word/media/") else content
    return _write(path, rewrite(data, change))


def renamed_main_part_docx(path: Path) -> Path:
    def change(name: str, content: bytes) -> bytes:
        if name == "_rels/.rels":
            return content.replace(b"word/document.xml", b"word/blah_blah.xml")
        if name == "[Content_Types].xml":
            return content.replace(b"/word/document.xml", b"/word/blah_blah.xml")
        return content
    data = rewrite(plain_docx(), change)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name = info.filename
            if name == "word/document.xml":
                name = "word/blah_blah.xml"
            elif name == "word/_rels/document.xml.rels":
                name = "word/_rels/blah_blah.xml.rels"
            dst.writestr(name, src.read(info))
    return _write(path, out.getvalue())


def password_zip(path: Path) -> Path:
    """A .zip whose member is marked encrypted (general-purpose flag bit 0), as a password-protected zip is."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("dde-test.doc", b"\x00" * 64)
    data = bytearray(out.getvalue())
    # zipfile cannot encrypt: set the "encrypted" bit by hand in the local header and the central directory.
    data[6] |= 0x1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1
    return _write(path, bytes(data))


# --- other formats ------------------------------------------------------------------------------


def bad_header_doc(path: Path) -> Path:
    return _write(path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 913)


def rtf_fragment(path: Path) -> Path:
    return _write(path, b"{\\b Tables} {\\i without} a header\\par}")


def rtf_with_ole_object(path: Path) -> Path:
    hexdata = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 56).hex().encode()
    return _write(path, b"{\\rtf1\\ansi H\\'f4m nay.\\par {\\object\\objemb\\objw100\\objh100{\\*\\objclass Package}"
                  b"{\\*\\objdata 01050000020000000800000050616b6167650000000000000000" + hexdata + b"}}\\par}")


def odt_relative_image(path: Path) -> Path:
    return write_odt(path, linked_image("../../../lalune.jpg"))


def gif_bomb(path: Path, side: int = 14_000, frames: int = 1000) -> Path:
    """A GIF of a few KB declaring side×side pixels and `frames` 1×1 frames."""
    header = b"GIF89a" + struct.pack("<HHBBB", side, side, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    return _write(path, header + frame * frames + b"\x3b")


def png_bomb(path: Path, side: int = 20_000) -> Path:
    """A PNG declaring side×side pixels whose data is a few KB of compressed zeros."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    row = b"\0" * (side // 8 + 1)
    raw = zlib.compress(row * 64, 9)
    return _write(path, b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
                  + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


# --- Word 97-2003 (through LibreOffice) -----------------------------------------------------------


def doc_from_docx(path: Path, data: bytes, soffice: str) -> Path:
    """A real .doc made by LibreOffice from `data` (a .docx)."""
    with tempfile.TemporaryDirectory() as work:
        src = Path(work) / "in.docx"
        src.write_bytes(data)
        subprocess.run([soffice, f"-env:UserInstallation={(Path(work) / 'p').as_uri()}", "--headless", "--norestore",
                        "--convert-to", "doc:MS Word 97", "--outdir", work, str(src)],
                       capture_output=True, timeout=180, check=False)
        made = Path(work) / "in.doc"
        if not made.is_file():
            raise RuntimeError("LibreOffice did not write the .doc")
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made, path)
    return path


def encrypted_doc(path: Path, soffice: str) -> Path:
    """A .doc with the FIB's fEncrypted flag set (what Word writes for a password-protected file)."""
    doc_from_docx(path, plain_docx(), soffice)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("WordDocument").read())
        stream[0x0B] |= 0x01  # high byte of the flags word: fEncrypted is 0x0100
        ole.write_stream("WordDocument", bytes(stream))
    return path


# Name → builder (no LibreOffice needed). The file name carries the case, as the shared samples' did.
CORPUS: dict[str, Callable[[Path], Path]] = {
    "macro.docm": macro_docm,
    "macro-template.dotm": macro_dotm,
    "encrypted.docx": encrypted_docx,
    "encrypted.docm": encrypted_docm,
    "zip-bomb-size.docx": zip_bomb_size,
    "zip-bomb-entries.docx": zip_bomb_entries,
    "dde.docx": dde_docx,
    "ole-embedded.docx": ole_embedded_docx,
    "ole-only.docx": lambda p: ole_embedded_docx(p, with_text=False),
    "external-ole-link.docx": external_ole_link_docx,
    "external-picture.docx": external_picture_docx,
    "renamed-main-part.docx": renamed_main_part_docx,
    "password.doc.zip": password_zip,
    "bad-header.doc": bad_header_doc,
    "fragment.rtf": rtf_fragment,
    "ole-object.rtf": rtf_with_ole_object,
    "image-relative.odt": odt_relative_image,
}


def build_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: build(folder / name) for name, build in CORPUS.items()}
