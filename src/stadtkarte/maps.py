"""The "Stadtkarte Integration" map: a folium document that loads the entries once, as data.

Instead of one inline JavaScript block per marker (folium's usual way, which makes 5,000
entries a 4.5 MB page), the map document is small and fixed, and the entries go to one compact
JSON file of rows (see :func:`rows`) that ``assets/stadtkarte/karte.js`` loads, clusters and
filters. (The full GeoJSON for other services is an export of its own.)

folium builds the document: a Leaflet map whose JavaScript and CSS point at the site's own
vendored copies (never a CDN), with element ids pinned so two builds are identical. Every text
reaches the page as JSON data and is put into the DOM with ``textContent`` by the script, so no
editor-supplied value is ever interpreted as HTML.
"""

from __future__ import annotations

import json
import re
from typing import Any

import folium
from branca.element import Figure, MacroElement
from jinja2 import Template

from .i18n import t
from .languages import german_name
from .publish import PublicOffer
from .render import MapOptions, RenderContext
from .schedule import describe_appointment, next_dates_text

ASSETS = "assets/stadtkarte"
VENDOR = f"{ASSETS}/vendor"
DATA_FILE = "karte/eintraege.json"


__all__ = ["COLUMNS", "DATA_FILE", "MapOptions", "client_options", "data_file", "map_document", "rows", "symbols"]


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


#: column order of one row in the map data (documented for the client, karte.js)
COLUMNS = ["id", "title", "lon", "lat", "approx", "cats", "mun", "langs", "groups", "kind", "org", "place", "date",
           "topics", "wheel", "free"]


def rows(site: RenderContext) -> dict[str, Any]:
    """The map's data: one compact row per published entry, slugs replaced by indexes into
    lookup lists. About 40 % of the same data as GeoJSON features; the client rebuilds features.
    Entries without a place have no coordinates (listed beside the map); an offer without a
    place of its own points at its organisation's row (``org``) and has no ``place``. A
    protected place is an area (``approx``), or without point only in the list."""
    view = site.view
    categories = list(view.categories)
    municipalities = list(view.municipalities)
    groups = list(view.target_groups)
    kinds = list(view.offer_types)
    topics = list(view.topics)
    index = {(entry.kind, entry.slug): number for number, entry in enumerate(view.entries)}
    out = []
    for entry in view.entries:
        place = entry.place
        point = place.point if place and not entry.online else None
        lon, lat = (round(point.lon, 5), round(point.lat, 5)) if point else (None, None)
        approximate = int(entry.protected)
        text = None
        if place is not None and (not isinstance(entry, PublicOffer) or entry.own_place) and place.postcode:
            text = place.locality if approximate else f"{place.street}, {place.locality}"
        org = date_text = kind = None
        if isinstance(entry, PublicOffer):
            org = index.get(("organisation", entry.organisation))
            kind = kinds.index(entry.offer_type) if entry.offer_type in kinds else None
            date_text = next_dates_text(entry.schedule, site.options.today, entry.valid_from, entry.valid_until)
            if date_text is None and entry.schedule:
                date_text = describe_appointment(entry.schedule[0])
        municipality = place.municipality if place else None
        out.append([
            ("o/" if entry.kind == "organisation" else "a/") + entry.slug, entry.title, lon, lat, approximate,
            [categories.index(c) for c in entry.categories if c in categories],
            municipalities.index(municipality) if municipality in municipalities else -1,
            ",".join(entry.languages), [groups.index(g) for g in entry.target_groups if g in groups],
            kind, org, text, date_text,
            # the rest of the filter facets (assets/filter.js: the list and the map share this file)
            [topics.index(x) for x in entry.topics if x in topics],
            entry.accessibility.wheelchair if entry.accessibility else "unbekannt", int(entry.free),
        ])
    return {"columns": COLUMNS, "categories": categories, "municipalities": municipalities, "groups": groups,
            "kinds": kinds, "topics": topics, "entries": out}


def data_file(site: RenderContext) -> str:
    return json.dumps(rows(site), ensure_ascii=False, separators=(",", ":"))


def client_options(site: RenderContext, options: MapOptions, root: str) -> dict[str, Any]:
    """Everything the script needs besides the data: categories, texts, tiles, where the site is."""
    centres = [m.centre for m in site.view.municipalities.values()]
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
                site.view.categories.items(),
                symbols({s: c.name for s, c in site.view.categories.items()}).values(),
            )
        },
        "texts": {key: t(f"map.{key}") for key in (
            "legend", "online", "details", "route", "locate", "fullscreen", "consent_text",
            "consent_button", "approximate", "shown", "offer_by", "all_categories", "locate_failed",
            "zoom_in", "zoom_out", "close_popup", "leaflet_title", "cluster", "area", "also_here", "skip",
            "map_end", "map_label",
        )} | {"kind_o": t("ui.kind.organisation"), "kind_a": t("ui.kind.angebot")},
    }


