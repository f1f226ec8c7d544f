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
import math
import re
import unicodedata
from typing import Any

import folium
from branca.element import Figure, MacroElement
from jinja2 import Template

from . import bundles as join
from .i18n import available_languages, site_messages, t
from .languages import direction
from .publish import WEEKDAYS, PublicOffer, PublicOrganisation
from .render import MapOptions, RenderContext
from .schedule import describe_appointment, encode, next_dates_text

ASSETS = "assets/stadtkarte"
VENDOR = f"{ASSETS}/vendor"
DATA_FILE = "karte/eintraege.json"
DETAILS_FILE = "karte/details.json"

#: what the map document loads, in this order, as one script and one stylesheet (see bundles())
SCRIPTS = ("vendor/leaflet/leaflet.js", "vendor/markercluster/leaflet.markercluster.js", "suche.js", "zeit.js",
           "naehe.js", "filter.js", "karte.js", "einbettung.js")
STYLESHEETS = ("vendor/leaflet/leaflet.css", "vendor/markercluster/MarkerCluster.css",
               "vendor/markercluster/MarkerCluster.Default.css", "karte.css", "einbettung.css", "schrift.css")
BUNDLE_JS = f"{ASSETS}/karte-paket.js"
BUNDLE_CSS = f"{ASSETS}/karte-paket.css"


__all__ = ["BOARD_OFFERS", "BUNDLE_CSS", "BUNDLE_JS", "bundles", "BOARD_SEEKS", "COLUMNS", "DETAIL_COLUMNS", "DETAILS_FILE", "board_bits", "DATA_FILE", "details", "details_file", "MapOptions", "client_options", "data_file", "first_view", "map_document", "rows", "symbols"]


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


#: column order of one row in the map data (documented for the client, karte.js and filter.js)
COLUMNS = ["id", "title", "lon", "lat", "approx", "cats", "mun", "langs", "groups", "kind", "org", "topics", "wheel",
           "free", "board"]
#: what only popups and the time filters need, in a second file (DETAILS_FILE), row for row: the
#: map draws its markers without it and fetches it afterwards, the list when it counts times
DETAIL_COLUMNS = ["place", "date", "zeit"]

#: the ``board`` column: what an organisation posts on the Pinnwand, as bits (0: nothing)
BOARD_SEEKS, BOARD_OFFERS = 1, 2


def rows(site: RenderContext) -> dict[str, Any]:
    """The map's data: one compact row per published entry, slugs replaced by indexes into
    lookup lists. About 40 % of the same data as GeoJSON features; the client rebuilds features.
    Entries without a place have no coordinates (listed beside the map); an offer without a
    place of its own points at its organisation's row (``org``). A protected place is an area
    (``approx``), or without point only in the list. The place in words, the next date and the
    schedule are in :func:`details`."""
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
        org = kind = None
        if isinstance(entry, PublicOffer):
            org = index.get(("organisation", entry.organisation))
            kind = kinds.index(entry.offer_type) if entry.offer_type in kinds else None
        municipality = place.municipality if place else None
        out.append([
            ("o/" if entry.kind == "organisation" else "a/") + entry.slug, entry.title, lon, lat, int(entry.protected),
            [categories.index(c) for c in entry.categories if c in categories],
            municipalities.index(municipality) if municipality in municipalities else -1,
            ",".join(entry.languages), [groups.index(g) for g in entry.target_groups if g in groups],
            kind, org,
            # the rest of the filter facets (assets/filter.js: the list and the map share this file)
            [topics.index(x) for x in entry.topics if x in topics],
            entry.accessibility.wheelchair if entry.accessibility else "unbekannt", int(entry.free),
            board_bits(entry),
        ])
    return {"columns": COLUMNS, "categories": categories, "municipalities": municipalities, "groups": groups,
            "kinds": kinds, "topics": topics, "access": access_words(), "entries": out}


def access_words() -> list[str]:
    """The words that choose the wheelchair filter when typed into the search ("barrierefrei",
    "Rollstuhl", "wheelchair" …, ``search.access_words``), of every language with a locale file,
    so a German word works on the English pages, too (assets/filter.js). A text match would find
    nearly every entry: each page names its accessibility, also "not wheelchair accessible"."""
    words = {
        unicodedata.normalize("NFC", word.strip().lower())
        for language in available_languages()
        for word in site_messages(language)["search.access_words"].split(",")
    }
    return sorted(word for word in words if word)


def details(site: RenderContext) -> dict[str, Any]:
    """The second file, row for row with :func:`rows`: the place in words (``None`` for an offer
    at its organisation's place: the client takes the organisation's), the build day's next date
    in words (only where the browser cannot compute one from the schedule: no schedule, or no
    date ahead) and the schedule for ``zeit.js`` (schedule.encode)."""
    today = site.options.today
    out = []
    for entry in site.view.entries:
        place = entry.place
        text = None
        if place is not None and (not isinstance(entry, PublicOffer) or entry.own_place) and place.postcode:
            text = place.locality if entry.protected else f"{place.street}, {place.locality}"
        if isinstance(entry, PublicOffer):
            zeit = encode(entry.schedule, today, entry.valid_from, entry.valid_until)
            date_text = next_dates_text(entry.schedule, today, entry.valid_from, entry.valid_until)
            if date_text is None and entry.schedule:
                date_text = describe_appointment(entry.schedule[0])
            elif zeit is not None:
                date_text = None  # the browser says it, for the moment of looking: "Heute 18:00"
        else:
            zeit, date_text = encode(entry.opening_hours, today), None
        out.append([text, date_text, zeit])
    return {"columns": DETAIL_COLUMNS, "entries": out}


