#!/usr/bin/env python3
"""Benchmark: the map for N entries, ours vs naive folium (one Marker per entry in a MarkerCluster).

For each N, in this one run: Python time to generate, size of what the browser loads (document
+ data, uncompressed; ours: both data files, the second fetched after the first markers; shared
libraries and our script/style bundles not counted, like folium's libraries), and time from
navigation to the first marker or cluster on screen in headless Chromium (tiles blocked; --repeat
loads of each, alternating; the fastest counts, the ratio of the medians is printed too), then
the ratios. "First markers" is measured in the page (performance.now(), from the start of the
navigation): the frame in which the first marker or cluster is drawn, seen by a MutationObserver
set up before the page loads (Playwright's own wait_for_selector polls at growing intervals, up to
500 ms apart, which hid differences below that). "Usable" is the frame that first draws a marker
or cluster a visitor can click and a screen reader can name: our map first draws the first view's
bundles computed at build time as placeholders (`.sk-first`), then its real clusters; for naive
folium both times are the same.
Targets for 5,000 entries: document + data <= 1 MB, first markers <= 0.5 s, generation <= 1 s.

    .venv/bin/python scripts/bench_map.py [--sizes 1000 5000]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import folium
from folium.plugins import MarkerCluster

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from stadtkarte import maps  # noqa: E402
from stadtkarte.catalogue import load_catalogue  # noqa: E402
from stadtkarte.pages import Site, SiteOptions, assets  # noqa: E402
from stadtkarte.publish import publish  # noqa: E402
from stadtkarte.synthetic import write_synthetic  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def ours(site: Site, out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    data = maps.data_file(site)
    details = maps.details_file(site)  # fetched once the markers are drawn (popups, time filters)
    document = maps.map_document(site, maps.MapOptions(), root="../")
    elapsed = time.perf_counter() - start
    (out / "karte").mkdir(parents=True, exist_ok=True)
    (out / maps.DATA_FILE).write_text(data, "utf-8")
    (out / maps.DETAILS_FILE).write_text(details, "utf-8")
    (out / "karte" / "embed.html").write_text(document, "utf-8")
    for generated in assets():
        path = out / generated.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(generated.content if isinstance(generated.content, bytes) else generated.content.encode())
    return elapsed, len(data.encode()) + len(details.encode()) + len(document.encode())


def naive(site: Site, out: Path) -> tuple[float, int]:
    """What one would write with folium's documented API: a Marker with a Popup per entry."""
    start = time.perf_counter()
    fmap = folium.Map(location=[48.88, 9.19], zoom_start=12)  # default OSM tiles (blocked here)
    # the same local Leaflet as ours (folium's defaults are CDNs, which the benchmark blocks)
    fmap.default_js = [("jquery", "bench/jquery.min.js"),  # folium's Popup needs jQuery
                       ("leaflet", "assets/stadtkarte/vendor/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", "assets/stadtkarte/vendor/leaflet/leaflet.css")]
    cluster = MarkerCluster()
    cluster.default_js = [("markercluster", "assets/stadtkarte/vendor/markercluster/leaflet.markercluster.js")]
    cluster.default_css = [("markercluster_css", "assets/stadtkarte/vendor/markercluster/MarkerCluster.css"),
                           ("markercluster_default", "assets/stadtkarte/vendor/markercluster/MarkerCluster.Default.css")]
    cluster.add_to(fmap)
    for item in site.items:
        point = item.entry.place.point if item.entry.place else None
        if point is None or item.online:
            continue
        folium.Marker([point.lat, point.lon], tooltip=item.title,
                      popup=folium.Popup(item.title, parse_html=True)).add_to(cluster)
    html = fmap.get_root().render()
    elapsed = time.perf_counter() - start
    (out / "naive.html").write_text(html, "utf-8")
    return elapsed, len(html.encode())


