"""Addresses → coordinates, politely, without ever losing work.

The only network code of the project, used only by ``stadtkarte geocode``; the site build reads
the cache. Each new or changed address is asked once; the answer goes into the cache (kept in
git) atomically right after it arrives, so an interrupted run loses at most the request in
flight and the next run continues where it stopped.

Providers sit behind a tiny interface (:class:`Provider`): Nominatim (public or self-hosted),
Photon, and an offline CSV of official house coordinates for cities that have one.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from geopy import exc as geopy_errors
from geopy.adapters import AdapterHTTPError, RequestsAdapter, get_retry_after
from geopy.geocoders import Nominatim, Photon
from geopy.location import Location
from geopy.point import Point

from .cacheclean import lookup_address
from .catalogue import Catalogue, Entry
from .geo import distance_km, in_area
from .geocache import NOT_FOUND, OK, SUSPICIOUS, CachedPlace, GeoCache, normalise_address
from .housecoords import GeocodeConfigError, read_house_coordinates
from .i18n import t
from .models import Address, Municipality
from .problems import Problem
from .settings import PUBLIC_HOSTS, GeocoderSettings

#: Nominatim's place_rank: 30 a house, 26–27 a street; lower means a district, town or more
MIN_PRECISE_RANK = 26
PRECISE_PHOTON_TYPES = {"house", "street"}
#: a Retry-After beyond this ends the run instead of waiting (the service wants a break)
MAX_WAIT_SECONDS = 120.0
#: this many addresses in a row failing with temporary errors: the service is down, stop
MAX_CONSECUTIVE_FAILURES = 3


@dataclass(frozen=True)
class Query:
    address: Address
    municipality: Municipality | None

    def text(self) -> str:
        a = self.address
        if a.is_area:  # a protected place: only its area ever leaves the machine
            return f"{a.district + ', ' if a.district else ''}{a.postcode} {a.town}"
        return f"{a.street}, {a.postcode} {a.town}"


@dataclass(frozen=True)
class Found:
    lat: float
    lon: float
    kind: str
    precise: bool


class GeocodeError(Exception):
    """A lookup failed. ``temporary`` ones are retried; ``fatal`` ones end the run."""

    def __init__(self, reason: str, *, temporary: bool, fatal: bool = False, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.temporary = temporary
        self.fatal = fatal
        self.retry_after = retry_after


class Provider(Protocol):
    name: str
    #: a shared public service: at most one request per second, and a real contact in the user agent
    public: bool

    def lookup(self, query: Query) -> Found | None:
        """Coordinates for ``query``, ``None`` if the address is unknown; raises GeocodeError."""


def _viewbox(m: Municipality) -> list[Point]:
    """A box around the municipality's covered circle (to bias results towards it)."""
    dlat = m.radius_km / 111.2
    dlon = m.radius_km / (111.2 * max(0.1, math.cos(math.radians(m.centre.lat))))
    return [Point(m.centre.lat - dlat, m.centre.lon - dlon), Point(m.centre.lat + dlat, m.centre.lon + dlon)]


def _adapter(**kwargs: object) -> RequestsAdapter:
    """geopy's requests adapter without urllib3's own retries: every retry is ours, counted,
    spaced and backed off (urllib3 would silently repeat 429/503 and timeouts)."""
    return RequestsAdapter(max_retries=0, **kwargs)


def _http_status(error: BaseException) -> tuple[int | None, float | None]:
    """The HTTP status (and Retry-After) behind a geopy error, if it came from one."""
    seen = error
    while seen is not None:
        if isinstance(seen, AdapterHTTPError):
            return seen.status_code, get_retry_after(seen.headers)
        seen = seen.__cause__ or seen.__context__
    return None, None


def _connection_reason(error: BaseException) -> str:
    """Why a connection failed, in German, from the chain of causes (urllib3, ssl, socket) —
    never their English text."""
    import socket
    import ssl

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return t("geocode.reason.tls")
        if isinstance(seen, socket.gaierror):
            return t("geocode.reason.dns")
        if isinstance(seen, ConnectionRefusedError):
            return t("geocode.reason.refused_connection")
        if isinstance(seen, TimeoutError):
            return t("geocode.reason.timeout")
        seen = seen.__cause__ or seen.__context__
    text = str(error)
    for needle, key in (
        ("Name or service not known", "geocode.reason.dns"), ("nodename nor servname", "geocode.reason.dns"),
        ("getaddrinfo failed", "geocode.reason.dns"), ("Failed to resolve", "geocode.reason.dns"),
        ("Connection refused", "geocode.reason.refused_connection"), ("SSL", "geocode.reason.tls"),
        ("timed out", "geocode.reason.timeout"),
    ):
        if needle in text:
            return t(key)
    return t("geocode.reason.no_connection")


