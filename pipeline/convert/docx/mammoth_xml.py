"""mammoth's XML reading without the DOM in between: the same nodes, built straight from expat.

mammoth (1.x) reads every part of a .docx with `xml.dom.minidom` and then copies that DOM into its
own `XmlElement`/`XmlText` nodes: two Python objects per node, most of a conversion's time (53% of
an ingest batch's profile). `parse_xml` below feeds expat's events into mammoth's nodes directly,
with expat configured exactly as minidom configures it, so the nodes are the same:

- names: `prefix:local` for the namespaces mammoth knows, `{uri}local` for others, the bare name
  without a namespace; namespace declarations are not attributes (mammoth drops them);
- text: adjacent character data is one `XmlText`; a comment, a processing instruction or a
  non-empty CDATA section (nodes mammoth drops) ends it, as in minidom;
- a part with a DOCTYPE (OPC forbids them; only a crafted file has one) is handed to mammoth's own
  parser, so entity and DTD handling stay exactly minidom's.

The style sheet (`w:styles`, 40–400 KB: Word and python-docx templates describe every built-in
style) is the exception: mammoth reads only each `w:style`'s attributes, its `w:name` and, for a
numbering style, `w:pPr/w:numPr/w:numId` (`mammoth.docx.styles_xml`). Under a `w:styles` root
only those elements (and the markup-compatibility wrappers mammoth unfolds) become nodes, picked out
of lxml's tree in C (`_style_sheet`); a style sheet lxml refuses is read by expat as any part is. The
`Styles` mammoth reads from it are the same (tests/test_conversion_mammoth_xml.py); the parse is
about 6 times cheaper.

`install()` swaps it in for mammoth's parser; tests/test_docx_mammoth_xml.py checks node for node
that both give the same tree on real and hostile documents, and that the swap is in place.

`install()` also memoizes mammoth's parser of style-map lines: the same 60-odd lines were parsed
again for every document (4–5% of a conversion's CPU). A parsed line is immutable; what it reports
about a bad line travels with it, so it is reported again each time.
"""

from __future__ import annotations

import functools
import io
from typing import IO, Any
from xml.parsers import expat

import mammoth.options
from lxml import etree
from mammoth.docx import office_xml, xmlparser
from mammoth.docx.xmlparser import XmlElement, XmlText

_original_parse_xml = xmlparser.parse_xml


# Under a w:styles root, the elements mammoth reads; mc:* are unfolded by office_xml before reading.
_STYLE_NODES = frozenset({"w:style", "w:name", "w:pPr", "w:numPr", "w:numId",
                          "mc:AlternateContent", "mc:Choice", "mc:Fallback"})


class _HasDoctype(Exception):
    """The part declares a DOCTYPE: minidom's handling of it is kept by using mammoth's parser."""


class _StyleSheet(Exception):
    """The root is w:styles (and no DOCTYPE came before it): lxml reads it, see `_style_sheet`."""


def parse_xml(fileobj: IO[bytes], namespace_mapping: Any = None) -> XmlElement:
    """The root of the part as mammoth's nodes (what `mammoth.docx.xmlparser.parse_xml` returns)."""
    data = fileobj.read()
    try:
        return _build(data, namespace_mapping)
    except _HasDoctype:
        return _original_parse_xml(io.BytesIO(data), namespace_mapping)
    except _StyleSheet:
        try:
            return _style_sheet(data, namespace_mapping)
        except (etree.LxmlError, RecursionError):  # lxml refused it (nesting beyond 256 levels, say):
            # expat reads it whole, and reports what it refuses as it always did
            return _build(data, namespace_mapping, style_sheets=False)


