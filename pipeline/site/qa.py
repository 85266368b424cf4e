"""Hỏi đáp pháp luật: an index of the legal Q&As grouped by theme and paged (/hoi-dap-phap-luat.html,
/hoi-dap-phap-luat/trang-2/ …); each question keeps its own page (its article URL).

A question's theme is its front matter's `theme:` (editors set it, e.g. "Bảo hiểm xã hội"); one
without is under OTHER_THEME. Themes come in Vietnamese order, OTHER_THEME last, questions newest
first within a theme, and the index is paged like every listing (QA_PER_PAGE). Each page opens with
the list of themes, each linking to the page and anchor where it starts.

The page `content/pages/hoi-dap-phap-luat.md` gives the title and the introduction; it is written
here, paged, instead of by Pelican's page generator.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.paginator import Paginator

from pipeline.content.sanitize import json_for_script
from pipeline.core.text import slugify
from pipeline.site.collation import vn_key
from pipeline.site.filters import absolute, as_datetime, plain, qa_parts
from pipeline.site.visibility import is_listed

INDEX_SLUG = "hoi-dap-phap-luat"
INDEX_TEMPLATE = "hoi-dap"
OTHER_THEME = "Câu hỏi khác"
DEFAULT_PER_PAGE = 20


@dataclass(frozen=True)
class Theme:
    name: str
    slug: str
    count: int
    url: str  # the index page where the theme starts, with its anchor


def theme_of(article: Any) -> str:
    theme = getattr(article, "theme", None)
    return theme.strip() if isinstance(theme, str) and theme.strip() else OTHER_THEME


def theme_slug(name: str) -> str:
    return "chu-de-" + (slugify(name) or "khac")


def _theme_order(name: str) -> tuple[bool, Any]:
    return (name == OTHER_THEME, vn_key(name))


def questions_by_theme(articles: list[Any]) -> list[Any]:
    """Listed Q&As: themes in Vietnamese order (OTHER_THEME last), newest first within a theme."""
    questions = sorted((a for a in articles if is_listed(a) and getattr(a, "kind", None) == "qa"),
                       key=lambda a: a.date, reverse=True)
    return sorted(questions, key=lambda a: _theme_order(theme_of(a)))  # stable: dates stay in order


def themes(questions: list[Any], paginator: Paginator) -> list[Theme]:
    out: list[Theme] = []
    for n, article in enumerate(questions):
        name = theme_of(article)
        if out and out[-1].name == name:
            out[-1] = Theme(name, out[-1].slug, out[-1].count + 1, out[-1].url)
            continue
        page = paginator.page(n // paginator.per_page + 1)
        out.append(Theme(name, theme_slug(name), 1, f"{page.url}#{theme_slug(name)}"))
    return out


def _index_page(generator: Any) -> Any:
    for page in getattr(generator, "pages", []):
        if getattr(page, "slug", None) == INDEX_SLUG:
            return page
    return None


def hold_back_index_page(generator: Any) -> None:
    """Pelican's page generator must not write the index: write_qa_index writes it, paged."""
    page = _index_page(generator)
    if page is not None:
        generator.context["QA_INDEX_PAGE"] = page
        page.qa_save_as = page.save_as
        page.override_save_as = ""


def write_qa_index(generator: Any, writer: Any) -> None:
    page = generator.context.get("QA_INDEX_PAGE")
    if page is None:
        return
    settings = generator.settings
    name, url = page.qa_save_as, page.url
    questions = questions_by_theme(generator.articles)
    per_page = settings.get("PAGINATED_TEMPLATES", {}).get(INDEX_TEMPLATE) or DEFAULT_PER_PAGE
    paginator = Paginator(name, url, questions, settings, per_page)
    writer.write_file(
        name, generator.get_template(page.template), generator.context,
        relative_urls=settings["RELATIVE_URLS"], url=url, page=page, articles=questions,
        qa_themes=themes(questions, paginator), template_name=INDEX_TEMPLATE, page_name=INDEX_SLUG,
    )


# --- structured data (schema.org), as search engines read questions and answers -----------------


def _question(article: Any, origin: str) -> dict[str, Any]:
    parts = qa_parts(article)
    published = as_datetime(getattr(article, "date", None))
    answer: dict[str, Any] = {"@type": "Answer", "text": plain(parts["answer"]),
                              "url": absolute(str(article.url), origin)}
    author = str(getattr(article, "author", "") or "")
    if author:
        answer["author"] = {"@type": "Person", "name": author}
    if published:
        answer["datePublished"] = published.isoformat()
    question: dict[str, Any] = {"@type": "Question", "name": str(article.title),
                                "text": plain(parts["question"]) or str(article.title),
                                "answerCount": 1, "acceptedAnswer": answer}
    if published:
        question["datePublished"] = published.isoformat()
    return question


def _script_json(data: dict[str, Any]) -> Markup:
    return Markup(json_for_script(json.dumps(data, ensure_ascii=False)))


def qa_page_jsonld(article: Any, origin: str) -> Markup:
    """One question's page: schema.org QAPage with the question and its accepted answer."""
    return _script_json({"@context": "https://schema.org", "@type": "QAPage", "inLanguage": "vi",
                         "mainEntity": _question(article, origin)})


def faq_page_jsonld(articles: list[Any], origin: str) -> Markup:
    """An index page: schema.org FAQPage with the questions it lists, each with its answer."""
    entities = [{k: v for k, v in _question(a, origin).items() if k in ("@type", "name", "acceptedAnswer")}
                for a in articles]
    return _script_json({"@context": "https://schema.org", "@type": "FAQPage", "inLanguage": "vi",
                         "mainEntity": entities})


def template_globals() -> dict[str, Any]:
    return {"qa_theme": theme_of, "qa_page_jsonld": qa_page_jsonld, "faq_page_jsonld": faq_page_jsonld}


def register() -> None:
    signals.page_generator_finalized.connect(hold_back_index_page)
    signals.article_writer_finalized.connect(write_qa_index)