def board_bits(entry: PublicOffer | PublicOrganisation) -> int:
    """The ``board`` column: BOARD_SEEKS if the organisation seeks support ("Wir suchen
    Unterstützung"), BOARD_OFFERS if it offers something (filter facet ``pinnwand``)."""
    if not isinstance(entry, PublicOrganisation):
        return 0
    return (BOARD_SEEKS if entry.support_wanted else 0) | (BOARD_OFFERS if entry.we_offer else 0)


def data_file(site: RenderContext) -> str:
    return json.dumps(rows(site), ensure_ascii=False, separators=(",", ":"))


def details_file(site: RenderContext) -> str:
    return json.dumps(details(site), ensure_ascii=False, separators=(",", ":"))


#: markercluster's radius (karte.js: maxClusterRadius) and the zooms the whole map may open at
CLUSTER_RADIUS = 80
FIRST_ZOOMS = (7, 15)
#: the map sizes (px) the first view is prepared for: a phone's small map up to a wide screen
FIRST_SIZES = ((280, 200), (2560, 1440))


def first_view(site: RenderContext) -> dict[str, Any] | None:
    """The map's first view without filters, worked out at build time: the bounds ``karte.js``
    fits (every pin, an area with its extent, padded by a tenth) and, for each zoom that view
    can open at, the bundles at that zoom (``[lat, lon, count]``; a lone pin
    ``[lat, lon, 1, category, bits]``, bits 1 offer, 2 seeks support). The map draws them at once,
    before its data arrives, and replaces them with its own clusters when the data is in."""
    points = []
    for entry in site.view.entries:
        place = entry.place
        point = place.point if place and not entry.online else None
        if point is None or not entry.categories:
            continue
        points.append((entry, point.lat, point.lon))
    if not points:
        return None
    south = west = math.inf
    north = east = -math.inf
    for entry, lat, lon in points:
        # an area counts with its extent (Leaflet's LatLng.toBounds(800): 800 m across)
        dlat = 180 * 400 / 40075017 if entry.protected else 0.0
        dlon = dlat / math.cos(math.radians(lat)) if entry.protected else 0.0
        south, north = min(south, lat - dlat), max(north, lat + dlat)
        west, east = min(west, lon - dlon), max(east, lon + dlon)
    # LatLngBounds.pad(0.1)
    hlat, hlon = (north - south) * 0.1, (east - west) * 0.1
    south, north, west, east = south - hlat, north + hlat, west - hlon, east + hlon
    width0 = _x(east, 0) - _x(west, 0)
    height0 = _y(south, 0) - _y(north, 0)

    def fit(size: tuple[int, int]) -> int:
        scale = min(size[0] / width0 if width0 else math.inf, size[1] / height0 if height0 else math.inf)
        zoom = math.floor(math.log2(scale)) if scale != math.inf else FIRST_ZOOMS[1]
        return max(FIRST_ZOOMS[0], min(FIRST_ZOOMS[1], zoom))

    categories = list(site.view.categories)
    pins = [p for p in points if not p[0].protected]
    levels = {str(zoom): _bundles(pins, zoom, categories)
              for zoom in range(fit(FIRST_SIZES[0]), fit(FIRST_SIZES[1]) + 1)}
    return {"bounds": [[round(south, 5), round(west, 5)], [round(north, 5), round(east, 5)]], "levels": levels}


def _x(lon: float, zoom: int) -> float:
    """Leaflet's Web Mercator pixel x at ``zoom`` (256 px tiles)."""
    return 256 * 2 ** zoom * (lon / 360 + 0.5)


def _y(lat: float, zoom: int) -> float:
    lat = max(-85.0511287798, min(85.0511287798, lat))
    return 256 * 2 ** zoom * (0.5 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi))


