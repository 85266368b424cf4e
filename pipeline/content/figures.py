"""Markdown extension: an image alone in its paragraph, with a title, becomes <figure> with <figcaption>.

Ingest writes captions as the image title (`![alt](src "caption")`), keeping the body plain Markdown.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


class _FigureTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or (child.text or "").strip() or len(child) != 1:
                    continue
                img = child[0]
                if img.tag != "img" or (img.tail or "").strip() or not img.get("title"):
                    continue
                figure = etree.Element("figure")
                caption = img.attrib.pop("title")
                img.tail = None
                figure.append(img)
                figcaption = etree.SubElement(figure, "figcaption")
                figcaption.text = caption
                figure.tail = child.tail
                parent.remove(child)
                parent.insert(index, figure)


class FigureExtension(Extension):
    def extendMarkdown(self, md) -> None:  # type: ignore[no-untyped-def]
        md.treeprocessors.register(_FigureTreeprocessor(md), "bantin_figures", 5)


def makeExtension(**kwargs) -> FigureExtension:  # type: ignore[no-untyped-def]
    return FigureExtension(**kwargs)
