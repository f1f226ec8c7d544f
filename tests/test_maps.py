"""The map document and its data, without a browser."""

from __future__ import annotations

import dataclasses
import json
import re

from stadtkarte.catalogue import load_catalogue
from stadtkarte.geo import coarsen
from stadtkarte.maps import FIRST_ZOOMS, MapOptions, data_file, details, first_view, map_document, rows, symbols
from stadtkarte.pages import Site, SiteOptions
from stadtkarte.publish import publish

from .conftest import FIXTURE_DATA, TODAY


def site() -> Site:
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    options = SiteOptions(today=TODAY)
    return Site(publish(catalogue, options.publishing), options)


def test_map_data_has_published_entries_only_and_private_places_coarsened() -> None:
    s = site()
    data = rows(s)
    col = {name: i for i, name in enumerate(data["columns"])}
    by_id = {row[col["id"]]: row for row in data["entries"]}
    more = details(s)  # the second file, row for row: place in words, date, schedule
    assert more["columns"] == ["place", "date", "zeit"] and len(more["entries"]) == len(data["entries"])
    about = {row[col["id"]]: dict(zip(more["columns"], extra)) for row, extra in zip(data["entries"], more["entries"])}
    assert "o/kulturzentrum-demokratie" not in by_id and "a/sommerfest-2026" not in by_id
    assert len(by_id) == len(s.items)
    for row in data["entries"]:
        if row[col["lon"]] is not None:
            assert 8.9 < row[col["lon"]] < 9.5 and 48.7 < row[col["lat"]] < 49.1, row[0]
    private = by_id["o/frauenschutz-beratung"]
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    exact = catalogue.coordinates(catalogue.organisations["frauenschutz-beratung"])
    assert [private[col["lat"]], private[col["lon"]]] == list(coarsen(exact.lat, exact.lon))
    assert private[col["approx"]] == 1 and about["o/frauenschutz-beratung"]["place"] == "Oststadt, 71640 Ludwigsburg"
    online = [row[col["id"]] for row in data["entries"] if row[col["lon"]] is None]
    assert "a/online-lernbegleitung" in online and "o/notfallseelsorge" in online
    offer = by_id["a/sprachcafe-dienstag"]
    assert data["entries"][offer[col["org"]]][col["id"]] == "o/internationaler-frauentreff"
    assert about["a/sprachcafe-dienstag"]["place"] is None  # the organisation's place, not repeated
    assert data["categories"][offer[col["cats"]][0]] == "sprache-bildung"
    # the next date in words only where the browser cannot compute it from the schedule
    assert about["a/sprachcafe-dienstag"]["date"] is None
    assert about["a/sprachcafe-dienstag"]["zeit"] == {"r": [["w", [1], None, None, "15:00", "17:00"]]}
    assert all(extra["date"] is None or extra["zeit"] is None or "nächster" not in extra["date"]
               for extra in about.values())


def test_map_document_is_small_self_hosted_deterministic_and_zoomable() -> None:
    s = site()
    html = map_document(s, MapOptions(), root="../")
    assert html == map_document(s, MapOptions(), root="../")
    assert '<html lang="de" dir="ltr">' in html and "user-scalable=no" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    own = {"../verzeichnis/", "../karte/eintraege.json"}
    assert sources and all(src.startswith("../assets/stadtkarte/") for src in sources if src not in own)
    # the entries load beside the scripts, not after them
    assert '<link rel="preload" href="../karte/eintraege.json" as="fetch" crossorigin>' in html
    assert len(html) < 20_000  # the entries are in the GeoJSON file, not in the document
    assert "window.stadtkarte.start(map_stadtkarte," in html


def test_hostile_names_stay_data_in_the_map() -> None:
    s = site()
    title = '</script><script>alert(1)</script>'
    first = dataclasses.replace(s.view.entries[0], title=title)
    s.view = dataclasses.replace(s.view, entries=(first, *s.view.entries[1:]))
    text = data_file(s)
    assert json.loads(text)["entries"][0][1] == title
    s.options = dataclasses.replace(s.options, site_name="<b>x</b>")
    category = next(iter(s.view.categories))
    named = dataclasses.replace(s.view.categories[category], name=title)
    s.view = dataclasses.replace(s.view, categories={**s.view.categories, category: named})
    html = map_document(s, MapOptions(), root="../")
    assert "<title>Karte der Organisationen und Angebote – &lt;b&gt;x&lt;/b&gt;</title>" in html
    assert html.count("</script>") == html.count("<script")  # the name in the texts cannot end the element
    texts = re.search(r'<script type="application/json" id="sk-embed-texts">(.*?)</script>', html, re.S).group(1)
    assert json.loads(texts)["names"]["kategorie"][category] == title


