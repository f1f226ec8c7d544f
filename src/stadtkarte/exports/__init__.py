"""Open data from the same build: GeoJSON, CSV, iCalendar and Open Referral HSDS 3.0.

Every build writes the exports below ``export/`` from the validated catalogue, with identifiers
that stay the same from one build to the next (:mod:`.ids`). What is published follows the same
rules as the pages: hidden and expired entries are left out, a protected place
(``standort_oeffentlich: false``) appears only as its coarse grid cell without street, and a
contact person's name only with ``einverstanden: true``.

The modules return ``(path, content)`` pairs; :mod:`stadtkarte.pages` adds them to the site and
renders the ``/export/`` page that lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import t

if TYPE_CHECKING:
    from ..pages import Site

FOLDER = "export"

#: licences a city can name by their short id in mkdocs.yml; any other text is used as the name
LICENCES = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/deed.de",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/deed.de",
    "dl-de/by-2-0": "https://www.govdata.de/dl-de/by-2-0",
    "dl-de/zero-2-0": "https://www.govdata.de/dl-de/zero-2-0",
}


@dataclass
class ExportOptions:
    """From ``extra.stadtkarte.export`` in mkdocs.yml."""

    licence: str = "cc-by-4.0"
    licence_url: str | None = None
    attribution: str = ""  # e.g. "Stadt Ludwigsburg, Integrationsbeauftragte"
    #: the text the stable identifiers are derived from; set once and never change it
    namespace: str | None = None
    #: the Bundesland for HSDS addresses of towns without an ``ags`` in data/kommunen.yml
    state: str | None = None

    @property
    def licence_name(self) -> str:
        return t(f"licence.{self.licence}") if self.licence in LICENCES else self.licence

    @property
    def licence_link(self) -> str | None:
        """The licence text's address; only http(s), so no ``javascript:`` reaches a link."""
        link = self.licence_url or LICENCES.get(self.licence)
        return link if link and link.startswith(("https://", "http://")) else None

    def as_data(self) -> dict[str, str]:
        """The licence as it is embedded in the JSON exports."""
        data = {"name": self.licence_name}
        if self.licence_link:
            data["url"] = self.licence_link
        if self.attribution:
            data["namensnennung"] = self.attribution
        return data


@dataclass(frozen=True)
class Download:
    """One file on the ``/export/`` page."""

    name: str
    purpose: str
    path: str
    format: str
    size: str


def size_text(octets: int) -> str:
    """``1.234.567`` → ``1,2 MB`` (German decimal comma)."""
    if octets >= 1024 * 1024:
        return f"{octets / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, round(octets / 1024))} KB"


def downloads(site: Site, sizes: dict[str, int]) -> dict[str, list[Download]]:
    """What the ``/export/`` page lists: the data files, and the calendars per category."""
    from . import geojson, hsds, ical, tables

    def one(key: str, path: str, fmt: str, **params: str) -> Download:
        return Download(t(f"export.{key}.name", **params), t(f"export.{key}.purpose"), path, fmt, size_text(sizes[path]))

    org_comma, org_semicolon = tables.paths("organisationen")
    offer_comma, offer_semicolon = tables.paths("angebote")
    files = [
        one("geojson", geojson.PATH, "GeoJSON"),
        one("csv_organisations", org_semicolon, t("export.csv_semicolon")),
        one("csv_offers", offer_semicolon, t("export.csv_semicolon")),
        one("csv_organisations", org_comma, t("export.csv_comma")),
        one("csv_offers", offer_comma, t("export.csv_comma")),
        one("hsds", hsds.PATH, "JSON"),
        one("calendar_all", ical.ALL_PATH, "iCalendar"),
    ]
    calendars = [
        Download(category.name, "", ical.category_path(slug), "iCalendar", size_text(sizes[ical.category_path(slug)]))
        for slug, category in site.taxonomy.categories.items()
    ]
    return {"files": files, "calendars": calendars}


def export_files(site: Site) -> list[tuple[str, str | bytes]]:
    """Every export file of the site as ``(path, content)``."""
    from . import geojson, hsds, ical, tables

    files: list[tuple[str, str | bytes]] = []
    files += geojson.files(site)
    files += tables.files(site)
    files += hsds.files(site)
    files += ical.files(site)
    return files
