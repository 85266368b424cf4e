"""The project's Pelican plugin: topics as categories, units, and privacy of contributor data.

Enabled in pelicanconf.py as "pipeline.site".
"""

from __future__ import annotations

from pelican import signals
from pelican.urlwrappers import Category

# Front-matter keys that exist for editors only and must never reach any built file.
PRIVATE_KEYS = ("contributor", "conversion_warnings", "source")


def _editorial(settings):  # type: ignore[no-untyped-def]
    return settings.get("EDITORIAL")


def attach_newsroom(content) -> None:  # type: ignore[no-untyped-def]
    """Map `topic` to a Pelican category with the topic's slug, expose unit/editor objects, drop private data."""
    for key in PRIVATE_KEYS:
        content.metadata.pop(key, None)
        if hasattr(content, key):
            delattr(content, key)
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


def add_globals(generator) -> None:  # type: ignore[no-untyped-def]
    generator.context["EDITORIAL"] = _editorial(generator.settings)


def register() -> None:
    signals.content_object_init.connect(attach_newsroom)
    signals.generator_init.connect(add_globals)
    from pipeline.site import lifecycle  # status, scheduled publishing, corrections, withdrawal

    lifecycle.register()
