"""Open Referral HSDS 3.0: the standard for directories of community services.

One JSON file holds one list per HSDS table (``organization``, ``service``, ``location``,
``address``, ``service_at_location``, ``schedule``, ``language``, ``accessibility``, ``contact``,
``phone``); each object is an HSDS object linked to the others by identifier, as in HSDS'
tabular form. Identifiers are UUIDs derived from the slugs (:mod:`.ids`).

How our data maps: an organisation is an ``organization`` and, where it can be visited, a
``location`` (with ``address`` and ``accessibility``; opening hours are that location's
``schedule``). An offer is a ``service`` with a ``service_at_location`` at its own place or its
organisation's, and one ``schedule`` per rule of ``termine`` (``freq``/``interval``/``byday``
as in iCalendar; times are local time in Germany). A protected place keeps its coarse
coordinates and has no ``address``; a ``contact`` (a named person) appears only with
``einverstanden: true``.
"""

from __future__ import annotations

import json
from typing import Any

from .. import languages, richtext
from ..bidi import plain  # open data: the text without the isolates of the pages
from ..i18n import t
from ..publish import Appointment, Contact, Hours, PublicEntry, PublicOffer, PublicOrganisation
from ..render import RenderContext
from ..schedule import describe_appointment, describe_hours, next_date
from . import FOLDER
from .ical import BYDAY, rule_parts

PATH = f"{FOLDER}/open-referral-hsds.json"
VERSION = "3.0"
TABLES = ("organization", "service", "location", "address", "service_at_location", "schedule", "language",
          "accessibility", "contact", "phone")

