"""One flat record per published entry, with plain German keys (the editors' field names).

GeoJSON properties and CSV rows are both made from these records, so the two exports always
agree. Values are text, numbers, booleans, lists of text or ``None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import richtext
from ..models import Organisation
from ..schedule import describe_appointment, describe_hours

if TYPE_CHECKING:
    from ..catalogue import Entry
    from ..pages import Site

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


def _place(site: Site, entry: Entry, kind: str) -> dict[str, Any]:
    catalogue = site.catalogue
    address = catalogue.address(entry)
    public = catalogue.location_public(entry)
    published = catalogue.published_coordinates(entry)
    lat = lon = None
    if published is not None and address is not None:
        coords, _ = published
        lat, lon = round(coords.lat, PRECISION), round(coords.lon, PRECISION)
    return {
        "strasse": address.street if address and public else None,
        "zusatz": address.extra if address and public else None,
        "plz": address.postcode if address else None,
        "ort": address.town if address else None,
        "kommune": address.municipality if address else None,
        "kommune_name": site.municipality_name(address.municipality) if address else None,
        "lat": lat,
        "lon": lon,
        "standort_ungefaehr": bool(address) and not public,
        "online": site.item_of[(kind, entry.slug)].online,
    }


def _contact(contact: Any) -> dict[str, Any]:
    """Phone, e-mail and website; a person's name only with ``einverstanden: true``."""
    person = contact.person if contact else None
    named = person is not None and person.consent
    return {
        "telefon": contact.phone if contact else None,
        "email": contact.email if contact else None,
        "webseite": contact.website if contact else None,
        "ansprechperson": person.name if named else None,
        "ansprechperson_funktion": person.role if named else None,
    }


def _access(site: Site, entry: Entry) -> dict[str, Any]:
    accessibility = site.effective(entry, "accessibility")
    return {
        "sprachen": list(site.effective(entry, "languages") or []),
        "rollstuhlgerecht": accessibility.wheelchair if accessibility else "unbekannt",
        "barrierefreiheit_hinweis": accessibility.note if accessibility else None,
    }


def _terms(site: Site, categories: list[str], topics: list[str], groups: list[str]) -> dict[str, Any]:
    return {
        "kategorien": categories,
        "kategorien_namen": [site.term_name("categories", c) for c in categories],
        "themen": topics,
        "zielgruppen": groups,
    }


def organisation(site: Site, entry: Entry[Organisation]) -> dict[str, Any]:
    org = entry.model
    record = {
        "id": site.entry_id(entry), "slug": entry.slug, "name": org.name, "kurzname": org.short_name,
        **_terms(site, list(org.categories), list(org.topics), list(org.target_groups)),
        "beschreibung": richtext.to_text(org.description["de"]),
        **_place(site, entry, "organisation"), **_contact(org.contact), **_access(site, entry),
        "oeffnungszeiten": "; ".join(describe_hours(h) for h in org.opening_hours) or None,
        "unterstuetzung_gesucht": list(org.support_wanted),
        "wir_bieten": list(org.we_offer),
        "geprueft_am": org.checked_on.isoformat(),
        "seite": site.address_of(f"organisationen/{entry.slug}/"),
    }
    return record


def offer(site: Site, entry: Entry) -> dict[str, Any]:
    from .ical import calendar_path

    model = entry.model
    item = site.item_of[("angebot", entry.slug)]
    org_entry = site.catalogue.organisations[model.organisation]
    record = {
        "id": site.entry_id(entry), "slug": entry.slug, "titel": model.title,
        "organisation": model.organisation, "organisation_name": org_entry.model.name,
        "organisation_id": site.entry_id(org_entry),
        "art": model.kind, "art_name": site.term_name("offer_types", model.kind),
        **_terms(site, item.categories, item.topics, item.target_groups),
        "beschreibung": richtext.to_text(model.description["de"]),
        **_place(site, entry, "angebot"),
        "termine": "; ".join(describe_appointment(a) for a in model.schedule) or None,
        "gueltig_von": model.valid_from.isoformat() if model.valid_from else None,
        "gueltig_bis": model.valid_until.isoformat() if model.valid_until else None,
        "kosten": model.cost,
        "kostenlos": model.free_of_charge,
        "anmeldung_erforderlich": model.registration.required if model.registration else None,
        "anmeldung_hinweis": model.registration.note if model.registration else None,
        "alter_von": model.age.minimum if model.age else None,
        "alter_bis": model.age.maximum if model.age else None,
        **_contact(site.effective(entry, "contact")), **_access(site, entry),
        "geprueft_am": model.checked_on.isoformat(),
        "seite": site.address_of(f"angebote/{entry.slug}/"),
        "kalender": site.address_of(calendar) if (calendar := calendar_path(site, entry)) else None,
    }
    return record


def all_records(site: Site) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The records of every published organisation and offer, computed once per site."""
    if "records" not in site.memo:
        site.memo["records"] = (
            [organisation(site, e) for e in site.organisations.values()],
            [offer(site, e) for e in site.offers.values()],
        )
    return site.memo["records"]
