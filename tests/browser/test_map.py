"""The map in a real browser: markers, filters from the URL, popups, consent, privacy, axe."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import axe_violations, click_first_pin_until

pytestmark = pytest.mark.browser

TILE_HOST = "tile.openstreetmap.org"
PNG = (Path(__file__).resolve().parents[2] / "src/stadtkarte/assets/vendor/leaflet/images/layers.png").read_bytes()


@pytest.fixture
def tiles(page):  # noqa: ANN001, ANN201
    """Tile requests are answered locally (no network) and counted."""
    seen: list[str] = []

    def answer(route) -> None:  # noqa: ANN001
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG)

    page.route(f"https://{TILE_HOST}/**", answer)
    return seen


def open_map(page, base_url: str, query: str = "") -> list[str]:  # noqa: ANN001
    page.goto(base_url + "karte/embed.html" + query)
    page.wait_for_function("window.stadtkarte && window.stadtkarte.shown.length > 0")
    return page.evaluate("window.stadtkarte.shown")


def features(built_site: Path) -> dict[str, dict]:
    """The map data's rows, as id → geometry and categories (what the client decodes)."""
    data = json.loads((built_site / "karte" / "eintraege.json").read_text("utf-8"))
    col = {name: i for i, name in enumerate(data["columns"])}
    return {
        row[col["id"]]: {"geometry": row[col["lon"]] is not None,
                         "properties": {"c": [data["categories"][i] for i in row[col["cats"]]]}}
        for row in data["entries"]
    }


def test_markers_and_clusters_appear(page, base_url: str, tiles, built_site: Path) -> None:  # noqa: ANN001
    shown = open_map(page, base_url)
    placed = [i for i, f in features(built_site).items() if f["geometry"]]
    assert sorted(shown) == sorted(placed)
    assert page.locator(".marker-cluster").count() + page.locator(".sk-pin-wrap").count() > 0
    assert page.locator(".sk-online summary").text_content().startswith("Nur online (")
    assert tiles, "tiles are requested without consent mode"


def test_kategorie_parameter_shows_only_that_category(page, base_url: str, tiles, built_site: Path) -> None:  # noqa: ANN001
    shown = open_map(page, base_url, "?kategorie=beratung")
    data = features(built_site)
    assert shown and all("beratung" in data[i]["properties"]["c"] for i in shown)
    assert len(shown) == sum(1 for f in data.values() if f["geometry"] and "beratung" in f["properties"]["c"])
    assert page.locator(".sk-legend li:not(.sk-legend-board)").count() == 1  # besides the Pinnwand layer


def test_popup_link_opens_the_entry_page(page, base_url: str, tiles) -> None:  # noqa: ANN001
    shown = open_map(page, base_url, "?suche=Interkultureller%20Garten")
    assert shown == ["o/interkultureller-garten"]  # a place of its own: a pin, not a cluster
    link = page.locator(".sk-popup a", has_text="Details")
    click_first_pin_until(page, link)
    assert link.get_attribute("href") == "../organisationen/interkultureller-garten/"
    link.click()
    page.wait_for_url("**/organisationen/interkultureller-garten/")
    assert "Interkultureller Garten" in page.title()


def test_locked_filters_cannot_be_changed(page, base_url: str, tiles) -> None:  # noqa: ANN001
    open_map(page, base_url, "?kategorie=sprache-bildung&gesperrt=1")
    boxes = page.locator(".sk-legend li:not(.sk-legend-board) input[type=checkbox]")
    assert boxes.count() == 1 and boxes.first.is_disabled()
    assert page.locator(".sk-legend-board input").is_disabled()  # the Pinnwand layer is locked, too


def test_consent_mode_requests_no_tile_before_the_click(page, base_url: str, tiles) -> None:  # noqa: ANN001
    open_map(page, base_url, "?einwilligung=1")
    page.wait_for_timeout(300)
    assert tiles == []
    page.get_by_role("button", name="Karte laden").click()
    page.wait_for_function("document.querySelectorAll('.leaflet-tile').length > 0")
    assert tiles and all(urlsplit(url).netloc == TILE_HOST for url in tiles)
    assert page.console_errors == []


