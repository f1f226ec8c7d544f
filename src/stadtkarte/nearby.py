"""Near me without a third party: the centres of the Stadtteile, postcodes and municipalities,
computed at build time from the public view, so a visitor can sort the list by distance from a
chosen area (``assets/stadtkarte/naehe.js``); the visitor's own position never leaves the browser.

A centre is the mean of the distinct public points in the area. The public view already holds a
protected place only as its area point (:func:`stadtkarte.geo.coarsen`) or without any point
(``geschuetzte_orte: keiner``), so no centre can reveal more than the map shows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .i18n import t
from .publish import PublicView

__all__ = ["Area", "areas"]


@dataclass(frozen=True)
class Area:
    """One choice in "Von Stadtteil oder PLZ aus": ``id`` is the URL value (``nahe=plz-71636``)."""

    id: str
    kind: str  # "stadtteil", "plz" or "ort"
    name: str
    lat: float
    lon: float


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _centre(points: set[tuple[float, float]]) -> tuple[float, float]:
    return (round(sum(p[0] for p in points) / len(points), 5), round(sum(p[1] for p in points) / len(points), 5))


def areas(view: PublicView) -> list[Area]:
    """Stadtteile (by name, then town), postcodes and — when the site covers more than one —
    municipalities (their ``zentrum`` from kommunen.yml), each group sorted by name."""
    districts: dict[tuple[str, str], set[tuple[float, float]]] = {}
    postcodes: dict[tuple[str, str], set[tuple[float, float]]] = {}
    for entry in view.entries:
        place = entry.place
        if place is None or place.point is None or entry.online:
            continue
        point = (place.point.lat, place.point.lon)
        if place.postcode:
            postcodes.setdefault((place.postcode, place.town or ""), set()).add(point)
        if place.district:
            districts.setdefault((place.district, place.town or ""), set()).add(point)
    found: list[Area] = []
    for (name, town), points in sorted(districts.items(), key=lambda item: (item[0][0].casefold(), item[0][1])):
        label = t("ui.near.district", district=name, town=town) if town else name
        found.append(Area(f"teil-{_slug(name)}-{_slug(town)}".rstrip("-"), "stadtteil", label, *_centre(points)))
    for (code, town), points in sorted(postcodes.items()):
        found.append(Area(f"plz-{code}-{_slug(town)}".rstrip("-"), "plz", f"{code} {town}".strip(), *_centre(points)))
    if len(view.municipalities) > 1:
        for slug, municipality in sorted(view.municipalities.items(), key=lambda item: item[1].name.casefold()):
            found.append(Area(f"ort-{slug}", "ort", municipality.name,
                              round(municipality.centre.lat, 5), round(municipality.centre.lon, 5)))
    return found
