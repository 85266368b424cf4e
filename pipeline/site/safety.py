"""Every article and page passes through the one sanitiser (pipeline.content.sanitize) before any template,
feed or JSON-LD reads it.

The body is Markdown output (pelicanconf.py sets which extensions); the summary is plain contributor
text (pelicanconf.py leaves FORMATTED_FIELDS empty, so Markdown never sees it) made into paragraphs
here. Both are then cleaned against the allow-list, so a `<script>` typed into a Word table, a
meta.yml or a hand-edited article is shown as text or removed, never run.
"""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.contents import Content

from pipeline.content.sanitize import clean_html, text_to_html

# Bodies the reader has cleaned already (its parse cache keeps the cleaned HTML, so an unchanged
# article is not cleaned again on every build). Known by identity, and holding the string itself so
# its id is never reused: nothing a contributor writes can mark a body as clean.
_cleaned: dict[int, str] = {}


def cleaned_by_reader(body: str) -> str:
    """`body` (or a summary), which the reader made with clean_html (summary_html), passed through as it is."""
    _cleaned[id(body)] = body
    return body


def _as_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "\n\n".join(str(v) for v in value if v is not None)
    return "" if value is None else str(value)


def summary_html(summary: Any) -> str:
    """The summary, contributor text, as cleaned HTML paragraphs."""
    return text_to_html(_as_text(summary))


def sanitize_content(content: Any) -> None:
    """content_object_init: clean the body and turn the summary text into cleaned HTML."""
    if not isinstance(content, Content):
        return
    body = getattr(content, "_content", "") or ""
    if _cleaned.pop(id(body), None) is not body:
        body = clean_html(body)
    content._content = body
    if "summary" in content.metadata:
        summary = content.metadata["summary"]
        if _cleaned.pop(id(summary), None) is not summary:
            summary = summary_html(summary)
        content.metadata["summary"] = summary
        content._summary = summary


def forget(_sender: Any = None) -> None:
    _cleaned.clear()


def register() -> None:
    signals.content_object_init.connect(sanitize_content)
    signals.finalized.connect(forget)
