"""The embed for the city's homepage (issue #16, item 6): the builder's snippet, pasted into a
page of another origin, asks before loading tiles, applies its filter, and the frame may use
geolocation and fullscreen. Also the map document's title names the chosen filter."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from .conftest import serve
from .test_map import TILE_HOST, features, open_map, tiles  # noqa: F401 (tiles: a fixture)

pytestmark = pytest.mark.browser


def choose(page, facet: str, *values: str) -> None:  # noqa: ANN001
    """Tick values of a filter in the builder (its group opens on request)."""
    group = page.locator(f"[data-sk-facet-group={facet}]")
    if not group.evaluate("e => e.open"):
        group.locator("summary").click()
    for value in values:
        page.check(f"input[name={facet}][value='{value}']")


def snippet(page, base_url: str, category: str) -> str:  # noqa: ANN001
    page.goto(base_url + "karte/einbinden/")
    choose(page, "kategorie", category)
    return page.input_value("#sk-embed-code")


def test_builder_snippet_has_name_permissions_and_lazy_loading(page, base_url: str, tiles) -> None:  # noqa: ANN001
    code = snippet(page, base_url, "beratung")
    attributes = dict(re.findall(r'(\w+)="([^"]*)"', code))
    assert attributes["allow"] == "geolocation; fullscreen"
    assert attributes["loading"] == "lazy"
    assert attributes["title"] == "Karte: Beratung – Stadtkarte Integration"
    # two-click consent is the default of the snippet
    assert unescape(attributes["src"]) == base_url + "karte/embed.html?kategorie=beratung&gesperrt=1&einwilligung=1"
    page.uncheck("input[name=einwilligung]")
    assert "einwilligung" not in page.input_value("#sk-embed-code")
    assert page.console_errors == []


def test_builder_offers_every_filter_with_several_values_and_names_only_the_filters(page, base_url: str, tiles,  # noqa: ANN001
                                                                                   built_site: Path) -> None:
    """Issue 28: one value per filter and no "kostenlos", wheelchair or time filter before; the
    snippet's address is read by the same filter engine as the list (several values: OR)."""
    from .test_filters import expected

    page.goto(base_url + "karte/einbinden/")
    offered = set(page.eval_on_selector_all("[data-sk-embed] [data-sk-facet-group]", "els => els.map(e => e.dataset.skFacetGroup)"))
    assert offered == {"typ", "kategorie", "art", "thema", "sprache", "zielgruppe", "kommune", "rollstuhl", "kostenlos",
                       "pinnwand", "zeit", "abends"}
    choose(page, "kategorie", "beratung", "sprache-bildung")
    choose(page, "sprache", "ar")
    choose(page, "rollstuhl", "ja")
    choose(page, "kostenlos", "1")
    code = page.input_value("#sk-embed-code")
    attributes = dict(re.findall(r'(\w+)="([^"]*)"', code))
    query = "kategorie=beratung,sprache-bildung&sprache=ar&rollstuhl=ja&kostenlos=1"
    assert unescape(attributes["src"]) == base_url + f"karte/embed.html?{query}&gesperrt=1&einwilligung=1"
    assert attributes["title"] == ("Karte: Beratung, Sprache/Bildung, Arabisch, rollstuhlgerecht, kostenlos – Stadtkarte Integration")
    # the preview shows what the filter engine selects for that address (map and list agree)
    frame = page.frame_locator("[data-sk-preview]")
    frame.locator("body").wait_for()
    preview = next(f for f in page.frames if "kostenlos=1" in f.url)
    preview.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
    assert sorted(preview.evaluate("window.stadtkarte.shown.concat(window.stadtkarte.online)")) == sorted(expected(built_site, query))
    # a time filter, too (Termine)
    choose(page, "zeit", "woche")
    assert "&kostenlos=1&zeit=woche&gesperrt=1" in unescape(page.input_value("#sk-embed-code"))


