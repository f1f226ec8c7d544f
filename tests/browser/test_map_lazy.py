"""The map with a few hundred entries: pins make their icon, name, popup and tooltip only when
they are first drawn (karte.js: Pin), yet every pin ends up a named button with its popup."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .test_map import tiles  # noqa: F401 - the fixture answering tile requests locally

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from stadtkarte.catalogue import load_catalogue
    from stadtkarte.pages import SiteOptions
    from stadtkarte.pipeline import generate
    from stadtkarte.synthetic import write_synthetic

    from ..conftest import FIXTURE_DATA, TODAY
    from .conftest import own_tiles

    root = tmp_path_factory.mktemp("synthetic")
    data = write_synthetic(FIXTURE_DATA, root / "data", 120, 180)
    catalogue, _ = load_catalogue(data, today=TODAY)
    site = root / "site"
    for generated in generate(catalogue, SiteOptions(today=TODAY, map=own_tiles())):
        target = site / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.content if isinstance(generated.content, bytes) else generated.content.encode())
    return site


def test_pins_are_made_when_drawn_and_all_end_up_named_with_a_popup(page, synthetic_site: Path, tiles) -> None:  # noqa: ANN001, F811
    from .conftest import serve

    url, server = serve(synthetic_site)
    try:
        page.goto(url + "karte/embed.html")
        page.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
        # the clustered group of pins (folium names the Leaflet map map_stadtkarte)
        state = page.evaluate("""() => {
            let group = null;
            map_stadtkarte.eachLayer(l => { if (l.getLayers && l._topClusterLevel) group = l; });
            window.skGroup = group;
            const pins = group.getLayers();
            return {pins: pins.length, drawn: pins.filter(m => m._icon).length,
                    bound: pins.filter(m => m.getPopup()).length, titles: pins.map(m => m.options.title)};
        }""")
        assert state["pins"] > 250  # 300 entries, some of them online only
        # clustered: few pins drawn, and only the drawn ones have made their popup
        assert state["drawn"] < state["pins"] and state["bound"] == state["drawn"]
        # draw every pin (as zooming in all the way would): each becomes a named button with popup and tooltip
        page.evaluate("""() => {
            const pins = window.skGroup.getLayers();
            map_stadtkarte.removeLayer(window.skGroup);
            window.skAll = L.layerGroup(pins).addTo(map_stadtkarte);
        }""")
        named = page.evaluate("""() => window.skAll.getLayers().map(m => [m.options.title, m._icon.getAttribute('role'),
                                                                           m._icon.getAttribute('aria-label')])""")
        assert len(named) == state["pins"] == page.locator(".sk-pin-wrap[role=button][aria-label]").count()
        assert sorted(title for title, _, _ in named) == sorted(state["titles"])
        for title, role, name in named:  # "Sprachcafé West 12, Angebot, Sprache/Bildung"
            assert role == "button" and name.startswith(title + ", ")
            assert name[len(title) + 2:].split(", ")[0] in {"Organisation", "Angebot"}
        assert page.evaluate("window.skAll.getLayers().every(m => m.getPopup() && m.getTooltip())")
        # the popup of a pin made late opens with its entry, by keyboard too
        last = page.locator(".sk-pin-wrap").last
        last.focus()
        page.keyboard.press("Enter")
        title = last.evaluate("e => window.skAll.getLayers().find(m => m._icon === e).options.title")
        assert page.locator(".sk-popup strong").text_content() == title
        assert page.console_errors == []
    finally:
        server.shutdown()


@contextmanager
def _data_held(page, site: Path) -> Iterator[list]:  # noqa: ANN001
    """The map document opened with its data file held back (the routes in the list answer it
    when continued) until the first view from the build is drawn."""
    from .conftest import serve

    url, server = serve(site)
    held: list = []
    page.route("**/karte/eintraege.json", lambda route: held.append(route))
    try:
        page.goto(url + "karte/embed.html")
        page.wait_for_selector(".sk-first")
        yield held
    finally:
        server.shutdown()


def test_first_view_is_drawn_before_the_data_and_tiles_come_once(page, synthetic_site: Path, tiles) -> None:  # noqa: ANN001, F811
    """Without filters the map draws the bundles made at build time before its data file is in
    (hidden from screen readers, not clickable, no tab stop), asks for tiles only for that first
    view (one zoom), and puts its own named bundles in their place once the data is there."""
    with _data_held(page, synthetic_site) as held:
        page.wait_for_function("document.querySelectorAll('.leaflet-tile').length > 0")
        first = page.evaluate("""() => [...document.querySelectorAll('.sk-first')].map(e => [
            e.getAttribute('aria-hidden'), e.getAttribute('tabindex'), e.getAttribute('role'),
            e.classList.contains('leaflet-interactive')])""")
        assert first and all(item == ["true", None, None, False] for item in first)
        assert page.evaluate("window.stadtkarte.ready") is False
        zoom = page.evaluate("map_stadtkarte.getZoom()")
        assert held  # the data is still on its way
        held[0].continue_()
        page.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
        assert page.locator(".sk-first").count() == 0
        assert page.locator(".marker-cluster[role=button][aria-label], .sk-pin-wrap[role=button][aria-label]").count() > 0
        assert page.evaluate("map_stadtkarte.getZoom()") == zoom
        # every tile asked for belongs to the one zoom of the first view (OSM: /{z}/{x}/{y}.png)
        assert tiles and {tile.rsplit("/", 3)[-3] for tile in tiles} == {str(zoom)}
        assert page.console_errors == []


def test_a_view_chosen_before_the_data_comes_is_kept(page, synthetic_site: Path, tiles) -> None:  # noqa: ANN001, F811
    """Who zooms or pans while the data is still on its way keeps that view: the map does not
    jump back to all pins when its data arrives (the first view from the build is that view
    already, so nothing is refit)."""
    with _data_held(page, synthetic_site) as held:
        zoom = page.evaluate("map_stadtkarte.getZoom()")
        page.locator(".leaflet-control-zoom-in").click()  # as a visitor does, before the data
        page.wait_for_function(f"map_stadtkarte.getZoom() === {zoom + 1} && !map_stadtkarte._animatingZoom")
        page.evaluate("map_stadtkarte.panBy([120, -80], {animate: false})")
        chosen = page.evaluate("[map_stadtkarte.getCenter().lat, map_stadtkarte.getCenter().lng]")
        assert held
        held[0].continue_()
        page.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
        assert page.evaluate("map_stadtkarte.getZoom()") == zoom + 1
        assert page.evaluate("[map_stadtkarte.getCenter().lat, map_stadtkarte.getCenter().lng]") == pytest.approx(chosen)
        assert page.console_errors == []
