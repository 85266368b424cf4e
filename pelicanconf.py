"""Pelican settings for the development build (`make html`, `make serve`).

Site identity comes from editorial.yml, so a rename or merger never needs a code change.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from pipeline.content.layout import IMAGES, PAGES, STATIC
from pipeline.content.markup import pelican_settings as markdown_settings
from pipeline.core.config import load_config
from pipeline.site.csp import META_POLICY

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
# Order matters: pipeline.site sets topics and related links before neighbors reads the article list.
PLUGINS = [
    "pipeline.site.reader",  # pelican-yaml-metadata's reader with libyaml and a parse cache
    "pipeline.site",
    "pelican.plugins.neighbors",
    "pelican.plugins.sitemap",
    # Builds /thong-ke/ only when editorial.yml sets reports.public_summary: true.
    "pipeline.site.report_summary",
]
# Markdown without attr_list or md_in_html; the one sanitiser cleans what it emits.
MARKDOWN = markdown_settings()
# Every page's <meta http-equiv="Content-Security-Policy">; the server header is in docs/security.md.
CONTENT_SECURITY_POLICY = META_POLICY
# The summary is contributor text, not Markdown: pipeline/site/safety.py makes it cleaned HTML.
FORMATTED_FIELDS: list[str] = []
# The theme escapes everything it prints unless it is marked safe (article bodies, summaries).
# auto_reload off: each build makes its own Jinja environment, so asking the disk whether a template
# changed on every page (thousands of stat calls) buys nothing.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False}

ARTICLE_PATHS = [p for p in EDITORIAL.topics]  # one folder per topic
PAGE_PATHS = [PAGES]  # the folders that are not articles: pipeline/content/layout.py
# Photos (images/) are placed by pipeline/site/photos.py, without a Pelican object per file; the
# other static folders (extra/) stay Pelican's.
PHOTO_PATHS = [IMAGES]
STATIC_PATHS = [p for p in STATIC if p not in PHOTO_PATHS]
STATIC_CHECK_IF_MODIFIED = True  # a file already in the output is not copied again
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "tin-tuc"
SLUGIFY_SOURCE = "basename"

# {date.year}, not {date:%Y}: the same four digits without Pelican's strftime, which parses the format
# again in Python each time (three times per article per build).
ARTICLE_URL = "{category}/{date.year}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
PAGE_URL = "{slug}.html"
PAGE_SAVE_AS = PAGE_URL
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
CATEGORIES_URL = "linh-vuc/"
CATEGORIES_SAVE_AS = "linh-vuc/index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = "the/{slug}/index.html"
TAGS_URL = "the/"
TAGS_SAVE_AS = "the/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = "luu-tru/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_URL = "luu-tru/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "luu-tru/{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
UNIT_URL = "don-vi/{slug}/"  # pipeline/site/units.py
UNIT_SAVE_AS = "don-vi/{slug}/index.html"
UNITS_URL = "don-vi/"
UNITS_SAVE_AS = "don-vi/index.html"
SEARCH_URL = "tim-kiem/"
SEARCH_SAVE_AS = "tim-kiem/index.html"
ROBOTS_SAVE_AS = "robots.txt"
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives", "search", "404", "robots"]

DEFAULT_PAGINATION = 12
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "unit": None, "period_archives": 30,
                       "hoi-dap": 20}  # the Q&A index (pipeline/site/qa.py)
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang-{number}/", "{base_name}/trang-{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 40

# Feeds for the site and for each topic, Atom and RSS. Entries link to the public address even in
# a development build (FEED_DOMAIN), so a feed never carries a local path.
FEED_DOMAIN = EDITORIAL.site.url.rstrip("/")
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
FEED_MAX_ITEMS = 30
RSS_FEED_SUMMARY_ONLY = True

SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$", r"^robots\.txt$", r"^tim-kiem/"],
    "priorities": {"articles": 0.8, "indexes": 0.5, "pages": 0.4},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
}

RELATIVE_URLS = True
# Parsed articles are cached by content hash (pipeline/site/reader.py) under build/ (gitignored), one
# file per site. Pelican's own content cache stays off: it keys files by modification time (a fresh
# checkout misses everything), and it pickles whole content objects, so the lifecycle (scheduled
# publishing against the build's clock) and editorial.yml changes would not be applied to them.
CACHE_PATH = os.environ.get("BANTIN_CACHE", str(ROOT / "build" / "cache"))
CACHE_CONTENT = False
