"""`make devserver`: the site served on localhost and rebuilt as soon as an editor saves a file.

`pelican -lr` rebuilt everything from scratch on each change and ignored a file saved while it was
rebuilding. This preview keeps one process: the parsed articles stay in memory (the parse cache of
pipeline/site/reader.py) and the incremental writer renders only the pages an edit touches.

An edit to an article's body (its front matter unchanged, so no listing, teaser or link changes)
takes a shorter path: the file is read again, the article's text is replaced in the site kept in
memory, and only the output step runs (the incremental writer renders the pages whose fingerprint
changed). Any other change (front matter, a new or deleted file, the theme, the settings) rebuilds
the whole site in the same process.

No edit is ever missed: the watcher (pipeline/site/watcher.py: inotify through watchdog, a full
scan every few seconds behind it, polling where inotify is unavailable) compares the sources'
(modification time, size) with a snapshot updated *before* each build starts, so a file saved
during a build differs from that snapshot and starts the next build as soon as the current one ends.

    python -m pipeline.site.preview [--port 8000] [--settings pelicanconf.py] [--once | --no-serve]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.settings import read_settings

from pipeline.site import fragments, qa, reader
from pipeline.site.watcher import ChangeWatcher
from pipeline.site.writer import IncrementalWriter

log = logging.getLogger("pipeline.site.preview")

ROOT = Path(__file__).resolve().parents[2]
# The last full build's Pelican object and generators (signals give them to us).
_last: dict[str, Any] = {}
# Front-matter keys that may differ between two versions of an article whose body alone changed.
_BODY_ONLY = {"source_digest"}


def _remember_generators(generators: list[Any]) -> None:
    _last["generators"] = generators


def _remember_pelican(pelican: Any) -> None:
    _last["pelican"] = pelican


def _forget_rendered(item: Any) -> None:
    """Pelican memoises an article's HTML per object (class-wide): drop this article's entries."""
    for name in ("get_content", "get_summary"):
        cache = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(cache, dict):
            for key in [k for k in cache if k and k[0] is item]:
                del cache[key]


def _clear_rendered() -> None:
    for name in ("get_content", "get_summary"):
        cache = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(cache, dict):
            cache.clear()


def _front(item: Any) -> dict:
    return {k: v for k, v in item.metadata.items() if k not in _BODY_ONLY}


class Preview:
    """One process that rebuilds the site in place whenever a watched file changes."""

    def __init__(self, settings_file: Path, overrides: dict | None = None) -> None:
        self.settings_file = settings_file
        self.overrides = dict(overrides or {})
        self.builds = 0
        self.body_only_builds = 0
        self.last_rendered = 0  # pages the last body-only rebuild rendered
        self.last_seconds = 0.0
        settings = self._settings()
        self.output = Path(settings["OUTPUT_PATH"])
        self.watched = [Path(settings["PATH"]), Path(settings["THEME"]), settings_file.resolve(),
                        Path(os.environ.get("BANTIN_CONFIG", ROOT / "editorial.yml"))]

    def _settings(self) -> dict:
        # Read again on every build: pelicanconf.py and editorial.yml may have been edited.
        return read_settings(str(self.settings_file), override=self.overrides)

    def build(self, changes: list[str] | None = None) -> float:
        started = time.perf_counter()
        reader.SAVE_ON_FINALIZE = False
        try:
            if changes and self._body_edits(changes):
                self.body_only_builds += 1
            else:
                _last.clear()
                _clear_rendered()  # the previous build's articles would otherwise stay in memory
                Pelican(self._settings()).run()
        except Exception:  # a broken edit must not stop the preview: say so and wait for the fix
            _last.clear()
            log.exception("Lỗi khi dựng lại trang xem trước; sửa tệp rồi lưu lại để dựng tiếp.")
        finally:
            reader.SAVE_ON_FINALIZE = True
        self.builds += 1
        self.last_seconds = time.perf_counter() - started
        return self.last_seconds

    def _body_edits(self, changes: list[str]) -> bool:
        """Apply edits that change only articles' bodies to the site in memory; False: rebuild all."""
        generators, pelican = _last.get("generators"), _last.get("pelican")
        if not generators or pelican is None:
            return False
        articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
        known = {os.path.realpath(a.source_path): a
                 for a in chain(articles.articles, articles.hidden_articles, articles.drafts)}
        updated = []
        for path in changes:
            old = known.get(os.path.realpath(path))
            if old is None or not path.endswith(".md") or not os.path.isfile(path):
                return False
            new = articles.readers.read_file(
                base_path=articles.path, path=os.path.relpath(os.path.realpath(path), os.path.realpath(articles.path)),
                content_class=Article, context=articles.context,
                preread_signal=signals.article_generator_preread, preread_sender=articles,
                context_signal=signals.article_generator_context, context_sender=articles)
            if "summary" not in old.metadata or _front(old) != _front(new) or old.status != new.status:
                return False  # a teaser, listing or link may show the change
            updated.append((old, new))
        for old, new in updated:
            old._content = new._content
            old.source_digest = old.metadata["source_digest"] = new.metadata.get("source_digest")
            _forget_rendered(old)
        written = {id(a) for a in chain(articles.articles, articles.hidden_articles)}
        if all(id(old) in written and not old.translations for old, _ in updated):
            self._write_bodies(articles, generators, [old for old, _ in updated])
            return True
        signals.get_generators.send(pelican)  # the sitemap plugin starts a new round here
        writer = IncrementalWriter(articles.output_path, articles.settings)
        for generator in generators:
            if isinstance(generator, (ArticlesGenerator, PagesGenerator)):
                generator.generate_output(writer)
        signals.finalized.send(pelican)
        self.last_rendered = writer.rendered
        return True

    def _write_bodies(self, articles: Any, generators: list[Any], edited: list[Any]) -> None:
        """Write only what shows an article's body: its own page, the feeds and the static pages.

        A body edit changes no title, summary, date or link, so listings, teasers, neighbours and the
        sitemap stay as they are; walking the whole site (fingerprinting every page, 10,000 articles
        and their listings) to find that out took seconds. The Atom feeds carry whole bodies, the Q&A
        index quotes the Q&As' questions and answers (pipeline/site/qa.py), and static pages are few.
        Pages not written keep their entry in the writer's manifest.
        """
        fragments.clear()
        writer = IncrementalWriter(articles.output_path, articles.settings, partial=True)
        for article in edited:  # as Pelican's ArticlesGenerator.generate_articles writes one
            signals.article_generator_write_article.send(articles, content=article)
            writer.write_file(article.save_as, articles.get_template(article.template), articles.context,
                              article=article, category=getattr(article, "category", None),
                              override_output=hasattr(article, "override_save_as"), url=article.url, blog=True,
                              relative_urls=articles.settings["RELATIVE_URLS"])
        articles.generate_feeds(writer)
        qa.write_qa_index(articles, writer)
        for generator in generators:
            if isinstance(generator, PagesGenerator):
                generator.generate_output(writer)
        writer.finish_partial()
        self.last_rendered = writer.rendered

    def watch(self, stop: threading.Event, on_build: Callable[[list[str], float], None] | None = None) -> None:
        """Build, then rebuild after every change until `stop` is set."""
        watcher = ChangeWatcher(self.watched)
        watcher.start()  # its snapshot is taken before the build: an edit saved during it shows up next
        try:
            log.warning("Trang đã dựng xong trong %.2f giây; đang chờ thay đổi.", self.build())
            while not stop.is_set():
                changes = watcher.wait(stop)
                if not changes:
                    continue
                seconds = self.build(changes)
                log.warning("Đã dựng lại sau khi %d tệp thay đổi (%s) trong %.2f giây.", len(changes),
                            ", ".join(Path(p).name for p in changes[:3]), seconds)
                if on_build is not None:
                    on_build(changes, seconds)
        finally:
            watcher.stop()


def serve(output: Path, port: int) -> http.server.ThreadingHTTPServer:
    output.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


signals.all_generators_finalized.connect(_remember_generators)
signals.finalized.connect(_remember_pelican)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Xem trước trang: dựng lại ngay khi một tệp được lưu.")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--once", action="store_true", help="dựng một lần rồi thoát")
    parser.add_argument("--no-serve", action="store_true", help="chỉ dựng lại khi có thay đổi, không mở máy chủ xem")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    preview = Preview(args.settings)
    if args.once:
        preview.build()
        return 0
    server = None if args.no_serve else serve(preview.output, args.port)
    if server is not None:
        print(f"Xem trang tại http://localhost:{args.port}/ — lưu một tệp là trang được dựng lại; Ctrl+C để dừng.")
    stop = threading.Event()
    try:
        preview.watch(stop)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if server is not None:
            server.shutdown()
        reader.save_caches(force=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