#: the first two digits of the Amtlicher Gemeindeschlüssel name the state (HSDS state_province)
STATES = {
    "01": "Schleswig-Holstein", "02": "Hamburg", "03": "Niedersachsen", "04": "Bremen", "05": "Nordrhein-Westfalen",
    "06": "Hessen", "07": "Rheinland-Pfalz", "08": "Baden-Württemberg", "09": "Bayern", "10": "Saarland",
    "11": "Berlin", "12": "Brandenburg", "13": "Mecklenburg-Vorpommern", "14": "Sachsen", "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values: HSDS fields are optional unless required, never null."""
    return {k: v for k, v in data.items() if v is not None and v != "" and v != []}


class _Tables:
    def __init__(self, site: RenderContext) -> None:
        self.site = site
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        self.locations: dict[str, str] = {}  # organisation slug → its location id
        self.default_state = _default_state(site)

    def add(self, table: str, **values: Any) -> str:
        row = _clean(values)
        self.rows[table].append(row)
        return row["id"]

    # --- shared parts -----------------------------------------------------------------------

    def location(self, entry: PublicEntry, owner: PublicOrganisation, name: str) -> str | None:
        """The physical location of ``entry`` (its own place), with address and accessibility;
        a virtual one for an online-only entry with a website."""
        site, place, contact = self.site, entry.place, entry.contact
        if place is None:
            if not (contact and contact.website):
                return None
            return self.add("location", id=site.entry_id(entry, "ort"), location_type="virtual", url=contact.website,
                            organization_id=site.entry_id(owner), name=name)
        point = place.point
        location_id = self.add(
            "location", id=site.entry_id(entry, "ort"), location_type="physical", organization_id=site.entry_id(owner),
            name=name, description=t("ui.address_private") if place.approximate else None,
            latitude=round(point.lat, 6) if point else None,
            longitude=round(point.lon, 6) if point else None,
        )
        municipality = site.view.municipalities.get(place.municipality)
        state = (STATES.get((municipality.ags or "")[:2]) if municipality else None) or self.default_state
        if not place.approximate and state:  # HSDS requires state_province; without it the place keeps its coordinates
            self.add("address", id=site.entry_id(entry, "adresse"), location_id=location_id, address_1=place.street,
                     address_2=place.extra, city=place.town, region=municipality.name if municipality else None,
                     state_province=state, postal_code=place.postcode, country="DE", address_type="physical")
        accessibility = entry.accessibility
        if accessibility:
            self.add("accessibility", id=site.entry_id(entry, "barrierefreiheit"), location_id=location_id,
                     description=t(f"ui.wheelchair.{accessibility.wheelchair}"), details=accessibility.note)
        return location_id

    def contact(self, entry: PublicEntry, contact: Contact | None, **owner: str) -> None:
        if contact and contact.phone:
            self.add("phone", id=self.site.entry_id(entry, "telefon"), number=contact.phone, **owner)
        person = contact.person if contact else None
        if person is not None and person.name is not None:  # the view has a name only with consent
            self.add("contact", id=self.site.entry_id(entry, "kontakt"), name=person.name, title=person.role,
                     email=contact.email, **owner)

    def languages(self, entry: PublicEntry, codes: tuple[str, ...], **owner: str) -> None:
        for code in codes:
            self.add("language", id=self.site.entry_id(entry, "sprache", code), name=languages.german_name(code),
                     code=code, **owner)

    # --- organisations and offers -----------------------------------------------------------

    def organisation(self, org: PublicOrganisation) -> None:
        site = self.site
        org_id = site.entry_id(org)
        self.add("organization", id=org_id, name=org.name, alternate_name=org.short_name,
                 description=richtext.to_text(org.description["de"]),
                 email=org.contact.email if org.contact else None,
                 website=org.contact.website if org.contact else None,
                 uri=site.absolute(org.url))
        self.contact(org, org.contact, organization_id=org_id)
        location_id = self.location(org, org, org.name)
        if location_id is None:
            return
        self.locations[org.slug] = location_id
        self.languages(org, org.languages, location_id=location_id)
        for index, hours in enumerate(org.opening_hours):
            self.add("schedule", **_hours(hours), id=site.entry_id(org, "oeffnungszeit", str(index)),
                     location_id=location_id)

    def offer(self, offer: PublicOffer) -> None:
        site = self.site
        org = site.view.organisations[offer.organisation]
        service_id = site.entry_id(offer)
        contact = offer.contact
        page = site.absolute(offer.url)
        groups = [site.term_name("target_groups", g) for g in offer.target_groups]
        self.add(
            "service", id=service_id, organization_id=site.entry_id(org), name=offer.title,
            description=richtext.to_text(offer.description["de"]), status="active",
            url=page or (contact.website if contact else None),
            email=contact.email if contact else None, fees_description=offer.cost,
            eligibility_description=", ".join(groups) or None,
            minimum_age=offer.age.minimum if offer.age else None, maximum_age=offer.age.maximum if offer.age else None,
            application_process=_registration(offer.registration), assured_date=offer.checked_on.isoformat(),
        )
        self.contact(offer, contact, service_id=service_id)
        self.languages(offer, offer.languages, service_id=service_id)
        if offer.own_place:
            location_id = self.location(offer, org, offer.title)
        else:
            location_id = self.locations.get(offer.organisation)
        at_location = None
        if location_id is not None:
            at_location = self.add("service_at_location", id=site.entry_id(offer, "am-ort"), service_id=service_id,
                                   location_id=location_id)
        for index, item in enumerate(offer.schedule):
            self.add("schedule", **_appointment(item, offer), id=site.entry_id(offer, "termin", str(index)),
                     service_id=service_id, service_at_location_id=at_location)


def _default_state(site: RenderContext) -> str | None:
    """The Bundesland of a town without ``ags``: from mkdocs.yml, else the one state all towns
    with an ``ags`` lie in (a district lies in one state)."""
    if site.options.export.state:
        return site.options.export.state
    known = {STATES.get((m.ags or "")[:2]) for m in site.view.municipalities.values() if m.ags}
    return known.pop() if len(known) == 1 else None


def _registration(registration: Any) -> str | None:
    if registration is None:
        return None
    text = t("ui.registration_required" if registration.required else "ui.registration_not_required")
    return f"{text} – {registration.note}" if registration.note else text


def _hours(hours: Hours) -> dict[str, Any]:
    return {
        "freq": "WEEKLY" if hours.days else None, "interval": 1 if hours.days else None,
        "byday": ",".join(BYDAY[d] for d in hours.days) if hours.days else None,
        "opens_at": hours.start, "closes_at": hours.end, "description": plain(describe_hours(hours)),
        "notes": hours.note if hours.days else None,  # a note alone is the description
    }


def _appointment(item: Appointment, offer: PublicOffer) -> dict[str, Any]:
    values: dict[str, Any] = {
        "valid_from": offer.valid_from.isoformat() if offer.valid_from else None,
        "valid_to": offer.valid_until.isoformat() if offer.valid_until else None,
        "opens_at": item.start, "closes_at": item.end, "description": plain(describe_appointment(item)),
        "notes": item.note if item.rule else None,  # a note alone is the description
    }
    rule = rule_parts(item)
    if item.rule == "einmalig" and item.date:
        values |= {"dtstart": item.date.isoformat(), "valid_from": item.date.isoformat(),
                   "valid_to": item.date.isoformat()}
    elif rule is not None:
        values |= dict(zip(("freq", "interval", "byday"), rule, strict=True))
    if values.get("freq"):
        first = next_date(item, offer.valid_from or offer.checked_on, offer.valid_from, offer.valid_until)
        values["dtstart"] = first.isoformat() if first else None
        values["until"] = values["valid_to"]
    return values


def document(site: RenderContext) -> dict[str, Any]:
    tables = _Tables(site)
    for org in site.view.organisations.values():
        tables.organisation(org)
    for offer in site.view.offers.values():
        tables.offer(offer)
    return {"hsds_version": VERSION, "lizenz": site.options.export.as_data(), **tables.rows}


def files(site: RenderContext) -> list[tuple[str, str]]:
    return [(PATH, json.dumps(document(site), ensure_ascii=False, separators=(",", ":")) + "\n")]
