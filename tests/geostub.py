"""A geocoder on 127.0.0.1 that answers like Nominatim and Photon, failures included.

Behaviours are scripted per request number or per address, and every request is recorded
(arrival time, query) so tests can assert spacing, retries and "no request at all".
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from werkzeug import Request, Response

CENTRE = (48.8975, 9.1922)  # Ludwigsburg, as in tests/fixtures/stadt/kommunen.yml


def point_for(text: str) -> tuple[float, float]:
    """A stable point within ~2 km of the centre for any address text."""
    digest = hashlib.sha256(text.encode()).digest()
    return CENTRE[0] + (digest[0] - 128) / 128 * 0.015, CENTRE[1] + (digest[1] - 128) / 128 * 0.02


def nominatim_hit(lat: float, lon: float, rank: int = 30, kind: str = "house") -> list[dict]:
    return [{
        "place_id": 1, "licence": "Data © OpenStreetMap contributors, ODbL 1.0", "osm_type": "node",
        "lat": f"{lat:.7f}", "lon": f"{lon:.7f}", "class": "building", "type": kind, "addresstype": kind,
        "place_rank": rank, "display_name": "Stub, Ludwigsburg, Deutschland", "address": {"country_code": "de"},
    }]


def photon_hit(lat: float, lon: float, kind: str = "house", country: str = "DE") -> dict:
    return {"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"name": "Stub", "street": "Stubstraße", "housenumber": "1", "postcode": "71638",
                       "city": "Ludwigsburg", "countrycode": country, "type": kind},
    }]}


@dataclass
class Seen:
    at: float
    path: str
    args: dict[str, str]

    @property
    def text(self) -> str:
        """The address asked for, whichever API."""
        if "q" in self.args:
            return self.args["q"]
        return f"{self.args.get('street', '')}, {self.args.get('postalcode', '')} {self.args.get('city', '')}"


@dataclass
class Stub:
    """Decides each answer: ``behave(number, seen)`` returns a werkzeug Response or None for a hit."""

    behave: Callable[[int, Seen], Response | None] = lambda n, s: None
    kind: str = "nominatim"
    requests: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: when a request arrived (a test of spacing passes the client's virtual clock)
    clock: Callable[[], float] = time.monotonic

    def handler(self, request: Request) -> Response:
        seen = Seen(self.clock(), request.path, dict(request.args))
        with self.lock:
            self.requests.append(seen)
            number = len(self.requests)
        scripted = self.behave(number, seen)
        if scripted is not None:
            return scripted
        lat, lon = point_for(seen.text)
        body = nominatim_hit(lat, lon) if self.kind == "nominatim" else photon_hit(lat, lon)
        return Response(json.dumps(body), content_type="application/json")


def json_response(body: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json", headers=headers)


def hang(seconds: float) -> Response:
    time.sleep(seconds)
    return json_response([])
