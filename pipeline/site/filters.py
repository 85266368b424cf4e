"""Jinja filters and globals for the theme: Vietnamese dates, responsive images, share links, JSON-LD.

Registered on every Pelican generator's environment by `pipeline.site.add_globals`.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from html import unescape
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from pipeline.content.sanitize import json_for_script
from pipeline.core.dates import TZ, parse_datetime
from pipeline.core.text import strip_diacritics
from pipeline.site.collation import vn_sort_filter

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
# Image widths in the layout: full column up to 46rem (736 px); phones use the whole screen.
BODY_SIZES = "(min-width: 50rem) 46rem, 100vw"


def as_datetime(value: Any) -> datetime | None:
    """Front-matter dates arrive as datetimes, dates or ISO strings (YAML keeps '…T10:00+07:00' a string)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=TZ)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=TZ)
    return parse_datetime(value) if value else None


# Dates are formatted by hand: Pelican's SafeDatetime.strftime runs a regular expression over the
# format for every call, and a page shows dozens of dates (sidebar, teasers, meta).
def _day(local: datetime) -> str:
    return f"{local.day:02d}/{local.month:02d}/{local.year}"


def _local(value: Any) -> datetime | None:
    moment = as_datetime(value)
    return moment.astimezone(TZ) if moment else None


def vn_date(value: Any) -> str:
    """dd/mm/yyyy."""
    local = _local(value)
    return _day(local) if local else ""


def vn_weekday_date(value: Any) -> str:
    """'Thứ Tư, 04/03/2026' — the way Vietnamese news sites date an article."""
    local = _local(value)
    return f"{WEEKDAYS[local.weekday()]}, {_day(local)}" if local else ""


def vn_weekday_datetime(value: Any) -> str:
    """'Thứ Hai, 30/11/2026, 15:42' — an article page's publication time."""
    local = _local(value)
    return f"{WEEKDAYS[local.weekday()]}, {_day(local)}, {local.hour:02d}:{local.minute:02d}" if local else ""


def vn_datetime(value: Any) -> str:
    """'08:30, Thứ Tư, 04/03/2026'."""
    local = _local(value)
    return f"{local.hour:02d}:{local.minute:02d}, {WEEKDAYS[local.weekday()]}, {_day(local)}" if local else ""


def iso(value: Any) -> str:
    moment = as_datetime(value)
    return moment.isoformat() if moment else ""


def unaccent(text: Any) -> str:
    """'Công đoàn Bến Tre' → 'Cong doan Ben Tre', so searches typed without diacritics still match."""
    return strip_diacritics(str(text or ""))


def plain(html: Any) -> str:
    """Text of a small HTML fragment (the summary), whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", str(html or ""))
    return " ".join(unescape(text).split())


def absolute(path: str, origin: str) -> str:
    """An absolute URL for share links, canonical and Open Graph tags, whatever SITEURL the build uses."""
    if re.match(r"^https?://", path or ""):
        return path
    return f"{origin.rstrip('/')}/{(path or '').lstrip('/')}"


def canonical_path(output_file: str) -> str:
    """'tuyen-giao-nu-cong/index.html' → 'tuyen-giao-nu-cong/'; 'index.html' → ''."""
    return re.sub(r"(^|/)index\.html$", r"\1", output_file or "")


def facebook_share(url: str) -> str:
    return "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe="")


def zalo_share(url: str) -> str:
    """Zalo's share dialog: the URL the official share plugin opens, with d = base64(JSON {"url": …}).

    A plain link, so no Zalo script is ever loaded by the site.
    """
    payload = base64.b64encode(json.dumps({"url": url}, separators=(",", ":")).encode()).decode()
    return "https://button-share.zalo.me/share_external?d=" + quote(payload, safe="")


# --- images ---------------------------------------------------------------------------


def _basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def image_srcset(src: str, image: dict) -> str:
    """'…/anh-1.jpg' + front matter → '…/anh-1-480w.jpg 480w, …/anh-1-960w.jpg 960w, …/anh-1.jpg 1600w'.

    Variants live next to the main file, so the final (relative or absolute) src only needs its
    file name swapped.
    """
    folder = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
    entries = [(int(v["width"]), folder + _basename(str(v["path"]))) for v in image.get("variants") or []
               if v.get("path") and v.get("width")]
    if image.get("width"):
        entries.append((int(image["width"]), src))
    entries.sort()
    return ", ".join(f"{path} {width}w" for width, path in entries)


_IMG = re.compile(r"<img\b([^>]*?)\s*/?>", re.DOTALL)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def responsive_images(html: Any, images: Iterable[dict] | None, lazy_after: int = 1) -> Markup:
    """Give each body image its srcset, sizes, width/height (no layout shift) and lazy loading.

    The first image loads eagerly: it is usually the largest thing on a phone's first screen.
    """
    by_name = {_basename(str(i.get("path", ""))): i for i in images or [] if isinstance(i, dict)}
    count = 0

    def rewrite(match: re.Match[str]) -> str:
        nonlocal count
        attrs = dict(_ATTR.findall(match.group(1)))
        image = by_name.get(_basename(attrs.get("src", "")))
        count += 1
        if image is None:
            attrs.setdefault("loading", "lazy")
        else:
            srcset = image_srcset(attrs["src"], image)
            if srcset:
                attrs["srcset"] = srcset
                attrs["sizes"] = BODY_SIZES
            if image.get("width") and image.get("height"):
                attrs["width"], attrs["height"] = str(image["width"]), str(image["height"])
            if count > lazy_after:
                attrs["loading"] = "lazy"
        attrs.setdefault("alt", "")
        attrs["decoding"] = "async"
        return "<img " + " ".join(f'{k}="{v}"' for k, v in attrs.items()) + ">"

    return Markup(_IMG.sub(rewrite, str(html or "")))


def first_image(article: Any) -> dict | None:
    images = getattr(article, "images", None) or []
    return next((i for i in images if isinstance(i, dict) and i.get("path")), None)


def variant(image: dict, max_width: int) -> str:
    """The path of the widest variant not wider than max_width (a teaser thumbnail), else the main file."""
    fitting = [v for v in image.get("variants") or [] if v.get("width") and int(v["width"]) <= max_width]
    if fitting:
        return str(max(fitting, key=lambda v: int(v["width"]))["path"])
    return str(image["path"])


_FIRST_P = re.compile(r"^\s*<p>(.*?)</p>", re.DOTALL)


def without_lead(html: Any, summary: Any) -> Markup:
    """Drop the body's first paragraph when it only repeats the summary shown as the lead above it."""
    text = str(html or "")
    first = _FIRST_P.match(text)
    if first and summary and plain(first.group(1)) == plain(summary):
        return Markup(text[first.end():].lstrip())
    return Markup(text)


