"""The loaded data: :class:`Entry` (one validated file) and :class:`Catalogue` (all of them).

Shared by loading (:mod:`.catalogue`), validation (:mod:`.validation`), the editors' tools and
publishing (:mod:`.publish`); it imports none of them, so the pipeline runs one way.

The catalogue answers with the *exact* data (an entry's address and coordinates, inherited by
an offer from its organisation): editors' tools and validation need them. What may be published
is decided in one place only, :func:`stadtkarte.publish.publish`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from .geocache import GeoCache
from .models import Address, Coordinates, Municipality, Offer, Organisation, Taxonomy
from .problems import Problem, Severity
from .yamlsource import Path_, Positions

M = TypeVar("M", bound=BaseModel)

#: an entry not checked for this long gets a notice on its page and is listed in the report
STALE_AFTER = timedelta(days=365)


@dataclass
class Entry(Generic[M]):
    """A validated data file: its slug, where it is, its model, where each value stands."""

    slug: str
    path: Path
    model: M
    positions: Positions

    def __repr__(self) -> str:
        return f"Entry({self.slug!r}, {self.path.parent.name})"

    def problem(self, path: Path_, message: str, severity: Severity = "fehler", rule: str = "") -> Problem:
        line, col = self.positions.of(path)
        return Problem(self.path, line, col, path, message, severity, rule)


@dataclass
class Catalogue:
    """Everything the site is made from; only files that validated are in it."""

    data_dir: Path
    taxonomy: Taxonomy | None = None
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    organisations: dict[str, Entry[Organisation]] = field(default_factory=dict)
    offers: dict[str, Entry[Offer]] = field(default_factory=dict)
    geocache: GeoCache | None = None
    files: int = 0
    #: slugs of entry files that exist but did not validate (references to them are not "unknown")
    broken: set[str] = field(default_factory=set)
    #: entries with errors, read leniently so that every rule can still report on them
    salvaged: list[Entry] = field(default_factory=list)

    def address(self, entry: Entry) -> Address | None:
        """The address an entry is found at: its own, or for an offer its organisation's."""
        model = entry.model
        if isinstance(model, Organisation):
            return model.address
        if model.place is not None:
            return model.place.address() if not model.place.online else None
        org = self.organisations.get(model.organisation)
        return org.model.address if org and not org.model.online else None

    def needs_coordinates(self, entry: Entry) -> bool:
        """True when the entry has its own address (an offer without ``ort`` uses its
        organisation's coordinates)."""
        model = entry.model
        if isinstance(model, Organisation):
            return model.address is not None
        return model.place is not None and not model.place.online and model.place.address() is not None

    def coordinates(self, entry: Entry) -> Coordinates | None:
        """Hand-set ``koordinaten`` win; otherwise the geocode cache; an offer without a place of
        its own has its organisation's."""
        model = entry.model
        own = model.coordinates if isinstance(model, Organisation) else (model.place.coordinates if model.place else None)
        if own is not None:
            return own
        if isinstance(model, Offer) and model.place is None:
            org = self.organisations.get(model.organisation)
            return self.coordinates(org) if org else None
        address = self.address(entry)
        if address is None:
            return None
        cached = self.geocache.get(address) if self.geocache is not None else None
        if cached:
            return Coordinates(lat=cached.lat, lon=cached.lon)
        if address.is_area and address.municipality in self.municipalities:
            # a protected place: the centre of its area from the cache, else of its municipality
            return self.municipalities[address.municipality].centre
        return None


def is_stale(entry: Entry, today: date) -> bool:
    """True when ``geprueft_am`` is more than 12 months before ``today``."""
    return today - entry.model.checked_on > STALE_AFTER