def test_no_console_errors_and_no_other_hosts(page, base_url: str, tiles) -> None:  # noqa: ANN001
    open_map(page, base_url)
    page.goto(base_url + "karte/")
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in page.seen_requests if url.startswith("http")}
    assert hosts <= {urlsplit(base_url).netloc, TILE_HOST}
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["karte/", "karte/embed.html"])
def test_axe_on_the_map_pages(page, base_url: str, tiles, path: str) -> None:  # noqa: ANN001
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_keyboard_users_reach_every_entry_through_the_list(page, base_url: str, built_site: Path) -> None:  # noqa: ANN001
    page.goto(base_url + "karte/")
    links = page.eval_on_selector_all("#sk-list .sk-card-title a", "els => els.map(e => e.getAttribute('href'))")
    assert len(links) == len(features(built_site))
    page.focus("#sk-list .sk-card-title a")
    assert page.evaluate("document.activeElement.tagName") == "A"


def test_entry_page_loads_its_map_only_when_asked(page, base_url: str, tiles) -> None:  # noqa: ANN001
    """Before "Karte anzeigen" an entry page loads no map document, no Leaflet and no tile (speed
    and privacy); it says so and links the big map. The tap makes the map, which then loads."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "organisationen/internationaler-frauentreff/")
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 2000)  # scrolled past: nothing is loaded lazily either
    page.wait_for_timeout(300)
    assert not [u for u in page.seen_requests if "embed.html" in u or "leaflet" in u or "karte.js" in u]
    assert tiles == [] and page.locator("iframe").count() == 0
    box = page.locator("[data-sk-minimap]")
    assert box.locator(".sk-minimap-text").inner_text() == "Die Karte mit diesem Ort lädt erst, wenn Sie sie öffnen."
    assert box.get_by_role("link", name="Zur großen Karte").get_attribute("href") == "../../karte/"
    box.get_by_role("button", name="Karte anzeigen").click()
    frame = page.locator("[data-sk-minimap] iframe.sk-map-frame")
    assert frame.get_attribute("title") == "Karte: Internationaler Frauentreff Ludwigsburg e. V."
    page.wait_for_function("document.querySelector('iframe.sk-map-frame').contentWindow.stadtkarte"
                           " && document.querySelector('iframe.sk-map-frame').contentWindow.stadtkarte.ready")
    assert [u for u in page.seen_requests if "embed.html?eintrag=o/internationaler-frauentreff" in u]
    assert page.console_errors == []


def test_steckbrief_map_shows_only_that_organisation_and_its_offers(page, base_url: str, tiles) -> None:  # noqa: ANN001
    page.goto(base_url + "organisationen/internationaler-frauentreff/")
    page.get_by_role("button", name="Karte anzeigen").click()
    src = page.get_attribute("iframe.sk-map-frame", "src")
    assert src == "../../karte/embed.html?eintrag=o/internationaler-frauentreff&gesperrt=1"
    shown = open_map(page, base_url, "?eintrag=o/internationaler-frauentreff&gesperrt=1")
    assert shown[0] == "o/internationaler-frauentreff" and all(
        i == "o/internationaler-frauentreff" or i.startswith("a/") for i in shown
    )
    assert "a/sprachcafe-dienstag" in shown and "o/migrationsberatung-caritas" not in shown


def test_category_page_embeds_a_locked_map(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url + "kategorien/beratung/")
    assert page.get_attribute("iframe.sk-map-frame", "src") == "../../karte/embed.html?kategorie=beratung&gesperrt=1"


def test_embed_builder_makes_a_snippet_and_previews_it(page, base_url: str, tiles) -> None:  # noqa: ANN001
    from .test_embed import choose

    page.goto(base_url + "karte/einbinden/")
    choose(page, "kategorie", "beratung")
    page.check("input[name=einwilligung]")
    page.fill("#sk-embed-hoehe", "600")
    snippet = page.input_value("#sk-embed-code")
    expected_src = base_url + "karte/embed.html?kategorie=beratung&gesperrt=1&einwilligung=1"
    assert snippet == (f'<iframe src="{expected_src.replace("&", "&amp;")}" title="Karte: Beratung – Stadtkarte '
                       'Integration" width="100%" height="600" loading="lazy" allow="geolocation; fullscreen" '
                       'style="border:0"></iframe>')
    assert page.get_attribute("[data-sk-preview]", "src") == "../embed.html?kategorie=beratung&gesperrt=1&einwilligung=1"
    assert axe_violations(page) == []


def test_hostile_title_never_executes_on_the_map(page, tmp_path: Path, tiles) -> None:  # noqa: ANN001
    from stadtkarte.catalogue import load_catalogue
    from stadtkarte.pages import SiteOptions
    from stadtkarte.pipeline import generate

    from ..conftest import FIXTURE_DATA, TODAY
    from .conftest import own_tiles, serve

    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    entry = catalogue.organisations["interkultureller-garten"]
    entry.model = entry.model.model_copy(update={"name": "<img src=x onerror=alert('map')><script>alert(2)</script>"})
    for generated in generate(catalogue, SiteOptions(today=TODAY, map=own_tiles())):
        target = tmp_path / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.content if isinstance(generated.content, bytes) else generated.content.encode())
    url, server = serve(tmp_path)
    try:
        page.goto(url + "karte/embed.html?eintrag=o/interkultureller-garten")  # no search index here
        page.wait_for_function("window.stadtkarte && window.stadtkarte.shown.length === 1")
        page.locator(".sk-pin-wrap").first.hover()
        page.locator(".sk-pin-wrap").first.click()
        assert page.locator(".sk-popup strong").text_content() == "<img src=x onerror=alert('map')><script>alert(2)</script>"
        assert page.dialogs == [] and page.locator(".sk-popup img, .sk-popup script").count() == 0
    finally:
        server.shutdown()


def test_small_entry_map_keeps_the_area_in_view_and_the_legend_short(page, base_url: str, tiles) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 360, "height": 300})
    open_map(page, base_url, "?eintrag=o/frauenschutz-beratung&gesperrt=1")
    assert page.locator(".sk-legend").evaluate("d => d.open") is False
    assert page.locator(".sk-legend li").count() == 1  # Beratung only
    inside = page.evaluate("""() => {
        const map = document.querySelector('.leaflet-container').getBoundingClientRect();
        const area = document.querySelector('path.leaflet-interactive').getBoundingClientRect();
        return area.left >= map.left && area.right <= map.right && area.top >= map.top && area.bottom <= map.bottom;
    }""")
    assert inside


@pytest.mark.parametrize("mode", ["bereich", "keiner"])
def test_protected_places_on_the_map_follow_the_setting(page, tmp_path: Path, tiles, mode: str) -> None:  # noqa: ANN001
    """``geschuetzte_orte: bereich`` draws an area; ``keiner`` draws nothing, and the entries do
    not turn up under "Nur online" either."""
    import dataclasses

    from stadtkarte.pages import SiteOptions
    from stadtkarte.pipeline import generate

    from .. import privacy_catalogues as pc
    from ..test_publish import example
    from .conftest import own_tiles, serve

    spec = dataclasses.replace(example(), protected_places=mode)
    for generated in generate(pc.in_memory(spec), SiteOptions(today=pc.TODAY, protected_places=mode, map=own_tiles())):
        target = tmp_path / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.content if isinstance(generated.content, bytes) else generated.content.encode())
    url, server = serve(tmp_path)
    try:
        shown = open_map(page, url)
        # nothing online: no empty panel "Nur online (0)"
        assert page.evaluate("window.stadtkarte.online") == [] and page.locator(".sk-online").count() == 0
        areas = page.locator("path.leaflet-interactive").count()
        if mode == "bereich":
            # the shelter, its offer there, and the offer at a protected place of its own
            assert "o/organisation-0" in shown and areas == 3
        else:
            assert "o/organisation-0" not in shown and areas == 0
        assert "o/organisation-1" in shown
    finally:
        server.shutdown()
