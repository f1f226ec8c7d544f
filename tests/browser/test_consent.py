"""Tiles only after consent, by default: no map page asks a tile server before "Karte laden",
unless the city declares the tile server its own (``karte.kacheln_eigene: ja``).

The site of tests/fixtures/sprachen/mkdocs.yml keeps the default (OpenStreetMap, consent asked);
the main fixture site (tests/fixtures/mkdocs.yml) declares its tile server its own. Every request
that leaves 127.0.0.1 is answered here and recorded, so no test reaches the internet and none can
slip past unseen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import serve

pytestmark = pytest.mark.browser

TILE_HOST = "tile.openstreetmap.org"
PNG = (Path(__file__).resolve().parents[2] / "src/stadtkarte/assets/vendor/leaflet/images/layers.png").read_bytes()


@pytest.fixture(scope="module")
def consent_url(built_languages_site: Path) -> Iterator[str]:
    url, server = serve(built_languages_site)
    yield url
    server.shutdown()


@pytest.fixture
def outside(page) -> list[str]:  # noqa: ANN001
    """Every request to another host than the test server: answered with a tile, recorded."""
    seen: list[str] = []

    def answer(route) -> None:  # noqa: ANN001
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
            return
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG)

    page.route("**/*", answer)
    return seen


def map_frame(page):  # noqa: ANN001, ANN201
    """The map document: the page itself (embed.html) or the frame on /karte/, once it is ready."""
    if "embed.html" in page.url:
        frame = page.main_frame
    else:  # /karte/: the script gives the frame its address
        page.wait_for_function("() => { const f = document.querySelector('iframe[data-sk-map]');"
                               " return !!(f && f.contentWindow && f.contentWindow.stadtkarte); }")
        frame = next(f for f in page.frames if "embed.html" in f.url)
    # ready: drawn, and past the point where the tiles are asked for (karte.js: viewSet before ready)
    frame.wait_for_function("window.stadtkarte && window.stadtkarte.ready && window.stadtkarte.shown.length > 0")
    return frame


def tiles_drawn(frame) -> None:  # noqa: ANN001
    frame.wait_for_function("document.querySelectorAll('.leaflet-tile').length > 0")


@pytest.mark.parametrize("path", ["karte/", "en/karte/", "ar/karte/", "karte/embed.html", "karte/embed.html?kategorie=beratung"])
def test_no_tile_before_the_consent_click(page, consent_url: str, outside: list[str], path: str) -> None:  # noqa: ANN001
    page.goto(consent_url + path)
    frame = map_frame(page)
    button = frame.locator(".sk-consent button")  # "Karte laden", "Load map", …
    button.wait_for(state="visible")
    assert outside == [], "no request leaves the site before the click"
    assert frame.locator(".leaflet-tile").count() == 0
    button.click()
    tiles_drawn(frame)
    assert outside and all(urlsplit(url).hostname == TILE_HOST for url in outside)
    assert page.console_errors == []


def test_consent_holds_for_the_visit_in_this_tab_and_nowhere_else(page, browser_context, consent_url: str,  # noqa: ANN001
                                                                   outside: list[str]) -> None:
    page.goto(consent_url + "karte/embed.html")
    frame = map_frame(page)
    frame.get_by_role("button", name="Karte laden").click()
    tiles_drawn(frame)
    # reloaded, and the next map page in the same tab (another language, the map in its frame): no second question
    for path in ("karte/embed.html", "en/karte/"):
        outside.clear()
        page.goto(consent_url + path)
        frame = map_frame(page)
        tiles_drawn(frame)
        assert frame.locator(".sk-consent").count() == 0 and outside
    page.reload()
    tiles_drawn(map_frame(page))
    # kept in sessionStorage only: no cookie, nothing in localStorage
    assert browser_context.cookies() == []
    assert page.evaluate("Object.values(localStorage)") == []
    assert page.evaluate("Object.keys(sessionStorage)") != []
    # another tab is another visit: it asks again
    other = browser_context.new_page()
    try:
        requested: list[str] = []
        other.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                    else (requested.append(route.request.url), route.abort()))
        other.goto(consent_url + "karte/embed.html")
        again = map_frame(other)
        again.get_by_role("button", name="Karte laden").wait_for(state="visible")
        assert requested == []
    finally:
        other.close()


def test_a_consent_to_another_tile_server_does_not_count(page, consent_url: str, outside: list[str]) -> None:  # noqa: ANN001
    page.goto(consent_url + "karte/embed.html")
    map_frame(page)
    page.evaluate("sessionStorage.setItem('stadtkarte-kacheln-erlaubt', 'https://anderer.example/{z}/{x}/{y}.png')")
    page.reload()
    frame = map_frame(page)
    frame.get_by_role("button", name="Karte laden").wait_for(state="visible")
    assert outside == []


def test_the_embed_builder_cannot_switch_the_question_off(page, consent_url: str, outside: list[str]) -> None:  # noqa: ANN001
    page.goto(consent_url + "karte/einbinden/")
    box = page.locator("input[name=einwilligung]")
    assert box.is_checked() and box.is_disabled()
    assert "einwilligung=1" in page.input_value("#sk-embed-code")
    preview = page.frame_locator("[data-sk-preview]")
    preview.locator(".sk-consent button").wait_for(state="visible")
    assert outside == []


def test_the_citys_own_tile_server_loads_at_once(page, base_url: str, outside: list[str]) -> None:  # noqa: ANN001
    """tests/fixtures/mkdocs.yml: ``kacheln_eigene: ja`` – no question, the tiles come with the map."""
    for path in ("karte/embed.html", "karte/"):
        outside.clear()
        page.goto(base_url + path)
        frame = map_frame(page)
        tiles_drawn(frame)
        assert frame.locator(".sk-consent").count() == 0
        assert outside and all(urlsplit(url).hostname == TILE_HOST for url in outside)
    page.goto(base_url + "karte/einbinden/")
    assert page.locator("input[name=einwilligung]").is_enabled(), "an embedding site may still ask first"