def test_map_page_links_the_builder(page, base_url: str, tiles) -> None:  # noqa: ANN001
    page.goto(base_url + "karte/")
    page.get_by_role("link", name="Diese Karte auf Ihrer eigenen Website einbinden").click()
    page.wait_for_url(base_url + "karte/einbinden/")
    assert page.locator("h1").text_content() == "Karte einbinden"


def test_title_and_description_name_the_filters(page, base_url: str, tiles) -> None:  # noqa: ANN001
    open_map(page, base_url)
    assert page.title() == "Karte der Organisationen und Angebote – Stadtkarte Integration"
    open_map(page, base_url, "?kategorie=beratung&sprache=ar,xx")
    assert page.title() == "Karte: Beratung, Arabisch – Stadtkarte Integration"
    assert page.locator("main h1").text_content() == page.title()
    description = page.get_attribute('meta[name="description"]', "content")
    assert description == "Interaktive Karte der Organisationen und Angebote, gewählt: Beratung, Arabisch – Stadtkarte Integration."


def host_page(folder: Path, body: str):  # noqa: ANN201
    """The city's homepage with ``body``, served from another origin (another port)."""
    (folder / "index.html").write_text(
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Stadt</title></head><body>'
        f'<h1>Rathaus</h1>{body}</body></html>', "utf-8")
    return serve(folder)


def test_snippet_works_on_a_page_of_another_origin(page, base_url: str, tiles, built_site: Path,
                                                   tmp_path: Path) -> None:  # noqa: ANN001
    code = snippet(page, base_url, "beratung")
    plain = code.replace(' allow="geolocation; fullscreen"', "")  # the same without permissions
    host, server = host_page(tmp_path, f'{code}<div id="plain">{plain}</div>')
    try:
        assert host.split(":")[2] != base_url.split(":")[2]  # another port: another origin
        page.goto(host)
        frames = page.locator("iframe")
        frames.first.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelectorAll('iframe').length === 2")
        frame = page.frames[1]
        assert frame.url.startswith(base_url + "karte/embed.html?kategorie=beratung")
        frame.wait_for_function("window.stadtkarte && window.stadtkarte.shown.length > 0")
        page.wait_for_timeout(300)
        assert tiles == []  # consent first: no tile before the click
        frame.get_by_role("button", name="Karte laden").click()
        frame.wait_for_function("document.querySelectorAll('.leaflet-tile').length > 0")
        assert tiles and all(TILE_HOST in url for url in tiles)
        shown = frame.evaluate("window.stadtkarte.shown")
        data = features(built_site)
        assert shown and all("beratung" in data[i]["properties"]["c"] for i in shown)
        assert frame.title() == "Karte: Beratung – Stadtkarte Integration"
        # the allow attribute is honoured in the frame of another origin ...
        assert frame.evaluate("document.fullscreenEnabled") is True
        assert frame.evaluate("document.featurePolicy.allowsFeature('geolocation')") is True
        # ... and without it both would be refused (so the check can fail)
        page.locator("#plain iframe").scroll_into_view_if_needed()
        other = page.frames[2]
        other.wait_for_load_state()
        assert other.evaluate("document.fullscreenEnabled") is False
        assert other.evaluate("document.featurePolicy.allowsFeature('geolocation')") is False
        assert page.console_errors == []
    finally:
        server.shutdown()


HERE = {"latitude": 48.8975, "longitude": 9.1916}  # a fixed position in Ludwigsburg


