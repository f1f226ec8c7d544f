"""The public view: the one step that decides what of the data is published.

Pipeline: load (:mod:`.catalogue`) → validate (:mod:`.validation`) → **publish** (this module)
→ render (:mod:`.pages`, :mod:`.maps`, :mod:`.jsonld`, :mod:`.exports`) → emit (the MkDocs hooks,
``stadtkarte generate --out``).

:func:`publish` turns a validated :class:`~stadtkarte.entries.Catalogue` into a
:class:`PublicView` of plain, frozen records. Every output renders from it and from nothing else
(a test checks the imports of every renderer), so the privacy rules live here and only here:

- entries with ``sichtbar: false``, offers past ``gueltig_bis`` and offers of hidden
  organisations are not in the view;
- a protected place (``standort_oeffentlich: false``, and an offer's place under a protected
  organisation unless confirmed public, :func:`stadtkarte.protection.place_is_public`) has no
  street and no exact point: with
  ``geschuetzte_orte: bereich`` (default) its point is the centre of its ~450 m grid cell
  (:func:`stadtkarte.geo.coarsen`) and it shows PLZ and Ort; with ``keiner`` it has no point
  and shows only its municipality;
- a contact person's name only with ``einverstanden: true``;
- no file path of a protected entry (pages link "Eintrag bearbeiten" only to other files);
- effective values are resolved once: an offer without its own ``sprachen``, ``kontakt``,
  ``barrierefreiheit``, ``ort``, ``kategorien``, ``themen`` or ``zielgruppen`` has its
  organisation's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from . import models as raw
from .entries import Catalogue, Entry, is_stale
from .geo import coarsen
from .models import WEEKDAYS, Offer, Organisation
from .protection import place_is_public

__all__ = [
    "WEEKDAYS", "Accessibility", "Age", "Appointment", "Category", "Contact", "Hours", "Municipality", "Person",
    "Place", "Point", "PublicEntry", "PublicOffer", "PublicOrganisation", "PublicView", "PublishOptions",
    "Registration", "Term", "publish",
]

ProtectedPlaces = Literal["bereich", "keiner"]
#: values of ``extra.stadtkarte.geschuetzte_orte`` in mkdocs.yml
PROTECTED_PLACES: tuple[ProtectedPlaces, ...] = ("bereich", "keiner")


@dataclass(frozen=True)
class PublishOptions:
    """What publishing needs beyond the data."""

    today: date
    #: ``bereich``: a protected place is an approximate area; ``keiner``: no point at all
    protected_places: ProtectedPlaces = "bereich"


# --- the public records --------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True)
class Place:
    """Where an entry is, as far as it is public.

    A public place has everything; a protected one (``approximate``) has no ``street`` and no
    ``extra``, its ``point`` is coarsened (or ``None`` with ``geschuetzte_orte: keiner``, which
    also leaves out ``postcode`` and ``town``)."""

    municipality: str  # slug from kommunen.yml
    postcode: str | None
    town: str | None
    street: str | None
    extra: str | None
    point: Point | None  # None: not geocoded yet, or a protected place shown without point
    approximate: bool
    district: str | None = None  # Stadtteil, e.g. the area a protected place names

    @property
    def locality(self) -> str | None:
        """"Oststadt, 71640 Ludwigsburg": district (if any), postcode and town."""
        if not self.postcode:
            return None
        return f"{self.district + ', ' if self.district else ''}{self.postcode} {self.town}"


@dataclass(frozen=True)
class Person:
    """A contact person: ``name`` only with consent, else ``None`` (the role stays)."""

    name: str | None
    role: str | None


@dataclass(frozen=True)
class Contact:
    phone: str | None
    email: str | None
    website: str | None
    person: Person | None


@dataclass(frozen=True)
class Accessibility:
    wheelchair: str  # ja, nein, teilweise, unbekannt
    note: str | None


@dataclass(frozen=True)
class Hours:
    """One line of opening hours (the attributes :mod:`.schedule` reads)."""

    days: tuple[str, ...] | None
    start: str | None
    end: str | None
    note: str | None


@dataclass(frozen=True)
class Appointment:
    """One rule of an offer's dates (the attributes :mod:`.schedule` reads)."""

    rule: str | None
    days: tuple[str, ...] | None
    weeks_of_month: tuple[int, ...] | None
    date: date | None
    start: str | None
    end: str | None
    note: str | None


