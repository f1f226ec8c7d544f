"""The map document and its data, without a browser."""

from __future__ import annotations

import json
import re

from stadtkarte.catalogue import load_catalogue
from stadtkarte.geo import coarsen
from stadtkarte.maps import MapOptions, geojson, map_document, symbols
from stadtkarte.pages import Site, SiteOptions

from .conftest import ROOT, TODAY


def site() -> Site:
    catalogue, _ = load_catalogue(ROOT / "data", today=TODAY)
    return Site(catalogue, SiteOptions(today=TODAY))


def test_geojson_is_lon_lat_has_published_entries_only_and_private_places_coarsened() -> None:
    s = site()
    data = json.loads(geojson(s))
    ids = {f["id"] for f in data["features"]}
    assert "organisation/kulturzentrum-demokratie" not in ids and "angebot/sommerfest-2026" not in ids
    assert len(ids) == len(s.items)
    for f in data["features"]:
        if f["geometry"]:
            lon, lat = f["geometry"]["coordinates"]
            assert 8.9 < lon < 9.5 and 48.7 < lat < 49.1, f["id"]  # RFC 7946: longitude first
    private = next(f for f in data["features"] if f["id"] == "organisation/frauenschutz-beratung")
    exact = s.catalogue.coordinates(s.catalogue.organisations["frauenschutz-beratung"])
    assert private["geometry"]["coordinates"] == list(reversed(coarsen(exact.lat, exact.lon)))
    assert private["properties"]["x"] == 1 and "Marbacher" not in private["properties"]["p"]
    online = [f["id"] for f in data["features"] if f["geometry"] is None]
    assert "angebot/online-lernbegleitung" in online and "organisation/notfallseelsorge" in online


def test_map_document_is_small_self_hosted_deterministic_and_zoomable() -> None:
    s = site()
    html = map_document(s, MapOptions(), root="../", title="Stadtkarte Integration")
    assert html == map_document(s, MapOptions(), root="../", title="Stadtkarte Integration")
    assert '<html lang="de">' in html and "<title>Stadtkarte Integration</title>" in html
    assert "user-scalable=no" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(src.startswith("../assets/stadtkarte/") for src in sources), sources
    assert len(html) < 20_000  # the entries are in the GeoJSON file, not in the document
    assert "window.stadtkarte.start(map_stadtkarte," in html


def test_hostile_names_stay_data_in_the_map() -> None:
    s = site()
    item = s.items[0]
    item.title = '</script><script>alert(1)</script>'
    text = geojson(s)
    assert json.loads(text)["features"][0]["properties"]["t"] == item.title
    html = map_document(s, MapOptions(), root="../", title="<b>x</b>")
    assert "<title>&lt;b&gt;x&lt;/b&gt;</title>" in html


def test_category_symbols_are_unique() -> None:
    found = symbols({"beratung": "Beratung", "blaulicht": "Blaulicht", "bildung": "Bildung", "arbeit": "Arbeit"})
    assert found == {"beratung": "B", "blaulicht": "Bl", "bildung": "Bi", "arbeit": "A"}
    assert len(set(found.values())) == 4
