"""The directory in a real browser: filters, keyboard, no JavaScript, accessibility, safety."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser


def visible_cards(page) -> list[dict]:  # noqa: ANN001
    page.wait_for_selector("[data-sk-ready]", state="attached")  # the filter engine has applied the URL
    return page.eval_on_selector_all(
        "[data-sk-item]:not([hidden])",
        "els => els.map(e => ({id: e.dataset.skId, kategorie: e.dataset.kategorie, sprache: e.dataset.sprache, text: e.textContent}))"
    )


def test_filter_from_url_shows_only_that_category(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url + "verzeichnis/?kategorie=beratung")
    cards = visible_cards(page)
    total = page.eval_on_selector_all("[data-sk-item]", "els => els.length")
    assert 0 < len(cards) < total
    assert all("beratung" in card["kategorie"].split() for card in cards)
    assert page.is_checked("input[name=kategorie][value=beratung]")
    assert page.text_content("#sk-status") == f"{len(cards)} von {total} Einträgen"


def test_filters_work_by_keyboard_and_update_url_and_status(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url + "verzeichnis/")
    visible_cards(page)
    page.focus("#sk-suche")
    page.keyboard.press("Tab")  # to the group "Art des Eintrags" (collapsed on a desktop), Enter opens it
    assert page.evaluate("document.activeElement.parentNode.dataset.skFacetGroup") == "typ"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # to its first option
    assert page.evaluate("[document.activeElement.name, document.activeElement.value]") == ["typ", "organisation"]
    page.focus("[data-sk-facet-group=sprache] > summary")
    page.keyboard.press("Enter")
    page.focus("input[name=sprache][value=ar]")
    page.keyboard.press("Space")
    page.wait_for_function("location.search === '?sprache=ar'")
    cards = visible_cards(page)
    assert cards and all("ar" in card["sprache"].split() for card in cards)
    assert page.get_attribute("#sk-status", "role") == "status"
    assert re.fullmatch(rf"{len(cards)} von \d+ Einträgen", page.text_content("#sk-status"))
    page.fill("#sk-suche", "migrationsberatung")
    page.wait_for_function("location.search.includes('suche=migrationsberatung')")
    cards = visible_cards(page)
    assert cards and "migrationsberatung" in cards[0]["text"].lower()  # best match first
    page.click(".sk-filters button[type=reset]")
    page.wait_for_function("document.querySelectorAll('[data-sk-item][hidden]').length === 0")
    assert urlsplit(page.url).query == ""


def test_text_search_ignores_case_and_accents(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url + "verzeichnis/?suche=SPRACHCAFE")
    texts = [c["text"] for c in visible_cards(page)]
    assert texts and all("sprachcaf" in t.lower() for t in texts[:2])


def test_without_javascript_the_full_list_is_there(playwright_driver, base_url: str) -> None:  # noqa: ANN001
    from .conftest import ARGS, _require_chromium

    browser = playwright_driver.chromium.launch(executable_path=_require_chromium(), headless=True, args=ARGS)
    context = browser.new_context(java_script_enabled=False, locale="de-DE", service_workers="block")
    tab = context.new_page()
    try:
        tab.goto(base_url + "verzeichnis/?kategorie=beratung")
        assert tab.is_hidden("[data-sk-filter]")  # the filters need the script: left out (a style in <noscript>)
        assert tab.is_visible(".sk-noscript")
        assert tab.eval_on_selector_all("[data-sk-item]:not([hidden])", "els => els.length") >= 70
    finally:
        context.close()
        browser.close()


@pytest.mark.parametrize(
    "path",
    ["", "verzeichnis/", "organisationen/internationaler-frauentreff/", "angebote/mbe-sprechstunde-arabisch/",
     "sprachen/ar/", "pinnwand/", "export/", "leichte-sprache/"],
)
def test_axe_finds_no_serious_or_critical_violations(page, base_url: str, path: str) -> None:  # noqa: ANN001
    page.goto(base_url + path)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_pages_load_nothing_from_third_parties_and_log_no_errors(page, base_url: str) -> None:  # noqa: ANN001
    """Only the site itself and the configured tile server (answered locally here) are asked."""
    png = (Path(__file__).resolve().parents[2] / "src/stadtkarte/assets/vendor/leaflet/images/layers.png").read_bytes()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=200, content_type="image/png", body=png))
    for path in ["", "verzeichnis/", "organisationen/frauenschutz-beratung/", "pinnwand/", "karte/", "leichte-sprache/"]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in page.seen_requests if url.startswith("http")}
    assert hosts <= {urlsplit(base_url).netloc, "tile.openstreetmap.org"}
    assert urlsplit(base_url).netloc in hosts
    assert page.console_errors == []


def test_hostile_description_does_not_execute(page, tmp_path: Path) -> None:  # noqa: ANN001
    """The generated pages, built without our hooks (as Zensical would), with hostile text."""
    from stadtkarte.catalogue import load_catalogue
    from stadtkarte.pages import PAGE_BUNDLE_CSS, PAGE_BUNDLE_JS, SiteOptions
    from stadtkarte.pipeline import generate

    from ..conftest import FIXTURE_DATA, TODAY
    from ..sitebuild import build
    from .conftest import serve

    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    entry = catalogue.organisations["sprachtreff-west"]
    entry.model = entry.model.model_copy(update={
        "name": "<img src=x onerror=alert('name')>",
        "description": {"de": "<script>alert('script')</script> <img src=x onerror=alert('img')> "
                              "[klick](javascript:alert('link')) <svg onload=alert('svg')>"},
    })
    docs = tmp_path / "docs"
    for generated in generate(catalogue, SiteOptions(today=TODAY)):
        target = docs / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.content if isinstance(generated.content, bytes) else generated.content.encode())
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\n  language: de\n  font: false\n"
        f"extra_css: [{PAGE_BUNDLE_CSS}]\nextra_javascript: [{PAGE_BUNDLE_JS}]\n",
        "utf-8",
    )
    result = build(tmp_path, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    url, server = serve(tmp_path / "site")
    # the entry's mini-map asks the tile server: answered here, so "network idle" never waits on DNS
    png = (Path(__file__).resolve().parents[2] / "src/stadtkarte/assets/vendor/leaflet/images/layers.png").read_bytes()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=200, content_type="image/png", body=png))
    try:
        for path in ["organisationen/sprachtreff-west/", "verzeichnis/", "verzeichnis/?suche=%3Cimg"]:
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            for link in page.query_selector_all("a"):
                assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
        assert page.dialogs == []
        page.goto(url + "organisationen/sprachtreff-west/")
        assert "<script>alert('script')</script>" in page.text_content(".sk-description")
        assert page.title().startswith("<img src=x onerror=alert('name')>")
    finally:
        server.shutdown()