def _bundles(points: list[tuple[Any, float, float]], zoom: int, categories: list[str]) -> list[list[Any]]:
    """markercluster's way at one zoom, in data order: a pin joins the nearest bundle within the
    radius, else forms one with the nearest lone pin within it, else stays alone. A bundle is
    drawn at the mean of its pins."""
    radius = CLUSTER_RADIUS
    grid: dict[tuple[int, int], list[list[Any]]] = {}  # cell → bundles [x, y, n, sum lat, sum lon, first]
    for point in points:
        _, lat, lon = point
        x, y = _x(lon, zoom), _y(lat, zoom)
        cell = (int(x // radius), int(y // radius))
        best, best_distance = None, radius * radius
        for single_pass in (False, True):  # bundles first, then lone pins (markercluster's order)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for bundle in grid.get((cell[0] + dx, cell[1] + dy), ()):
                        if (bundle[2] == 1) != single_pass:
                            continue
                        distance = (bundle[0] - x) ** 2 + (bundle[1] - y) ** 2
                        if distance <= best_distance:
                            best, best_distance = bundle, distance
            if best is not None:
                break
        if best is None:
            grid.setdefault(cell, []).append([x, y, 1, lat, lon, point])
        else:
            best[2] += 1
            best[3] += lat
            best[4] += lon
    out = []
    for bundles in grid.values():
        for x, y, count, lat, lon, first in bundles:
            if count == 1:
                entry = first[0]
                category = next((categories.index(c) for c in entry.categories if c in categories), 0)
                bits = (1 if isinstance(entry, PublicOffer) else 0) | (2 if board_bits(entry) & BOARD_SEEKS else 0)
                out.append([round(lat, 4), round(lon, 4), 1, category, bits])
            else:
                out.append([round(lat / count, 4), round(lon / count, 4), count])
    return out


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
        "first": first_view(site),
        "centre": [sum(c.lat for c in centres) / len(centres), sum(c.lon for c in centres) / len(centres)],
        "categories": {
            slug: {"name": c.label(site.language), "colour": c.colour, "symbol": symbol}
            for (slug, c), symbol in zip(
                site.view.categories.items(),
                symbols({s: c.label(site.language) for s, c in site.view.categories.items()}).values(),
            )
        },
        "texts": {key: t(f"map.{key}") for key in (
            "legend", "online", "details", "route", "locate", "fullscreen", "consent_text",
            "consent_button", "approximate", "shown", "offer_by", "all_categories", "locate_failed",
            "zoom_in", "zoom_out", "close_popup", "leaflet_title", "cluster", "area", "also_here", "skip",
            "map_end", "map_label", "board_only", "shown_online",
        )} | {"kind_o": t("ui.kind.organisation"), "kind_a": t("ui.kind.angebot"), "board_seeks": t("ui.board_seeks"),
              "comma": t("word.comma")},
        # the next date in the visitor's browser (zeit.js), as on the cards: "Heute 18:00"
        "zeit": {key: t(f"time.{key}") for key in (
            "now_open", "now_running", "today", "tomorrow", "weekday", "date", "today_day", "tomorrow_day", "date_day",
        )} | {"weekdays": [t(f"weekday_short.{code}") for code in WEEKDAYS]},
    }


def bundles() -> dict[str, str]:
    """The map's scripts and stylesheets joined into one file each (path → text), so the map
    document makes three requests besides itself (script, style, data) instead of fifteen: on a
    server without HTTP/2 the browser opens only six connections at a time. Each part keeps its
    licence header; ``url()`` in a stylesheet is rewritten relative to the bundle. The scripts
    are not wrapped (:func:`stadtkarte.bundles.scripts`): Leaflet and its plugin define globals."""
    return {BUNDLE_JS: join.scripts(SCRIPTS, isolate=False), BUNDLE_CSS: join.stylesheets(STYLESHEETS)}


class _Document(Figure):
    """branca's Figure as a complete document: language, title, description, icon, one
    ``<main>`` with a visually hidden h1, a text for browsers without JavaScript."""

    _template = Template(
        "<!DOCTYPE html>\n<html lang=\"{{ this.language|e }}\" dir=\"{{ this.direction|e }}\">\n<head>\n"
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
                 texts: dict[str, Any], language: str = "de") -> None:
        super().__init__(title=title)
        self.language = language
        self.direction = direction(language)
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
            "kategorie": {slug: c.label(site.language) for slug, c in view.categories.items()},
            "kommune": {slug: m.label(site.language) for slug, m in view.municipalities.items()},
            "zielgruppe": {slug: g.label(site.language) for slug, g in view.target_groups.items()},
            "art": {slug: k.label(site.language) for slug, k in view.offer_types.items()},
            "sprache": {code: site.language_name(code) for code in languages},
            "pinnwand": {"sucht": t("ui.board_seeks"), "bietet": t("ui.board_offers")},
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


def map_document(site: RenderContext, options: MapOptions, *, root: str, shared: str | None = None) -> str:
    """The standalone map page (also for iframes), in the site's language. ``root`` is the
    relative way to the root of the language's pages (its data, entry pages and the list),
    ``shared`` the way to the site root with the scripts and styles (default: ``root``).

    Its title and description name the site; the URL parameters (the chosen filters) are added
    by ``einbettung.js``, since one file serves every filter."""
    assets = root if shared is None else shared
    # one script and one stylesheet (bundles(), made at build time): a map page waits for fewer requests
    js = [("stadtkarte", f"{assets}{BUNDLE_JS}")]
    css = [("stadtkarte_css", f"{assets}{BUNDLE_CSS}")]
    name = site_name(site)
    figure = _Document(title=t("map.embed_title", site=name), description=t("map.embed_description", site=name),
                       icon=f"{assets}{ASSETS}/icons/icon.svg", list_url=f"{root}verzeichnis/", data=root + DATA_FILE,
                       texts=embed_texts(site), language=site.language)
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
