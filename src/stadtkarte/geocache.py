"""The geocode cache: normalised address → coordinates, kept in git as sorted JSON.

Only ``stadtkarte geocode`` writes it (atomically, after every success); the build only reads it,
so building the site never needs the network.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import atomic
from .models import Address

CACHE_FILE = "geocache.json"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).casefold()).strip()


def normalise_address(address: Address) -> str:
    """A stable key for an address: ``Wilhelmstraße 5, 71638 Ludwigsburg`` and
    ``wilhelmstr. 5 , 71638  LUDWIGSBURG`` give the same key. An area (a protected place, no
    street) has the key of its query: ``71640 ludwigsburg`` or ``oststadt, 71640 ludwigsburg``."""
    town = _plain(address.town)
    if address.street is None:
        district = f"{_plain(address.district)}, " if address.district else ""
        return f"{district}{address.postcode} {town}"
    street = unicodedata.normalize("NFC", address.street).casefold().replace("ß", "ss")
    street = re.sub(r"str(asse|\.)", "str", street)
    street = re.sub(r"[.,]", " ", street)
    street = re.sub(r"\s*-\s*", "-", street)
    street = re.sub(r"\s+", " ", street).strip()
    return f"{street}, {address.postcode} {town}"


#: a usable result
OK = "ok"
#: a result a human must confirm (outside the area, or only the town): not used by the build
SUSPICIOUS = "verdaechtig"
#: the service knows no such address: not asked again until --refresh
NOT_FOUND = "nicht_gefunden"


@dataclass(frozen=True)
class CachedPlace:
    lat: float | None
    lon: float | None
    source: str
    kind: str | None = None
    fetched: str | None = None
    status: str = OK
    note: str | None = None

    @property
    def usable(self) -> bool:
        return self.status == OK and self.lat is not None and self.lon is not None


class GeoCache:
    """Read and (for the geocode command) update the cache file."""

    def __init__(self, path: Path, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = entries or {}

    @classmethod
    def load(cls, path: Path) -> GeoCache:
        """Load ``path``; a missing file is an empty cache. Raises ``ValueError`` if it is not a
        JSON object of objects."""
        if not path.exists():
            return cls(path)
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise ValueError("the geocode cache must be a JSON object of objects")
        return cls(path, data)

    def lookup(self, key: str) -> CachedPlace | None:
        """Whatever the cache knows about a normalised address, usable or not."""
        found = self.entries.get(key)
        if found is None:
            return None
        lat, lon = found.get("lat"), found.get("lon")
        return CachedPlace(
            float(lat) if lat is not None else None,
            float(lon) if lon is not None else None,
            found.get("source", ""),
            found.get("kind"),
            found.get("fetched"),
            found.get("status", OK),
            found.get("note"),
        )

    def get(self, address: Address) -> CachedPlace | None:
        """The usable coordinates of ``address``, or ``None``."""
        place = self.lookup(normalise_address(address))
        return place if place is not None and place.usable else None

    def put(self, key: str, place: CachedPlace) -> None:
        entry: dict[str, Any] = {"source": place.source}
        if place.lat is not None and place.lon is not None:
            entry["lat"], entry["lon"] = round(place.lat, 7), round(place.lon, 7)
        for name in ("kind", "fetched", "note"):
            if getattr(place, name):
                entry[name] = getattr(place, name)
        if place.status != OK:
            entry["status"] = place.status
        self.entries[key] = entry

    def save(self) -> None:
        """Write the whole cache atomically (temp file, fsync, rename), sorted so diffs stay small."""
        text = json.dumps(self.entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        atomic.write_text(self.path, text)
