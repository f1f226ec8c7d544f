#!/usr/bin/env python3
"""Benchmark: the site search (Pagefind) against Material's lunr search on the same pages.

For each N, in this one run:
  pagefind  the project with N synthetic entries as it is (hooks; Pagefind indexes after the build)
  lunr      the same project and pages with Material's search plugin and its own header search
            (Pagefind still runs in that build: its time is measured separately and subtracted)
and reports
  - index s: Pagefind's indexing (search.index_site, run again on the built site) and, for
    lunr, the build time it adds (lunr build − Pagefind build + Pagefind indexing; noisy);
  - share: indexing / whole build (goal at 5,000 entries: ≤ 20 %);
  - first query KB: what the browser downloads for the search from opening a page to the
    first results (gzip for text files, as any web server does; goal ≤ 150 KB);
  - results ms: from the last keystroke to the first result on screen, in headless Chromium,
    typing right after the page has loaded (goal ≤ 300 ms).

    .venv/bin/python scripts/bench_search.py [--sizes 1000 5000] [--query Beratung]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_build import our_project, timed_build  # noqa: E402

from stadtkarte.catalogue import load_catalogue  # noqa: E402
from stadtkarte.publish import PublishOptions, publish  # noqa: E402
from stadtkarte.search import index_site  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
COMPRESS = {".js", ".json", ".css", ".html", ".svg", ".txt"}
#: the requests that belong to each search (the page itself is not counted)
SEARCH_FILES = {"pagefind": ("/pagefind/", "/suche/", "/assets/stadtkarte/suche.js"),
                "lunr": ("/search/search_index.json", "/assets/javascripts/workers/", "/assets/javascripts/lunr/")}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip for text types when the browser accepts it (like a web server)."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESS or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(root: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def lunr_project(ours: Path, target: Path) -> Path:
    """The same project with Material's search plugin and header search instead of ours."""
    shutil.copytree(ours, target, ignore=shutil.ignore_patterns("site"))
    (target / "src/stadtkarte/theme/partials/header.html").unlink()  # Material's header: its search box
    config = (target / "mkdocs.yml").read_text("utf-8")
    config = config.replace("plugins: []\n", "plugins:\n  - search:\n      lang: de\n")
    config = config.replace("  features:\n", "  features:\n    - search.suggest\n")
    (target / "mkdocs.yml").write_text(config, "utf-8")
    return target


# in-page: the time from the last keystroke to the first result (a MutationObserver)
WATCH = """(selector) => {
  window.__bench = {last: 0, shown: 0};
  document.addEventListener('input', () => { window.__bench.last = performance.now(); window.__bench.shown = 0; }, true);
  new MutationObserver(() => {
    if (!window.__bench.shown && document.querySelector(selector)) window.__bench.shown = performance.now();
  }).observe(document.body, {childList: true, subtree: true});
}"""
SETUPS = {
    "pagefind": {"input": "#sk-header-search", "result": ".sk-header-search__results li a"},
    "lunr": {"input": ".md-search__input", "result": ".md-search-result__item"},
}


def first_query(page, url: str, kind: str, query: str) -> tuple[float, float]:  # noqa: ANN001
    """KB transferred for the search and ms from the last keystroke to the first result."""
    setup = SETUPS[kind]
    sizes: list[int] = []

    def finished(request) -> None:  # noqa: ANN001
        if any(part in request.url for part in SEARCH_FILES[kind]):
            size = request.sizes()
            sizes.append(size["responseBodySize"] + size["responseHeadersSize"])

    page.on("requestfinished", finished)
    page.goto(url + "impressum/", wait_until="load")
    page.evaluate(WATCH, setup["result"])
    page.click(setup["input"])
    page.keyboard.type(query, delay=40)
    page.wait_for_function("window.__bench.shown > 0", timeout=60_000)
    elapsed = page.evaluate("window.__bench.shown - window.__bench.last")
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", finished)
    return sum(sizes) / 1024, elapsed


def measure_browser(site: Path, kind: str, query: str, repeat: int) -> tuple[float, float]:
    from playwright.sync_api import sync_playwright

    url, server = serve(site)
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
            results = []
            for _ in range(repeat):  # a fresh profile each time: nothing cached
                shutil.rmtree(profile, ignore_errors=True)
                context = playwright.chromium.launch_persistent_context(
                    profile, executable_path=CHROMIUM, headless=True, args=ARGS, locale="de-DE")
                context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
                results.append(first_query(context.new_page(), url, kind, query))
                context.close()
    finally:
        server.shutdown()
    return min(r[0] for r in results), min(r[1] for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--query", default="Beratung")
    parser.add_argument("--repeat", type=int, default=3, help="browser runs per variant; the best counts")
    args = parser.parse_args()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}; "
          f"query {args.query!r}")
    print(" | ".join(("entries", "build s pagefind / lunr", "index s pagefind / lunr", "index share pagefind / lunr",
                      "first query KB pagefind / lunr", "results ms pagefind / lunr")))
    with tempfile.TemporaryDirectory() as tmp:
        for entries in args.sizes:
            ours = our_project(Path(tmp) / f"ours-{entries}", entries)
            lunr = lunr_project(ours, Path(tmp) / f"lunr-{entries}")
            ours_build, _ = timed_build(ours)
            lunr_build, _ = timed_build(lunr)
            catalogue, _ = load_catalogue(ours / "data")
            view = publish(catalogue, PublishOptions(today=date.today()))
            started = time.perf_counter()
            index_site(ours / "site", view)
            pagefind_index = time.perf_counter() - started
            lunr_index = max(0.0, lunr_build - ours_build)
            lunr_only = lunr_build - pagefind_index  # the lunr build without Pagefind
            ours_kb, ours_ms = measure_browser(ours / "site", "pagefind", args.query, args.repeat)
            lunr_kb, lunr_ms = measure_browser(lunr / "site", "lunr", args.query, args.repeat)
            row = (entries, f"{ours_build:.1f} / {lunr_only:.1f}", f"{pagefind_index:.1f} / ≈{lunr_index:.1f}",
                   f"{pagefind_index / ours_build:.0%} / ≈{lunr_index / max(lunr_only, 0.001):.0%}",
                   f"{ours_kb:.0f} / {lunr_kb:.0f}", f"{ours_ms:.0f} / {lunr_ms:.0f}")
            print(" | ".join(str(v) for v in row), flush=True)
            shutil.rmtree(ours)
            shutil.rmtree(lunr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
