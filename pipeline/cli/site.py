"""`pipeline search-index` and `pipeline audit`: steps run on a site Pelican has built."""

from __future__ import annotations

import os
from pathlib import Path

import click

from pipeline.site.audit import CATEGORIES, EXEMPT, NAMES, AuditError, conformance, page_name
from pipeline.site.audit import audit as run_audit
from pipeline.site.conformance import ConformanceError


def _default_output() -> Path:
    return Path(os.environ.get("BANTIN_OUTPUT") or "output")


@click.command("search-index")
@click.argument("site", required=False, type=click.Path(path_type=Path), metavar="[THƯ_MỤC]")
def search_index(site: Path | None) -> None:
    """Lập chỉ mục tìm kiếm cho trang đã dựng.

    Chạy sau khi Pelican dựng trang (make publish, make ci-build, make demo đã gọi sẵn). Chỉ bài
    viết và trang tĩnh được đưa vào chỉ mục; trang danh sách, trang 404 và bài đã gỡ thì không.
    Không ghi THƯ_MỤC thì dùng biến môi trường BANTIN_OUTPUT, hoặc output. Mã thoát 1 khi không
    lập được.

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
@click.option("--axe", type=click.Path(path_type=Path), default=None, metavar="TỆP",
              help="axe-core (axe.min.js, make audit-tools): kiểm tra trợ năng mỗi loại trang trong Chromium.")
@click.option("--vnu", type=click.Path(path_type=Path), default=None, metavar="TỆP",
              help="Nu HTML Checker (vnu.jar, make audit-tools): kiểm tra HTML mỗi loại trang.")
@click.option("--no-lighthouse", is_flag=True, help="Bỏ Lighthouse, chỉ chạy --axe/--vnu.")
def audit(site: Path | None, port: int, lighthouse: str, chrome: str, out: Path, minimum: int,
          axe: Path | None, vnu: Path | None, no_lighthouse: bool) -> None:
    """Chấm điểm Lighthouse mỗi loại trang chính của trang đã dựng; kiểm tra trợ năng (axe) và HTML (vnu).

    Phục vụ trang trên 127.0.0.1, chạy Lighthouse (di động, 4G chậm mô phỏng) trên trang chủ, bài
    mới nhất, trang lĩnh vực của bài, trang Hỏi đáp và trang tìm kiếm có kết quả, in bốn điểm:
    hiệu năng, trợ năng, thực hành tốt, SEO (trang tìm kiếm không tính SEO: trang đó có noindex).
    Với --axe và --vnu, kiểm tra thêm một trang mỗi loại bằng axe-core và Nu HTML Checker.
    Mã thoát 1 khi có điểm dưới --min, lỗi trợ năng hay lỗi HTML.
    'make audit' dựng trang mẫu như trang chính thức, cài công cụ rồi gọi lệnh này.

    Ví dụ: pipeline audit --site build/audit/site
    """
    folder = site or _default_output()
    failed = False
    if not no_lighthouse:
        try:
            results = run_audit(folder, port, lighthouse, chrome, out)
        except AuditError as exc:
            raise click.ClickException(str(exc)) from None
        width = max(len(page) for page in results)
        click.echo(f"{'Trang':<{width}}  " + "  ".join(f"{NAMES[c]:>13}" for c in CATEGORIES))
        for page, scores in results.items():
            click.echo(f"{page:<{width}}  " + "  ".join(f"{scores[c]:>13}" for c in CATEGORIES))
        low = [(p, c, s) for p, scores in results.items() for c, s in scores.items()
               if s < minimum and (page_name(p), c) not in EXEMPT]
        for page, category, score in low:
            click.echo(f"Chưa đạt: {page} — {NAMES[category]} {score} < {minimum}", err=True)
        if any(page_name(p) == name for p in results for name, _ in EXEMPT):
            click.echo("Trang tìm kiếm không tính SEO: trang đó có noindex, không cho công cụ tìm kiếm lập chỉ mục.")
        click.echo(f"Báo cáo đầy đủ: {out}/lighthouse-*.json")
        failed = bool(low)
    if axe is not None or vnu is not None:
        try:
            found = conformance(folder, port, axe, vnu, chrome)
        except (AuditError, ConformanceError) as exc:
            raise click.ClickException(str(exc)) from None
        labels = {"axe": "Lỗi trợ năng (axe-core)", "vnu": "Lỗi HTML (Nu HTML Checker)"}
        for tool, pages in found.items():
            total = sum(len(f) for f in pages.values())
            click.echo(f"{labels[tool]}: {total} trên {len(pages)} trang ({', '.join(pages)}).")
            for page, findings in pages.items():
                for finding in findings:
                    click.echo(f"  {page}: {finding.rule} — {finding.message} [{finding.where}]", err=True)
            failed = failed or total > 0
    if failed:
        raise SystemExit(1)