# --- Q&A ------------------------------------------------------------------------------

# "Hỏi:", "<strong>Hỏi:</strong>" or "<strong>Hỏi</strong>:" opening a paragraph; the colon is required.
_LABEL = r"\s*(?:<(?:strong|b)>)?\s*(?:{})\s*(?::\s*(?:</(?:strong|b)>)?|</(?:strong|b)>\s*:)\s*"
_QUESTION = re.compile(r"^\s*<p>" + _LABEL.format("Hỏi"), re.IGNORECASE)
_ANSWER = re.compile(r"<p>" + _LABEL.format("Đáp|Trả lời"), re.IGNORECASE)


def qa_parts(article: Any) -> dict[str, Markup]:
    """Split a Q&A article's body into question and answer ('Hỏi: …' / 'Đáp: …' paragraphs).

    When the body does not follow that pattern, the summary is the question and the body the answer.
    """
    html = str(getattr(article, "content", "") or "")
    answer = _ANSWER.search(html)
    if answer:
        question = _QUESTION.sub("<p>", html[: answer.start()], count=1)
        return {"question": Markup(question.strip()), "answer": Markup("<p>" + html[answer.end():].strip())}
    return {"question": Markup(getattr(article, "summary", "") or ""), "answer": Markup(html)}


# --- structured data --------------------------------------------------------------------


def news_article_jsonld(article: Any, url: str, origin: str, editorial: Any, image_urls: list[str]) -> Markup:
    """schema.org NewsArticle, as search engines and Zalo/Facebook crawlers read it."""
    published = as_datetime(getattr(article, "date", None))
    modified = as_datetime(getattr(article, "modified", None)) or published
    author = str(getattr(article, "author", "") or "")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": str(article.title)[:110],
        "description": plain(getattr(article, "summary", "")),
        "inLanguage": "vi",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "datePublished": published.isoformat() if published else None,
        "dateModified": modified.isoformat() if modified else None,
        "author": [{"@type": "Person", "name": author}] if author else
                  [{"@type": "Organization", "name": editorial.site.federation}],
        "publisher": {
            "@type": "Organization",
            "name": editorial.site.federation,
            "url": origin.rstrip("/") + "/",
            "logo": {"@type": "ImageObject", "url": absolute("theme/img/logo-512.png", origin)},
        },
    }
    topic = getattr(article, "topic_info", None)
    if topic is not None:
        data["articleSection"] = topic.name
    tags = [str(t) for t in getattr(article, "tags", []) or []]
    if tags:
        data["keywords"] = tags
    # Google asks every article for an image; one without photos shows the federation's logo.
    data["image"] = image_urls or [absolute("theme/img/logo-512.png", origin)]
    data = {k: v for k, v in data.items() if v is not None}
    # No '<', '>' or '&' as such: "</script>" or "<!--" inside a string would end the element early.
    return Markup(json_for_script(json.dumps(data, ensure_ascii=False, indent=None)))


def tel_href(phone: Any) -> str:
    """'0275 3822.123' → '02753822123' for a tel: link (the shown number keeps its spacing)."""
    text = str(phone or "").strip()
    return ("+" if text.startswith("+") else "") + re.sub(r"\D", "", text)


def filters() -> dict[str, Any]:
    return {
        "vn_date": vn_date,
        "vn_weekday_date": vn_weekday_date,
        "vn_weekday_datetime": vn_weekday_datetime,
        "vn_datetime": vn_datetime,
        "iso": iso,
        "unaccent": unaccent,
        "plain": plain,
        "absolute": absolute,
        "canonical_path": canonical_path,
        "facebook_share": facebook_share,
        "zalo_share": zalo_share,
        "responsive_images": responsive_images,
        "without_lead": without_lead,
        "variant": variant,
        "srcset": image_srcset,
        "vn_sort": vn_sort_filter,
        "tel_href": tel_href,
    }


def template_globals() -> dict[str, Any]:
    return {"first_image": first_image, "qa_parts": qa_parts, "news_article_jsonld": news_article_jsonld}