def _translate(error: Exception) -> GeocodeError:
    """geopy's exceptions → our three kinds: temporary (retry), permanent, fatal (stop)."""
    status, retry_after = _http_status(error)
    if status is not None and status >= 500:  # geopy calls 503/504 "timed out": say what it is
        return GeocodeError(t("geocode.reason.http", status=status), temporary=True, retry_after=retry_after)
    if isinstance(error, geopy_errors.GeocoderRateLimited):
        return GeocodeError(t("geocode.reason.rate_limited"), temporary=True, retry_after=error.retry_after)
    if isinstance(error, geopy_errors.GeocoderTimedOut):
        return GeocodeError(t("geocode.reason.timeout"), temporary=True)
    if isinstance(error, geopy_errors.GeocoderParseError):
        return GeocodeError(t("geocode.reason.parse"), temporary=True)
    if isinstance(error, geopy_errors.GeocoderAuthenticationFailure | geopy_errors.GeocoderInsufficientPrivileges):
        return GeocodeError(t("geocode.reason.refused", status=status or 403), temporary=False, fatal=True)
    if isinstance(error, geopy_errors.GeocoderQuotaExceeded):
        return GeocodeError(t("geocode.reason.quota"), temporary=False, fatal=True)
    if isinstance(error, geopy_errors.GeocoderQueryError):
        return GeocodeError(t("geocode.reason.query", status=status or 400), temporary=False)
    if isinstance(error, geopy_errors.GeocoderServiceError):  # unreachable, refused, TLS, …
        if status is not None:
            return GeocodeError(t("geocode.reason.http", status=status), temporary=True)
        return GeocodeError(t("geocode.reason.unavailable", why=_connection_reason(error)), temporary=True)
    if isinstance(error, OSError):
        return GeocodeError(t("geocode.reason.unavailable", why=_connection_reason(error)), temporary=True)
    return GeocodeError(t("geocode.reason.unexpected"), temporary=True)


class _GeopyProvider:
    """A geopy geocoder behind our interface: client setup, error translation, result reading."""

    name = ""
    public_domain = ""
    client_class: type = Nominatim

    def __init__(self, settings: GeocoderSettings) -> None:
        domain = settings.domain or self.public_domain
        self.public = domain in PUBLIC_HOSTS
        self.client = self.client_class(
            domain=domain, scheme=settings.scheme, user_agent=settings.user_agent, timeout=settings.timeout_seconds,
            adapter_factory=_adapter,
        )

    def lookup(self, query: Query) -> Found | None:
        try:
            location = self._geocode(query)
        except Exception as error:  # noqa: BLE001 - every failure becomes a reported GeocodeError
            raise _translate(error) from error
        if location is None:
            return None
        return self._read(location, location.raw if isinstance(location.raw, dict) else {})

    def _geocode(self, query: Query) -> Location | None:
        raise NotImplementedError

    def _read(self, location: Location, raw: dict) -> Found | None:
        raise NotImplementedError


class NominatimProvider(_GeopyProvider):
    """Nominatim: the public instance (one request per second) or a self-hosted one."""

    name = "nominatim"
    public_domain = "nominatim.openstreetmap.org"
    client_class = Nominatim

    def _geocode(self, query: Query) -> Location | None:
        a = query.address
        if a.is_area and a.district:  # Nominatim's structured search has no field for a district
            search: str | dict[str, str] = f"{query.text()}, Deutschland"
        elif a.is_area:
            search = {"postalcode": a.postcode, "city": a.town, "country": "Deutschland"}
        else:
            search = {"street": a.street or "", "postalcode": a.postcode, "city": a.town, "country": "Deutschland"}
        return self.client.geocode(
            search,
            country_codes="de",
            viewbox=_viewbox(query.municipality) if query.municipality else None,
            bounded=False,
            addressdetails=True,
            exactly_one=True,
        )

    def _read(self, location: Location, raw: dict) -> Found | None:
        rank = int(raw.get("place_rank") or 0)
        kind = str(raw.get("addresstype") or raw.get("type") or "?")
        return Found(location.latitude, location.longitude, kind, rank >= MIN_PRECISE_RANK)


