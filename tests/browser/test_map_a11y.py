"""The accessible map (issue 16, item 4) in real Chromium, at a phone's and a desktop's width:
named pins and clusters, German controls, a metric scale, the keyboard path (skip link, Enter
opens a popup and moves the focus into it, Escape closes it and gives the focus back), one pin
and no empty panel on an entry page's map, and axe-core with the best-practice rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .test_map import tiles  # noqa: F401  (fixture: tile requests answered locally)

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
PAGES = ["karte/embed.html", "karte/"]


def map_frame(page, base_url: str, path: str, width: int):  # noqa: ANN001, ANN201
    """The document with the map (the page itself, or the iframe on /karte/), drawn."""
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.goto(base_url + path)
    if path.endswith("embed.html") or "embed.html?" in path:
        frame = page.main_frame
    else:
        if page.locator("[data-sk-minimap-open]").count():  # an entry page: the map loads on request
            assert page.locator("iframe").count() == 0
            page.get_by_role("button", name="Karte anzeigen").click()
        page.locator("iframe.sk-map-frame").scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('iframe.sk-map-frame').contentWindow.stadtkarte")
        frame = next(f for f in page.frames if "embed.html" in f.url)
    frame.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
    return frame


def titles(built_site: Path) -> set[str]:
    data = json.loads((built_site / "karte" / "eintraege.json").read_text("utf-8"))
    col = {name: i for i, name in enumerate(data["columns"])}
    return {row[col["title"]] for row in data["entries"]}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_pins_clusters_and_controls_are_named_in_german(page, base_url: str, tiles, built_site: Path,  # noqa: ANN001, F811
                                                         path: str, width: int) -> None:
    frame = map_frame(page, base_url, path, width)
    known = titles(built_site)
    pins = frame.eval_on_selector_all(".sk-pin-wrap", "els => els.map(e => [e.getAttribute('aria-label'), e.getAttribute('role'), e.tabIndex])")
    clusters = frame.eval_on_selector_all(".marker-cluster", "els => els.map(e => e.getAttribute('aria-label'))")
    assert pins or clusters
    for label, role, tabindex in pins:
        title = next((x for x in known if label.startswith(x + ", ")), None)
        assert title, label
        assert re.fullmatch(re.escape(title) + r", (Organisation|Angebot)(, [^,]+)+", label), label
        assert role == "button" and tabindex == 0
    for label in clusters:
        assert re.fullmatch(r"\d+ Einträge – vergrößern", label), label
    # the letter in a pin is decoration for screen readers (the name says the category in full)
    assert frame.locator(".sk-pin-wrap .sk-pin:not([aria-hidden=true])").count() == 0
    assert frame.get_attribute(".leaflet-control-zoom-in", "aria-label") == "Vergrößern"
    assert frame.get_attribute(".leaflet-control-zoom-out", "aria-label") == "Verkleinern"
    assert frame.get_attribute(".leaflet-control-zoom-in", "title") == "Vergrößern"
    scale = frame.locator(".leaflet-control-scale-line").all_text_contents()
    assert len(scale) == 1 and re.fullmatch(r"\d+ k?m", scale[0]), scale
    attribution = frame.locator(".leaflet-control-attribution").inner_html()
    assert "JavaScript-Bibliothek" in attribution and "A JavaScript library" not in attribution
    assert frame.get_attribute(".leaflet-container", "aria-label").startswith("Karte")


@pytest.mark.parametrize("width", WIDTHS)
def test_skip_link_in_the_embed_jumps_past_the_map(page, base_url: str, tiles, width: int) -> None:  # noqa: ANN001, F811
    frame = map_frame(page, base_url, "karte/embed.html", width)
    page.keyboard.press("Tab")
    assert frame.evaluate("document.activeElement.className") == "sk-skip"
    assert frame.evaluate("document.activeElement.textContent") == "Karte überspringen"
    page.keyboard.press("Enter")
    # the "Nur online" panel (the map's list of entries without a place) or the end of the map
    focused = frame.evaluate("""() => {
        const a = document.activeElement;
        return {online: !!a.closest('#sk-online'), end: a.id === 'sk-map-end',
                inPanes: !!a.closest('.leaflet-map-pane')};
    }""")
    assert (focused["online"] or focused["end"]) and not focused["inPanes"], focused


@pytest.mark.parametrize("width", WIDTHS)
def test_skip_link_on_the_map_page_jumps_to_the_list(page, base_url: str, tiles, width: int) -> None:  # noqa: ANN001, F811
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(base_url + "karte/")
    path = []
    for _ in range(40):
        page.keyboard.press("Tab")
        where = page.evaluate("[document.activeElement.classList.contains('sk-skip-map'), document.activeElement.tagName]")
        path.append(where)
        assert where[1] != "IFRAME", ("the skip link must come before the map", path)
        if where[0]:
            break
    else:
        pytest.fail("Tab never reached the skip link")
    assert page.evaluate("document.activeElement.textContent") == "Karte überspringen, zur Liste"
    page.keyboard.press("Enter")
    # the focus lands on the list itself (issue 28: not on the count above it, whose next Tab
    # re-entered the map); on a phone the list is shown instead of the map
    assert page.evaluate("document.activeElement.id") == "sk-list"
    assert page.locator("#sk-list").is_visible()
    # past the map: the next Tab goes to the first result, not into the map
    page.keyboard.press("Tab")
    first = page.evaluate("""() => {
        const a = document.activeElement, card = a.closest('[data-sk-item]');
        const shown = [...document.querySelectorAll('#sk-list > [data-sk-item]')].filter(c => !c.hidden);
        return {tag: a.tagName, first: !!card && card === shown[0]};
    }""")
    assert first == {"tag": "A", "first": True}


def covered(frame) -> list[str]:  # noqa: ANN001
    """Controls that overlap the open popup's box."""
    return frame.evaluate("""() => {
        const box = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
        const hits = [];
        document.querySelectorAll('.leaflet-control').forEach(c => {
            const r = c.getBoundingClientRect();
            if (r.width && r.height && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top)
                hits.push(c.className);
        });
        return hits;
    }""")


