"""Site build speed and memory, side by side with plain Pelican and Hugo (run by `make bench`).

For each size in BENCH_SIZES (default 1000,10000) on the synthetic corpus (bench/synth.py, the same
files for all three tools), with hyperfine (median of BENCH_RUNS, default 3) and /usr/bin/time
around each run for CPU seconds and peak RSS, and the load average before and after each series:

- clean build: bantin (`pelican -s pelicanconf.py`, empty output and cache), bantin with the search
  index (`pipeline search-index`, as `make publish`), plain Pelican (simple theme,
  pelican-yaml-metadata, its own content cache on) and Hugo (Debian's `hugo`, minimal layouts: article
  pages, paginated section and tag lists, feeds, sitemap);
- rebuild after one changed article (a sentence appended before each run): the same tools, each
  with what it keeps between builds;
- preview of one edit at the largest size: `python -m pipeline.site.preview` against
  `hugo server --renderToDisk`: seconds from saving an article to its page on disk showing the edit.

A scaling line (clean build CPU at BENCH_SCALING, default 1000,2000,5000,10000) shows how the cost
grows. When hugo or hyperfine is missing, the bench says so and measures what it can (without
hyperfine, with the same method: one process per run, median of the runs).

Writes build/bench/site.json and build/bench/site.md; `--docs` puts the Markdown table into
docs/benchmarks.md between its markers, so the documented figures are always measured ones.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
WORK = Path(os.environ.get("BENCH_DIR", ROOT / "build" / "bench"))
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000").split(",") if s.strip()]
SCALING = [int(s) for s in os.environ.get("BENCH_SCALING", "1000,2000,5000,10000").split(",") if s.strip()]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# Runs at 5,000 articles and more (a 10,000-article series takes long on a shared 2-core machine).
LARGE_RUNS = int(os.environ.get("BENCH_LARGE_RUNS", str(RUNS)))
PLAIN_MAX = int(os.environ.get("BENCH_PLAIN_MAX", "1000000"))  # largest size measured with plain Pelican
REUSE = os.environ.get("BENCH_REUSE") == "1"  # keep what an interrupted run already measured
PREVIEW = os.environ.get("BENCH_PREVIEW", "1") == "1"
# Which tools the size series measure (e.g. BENCH_TOOLS=hugo after a change to the Hugo layouts alone).
TOOLS = set(os.environ.get("BENCH_TOOLS", "bantin,pelican,hugo").split(","))
SEARCH = os.environ.get("BENCH_SEARCH", "1") == "1"  # 0: the search index is not measured (kept from earlier runs)
WRITE_DOCS = os.environ.get("BENCH_WRITE_DOCS", "1") == "1"  # 0: docs/benchmarks.md is left as it is
SERIES = os.environ.get("BENCH_SERIES", "1") == "1"  # 0: the preview alone
_save: Any = None
PREVIEW_EDITS = int(os.environ.get("BENCH_PREVIEW_EDITS", "3"))
PREVIEW_HUGO = os.environ.get("BENCH_PREVIEW_HUGO", "1") == "1"  # 0: the preview of bantin alone
NOW = "2026-11-01T08:00"
PORT = int(os.environ.get("BENCH_PORT", "8765"))  # the preview's port; hugo server gets the next one
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:site:begin -->", "<!-- bench:site:end -->"

PLAIN_PELICAN = """\
import os
PATH = os.environ["BANTIN_CONTENT"]
OUTPUT_PATH = os.environ["BANTIN_OUTPUT"]
CACHE_PATH = os.environ["BANTIN_CACHE"]
THEME = "simple"
SITENAME = "Plain Pelican"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
PLUGINS = ["pelican.plugins.yaml_metadata"]
ARTICLE_PATHS = {topics!r}
PAGE_PATHS = []  # the static pages use bantin's own templates
STATIC_PATHS = ["images"]
READERS = {{"rst": None}}
DEFAULT_PAGINATION = 12
RELATIVE_URLS = True
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "mtime"
STATIC_CHECK_IF_MODIFIED = True
"""

HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "vi"
title = "Hugo"
contentDir = "{content}"
staticDir = ["{content}/images"]
uglyURLs = true
paginate = 12
[taxonomies]
  tag = "tags"
  unit = "unit"
# Related articles from tags and topic (bantin also weighs the unit: see the single.html layout).
# Hugo's related engine scores every article that shares a keyword with the page, so one call costs
# the length of those postings: with 5 tags, each on 40% of the articles, calling it on every page is
# quadratic (503 CPU s at 10,000 against 4.65 at 1,000). bantin memoizes its ranking per feature set
# (tags, topic, unit); the layout does the same with partialCached, keyed by tags and topic. With the
# unit in the key there are over a thousand keys at 10,000, each call scanning half the site.
# Hugo's default indices also have a date index, under which every article of a year matches every
# other: not what bantin computes, so they are replaced.
[related]
  threshold = 1
  includeNewer = true
  [[related.indices]]
    name = "tags"
    weight = 100
  [[related.indices]]
    name = "topic"
    weight = 50
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
<aside>{{ partialCached "latest.html" . "latest" }}</aside>
</body></html>""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "02/01/2006" }}</p>
{{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}">{{ . }}</a> {{ end }}</p></article>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ $key := printf "%s|%v" (delimit (sort (.Params.tags | default slice)) ",") .Params.topic }}{{ $self := .Permalink }}
{{ $related := first 4 (where (partialCached "related.html" . $key) "Permalink" "!=" $self) }}{{ range $related }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ end }}""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ $paginator := .Paginate $pages.ByDate.Reverse }}{{ range $paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Date.Format "02/01/2006" }}</p><p>{{ .Params.summary | plainify | truncate 220 }}</p></article>{{ end }}
{{ if $paginator.HasNext }}<a href="{{ $paginator.Next.URL }}">Trang sau</a>{{ end }}{{ end }}""",
    # One ranking per (tags, topic), one extra for the page itself (Related leaves out the page it
    # is computed for, which is another page of the same key).
    "partials/related.html": """{{ return first 5 (.Site.RegularPages.Related .) }}""",
    # Computed once per build, as bantin's SITE_LISTS: a fair comparison.
    "partials/latest.html": """<h2>Tin mới nhất</h2><ol>{{ range first 6 .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}</li>{{ end }}</ol>""",
    "_default/terms.html": """{{ define "main" }}<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}""",
}


