"""Random catalogues full of secrets, for the privacy tests (:mod:`tests.test_publish`).

A :class:`Spec` describes organisations and offers; every value that must never be published
(the street and building of a protected place, a name without consent, anything of a hidden or
expired entry) carries a unique marker word, and every exact point of such a place is known, so
a scan of the output can look for them. A spec becomes a catalogue in two ways:

- :func:`in_memory`: models built directly, with the secrets put in by ``model_copy`` (no
  validation at all), to prove the public view drops them even if validation were bypassed;
- :func:`write_files`: YAML files and a geocode cache in a data folder, read by the real loader.
  Only what the data rules allow goes there: the exact point of a protected place sits in the
  geocode cache (under the key of its address as the cache computes it); a protected place has
  a street only while the address model still requires one. An offer of a protected
  organisation with a place of its own that is not confirmed public is written as an editor
  might (street, building, point): validation must refuse it (:func:`refused_offers`).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import assume
from hypothesis import strategies as st
from pydantic import ValidationError

from stadtkarte.entries import Catalogue, Entry
from stadtkarte.geo import coarsen
from stadtkarte.geocache import CachedPlace, GeoCache, normalise_address
from stadtkarte.models import Address, Municipality, Offer, Organisation, Taxonomy
from stadtkarte.yamlsource import Positions

TODAY = date(2026, 11, 23)
TAXONOMY = {
    "kategorien": {
        "beratung": {"name": "Beratung", "farbe": "#1f5f8b", "icon": "material/account-voice"},
        "engagement": {"name": "Engagement", "farbe": "#2e7d32", "icon": "material/hand-heart"},
    },
    "themen": {"sprache": {"name": "Sprache"}},
    "zielgruppen": {"frauen": {"name": "Frauen"}},
    "angebotsarten": {"beratung": {"name": "Beratung"}, "treff": {"name": "Treff"}},
}
#: a centre with few decimals: no published number can look like a secret point by chance
MUNICIPALITIES = {"kommunen": {"musterstadt": {"name": "Musterstadt", "zentrum": {"lat": 48.9, "lon": 9.2},
                                               "radius_km": 20.0}}}
#: public places lie south-west of the protected ones, so their numbers never share a prefix
PUBLIC_LAT, PUBLIC_LON = (48.86, 48.88), (9.10, 9.14)
SECRET_LAT, SECRET_LON = (48.90, 48.94), (9.16, 9.22)


@dataclass
class Place:
    protected: bool
    lat: float
    lon: float
    geocoded: bool  # True: the point is in the geocode cache; False: hand-set ``koordinaten``


@dataclass
class OfferSpec:
    marker: str
    place: Place | None  # None: at the organisation's place
    online: bool
    visible: bool
    expired: bool
    consent: bool | None  # a contact person of its own: None none, else with or without consent
    #: the offer's own place says ``standort_oeffentlich: true`` and ``standort_freigegeben: ja``:
    #: only then is the own place of an offer of a protected organisation public
    confirmed: bool = False


@dataclass
class OrgSpec:
    marker: str
    place: Place | None  # None: online only
    visible: bool
    consent: bool | None
    offers: list[OfferSpec] = field(default_factory=list)


@dataclass
class Spec:
    organisations: list[OrgSpec]
    protected_places: str = "bereich"


def markers() -> st.SearchStrategy[str]:
    # no letter that ends a prefix ("Organisation", "Angebot", "Gasse", "Hinterhof"): a marker
    # never runs into the word before it
    return st.text("bcdghjklmpqrsvwxz", min_size=8, max_size=8)


def _coordinate(low: float, high: float) -> st.SearchStrategy[float]:
    return st.integers(int(low * 10**7), int(high * 10**7)).map(lambda n: n / 10**7)


@st.composite
def places(draw: st.DrawFn, protected: bool | None = None) -> Place:
    secret = draw(st.booleans()) if protected is None else protected
    lat = draw(_coordinate(*(SECRET_LAT if secret else PUBLIC_LAT)))
    lon = draw(_coordinate(*(SECRET_LON if secret else PUBLIC_LON)))
    if secret:  # the exact point must differ from its grid cell's centre in every format we check
        centre = coarsen(lat, lon)
        assume(f"{lat:.4f}" != f"{centre[0]:.4f}" and f"{lon:.4f}" != f"{centre[1]:.4f}")
    return Place(secret, lat, lon, draw(st.booleans()))


@st.composite
def specs(draw: st.DrawFn, max_organisations: int = 4) -> Spec:
    used: set[str] = set()

    def marker() -> str:
        found = draw(markers().filter(lambda m: m not in used))
        used.add(found)
        return found

    organisations = []
    for _ in range(draw(st.integers(1, max_organisations))):
        org = OrgSpec(marker(), draw(st.one_of(places(), places(protected=True), st.none())),
                      visible=draw(st.sampled_from([True, True, True, False])),
                      consent=draw(st.sampled_from([None, True, False, False])))
        for _ in range(draw(st.integers(0, 2))):
            org.offers.append(OfferSpec(
                marker(), draw(st.one_of(st.none(), places())), online=draw(st.sampled_from([False, False, True])),
                visible=draw(st.sampled_from([True, True, True, False])), expired=draw(st.sampled_from([False, False, True])),
                consent=draw(st.sampled_from([None, None, True, False])), confirmed=draw(st.booleans())))
        organisations.append(org)
    assume(any(o.place and o.place.protected for o in organisations)
           or any(f.place and f.place.protected and not f.online for o in organisations for f in o.offers))
    return Spec(organisations, draw(st.sampled_from(["bereich", "bereich", "keiner"])))


# --- what must never appear, and what must ---------------------------------------------------


def street(marker: str) -> str:
    return f"Gasse{marker} 7"


def extra(marker: str) -> str:
    return f"Hinterhof{marker}"


def person(marker: str) -> str:
    return f"Person{marker} Muster"


def org_slug(index: int) -> str:
    return f"organisation-{index}"


def offer_slug(index: int, number: int) -> str:
    return f"angebot-{index}-{number}"


@dataclass
class Secrets:
    words: set[str] = field(default_factory=set)  # markers of values that must not appear
    files: set[str] = field(default_factory=set)  # data files a page must not link to
    points: list[tuple[float, float]] = field(default_factory=list)  # exact points never to publish
    #: points published by other entries (a hidden entry may share its place with a public one)
    public_points: list[tuple[float, float]] = field(default_factory=list)
    expected: set[str] = field(default_factory=set)  # public values that must appear (the scan works)

    def number_forms(self) -> list[tuple[set[str], set[str]]]:
        """For each exact point never to publish: the forms of its latitude and of its longitude
        (roundings a file could hold), less those a public point has too."""

        def forms(value: float) -> set[str]:
            found = {f"{value:.6f}", f"{value:.5f}", f"{value:.4f}", repr(value), repr(round(value, 6)),
                     repr(round(value, 5))}
            # a form with fewer than four decimals (48.9 for 48.9000001) says no more than the area
            return {form for form in found if len(form.partition(".")[2]) >= 4}

        public = set().union(*(forms(value) for point in self.public_points for value in point))
        return [(forms(lat) - public, forms(lon) - public) for lat, lon in self.points]


def secrets(spec: Spec) -> Secrets:
    found = Secrets()
    for index, org in enumerate(spec.organisations):
        org_published = org.visible
        org_protected = bool(org.place and org.place.protected)
        if not org_published:
            found.words.add(org.marker)
        if org.place and (org_protected or not org_published):
            found.words |= {f"Gasse{org.marker}", f"Hinterhof{org.marker}"}
            found.points.append((org.place.lat, org.place.lon))
        if org_protected:
            found.files.add(f"organisationen/{org_slug(index)}.yml")
        if org.consent is False or (org.consent and not org_published):
            found.words.add(f"Person{org.marker}")
        if org_published:
            found.expected.add(f"Organisation{org.marker}")
            if org.place and not org_protected:
                found.public_points.append((org.place.lat, org.place.lon))
            if org.consent:
                found.expected.add(f"Person{org.marker}")
        for number, offer in enumerate(org.offers):
            published = org_published and offer.visible and not offer.expired
            own = offer.place if not offer.online else None
            # an own place under a protected organisation is protected too, unless confirmed public
            own_secret = bool(own and (own.protected or (org_protected and not offer.confirmed)))
            if not published:
                found.words.add(offer.marker)
            if own and (own_secret or not published):
                found.words |= {f"Gasse{offer.marker}", f"Hinterhof{offer.marker}"}
                found.points.append((own.lat, own.lon))
            inherited = offer.place is None and not offer.online and org_protected
            if own_secret or inherited:
                found.files.add(f"angebote/{offer_slug(index, number)}.yml")
            if offer.consent is False or (offer.consent and not published):
                found.words.add(f"Person{offer.marker}")
            if published:
                found.expected.add(f"Angebot{offer.marker}")
                if own and not own_secret:
                    found.public_points.append((own.lat, own.lon))
    return found


# --- the data as editors would write it ------------------------------------------------------


def _address(marker: str, *, with_street: bool = True) -> dict[str, Any]:
    data = {"plz": "71638", "ort": "Musterstadt", "kommune": "musterstadt"}
    if with_street:
        data = {"strasse": street(marker), "zusatz": extra(marker), **data}
    return data


def _contact(marker: str, consent: bool | None) -> dict[str, Any]:
    data: dict[str, Any] = {"telefon": "07141 123456"}
    if consent is not None:
        data["ansprechperson"] = {"name": person(marker), "funktion": "Beratung", "einverstanden": consent}
    return data


def organisation_data(org: OrgSpec, *, with_street: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": f"Organisation{org.marker} e. V.", "kategorien": ["beratung"], "themen": ["sprache"],
        "beschreibung": f"Beschreibung {org.marker}.", "sprachen": ["de", "tr"],
        "kontakt": _contact(org.marker, org.consent), "geprueft_am": "2026-10-01",
    }
    if org.place is None:
        data["online"] = True
    else:
        data["adresse"] = _address(org.marker, with_street=with_street or not org.place.protected)
        if org.place.protected:
            data["standort_oeffentlich"] = False
        if not org.place.geocoded and not org.place.protected:
            data["koordinaten"] = {"lat": org.place.lat, "lon": org.place.lon}
    if not org.visible:
        data["sichtbar"] = False
    return data


def offer_data(org_slug_: str, offer: OfferSpec, *, with_street: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "titel": f"Angebot{offer.marker}", "organisation": org_slug_, "art": "treff",
        "beschreibung": f"Treffen {offer.marker}.", "geprueft_am": "2026-10-01",
        "termine": [{"regel": "woechentlich", "tage": ["di"], "von": "15:00", "bis": "17:00"}],
    }
    if offer.online:
        data["ort"] = {"online": True}
    elif offer.place is not None:
        place = _address(offer.marker, with_street=with_street or not offer.place.protected)
        if offer.place.protected:
            place["standort_oeffentlich"] = False
        elif not offer.place.geocoded:
            place["koordinaten"] = {"lat": offer.place.lat, "lon": offer.place.lon}
        if offer.confirmed and not offer.place.protected:
            place |= {"standort_oeffentlich": True, "standort_freigegeben": "ja"}
        data["ort"] = place
    if offer.consent is not None:
        data["kontakt"] = _contact(offer.marker, offer.consent)
    if offer.expired:
        data["gueltig_bis"] = (TODAY - timedelta(days=1)).isoformat()
    if not offer.visible:
        data["sichtbar"] = False
    return data


def refused_offers(spec: Spec) -> set[str]:
    """Offers the validator must refuse: an own place with a street under a protected
    organisation, not confirmed public (protection is inherited)."""
    return {
        f"angebote/{offer_slug(index, number)}.yml"
        for index, org in enumerate(spec.organisations) if org.place and org.place.protected
        for number, offer in enumerate(org.offers)
        if offer.place and not offer.online and not offer.place.protected and not offer.confirmed
    }


def _cache_key(data: dict[str, Any]) -> str:
    fields = {k: v for k, v in data.items() if k in ("strasse", "zusatz", "plz", "ort", "kommune")}
    return normalise_address(Address.model_validate(fields))


def streetless_protected_places() -> bool:
    """True once the address model takes a protected place without street (PLZ/Ort only)."""
    try:
        Address.model_validate({"plz": "71638", "ort": "Musterstadt", "kommune": "musterstadt"})
    except ValidationError:
        return False
    return True


def write_files(spec: Spec, data_dir: Path) -> None:
    """The spec as a data folder. A protected place's exact point goes into the geocode cache,
    the one place the data rules leave for it."""
    with_street = not streetless_protected_places()
    (data_dir / "organisationen").mkdir(parents=True)
    (data_dir / "angebote").mkdir()
    (data_dir / "taxonomie.yml").write_text(yaml.safe_dump(TAXONOMY, allow_unicode=True), "utf-8")
    (data_dir / "kommunen.yml").write_text(yaml.safe_dump(MUNICIPALITIES, allow_unicode=True), "utf-8")
    cache: dict[str, dict[str, Any]] = {}

    def write(path: Path, data: dict[str, Any], place: Place | None, address: dict[str, Any] | None) -> None:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        if place is not None and address is not None and (place.geocoded or place.protected):
            cache[_cache_key(address)] = {"lat": place.lat, "lon": place.lon, "source": "test", "kind": "house"}

    for index, org in enumerate(spec.organisations):
        data = organisation_data(org, with_street=with_street)
        write(data_dir / "organisationen" / f"{org_slug(index)}.yml", data, org.place, data.get("adresse"))
        for number, offer in enumerate(org.offers):
            data = offer_data(org_slug(index), offer, with_street=with_street)
            place = None if offer.online else offer.place
            write(data_dir / "angebote" / f"{offer_slug(index, number)}.yml", data, place, data.get("ort"))
    (data_dir / "geocache.json").write_text(json.dumps(cache, indent=1, sort_keys=True), "utf-8")


# --- the same catalogue in memory, past every rule --------------------------------------------


def _with_secrets(model: Any, place: Place | None, consent: bool | None, *, organisation: bool) -> Any:
    """Put in what validation may refuse, without validating again: the protected flag on a
    place that keeps its street, building and (hand-set or cached) exact point, and a contact
    person without consent."""
    if place is not None:
        own = model if organisation else model.place
        update = {"location_public": not place.protected, "coordinates": None if place.geocoded else own.coordinates}
        own = own.model_copy(update=update)
        model = own if organisation else model.model_copy(update={"place": own})
    if consent is not None and model.contact and model.contact.person:
        person_ = model.contact.person.model_copy(update={"consent": consent})
        model = model.model_copy(update={"contact": model.contact.model_copy(update={"person": person_})})
    return model


def in_memory(spec: Spec, root: Path = Path("/nicht/vorhanden/data")) -> Catalogue:
    """The spec as a catalogue, built past the validator: every protected place has a street,
    a building and its exact point, and persons without consent are there."""
    catalogue = Catalogue(data_dir=root, taxonomy=Taxonomy.model_validate(TAXONOMY),
                          municipalities={s: Municipality.model_validate(m)
                                          for s, m in MUNICIPALITIES["kommunen"].items()})
    cache = GeoCache(root / "geocache.json")
    for index, org in enumerate(spec.organisations):
        data = organisation_data(org)
        if org.place is not None:
            data.pop("standort_oeffentlich", None)
            data["koordinaten"] = {"lat": org.place.lat, "lon": org.place.lon}
        data["kontakt"] = _contact(org.marker, True if org.consent is not None else None)
        model = _with_secrets(Organisation.model_validate(data), org.place, org.consent, organisation=True)
        if org.place is not None and org.place.geocoded:
            cache.put(_cache_key(data["adresse"]), CachedPlace(org.place.lat, org.place.lon, "test"))
        slug = org_slug(index)
        catalogue.organisations[slug] = Entry(slug, root / "organisationen" / f"{slug}.yml", model, Positions())
        for number, offer in enumerate(org.offers):
            data = offer_data(slug, offer)
            place = offer.place if not offer.online else None
            if place is not None:
                data["ort"].pop("standort_oeffentlich", None)
                data["ort"]["koordinaten"] = {"lat": place.lat, "lon": place.lon}
                if place.geocoded:
                    cache.put(_cache_key(data["ort"]), CachedPlace(place.lat, place.lon, "test"))
            if offer.consent is not None:
                data["kontakt"] = _contact(offer.marker, True)
            model = _with_secrets(Offer.model_validate(data), place, offer.consent, organisation=False)
            name = offer_slug(index, number)
            catalogue.offers[name] = Entry(name, root / "angebote" / f"{name}.yml", model, Positions())
    catalogue.geocache = cache
    return catalogue


# --- scanning the output ---------------------------------------------------------------------


def readable(path: str, content: bytes) -> str:
    """A file's text as a reader or a program gets it: gzip unpacked, iCalendar lines unfolded,
    JSON unescaped. The search index (Pagefind's ``.pf_*`` files) is gzip without the ending."""
    if path.endswith(".gz") or content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
    text = content.decode("utf-8", errors="replace")
    if path.endswith(".ics"):
        text = text.replace("\r\n ", "")
    if path.endswith((".json", ".geojson")):
        text += "\n" + json.dumps(json.loads(text), ensure_ascii=False)
    return text


def leaks(files: dict[str, bytes], found: Secrets) -> list[tuple[str, str]]:
    """(file, secret) for every secret in any file."""
    needles = found.words | found.files
    # a point leaks where its latitude and its longitude both stand in a file, each as a whole
    # number, not as the start of another one ("48.8763" is no secret inside the public
    # 48.8763989; every rounding is a needle of its own). One coordinate alone matching is
    # coincidence, e.g. the edge of the map's first view made from public points.
    def pattern(forms: set[str]) -> re.Pattern[str] | None:
        alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        return re.compile(r"(?<![\d.])(?:" + alternatives + r")(?!\d)") if forms else None

    points = [(pattern(lat), pattern(lon)) for lat, lon in found.number_forms()]
    texts = {path: readable(path, content) for path, content in files.items()}

    def point_in(text: str, lat: re.Pattern[str] | None, lon: re.Pattern[str] | None) -> bool:
        parts = [part for part in (lat, lon) if part is not None]
        return bool(parts) and all(part.search(text) for part in parts)

    return [(path, needle) for path, text in texts.items() for needle in sorted(needles) if needle in text] + [
        (path, f"{lat.pattern if lat else ''} {lon.pattern if lon else ''}") for path, text in texts.items()
        for lat, lon in points if point_in(text, lat, lon)]