class PhotonProvider(_GeopyProvider):
    """Photon (komoot's public instance or a self-hosted one)."""

    name = "photon"
    public_domain = "photon.komoot.io"
    client_class = Photon

    def _geocode(self, query: Query) -> Location | None:
        m = query.municipality
        return self.client.geocode(
            query.text(), exactly_one=True, language="de",
            location_bias=Point(m.centre.lat, m.centre.lon) if m else None,
        )

    def _read(self, location: Location, raw: dict) -> Found | None:
        props = raw.get("properties", {})
        if str(props.get("countrycode", "DE")).upper() != "DE":  # Germany only
            return None
        kind = str(props.get("type") or "?")
        return Found(location.latitude, location.longitude, kind, kind in PRECISE_PHOTON_TYPES)


class CsvProvider:
    """Offline: official house coordinates from a CSV (see :mod:`.housecoords`). No request
    leaves the machine. A wrong file raises :class:`GeocodeConfigError` with a German message
    naming the file, line and what to fix."""

    name = "csv"
    public = False

    def __init__(self, path: Path) -> None:
        self.places = {key: (lat, lon) for key, (lat, lon, _) in read_house_coordinates(path).items()}

    def lookup(self, query: Query) -> Found | None:
        found = self.places.get(normalise_address(query.address))
        return Found(found[0], found[1], "house", True) if found else None


def make_provider(settings: GeocoderSettings, root: Path) -> Provider:
    """The configured provider; raises :class:`GeocodeConfigError` (German text) if the settings
    or the CSV file are unusable."""
    if settings.provider == "csv":
        if not settings.csv:
            raise GeocodeConfigError(t("geocode.config.csv_missing"))
        path = root / settings.csv
        if not path.exists():
            raise GeocodeConfigError(t("geocode.config.csv_not_found", path=path))
        return CsvProvider(path)
    if settings.provider not in ("nominatim", "photon"):
        raise GeocodeConfigError(t("geocode.config.provider", value=settings.provider))
    provider: Provider = NominatimProvider(settings) if settings.provider == "nominatim" else PhotonProvider(settings)
    if provider.public and ("@" not in settings.user_agent or "example" in settings.user_agent):
        raise GeocodeConfigError(t("geocode.config.user_agent", value=settings.user_agent or "–"))
    return provider


@dataclass
class Target:
    """One address to look up, and the entries that share it."""

    key: str
    query: Query
    entries: list[Entry] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Target({self.key!r}, {[e.slug for e in self.entries]})"


@dataclass
class Report:
    found: list[Target] = field(default_factory=list)
    cached: list[Target] = field(default_factory=list)
    failed: list[tuple[Target, str]] = field(default_factory=list)
    suspicious: list[tuple[Target, str]] = field(default_factory=list)
    requests: int = 0
    aborted: str | None = None

    def problems(self, catalogue: Catalogue) -> list[Problem]:
        """Failures and suspicious results as path:line problems (one per entry)."""
        out = []
        for target, reason in self.failed:
            out += [_problem(catalogue, e, t("geocode.failed", address=target.query.text(), why=reason)) for e in target.entries]
        for target, reason in self.suspicious:
            out += [_problem(catalogue, e, reason) for e in target.entries]
        return sorted(out)


def _problem(catalogue: Catalogue, entry: Entry, message: str) -> Problem:
    path = ("adresse",) if hasattr(entry.model, "address") else ("ort",)
    return entry.problem(path, message)


def targets(catalogue: Catalogue, only: Iterable[Path] | None = None) -> list[Target]:
    """Addresses that need coordinates: visible entries with an address and no hand-set
    ``koordinaten``; entries sharing an address share one lookup. For a protected place
    (``standort_oeffentlich: false``) the query is its area only: PLZ, Ort and Stadtteil."""
    wanted = {p.resolve() for p in only} if only else None
    found: dict[str, Target] = {}
    for entry in [*catalogue.organisations.values(), *catalogue.offers.values()]:
        if not entry.model.visible or not catalogue.needs_coordinates(entry):
            continue
        if wanted is not None and entry.path.resolve() not in wanted:
            continue
        model = entry.model
        own = model.coordinates if hasattr(model, "address") else model.place.coordinates
        if own is not None:
            continue
        address = lookup_address(catalogue, entry)  # a protected place: only its area leaves the machine
        if address is None:
            continue
        key = normalise_address(address)
        target = found.setdefault(key, Target(key, Query(address, catalogue.municipalities.get(address.municipality))))
        target.entries.append(entry)
    return list(found.values())


