"""Unit pages (/don-vi/<unit>/): Pelican has topics (categories) and tags, not the sending units.

Writes one paginated listing per unit that has articles, and an index of all units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pelican import signals

from pipeline.site.visibility import is_listed

DEFAULT_UNIT_URL = "don-vi/{slug}/"
DEFAULT_UNIT_SAVE_AS = "don-vi/{slug}/index.html"
DEFAULT_UNITS_URL = "don-vi/"
DEFAULT_UNITS_SAVE_AS = "don-vi/index.html"


@dataclass
class UnitListing:
    slug: str
    name: str
    info: Any
    url: str
    save_as: str
    articles: list[Any] = field(default_factory=list)

    @property
    def page_name(self) -> str:
        return self.url.rstrip("/")

    def __str__(self) -> str:
        return self.name


def unit_url(settings: dict, slug: str) -> str:
    return settings.get("UNIT_URL", DEFAULT_UNIT_URL).format(slug=slug)


def unit_listings(settings: dict, articles: list[Any]) -> list[UnitListing]:
    """Every unit of editorial.yml with its listed articles (newest first), in editorial.yml order."""
    config = settings.get("EDITORIAL")
    if config is None:
        return []
    listings = {
        slug: UnitListing(
            slug=slug, name=unit.name, info=unit, url=unit_url(settings, slug),
            save_as=settings.get("UNIT_SAVE_AS", DEFAULT_UNIT_SAVE_AS).format(slug=slug),
        )
        for slug, unit in config.units.items()
    }
    for article in sorted((a for a in articles if is_listed(a)), key=lambda a: a.date, reverse=True):
        info = getattr(article, "unit_info", None)
        if info is not None and info.slug in listings:
            listings[info.slug].articles.append(article)
    return list(listings.values())


def write_unit_pages(generator: Any, writer: Any) -> None:
    settings = generator.settings
    relative = settings["RELATIVE_URLS"]
    listings = unit_listings(settings, generator.articles)
    template = generator.get_template("unit")
    for unit in listings:
        if not unit.articles:
            continue
        writer.write_file(
            unit.save_as, template, generator.context, relative_urls=relative, url=unit.url,
            unit=unit, articles=unit.articles, dates=sorted(unit.articles, key=lambda a: a.date),
            template_name="unit", page_name=unit.page_name, blog=True, all_articles=generator.articles,
        )
    writer.write_file(
        settings.get("UNITS_SAVE_AS", DEFAULT_UNITS_SAVE_AS), generator.get_template("units"), generator.context,
        relative_urls=relative, url=settings.get("UNITS_URL", DEFAULT_UNITS_URL), units=listings,
        template_name="units",
    )


def register() -> None:
    signals.article_writer_finalized.connect(write_unit_pages)
