"""`pipeline search-index` and `pipeline audit`: steps run on a site Pelican has built."""

from __future__ import annotations

import os
from pathlib import Path

import click

from pipeline.site.audit import CATEGORIES, NAMES, AuditError
from pipeline.site.audit import audit as run_audit


def _default_output() -> Path:
    return Path(os.environ.get("BANTIN_OUTPUT") or "output")


@click.command("search-index")
@click.argument("site", required=False, type=click.Path(path_type=Path), metavar="[THƯ_MỤC]")
def search_index(site: Path | None) -> None:
    """Lập chỉ mục tìm kiếm (Pagefind) cho trang đã dựng.

    Chạy sau khi Pelican dựng trang (make html, make publish đã gọi sẵn). Chỉ bài viết và trang
    tĩnh được đưa vào chỉ mục; trang danh sách, trang 404 và bài đã gỡ thì không. Không ghi
    THƯ_MỤC thì dùng biến môi trường BANTIN_OUTPUT, hoặc output. Mã thoát 1 khi không lập được.

    Ví dụ: pipeline search-index output
    """
    from pipeline.site.search import build_search_index

    outcome = build_search_index(site or _default_output())
    click.echo(outcome.message, err=not outcome.ok)
    if not outcome.ok:
        raise SystemExit(1)


@click.command("audit")
@click.option("--site", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Trang đã dựng (mặc định: BANTIN_OUTPUT hoặc output).")
@click.option("--port", type=int, default=8765, metavar="CỔNG", show_default=True, help="Cổng phục vụ trang trên 127.0.0.1.")
@click.option("--lighthouse", default="build/lighthouse/node_modules/.bin/lighthouse", show_default=True,
              metavar="LỆNH",
              help="Lệnh Lighthouse (make audit cài vào build/lighthouse).")
@click.option("--chrome", default="/usr/bin/chromium", show_default=True, metavar="LỆNH", help="Trình duyệt Chromium.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("build/audit"), show_default=True,
              metavar="THƯ_MỤC",
              help="Thư mục ghi báo cáo đầy đủ lighthouse-*.json.")
@click.option("--min", "minimum", type=int, default=95, show_default=True, metavar="ĐIỂM",
              help="Điểm tối thiểu của mỗi hạng mục; thấp hơn thì mã thoát 1.")
def audit(site: Path | None, port: int, lighthouse: str, chrome: str, out: Path, minimum: int) -> None:
    """Chấm điểm Lighthouse trang chủ và bài viết mới nhất của trang đã dựng.

    Phục vụ trang trên 127.0.0.1, chạy Lighthouse (di động, 4G chậm mô phỏng) và in bốn điểm:
    hiệu năng, trợ năng, thực hành tốt, SEO. Mã thoát 1 khi có điểm dưới --min.
    'make audit' dựng trang mẫu như trang chính thức, cài Lighthouse rồi gọi lệnh này.

    Ví dụ: pipeline audit --site build/audit/site
    """
    try:
        results = run_audit(site or _default_output(), port, lighthouse, chrome, out)
    except AuditError as exc:
        raise click.ClickException(str(exc)) from None
    width = max(len(page) for page in results)
    click.echo(f"{'Trang':<{width}}  " + "  ".join(f"{NAMES[c]:>13}" for c in CATEGORIES))
    for page, scores in results.items():
        click.echo(f"{page:<{width}}  " + "  ".join(f"{scores[c]:>13}" for c in CATEGORIES))
    low = [(p, c, s) for p, scores in results.items() for c, s in scores.items() if s < minimum]
    for page, category, score in low:
        click.echo(f"Chưa đạt: {page} — {NAMES[category]} {score} < {minimum}", err=True)
    click.echo(f"Báo cáo đầy đủ: {out}/lighthouse-*.json")
    if low:
        raise SystemExit(1)
