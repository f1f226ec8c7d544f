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


def normalise_address(address: Address) -> str:
    """A stable key for an address: ``Wilhelmstraße 5, 71638 Ludwigsburg`` and
    ``wilhelmstr. 5 , 71638  LUDWIGSBURG`` give the same key."""
    street = unicodedata.normalize("NFC", address.street).casefold().replace("ß", "ss")
    street = re.sub(r"str(asse|\.)", "str", street)
    street = re.sub(r"[.,]", " ", street)
    street = re.sub(r"\s*-\s*", "-", street)
    street = re.sub(r"\s+", " ", street).strip()
    town = re.sub(r"\s+", " ", unicodedata.normalize("NFC", address.town).casefold()).strip()
    return f"{street}, {address.postcode} {town}"


@dataclass(frozen=True)
class CachedPlace:
    lat: float
    lon: float
    source: str
    kind: str | None = None
    fetched: str | None = None


class GeoCache:
    """Read and (for the geocode command) update the cache file."""

    def __init__(self, path: Path, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = entries or {}

    @classmethod
    def load(cls, path: Path) -> GeoCache:
        """Load ``path``; a missing file is an empty cache."""
        if not path.exists():
            return cls(path)
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: geocode cache must be a JSON object")
        return cls(path, data)

    def get(self, address: Address) -> CachedPlace | None:
        found = self.entries.get(normalise_address(address))
        if not found:
            return None
        return CachedPlace(float(found["lat"]), float(found["lon"]), found.get("source", ""), found.get("kind"), found.get("fetched"))

    def put(self, address: Address, place: CachedPlace) -> None:
        entry = {"lat": place.lat, "lon": place.lon, "source": place.source}
        if place.kind:
            entry["kind"] = place.kind
        if place.fetched:
            entry["fetched"] = place.fetched
        self.entries[normalise_address(address)] = entry

    def save(self) -> None:
        """Write the whole cache atomically, sorted so diffs stay small."""
        text = json.dumps(self.entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        atomic.write_text(self.path, text)
