"""One self-contained HTML file: inline CSS and inline SVG charts, no script, no external request."""

from __future__ import annotations

from jinja2 import Environment

from pipeline.report.charts import CHARTS
from pipeline.report.model import Report
from pipeline.report.render_text import heading
from pipeline.report.tables import build_tables, display, summary

_TEMPLATE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{ title }}</title>
<style>
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --band: #f6f8fa;
        --under: #b93d00; --met: #00785a; --over: #005a9c; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 1.5rem 1rem 3rem; line-height: 1.5; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
.meta, .note { color: var(--muted); font-size: .9rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; list-style: none; font-size: .92rem; }
a { color: var(--over); }
.summary { background: var(--band); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1.25rem; }
.summary li { margin: .2rem 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td:first-child { min-width: 12rem; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
.status { display: inline-block; padding: 0 .5rem; border-radius: 999px; color: #fff; font-weight: 600; font-size: .85rem; }
.status-under { background: var(--under); } .status-met { background: var(--met); } .status-over { background: var(--over); }
figure { margin: 1rem 0; }
svg.chart { height: auto; max-width: 100%; display: block; }
.empty { color: var(--muted); font-style: italic; }
@media print { nav { display: none; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } body { max-width: none; } }
</style>
</head>
<body>
<header>
<h1>{{ title }}</h1>
<p class="meta">{{ site }} · lập lúc {{ generated }}{% if not public %} · tài liệu nội bộ của Ban Biên tập{% endif %}</p>
</header>
<nav aria-label="Mục lục"><ul>
<li><a href="#tom-tat">Tóm tắt</a></li>
{% for t in tables %}<li><a href="#{{ t.key }}">{{ t.short }}</a></li>
{% endfor %}</ul></nav>
<main>
<section id="tom-tat" class="summary" aria-labelledby="tom-tat-h">
<h2 id="tom-tat-h" style="border:0;margin-top:.5rem">Tóm tắt</h2>
<ul>{% for line in summary %}<li>{{ line }}</li>{% endfor %}</ul>
</section>
{% for t in tables %}
<section id="{{ t.key }}" aria-labelledby="{{ t.key }}-h">
<h2 id="{{ t.key }}-h">{{ t.title }}</h2>
{% if t.chart %}<figure>{{ t.chart | safe }}</figure>{% endif %}
{% if t.rows %}
<div class="scroll"><table>
<thead><tr>{% for c in t.columns %}<th scope="col"{% if c.numeric %} class="num"{% endif %}>{{ c.label }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in t.rows %}<tr>{% for cell in row %}{{ cell | safe }}{% endfor %}</tr>
{% endfor %}{% if t.total %}<tr class="total">{% for cell in t.total %}{{ cell | safe }}{% endfor %}</tr>{% endif %}
</tbody></table></div>
{% else %}<p class="empty">Không có.</p>{% endif %}
{% if t.note %}<p class="note">{{ t.note }}</p>{% endif %}
</section>
{% endfor %}
{% if notes %}<section id="ghi-chu"><h2>Ghi chú: các tệp không được tính</h2><ul>
{% for n in notes %}<li>{{ n }}</li>{% endfor %}</ul></section>{% endif %}
</main>
</body>
</html>
"""

_env = Environment(autoescape=True, trim_blocks=False, lstrip_blocks=False)
_SHORT = {
    "han-muc-ban": "Hạn mức các Ban", "don-vi": "Theo đơn vị", "dung-han": "Đúng hạn",
    "bien-tap-vien": "Biên tập viên", "cho-duyet": "Chờ duyệt", "linh-vuc": "Theo lĩnh vực",
    "loai-tin": "Theo loại tin", "bai-chuyen-sau": "Bài chuyên sâu", "xu-huong-12-thang": "Xu hướng 12 tháng",
}


def _td(value: object, kind: str, numeric: bool) -> str:
    from markupsafe import escape

    text = str(escape(display(value, kind)))
    if kind == "status" and value:
        text = f'<span class="status status-{escape(str(value))}">{text}</span>'
    return f'<td class="num">{text}</td>' if numeric else f"<td>{text}</td>"


def render(report: Report) -> str:
    tables = []
    for t in build_tables(report):
        draw = CHARTS.get(t.chart or "")
        tables.append({
            "key": t.key, "title": t.title, "short": _SHORT.get(t.key, t.title), "note": t.note,
            "columns": t.columns,
            "chart": draw(report) if draw else None,
            "rows": [[_td(v, c.kind, c.numeric) for v, c in zip(row, t.columns)] for row in t.rows],
            "total": [_td(v if v != "" else None, c.kind, c.numeric) if v not in ("", None) else "<td></td>"
                      for v, c in zip(t.total, t.columns)] if t.total else None,
        })
    return _env.from_string(_TEMPLATE).render(
        title=heading(report), site=report.site_name, public=report.public,
        generated=f"{report.generated_at:%d/%m/%Y %H:%M}", summary=summary(report),
        tables=tables, notes=report.notes,
    )


_NUM = ' class="num"'


def render_fragment(report: Report, level: int = 2) -> str:
    """The summary and tables only (no page, no charts): for embedding in a site page."""
    from markupsafe import escape

    parts = ["<ul class=\"report-summary\">", *(f"<li>{escape(line)}</li>" for line in summary(report)), "</ul>"]
    for t in build_tables(report):
        if not t.rows:
            continue
        parts.append(f'<h{level} id="{escape(t.key)}">{escape(t.title)}</h{level}>')
        parts.append('<div class="table-scroll"><table class="report-table"><thead><tr>')  # no style="": the CSP
        parts += [f'<th scope="col"{_NUM if c.numeric else ""}>{escape(c.label)}</th>' for c in t.columns]
        parts.append("</tr></thead><tbody>")
        for row in t.all_rows():
            cells = [_td(v if v != "" else None, c.kind, c.numeric) for v, c in zip(row, t.columns)]
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table></div>")
    return "\n".join(parts)
