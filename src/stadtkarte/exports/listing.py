"""All export files of a site, and what the ``/export/`` page says about each."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import t
from ..render import RenderContext
from . import geojson, hsds, ical, tables


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


def downloads(site: RenderContext, sizes: dict[str, int]) -> dict[str, list[Download]]:
    """What the ``/export/`` page lists: the data files, and the calendars per category."""

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
        Download(site.term_name("categories", slug), "", ical.category_path(slug), "iCalendar", size_text(sizes[ical.category_path(slug)]))
        for slug, category in site.view.categories.items()
    ]
    return {"files": files, "calendars": calendars}


def export_files(site: RenderContext) -> list[tuple[str, str | bytes]]:
    """Every export file of the site as ``(path, content)``."""
    files: list[tuple[str, str | bytes]] = []
    files += geojson.files(site)
    files += tables.files(site)
    files += hsds.files(site)
    files += ical.files(site)
    return files
