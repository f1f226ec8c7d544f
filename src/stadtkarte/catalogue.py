"""Load a data folder into a validated :class:`Catalogue`, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from .geo import coarsen
from .geocache import CACHE_FILE, GeoCache
from .i18n import t
from .models import Address, Coordinates, Municipalities, Municipality, Offer, Organisation, Taxonomy
from .problems import Problem, Severity
from .validation import check_catalogue, check_text, model_problems, slug_problems
from .yamlsource import Loaded, Path_, Positions, load_file

M = TypeVar("M", bound=BaseModel)

#: an entry not checked for this long gets a notice on its page and is listed in the report
STALE_AFTER = timedelta(days=365)

ORGANISATIONS = "organisationen"
OFFERS = "angebote"
TAXONOMY_FILE = "taxonomie.yml"
MUNICIPALITIES_FILE = "kommunen.yml"


@dataclass
class Entry(Generic[M]):
    """A validated data file: its slug, where it is, its model, where each value stands."""

    slug: str
    path: Path
    model: M
    positions: Positions

    def __repr__(self) -> str:
        return f"Entry({self.slug!r}, {self.path.parent.name})"

    def problem(self, path: Path_, message: str, severity: Severity = "fehler") -> Problem:
        line, col = self.positions.of(path)
        return Problem(self.path, line, col, path, message, severity)


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


    def location_public(self, entry: Entry) -> bool:
        """False when the place must only be shown as an approximate area."""
        model = entry.model
        if isinstance(model, Organisation):
            return model.location_public
        if model.place is not None:
            return model.place.location_public
        org = self.organisations.get(model.organisation)
        return org.model.location_public if org else True

    def published_coordinates(self, entry: Entry) -> tuple[Coordinates, bool] | None:
        """What may be published (map, exports): the coordinates and whether they are only
        approximate. For ``standort_oeffentlich: false`` the point is coarsened to a ~450 m grid
        cell, so no page or file ever carries the exact place."""
        exact = self.coordinates(entry)
        if exact is None:
            return None
        if self.location_public(entry):
            return exact, False
        lat, lon = coarsen(exact.lat, exact.lon)
        return Coordinates(lat=lat, lon=lon), True


def is_stale(entry: Entry, today: date) -> bool:
    """True when ``geprueft_am`` is more than 12 months before ``today``."""
    return today - entry.model.checked_on > STALE_AFTER


def _load_model(path: Path, model: type[M]) -> tuple[Loaded, M | None, list[Problem]]:
    loaded = load_file(path)
    if not isinstance(loaded.data, dict):
        return loaded, None, list(loaded.problems)
    # Duplicate keys or aliases leave a usable mapping: report them and go on checking.
    result, errors = model_problems(loaded, model)
    # One message per place: the reader's (alias) and the model's (bad URL) are the precise ones.
    errors = [e for e in errors if not _overlaps(e.path, [p.path for p in loaded.problems])]
    text = [p for p in check_text(loaded) if not _overlaps(p.path, [e.path for e in errors])]
    return loaded, result, loaded.problems + text + errors  # type: ignore[return-value]


def _overlaps(path: Path_, others: list[Path_]) -> bool:
    """True when ``path`` is one of ``others`` or lies above or below one of them."""
    return any(path and other and (path[: len(other)] == other or other[: len(path)] == path) for other in others)


def _entry_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    if not folder.is_dir():
        return [], []
    files, ignored = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_file() and path.suffix in (".yml", ".yaml"):
            files.append(path)
        else:
            ignored.append(Problem(path, 1, 1, (), t("file.ignored"), "warnung"))
    return files, ignored


def load_catalogue(data_dir: Path, today: date | None = None) -> tuple[Catalogue, list[Problem]]:
    """Read and validate every file under ``data_dir``; return the catalogue of valid entries
    and all problems (errors and notes), sorted by file and line."""
    today = today or date.today()
    catalogue = Catalogue(data_dir=data_dir)
    problems: list[Problem] = []

    taxonomy_path = data_dir / TAXONOMY_FILE
    if taxonomy_path.exists():
        _, catalogue.taxonomy, found = _load_model(taxonomy_path, Taxonomy)
        problems += found
        catalogue.files += 1
    else:
        problems.append(Problem(taxonomy_path, 1, 1, (), t("file.missing")))
    municipalities_path = data_dir / MUNICIPALITIES_FILE
    if municipalities_path.exists():
        _, municipalities, found = _load_model(municipalities_path, Municipalities)
        problems += found
        catalogue.files += 1
        catalogue.municipalities = municipalities.municipalities if municipalities else {}
    else:
        problems.append(Problem(municipalities_path, 1, 1, (), t("file.missing")))

    cache_path = data_dir / CACHE_FILE
    try:
        catalogue.geocache = GeoCache.load(cache_path)
    except ValueError as error:  # json.JSONDecodeError is a ValueError
        problems.append(Problem(cache_path, getattr(error, "lineno", 1), getattr(error, "colno", 1), (), t("cache.invalid")))
        catalogue.geocache = GeoCache(cache_path)

    for folder, model, target in (
        (ORGANISATIONS, Organisation, catalogue.organisations),
        (OFFERS, Offer, catalogue.offers),
    ):
        files, ignored = _entry_files(data_dir / folder)
        problems += ignored
        seen: dict[str, Path] = {}
        for path in files:
            catalogue.files += 1
            problems += slug_problems(path, seen, data_dir)
            seen.setdefault(path.stem, path)
            loaded, result, found = _load_model(path, model)
            problems += found
            if result is None:
                catalogue.broken.add(path.stem)
            elif any(p.is_error for p in found) or path.stem in target:
                catalogue.broken.add(path.stem)
                catalogue.salvaged.append(Entry(path.stem, path, result, loaded.positions))
            else:
                target[path.stem] = Entry(path.stem, path, result, loaded.positions)

    # Rules about a field that already has an error would only repeat it in other words.
    by_file: dict[Path, list[Path_]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem.path)
    problems += [
        p for p in check_catalogue(catalogue, today) if not _overlaps(p.path, by_file.get(p.file, []))
    ]
    return catalogue, sorted(set(problems))
