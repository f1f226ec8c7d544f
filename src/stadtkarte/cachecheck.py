"""The geocode cache a pull request check hands on, checked before it is committed.

The job of ``pruefen.yml`` that runs a pull request's code ("daten") has no secrets and a
read-only token: it geocodes new addresses and hands ``data/geocache.json`` on as an artifact.
The job that commits it ("koordinaten") holds the write token and runs no code of the pull
request: only this module, checked out from the default branch and run with the standard
library alone (no ``make install``: no package, no cache of packages, nothing the pull request
could have planted runs next to the token).

The artifact was written by code the pull request could change, so it is untrusted. It is taken
only if it has the cache's shape and nothing else (an object of normalised addresses, each with
numbers for ``lat``/``lon`` within range and short texts for the rest), and it is written again
in the cache's own form (``stadtkarte.geocache.GeoCache.save``: sorted keys, one field a line),
so no byte of it passes unread.

``python -m stadtkarte.cachecheck ARTIFACT OUT`` writes OUT and exits 0 for a cache; otherwise it
prints why (one German line, for the job log, as a GitHub error annotation) and exits 1.
The texts live here, not in the message catalogue: reading that needs PyYAML, an installed package.
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from pathlib import Path
from typing import Any

#: far more than a district's cache (500 entries are about 100 kB)
MAX_BYTES = 5_000_000
MAX_TEXT = 300
#: what an entry may hold (stadtkarte.geocache.GeoCache.put), with the kind of each value
FIELDS = {"lat": "number", "lon": "number", "source": "text", "kind": "text", "fetched": "text", "note": "text",
          "status": "status", "not_found": "flag"}
STATUSES = {"verdaechtig", "nicht_gefunden"}
RANGES = {"lat": (-90.0, 90.0), "lon": (-180.0, 180.0)}

TEXTS = {
    "size": "Geocode-Cache aus der Prüfung ist zu groß ({size} Bytes, höchstens {most}) – nichts übernommen",
    "json": "Geocode-Cache aus der Prüfung ist kein JSON (UTF-8) – nichts übernommen",
    "object": "Geocode-Cache aus der Prüfung ist kein JSON-Objekt aus Adressen – nichts übernommen",
    "key": "Geocode-Cache aus der Prüfung: „{key}“ ist keine Adresse (Text bis {most} Zeichen ohne Steuerzeichen) – nichts übernommen",
    "entry": "Geocode-Cache aus der Prüfung: zu „{key}“ gehört ein Objekt mit lat, lon, source … – nichts übernommen",
    "field": "Geocode-Cache aus der Prüfung: „{key}“ hat das Feld „{field}“, das ein Cache nicht kennt – nichts übernommen",
    "value": "Geocode-Cache aus der Prüfung: „{key}“ → „{field}“ hat keinen erlaubten Wert – nichts übernommen",
    "pair": "Geocode-Cache aus der Prüfung: „{key}“ hat lat ohne lon oder lon ohne lat – nichts übernommen",
}


class NotACache(ValueError):
    """The artifact is not a geocode cache; the text says why (German)."""


def _shown(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text[:60])


def _clean_text(value: Any) -> bool:
    return (isinstance(value, str) and 0 < len(value) <= MAX_TEXT
            and not any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in value))


def _value_ok(kind: str, name: str, value: Any) -> bool:
    if kind == "number":
        low, high = RANGES[name]
        return (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
                and low <= value <= high)
    if kind == "status":
        return value in STATUSES
    if kind == "flag":
        return value is True
    return _clean_text(value)


def check(raw: bytes) -> dict[str, dict[str, Any]]:
    """The cache in ``raw``, or ``NotACache`` with the first reason it is not one."""
    if len(raw) > MAX_BYTES:
        raise NotACache(TEXTS["size"].format(size=len(raw), most=MAX_BYTES))
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=lambda name: math.nan)
    except (UnicodeDecodeError, ValueError):
        raise NotACache(TEXTS["json"]) from None
    if not isinstance(data, dict):
        raise NotACache(TEXTS["object"])
    for key, entry in data.items():
        if not _clean_text(key):
            raise NotACache(TEXTS["key"].format(key=_shown(key), most=MAX_TEXT))
        if not isinstance(entry, dict):
            raise NotACache(TEXTS["entry"].format(key=_shown(key)))
        for name, value in entry.items():
            if name not in FIELDS:
                raise NotACache(TEXTS["field"].format(key=_shown(key), field=_shown(str(name))))
            if not _value_ok(FIELDS[name], name, value):
                raise NotACache(TEXTS["value"].format(key=_shown(key), field=name))
        if ("lat" in entry) != ("lon" in entry):
            raise NotACache(TEXTS["pair"].format(key=_shown(key)))
    return data


def canonical(cache: dict[str, dict[str, Any]]) -> str:
    """The cache as ``stadtkarte geocode`` writes it."""
    return json.dumps(cache, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    source, target = (argv if argv is not None else sys.argv[1:])[:2]
    try:
        cache = check(Path(source).read_bytes())
    except NotACache as reason:
        print(f"::error::{reason}")
        return 1
    Path(target).write_text(canonical(cache), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
