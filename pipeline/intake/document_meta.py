"""Fill the metadata the contributor did not write from the document itself, by explicit rules.

Titles follow pipeline.intake.titles; bylines come only from the document's own text or from a
title-page property that the text confirms, never from a machine or placeholder account name;
summaries never from picture alt text, separator lines or the administrative preamble.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import lxml.html

from pipeline.content.bylines import is_placeholder_author
from pipeline.convert.legacy import decode, score
from pipeline.core.config import Config
from pipeline.core.messages import Message, warning
from pipeline.core.text import nfc
from pipeline.intake import titles
from pipeline.intake.metadata import RawMeta

# "Tin: Nguyễn Văn A", "Bài và ảnh: Trần B" — the byline people put at the end of a news item.
_BYLINE = re.compile(
    r"^(?:tin|bai|anh|tin va anh|bai va anh|tin, anh|bai, anh|tin/anh|bai/anh|tin - anh|tac gia|nguoi viet)"
    r"\s*:\s*(.{3,60})$"
)


def decode_property(text: str) -> str:
    """A title or author property written with a TCVN3/VNI font: decoded when it reads better so."""
    if not text or any(ord(c) > 0xFF and c.isalpha() for c in text):
        return text
    schemes: tuple[Literal["tcvn3", "vni"], ...] = ("tcvn3", "vni")
    best = max(schemes, key=lambda s: score(text, s).good)
    found = score(text, best)
    if found.good and found.unicode_words == 0:
        return nfc(decode(text, best))
    return text


def fill_from_document(
    raw: RawMeta,
    root: lxml.html.HtmlElement,
    properties: dict[str, Any],
    config: Config | None,
    file: str,
) -> list[Message]:
    """Choose title, byline and summary; record the title's source. Returns warnings for the editor."""
    messages: list[Message] = []
    text = " ".join(nfc(root.text_content()).split())
    _choose_title(raw, root, decode_property(str(properties.get("title") or "")), messages, file)
    summary = _take_summary_paragraph(root)
    if summary and "summary" not in raw.values:
        raw.values["summary"], raw.origin["summary"] = summary, "nội dung"
    subject = str(properties.get("summary") or "").strip()
    if "summary" not in raw.values and subject and not titles.is_separator(subject) \
            and titles.agrees_with_text(decode_property(subject), text):
        raw.values["summary"], raw.origin["summary"] = decode_property(subject), titles.FROM_PROPERTIES
    blocks = titles.blocks_of(root)
    raw.not_summary |= titles.preamble_lines(blocks) | {str(raw.values.get("title") or "")}
    raw.not_summary |= {line for block in blocks[:12] for line in block.lines if line in str(raw.values.get("title"))}
    _choose_byline(raw, root, decode_property(str(properties.get("core_author") or "")), text, config, messages, file)
    return messages


def _choose_title(raw: RawMeta, root: lxml.html.HtmlElement, property_title: str,
                  messages: list[Message], file: str) -> None:
    if raw.values.get("title"):
        origin = raw.origin.get("title", titles.FROM_TABLE)
        raw.values["title_source"] = titles.FROM_META if origin == "meta.yml" else titles.FROM_TABLE
        return
    chosen = titles.choose(titles.body_candidates(root, property_title))
    if chosen is None:
        return
    raw.values["title"], raw.origin["title"] = chosen.value, chosen.source
    raw.values["title_source"] = chosen.source
    if chosen.guessed:
        messages.append(warning(
            "BT814",
            f"Tiêu đề được đoán từ {chosen.source}: '{chosen.value}'. Hãy kiểm tra; lần sau điền ô 'Tiêu đề' "
            "trong bảng thông tin.",
            file,
        ))
    titles.remove_title_heading(root, chosen.value)


def _take_summary_paragraph(root: lxml.html.HtmlElement) -> str:
    """A paragraph styled Subtitle/Sapo (class 'summary') is the summary and leaves the body."""
    for el in root.xpath("./p[@class='summary']"):
        value = " ".join(nfc(el.text_content()).split())
        if value and not titles.is_separator(value):
            root.remove(el)
            return value
    return ""


def _choose_byline(raw: RawMeta, root: lxml.html.HtmlElement, property_author: str, text: str,
                   config: Config | None, messages: list[Message], file: str) -> None:
    written = " ".join(str(raw.values.get("author") or "").split())
    if written:
        if is_placeholder_author(written, config):
            del raw.values["author"]
            messages.append(warning(
                "BT819", f"Người viết '{written}' là tên máy hoặc tài khoản chung, không đăng lên trang; "
                "hãy điền họ tên thật ở ô 'Người viết'.", file))
        return
    from_text = byline_in_text(root)
    if from_text and not is_placeholder_author(from_text, config):
        raw.values["author"], raw.origin["author"] = from_text, "nội dung"
        return
    if property_author and not is_placeholder_author(property_author, config) \
            and titles.agrees_with_text(property_author, text):
        raw.values["author"], raw.origin["author"] = property_author, titles.FROM_PROPERTIES


def byline_in_text(root: lxml.html.HtmlElement) -> str:
    """'Tin: Nguyễn Văn A' among the last lines of the body."""
    paragraphs = [" ".join(nfc(p.text_content()).split()) for p in root.xpath("./p")][-4:]
    for line in reversed(paragraphs):
        m = _BYLINE.match(titles.low(line))
        if m:
            return line[m.start(1):].strip(" .")
    return ""


def _plain_text(markdown: str) -> str:
    """Markdown inline markup off: pictures go (alt text is never a summary), links keep their text."""
    text = re.sub(r"!\[(?:[^\]\\]|\\.)*\]\([^)]*\)", " ", markdown)
    text = re.sub(r"<img\b[^>]*>", " ", text)
    text = re.sub(r"\[\^\d+\]", "", text)
    text = re.sub(r"\[((?:[^\]\\]|\\.)*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text.replace("**", "").replace("*", ""))
    return " ".join(text.split())


def summary_from(body: str, skip: set[str] = frozenset(), limit: int = 260) -> str:  # type: ignore[assignment]
    """The first real paragraph, cut at a word boundary: a lead for listings and share previews.

    Never a heading, list, table, picture, separator line, upper-case line or a preamble line.
    """
    skipped = {" ".join(s.split()) for s in skip}
    for block in body.split("\n\n"):
        raw = block.strip()
        if not raw or raw.startswith(("#", "!", "|", "-", "<", ">")) or raw[0].isdigit():
            continue
        text = _plain_text(raw)
        if not text or text in skipped or titles.is_separator(text) or titles.is_upper(text) or len(text) < 20:
            continue
        if len(text) <= limit:
            return text
        cut = text[:limit].rsplit(" ", 1)[0]
        return cut.rstrip(",;:") + "…"
    return ""
