"""What every page shows the same way, computed once per build instead of once per page.

The sidebar's newest articles and the home page's choices (lead, topic blocks, Q&As) used to filter the whole
article list inside the template, on every one of the site's pages: quadratic in the number of
articles. `SITE_LISTS` in the template context holds them ready, in the order the templates show.

Pelican's own tag, category and author pages ask, for every article of the site, whether it is in
the page's list (`[a for a in dates if a in articles]`): a linear search per article, so quadratic.
The lists become `Members`, which answer `in` from a set; author lists, for pages this site does not
write (AUTHOR_SAVE_AS is empty), are dropped before Pelican walks them.

Pelican also formats an article's URL from its settings each time a template asks for it (a page
asks for dozens: sidebar, neighbours, related teasers); once the lifecycle has settled every
article's status, the URL is fixed with Pelican's own `override_url` attribute. (Not the file name:
Pelican treats an article with `override_save_as` as allowed to overwrite another page's file.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pelican import signals

from pipeline.site.frontpage import FrontPage, front_page
from pipeline.site.visibility import is_listed

LATEST = 6  # the sidebar's newest articles


@dataclass
class SiteLists:
    latest: list[Any] = field(default_factory=list)
    front: FrontPage = field(default_factory=FrontPage)  # the home page: pipeline/site/frontpage.py

    @cached_property
    def latest_urls(self) -> frozenset[str]:
        """The sidebar leaves a page's own article out of the newest list: its cached copy depends on that.

        Read while pages are written, after `freeze_urls` has fixed every article's URL.
        """
        return frozenset(str(a.url) for a in self.latest)


def site_lists(articles: list[Any], config: Any = None, tags: dict[Any, Any] | None = None) -> SiteLists:
    """`articles` newest first, as Pelican orders them; withdrawn ones are never shown."""
    latest = [a for a in articles if is_listed(a)][:LATEST]
    return SiteLists(latest=latest, front=front_page(articles, config, tags))


class Members(list):  # type: ignore[type-arg]
    """A list of articles that answers `in` in constant time (it is not changed after the build's start)."""

    def __init__(self, items: list[Any]) -> None:
        super().__init__(items)
        self._ids = {id(item) for item in items}

    def __contains__(self, item: object) -> bool:
        return id(item) in self._ids


def attach_site_lists(generator: Any) -> None:
    generator.context["SITE_LISTS"] = site_lists(generator.articles, generator.settings.get("EDITORIAL"),
                                                 generator.tags)
    for tag, tagged in list(generator.tags.items()):
        generator.tags[tag] = Members(tagged)
    generator.categories = [(category, Members(members)) for category, members in generator.categories]
    if not generator.settings.get("AUTHOR_SAVE_AS"):
        generator.authors = []


def freeze_urls(generators: list[Any]) -> None:
    for generator in generators:
        for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                     "drafts_translations", "pages", "hidden_pages", "draft_pages"):
            for content in getattr(generator, name, None) or []:
                if not hasattr(content, "override_url"):
                    content.override_url = content.url


def register() -> None:
    signals.article_generator_finalized.connect(attach_site_lists)
    signals.all_generators_finalized.connect(freeze_urls)
