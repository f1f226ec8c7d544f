"""One flat record per published entry, with plain German keys (the editors' field names).

GeoJSON properties and CSV rows are both made from these records, so the two exports always
agree. Values are text, numbers, booleans, lists of text or ``None``.
"""

from __future__ import annotations

from typing import Any

from .. import richtext
from ..bidi import plain  # open data: the text without the isolates of the pages
from ..publish import Contact, PublicEntry, PublicOffer, PublicOrganisation
from ..render import RenderContext
from ..schedule import describe_appointment, describe_hours

#: decimal places of published coordinates (RFC 7946 §11.2: six are about 10 cm)
PRECISION = 6

_PLACE = ["strasse", "zusatz", "plz", "ort", "kommune", "kommune_name", "lat", "lon", "standort_ungefaehr", "online"]
_CONTACT = ["telefon", "email", "webseite", "ansprechperson", "ansprechperson_funktion"]
_ACCESS = ["sprachen", "rollstuhlgerecht", "barrierefreiheit_hinweis"]

ORGANISATION_COLUMNS = [
    "id", "slug", "name", "kurzname", "kategorien", "kategorien_namen", "themen", "zielgruppen", "beschreibung",
    *_PLACE, *_CONTACT, *_ACCESS, "oeffnungszeiten", "unterstuetzung_gesucht", "wir_bieten", "geprueft_am", "seite",
]
OFFER_COLUMNS = [
    "id", "slug", "titel", "organisation", "organisation_name", "organisation_id", "art", "art_name", "kategorien",
    "kategorien_namen", "themen", "zielgruppen", "beschreibung", *_PLACE, "termine", "gueltig_von", "gueltig_bis",
    "kosten", "kostenlos", "anmeldung_erforderlich", "anmeldung_hinweis", "alter_von", "alter_bis",
    *_CONTACT, *_ACCESS, "geprueft_am", "seite", "kalender",
]


def _place(site: RenderContext, entry: PublicEntry) -> dict[str, Any]:
    place = entry.place
    point = place.point if place else None
    return {
        "strasse": place.street if place else None,
        "zusatz": place.extra if place else None,
        "plz": place.postcode if place else None,
        "ort": place.town if place else None,
        "kommune": place.municipality if place else None,
        "kommune_name": site.municipality_name(place.municipality) if place else None,
        "lat": round(point.lat, PRECISION) if point else None,
        "lon": round(point.lon, PRECISION) if point else None,
        "standort_ungefaehr": entry.protected,
        "online": entry.online,
    }


def _contact(contact: Contact | None) -> dict[str, Any]:
    """Phone, e-mail and website; a person's name (and role) where the view has the name."""
    person = contact.person if contact else None
    named = person is not None and person.name is not None
    return {
        "telefon": contact.phone if contact else None,
        "email": contact.email if contact else None,
        "webseite": contact.website if contact else None,
        "ansprechperson": person.name if named else None,
        "ansprechperson_funktion": person.role if named else None,
    }


def _access(entry: PublicEntry) -> dict[str, Any]:
    accessibility = entry.accessibility
    return {
        "sprachen": list(entry.languages),
        "rollstuhlgerecht": accessibility.wheelchair if accessibility else "unbekannt",
        "barrierefreiheit_hinweis": accessibility.note if accessibility else None,
    }


def _terms(site: RenderContext, entry: PublicEntry) -> dict[str, Any]:
    return {
        "kategorien": list(entry.categories),
        "kategorien_namen": [site.term_name("categories", c) for c in entry.categories],
        "themen": list(entry.topics),
        "zielgruppen": list(entry.target_groups),
    }


def organisation(site: RenderContext, org: PublicOrganisation) -> dict[str, Any]:
    record = {
        "id": site.entry_id(org), "slug": org.slug, "name": org.name, "kurzname": org.short_name,
        **_terms(site, org),
        "beschreibung": richtext.to_text(org.description["de"]),
        **_place(site, org), **_contact(org.contact), **_access(org),
        "oeffnungszeiten": "; ".join(plain(describe_hours(h)) for h in org.opening_hours) or None,
        "unterstuetzung_gesucht": list(org.support_wanted),
        "wir_bieten": list(org.we_offer),
        "geprueft_am": org.checked_on.isoformat(),
        "seite": site.address_of(org.url),
    }
    return record


def offer(site: RenderContext, offer: PublicOffer) -> dict[str, Any]:
    from .ical import calendar_path

    org = site.view.organisations[offer.organisation]
    record = {
        "id": site.entry_id(offer), "slug": offer.slug, "titel": offer.title,
        "organisation": offer.organisation, "organisation_name": offer.organisation_name,
        "organisation_id": site.entry_id(org),
        "art": offer.offer_type, "art_name": site.term_name("offer_types", offer.offer_type),
        **_terms(site, offer),
        "beschreibung": richtext.to_text(offer.description["de"]),
        **_place(site, offer),
        "termine": "; ".join(plain(describe_appointment(a)) for a in offer.schedule) or None,
        "gueltig_von": offer.valid_from.isoformat() if offer.valid_from else None,
        "gueltig_bis": offer.valid_until.isoformat() if offer.valid_until else None,
        "kosten": offer.cost,
        "kostenlos": offer.free,
        "anmeldung_erforderlich": offer.registration.required if offer.registration else None,
        "anmeldung_hinweis": offer.registration.note if offer.registration else None,
        "alter_von": offer.age.minimum if offer.age else None,
        "alter_bis": offer.age.maximum if offer.age else None,
        **_contact(offer.contact), **_access(offer),
        "geprueft_am": offer.checked_on.isoformat(),
        "seite": site.address_of(offer.url),
        "kalender": site.address_of(calendar) if (calendar := calendar_path(site, offer)) else None,
    }
    return record


def all_records(site: RenderContext) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The records of every published organisation and offer, computed once per site."""
    if "records" not in site.memo:
        site.memo["records"] = (
            [organisation(site, e) for e in site.view.organisations.values()],
            [offer(site, e) for e in site.view.offers.values()],
        )
    return site.memo["records"]