@dataclass(frozen=True)
class Registration:
    required: bool
    note: str | None


@dataclass(frozen=True)
class Age:
    minimum: int | None
    maximum: int | None


@dataclass(frozen=True, kw_only=True)
class PublicEntry:
    """What organisations and offers share. ``kind`` is ``organisation`` or ``angebot``."""

    kind: str
    slug: str
    title: str
    description: Mapping[str, str]  # language tag → Markdown, German (``de``) always there
    categories: tuple[str, ...]
    topics: tuple[str, ...]
    target_groups: tuple[str, ...]
    languages: tuple[str, ...]
    accessibility: Accessibility | None
    contact: Contact | None
    place: Place | None  # None: online only (or no address)
    online: bool
    free: bool
    checked_on: date
    stale: bool  # not checked for more than 12 months
    #: the data file relative to the data folder (``organisationen/x.yml``) for "Eintrag
    #: bearbeiten"; ``None`` for a protected place, whose file is not linked from the site
    source: str | None
    #: the entry's own ``suchbegriffe`` (all languages in one tuple)
    search_words: tuple[str, ...]
    #: ``maschinell``: languages whose texts a machine translated (the page says so)
    machine_translated: frozenset[str] = frozenset()

    @property
    def url(self) -> str:
        return f"{'organisationen' if self.kind == 'organisation' else 'angebote'}/{self.slug}/"

    @property
    def protected(self) -> bool:
        return self.place is not None and self.place.approximate


@dataclass(frozen=True, kw_only=True)
class PublicOrganisation(PublicEntry):
    name: str
    short_name: str | None
    opening_hours: tuple[Hours, ...]
    support_wanted: tuple[str, ...]
    we_offer: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class PublicOffer(PublicEntry):
    organisation: str  # slug
    organisation_name: str
    offer_type: str  # slug from the taxonomy's angebotsarten
    own_place: bool  # False: at its organisation's place (``place`` is the organisation's)
    schedule: tuple[Appointment, ...]
    valid_from: date | None
    valid_until: date | None
    cost: str | None
    registration: Registration | None
    age: Age | None


@dataclass(frozen=True)
class Term:
    slug: str
    name: str  # German
    description: str | None
    #: ``suchbegriffe``: the words the term is found by, all languages in one tuple
    search_words: tuple[str, ...]
    #: ``uebersetzungen``: language → name, language → description (German is ``name``)
    names: Mapping[str, str] = field(default_factory=dict, kw_only=True)
    descriptions: Mapping[str, str] = field(default_factory=dict, kw_only=True)
    #: languages whose name/description a machine translated
    machine: frozenset[str] = field(default_factory=frozenset, kw_only=True)

    def label(self, language: str) -> str:
        """The name in ``language``, German where there is none."""
        return self.names.get(language, self.name)

    def text(self, language: str) -> str | None:
        """The description in ``language``, German where there is none."""
        return self.descriptions.get(language, self.description)


@dataclass(frozen=True)
class Category(Term):
    colour: str
    icon: str


@dataclass(frozen=True)
class Municipality:
    slug: str
    name: str
    ags: str | None
    centre: Point
    #: ``uebersetzungen``: language → name, where it is written differently
    names: Mapping[str, str] = field(default_factory=dict, kw_only=True)

    def label(self, language: str) -> str:
        return self.names.get(language, self.name)


@dataclass(frozen=True)
class PublicView:
    """Everything the outputs may show. Mappings keep the order of the data: taxonomy terms as
    written in ``taxonomie.yml``, organisations and offers by slug; ``entries`` holds both in
    the order of the lists (by title)."""

    today: date
    categories: Mapping[str, Category]
    topics: Mapping[str, Term]
    target_groups: Mapping[str, Term]
    offer_types: Mapping[str, Term]
    municipalities: Mapping[str, Municipality]
    organisations: Mapping[str, PublicOrganisation]
    offers: Mapping[str, PublicOffer]
    entries: tuple[PublicOrganisation | PublicOffer, ...]
    _offers_of: Mapping[str, tuple[PublicOffer, ...]] = field(default_factory=dict, repr=False)

    def offers_of(self, organisation: str) -> tuple[PublicOffer, ...]:
        """The published offers of an organisation, by slug."""
        return self._offers_of.get(organisation, ())