@pytest.mark.parametrize("width", WIDTHS)
def test_enter_opens_a_popup_with_the_focus_and_escape_gives_it_back(page, base_url: str, tiles, width: int) -> None:  # noqa: ANN001, F811
    frame = map_frame(page, base_url, "karte/embed.html?suche=Interkultureller%20Garten", width)
    assert frame.evaluate("window.stadtkarte.shown") == ["o/interkultureller-garten"]
    pin = frame.locator(".sk-pin-wrap")
    pin.focus()
    page.keyboard.press("Enter")
    frame.locator(".leaflet-popup").wait_for(state="visible")
    assert frame.evaluate("!!document.activeElement.closest('.leaflet-popup')")
    assert frame.evaluate("document.activeElement.textContent").startswith("Interkultureller Garten")
    assert frame.get_attribute(".leaflet-popup-close-button", "aria-label") == "Popup schließen"
    frame.wait_for_timeout(400)  # the map pans the popup into view
    assert covered(frame) == []
    page.keyboard.press("Escape")
    frame.locator(".leaflet-popup").wait_for(state="detached")
    assert frame.evaluate("document.activeElement.classList.contains('sk-pin-wrap')")
    # the close button gives the focus back too
    page.keyboard.press("Enter")
    frame.locator(".leaflet-popup-close-button").click()
    frame.locator(".leaflet-popup").wait_for(state="detached")
    assert frame.evaluate("document.activeElement.classList.contains('sk-pin-wrap')")


def test_entry_page_map_shows_one_pin_and_no_empty_panel(page, base_url: str, tiles) -> None:  # noqa: ANN001, F811
    page.set_viewport_size({"width": 390, "height": 844})
    frame = map_frame(page, base_url, "organisationen/internationaler-frauentreff/", 390)
    # the tap gave the focus to the map (the button it replaced is gone)
    assert page.evaluate("document.activeElement.matches('iframe.sk-map-frame')")
    assert page.locator("[data-sk-minimap-open]").count() == 0
    shown = frame.evaluate("window.stadtkarte.shown")
    assert "o/internationaler-frauentreff" in shown and len(shown) > 1  # the organisation and its offers
    assert frame.locator(".leaflet-marker-icon").count() == 1
    assert frame.locator(".marker-cluster").count() == 0
    assert frame.locator(".sk-online").count() == 0
    assert "Nur online" not in frame.locator("body").inner_text()
    frame.locator(".sk-pin-wrap").focus()
    page.keyboard.press("Enter")
    also = frame.locator(".sk-popup-also a").all_text_contents()
    assert also and "Internationaler Frauentreff" not in also
    # a long popup on the small map scrolls within the room the controls leave (once it has moved
    # into place: the map pans it, which takes longer on a busy machine)
    for _ in range(20):
        frame.wait_for_timeout(200)
        if not covered(frame):
            break
    assert covered(frame) == []


#: what axe still reports that belongs to other parts of issue 16, not to the map itself: the embed's
#: document shell (item 6: <main>, h1) and the list's heading levels under /karte/ (item 8: h1 → h3)
ELSEWHERE: dict[str, set[str]] = {"embed": set(), "page": set()}  # nothing left to other work


def axe_all(frame) -> list[dict]:  # noqa: ANN001
    """axe-core with the WCAG and best-practice rules, every impact."""
    from importlib import resources

    source = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")
    frame.evaluate(source)
    result = frame.evaluate("""async () => await axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})""")
    return result["violations"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_best_practice_on_the_map(page, base_url: str, tiles, path: str, width: int) -> None:  # noqa: ANN001, F811
    frame = map_frame(page, base_url, path, width)
    page.wait_for_load_state("networkidle")
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
             for v in axe_all(frame) if v["id"] not in ELSEWHERE["embed"]]
    if frame is not page.main_frame:
        found += [("page: " + v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
                  for v in axe_all(page.main_frame) if v["id"] not in ELSEWHERE["page"]]
    assert found == []


def test_enter_on_a_cluster_zooms_in_and_keeps_the_focus_on_the_map(page, base_url: str, tiles) -> None:  # noqa: ANN001, F811
    frame = map_frame(page, base_url, "karte/embed.html", 390)
    zoom = frame.evaluate("map_stadtkarte.getZoom()")
    cluster = frame.locator(".marker-cluster").first
    before = frame.locator(".marker-cluster").count()
    assert before > 0
    cluster.focus()
    page.keyboard.press("Enter")
    # markercluster moves the focus at once; the zoom follows one animation frame later
    frame.wait_for_function(f"map_stadtkarte.getZoom() > {zoom}")  # raises after 10 s if it never zooms in
    frame.wait_for_function("!map_stadtkarte._animatingZoom")
    assert frame.evaluate("document.activeElement.classList.contains('leaflet-container')")
