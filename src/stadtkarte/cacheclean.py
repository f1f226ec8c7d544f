"""The geocode cache holds no secret: only keys that a current public address (or a protected
place's area) uses.

A place made protected (``standort_oeffentlich: false``) keeps its street and house point in
``data/geocache.json`` until something removes them; the cache is kept in git, so the secret would
stay in every clone. ``stadtkarte geocode`` removes every key no current entry uses
(:func:`clean`), and ``stadtkarte validate`` fails while the cache holds one (:func:`problems`),
naming the line, never the street. Removing *every* unused key (old, deleted entries too) is the
simplest rule that is always safe: a key still needed is asked again by the next geocode run.

No network code here: ``validate`` uses it too.
"""

from __future__ import annotations

import json
from pathlib import Path

from .entries import Catalogue, Entry
from .geocache import GeoCache, normalise_address
from .housecoords import GeocodeConfigError, read_house_coordinates
from .i18n import t
from .models import Address
from .problems import Problem
from .publish import is_protected


def area_of(address: Address) -> Address:
    """The part of an address that may be sent for a protected place: PLZ, Ort, Stadtteil."""
    return Address.model_validate(
        {"plz": address.postcode, "ort": address.town, "stadtteil": address.district, "kommune": address.municipality}
    )


def lookup_address(catalogue: Catalogue, entry: Entry) -> Address | None:
    """What may be looked up for ``entry``: its address, for a protected place only its area."""
    address = catalogue.address(entry)
    if address is None:
        return None
    return area_of(address) if is_protected(catalogue, entry) else address


def used_keys(catalogue: Catalogue) -> set[str]:
    """The cache keys of every current entry's lookup address (visible or not, own coordinates or
    not, also of entries read leniently because of an error elsewhere in their file), and the
    area of each (PLZ, Ort, Stadtteil: no secret, kept for a place that was protected until now)."""
    entries = [*catalogue.organisations.values(), *catalogue.offers.values(), *catalogue.salvaged]
    used = set()
    for entry in entries:
        try:
            address = lookup_address(catalogue, entry)
            if address is not None:
                used |= {normalise_address(address), normalise_address(area_of(address))}
        except (ValueError, TypeError, AttributeError):  # a salvaged entry's address is incomplete
            continue
    return used


def unused_keys(catalogue: Catalogue, cache: GeoCache) -> list[str]:
    used = used_keys(catalogue)
    return sorted(key for key in cache.entries if key not in used)


def clean(catalogue: Catalogue, cache: GeoCache) -> int:
    """Remove the unused keys from ``cache`` (the caller saves it); how many were removed."""
    unused = unused_keys(catalogue, cache)
    for key in unused:
        del cache.entries[key]
    return len(unused)


def _key_lines(path: Path) -> dict[str, int]:
    """Where each key of the cache file stands (``"key": {`` opens its line, as the cache is written)."""
    found: dict[str, int] = {}
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        return found
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text.startswith('"') and text.endswith("{"):
            try:
                found.setdefault(json.loads(text.rstrip("{").rstrip().rstrip(":")), number)
            except (ValueError, TypeError):
                continue
    return found


def problems(catalogue: Catalogue) -> list[Problem]:
    """An error for each cache key no current entry uses: it may be the street of a place that is
    protected now. The message names the line and the command, not the address."""
    cache = catalogue.geocache
    if cache is None or not cache.entries:
        return []
    unused = unused_keys(catalogue, cache)
    if not unused:
        return []
    lines = _key_lines(cache.path)
    return [Problem(cache.path, lines.get(key, 1), 2 if key in lines else 1, (), t("cache.unused")) for key in unused]


#: a house-coordinates file inside the repository with fewer rows than this was made by hand,
#: probably from the directory's own addresses (an official complete file has thousands)
SMALL_CSV_ROWS = 1000


def csv_problems(catalogue: Catalogue, csv_file: Path | None, repository: Path) -> list[Problem]:
    """A house-coordinates file (geocode provider ``csv``) inside the repository that is small
    and holds addresses no current entry uses: each such row may be a protected place's street.
    The official complete file, or any file outside the repository, is fine."""
    if csv_file is None or not csv_file.is_file():
        return []
    try:
        csv_file.resolve().relative_to(repository.resolve())
    except ValueError:
        return []  # outside the repository: never committed
    try:
        places = read_house_coordinates(csv_file)
    except (GeocodeConfigError, OSError):
        return []  # geocode says what is wrong with it
    if len(places) >= SMALL_CSV_ROWS:
        return []
    used = used_keys(catalogue)
    return [Problem(csv_file, line, 1, (), t("cache.csv_unused")) for key, (_, _, line) in places.items() if key not in used]


def stored_secrets(catalogue: Catalogue, config_file: Path) -> list[Problem]:
    """What ``validate`` adds: unused cache keys, and the house-coordinates file named in
    ``config_file`` (mkdocs.yml) if it lies in the repository (the folder of ``config_file``)."""
    from .settings import load_settings

    found = problems(catalogue)
    try:
        settings = load_settings(config_file)
    except Exception:  # noqa: BLE001 - an unreadable mkdocs.yml: check_settings reports it
        return found
    if settings.geocoder.csv:
        found += csv_problems(catalogue, settings.root / settings.geocoder.csv, settings.root)
    return found
