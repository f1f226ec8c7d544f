"""The site in several languages in a real browser (tests/fixtures/sprachen/mkdocs.yml: de, en,
ar): right to left, the map's data in the page's language, the search in Arabic, the language
switch remembered and offered, never forced."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from stadtkarte.settings import load_settings

from ..conftest import FIXTURES
from .conftest import axe_violations, serve

pytestmark = pytest.mark.browser


def _tiles(page) -> None:  # noqa: ANN001
    """The map's tiles answered locally (no test reaches the internet)."""
    png = (Path(__file__).resolve().parents[2] / "src/stadtkarte/assets/vendor/leaflet/images/layers.png").read_bytes()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=200, content_type="image/png", body=png))


@pytest.fixture(scope="module")
def languages_url(built_languages_site: Path) -> Iterator[str]:
    url, server = serve(built_languages_site)
    yield url
    server.shutdown()


def test_arabic_pages_are_right_to_left_and_search_in_arabic(page, languages_url: str) -> None:  # noqa: ANN001
    _tiles(page)
    page.goto(languages_url + "ar/verzeichnis/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # the list's cards link to the Arabic entry pages
    assert page.evaluate("document.querySelector('.sk-card a').getAttribute('href')").startswith("../organisationen/")
    # the header search finds entries by the Arabic name of their category and links the Arabic pages
    page.focus("#sk-header-search")
    page.keyboard.type("الاستشارة")
    first = page.locator(".sk-header-search__results li a").first
    first.wait_for(state="visible")
    assert "/ar/organisationen/" in first.get_attribute("href") or "/ar/angebote/" in first.get_attribute("href")
    assert page.console_errors == []


def test_switch_leads_to_the_same_page_and_the_start_page_offers_it(page, languages_url: str) -> None:  # noqa: ANN001
    _tiles(page)
    page.goto(languages_url + "ar/organisationen/klinikum-interkulturell/")
    page.locator("[data-sk-language-switch] button").hover()
    page.locator('[data-sk-language-link="en"]').first.click()
    page.wait_for_url("**/en/organisationen/klinikum-interkulturell/")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.goto(languages_url)  # the main start page: German, with English offered, no redirect
    assert page.evaluate("document.documentElement.lang") == "de"
    offer = page.locator("[data-sk-language-offer] a")
    offer.wait_for(state="visible")
    assert offer.text_content() == "English" and offer.get_attribute("hreflang") == "en"
    offer.click()
    page.wait_for_url(languages_url + "en/")
    assert page.console_errors == []


#: the fixture project's own site_url (tests/fixtures/sprachen/mkdocs.yml), read from it
SITE_URL = load_settings(FIXTURES / "sprachen" / "mkdocs.yml").site_url


def test_head_names_the_versions_and_the_theme_fetches_nothing_below_them(page, languages_url: str) -> None:  # noqa: ANN001
    """#25: after loading, the head has <link rel="alternate" hreflang> for every tree and
    x-default; Material's script, which fetches sitemap.xml below every such link (here: at the
    site's published address), has fetched none."""
    _tiles(page)
    outside: list[str] = []

    def refuse(route) -> None:  # noqa: ANN001
        outside.append(route.request.url)
        route.fulfill(status=404, body="")

    page.route(SITE_URL + "**", refuse)
    page.goto(languages_url + "en/verzeichnis/")
    page.wait_for_function("document.querySelectorAll('link[rel=alternate][hreflang]').length === 4")
    page.wait_for_load_state("networkidle")
    links = page.evaluate("[...document.querySelectorAll('link[rel=alternate][hreflang]')].map(l => [l.hreflang, l.href])")
    assert links == [["de", SITE_URL + "verzeichnis/"], ["en", SITE_URL + "en/verzeichnis/"],
                     ["ar", SITE_URL + "ar/verzeichnis/"], ["x-default", SITE_URL + "verzeichnis/"]]
    assert outside == [] and not [u for u in page.seen_requests if u.endswith("sitemap.xml")]
    assert page.console_errors == []


def test_switch_keeps_the_search_and_the_filters(page, languages_url: str) -> None:  # noqa: ANN001
    """#25: from the German directory with a category and a search, the switch leads to the
    English directory with the same query (and fragment); a filter set after loading (the page
    changes its address) is kept too."""
    _tiles(page)
    page.goto(languages_url + "verzeichnis/?kategorie=beratung&suche=klinikum#liste")
    page.locator("[data-sk-language-switch] button").hover()
    page.locator('[data-sk-language-link="en"]').click()
    page.wait_for_url("**/en/verzeichnis/?kategorie=beratung&suche=klinikum#liste")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#sk-suche").input_value() == "klinikum"
    page.locator("#sk-suche").fill("frauen")
    page.wait_for_function("new URLSearchParams(location.search).get('suche') === 'frauen'")
    page.locator("[data-sk-language-switch] button").hover()
    page.locator('[data-sk-language-link="ar"]').click()
    page.wait_for_url("**/ar/verzeichnis/?*")
    assert page.evaluate("[location.pathname.endsWith('/ar/verzeichnis/'), new URLSearchParams(location.search).get('suche'),"
                         " new URLSearchParams(location.search).get('kategorie')]") == [True, "frauen", "beratung"]
    assert page.locator("#sk-suche").input_value() == "frauen"
    assert page.console_errors == []


@pytest.mark.parametrize("tree", ["", "en/", "ar/"])
@pytest.mark.parametrize("path", ["", "verzeichnis/", "karte/", "organisationen/internationaler-frauentreff/",
                                  "karte/embed.html"])
def test_axe_finds_no_serious_or_critical_violation_in_any_language(page, languages_url: str, tree: str,  # noqa: ANN001
                                                                   path: str) -> None:
    """#14: start, directory, map, entry and embed in German, English and Arabic (right to left)."""
    _tiles(page)
    page.goto(languages_url + tree + path)
    assert page.evaluate("document.documentElement.lang") == (tree.rstrip("/") or "de")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_the_embed_builder_offers_the_map_in_every_language(page, languages_url: str) -> None:  # noqa: ANN001
    _tiles(page)
    page.goto(languages_url + "ar/karte/einbinden/")
    select = page.locator("select[name=kartensprache]")
    assert select.locator("option:checked").get_attribute("lang") == "ar"  # the page's language first
    assert languages_url + "ar/karte/embed.html?" in page.input_value("#sk-embed-code")
    select.select_option(label="English")
    code = page.input_value("#sk-embed-code")
    assert languages_url + "en/karte/embed.html?" in code
    frame = page.frame_locator("[data-sk-preview]")
    assert frame.locator("html").get_attribute("lang") == "en"
    select.select_option(label="Deutsch")
    assert languages_url + "karte/embed.html?" in page.input_value("#sk-embed-code")
    assert "/en/karte/" not in page.input_value("#sk-embed-code")


def test_embed_builder_title_names_the_filters_not_the_maps_language(page, languages_url: str) -> None:  # noqa: ANN001
    """Issue 28: the iframe's title listed the map's language ("Karte: English – …") as if it were a filter."""
    from .test_embed import choose

    page.goto(languages_url + "karte/einbinden/")
    page.select_option("#sk-embed-sprache-karte", label="English")
    code = page.input_value("#sk-embed-code")
    assert "/en/karte/embed.html?" in code
    assert re.search(r'title="Karte der Organisationen und Angebote – [^"]+"', code), code
    choose(page, "kategorie", "beratung")
    title = re.search(r'title="([^"]+)"', page.input_value("#sk-embed-code")).group(1)
    assert title.startswith("Karte: Beratung – ") and "English" not in title, title
