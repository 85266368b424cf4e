"""The project's Pelican plugin: topics as categories, units, and privacy of contributor data.

Enabled in pelicanconf.py as "pipeline.site". Each job is its own module; `register()` wires them.
"""

from __future__ import annotations

from pelican import signals
from pelican.urlwrappers import Category

# Keys for editors only (the `private` rows of the front-matter table): never in any built file.
from pipeline.content.fields import PRIVATE_KEYS
from pipeline.site import (
    collector,
    downloads,
    feeds,
    fragments,
    linear,
    photos,
    qa,
    related,
    safety,
    shared,
    sitemap,
    slugs,
    thumbs,
    typography,
    units,
    writer,
)
from pipeline.site.filters import as_datetime, filters, template_globals


def _editorial(settings):  # type: ignore[no-untyped-def]
    return settings.get("EDITORIAL")


def attach_newsroom(content) -> None:  # type: ignore[no-untyped-def]
    """Map `topic` to a Pelican category with the topic's slug, expose unit/editor objects, drop private data."""
    for key in PRIVATE_KEYS:
        content.metadata.pop(key, None)
        if hasattr(content, key):
            delattr(content, key)
    # A correction's `updated` date is the article's modification date for feeds, sitemap and JSON-LD.
    updated = as_datetime(content.metadata.get("updated"))
    if updated is not None and not content.metadata.get("modified"):
        content.modified = updated
    config = _editorial(content.settings)
    if config is None:
        return
    topic = config.topics.get(content.metadata.get("topic", ""))
    if topic is not None:
        category = Category(topic.name, content.settings)
        category.slug = topic.slug
        content.category = category
        content.metadata["category"] = category
    content.unit_info = config.units.get(content.metadata.get("unit") or "")
    content.kind_info = config.kinds.get(content.metadata.get("kind") or "")
    content.topic_info = topic


def site_origin(settings) -> str:  # type: ignore[no-untyped-def]
    """The public address for canonical, share and Open Graph URLs, even in a relative-URL build."""
    siteurl = str(settings.get("SITEURL") or "")
    if siteurl.startswith(("http://", "https://")):
        return siteurl.rstrip("/")
    config = _editorial(settings)
    return config.site.url.rstrip("/") if config is not None else ""


def add_globals(generator) -> None:  # type: ignore[no-untyped-def]
    settings = generator.settings
    generator.context["EDITORIAL"] = _editorial(settings)
    generator.context["SITE_ORIGIN"] = site_origin(settings)
    generator.env.filters.update(filters())
    generator.env.globals.update(template_globals())
    generator.env.globals["unit_url"] = lambda slug: units.unit_url(settings, slug)
    generator.env.globals["fragment"] = fragments.fragment
    generator.env.globals["once"] = fragments.once
    generator.env.filters["thumb_srcset"] = thumbs.thumb_srcset
    generator.env.filters["thumb_src"] = thumbs.thumb_src
    generator.env.globals["THUMB_SIZES"] = thumbs.THUMB_SIZES
    generator.env.globals.update(qa.template_globals())
    generator.env.filters["qa_theme_slug"] = qa.theme_slug
    generator.env.filters["keep_together"] = typography.keep_together


def register() -> None:
    safety.register()  # first: every later step reads cleaned HTML
    linear.register()  # Pelican's quadratic steps, linear
    collector.register()  # no garbage collection walks over the parsed site
    slugs.register()  # Pelican's slugify, remembered
    signals.content_object_init.connect(attach_newsroom)
    signals.generator_init.connect(add_globals)
    fragments.register()
    related.register()
    shared.register()
    writer.register()
    units.register()
    qa.register()
    thumbs.register()
    photos.register()
    downloads.register()
    feeds.register()
    sitemap.register()
    from pipeline.site import lifecycle  # status, scheduled publishing, corrections, withdrawal

    lifecycle.register()
