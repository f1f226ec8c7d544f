"""Offline use in Chromium over http on 127.0.0.1: our service worker keeps visited pages,
"Für unterwegs speichern" saves the start, directory and category pages, the search index and
the map data; tiles are never cached; no service worker inside a third-party iframe."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ARGS, _require_chromium, serve

pytestmark = pytest.mark.browser

#: no host but the test servers resolves (Playwright's request routing would bypass the service
#: worker for the search worker's requests, so tiles are not answered here: they fail to load)
NO_INTERNET = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"


@pytest.fixture
def context(tmp_path: Path, playwright_driver) -> Iterator[object]:  # noqa: ANN001
    """A fresh browser profile per test: service workers and caches start empty."""
    browser_context = playwright_driver.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=_require_chromium(), headless=True, args=[*ARGS, NO_INTERNET],
        viewport={"width": 1100, "height": 900}, locale="de-DE", service_workers="allow",
    )
    browser_context.set_default_timeout(15_000)
    yield browser_context
    browser_context.close()


def open_controlled(context, url: str):  # noqa: ANN001, ANN201
    """A new tab at ``url``, once the service worker is active and controls it."""
    page = context.new_page()
    page.goto(url)
    controlled(page)
    return page


def controlled(page) -> None:  # noqa: ANN001
    """Wait until the service worker is active and controls the page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def save_for_the_road(page) -> None:  # noqa: ANN001
    page.click("[data-sk-offline] button")
    page.wait_for_function("document.querySelector('[data-sk-offline-status]').textContent.startsWith('Gespeichert')")


