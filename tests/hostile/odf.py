"""Minimal OpenDocument text files written with zipfile, for cases no word processor would save on purpose."""

from __future__ import annotations

import zipfile
from pathlib import Path

_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2">
 <office:body><office:text>
  <text:h text:outline-level="1">Hội nghị người lao động ở Ba Tri</text:h>
  <text:p>Sáng nay Công đoàn huyện tổ chức hội nghị người lao động.</text:p>
  {extra}
 </office:text></office:body>
</office:document-content>
"""


def write_odt(path: Path, extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")  # stored, first
        zf.writestr("META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", _CONTENT.replace("{extra}", extra), zipfile.ZIP_DEFLATED)
    return path


def linked_image(href: str) -> str:
    return (f'<text:p><draw:frame draw:name="anh" svg:width="4cm" svg:height="3cm" text:anchor-type="as-char">'
            f'<draw:image xlink:href="{href}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
            f"</draw:frame></text:p>")


def linked_section(href: str) -> str:
    return (f'<text:section text:name="s1"><text:section-source xlink:href="{href}" xlink:type="simple"/>'
            f"<text:p>cũ</text:p></text:section>")