@dataclass
class Politeness:
    """How to treat the service: spacing of requests, retries, backoff; time is injectable."""

    min_delay: float = 1.0
    max_retries: int = 3
    backoff: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: float | None = None

    def wait_turn(self) -> None:
        """Block until ``min_delay`` seconds have passed since the previous request began."""
        if self._last is not None:
            remaining = self._last + self.min_delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last = self.clock()


def _judge(found: Found, query: Query, municipalities: dict[str, Municipality]) -> str | None:
    """Why a result must not be accepted silently, or ``None``."""
    if municipalities and not in_area(municipalities.values(), found.lat, found.lon):
        m = query.municipality
        far = f"{distance_km(m.centre, found.lat, found.lon):.1f}" if m else "?"
        return t("geocode.suspicious.outside", km=far, lat=round(found.lat, 6), lon=round(found.lon, 6))
    if not found.precise and not query.address.is_area:  # an area's centre is what was asked for
        return t("geocode.suspicious.imprecise", kind=found.kind, lat=round(found.lat, 6), lon=round(found.lon, 6))
    return None


def run(
    catalogue: Catalogue,
    provider: Provider | None,
    cache: GeoCache,
    *,
    politeness: Politeness,
    refresh: bool = False,
    dry_run: bool = False,
    only: Iterable[Path] | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Look up every target not yet in the cache; save after each answer."""
    report = Report()
    todo = targets(catalogue, only)
    fetched = (today or date.today()).isoformat()
    consecutive = 0
    for index, target in enumerate(todo, start=1):
        if progress:
            progress(index, len(todo))
        known = cache.lookup(target.key)
        if known is not None and not refresh:
            if known.status == OK:
                report.cached.append(target)
            elif known.status == SUSPICIOUS:
                report.suspicious.append((target, known.note or t("geocode.suspicious.cached")))
            elif not target.query.address.is_area:  # an unknown area: the municipality's centre serves
                report.failed.append((target, t("geocode.reason.not_found_cached")))
            continue
        if dry_run or provider is None:
            report.found.append(target)
            continue
        try:
            found = _ask(provider, target.query, politeness, report)
        except GeocodeError as error:
            report.failed.append((target, error.reason))
            consecutive = consecutive + 1 if error.temporary else 0
            if error.fatal or consecutive >= MAX_CONSECUTIVE_FAILURES:
                report.aborted = t("geocode.aborted", why=error.reason)
                break
            continue
        consecutive = 0
        if found is None:
            cache.put(target.key, CachedPlace(None, None, provider.name, fetched=fetched, status=NOT_FOUND))
            if not target.query.address.is_area:  # an unknown area: the municipality's centre serves
                report.failed.append((target, t("geocode.reason.not_found")))
        else:
            doubt = _judge(found, target.query, catalogue.municipalities)
            status = SUSPICIOUS if doubt else OK
            cache.put(target.key, CachedPlace(found.lat, found.lon, provider.name, found.kind, fetched, status, doubt))
            (report.suspicious.append((target, doubt)) if doubt else report.found.append(target))
        cache.save()  # after every answer: an interruption loses at most the request in flight
    return report


def _ask(provider: Provider, query: Query, politeness: Politeness, report: Report) -> Found | None:
    """One lookup with spacing, retries and backoff (Retry-After is honoured)."""
    attempt = 0
    while True:
        politeness.wait_turn()
        report.requests += 1
        try:
            return provider.lookup(query)
        except GeocodeError as error:
            if not error.temporary or attempt >= politeness.max_retries:
                raise
            wait = politeness.backoff * (2**attempt)
            if error.retry_after is not None:
                if error.retry_after > MAX_WAIT_SECONDS:
                    raise GeocodeError(
                        t("geocode.reason.retry_after_long", seconds=int(error.retry_after)), temporary=True, fatal=True
                    ) from error
                wait = max(wait, error.retry_after)
            politeness.sleep(wait)
            attempt += 1
