"""Title, author and subject from a .docx's core properties (docProps/core.xml), read directly.

python-docx read them before, by opening the whole package: it parses every XML part it knows,
the style sheet included (40–400 KB), about a twentieth of a conversion's CPU for three short
fields. This reads the package's relationships, the main part's content type and the core
properties part, and nothing else. Like python-docx it reads only a WordprocessingML document
(transitional: a Strict or macro-enabled main part gives nothing), but a package without core
properties gives nothing too, where python-docx made up the title "Word Document". One more
difference: LibreOffice names the relationship ".../officedocument/2006/relationships/metadata/
core-properties" (lower-case d), which python-docx does not know, so it read no property of any
.doc or .odt (converted by LibreOffice); they are read now, and used as for any .docx (a title only
when the text agrees with it, titles.py).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib

from lxml import etree

_CORE_RELATION = "/metadata/core-properties"  # the end of the type; packages differ in the rest
_DOCUMENT_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_FIELDS = {"title": f"{_DC}title", "author": f"{_DC}creator", "subject": f"{_DC}subject"}
_MAX_PART_BYTES = 1024 * 1024  # core properties are a few hundred bytes


def core_properties(data: bytes) -> dict[str, str]:
    """{"title", "author", "subject"}: each field's text ('' when absent); {} for an odd package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return _read(package)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, RuntimeError,
            zlib.error, NotImplementedError, ValueError, etree.XMLSyntaxError):
        return {}


def _read(package: zipfile.ZipFile) -> dict[str, str]:
    targets = {rel.get("Type", ""): rel.get("Target", "") for rel in _xml(package, "_rels/.rels").iter(_RELS)
               if rel.get("TargetMode") != "External"}
    main = targets.get(_DOCUMENT_RELATION)
    core = next((target for kind, target in targets.items() if kind.lower().endswith(_CORE_RELATION)), None)
    if not main or not core or _content_type(package, _part(main)) != _WORD_MAIN:
        return {}
    root = _xml(package, _part(core))
    return {key: "".join(element.itertext()) if (element := root.find(tag)) is not None else ""
            for key, tag in _FIELDS.items()}


def _part(target: str) -> str:
    """A package-relative target as a zip entry name."""
    return posixpath.normpath(target.lstrip("/"))


def _content_type(package: zipfile.ZipFile, part: str) -> str | None:
    types = _xml(package, "[Content_Types].xml")
    for override in types.iter(f"{_TYPES}Override"):
        if _part(override.get("PartName", "")) == part:
            return override.get("ContentType")
    extension = posixpath.splitext(part)[1].lstrip(".").lower()
    for default in types.iter(f"{_TYPES}Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType")
    return None


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    if package.getinfo(name).file_size > _MAX_PART_BYTES:
        raise ValueError(f"{name} is too large")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(package.read(name), parser)
