"""GeoJSON (RFC 7946) of every published place: one Point feature per organisation and offer that
has a place, coordinates in longitude/latitude order (WGS 84), properties as in :mod:`.records`.

Entries without a place (online only) are in the CSV files, not here. The map loads a compact
subset of the same data (``karte/eintraege.json``).
"""

from __future__ import annotations

import json
from typing import Any

from ..render import RenderContext
from . import FOLDER, records

PATH = f"{FOLDER}/orte.geojson"


def feature(record: dict[str, Any], kind: str) -> dict[str, Any] | None:
    if record["lat"] is None or record["lon"] is None:
        return None
    properties = {"typ": kind, **{k: v for k, v in record.items() if k not in ("lat", "lon")}}
    return {
        "type": "Feature",
        "id": record["id"],
        "geometry": {"type": "Point", "coordinates": [record["lon"], record["lat"]]},
        "properties": properties,
    }


def collection(site: RenderContext) -> dict[str, Any]:
    organisations, offers = records.all_records(site)
    found = [feature(r, "organisation") for r in organisations] + [feature(r, "angebot") for r in offers]
    features = [f for f in found if f is not None]
    data: dict[str, Any] = {"type": "FeatureCollection"}
    if features:
        lons = [f["geometry"]["coordinates"][0] for f in features]
        lats = [f["geometry"]["coordinates"][1] for f in features]
        data["bbox"] = [min(lons), min(lats), max(lons), max(lats)]
    # a foreign member (RFC 7946 §6.1): the licence travels with the file
    data["lizenz"] = site.options.export.as_data()
    data["features"] = features
    return data


def files(site: RenderContext) -> list[tuple[str, str]]:
    text = json.dumps(collection(site), ensure_ascii=False, separators=(",", ":"))
    return [(PATH, text + "\n")]
