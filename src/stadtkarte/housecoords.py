"""Official house coordinates from a CSV file (geocode provider ``csv``), read without network
code, so that ``validate`` can check the file too (see :mod:`.cacheclean`).

Columns strasse, plz, ort, lat, lon and optionally hausnummer; ``,`` or ``;``. A wrong file
raises :class:`GeocodeConfigError` with a German message naming the file, line and what to fix.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .geocache import normalise_address
from .i18n import t
from .models import Address

CSV_COLUMNS = ("strasse", "plz", "ort", "lat", "lon")
CSV_EXAMPLE = "strasse;hausnummer;plz;ort;lat;lon"


class GeocodeConfigError(ValueError):
    """Settings or an offline CSV that cannot be used; the text is German and says what to fix."""


def read_house_coordinates(path: Path) -> dict[str, tuple[float, float, int]]:
    """Normalised address → (lat, lon, line in the file)."""
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise GeocodeConfigError(t("geocode.csv.encoding", path=path)) from None
    lines = text.splitlines()
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;") if lines else None
    except csv.Error:
        dialect = None
    if dialect is None:
        raise GeocodeConfigError(t("geocode.csv.columns", path=path, missing=", ".join(CSV_COLUMNS), found="–", example=CSV_EXAMPLE))
    reader = csv.DictReader(lines, dialect=dialect)
    header = [name.strip().casefold() for name in reader.fieldnames or []]
    missing = [name for name in CSV_COLUMNS if name not in header]
    if missing:
        raise GeocodeConfigError(t(
            "geocode.csv.columns", path=path, missing=", ".join(missing), found=", ".join(header) or "–",
            example=CSV_EXAMPLE,
        ))
    reader.fieldnames = header
    places: dict[str, tuple[float, float, int]] = {}
    for number, row in enumerate(reader, start=2):
        key, lat, lon = _row(path, number, row)
        places[key] = (lat, lon, number)
    return places


def _row(path: Path, number: int, row: dict[str, str]) -> tuple[str, float, float]:
    street = (row["strasse"] or "") + (f" {row['hausnummer']}" if row.get("hausnummer") else "")
    try:
        lat, lon = (float((row[key] or "").strip().replace(",", ".")) for key in ("lat", "lon"))
    except ValueError:
        raise GeocodeConfigError(t("geocode.csv.number", path=path, line=number, lat=row["lat"], lon=row["lon"])) from None
    try:
        address = Address.model_validate({"strasse": street, "plz": row["plz"], "ort": row["ort"], "kommune": "csv"})
    except Exception:  # noqa: BLE001 - any unusable value in the row: say which row
        raise GeocodeConfigError(t("geocode.csv.row", path=path, line=number)) from None
    return normalise_address(address), lat, lon
