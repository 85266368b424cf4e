"""Loại tin, đơn vị, lĩnh vực và biên tập viên là những mã có trong editorial.yml.

Vì sao: phân công biên tập, chuyên mục trên trang và báo cáo định mức đều dựa vào các mã này; một tên gõ tay ("Công đoàn Giáo dục") thay cho mã ("cd-giao-duc") làm bài lạc khỏi chuyên mục và không đến đúng người duyệt.

Ví dụ: Đơn vị 'LĐLĐ huyện Ba Tri' không phải mã đơn vị trong editorial.yml; hãy dùng mã 'ldld-ba-tri'.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.core.messages import Level
from pipeline.core.text import fold

CODE = "BT104"
NAME = "known-values"
SEVERITY = Level.ERROR
SCOPE = "article"


def _choices(slugs: list[str]) -> str:
    return ", ".join(slugs) if len(slugs) <= 6 else ", ".join(slugs[:6]) + ", …"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    config = ctx.config
    meta = doc.meta

    kind = meta.get("kind")
    if isinstance(kind, str) and kind.strip() and kind not in config.kinds:
        kind_found = config.find_kind(kind)
        hint = f"hãy dùng mã '{kind_found.slug}'" if kind_found else f"hãy dùng một trong: {_choices(list(config.kinds))}"
        yield Hit(f"Loại tin '{kind}' không phải mã loại tin trong editorial.yml; {hint}.", doc.key_line("kind"))

    unit = meta.get("unit")
    if isinstance(unit, str) and unit.strip() and unit not in config.units:
        unit_found = config.find_unit(unit)
        hint = (f"hãy dùng mã '{unit_found.slug}'" if unit_found else
                "hãy dùng mã đơn vị trong editorial.yml (mục units), hoặc 'unit: null' với bài của cộng tác viên")
        yield Hit(f"Đơn vị '{unit}' không phải mã đơn vị trong editorial.yml; {hint}.", doc.key_line("unit"))

    topic = meta.get("topic")
    if isinstance(topic, str) and topic.strip() and topic not in config.topics:
        topic_found = config.find_topic(topic)
        hint = f"hãy dùng mã '{topic_found.slug}'" if topic_found else f"hãy dùng một trong: {_choices(list(config.topics))}"
        yield Hit(f"Lĩnh vực '{topic}' không phải mã lĩnh vực trong editorial.yml; {hint}.", doc.key_line("topic"))

    editor = meta.get("editor")
    if isinstance(editor, str) and editor.strip() and editor not in config.editors:
        by_name = [e for e in config.editors.values() if fold(e.name) == fold(editor)]
        hint = (f"hãy dùng mã '{by_name[0].slug}'" if by_name else
                f"hãy dùng một trong: {_choices(list(config.editors))}")
        yield Hit(f"Biên tập viên '{editor}' không phải mã biên tập viên trong editorial.yml; {hint}.",
                  doc.key_line("editor"))