def jquery(out: Path) -> None:
    """folium's popups need jQuery; for this benchmark only, fetched from the npm registry."""
    import subprocess
    import tarfile

    packed = subprocess.run(["npm", "pack", "jquery@3.7.1", "--silent"], cwd=out, capture_output=True, text=True,
                            check=True).stdout.strip().splitlines()[-1]
    with tarfile.open(out / packed) as archive:
        member = archive.extractfile("package/dist/jquery.min.js")
        assert member is not None
        (out / "bench").mkdir(parents=True, exist_ok=True)
        (out / "bench" / "jquery.min.js").write_bytes(member.read())


def first_markers(url: str) -> tuple[float, float]:
    """Seconds from navigation to the frame that first draws a marker or cluster, and to the frame
    that first draws one a visitor can use (not a placeholder of the first view, ``.sk-first``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium",
                                                                headless=True, args=ARGS)
        page = context.new_page()
        page.route("**/*", lambda route: route.abort() if "127.0.0.1" not in route.request.url else route.continue_())
        page.add_init_script(FIRST_FRAME)
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__usableMarkerFrame !== undefined", timeout=60_000)
        first, usable = page.evaluate("[window.__firstMarkerFrame, window.__usableMarkerFrame]")
        context.close()
        return first / 1000, usable / 1000


#: in the page before it loads: the time (ms since navigation start) of the frame that first
#: draws a marker or cluster (the first animation frame after one is in the document), and of the
#: frame that first draws a real one (clickable, named: not a placeholder of the first view)
FIRST_FRAME = """
(function () {
  var any = ".marker-cluster, .sk-pin-wrap, .leaflet-marker-icon";
  var usable = ".marker-cluster:not(.sk-first), .sk-pin-wrap:not(.sk-first), .leaflet-marker-icon:not(.sk-first)";
  function frame(name) {
    requestAnimationFrame(function () { if (window[name] === undefined) window[name] = performance.now(); });
  }
  new MutationObserver(function (changes, observer) {
    if (window.__firstMarkerFrame === undefined && document.querySelector(any)) frame("__firstMarkerFrame");
    if (document.querySelector(usable)) { frame("__usableMarkerFrame"); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
})();
"""


def serve(root: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="page loads per variant; the fastest counts")
    args = parser.parse_args()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}; "
          f"folium {folium.__version__}; {date.today()}; load average {os.getloadavg()[0]:.1f}")
    print("entries | ours gen s | naive gen s | ours KB | naive KB | size ratio | ours first s | naive first s | "
          "time ratio | median ratio | ours usable s | naive usable s | usable ratio | usable median ratio")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            data = write_synthetic(ROOT / "data", Path(tmp) / f"data-{size}", size * 2 // 5, size - size * 2 // 5)
            catalogue, _ = load_catalogue(data)
            options = SiteOptions(today=date(2026, 11, 23))
            site = Site(publish(catalogue, options.publishing), options)
            out = Path(tmp) / f"site-{size}"
            out.mkdir(parents=True)
            jquery(out)
            our_gen, our_size = ours(site, out)
            naive_gen, naive_size = naive(site, out)
            url, server = serve(out)
            try:
                ours_runs, naive_runs = [], []
                for _ in range(args.repeat):  # alternate, so load on the machine hits both alike
                    ours_runs.append(first_markers(url + "karte/embed.html"))
                    naive_runs.append(first_markers(url + "naive.html"))
                our_first, naive_first = (min(run[0] for run in runs) for runs in (ours_runs, naive_runs))
                median = (statistics.median(run[0] for run in ours_runs)
                          / statistics.median(run[0] for run in naive_runs))
                our_usable, naive_usable = (min(run[1] for run in runs) for runs in (ours_runs, naive_runs))
                usable_median = (statistics.median(run[1] for run in ours_runs)
                                 / statistics.median(run[1] for run in naive_runs))
            finally:
                server.shutdown()
            print(f"{size} | {our_gen:.2f} | {naive_gen:.2f} | {our_size / 1000:.0f} | {naive_size / 1000:.0f} | "
                  f"{our_size / naive_size:.2f} | {our_first:.2f} | {naive_first:.2f} | {our_first / naive_first:.2f} | "
                  f"{median:.2f} | {our_usable:.2f} | {naive_usable:.2f} | {our_usable / naive_usable:.2f} | "
                  f"{usable_median:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
