"""A .docx package opened for editing its XML parts: find parts by relationship, parse, write back.

Parsing never resolves entities or touches the network; parts are found through the package's
relationships (some producers do not name the main part word/document.xml) and case-insensitively.
"""

from __future__ import annotations

import io
import posixpath
import urllib.parse
import zipfile
from dataclasses import dataclass, field

from lxml import etree

MAX_PART_BYTES = 64 * 1024 * 1024
WML_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO Strict
)


class PackageError(Exception):
    """The package cannot be read as a Word document (the converter reports it to the user)."""


@dataclass
class Relationship:
    type: str  # ends with e.g. "/header", "/comments", "/hyperlink"
    target: str  # part name inside the package, or the URL for an external one
    external: bool


@dataclass
class Package:
    zf: zipfile.ZipFile
    main: str
    names: dict[str, str]  # lower-case part name → stored name
    changed: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def open(cls, data: bytes) -> Package:
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            raise PackageError(str(exc)) from exc
        names = {info.filename.lower(): info.filename for info in zf.infolist()}
        package = cls(zf, "", names)
        main = next((r.target for r in package.relationships("") if r.type.endswith("/officeDocument")
                     and not r.external and r.target.lower() in names), None)
        package.main = main or names.get("word/document.xml", "")
        if not package.main:
            raise PackageError("no main document part")
        return package

    def has(self, part: str) -> bool:
        return part.lower() in self.names

    def xml(self, part: str) -> etree._Element | None:
        """The parsed part, or None when it is missing, too big or not well-formed XML."""
        stored = self.names.get(part.lower())
        if stored is None:
            return None
        try:
            if self.zf.getinfo(stored).file_size > MAX_PART_BYTES:
                return None
            data = self.changed.get(stored) or self.zf.read(stored)
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, load_dtd=False)
            return etree.fromstring(data, parser)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
            return None

    def relationships(self, source_part: str) -> list[Relationship]:
        folder, base = posixpath.split(source_part)
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        if rels is None:
            return []
        found = []
        for rel in rels:
            if not isinstance(rel.tag, str) or etree.QName(rel).localname != "Relationship":
                continue
            external = (rel.get("TargetMode") or "").lower() == "external"
            target = rel.get("Target", "")
            found.append(Relationship(rel.get("Type", ""), target if external else _resolve(folder, target), external))
        return found

    def related(self, kinds: tuple[str, ...]) -> list[str]:
        """Existing parts the main document points to with a relationship type ending in `kinds`."""
        return [
            r.target for r in self.relationships(self.main)
            if not r.external and r.type.endswith(kinds) and self.has(r.target)
        ]

    def replace(self, part: str, root: etree._Element) -> None:
        stored = self.names.get(part.lower(), part)
        self.names[stored.lower()] = stored
        self.changed[stored] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def save(self) -> bytes:
        """The same entries in the same order with the changed parts replaced (new ones appended)."""
        out = io.BytesIO()
        written: set[str] = set()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in self.zf.infolist():
                if entry.filename in written:
                    continue
                written.add(entry.filename)
                data = self.changed.get(entry.filename)
                target.writestr(entry.filename, data if data is not None else self.zf.read(entry))
            for name, data in self.changed.items():
                if name not in written:
                    target.writestr(name, data)
        return out.getvalue()


def _resolve(folder: str, target: str) -> str:
    target = urllib.parse.unquote(target.split("#")[0])
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def wml_namespace(root: etree._Element) -> str:
    namespace = etree.QName(root).namespace or ""
    return namespace if namespace in WML_NAMESPACES else WML_NAMESPACES[0]


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""
