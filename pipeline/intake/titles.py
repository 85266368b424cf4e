"""Choose an article's title among candidates, each with its source and confidence.

Vietnamese administrative documents (văn bản hành chính) open with a preamble that is never the
title: the issuing body ("CHÍNH PHỦ", "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE"), the national name and
motto (quốc hiệu, tiêu ngữ), the number and symbol ("Số: 12/KH-LĐLĐ") and the place-and-date line
("Bến Tre, ngày 26 tháng 11 năm 2026"). The title follows it: a document-type line ("KẾ HOẠCH")
and the subject line (trích yếu) under it, or "V/v …" in a letter (công văn).

Rules, in order of trust (docs/huong-dan-bien-tap.md repeats them for editors):
1. meta.yml and the template's table: what the contributor wrote (trusted, not a guess);
2. a Heading 1 at the very top of the body (the template asks for that; not a guess);
3. a document-type line joined with its subject line, after the preamble (guessed);
4. the first heading after the preamble (guessed);
5. the document's title property, only when decoded and found word for word in the text (guessed);
6. the first short line after the preamble (guessed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from pipeline.core.text import nfc, strip_diacritics

TRUSTED = "chắc chắn"
HIGH = "cao"
GUESS = "đoán"


@dataclass(frozen=True)
class Candidate:
    value: str
    source: str  # Vietnamese, recorded as the article's title_source
    confidence: str  # TRUSTED | HIGH | GUESS

    @property
    def guessed(self) -> bool:
        return self.confidence == GUESS


# Sources, as editors read them in title_source.
FROM_META = "meta.yml"
FROM_TABLE = "bảng thông tin"
FROM_TOP_HEADING = "tiêu đề đầu bài"
FROM_DOC_TYPE = "tên loại văn bản và trích yếu"
FROM_HEADING = "tiêu đề trong bài"
FROM_PROPERTIES = "thuộc tính tệp"
FROM_FIRST_LINE = "dòng đầu bài"

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# Document types (thể loại văn bản) that head the title block, folded.
DOC_TYPES = (
    "nghi dinh", "nghi quyet", "quyet dinh", "chi thi", "thong tu", "thong bao", "bao cao", "ke hoach",
    "to trinh", "cong van", "huong dan", "chuong trinh", "quy che", "quy dinh", "de an", "du an",
    "phuong an", "bien ban", "cong dien", "giay moi", "giay gioi thieu", "thu moi", "thu ngo",
    "loi keu goi", "dieu le", "tham luan", "danh sach", "don", "hop dong", "bao cao tom tat",
    "ke hoach lien tich", "nghi quyet lien tich", "thong tri", "ban ghi nho", "ban cam ket",
    "quy uoc", "phieu", "to khai", "giay xac nhan", "giay de nghi", "de cuong", "bai phat bieu",
    "dien van", "tuyen bo", "cam nang", "so tay", "ban tin", "luat", "phap lenh", "phu luc",
    "thong tu lien tich", "van ban thoa thuan", "bang tong hop", "giay chung nhan",
)
# Lines under a type line that are not its subject: the addressee, the legal bases, form labels.
_NOT_SUBJECT = re.compile(r"^(kinh gui|gui\b|can cu|ho va ten|ho ten|[-–•+*]\s)")
# Lines never a title: addressee, bases, labels ("Họ và tên: …", "Mẫu số: …"), links, list items.
_NOT_TITLE = re.compile(r"^(kinh gui|gui\b|can cu|noi nhan|[-–•+*(]\s?)|^[^:]{1,25}:|https?://|www\.")
_DOC_TYPE = re.compile(r"^(" + "|".join(sorted(DOC_TYPES, key=len, reverse=True)) + r")\b(.*)$")

# Preamble lines, folded. Each pattern names one kind of line in the letterhead block.
_NATIONAL_NAME = re.compile(r"\bcong hoa xa hoi chu nghia viet nam\b")
_MOTTO = re.compile(r"\bdoc lap\s*[-–—,.]?\s*tu do\s*[-–—,.]?\s*hanh phuc\b")
_PARTY = re.compile(r"^dang cong san viet nam\b")
_NUMBER = re.compile(r"^so\s*[:.]?\s*[\d.…_ ]*[/-]\s*\w")
_PLACE_DATE = re.compile(r"^(?!hom nay\b|vao\b)(?:[\w .…'-]{2,80},|[.…_ ]{3,80})\s*ngay\b.{0,25}\bthang\b.{0,20}\bnam\b|^[\w .'-]{2,40},\s*\d{1,2}/\d{1,2}/\d{2,4}")
_SEPARATOR = re.compile(r"^[\s_\-–—=*.·~#+]+$")
_SUBJECT = re.compile(r"^(v/v|ve viec|v\.v|vv)\b[\s:.]*", re.IGNORECASE)


def low(text: str) -> str:
    """Lower case without diacritics, punctuation kept, one space between words; same length as NFC."""
    return " ".join(strip_diacritics(nfc(text)).lower().split())


def is_separator(text: str) -> bool:
    """'____', '***', '---' and the like: a rule drawn with characters, never content."""
    return bool(text.strip()) and bool(_SEPARATOR.match(text.strip()))


def _is_anchor(folded: str) -> bool:
    # The national name and motto may share a line with the issuing body or the number (a tab apart).
    short = len(folded) <= 120  # "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam …" is body text
    return bool(short and (_NATIONAL_NAME.search(folded) or _MOTTO.search(folded)) or _PARTY.match(folded)
                or _NUMBER.match(folded) or _PLACE_DATE.match(folded))


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _is_preamble_line(text: str) -> bool:
    """A line that may belong to the letterhead: an anchor, a rule, or a short upper-case name."""
    folded = low(text)
    if not folded or is_separator(text) or _is_anchor(folded):
        return True
    return is_upper(text) and len(text) <= 80 and not _DOC_TYPE.match(folded)


@dataclass
class Block:
    """One top-level element of the body, as lines of text."""

    tag: str
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def blocks_of(root: lxml.html.HtmlElement, limit: int = 40) -> list[Block]:
    out: list[Block] = []
    for el in list(root)[:limit]:
        if not isinstance(el.tag, str):
            continue
        if el.tag == "table":
            lines = [_clean(c.text_content()) for c in el.xpath(".//td|.//th")]
        elif el.tag in ("ol", "ul"):
            lines = [_clean(li.text_content()) for li in el.xpath("./li")]
        else:
            lines = [_clean(t) for t in _lines_of(el)]
        out.append(Block(el.tag, [line for line in lines if line]))
    return out


def _lines_of(el: lxml.html.HtmlElement) -> list[str]:
    """An element's text split at <br>: letterheads often put several lines in one paragraph."""
    parts = [""]
    for node in el.iter():
        if node.tag == "br":
            parts.append("")
        if node is not el and node.tag == "br":
            parts[-1] += node.tail or ""
            continue
        if node is el:
            parts[-1] += node.text or ""
        else:
            parts[-1] += (node.text or "") + (node.tail or "")
    return parts