def test_embedded_map_locates_goes_fullscreen_and_stays_locked(page, base_url: str, tiles, tmp_path: Path,
                                                                browser_context) -> None:  # noqa: ANN001
    """In the frame of another origin: "Mein Standort" (geolocation granted, a fixed position)
    centres the map there with a marker; "Vollbild" puts the map in full screen and back; the
    lock (gesperrt=1) keeps the filters: the legend cannot switch categories or the Pinnwand
    layer, and the map keeps showing the chosen entries."""
    code = snippet(page, base_url, "engagement")
    assert "gesperrt=1" in code
    host, server = host_page(tmp_path, code)
    browser_context.grant_permissions(["geolocation"])
    browser_context.set_geolocation(HERE)
    try:
        page.goto(host)
        page.locator("iframe").scroll_into_view_if_needed()
        page.wait_for_function("document.querySelectorAll('iframe').length === 1")
        frame = page.frames[1]
        frame.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
        frame.get_by_role("button", name="Karte laden").click()
        shown = frame.evaluate("window.stadtkarte.shown")
        # the lock: every switch of the legend is disabled, a click changes nothing
        switches = frame.locator(".sk-legend input[type=checkbox]")
        assert switches.count() >= 2  # the Pinnwand layer and at least one category
        assert all(switches.nth(i).is_disabled() for i in range(switches.count()))
        switches.last.click(force=True)
        assert frame.evaluate("window.stadtkarte.shown") == shown
        # Mein Standort
        frame.get_by_role("button", name="Mein Standort").click()
        frame.wait_for_function("map_stadtkarte.getZoom() === 15")
        centre = frame.evaluate("[map_stadtkarte.getCenter().lat, map_stadtkarte.getCenter().lng]")
        assert centre == pytest.approx([HERE["latitude"], HERE["longitude"]], abs=1e-4)
        assert frame.evaluate(
            "(pos) => Object.values(map_stadtkarte._layers).some(l => l instanceof L.CircleMarker && !(l instanceof L.Circle)"
            " && Math.abs(l.getLatLng().lat - pos.latitude) < 1e-6 && Math.abs(l.getLatLng().lng - pos.longitude) < 1e-6)",
            HERE)
        assert frame.locator(".sk-map-status").text_content() != "Standort nicht verfügbar"
        # Vollbild: the map itself fills the screen, and the same button leaves it
        frame.get_by_role("button", name="Vollbild").click()
        frame.wait_for_function("document.fullscreenElement !== null")
        assert frame.evaluate("document.fullscreenElement === map_stadtkarte.getContainer()")
        frame.get_by_role("button", name="Vollbild").click()
        frame.wait_for_function("document.fullscreenElement === null")
        assert frame.evaluate("window.stadtkarte.shown") == shown  # still the chosen entries
        assert page.console_errors == []
    finally:
        browser_context.clear_permissions()
        server.shutdown()


def test_unlocked_map_lets_the_legend_switch(page, base_url: str, tiles) -> None:  # noqa: ANN001
    """Without gesperrt=1 the same legend switches work (so the lock check above can fail)."""
    shown = open_map(page, base_url, "?kategorie=engagement")
    switches = page.locator(".sk-legend input[type=checkbox]")
    assert switches.count() >= 2 and all(switches.nth(i).is_enabled() for i in range(switches.count()))
    page.get_by_label("Nur wer Unterstützung sucht (Pinnwand)").check()
    page.wait_for_function(f"window.stadtkarte.shown.length < {len(shown)}")


#: WCAG 2.1 A/AA and best practice. WCAG 2.2's target-size (markers and clusters that overlap
#: while the map settles) belongs to the markers' work in karte.js (issue #16, item 4).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["karte/embed.html?einwilligung=1", "karte/embed.html?kategorie=beratung"])
def test_embed_has_no_axe_violation(page, base_url: str, tiles, path: str, width: int) -> None:  # noqa: ANN001
    """Every impact, best-practice rules included (landmark-one-main, page-has-heading-one, region)."""
    from importlib import resources

    page.set_viewport_size({"width": width, "height": 844})
    open_map(page, base_url, path.split("embed.html", 1)[1])
    page.evaluate(resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8"))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
    passed = {rule["id"] for rule in result["passes"]}
    assert {"landmark-one-main", "page-has-heading-one", "region"} <= passed
