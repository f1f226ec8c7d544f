"""schema.org JSON-LD for entry pages: consistent with what the page shows, nothing more.

Each entry carries the same stable identifier as the open data exports (``urn:uuid:…``, see
:func:`stadtkarte.render.stable_id`) and, when ``site_url`` is set, its page address as ``@id``.

It is made from the public records (:mod:`stadtkarte.publish`), which have no street and no
exact point of a protected place and a contact person's name only with consent.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from . import richtext
from .publish import Contact, PublicEntry, PublicOffer, PublicOrganisation
from .render import RenderContext

DAYS = {"mo": "Monday", "di": "Tuesday", "mi": "Wednesday", "do": "Thursday", "fr": "Friday", "sa": "Saturday", "so": "Sunday"}


def script_tag(data: dict[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` block; ``<``, ``>`` and ``&`` are escaped as
    JSON unicode escapes, so no text can close the script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')  # noqa: S704 - escaped above


def _contact(data: dict[str, Any], contact: Contact | None) -> None:
    if contact is None:
        return
    if contact.phone:
        data["telephone"] = contact.phone
    if contact.email:
        data["email"] = contact.email
    if contact.website:
        data["url"] = contact.website
    if contact.person and contact.person.name:
        person = {"@type": "Person", "name": contact.person.name}
        if contact.person.role:
            person["jobTitle"] = contact.person.role
        data["employee"] = person


def _place(site: RenderContext, entry: PublicEntry) -> dict[str, Any] | None:
    place = entry.place
    if place is None:
        return None
    postal: dict[str, Any] = {"@type": "PostalAddress"}
    if place.postcode:
        postal |= {"postalCode": place.postcode, "addressLocality": place.town}
    else:  # a protected place shown without point: only its municipality
        postal["addressLocality"] = site.municipality_name(place.municipality)
    postal["addressCountry"] = "DE"
    if not place.approximate:
        postal["streetAddress"] = place.street
    data: dict[str, Any] = {"@type": "Place", "address": postal}
    if place.point:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": place.point.lat, "longitude": place.point.lon}
    return data


def _hours(days: tuple[str, ...], start: str, end: str) -> dict[str, Any]:
    return {"@type": "OpeningHoursSpecification", "dayOfWeek": [f"https://schema.org/{DAYS[d]}" for d in days],
            "opens": start, "closes": end}


def _identity(site: RenderContext, entry: PublicEntry) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": "https://schema.org"}
    address = site.absolute(entry.url)
    if address:
        data["@id"] = address
    data["identifier"] = f"urn:uuid:{site.entry_id(entry)}"
    return data


def organisation(site: RenderContext, org: PublicOrganisation) -> dict[str, Any]:
    data = _identity(site, org)
    data |= {
        "@type": "NGO" if "e. V." in org.name or "e.V." in org.name else "Organization",
        "name": org.name,
        "description": richtext.to_text(org.description["de"]),
    }
    if org.short_name:
        data["alternateName"] = org.short_name
    place = _place(site, org)
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


def offer(site: RenderContext, offer: PublicOffer) -> dict[str, Any]:
    org = site.view.organisations[offer.organisation]
    data = _identity(site, offer)
    data |= {
        "@type": "Service",
        "name": offer.title,
        "description": richtext.to_text(offer.description["de"]),
        "serviceType": site.term_name("offer_types", offer.offer_type),
        "provider": {"@type": "Organization", "name": org.name,
                     "identifier": f"urn:uuid:{site.entry_id(org)}"},
    }
    if offer.languages:
        data["availableLanguage"] = list(offer.languages)
    place = _place(site, offer)
    if place:
        data["areaServed"] = place
    hours = [_hours(item.days, item.start, item.end) for item in offer.schedule
             if item.rule == "woechentlich" and item.days and item.start and item.end]
    for spec in hours:  # weekly dates only: fortnightly and monthly rules have no schema.org form
        if offer.valid_from:
            spec["validFrom"] = offer.valid_from.isoformat()
        if offer.valid_until:
            spec["validThrough"] = offer.valid_until.isoformat()
    if hours:
        data["hoursAvailable"] = hours
    if offer.free:
        data["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "EUR"}
    _contact(data, offer.contact)
    data["dateModified"] = offer.checked_on.isoformat()
    return data


def breadcrumbs(site: RenderContext, trail: list[tuple[str, str]]) -> dict[str, Any] | None:
    """The page's breadcrumb trail (name, site URL) as a schema.org ``BreadcrumbList``; only
    with ``site_url``, since its items need absolute addresses."""
    if not site.options.site_url:
        return None
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": number, "name": name, "item": site.address_of(url)}
        for number, (name, url) in enumerate(trail, 1)
    ]}