def _clean(text: str) -> str:
    return " ".join(nfc(text).split())


def preamble_length(blocks: list[Block]) -> int:
    """How many leading blocks form the administrative preamble (0 when there is none).

    The preamble is recognised as a block: leading blocks made only of letterhead-like lines, up to
    the last one holding an anchor (quốc hiệu, tiêu ngữ, số/ký hiệu, place and date). Upper-case
    lines alone are not a preamble: "ĐẠI HỘI CÔNG ĐOÀN TỈNH" at the top is a title.
    """
    end = 0
    for n, block in enumerate(blocks[:12]):
        if not block.lines:
            continue
        if block.tag == "table":
            if any(_is_anchor(low(line)) for line in block.lines):
                end = n + 1
                continue
            break
        if not all(_is_preamble_line(line) for line in block.lines):
            break
        anchored = any(_is_anchor(low(line)) for line in block.lines)
        if end and not anchored and block.tag in _HEADINGS:
            break  # a heading after the letterhead starts the document itself
        if anchored:
            end = n + 1
    # Rules drawn under the letterhead belong to it.
    while end < len(blocks) and all(is_separator(line) for line in blocks[end].lines or ["_"]):
        end += 1
    return end


def preamble_lines(blocks: list[Block]) -> set[str]:
    return {line for block in blocks[: preamble_length(blocks)] for line in block.lines}


def _subject_text(line: str) -> str:
    """'V/v tổ chức Đại hội' → 'về việc tổ chức Đại hội'."""
    m = _SUBJECT.match(low(line))
    if not m:
        return line
    # Folding keeps the length of these prefixes, so the match end cuts the original line too.
    rest = line.strip()[m.end():].strip()
    return f"về việc {rest}" if rest else ""


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def doc_type_title(blocks: list[Block]) -> str:
    """'KẾ HOẠCH' + 'Tổ chức Hội thao năm 2026' → 'Kế hoạch tổ chức Hội thao năm 2026'."""
    start = preamble_length(blocks)
    lines = [line for block in blocks[start:start + 4] if block.tag != "table" for line in block.lines]
    lines = [line for line in lines if not is_separator(line)]
    if not lines:
        return ""
    first = lines[0]
    folded = low(first)
    m = _DOC_TYPE.match(folded)
    if m and len(first) <= 200:
        type_len = len(m.group(1))
        own_rest = first[type_len:].strip(" :.-–")
        follow = lines[1] if len(lines) > 1 else ""
        if own_rest and low(own_rest).startswith(("cua ", "so ")) and re.match(r"^(v/v|ve )", low(follow)):
            return f"{first} {follow}"  # "NGHỊ ĐỊNH CỦA CHÍNH PHỦ" + "Về việc …"
        if own_rest:
            return first  # "BÁO CÁO tổng kết năm 2026" already names its subject
        subject = lines[1] if len(lines) > 1 else ""
        if not subject or len(subject) > 250 or _is_anchor(low(subject)) or _NOT_SUBJECT.match(low(subject)):
            return first if len(first.split()) >= 2 else ""
        subject = _subject_text(subject) if _SUBJECT.match(low(subject)) else subject
        if is_upper(subject):
            return f"{first} {subject}"  # "NGHỊ ĐỊNH QUY ĐỊNH …": capitals kept, never half lowered
        return f"{_sentence_case(first)} {subject[:1].lower() + subject[1:]}"
    # A letter (công văn): the "V/v" line right under the number is its subject.
    if _SUBJECT.match(folded) and start:
        text = _subject_text(first)
        return text[:1].upper() + text[1:] if text else ""
    return ""


