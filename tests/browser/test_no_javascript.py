"""Without JavaScript nothing fails silently (issue #16, item 5): every map says so and links
the list; the home search opens the list with a visible note."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .conftest import ARGS, _require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def no_js(playwright_driver) -> Iterator[object]:  # noqa: ANN001
    browser = playwright_driver.chromium.launch(executable_path=_require_chromium(), headless=True, args=ARGS)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="de-DE",
                                  service_workers="block")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
    browser.close()


def test_map_page_says_so_and_shows_the_list(no_js, base_url: str) -> None:  # noqa: ANN001
    """/karte/ sets its frame's address by script (once, with the page's filters): without
    JavaScript it shows no empty frame but the note, the link and the whole list."""
    no_js.goto(base_url + "karte/")
    assert no_js.locator("iframe.sk-map-frame").is_hidden()
    note = no_js.locator(".sk-map-pane .sk-noscript")
    assert note.is_visible()
    assert "Ohne JavaScript kann die Karte nicht angezeigt werden" in note.text_content()
    assert no_js.locator("#sk-list > li").first.is_visible()  # the list, also on a phone (no "Karte | Liste")
    assert no_js.locator(".sk-view-switch").is_hidden()
    no_js.get_by_role("link", name="Zur Liste aller Einträge").click()
    no_js.wait_for_url(base_url + "verzeichnis/")


def test_entry_page_map_says_so_and_links_the_list(no_js, base_url: str) -> None:  # noqa: ANN001
    """An entry page's small map loads on a button that needs the script: without JavaScript no
    button, no empty frame, but the note and the link to the list (the address stands above)."""
    no_js.goto(base_url + "organisationen/afrikanischer-kulturverein/")
    box = no_js.locator("[data-sk-minimap]")
    assert no_js.locator("iframe").count() == 0
    assert box.locator("[data-sk-minimap-open]").is_hidden() and box.locator(".sk-minimap-text").is_hidden()
    note = box.locator("p.sk-noscript")
    assert note.is_visible()
    assert "Ohne JavaScript kann die Karte nicht angezeigt werden" in note.text_content()
    assert no_js.locator(".sk-address").is_visible()
    note.get_by_role("link", name="Zur Liste aller Einträge").click()
    no_js.wait_for_url(base_url + "verzeichnis/")


@pytest.mark.parametrize("path", ["kategorien/beratung/"])
def test_every_map_shows_a_text_and_a_link_to_the_list(no_js, base_url: str, path: str) -> None:  # noqa: ANN001
    no_js.goto(base_url + path)
    frames = no_js.locator("iframe.sk-map-frame")
    assert frames.count() >= 1
    frames.first.scroll_into_view_if_needed()
    frame = frames.first.content_frame
    note = frame.locator("noscript p, p.sk-noscript").first
    assert note.is_visible()
    assert "Ohne JavaScript kann die Karte nicht angezeigt werden" in note.text_content()
    link = frame.get_by_role("link", name="Zur Liste aller Einträge")
    link.click()
    no_js.wait_for_url(base_url + "verzeichnis/")  # target=_top: the whole page goes to the list


def test_home_search_goes_to_the_list_with_a_visible_note(no_js, base_url: str) -> None:  # noqa: ANN001
    no_js.goto(base_url)
    no_js.fill("#sk-start-search", "Sprachcafé")
    no_js.press("#sk-start-search", "Enter")
    no_js.wait_for_url(base_url + "verzeichnis/?suche=Sprachcaf%C3%A9")
    note = no_js.locator(".sk-noscript")
    assert note.is_visible()
    assert note.text_content().startswith("Ohne JavaScript zeigt diese Liste immer alle Einträge")
    assert no_js.locator("#sk-list > li").count() > 1  # the list is there, all of it