def cached_urls(page) -> list[str]:  # noqa: ANN001
    return page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        }
        return urls;
    }""")


def test_visited_page_shows_offline_and_unvisited_page_shows_the_offline_page(context, base_url: str) -> None:  # noqa: ANN001
    page = open_controlled(context, base_url)
    page.goto(base_url + "pinnwand/")
    heading = page.inner_text("h1")
    page.wait_for_function("caches.keys().then(async names => { for (const n of names) if (await (await caches.open(n)).match(location.href)) return true; return false; })")
    context.set_offline(True)
    page.reload()
    assert page.inner_text("h1") == heading
    # a page never opened: the offline page explains what is available
    page.goto(base_url + "kommunen/")
    assert page.inner_text("h1") == "Ohne Internet"
    assert "Für unterwegs speichern" in page.inner_text(".md-content")
    context.set_offline(False)


def test_save_for_the_road_makes_directory_categories_and_search_work_offline(context, base_url: str) -> None:  # noqa: ANN001
    page = open_controlled(context, base_url)
    box = page.locator("[data-sk-offline]")
    box.wait_for(state="visible")
    manifest = json.loads(page.evaluate("fetch('offline/bundle.json').then(r => r.text())"))
    status = page.inner_text("[data-sk-offline-status]")
    assert f"{len(manifest['files'])} Dateien, etwa " in status and " MB – " in status  # the size, before saving
    save_for_the_road(page)
    urls = cached_urls(page)
    for wanted in ("verzeichnis/", "pagefind/pagefind.js", "suche/treffer.json", "karte/eintraege.json", "kategorien/"):
        assert base_url + wanted in urls, wanted
    # kept compressed: about the download size, not the size of the files
    stored = page.evaluate("""async (url) => {
        for (const name of await caches.keys()) {
            if (!name.includes(':bundle:')) continue;
            const hit = await (await caches.open(name)).match(url);
            if (hit) return [hit.headers.get('X-Stadtkarte-Packed'), (await hit.arrayBuffer()).byteLength];
        }
    }""", base_url + "verzeichnis/")
    directory = next(f for f in manifest["files"] if f["url"] == "verzeichnis/")
    assert stored[0] == "gzip" and stored[1] < directory["bytes"] / 3, (stored, directory)
    categories = [f["url"] for f in manifest["files"] if f["url"].startswith("kategorien/") and f["url"] != "kategorien/"]
    assert categories

    context.set_offline(True)
    page.goto(base_url + categories[-1])  # never opened before
    assert page.inner_text("h1") != "Ohne Internet" and page.locator(".sk-rows li").count() > 0
    page.goto(base_url + "verzeichnis/?suche=sprachcafe")  # the directory's search (Pagefind), offline
    page.wait_for_selector("[data-sk-ready]", state="attached")
    shown = page.eval_on_selector_all("[data-sk-item]:not([hidden])", "els => els.map(e => e.textContent.toLowerCase())")
    total = page.eval_on_selector_all("[data-sk-item]", "els => els.length")
    assert 0 < len(shown) < total and "sprachcaf" in shown[0], shown[:3]  # best match first
    assert not page.is_visible("text=Die Suche ist gerade nicht verfügbar")  # search.failed
    # the site search's index (Pagefind) answered from the saved bundle
    entry = page.evaluate("fetch('../pagefind/pagefind-entry.json').then(r => r.json()).then(j => Object.keys(j.languages))")
    assert entry == ["de"]
    context.set_offline(False)


def test_map_tiles_are_never_cached(context, base_url: str) -> None:  # noqa: ANN001
    page = open_controlled(context, base_url)
    tiles = []
    page.on("request", lambda request: tiles.append(request.url) if "tile.openstreetmap.org" in request.url else None)
    page.goto(base_url + "karte/")
    page.wait_for_timeout(1500)
    page.goto(base_url)
    save_for_the_road(page)
    assert tiles, "the map requested no tile: the test proves nothing"
    urls = cached_urls(page)
    assert urls and not [u for u in urls if not u.startswith(base_url)]


def test_no_service_worker_inside_a_third_party_iframe(context, base_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text(
        f'<!doctype html><title>Andere Website</title><iframe id="map" src="{base_url}karte/embed.html"></iframe>'
        f'<iframe id="page" src="{base_url}verzeichnis/"></iframe>', "utf-8")
    url, server = serve(other)
    registrations = "navigator.serviceWorker.getRegistrations().then(r => r.length, e => 'denied: ' + e.name)"
    try:
        page = context.new_page()
        # another origin on the same host (the browser would allow a worker: our script must not
        # register one) and another site (the browser partitions or refuses it)
        for host in (url, url.replace("127.0.0.1", "localhost")):
            page.goto(host)
            page.wait_for_timeout(1500)
            frames = [f for f in page.frames if f.url.startswith(base_url)]
            assert len(frames) == 2
            for frame in frames:
                assert frame.evaluate(registrations) in (0, "denied: NotSupportedError"), (host, frame.url)
                assert frame.evaluate("navigator.serviceWorker.controller") is None
        # the same site opened directly does register it (so the check above can fail)
        page.goto(base_url + "verzeichnis/")
        controlled(page)
        assert page.evaluate(registrations) == 1
    finally:
        server.shutdown()


def test_a_new_build_replaces_the_old_caches(context, built_site: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from stadtkarte import offline

    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    url, server = serve(copy)
    try:
        page = open_controlled(context, url)
        save_for_the_road(page)
        old = json.loads((copy / offline.BUNDLE_FILE).read_text("utf-8"))["version"]
        names = page.evaluate("caches.keys()")
        assert any(n.endswith(":bundle:" + old) for n in names)
        # the next build: one page changed
        directory = copy / "verzeichnis" / "index.html"
        directory.write_text(directory.read_text("utf-8").replace("</body>", "<!-- neu --></body>"), "utf-8")
        new = offline.finish(copy, site_name="Stadtkarte Integration")["version"]
        assert new != old
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        page.wait_for_function(f"caches.keys().then(n => n.length > 0 && n.every(x => !x.endsWith(':{old}')))")
        # the saved bundle was saved again, with the new build's pages
        page.wait_for_function("""async (wanted) => {
            for (const name of await caches.keys()) {
                if (!name.endsWith(':bundle:' + wanted[0])) continue;
                const hit = await (await caches.open(name)).match(wanted[1]);
                if (!hit) continue;
                const text = await new Response(hit.body.pipeThrough(new DecompressionStream('gzip'))).text();
                if (text.includes('<!-- neu -->')) return true;
            }
            return false;
        }""", arg=[new, url + "verzeichnis/"])
    finally:
        server.shutdown()
