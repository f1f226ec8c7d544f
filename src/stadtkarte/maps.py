"""The "Stadtkarte Integration" map: a folium document that loads the entries once as GeoJSON.

Instead of one inline JavaScript block per marker (folium's usual way, which makes 5,000
entries a 5 MB page), the map document is small and fixed, and the entries go to one compact
GeoJSON file (RFC 7946, lon/lat) that ``assets/stadtkarte/karte.js`` loads, clusters and filters.

folium builds the document: a Leaflet map whose JavaScript and CSS point at the site's own
vendored copies (never a CDN), with element ids pinned so two builds are identical. Every text
reaches the page as JSON data and is put into the DOM with ``textContent`` by the script, so no
editor-supplied value is ever interpreted as HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import folium
from branca.element import Figure, MacroElement
from jinja2 import Template

from .i18n import t
from .schedule import describe_appointment

if TYPE_CHECKING:
    from .pages import Item, Site

ASSETS = "assets/stadtkarte"
VENDOR = f"{ASSETS}/vendor"
DATA_FILE = "karte/eintraege.geojson"


@dataclass
class MapOptions:
    """From ``extra.stadtkarte.karte`` in mkdocs.yml."""

    tiles: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    attribution: str = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende'
    max_zoom: int = 19
    consent: bool = False  # two-click consent: no tile request before "Karte laden"


def symbols(names: dict[str, str]) -> dict[str, str]:
    """A short, unique symbol per category (``B`` Beratung, ``Bl`` Blaulicht), shown in every
    marker and in the legend, so colour is never the only cue."""
    taken: set[str] = set()
    result = {}
    for slug, name in names.items():
        letters = [ch for ch in name if ch.isalpha()]
        symbol = letters[0].upper() if letters else "?"
        for ch in letters[1:]:
            if symbol not in taken:
                break
            symbol = letters[0].upper() + ch.lower()
        taken.add(symbol)
        result[slug] = symbol
    return result


def feature(site: Site, item: Item) -> dict[str, Any]:
    """One entry as a compact GeoJSON feature (short property names keep the file small)."""
    published = site.catalogue.published_coordinates(item.entry)
    geometry = None
    approximate = False
    if published is not None and not item.online:
        coords, approximate = published
        geometry = {"type": "Point", "coordinates": [round(coords.lon, 6), round(coords.lat, 6)]}
    props: dict[str, Any] = {"t": item.title, "u": item.url, "c": item.categories, "m": item.municipality or "online"}
    if item.kind == "angebot":
        props["k"] = "a"
        props["o"] = item.subtitle
        props["a"] = item.offer_kind
        dates = [describe_appointment(a) for a in item.entry.model.schedule]
        if dates:
            props["d"] = dates[0]
    if item.languages:
        props["s"] = item.languages
    if item.target_groups:
        props["z"] = item.target_groups
    address = site.catalogue.address(item.entry)
    if address is not None:
        props["p"] = (f"{address.postcode} {address.town}" if approximate
                      else f"{address.street}, {address.postcode} {address.town}")
    if approximate:
        props["x"] = 1
    return {"type": "Feature", "id": f"{item.kind}/{item.entry.slug}", "geometry": geometry, "properties": props}


def geojson(site: Site) -> str:
    """All published entries; those without a place have ``geometry: null`` (listed beside the map)."""
    collection = {"type": "FeatureCollection", "features": [feature(site, item) for item in site.items]}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def client_options(site: Site, options: MapOptions, root: str) -> dict[str, Any]:
    """Everything the script needs besides the data: categories, texts, tiles, where the site is."""
    centres = [m.centre for m in site.catalogue.municipalities.values()]
    return {
        "root": root,
        "data": root + DATA_FILE,
        "tiles": options.tiles,
        "attribution": options.attribution,
        "maxZoom": options.max_zoom,
        "consent": options.consent,
        "centre": [sum(c.lat for c in centres) / len(centres), sum(c.lon for c in centres) / len(centres)],
        "categories": {
            slug: {"name": c.name, "colour": c.colour, "symbol": symbol}
            for (slug, c), symbol in zip(
                site.taxonomy.categories.items(),
                symbols({s: c.name for s, c in site.taxonomy.categories.items()}).values(),
            )
        },
        "texts": {key: t(f"map.{key}") for key in (
            "legend", "online", "online_none", "details", "route", "locate", "fullscreen", "consent_text",
            "consent_button", "approximate", "shown", "offer_by", "all_categories", "locate_failed",
        )},
    }


class _Document(Figure):
    """branca's Figure with a language, a title and a skip link."""

    _template = Template(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n"
        "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>{{ this.title|e }}</title>\n"
        "{% for name, element in this.header._children.items() %}{{ element.render(**kwargs) }}\n{% endfor %}"
        "</head>\n<body>\n"
        "{% for name, element in this.html._children.items() %}{{ element.render(**kwargs) }}\n{% endfor %}"
        "<script>\n{% for name, element in this.script._children.items() %}{{ element.render(**kwargs) }}\n{% endfor %}"
        "</script>\n</body>\n</html>\n"
    )


class _LocalMap(folium.Map):
    """folium's Map with our vendored Leaflet instead of its CDN defaults (set per document)."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []


class _Stadtkarte(MacroElement):
    """Hands the Leaflet map and the options to ``karte.js``."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "window.stadtkarte.start({{ this._parent.get_name() }}, {{ this.options|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "Stadtkarte"
        self._id = "main"
        self.options = options


def map_document(site: Site, options: MapOptions, *, root: str, title: str) -> str:
    """The standalone map page (also for iframes). ``root`` is the relative way to the site root."""
    js = [("leaflet", f"{root}{VENDOR}/leaflet/leaflet.js"),
          ("markercluster", f"{root}{VENDOR}/markercluster/leaflet.markercluster.js"),
          ("stadtkarte", f"{root}{ASSETS}/karte.js")]
    css = [("leaflet_css", f"{root}{VENDOR}/leaflet/leaflet.css"),
           ("markercluster_css", f"{root}{VENDOR}/markercluster/MarkerCluster.css"),
           ("markercluster_default_css", f"{root}{VENDOR}/markercluster/MarkerCluster.Default.css"),
           ("stadtkarte_css", f"{root}{ASSETS}/karte.css")]
    figure = _Document(title=title)
    figure._id = "document"
    data = client_options(site, options, root)
    lmap = _LocalMap(location=data["centre"], zoom_start=12, tiles=None, control_scale=True, prefer_canvas=False)
    lmap.default_js = js
    lmap.default_css = css
    lmap._id = "stadtkarte"
    figure.add_child(lmap)
    lmap.add_child(_Stadtkarte(data))
    # folium adds a viewport that forbids zooming (user-scalable=no): WCAG 1.4.4 needs zoom.
    return _NO_ZOOM_VIEWPORT.sub("", figure.render())


_NO_ZOOM_VIEWPORT = re.compile(r'<meta name="viewport" content="width=device-width,\s*initial-scale=1\.0, maximum-scale=1\.0, user-scalable=no" />\s*')
