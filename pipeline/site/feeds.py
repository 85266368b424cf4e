"""Feeds always carry absolute links to the public site, also from a relative-URL development build,
and RSS says its guids (tag: URIs) are not links.

Pelican joins feed links to SITEURL, which is empty in `make html`/`make demo`; a feed reader cannot
follow "/tuyen-giao-nu-cong/…". Published builds (absolute SITEURL) are left as Pelican wrote them.
"""

from __future__ import annotations

import re
from typing import Any

from feedgenerator import get_tag_uri
from pelican import signals

# Any address in an entry's HTML that names no scheme, host or fragment: Pelican writes content links
# relative to the site's root ("images/2026/…/anh-1.jpg", "/don-vi/…"), which a feed reader would
# resolve against the feed's own address.
_SITE_RELATIVE = re.compile(r'(\b(?:href|src)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|//|#)(?:\./|\.\./|/)*')


def _absolute(url: str, origin: str) -> str:
    if not url or re.match(r"^[a-z]+:", url):
        return url
    return f"{origin}/{url.lstrip('/')}"


def mark_guids(feed: Any) -> None:
    """The RSS guid is a tag: URI, not an address: say so (isPermaLink="false"), or readers follow it."""
    for item in feed.items:
        if item.get("unique_id"):
            item["unique_id_is_permalink"] = False


def on_feed(context: dict, feed: Any) -> None:
    absolutize_feed(context, feed)
    mark_guids(feed)


def absolutize_feed(context: dict, feed: Any) -> None:
    origin = str(context.get("SITE_ORIGIN") or "").rstrip("/")
    if not origin or str(context.get("SITEURL") or "").startswith(("http://", "https://")):
        return
    feed.feed["link"] = _absolute(feed.feed.get("link") or "/", origin)
    for item in feed.items:
        item["link"] = _absolute(item["link"], origin)
        if item.get("pubdate"):
            item["unique_id"] = get_tag_uri(item["link"], item["pubdate"])
        for key in ("description", "content"):
            if item.get(key):
                item[key] = _SITE_RELATIVE.sub(rf"\1{origin}/", item[key])


def register() -> None:
    signals.feed_generated.connect(on_feed)
