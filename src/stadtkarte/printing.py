"""What a printed entry says: the facts a card in a list needs on paper.

On screen a card in the directory shows a teaser and links to the entry's page; on paper there
is no link to follow, so each card carries a small block that only the print stylesheet shows
(``assets/stadtkarte/print.css``): address, phone, e-mail, web address, opening hours or dates.
The Wegweiser (:mod:`stadtkarte.wegweiser`) prints the same facts.

Everything here reads the published view only (see :func:`facts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import schedule
from .publish import PublicOffer

if TYPE_CHECKING:
    from .render import RenderContext


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


def facts(site: RenderContext, item: Any) -> Facts:
    """The facts of ``item`` (a ``pages.Item``) as the public pages show them, from its public record
    (:mod:`stadtkarte.publish`): a protected place has no street there."""
    entry = item.entry
    place = entry.place
    result = Facts(online=place is None)
    if place is not None:
        if not place.approximate and place.street:
            result.address.append(place.street + (f", {place.extra}" if place.extra else ""))
        result.address.append(place.locality or site.municipality_name(place.municipality))
        result.address_private = place.approximate
    if entry.contact is not None:
        result.phone, result.email, result.website = entry.contact.phone, entry.contact.email, entry.contact.website
    if isinstance(entry, PublicOffer):
        result.hours = [schedule.describe_appointment(a) for a in entry.schedule]
        result.next_date = schedule.next_dates_text(list(entry.schedule), site.options.today,
                                                    entry.valid_from, entry.valid_until)
    else:
        result.hours = [schedule.describe_hours(h) for h in entry.opening_hours]
    return result
