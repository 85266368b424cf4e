"""Pelican's slugify, remembered (pipeline/site/slugs.py), gives Pelican's slugs."""

from __future__ import annotations

from pelican import urlwrappers
from pelican.settings import DEFAULT_CONFIG

from pipeline.site import slugs

NAMES = ["Đặng Thúy Tuấn", "nữ công", "Đoàn viên", "<b>Công đoàn</b> cơ sở", "An toàn – vệ sinh lao động", "  Bến Tre  "]


def test_remembered_slugs_are_pelicans_for_every_setting():
    subs = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    for name in NAMES:
        for options in ({}, {"regex_subs": subs}, {"regex_subs": [list(s) for s in subs]},
                        {"regex_subs": subs, "preserve_case": True}, {"use_unicode": True}):
            assert slugs.slugify(name, **options) == slugs._ORIGINAL(name, **options), (name, options)
            assert slugs.slugify(name, **options) == slugs._ORIGINAL(name, **options)  # from the cache


def test_pelicans_tags_use_the_remembered_slugify_once_registered():
    slugs.register()
    settings = dict(DEFAULT_CONFIG)
    tag = urlwrappers.Tag("An toàn – vệ sinh lao động", settings)
    assert tag.slug == "an-toan-ve-sinh-lao-dong"
    assert urlwrappers.slugify is slugs.slugify
