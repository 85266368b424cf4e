"""Settings for the public build (`make publish`): absolute URLs and feeds."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F401,F403,E402

SITEURL = os.environ.get("SITEURL", "https://congdoan.bentre.gov.vn").rstrip("/")
RELATIVE_URLS = False
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
DELETE_OUTPUT_DIRECTORY = True
