"""Pelican settings for the development build (`make html`, `make serve`).

Site identity comes from editorial.yml, so a rename or merger never needs a code change.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from pipeline.config import load_config  # noqa: E402

EDITORIAL = load_config(os.environ.get("BANTIN_CONFIG", ROOT / "editorial.yml"))

SITENAME = EDITORIAL.site.name
SITESUBTITLE = EDITORIAL.site.tagline
AUTHOR = EDITORIAL.site.federation
SITEURL = ""
PATH = os.environ.get("BANTIN_CONTENT", "content")
OUTPUT_PATH = os.environ.get("BANTIN_OUTPUT", "output")
THEME = str(ROOT / "theme")

TIMEZONE = EDITORIAL.site.timezone
DEFAULT_LANG = "vi"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"
LOCALE = ("C.UTF-8", "C")

READERS = {"rst": None}  # articles are Markdown only
PLUGINS = ["pelican.plugins.yaml_metadata", "pipeline.site"]
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},  # tables, footnotes, attr_list, fenced code
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {},
        "pipeline.site.figures": {},
    },
    "output_format": "html5",
}

ARTICLE_PATHS = [p for p in EDITORIAL.topics]  # one folder per topic
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "tin-tuc"
SLUGIFY_SOURCE = "basename"

ARTICLE_URL = "{category}/{date:%Y}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
PAGE_URL = "{slug}.html"
PAGE_SAVE_AS = PAGE_URL
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = "the/{slug}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""

DEFAULT_PAGINATION = 12
SUMMARY_MAX_LENGTH = 40

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = True
CACHE_CONTENT = False
