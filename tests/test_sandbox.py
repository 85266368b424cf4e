"""LibreOffice reaches no file outside the submission and no network, and linked fields are refused first.

A loopback HTTP listener must see no request and a canary picture on the machine must never appear in
the converted document, with the field scan bypassed (convert_to_docx directly) so that the sandbox
alone is what is tested.
"""

from __future__ import annotations

import http.server
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from pipeline.convert import libreoffice
from pipeline.convert.libreoffice import convert_to_docx, find_soffice, sandbox_kind
from pipeline.convert.read import read_document
from pipeline.core.messages import Level
from tests.hostile.odf import linked_image, linked_section, write_odt

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice chưa được cài (make system-deps)")
needs_bwrap = pytest.mark.skipif(
    sandbox_kind() != "bwrap",
    reason="bubblewrap chưa được cài (make system-deps)" if shutil.which("bwrap") is None
    else "bubblewrap không tạo được namespace trên máy này (user namespaces bị chặn)",
)


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()


def canary_png(path: Path) -> Path:
    Image.new("RGB", (40, 40), (1, 254, 3)).save(path)
    return path


def include_picture_rtf(path: Path, target: Path | str) -> Path:
    field = b'{\\field{\\*\\fldinst INCLUDEPICTURE "' + str(target).encode() + b'" \\\\d}{\\fldrslt }}'
    path.write_bytes(b"{\\rtf1\\ansi " + field + b"\\par H\\'f4m nay c\\'f3 h\\'f4i ngh\\'ef.\\par}")
    return path


def media_of(docx: Path) -> bytes:
    with zipfile.ZipFile(docx) as zf:
        return b"".join(zf.read(n) for n in zf.namelist() if "/media/" in n)


@pytest.mark.libreoffice
@needs_soffice
@needs_bwrap
def test_libreoffice_in_its_sandbox_never_reads_a_local_file_named_by_includepicture(tmp_path):
    canary = canary_png(tmp_path / "canary.png")
    rtf = include_picture_rtf(tmp_path / "bai.rtf", canary)
    result = convert_to_docx(rtf, tmp_path / "ra")
    assert result.value is not None  # the text still converts
    assert canary.read_bytes() not in media_of(result.value)


@pytest.mark.libreoffice
@needs_soffice
@needs_bwrap
def test_libreoffice_in_its_sandbox_makes_no_request_even_with_links_allowed_by_its_profile(
    tmp_path, listener, monkeypatch
):
    port, hits = listener
    # Neutralise the profile's "never update links": only the sandbox stands between the file and the network.
    monkeypatch.setattr(libreoffice, "_PROFILE", '<?xml version="1.0"?><oor:items xmlns:oor="http://openoffice.org/2001/registry"/>')
    odt = write_odt(tmp_path / "bai.odt", linked_image(f"http://127.0.0.1:{port}/anh.png"))
    convert_to_docx(odt, tmp_path / "ra")
    assert hits == []


@pytest.mark.libreoffice
@needs_soffice
def test_the_profile_alone_also_stops_the_linked_picture_request(tmp_path, listener, monkeypatch):
    port, hits = listener
    monkeypatch.setenv(libreoffice.SANDBOX_ENV, "none")
    odt = write_odt(tmp_path / "bai.odt", linked_image(f"http://127.0.0.1:{port}/anh.png"))
    result = convert_to_docx(odt, tmp_path / "ra")
    assert hits == []
    assert "BT950" in [m.code for m in result.messages]  # and the missing sandbox is reported


@pytest.mark.parametrize(("make", "field"), [
    (lambda d, port: include_picture_rtf(d / "bai.rtf", "/etc/hostname"), "INCLUDEPICTURE"),
    (lambda d, port: (d / "bai.rtf").write_bytes(
        b'{\\rtf1 {\\field{\\*\\fldinst {\\rtlch INCLUDETEXT} "C:\\\\\\\\bi-mat.docx"}{\\fldrslt x}}\\par}') and d / "bai.rtf",
     "INCLUDETEXT"),
    (lambda d, port: (d / "bai.rtf").write_bytes(
        b"{\\rtf1 {\\field{\\*\\fldinst \\'4c\\'49\\'4e\\'4b Excel.Sheet \"x.xls\"}{\\fldrslt 1}}\\par}") and d / "bai.rtf",
     "LINK"),
    (lambda d, port: write_odt(d / "bai.odt", linked_image(f"http://127.0.0.1:{port}/anh.png")), "liên kết ảnh"),
    (lambda d, port: write_odt(d / "bai.odt", linked_image("/etc/hostname")), "liên kết ảnh"),
    (lambda d, port: write_odt(d / "bai.odt", linked_section("file:///etc/passwd")), "INCLUDETEXT"),
], ids=["rtf-includepicture", "rtf-includetext", "rtf-link-hex-escaped", "odt-picture-url", "odt-picture-path",
        "odt-linked-section"])
def test_a_field_or_link_reaching_outside_the_document_is_refused_by_name_before_libreoffice(
    tmp_path, listener, make, field
):
    port, hits = listener
    path = make(tmp_path, port)
    result = read_document(path)
    assert result.value is None
    [refusal] = [m for m in result.messages if m.level is Level.ERROR]
    assert refusal.code == "BT949" and field in refusal.text and f"'{path.name}'" in refusal.text
    assert hits == []


@pytest.mark.libreoffice
@needs_soffice
def test_an_odt_with_pictures_inside_the_package_is_not_mistaken_for_a_linked_one(tmp_path):
    odt = write_odt(tmp_path / "bai.odt", linked_image("Pictures/anh.png"))
    result = read_document(odt)
    assert not [m for m in result.messages if m.code == "BT949"]
