"""Small geometry helpers: distances, the covered area, coarsening private locations."""

from __future__ import annotations

import math
from collections.abc import Iterable

from .models import Coordinates, Municipality

EARTH_RADIUS_KM = 6371.0088
#: grid for approximate locations: 0.004° latitude × 0.006° longitude ≈ 445 m × 440 m in Germany
COARSE_LAT_STEP = 0.004
COARSE_LON_STEP = 0.006
#: radius of the area the map draws around a coarsened point, enough to cover its grid cell
COARSE_RADIUS_M = 400


def distance_km(a: Coordinates, lat: float, lon: float) -> float:
    """Great-circle distance between two points in kilometres."""
    p1, p2 = math.radians(a.lat), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(min(1.0, math.sqrt(h)))


def in_area(municipalities: Iterable[Municipality], lat: float, lon: float) -> bool:
    """True when the point lies within the radius of a covered municipality."""
    return any(distance_km(m.centre, lat, lon) <= m.radius_km for m in municipalities)


def coarsen(lat: float, lon: float) -> tuple[float, float]:
    """The centre of the ~450 m grid cell the point lies in.

    Deterministic (the same house always gives the same area, builds stay reproducible) and not
    reversible: every house in the cell gives the same point, so the map shows an area, never the
    house. The true point is at most ~310 m from the published one.
    """
    cell_lat = math.floor(lat / COARSE_LAT_STEP) * COARSE_LAT_STEP + COARSE_LAT_STEP / 2
    cell_lon = math.floor(lon / COARSE_LON_STEP) * COARSE_LON_STEP + COARSE_LON_STEP / 2
    return round(cell_lat, 4), round(cell_lon, 4)
