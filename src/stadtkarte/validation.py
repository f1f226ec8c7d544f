"""Validation in layers, every problem with file, line, column, field and a fix.

1. :mod:`stadtkarte.yamlsource` reads the file (syntax, encoding, duplicate keys, …).
2. :func:`check_text` looks at every text in the raw data (HTML, unsafe links).
3. :func:`model_problems` validates against the pydantic model and rewrites each error in German.
4. :func:`check_catalogue` relates fields and files to each other (references, order of dates
   and times, the covered area, duplicates).

All checks collect; none stops at the first problem.
"""

from __future__ import annotations

import copy
import difflib
import re
import types
import typing
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError, create_model

from .geo import in_area
from .i18n import field_docs, t
from .models import SLUG_RE, slugify, WEEKDAYS, Address, Coordinates, Offer, Organisation, Place
from .problems import Problem, display_path
from .yamlsource import Loaded, Path_

if TYPE_CHECKING:
    from .entries import Catalogue, Entry

# --------------------------------------------------------------------------------------------
# Texts: HTML and unsafe links are refused in every field, whatever the model says.

HTML_RE = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(?=[\s/>])[^>]*>?|<!--|<![a-zA-Z]|<\?")
UNSAFE_SCHEME_RE = re.compile(r"(?i)\b(javascript|vbscript|data|file)\s*:")
LINK_TARGET_RE = re.compile(r"\]\(\s*<?\s*([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?\s*(\S+)", re.M)


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def check_text(loaded: Loaded) -> list[Problem]:
    """HTML tags and ``javascript:``-style links anywhere in a file's texts."""
    found = []
    for path, text in _strings(loaded.data, ()):
        line, col = loaded.positions.of(path)
        html = HTML_RE.search(text)
        if html:
            tag = html.group(0)[:30]
            found.append(Problem(loaded.path, line, col, path, t("rule.html", tag=tag)))
            continue
        scheme = _unsafe_scheme(text)
        if scheme:
            found.append(Problem(loaded.path, line, col, path, t("rule.unsafe_link", scheme=scheme)))
    return found


def _unsafe_scheme(text: str) -> str | None:
    for match in LINK_TARGET_RE.finditer(text):
        target = (match.group(1) or match.group(2) or "").strip()
        scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*)\s*:", target)
        if scheme and scheme.group(1).lower() not in ("http", "https", "mailto", "tel"):
            return scheme.group(1).lower() + ":"
    plain = UNSAFE_SCHEME_RE.search(text)
    if plain and plain.group(1).lower() in ("javascript", "vbscript"):
        return plain.group(1).lower() + ":"
    return None


# --------------------------------------------------------------------------------------------
# pydantic errors → German messages with positions.


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _alias_map(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info.annotation for name, info in model.model_fields.items()}


def model_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model whose field the last element of ``loc`` names (``None`` if not a model)."""
    current: Any = root
    parts = list(loc[:-1])
    while parts:
        part = parts.pop(0)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        annotation = _unwrap(_alias_map(current).get(part))
        while typing.get_origin(annotation) in (list, dict) and parts:
            parts.pop(0)  # the list index or dict key
            annotation = _unwrap(typing.get_args(annotation)[-1])
        current = annotation
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _plain_number(value: Any) -> Any:
    """``90.0`` → ``90`` for messages."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _found(value: Any) -> str:
    if value is None:
        return t("found.none")
    if isinstance(value, bool):
        return t("found.bool", value="true" if value else "false")
    if isinstance(value, int | float):
        return t("found.number", value=value)
    if isinstance(value, list):
        return t("found.list")
    if isinstance(value, dict):
        return t("found.mapping")
    return t("found.text", value=str(value)[:60])


def _example(model: type[BaseModel] | None, key: str) -> str | None:
    if model is None:
        return None
    doc = field_docs().get(getattr(model, "doc_key", ""), {}).get(key)
    return f"{key}: {doc['example']}" if isinstance(doc, dict) and "example" in doc else None