def test_embed_is_a_complete_document() -> None:
    """Issue #16: one charset, its own title and description from the site name, an icon, a
    <main> with an h1, a text with a link to the list when JavaScript is off."""
    s = site()
    s.options = dataclasses.replace(s.options, site_name="Integration in Musterstadt")
    html = map_document(s, MapOptions(), root="../")
    assert len(re.findall(r"charset", html, re.I)) == 1
    assert "<title>Karte der Organisationen und Angebote – Integration in Musterstadt</title>" in html
    assert re.search(r'<meta name="description" content="[^"]*Integration in Musterstadt[^"]*">', html)
    assert '<link rel="icon" href="../assets/stadtkarte/icons/icon.svg" type="image/svg+xml">' in html
    main = re.search(r'<main class="sk-embed" aria-labelledby="sk-embed-title">(.*)</main>', html, re.S).group(1)
    assert ('<h1 id="sk-embed-title" class="sk-visually-hidden">Karte der Organisationen und Angebote – Integration in '
            'Musterstadt</h1>') in main  # names the landmark: the page around the iframe has a main too
    assert 'id="map_stadtkarte"' in main and html.count("<main") == 1
    noscript = re.search(r"<noscript>(.*?)</noscript>", main, re.S).group(1)
    assert 'href="../verzeichnis/" target="_top"' in noscript and "Ohne JavaScript" in noscript


def test_category_symbols_are_unique() -> None:
    found = symbols({"beratung": "Beratung", "blaulicht": "Blaulicht", "bildung": "Bildung", "arbeit": "Arbeit"})
    assert found == {"beratung": "B", "blaulicht": "Bl", "bildung": "Bi", "arbeit": "A"}
    assert len(set(found.values())) == 4


def test_map_document_loads_one_script_and_one_stylesheet_whose_urls_resolve() -> None:
    """embed.html waits for three requests (script, style, data), not fifteen; the bundles hold
    every part in order, and each url() in the joined stylesheet still finds its file."""
    from importlib import resources

    from stadtkarte.maps import BUNDLE_CSS, BUNDLE_JS, SCRIPTS, STYLESHEETS, bundles

    html = map_document(site(), MapOptions(), root="../")
    assert re.findall(r'<script src="([^"]+)"', html) == ["../" + BUNDLE_JS]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == ["../" + BUNDLE_CSS]
    files = bundles()
    script, style = files[BUNDLE_JS], files[BUNDLE_CSS]
    assert [script.index(f"/* {name} */") for name in SCRIPTS] == sorted(script.index(f"/* {name} */") for name in SCRIPTS)
    assert "window.stadtkarte = { start: start" in script and "window.stadtkarteFilter" in script
    assert all(f"/* {name} */" in style for name in STYLESHEETS)
    folder = resources.files("stadtkarte").joinpath("assets")
    urls = [u for u in re.findall(r"""url\(['"]?([^'")]+)""", style) if not u.startswith(("#", "data:"))]
    assert "vendor/leaflet/images/layers.png" in urls
    assert urls and all(folder.joinpath(u).is_file() for u in urls), urls


def test_first_view_holds_every_pin_and_area_and_no_protected_point() -> None:
    """The first view made at build time (karte.js draws it before its data arrives): its bounds
    hold every pin and every area, each zoom's bundles count every pin once, and a protected
    place is never a pin of its own (it is an area, drawn with the data)."""
    current = site()
    view = first_view(current)
    assert view is not None
    (south, west), (north, east) = view["bounds"]
    data = rows(current)
    col = {name: i for i, name in enumerate(data["columns"])}
    placed = [row for row in data["entries"] if row[col["lon"]] is not None and row[col["cats"]]]
    assert placed and any(row[col["approx"]] for row in placed)
    for row in placed:
        assert south < row[col["lat"]] < north and west < row[col["lon"]] < east
    pins = [row for row in placed if not row[col["approx"]]]
    protected = {(round(row[col["lat"]], 4), round(row[col["lon"]], 4)) for row in placed if row[col["approx"]]}
    zooms = sorted(int(zoom) for zoom in view["levels"])
    assert zooms == list(range(zooms[0], zooms[-1] + 1)) and FIRST_ZOOMS[0] <= zooms[0] <= zooms[-1] <= FIRST_ZOOMS[1]
    for zoom, level in view["levels"].items():
        assert sum(bundle[2] for bundle in level) == len(pins), zoom
        for bundle in level:
            assert south < bundle[0] < north and west < bundle[1] < east
            if bundle[2] == 1:
                assert (bundle[0], bundle[1]) not in protected
                assert 0 <= bundle[3] < len(data["categories"]) and bundle[4] in (0, 1, 2, 3)
    # more room, more bundles: the closest zoom has at least as many as the widest
    assert len(view["levels"][str(zooms[-1])]) >= len(view["levels"][str(zooms[0])])
    document = map_document(current, MapOptions(), root="../")
    assert '"first": {"bounds"' in document or '"first":{"bounds"' in document


def test_map_data_lists_the_accessibility_words_of_every_language() -> None:
    """filter.js reads them as the wheelchair filter (issue 28): a German word on the English
    pages too, so every language's words are in the one list, lower case."""
    from stadtkarte.i18n import available_languages, site_messages

    words = rows(site())["access"]
    assert words == sorted(set(words)) and all(w == w.strip().lower() and w for w in words)
    for language in available_languages():
        own = [w.strip().lower() for w in site_messages(language)["search.access_words"].split(",")]
        assert own and set(own) <= set(words), language
    assert {"barrierefrei", "rollstuhl", "wheelchair"} <= set(words)