# --- corpora ------------------------------------------------------------------------------


def corpus(n: int) -> Path:
    """The synthetic site of n articles (made once, reused): WORK/corpus-n/content."""
    from bench.synth import make_site

    folder = WORK / f"corpus-{n}"
    marker = folder / "ready"
    if not marker.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        make_site(folder / "content", n)
        shutil.copytree(ROOT / "content" / "pages", folder / "content" / "pages")
        marker.write_text(str(n), encoding="utf-8")
    return folder / "content"


def articles_of(content: Path) -> list[Path]:
    return sorted(p for p in content.rglob("*.md") if "pages" not in p.relative_to(content).parts)


def touch_article(path: Path) -> None:
    """A real edit: one more sentence, different each time (so every rebuild has something to do)."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nBan Biên tập bổ sung lúc {time.time_ns()}.\n")


# --- measuring ------------------------------------------------------------------------------


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure(name: str, command: str, prepare: str | None, env: dict[str, str], runs: int | None = None) -> dict:
    """Median wall time (hyperfine), median CPU seconds and peak RSS (/usr/bin/time) of `command`."""
    if runs is None:
        size = int(re.findall(r"\d+", name)[-1])
        runs = LARGE_RUNS if size >= 5000 else RUNS
    WORK.mkdir(parents=True, exist_ok=True)
    times = WORK / "time.log"
    times.unlink(missing_ok=True)
    timed = f"/usr/bin/time -a -o {shlex.quote(str(times))} -f '%e %U %S %M' {command}"
    load_before = _load()
    walls: list[float] = []
    if shutil.which("hyperfine"):
        report = WORK / "hyperfine.json"
        args = ["hyperfine", "--runs", str(runs), "--export-json", str(report), "--command-name", name,
                "--style", "none"]
        if prepare:
            args += ["--prepare", prepare]
        subprocess.run([*args, timed], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        walls = json.loads(report.read_text())["results"][0]["times"]
        method = "hyperfine"
    else:
        for _ in range(runs):
            if prepare:
                subprocess.run(prepare, shell=True, check=True, env=env, cwd=ROOT)
            start = time.perf_counter()
            subprocess.run(timed, shell=True, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
            walls.append(time.perf_counter() - start)
        method = "subprocess"
    rows = [line.split() for line in times.read_text().splitlines() if re.match(r"^[\d.]+ [\d.]+ [\d.]+ \d+$", line)]
    cpu = [float(r[1]) + float(r[2]) for r in rows]
    rss = [int(r[3]) / 1024 for r in rows]
    result = {"name": name, "runs": len(walls), "method": method, "wall_s": round(statistics.median(walls), 2),
              "cpu_s": round(statistics.median(cpu), 2) if cpu else None,
              "peak_rss_mib": round(max(rss), 1) if rss else None, "load_before": load_before, "load_after": _load(),
              "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    print(f"  {name}: {result['wall_s']} s wall, {result['cpu_s']} s CPU, {result['peak_rss_mib']} MiB, "
          f"load {load_before[0]}→{result['load_after'][0]}", flush=True)
    return result


def bantin_env(content: Path, output: Path, cache: Path) -> dict[str, str]:
    return dict(os.environ, BANTIN_CONTENT=str(content), BANTIN_OUTPUT=str(output), BANTIN_CACHE=str(cache),
                BANTIN_NOW=NOW, PYTHONPATH=str(ROOT))


def _touch_command(path: Path) -> str:
    return f"{shlex.quote(PYTHON)} {shlex.quote(str(Path(__file__)))} --touch {shlex.quote(str(path))}"


def step(results: dict, key: str, run: Any) -> None:
    """Measure unless BENCH_REUSE=1 and an earlier run of this bench already has it; save at once."""
    if REUSE and key in results:
        print(f"  {key}: đã đo trước đó, giữ nguyên", flush=True)
        return
    results[key] = run()
    if _save is not None:
        _save()


def bench_size(n: int, hugo: bool, results: dict | None = None) -> dict:
    content = corpus(n)
    article = articles_of(content)[n // 2]
    base = WORK / f"run-{n}"
    results = {} if results is None else results
    pelican = f"{shlex.quote(PYTHON)} -m pelican --fatal errors -q"

    out, cache = base / "bantin", base / "bantin-cache"
    env = bantin_env(content, out, cache)
    clean = f"rm -rf {out} {cache}"
    build = f"{pelican} -s {ROOT / 'pelicanconf.py'}"
    if "bantin" in TOOLS:
        bantin_series(n, results, build, clean, env, out, article)

    out, cache = base / "plain", base / "plain-cache"
    settings = base / "plain_pelicanconf.py"
    settings.parent.mkdir(parents=True, exist_ok=True)
    from pipeline.core.config import load_config

    settings.write_text(PLAIN_PELICAN.format(topics=list(load_config(ROOT / "editorial.yml").topics)), encoding="utf-8")
    env = bantin_env(content, out, cache)
    plain = f"{pelican} -s {settings}"
    if n <= PLAIN_MAX and "pelican" in TOOLS:
        step(results, "pelican_clean", lambda: measure(f"plain Pelican clean {n}", plain, f"rm -rf {out} {cache}", env))
        step(results, "pelican_rebuild", lambda: measure(f"plain Pelican one change {n}", plain,
                                                         _touch_command(article), env))

    if hugo and "hugo" in TOOLS:
        site = hugo_site(content, base / "hugo")
        out = base / "hugo-out"
        command = f"hugo --quiet --source {site} --destination {out}"
        step(results, "hugo_clean", lambda: measure(f"Hugo clean {n}", command, f"rm -rf {out} {site / 'resources'}",
                                                    dict(os.environ)))
        step(results, "hugo_rebuild", lambda: measure(f"Hugo one change {n}", command, _touch_command(article),
                                                      dict(os.environ)))
    return results


def bantin_series(n: int, results: dict, build: str, clean: str, env: dict[str, str], out: Path,
                  article: Path) -> None:
    step(results, "bantin_clean", lambda: measure(f"bantin clean {n}", build, clean, env))
    # The search index over the clean build just made, as `make publish` runs it.
    search = f"{shlex.quote(PYTHON)} -m pipeline search-index {shlex.quote(str(out))}"
    if SEARCH:
        step(results, "bantin_search", lambda: measure(f"search index {n}", search, None, env))
    step(results, "bantin_rebuild", lambda: measure(f"bantin one change {n}", build, _touch_command(article), env))


def hugo_site(content: Path, site: Path) -> Path:
    site.mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG.format(content=content), encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    return site


# --- preview ------------------------------------------------------------------------------


def _first_line(process: subprocess.Popen, pattern: str, timeout: float) -> bool:
    found = threading.Event()

    def read() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            if re.search(pattern, line):
                found.set()
        found.set()

    threading.Thread(target=read, daemon=True).start()
    return found.wait(timeout) and process.poll() is None


def _edit_seconds(article: Path, page: Path, timeout: float = 600.0) -> float:
    token = f"Biên tập thử {time.time_ns()}"
    start = time.perf_counter()
    with article.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{token}.\n")
    while time.perf_counter() - start < timeout:
        try:
            if token in page.read_text(encoding="utf-8"):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"Trang xem trước không cập nhật sau {timeout:.0f} giây: {page}")


def bench_preview(n: int, hugo: bool, on_result: Any = None) -> dict:
    content = corpus(n)
    article = articles_of(content)[n // 3]
    slug = re.search(r"^slug: (.+)$", article.read_text(encoding="utf-8"), re.MULTILINE).group(1)  # type: ignore[union-attr]
    base = WORK / f"preview-{n}"
    shutil.rmtree(base, ignore_errors=True)
    results = {}
    # The preview starts from the output and cache the rebuild measurements left, as an editor's does.
    built = WORK / f"run-{n}"
    tools = [("bantin_preview", [PYTHON, "-u", "-m", "pipeline.site.preview", "--port", str(PORT)],
              bantin_env(content, built / "bantin", built / "bantin-cache"), built / "bantin", r"đã dựng xong")]
    if hugo:
        site = hugo_site(content, base / "hugo")
        tools.append(("hugo_server", ["hugo", "server", "--source", str(site), "--renderToDisk", "--destination",
                                      str(base / "hugo-out"), "--disableLiveReload", "--port", str(PORT + 1)],
                      dict(os.environ), base / "hugo-out", r"Web Server is available"))
    for key, command, env, output, ready in tools:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True)
        try:
            if not _first_line(process, ready, 3600):
                raise SystemExit(f"{command[0]} không khởi động được")
            page = _wait_for_page(output, slug)
            load_before = _load()
            seconds, cpu = [], []
            for _ in range(PREVIEW_EDITS):
                before = _cpu_seconds(process.pid)
                seconds.append(_edit_seconds(article, page))
                cpu.append(_cpu_seconds(process.pid) - before)
            results[key] = {"name": f"{key} {n}", "runs": len(seconds), "wall_s": round(statistics.median(seconds), 2),
                            "all_s": [round(s, 2) for s in seconds], "cpu_s": round(statistics.median(cpu), 2),
                            "load_before": load_before, "load_after": _load(),
                            "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
            print(f"  {key}: {results[key]['all_s']} s, {results[key]['cpu_s']} s CPU", flush=True)
            if on_result is not None:  # saved at once: the other tool's run may be stopped
                on_result(results)
        finally:
            process.terminate()
            process.wait(timeout=60)
    return results


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc), watcher polling included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_for_page(output: Path, slug: str, timeout: float = 3600) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [*output.rglob(f"{slug}.html"), *output.rglob(f"{slug}/index.html")]
        if found:
            time.sleep(1.0)  # let the first build finish writing
            return found[0]
        time.sleep(0.5)
    raise SystemExit(f"Không thấy trang của bài {slug} trong {output}")


# --- report ---------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str = "s") -> str:
    return "—" if value is None else f"{value:,.2f} {unit}".replace(",", " ")


def _ratio(a: dict | None, b: dict | None, key: str = "cpu_s") -> str:
    if not a or not b or not a.get(key) or not b.get(key):
        return "—"
    return f"{a[key] / b[key]:.2f}×"


def _sum(a: dict | None, b: dict | None) -> dict | None:
    if not a or not b:
        return None
    return {"cpu_s": round((a["cpu_s"] or 0) + (b["cpu_s"] or 0), 2), "wall_s": round(a["wall_s"] + b["wall_s"], 2),
            "peak_rss_mib": max(a["peak_rss_mib"] or 0, b["peak_rss_mib"] or 0), "load_before": a["load_before"],
            "runs": min(a["runs"], b["runs"])}


def _cell(result: dict | None) -> str:
    if not result:
        return "—"
    rss = f", {result['peak_rss_mib']:,.0f} MiB" if result.get("peak_rss_mib") else ""
    runs = f"; {result['runs']} run{'s' if result['runs'] != 1 else ''}" if result.get("runs", RUNS) != RUNS else ""
    when = f"; {result['measured'][11:16]}" if result.get("measured") else ""  # time of day, UTC
    return (f"{_fmt(result.get('cpu_s'))} CPU ({_fmt(result['wall_s'])} wall{rss}; load {result['load_before'][0]:g}"
            f"{runs}{when})")


def markdown(data: dict) -> str:
    days = sorted({r["measured"][:10] for rows in (*data["sizes"].values(), *data.get("preview", {}).values())
                   for r in rows.values() if isinstance(r, dict) and r.get("measured")} or {data["date"][:10]})
    intro = (f"Measured {', '.join(days)} (each cell ends with the UTC time its measurement finished; the table merges runs) "
             f"on {data['machine']} ({data['cpus']} cores, shared); {data['method']}, "
             f"median of {RUNS} runs unless a cell says otherwise; CPU = user + system seconds (/usr/bin/time), "
             "which the machine's load distorts far less than wall time; load = 1-minute load average when the "
             f"series started. Hugo: {data['hugo'] or 'not installed: bantin and plain Pelican only'}.")
    lines = [intro, ""]
    lines += ["| Work | Articles | bantin | plain Pelican | Hugo | bantin / Hugo (CPU) |", "|---|---:|---|---|---|---:|"]
    for n, res in sorted(data["sizes"].items(), key=lambda kv: int(kv[0])):
        count = f"{int(n):,}"
        lines.append(f"| clean build | {count} | {_cell(res.get('bantin_clean'))} | {_cell(res.get('pelican_clean'))} | "
                     f"{_cell(res.get('hugo_clean'))} | {_ratio(res.get('bantin_clean'), res.get('hugo_clean'))} |")
        combined = _sum(res.get("bantin_clean"), res.get("bantin_search"))
        lines.append(f"| search index alone | {count} | {_cell(res.get('bantin_search'))} | — | — | — |")
        lines.append(f"| clean build + search index (sum of the two rows above) | {count} | {_cell(combined)} | — | — | "
                     f"{_ratio(combined, res.get('hugo_clean'))} |")
        lines.append(f"| rebuild after one changed article | {count} | {_cell(res.get('bantin_rebuild'))} | "
                     f"{_cell(res.get('pelican_rebuild'))} | {_cell(res.get('hugo_rebuild'))} | "
                     f"{_ratio(res.get('bantin_rebuild'), res.get('hugo_rebuild'))} |")
    for n, res in data.get("preview", {}).items():
        bantin, hugo = res.get("bantin_preview"), res.get("hugo_server")
        cpu = f", {_fmt(bantin['cpu_s'])} CPU" if bantin and bantin.get("cpu_s") is not None else ""
        lines.append(f"| preview: save → page rewritten (wall) | {int(n):,} | "
                     f"{_fmt(bantin['wall_s']) if bantin else '—'} (load {bantin['load_before'][0]:g}{cpu}) | — | "
                     f"{_fmt(hugo['wall_s']) + ' (hugo server)' if hugo else '—'} | "
                     f"{_ratio(bantin, hugo, 'wall_s')} |")
    lines += ["", *targets(data)]
    scaling = data.get("scaling", {})
    if scaling:
        sizes = sorted(scaling, key=int)
        lines += ["", "Scaling of the clean bantin build (CPU seconds; growth against the smallest size):", "",
                  "| Articles | " + " | ".join(f"{int(n):,}" for n in sizes) + " |",
                  "|---|" + "---:|" * len(sizes),
                  "| CPU | " + " | ".join(_fmt(scaling[n]["cpu_s"]) for n in sizes) + " |",
                  "| growth | " + " | ".join(f"{scaling[n]['cpu_s'] / scaling[sizes[0]]['cpu_s']:.1f}× for "
                                            f"{int(n) / int(sizes[0]):g}× articles" for n in sizes) + " |"]
    return "\n".join(lines) + "\n"


def merged(files: list[Path]) -> dict:
    """Several bench runs (e.g. 1,000 and 10,000 measured separately) as one table."""
    data: dict = {}
    for path in files:
        part = json.loads(path.read_text(encoding="utf-8"))
        for key in ("sizes", "scaling", "preview"):
            for n, results in part.get(key, {}).items():
                if key == "scaling":
                    results = {"bantin_clean": results}
                for name, result in results.items():  # row by row: a later file replaces only what it measured
                    if isinstance(result, dict) and result.get("wall_s") is not None:
                        result.setdefault("measured", part.get("date"))
                        if key == "scaling":
                            data.setdefault(key, {})[n] = result
                        else:
                            data.setdefault(key, {}).setdefault(n, {})[name] = result
        data.update({k: v for k, v in part.items() if k not in ("sizes", "scaling", "preview")})
    data.setdefault("scaling", {})
    for n in {*data["scaling"], *data.get("sizes", {})}:  # the newest clean build of each size, in both places
        candidates = [r for r in (data["scaling"].get(n), data.get("sizes", {}).get(n, {}).get("bantin_clean")) if r]
        newest = max(candidates, key=lambda r: r["measured"])
        data["scaling"][n] = newest
        if n in data.get("sizes", {}):
            data["sizes"][n]["bantin_clean"] = newest
    return data


def targets(data: dict) -> list[str]:
    """The issue's targets (ratios against Hugo on the same machine), each with its verdict."""
    sizes = data.get("sizes", {})
    largest = max(sizes, key=int) if sizes else None
    res = sizes.get(largest, {}) if largest else {}
    hugo_clean, hugo_rebuild = res.get("hugo_clean"), res.get("hugo_rebuild")
    combined = _sum(res.get("bantin_clean"), res.get("bantin_search"))
    preview = data.get("preview", {}).get(largest or "", {}).get("bantin_preview")
    rows: list[tuple[str, float | None, float, str]] = []

    def ratio(a: dict | None, b: dict | None) -> float | None:
        return a["cpu_s"] / b["cpu_s"] if a and b and a.get("cpu_s") and b.get("cpu_s") else None

    rows.append(("clean build ÷ Hugo's (CPU)", ratio(res.get("bantin_clean"), hugo_clean), 1.0, "×"))
    rows.append(("clean build + search index ÷ Hugo's clean build (CPU)", ratio(combined, hugo_clean), 2.0, "×"))
    rows.append(("peak memory with the search index (MiB)", combined["peak_rss_mib"] if combined else None, 1536, " MiB"))
    rows.append(("rebuild after one change ÷ Hugo's rebuild (CPU)", ratio(res.get("bantin_rebuild"), hugo_rebuild), 0.3, "×"))
    rows.append(("preview of one edit (s, wall)", preview["wall_s"] if preview else None, 2.0, " s"))
    scaling = {**{n: r["bantin_clean"] for n, r in sizes.items() if "bantin_clean" in r}, **data.get("scaling", {})}
    if len(scaling) > 1:
        ordered = sorted(scaling, key=int)
        worst = max(scaling[b]["cpu_s"] / scaling[a]["cpu_s"] * int(a) / int(b) * 10
                    for a, b in itertools.pairwise(ordered))
        rows.append(("growth for a 10× corpus (worst step, scaled to 10×)", worst, 12.0, "×"))
    out = [f"Targets at {int(largest):,} articles (from issue 11):" if largest else "Targets:", "",
           "| Target | Measured | Limit | Met |", "|---|---:|---:|---|"]
    for label, value, limit, unit in rows:
        shown = "—" if value is None else f"{value:,.2f}{unit}"
        verdict = "—" if value is None else ("yes" if value <= limit else "no")
        out.append(f"| {label} | {shown} | ≤ {limit:g}{unit} | {verdict} |")
    return out