def translate_error(error: Any, root: type[BaseModel]) -> tuple[tuple[str | int, ...], str]:
    """One pydantic error → (field path, German message)."""
    loc = tuple(part for part in error["loc"] if part != "[key]")
    kind = error["type"]
    ctx = {k: _plain_number(v) for k, v in (error.get("ctx") or {}).items()}
    value = error.get("input")
    container = model_at(root, loc) if loc else root
    key = loc[-1] if loc else ""
    if kind == "missing":
        example = _example(container, str(key))
        message = t("validation.missing", example=example) if example else t("validation.missing_plain")
    elif kind == "extra_forbidden":
        allowed = list(_alias_map(container)) if container else []
        close = closest(str(key), allowed)
        message = (
            t("validation.extra_forbidden", suggestion=close)
            if close
            else t("validation.extra_forbidden_list", allowed=", ".join(allowed))
        )
    elif kind.startswith("sk_"):
        message = t(f"validation.{kind}", **ctx)
    elif kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", f" {t('word.or')} ")
        message = t("validation.literal_error", value=value, expected=expected)
    elif kind == "string_type":
        hint = t("found.hint_number", value=value) if isinstance(value, int | float) and not isinstance(value, bool) else ""
        message = t("validation.string_type", found=_found(value), hint=hint)
    elif kind == "string_too_long":
        message = t("validation.string_too_long", length=len(value), max_length=ctx.get("max_length"))
    elif kind == "string_pattern_mismatch":
        message = t("validation.string_pattern_mismatch", value=value, pattern=ctx.get("pattern"))
    elif f"validation.{kind}" in _known_types():
        message = t(f"validation.{kind}", found=_found(value), value=value, **ctx)
    else:
        message = t("validation.other", detail=error.get("msg", kind))
    return loc, message


def _known_types() -> set[str]:
    from .i18n import messages

    return set(messages())


