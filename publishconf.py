"""Settings for the public build (`make publish`): absolute URLs, feeds, sitemap, minified HTML."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F401,F403,E402
from pelicanconf import PLUGINS  # noqa: E402

# The deployment sets SITEURL (e.g. a staging address); the default is the federation's domain.
SITEURL = os.environ.get("SITEURL", "https://congdoan.bentre.gov.vn").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True

# HTML only: the stylesheet is hand-written small, and the search index's files are compact JSON.
# Our wrapper of pelican-minify: keeps closing tags (see the module).
PLUGINS = [*PLUGINS, "pipeline.site.minify"]
HTML_MIN = True
CSS_MIN = False
JS_MIN = False
INLINE_CSS_MIN = True
INLINE_JS_MIN = False
