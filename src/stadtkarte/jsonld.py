"""schema.org JSON-LD for entry pages: consistent with what the page shows, nothing more.

Each entry carries the same stable identifier as the open data exports (``urn:uuid:…``, see
:mod:`stadtkarte.exports.ids`) and, when ``site_url`` is set, its page address as ``@id``.

Private details stay out: a contact person's name only with ``einverstanden: true``; for
``standort_oeffentlich: false`` no street and only the coarsened coordinates.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import richtext

if TYPE_CHECKING:
    from .catalogue import Entry
    from .pages import Site

DAYS = {"mo": "Monday", "di": "Tuesday", "mi": "Wednesday", "do": "Thursday", "fr": "Friday", "sa": "Saturday", "so": "Sunday"}


def script_tag(data: dict[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` block; ``<``, ``>`` and ``&`` are escaped as
    JSON unicode escapes, so no text can close the script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')  # noqa: S704 - escaped above


def _contact(data: dict[str, Any], contact: Any) -> None:
    if contact is None:
        return
    if contact.phone:
        data["telephone"] = contact.phone
    if contact.email:
        data["email"] = contact.email
    if contact.website:
        data["url"] = contact.website
    if contact.person and contact.person.consent:
        person = {"@type": "Person", "name": contact.person.name}
        if contact.person.role:
            person["jobTitle"] = contact.person.role
        data["employee"] = person


def _place(site: Site, entry: Entry) -> dict[str, Any] | None:
    address = site.catalogue.address(entry)
    published = site.catalogue.published_coordinates(entry)
    if address is None:
        return None
    public = site.catalogue.location_public(entry)
    postal: dict[str, Any] = {"@type": "PostalAddress", "postalCode": address.postcode,
                              "addressLocality": address.town, "addressCountry": "DE"}
    if public:
        postal["streetAddress"] = address.street
    place: dict[str, Any] = {"@type": "Place", "address": postal}
    if published:
        coords, _ = published
        place["geo"] = {"@type": "GeoCoordinates", "latitude": coords.lat, "longitude": coords.lon}
    return place


def _hours(days: list[str], start: str, end: str) -> dict[str, Any]:
    return {"@type": "OpeningHoursSpecification", "dayOfWeek": [f"https://schema.org/{DAYS[d]}" for d in days],
            "opens": start, "closes": end}


def _identity(site: Site, entry: Entry, page: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": "https://schema.org"}
    address = site.absolute(page)
    if address:
        data["@id"] = address
    data["identifier"] = f"urn:uuid:{site.entry_id(entry)}"
    return data


def organisation(site: Site, entry: Entry) -> dict[str, Any]:
    org = entry.model
    data = _identity(site, entry, f"organisationen/{entry.slug}/")
    data |= {
        "@type": "NGO" if "e. V." in org.name or "e.V." in org.name else "Organization",
        "name": org.name,
        "description": richtext.to_text(org.description["de"]),
    }
    if org.short_name:
        data["alternateName"] = org.short_name
    place = _place(site, entry)
    if place:
        data["location"] = place
        data["address"] = place["address"]
    _contact(data, org.contact)
    if org.languages:
        data["knowsLanguage"] = list(org.languages)
    hours = [_hours(h.days, h.start, h.end) for h in org.opening_hours if h.days and h.start and h.end]
    if hours:
        data["openingHoursSpecification"] = hours
    data["dateModified"] = org.checked_on.isoformat()
    return data


def offer(site: Site, entry: Entry) -> dict[str, Any]:
    model = entry.model
    org_entry = site.catalogue.organisations[model.organisation]
    org = org_entry.model
    data = _identity(site, entry, f"angebote/{entry.slug}/")
    data |= {
        "@type": "Service",
        "name": model.title,
        "description": richtext.to_text(model.description["de"]),
        "serviceType": site.term_name("offer_types", model.kind),
        "provider": {"@type": "Organization", "name": org.name,
                     "identifier": f"urn:uuid:{site.entry_id(org_entry)}"},
    }
    languages = site.effective(entry, "languages")
    if languages:
        data["availableLanguage"] = list(languages)
    place = _place(site, entry)
    if place:
        data["areaServed"] = place
    hours = [_hours(item.days, item.start, item.end) for item in model.schedule
             if item.rule == "woechentlich" and item.days and item.start and item.end]
    for spec in hours:  # weekly dates only: fortnightly and monthly rules have no schema.org form
        if model.valid_from:
            spec["validFrom"] = model.valid_from.isoformat()
        if model.valid_until:
            spec["validThrough"] = model.valid_until.isoformat()
    if hours:
        data["hoursAvailable"] = hours
    if model.free_of_charge:
        data["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "EUR"}
    _contact(data, site.effective(entry, "contact"))
    data["dateModified"] = model.checked_on.isoformat()
    return data