def _build(data: bytes, namespace_mapping: Any, style_sheets: bool = True) -> XmlElement:
    """Closures rather than methods: this runs once per node of every part (hot)."""
    prefixes = {} if namespace_mapping is None else {uri: prefix for prefix, uri in namespace_mapping}
    names: dict[str, str] = {}
    stack: list[XmlElement] = []
    top: list[Any] = []  # children of the document node (the root element; nothing else is kept)
    # state[0]: the current children list; state[1]: its last child is text that more data extends;
    # state[2]: inside a CDATA section.
    state: list[Any] = [top, False, False]

    def convert(raw: str) -> str:
        if " " not in raw:
            return raw
        parts = raw.split(" ")
        if len(parts) not in (2, 3):  # minidom refuses a namespace URI with a space the same way
            raise ValueError(f"Unsupported syntax: spaces in URIs not supported: {raw!r}")
        uri, local = parts[0], parts[1]
        prefix = prefixes.get(uri)
        name = f"{{{uri}}}{local}" if prefix is None else f"{prefix}:{local}"
        names[raw] = name
        return name

    def start(raw: str, attributes: list[str]) -> None:
        get = names.get
        element = XmlElement(
            get(raw) or convert(raw),
            {get(attributes[i]) or convert(attributes[i]): attributes[i + 1] for i in range(0, len(attributes), 2)}
            if attributes else {},
            [],
        )
        state[0].append(element)
        stack.append(element)
        state[0] = element.children
        state[1] = False

    def end(raw: str) -> None:
        stack.pop()
        state[0] = stack[-1].children if stack else []
        state[1] = False

    def text(data: str) -> None:
        if state[2]:  # minidom makes a CDATASection node, which mammoth drops
            state[1] = False
        elif state[1]:
            last = state[0][-1]
            last.value = last.value + data
        else:
            state[0].append(XmlText(data))
            state[1] = True

    def other_node(*_: object) -> None:  # a comment or processing instruction: dropped, ends the text
        state[1] = False

    def cdata(inside: bool) -> None:
        state[2] = inside

    def doctype(*_: object) -> None:
        raise _HasDoctype

    def root_start(raw: str, attributes: list[str]) -> None:
        start(raw, attributes)
        parser.StartElementHandler = start
        if stack[0].name == "w:styles" and style_sheets:
            raise _StyleSheet  # read by `_style_sheet` instead (see the docstring)

    # The configuration of xml.dom.expatbuilder.ExpatBuilderNS (what minidom.parse uses).
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.namespace_prefixes = True
    parser.buffer_text = True
    parser.ordered_attributes = True
    parser.specified_attributes = True
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root_start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.CommentHandler = other_node
    parser.ProcessingInstructionHandler = other_node
    parser.StartCdataSectionHandler = lambda: cdata(True)
    parser.EndCdataSectionHandler = lambda: cdata(False)
    parser.Parse(data, True)
    return top[0]  # expat refuses a document without an element


def _style_sheet(data: bytes, namespace_mapping: Any) -> XmlElement:
    """The style sheet's nodes mammoth reads (see the module's docstring), built from lxml's tree.

    expat would call back into Python for each of its thousands of elements; lxml parses in C and
    only the few hundred kept elements are visited. No DOCTYPE reaches here (expat saw none before
    the root), and lxml resolves no entity and fetches nothing.
    """
    prefixes = {} if namespace_mapping is None else {uri: prefix for prefix, uri in namespace_mapping}
    names: dict[str, str] = {}

    def name(qualified: str) -> str:
        found = names.get(qualified)
        if found is None:
            found = qualified
            if qualified.startswith("{"):
                uri, local = qualified[1:].split("}", 1)
                prefix = prefixes.get(uri)
                found = f"{{{uri}}}{local}" if prefix is None else f"{prefix}:{local}"
            names[qualified] = found
        return found

    # The kept elements as lxml names them ({uri}local), so that lxml picks them out in C.
    kept = [f"{{{uri}}}{local}" for uri, prefix in prefixes.items()
            for node_prefix, local in (node.split(":") for node in _STYLE_NODES) if node_prefix == prefix]

    def node(element: Any) -> XmlElement:
        children = [node(child) for child in element.iterchildren(*kept)] if kept else []
        return XmlElement(name(element.tag), {name(key): value for key, value in element.attrib.items()}, children)

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                             remove_pis=True)
    return node(etree.fromstring(data, parser))


def install() -> bool:
    """Make mammoth read parts with `parse_xml`; False when mammoth's layout is not the expected one."""
    if getattr(office_xml, "parse_xml", None) not in (_original_parse_xml, parse_xml):
        return False
    office_xml.parse_xml = parse_xml
    if not hasattr(mammoth.options.read_style_mapping, "cache_info"):
        mammoth.options.read_style_mapping = functools.lru_cache(maxsize=4096)(mammoth.options.read_style_mapping)
    return True