class _Document(Figure):
    """branca's Figure as a complete document: language, title, description, icon, one
    ``<main>`` with a visually hidden h1, a text for browsers without JavaScript."""

    _template = Template(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n"
        "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>{{ this.title|e }}</title>\n"
        "<meta name=\"description\" content=\"{{ this.description|e }}\">\n"
        "<link rel=\"icon\" href=\"{{ this.icon|e }}\" type=\"image/svg+xml\">\n"
        "<link rel=\"preload\" href=\"{{ this.data|e }}\" as=\"fetch\" crossorigin>\n"
        "{% for name, element in this.header._children.items() %}{{ element.render(**kwargs) }}\n{% endfor %}"
        "</head>\n<body>\n<main class=\"sk-embed\" aria-labelledby=\"sk-embed-title\">\n"
        "<h1 id=\"sk-embed-title\" class=\"sk-visually-hidden\">{{ this.title|e }}</h1>\n"
        "<noscript><p class=\"sk-noscript\">{{ this.noscript|e }} "
        "<a href=\"{{ this.list_url|e }}\" target=\"_top\">{{ this.list_text|e }}</a></p></noscript>\n"
        "{% for name, element in this.html._children.items() %}{{ element.render(**kwargs) }}\n{% endfor %}"
        "</main>\n"
        "<script type=\"application/json\" id=\"sk-embed-texts\">{{ this.texts }}</script>\n"
        "<script>\n{% for name, element in this.script._children.items() %}{{ element.render(**kwargs) }}\n{% endfor %}"
        "</script>\n</body>\n</html>\n"
    )

    def __init__(self, *, title: str, description: str, icon: str, list_url: str, data: str,
                 texts: dict[str, Any]) -> None:
        super().__init__(title=title)
        self.description = description
        self.icon = icon
        # the entries start loading with the scripts, not after them (filter.js fetches this URL)
        self.data = data
        self.list_url = list_url
        self.noscript = t("map.noscript")
        self.list_text = t("map.noscript_link")
        # JSON inside <script>: "<" escaped, so no value can end the element
        self.texts = json.dumps(texts, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def embed_texts(site: RenderContext) -> dict[str, Any]:
    """What ``einbettung.js`` needs to name the chosen filters in the title and description:
    the names of the values of each URL parameter, and the texts around them."""
    view = site.view
    languages = sorted({code for entry in view.entries for code in entry.languages})
    name = site_name(site)
    return {
        "site": name,
        "title": t("map.embed_title_filtered", filters="{filters}", site=name),
        "description": t("map.embed_description_filtered", filters="{filters}", site=name),
        "names": {
            "kategorie": {slug: c.name for slug, c in view.categories.items()},
            "kommune": {slug: m.name for slug, m in view.municipalities.items()},
            "zielgruppe": {slug: g.name for slug, g in view.target_groups.items()},
            "art": {slug: k.name for slug, k in view.offer_types.items()},
            "sprache": {code: german_name(code) for code in languages},
        },
    }


def site_name(site: RenderContext) -> str:
    return site.options.site_name or t("map.title")


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


def map_document(site: RenderContext, options: MapOptions, *, root: str) -> str:
    """The standalone map page (also for iframes). ``root`` is the relative way to the site root.

    Its title and description name the site; the URL parameters (the chosen filters) are added
    by ``einbettung.js``, since one file serves every filter."""
    js = [("leaflet", f"{root}{VENDOR}/leaflet/leaflet.js"),
          ("markercluster", f"{root}{VENDOR}/markercluster/leaflet.markercluster.js"),
          ("suche", f"{root}{ASSETS}/suche.js"), ("filter", f"{root}{ASSETS}/filter.js"),
          ("stadtkarte", f"{root}{ASSETS}/karte.js"), ("einbettung", f"{root}{ASSETS}/einbettung.js")]
    css = [("leaflet_css", f"{root}{VENDOR}/leaflet/leaflet.css"),
           ("markercluster_css", f"{root}{VENDOR}/markercluster/MarkerCluster.css"),
           ("markercluster_default_css", f"{root}{VENDOR}/markercluster/MarkerCluster.Default.css"),
           ("stadtkarte_css", f"{root}{ASSETS}/karte.css"), ("einbettung_css", f"{root}{ASSETS}/einbettung.css")]
    name = site_name(site)
    figure = _Document(title=t("map.embed_title", site=name), description=t("map.embed_description", site=name),
                       icon=f"{root}{ASSETS}/icons/icon.svg", list_url=f"{root}verzeichnis/", data=root + DATA_FILE, texts=embed_texts(site))
    figure._id = "document"
    data = client_options(site, options, root)
    lmap = _LocalMap(location=data["centre"], zoom_start=12, tiles=None, control_scale=False, prefer_canvas=False)
    # karte.js adds a metric-only scale and German control labels
    lmap.default_js = js
    lmap.default_css = css
    lmap._id = "stadtkarte"
    figure.add_child(lmap)
    lmap.add_child(_Stadtkarte(data))
    # folium adds a viewport that forbids zooming (user-scalable=no): WCAG 1.4.4 needs zoom.
    # and a second charset declaration (the document has its own <meta charset>)
    return _FOLIUM_META.sub("", figure.render())


_FOLIUM_META = re.compile(
    r'<meta name="viewport" content="width=device-width,\s*initial-scale=1\.0, maximum-scale=1\.0, user-scalable=no" />\s*'
    r'|<meta http-equiv="content-type" content="text/html; charset=UTF-8" />\s*')