def write_docs(table: str) -> None:
    text = DOCS.read_text(encoding="utf-8") if DOCS.is_file() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOCS.write_text(text[:start] + "\n" + table + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo tốc độ dựng trang, so với Pelican thuần và Hugo.")
    parser.add_argument("--touch", type=Path, help="(dùng nội bộ) thêm một câu vào bài này rồi thoát")
    parser.add_argument("--docs", nargs="*", metavar="JSON",
                        help="chỉ chép bảng từ các tệp JSON (mặc định build/bench/site.json) vào docs/benchmarks.md")
    args = parser.parse_args(argv)
    if args.touch:
        touch_article(args.touch)
        return 0
    report_json = Path(os.environ.get("BENCH_JSON", WORK / "site.json"))
    report_md = report_json.with_suffix(".md")
    if args.docs is not None:
        write_docs(markdown(merged([Path(p) for p in args.docs] or [report_json])))
        return 0
    hugo = shutil.which("hugo")
    hugo_version = (subprocess.run(["hugo", "version"], capture_output=True, text=True, check=False).stdout.split(" ")[0:2]
                    if hugo else None)
    if not hugo:
        print("Không có hugo (Debian: apt-get install hugo): chỉ đo bantin và Pelican thuần.")
    if not shutil.which("hyperfine"):
        print("Không có hyperfine (Debian: apt-get install hyperfine): đo bằng cùng phương pháp, từng tiến trình một.")
    data: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": platform.machine(),
                  "cpus": os.cpu_count(), "method": "hyperfine" if shutil.which("hyperfine") else "subprocess",
                  "hugo": " ".join(hugo_version) if hugo_version else None, "sizes": {}, "scaling": {}, "preview": {}}
    if REUSE and report_json.is_file():
        earlier = json.loads(report_json.read_text(encoding="utf-8"))
        for key in ("sizes", "scaling", "preview"):
            data[key].update(earlier.get(key, {}))
    global _save
    report_json.parent.mkdir(parents=True, exist_ok=True)
    _save = lambda: report_json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    for n in SIZES if SERIES else []:
        print(f"{n} bài:", flush=True)
        data["sizes"][str(n)] = bench_size(n, bool(hugo), data["sizes"].setdefault(str(n), {}))
        _save()
    if SIZES and PREVIEW:
        print(f"Xem trước, {max(SIZES)} bài:", flush=True)
        def keep(results: dict) -> None:
            data["preview"][str(max(SIZES))] = dict(results)
            _save()

        data["preview"][str(max(SIZES))] = bench_preview(max(SIZES), bool(hugo) and PREVIEW_HUGO, keep)
        _save()
    for n in SCALING:
        known = data["sizes"].get(str(n), {}).get("bantin_clean")
        if known is None:
            content = corpus(n)
            out, cache = WORK / f"run-{n}" / "bantin", WORK / f"run-{n}" / "bantin-cache"
            known = measure(f"bantin clean {n}", f"{shlex.quote(PYTHON)} -m pelican --fatal errors -q -s "
                            f"{ROOT / 'pelicanconf.py'}", f"rm -rf {out} {cache}", bantin_env(content, out, cache))
        data["scaling"][str(n)] = known
        report_json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    table = markdown(data)
    report_md.write_text(table, encoding="utf-8")
    print("\n" + table)
    if WRITE_DOCS:
        write_docs(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