def model_problems(loaded: Loaded, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate a loaded file against ``model``; errors become problems at their lines.

    When only optional values are wrong, the model is still returned, built without them, so
    the rules between fields can run too and an editor sees every problem in one go.
    """
    try:
        return model.model_validate(loaded.data), []
    except ValidationError as failure:
        errors = failure.errors(include_url=False)
    found = []
    typos = {_typo_target(error, model) for error in errors} - {None}
    for error in errors:
        if error["type"] == "missing" and tuple(error["loc"]) in typos:
            continue  # "beschreibun: unknown, did you mean beschreibung" says it already
        path, message = translate_error(error, model)
        line, col = loaded.positions.of(path)
        found.append(Problem(loaded.path, line, col, path, message))
    return _salvage(loaded.data, errors, model), found


def _typo_target(error: Any, root: type[BaseModel]) -> tuple[str | int, ...] | None:
    """For an unknown key that is a near miss of a field: that field's location."""
    if error["type"] != "extra_forbidden":
        return None
    loc = tuple(error["loc"])
    container = model_at(root, loc)
    close = closest(str(loc[-1]), _alias_map(container)) if container else None
    return (*loc[:-1], close) if close else None


def _prune(data: Any, errors: list[Any]) -> None:
    """Delete, in place, every value an error points at (missing ones aside)."""
    doomed: list[tuple[Any, Any]] = []
    for error in errors:
        loc = [part for part in error["loc"] if part != "[key]"]
        if error["type"] == "missing" or not loc:
            continue
        parent = data
        for part in loc[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                break
        else:
            doomed.append((parent, loc[-1]))
    # delete list items from the end so earlier indexes stay right
    for parent, key in sorted(doomed, key=lambda d: d[1] if isinstance(d[1], int) else -1, reverse=True):
        try:
            del parent[key]
        except (KeyError, IndexError, TypeError):
            pass


def _salvage(data: Any, errors: list[Any], model: type[BaseModel]) -> BaseModel | None:
    """A lenient model (required fields may be missing) built without the values that failed,
    so the rules between fields still run; ``None`` if even that fails."""
    pruned = copy.deepcopy(data)
    for _ in range(4):  # removing a value can empty a list that must not be empty: prune again
        _prune(pruned, errors)
        try:
            return lenient(model).model_validate(pruned)
        except ValidationError as failure:
            errors = failure.errors(include_url=False)
    return None


def _lenient_type(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return lenient(annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return typing.Annotated[(_lenient_type(args[0]), *args[1:])]
    if origin is list:
        return list[_lenient_type(args[0])]  # type: ignore[misc]
    if origin is dict:
        return dict[args[0], _lenient_type(args[1])]  # type: ignore[misc,valid-type]
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_lenient_type(a) for a in args)]
    return annotation


@cache
def lenient(model: type[BaseModel]) -> type[BaseModel]:
    """A twin of ``model`` whose required fields may be missing (nested models too). Used only to
    check the rest of a file whose required fields are wrong; never published."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        relaxed = copy.copy(info)
        if info.is_required():
            relaxed.default = None
        fields[name] = (_lenient_type(info.annotation) | None, relaxed)
    return create_model(f"Lenient{model.__name__}", __base__=model, **fields)


# --------------------------------------------------------------------------------------------
# Rules over a whole catalogue.


def closest(value: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like ``value``, also when words stand in another order
    (``frauentreff-international`` → ``internationaler-frauentreff``)."""

    def words(text: str) -> str:
        return " ".join(sorted(re.split(r"[-_\s]+", text.casefold())))

    best, best_score = None, cutoff
    for candidate in candidates:
        score = max(
            difflib.SequenceMatcher(None, value, candidate).ratio(),
            difflib.SequenceMatcher(None, words(value), words(candidate)).ratio(),
        )
        if score > best_score:
            best, best_score = candidate, score
    return best


def _suggest(value: str, known: Iterable[str], names: dict[str, str] | None = None) -> str:
    by_name = {name.casefold(): slug for slug, name in (names or {}).items()}
    if value.casefold() in by_name:
        return t("rule.suggestion", suggestion=by_name[value.casefold()])
    close = closest(value, known)
    return t("rule.suggestion", suggestion=close) if close else ""


def _refs(entry: Entry, key: str, values: Iterable[str] | None, known: dict[str, Any], where: str) -> Iterator[Problem]:
    names = {slug: getattr(item, "name", slug) for slug, item in known.items()}
    seen: set[str] = set()
    for index, value in enumerate(values or ()):
        path = (key, index) if key != "art" and key != "organisation" else (key,)
        if value in seen:
            yield entry.problem(path, t("rule.duplicate_item", value=value))
        seen.add(value)
        if value not in known:
            yield entry.problem(
                path,
                t("rule.unknown_ref", value=value, where=t(f"rule.where.{where}"), suggestion=_suggest(value, known, names)),
            )


def _coordinates(entry: Entry, catalogue: Catalogue, path: Path_, coords: Coordinates | None) -> Iterator[Problem]:
    if coords is None or coords.lat is None or coords.lon is None:  # (lenient model of a broken file)
        return
    if catalogue.municipalities and not in_area(catalogue.municipalities.values(), coords.lat, coords.lon):
        area = ", ".join(m.name for m in catalogue.municipalities.values())
        yield entry.problem(path, t("rule.outside_area", lat=coords.lat, lon=coords.lon, area=area))


def _address(entry: Entry, catalogue: Catalogue, path: Path_, address: Address | Place | None) -> Iterator[Problem]:
    if address is None or address.municipality is None:
        return
    if address.municipality not in catalogue.municipalities:
        names = {slug: m.name for slug, m in catalogue.municipalities.items()}
        yield entry.problem(
            (*path, "kommune"),
            t(
                "rule.unknown_ref",
                value=address.municipality,
                where=t("rule.where.kommunen"),
                suggestion=_suggest(address.municipality, catalogue.municipalities, names),
            ),
        )


def _times(entry: Entry, path: Path_, start: str | None, end: str | None) -> Iterator[Problem]:
    if (start is None) != (end is None):
        yield entry.problem((*path, "bis" if end is None else "von"), t("rule.time_pair"))
    elif start and end and start >= end:
        yield entry.problem((*path, "bis"), t("rule.time_order", start=start, end=end))


def _checked(entry: Entry, today: date) -> Iterator[Problem]:
    if entry.model.checked_on is not None and entry.model.checked_on > today:
        yield entry.problem(("geprueft_am",), t("rule.future_date", value=entry.model.checked_on.isoformat()))


def _taxonomy_refs(entry: Entry, catalogue: Catalogue) -> Iterator[Problem]:
    taxonomy = catalogue.taxonomy
    if taxonomy is None:
        return
    model = entry.model
    yield from _refs(entry, "kategorien", model.categories, taxonomy.categories, "kategorien")
    yield from _refs(entry, "themen", model.topics, taxonomy.topics, "themen")
    yield from _refs(entry, "zielgruppen", model.target_groups, taxonomy.target_groups, "zielgruppen")


def check_organisation(entry: Entry, catalogue: Catalogue, today: date) -> Iterator[Problem]:
    org = entry.model
    yield from _taxonomy_refs(entry, catalogue)
    if org.address is None and not org.online:
        yield entry.problem(("adresse",), t("rule.address_required"))
    yield from _address(entry, catalogue, ("adresse",), org.address)
    yield from _coordinates(entry, catalogue, ("koordinaten",), org.coordinates)
    for index, hours in enumerate(org.opening_hours):
        path = ("oeffnungszeiten", index)
        if hours.days or hours.start or hours.end:
            if not (hours.days and hours.start and hours.end):
                yield entry.problem(path, t("rule.hours_incomplete"))
            else:
                yield from _times(entry, path, hours.start, hours.end)
        elif not hours.note:
            yield entry.problem(path, t("rule.hours_incomplete"))
    yield from _checked(entry, today)


def check_offer(entry: Entry, catalogue: Catalogue, today: date) -> Iterator[Problem]:
    offer = entry.model
    if offer.organisation is None or offer.organisation in catalogue.broken:
        pass
    elif offer.organisation not in catalogue.organisations:
        names = {slug: e.model.name for slug, e in catalogue.organisations.items()}
        yield entry.problem(
            ("organisation",),
            t(
                "rule.unknown_ref",
                value=offer.organisation,
                where=t("rule.where.organisationen"),
                suggestion=_suggest(offer.organisation, catalogue.organisations, names),
            ),
        )
    elif not catalogue.organisations[offer.organisation].model.visible and offer.visible:
        yield entry.problem(("organisation",), t("rule.hidden_organisation", value=offer.organisation), "hinweis")
    if catalogue.taxonomy is not None:
        yield from _taxonomy_refs(entry, catalogue)
        types_ = catalogue.taxonomy.offer_types
        yield from _refs(entry, "art", [offer.kind] if offer.kind else [], types_, "angebotsarten")
    place = offer.place
    if place is not None:
        fields = {"strasse": place.street, "plz": place.postcode, "ort": place.town, "kommune": place.municipality}
        given = [k for k, v in fields.items() if v]
        if place.online and given:
            yield entry.problem(("ort", "online"), t("rule.place_online_and_address"))
        elif not place.online and len(given) < len(fields):
            missing = ", ".join(k for k in fields if k not in given)
            yield entry.problem(("ort",), t("rule.place_incomplete", missing=missing))
        yield from _address(entry, catalogue, ("ort",), place)
        yield from _coordinates(entry, catalogue, ("ort", "koordinaten"), place.coordinates)
    for index, item in enumerate(offer.schedule):
        yield from _appointment(entry, ("termine", index), item)
    if offer.valid_from and offer.valid_until and offer.valid_from > offer.valid_until:
        yield entry.problem(
            ("gueltig_von",),
            t("rule.valid_order", start=offer.valid_from.isoformat(), end=offer.valid_until.isoformat()),
        )
    age = offer.age
    if age and age.minimum is not None and age.maximum is not None and age.minimum > age.maximum:
        yield entry.problem(("alter", "von"), t("rule.age_order", start=age.minimum, end=age.maximum))
    yield from _checked(entry, today)


def _appointment(entry: Entry, path: Path_, item: Any) -> Iterator[Problem]:
    if item.rule is None:
        if item.days or item.start or item.end or item.date or item.weeks_of_month:
            yield entry.problem((*path, "regel"), t("rule.schedule_rule_missing"))
        elif not item.note:
            yield entry.problem((*path, "regel"), t("rule.schedule_rule_missing"))
        return
    if item.rule in ("woechentlich", "zweiwoechentlich", "monatlich") and not item.days:
        yield entry.problem((*path, "tage"), t("rule.schedule_days", rule=item.rule))
    if item.rule == "monatlich":
        if not item.weeks_of_month:
            yield entry.problem((*path, "woche_im_monat"), t("rule.schedule_weeks"))
        elif 0 in item.weeks_of_month:
            yield entry.problem((*path, "woche_im_monat", item.weeks_of_month.index(0)), t("rule.schedule_week_zero"))
    if item.rule in ("einmalig", "zweiwoechentlich") and item.date is None:
        what = t("rule.schedule_date_once" if item.rule == "einmalig" else "rule.schedule_date_first")
        yield entry.problem((*path, "datum"), t("rule.schedule_date", rule=item.rule, what=what))
    if item.rule == "zweiwoechentlich" and item.date and item.days:
        weekday = WEEKDAYS[item.date.weekday()]
        if weekday not in item.days:
            yield entry.problem(
                (*path, "datum"),
                t("rule.schedule_date_weekday", value=item.date.isoformat(), weekday=t(f"weekday.{weekday}"), days=", ".join(item.days)),
            )
    yield from _times(entry, path, item.start, item.end)


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def check_catalogue(catalogue: Catalogue, today: date) -> list[Problem]:
    """Every rule that relates fields or files to each other."""
    found: list[Problem] = []
    names: dict[str, Entry] = {}
    organisations = [*catalogue.organisations.values(), *(e for e in catalogue.salvaged if isinstance(e.model, Organisation))]
    offers = [*catalogue.offers.values(), *(e for e in catalogue.salvaged if isinstance(e.model, Offer))]
    for entry in organisations:
        found.extend(check_organisation(entry, catalogue, today))
        if entry.model.name is None:
            continue
        key = _name_key(entry.model.name)
        if key in names:
            other = names[key]
            found.append(entry.problem(("name",), t("rule.name_duplicate", value=entry.model.name, other=shown(other.path, catalogue.data_dir))))
        else:
            names[key] = entry
    for entry in offers:
        found.extend(check_offer(entry, catalogue, today))
    for entry in [*catalogue.organisations.values(), *catalogue.offers.values()]:
        if entry.model.visible and catalogue.needs_coordinates(entry) and catalogue.coordinates(entry) is None:
            found.append(entry.problem(_address_path(entry), t("rule.no_coordinates"), "warnung"))
    return found


def _address_path(entry: Entry) -> Path_:
    return ("adresse",) if hasattr(entry.model, "address") else ("ort",)


def shown(path: Path, data_dir: Path) -> str:
    """How a message names another data file: ``data/organisationen/foo.yml``."""
    try:
        return path.relative_to(data_dir.parent).as_posix()
    except ValueError:
        return display_path(path)


def slug_problems(path: Path, seen: dict[str, Path], data_dir: Path) -> list[Problem]:
    """File-name rules: the name is the slug, and it is unique in its folder."""
    slug = path.stem
    found = []
    if not SLUG_RE.match(slug):
        suggestion = slugify(slug) + ".yml"
        found.append(Problem(path, 1, 1, (), t("rule.slug_file", name=path.name, suggestion=suggestion)))
    if slug in seen:
        found.append(Problem(path, 1, 1, (), t("rule.slug_duplicate", slug=slug, other=shown(seen[slug], data_dir))))
    return found