def first_heading_after_preamble(blocks: list[Block]) -> str:
    start = preamble_length(blocks)
    for block in blocks[start:start + 8]:
        if block.tag in _HEADINGS and block.text:
            return block.text
        if block.tag not in _HEADINGS and block.lines and not all(is_separator(x) for x in block.lines):
            return ""
    return ""


def top_heading(blocks: list[Block]) -> str:
    """A Heading 1 as the very first block: the title as the template asks for it."""
    if preamble_length(blocks):
        return ""
    for block in blocks[:1]:
        m = _DOC_TYPE.match(low(block.text))
        if m and not m.group(2).strip(" :.-–"):
            return ""  # a bare "NGHỊ ĐỊNH": its subject line completes the title (doc_type_title)
        if block.tag == "h1" and block.text:
            return block.text
    return ""


def first_line_after_preamble(blocks: list[Block]) -> str:
    start = preamble_length(blocks)
    for block in blocks[start:start + 6]:
        if block.tag == "table":
            continue
        for line in block.lines:
            letters = sum(c.isalpha() for c in line)
            if is_separator(line) or letters * 2 < len(line.replace(" ", "")) or _NOT_TITLE.search(low(line)):
                continue  # a rule, a form's dotted blank, an addressee, a label line or a link
            return line if 8 <= len(line) <= 160 else ""
    return ""


def _is_issuer(title: str, blocks: list[Block]) -> bool:
    """The title property repeats a letterhead line (often "Ủy ban nhân dân"): never a title."""
    wanted = low(title)
    return any(wanted and wanted in low(line) for block in blocks[:4] for line in block.lines
               if _is_preamble_line(line))


def agrees_with_text(title: str, text: str) -> bool:
    """A title property is believed only when the document says the same words, in order."""
    words = low(title).split()
    if len(words) < 2 or sum(len(w) for w in words) < 6:
        return False
    if re.search(r"\.(docx?|odt|rtf)\b", low(title)):
        return False
    haystack = " " + " ".join(re.sub(r"[^\w/]+", " ", low(text)).split()) + " "
    needle = " " + " ".join(re.sub(r"[^\w/]+", " ", low(title)).split()) + " "
    return needle in haystack


def body_candidates(root: lxml.html.HtmlElement, property_title: str = "") -> list[Candidate]:
    """Title candidates found in the document itself, best first."""
    blocks = blocks_of(root)
    out: list[Candidate] = []
    if top := top_heading(blocks):
        out.append(Candidate(top, FROM_TOP_HEADING, HIGH))
    if joined := doc_type_title(blocks):
        out.append(Candidate(joined, FROM_DOC_TYPE, GUESS))
    if heading := first_heading_after_preamble(blocks):
        out.append(Candidate(heading, FROM_HEADING, GUESS))
    if property_title and agrees_with_text(property_title, _clean(root.text_content())) \
            and low(property_title) not in {low(x) for x in preamble_lines(blocks)} \
            and not _is_anchor(low(property_title)) and not _is_issuer(property_title, blocks) \
            and not (is_upper(property_title) and _is_preamble_line(property_title)
                     and not _DOC_TYPE.match(low(property_title))):
        out.append(Candidate(property_title, FROM_PROPERTIES, GUESS))
    if line := first_line_after_preamble(blocks):
        out.append(Candidate(line, FROM_FIRST_LINE, GUESS))
    return out


def choose(candidates: list[Candidate]) -> Candidate | None:
    """The first candidate with a value: callers list them in the order of the rules above."""
    return next((c for c in candidates if c.value.strip()), None)


def remove_title_heading(root: lxml.html.HtmlElement, title: str) -> None:
    """The title leaves the body only when it is the exact same heading at the very top."""
    first = next((el for el in root if isinstance(el.tag, str)), None)
    if first is not None and first.tag in _HEADINGS and _clean(first.text_content()) == _clean(title):
        root.remove(first)