# --- publishing ------------------------------------------------------------------------------


def publish(catalogue: Catalogue, options: PublishOptions) -> PublicView:
    """The public view of a validated catalogue (see the module's description for the rules)."""
    assert catalogue.taxonomy is not None, "publish needs a validated catalogue"
    return _Publisher(catalogue, options).view()


def is_protected(catalogue: Catalogue, entry: Entry) -> bool:
    """True when the entry's place may only be shown as an approximate area: its own
    ``standort_oeffentlich: false``, or for an offer its organisation's, also where the offer
    names a place of its own that is not confirmed public (:func:`.protection.place_is_public`)."""
    model = entry.model
    if isinstance(model, Organisation):
        return not place_is_public(None, model)
    org = catalogue.organisations.get(model.organisation)
    return not place_is_public(model.place, org.model if org else None)


def _only_past_dates(offer: Offer, today: date) -> bool:
    """True for an offer whose dates are all one-off (``regel: einmalig``) and all before
    ``today``: a past event leaves the site without a ``gueltig_bis`` (the nightly build)."""
    dated = [a for a in offer.schedule if a.rule is not None]
    return bool(dated) and all(a.rule == "einmalig" and a.date is not None and a.date < today for a in dated)


def term_words(value: Any) -> list[str]:
    """``suchbegriffe`` of a term or entry: a list, or a map language → list (all languages
    are indexed: the search is for residents in their words)."""
    if not value:
        return []
    if isinstance(value, dict):
        return [word for tag in sorted(value) for word in value[tag]]
    return list(value)


def _words(search_words: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(term_words(search_words)))


def _translations(term: raw.Term) -> dict[str, Any]:
    """A term's ``uebersetzungen`` as the public record's ``names``, ``descriptions``, ``machine``."""
    found = term.translations
    return {
        "names": {code: x.name for code, x in found.items()},
        "descriptions": {code: x.description for code, x in found.items() if x.description},
        "machine": frozenset(code for code, x in found.items() if x.machine),
    }


def _tuple(values: Any) -> tuple:
    return tuple(values) if values else ()


