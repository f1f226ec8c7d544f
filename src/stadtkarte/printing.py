"""What a printed entry says: the facts a card in a list needs on paper.

On screen a card in the directory shows a teaser and links to the entry's page; on paper there
is no link to follow, so each card carries a small block that only the print stylesheet shows
(``assets/stadtkarte/print.css``): address, phone, e-mail, web address, opening hours or dates.
The Wegweiser (:mod:`stadtkarte.wegweiser`) prints the same facts.

Everything here reads the published view only (see :func:`facts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import schedule
from .models import Offer

if TYPE_CHECKING:
    from .pages import Item, Site


@dataclass
class Facts:
    """The printable facts of one entry (texts; the templates escape them)."""

    address: list[str] = field(default_factory=list)  # lines; a protected place has no street
    address_private: bool = False
    online: bool = False
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    hours: list[str] = field(default_factory=list)  # opening hours or the offer's dates in words
    next_date: str | None = None  # "nächster Termin: Dienstag, 24.11.2026, 15–17 Uhr"

    @property
    def empty(self) -> bool:
        return not (self.address or self.online or self.phone or self.email or self.website or self.hours)


def facts(site: Site, item: Item) -> Facts:
    """The facts of ``item`` as the public pages show them.

    Uses only ``site.catalogue.address``, ``site.catalogue.location_public``, ``site.effective``
    and ``site.options.today`` (what the public view offers)."""
    entry = item.entry
    address = site.catalogue.address(entry)
    public = site.catalogue.location_public(entry)
    result = Facts(online=address is None)
    if address is not None:
        if public:
            result.address.append(address.street + (f", {address.extra}" if address.extra else ""))
        result.address.append(f"{address.postcode} {address.town}")
        result.address_private = not public
    contact = site.effective(entry, "contact")
    if contact is not None:
        result.phone, result.email, result.website = contact.phone, contact.email, contact.website
    model = entry.model
    if isinstance(model, Offer):
        result.hours = [schedule.describe_appointment(a) for a in model.schedule]
        result.next_date = schedule.next_dates_text(list(model.schedule), site.options.today,
                                                    model.valid_from, model.valid_until)
    else:
        result.hours = [schedule.describe_hours(h) for h in model.opening_hours]
    return result