class _Publisher:
    def __init__(self, catalogue: Catalogue, options: PublishOptions) -> None:
        self.catalogue = catalogue
        self.options = options

    def view(self) -> PublicView:
        catalogue, today = self.catalogue, self.options.today
        taxonomy = catalogue.taxonomy
        assert taxonomy is not None
        organisations = {s: e for s, e in sorted(catalogue.organisations.items()) if e.model.visible}
        offers = {s: e for s, e in sorted(catalogue.offers.items()) if self._published_offer(e.model, organisations)}
        public_offers = {slug: self._offer(entry) for slug, entry in offers.items()}
        offers_of: dict[str, list[PublicOffer]] = {}
        for offer in public_offers.values():
            offers_of.setdefault(offer.organisation, []).append(offer)
        public_orgs = {
            slug: self._organisation(entry, offers_of.get(slug, [])) for slug, entry in organisations.items()
        }
        entries = sorted([*public_orgs.values(), *public_offers.values()], key=lambda e: (e.title.casefold(), e.kind))
        return PublicView(
            today=today,
            categories={s: Category(s, c.name, c.description, _words(c.search_words), c.colour, c.icon,
                                    **_translations(c)) for s, c in taxonomy.categories.items()},
            topics={s: Term(s, c.name, c.description, _words(c.search_words), **_translations(c))
                    for s, c in taxonomy.topics.items()},
            target_groups={s: Term(s, c.name, c.description, _words(c.search_words), **_translations(c))
                           for s, c in taxonomy.target_groups.items()},
            offer_types={s: Term(s, c.name, c.description, _words(c.search_words), **_translations(c))
                         for s, c in taxonomy.offer_types.items()},
            municipalities={
                s: Municipality(s, m.name, m.ags, Point(m.centre.lat, m.centre.lon),
                                names={code: x.name for code, x in m.translations.items()})
                for s, m in catalogue.municipalities.items()
            },
            organisations=public_orgs,
            offers=public_offers,
            entries=tuple(entries),
            _offers_of={slug: tuple(found) for slug, found in offers_of.items()},
        )

    def _published_offer(self, offer: Offer, organisations: Mapping[str, Entry]) -> bool:
        if not offer.visible or offer.organisation not in organisations:
            return False
        if offer.valid_until is not None and offer.valid_until < self.options.today:
            return False
        return not _only_past_dates(offer, self.options.today)

    # --- the parts ------------------------------------------------------------------------

    def _place(self, entry: Entry) -> Place | None:
        catalogue = self.catalogue
        address = catalogue.address(entry)
        if address is None:
            return None
        exact = catalogue.coordinates(entry)
        if not is_protected(catalogue, entry):
            point = Point(exact.lat, exact.lon) if exact else None
            return Place(address.municipality, address.postcode, address.town, address.street, address.extra,
                         point, approximate=False, district=address.district)
        if self.options.protected_places == "keiner":
            return Place(address.municipality, None, None, None, None, None, approximate=True)
        point = Point(*coarsen(exact.lat, exact.lon)) if exact else None
        return Place(address.municipality, address.postcode, address.town, None, None, point, approximate=True,
                     district=address.district)

    @staticmethod
    def _contact(contact: raw.Contact | None) -> Contact | None:
        if contact is None:
            return None
        person = contact.person
        public_person = None
        if person is not None:  # the name only with consent; the role ("Beratung") stays
            public_person = Person(name=person.name if person.consent is True else None, role=person.role)
        return Contact(contact.phone, contact.email, contact.website, public_person)

    @staticmethod
    def _accessibility(value: raw.Accessibility | None) -> Accessibility | None:
        return Accessibility(value.wheelchair, value.note) if value is not None else None

    def _source(self, entry: Entry, place: Place | None) -> str | None:
        if place is not None and place.approximate:
            return None
        return f"{entry.path.parent.name}/{entry.path.name}"

    def _common(self, entry: Entry, place: Place | None) -> dict[str, Any]:
        model = entry.model
        return {
            "slug": entry.slug,
            "description": dict(model.description),
            "place": place,
            "checked_on": model.checked_on,
            "stale": is_stale(entry, self.options.today),
            "source": self._source(entry, place),
            "search_words": _words(model.search_words),
            "machine_translated": frozenset(model.machine_translated),
        }

    def _organisation(self, entry: Entry[Organisation], offers: list[PublicOffer]) -> PublicOrganisation:
        org = entry.model
        place = self._place(entry)
        return PublicOrganisation(
            kind="organisation", title=org.name, name=org.name, short_name=org.short_name,
            categories=_tuple(org.categories), topics=_tuple(org.topics), target_groups=_tuple(org.target_groups),
            languages=_tuple(org.languages), accessibility=self._accessibility(org.accessibility),
            contact=self._contact(org.contact), online=org.online and org.address is None,
            free=any(o.free for o in offers),
            opening_hours=tuple(Hours(_tuple(h.days) or None, h.start, h.end, h.note) for h in org.opening_hours),
            support_wanted=_tuple(org.support_wanted), we_offer=_tuple(org.we_offer),
            **self._common(entry, place),
        )

    def _offer(self, entry: Entry[Offer]) -> PublicOffer:
        offer = entry.model
        org = self.catalogue.organisations[offer.organisation].model

        def effective(name: str) -> Any:
            """The offer's value, or its organisation's where the offer leaves it out."""
            value = getattr(offer, name)
            return getattr(org, name) if value is None else value

        place = self._place(entry)
        return PublicOffer(
            kind="angebot", title=offer.title, organisation=offer.organisation, organisation_name=org.name,
            offer_type=offer.kind,
            categories=_tuple(offer.categories or org.categories), topics=_tuple(offer.topics or org.topics),
            target_groups=_tuple(effective("target_groups")), languages=_tuple(effective("languages")),
            accessibility=self._accessibility(effective("accessibility")), contact=self._contact(effective("contact")),
            online=place is None, free=offer.free_of_charge, own_place=offer.place is not None,
            schedule=tuple(
                Appointment(a.rule, _tuple(a.days) or None, _tuple(a.weeks_of_month) or None, a.date, a.start, a.end,
                            a.note)
                for a in offer.schedule
            ),
            valid_from=offer.valid_from, valid_until=offer.valid_until, cost=offer.cost,
            registration=Registration(offer.registration.required, offer.registration.note) if offer.registration else None,
            age=Age(offer.age.minimum, offer.age.maximum) if offer.age else None,
            **self._common(entry, place),
        )
