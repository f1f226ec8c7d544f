"""Validation in layers, every problem with file, line, column, field and a fix.

1. :mod:`stadtkarte.yamlsource` reads the file (syntax, encoding, duplicate keys, …).
2. :func:`check_hidden` and :func:`check_text` look at every text in the raw data (invisible and
   bidi control characters, also in keys; HTML, unsafe links).
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
from .models import (
    NO_WORDS,
    SLUG_RE,
    WEEKDAYS,
    YES_WORDS,
    Address,
    Coordinates,
    Municipality,
    Offer,
    Organisation,
    Place,
    hidden_character_context,
    slugify,
)
from .problems import Problem, display_path
from .protection import place_is_public
from .scaffold import SCAFFOLD_SENTENCES
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


def _keys(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Every text key of the mappings in ``value``, with the path it stands at."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield (*path, key), key
            yield from _keys(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _keys(item, (*path, index))


def check_hidden(loaded: Loaded) -> list[Problem]:
    """Invisible and bidi control characters in any text or key of a file
    (:func:`stadtkarte.models.hidden_character`, the same check the models run), with the field's
    line and the character's position in the text."""
    found = []
    for path, text in [*_keys(loaded.data, ()), *_strings(loaded.data, ())]:
        context = hidden_character_context(text)
        if context is not None:
            line, col = loaded.positions.of(path)
            found.append(Problem(loaded.path, line, col, path, t("validation.sk_control", **context), rule="hidden"))
    return found


#: text a template leaves for the editor to replace: "TODO", "FIXME", "Lorem ipsum"
PLACEHOLDER_RE = re.compile(r"\b(?:TODO|FIXME|TBD)\b|\blorem ipsum\b", re.I)


def _placeholder(text: str) -> str | None:
    """The placeholder left in ``text`` (a marker or a sentence ``stadtkarte new`` wrote)."""
    marker = PLACEHOLDER_RE.search(text)
    if marker and (marker.group(0).isupper() or marker.group(0).lower().startswith("lorem")):
        return marker.group(0)
    folded = " ".join(text.split()).casefold()
    for sentence in SCAFFOLD_SENTENCES:
        if sentence.casefold() in folded:
            return sentence
    return None


def check_text(loaded: Loaded) -> list[Problem]:
    """HTML tags, ``javascript:``-style links and placeholder text anywhere in a file's texts."""
    found = []
    for path, text in _strings(loaded.data, ()):
        line, col = loaded.positions.of(path)
        placeholder = _placeholder(text)
        if placeholder:
            example = _placeholder_example(path)
            message = t("rule.placeholder", value=placeholder, example=example)
            found.append(Problem(loaded.path, line, col, path, message, rule="placeholder"))
            continue
        html = HTML_RE.search(text)
        if html:
            tag = html.group(0)[:30]
            found.append(Problem(loaded.path, line, col, path, t("rule.html", tag=tag)))
            continue
        scheme = _unsafe_scheme(text)
        if scheme:
            found.append(Problem(loaded.path, line, col, path, t("rule.unsafe_link", scheme=scheme)))
    return found


def _placeholder_example(path: Path_) -> str:
    keys = [part for part in path if isinstance(part, str)]
    if keys and keys[0] == "beschreibung":
        return t("rule.placeholder_description")
    docs = field_docs()
    key = keys[-1] if keys else ""
    example = next(
        (f"{key}: {section[key]['example']}" for section in docs.values() if isinstance(section.get(key), dict)),
        f"{key}: …",
    )
    return t("rule.placeholder_text", example=example)


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
        example = _example(container, str(key)) or ""
        message = t(f"validation.{kind}", **{"example": example, **ctx})
    elif kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", f" {t('word.or')} ")
        message = t("validation.literal_error", value=value, expected=expected, suggestion=_literal_suggestion(value, expected))
    elif kind in ("model_type", "model_attributes_type", "dict_type") and isinstance(value, str | int | float | bool):
        message = t("validation.model_scalar", found=_found(value), example=_subfield_example(container, str(key), value))
    elif kind == "list_type":
        example = _example(container, str(key))
        hint = t("validation.list_example", example=example) if example else ""
        message = t("validation.list_type", found=_found(value), example=hint)
    elif kind == "string_type":
        hint = t("found.hint_number", value=value) if isinstance(value, int | float) and not isinstance(value, bool) else ""
        message = t("validation.string_type", found=_found(value), hint=hint)
    elif kind == "string_too_long":
        message = t("validation.string_too_long", length=len(value), max_length=ctx.get("max_length"))
    elif kind == "string_pattern_mismatch":  # (every pattern of the models has its own sk_ message)
        message = t("validation.string_pattern_mismatch", value=value, example=_example(container, str(key)) or "")
    elif f"validation.{kind}" in _known_types():
        example = _example(container, str(key)) or f"{key}: …"
        message = t(f"validation.{kind}", found=_found(value), value=value, example=example, **ctx)
    else:
        message = t("validation.other", detail=error.get("msg", kind))
    return loc, message


@cache
def _weekday_words() -> dict[str, str]:
    """What editors write for a weekday → its code."""
    return {
        **{t(f"weekday.{day}").casefold(): day for day in WEEKDAYS},
        **{t(f"weekday_plural.{day}").casefold(): day for day in WEEKDAYS},
        **{day + ".": day for day in WEEKDAYS},
        "mon": "mo", "tue": "di", "wed": "mi", "thu": "do", "fri": "fr", "sat": "sa", "sun": "so",
        "monday": "mo", "tuesday": "di", "wednesday": "mi", "thursday": "do", "friday": "fr", "saturday": "sa",
        "sunday": "so",
    }


def _literal_suggestion(value: Any, expected: str) -> str:
    """`` – meinten Sie „do“?`` for ``Donnerstag``, ``Do``, ``donnerstags``; else the closest choice."""
    choices = re.findall(r"'([^']*)'", expected)
    if not isinstance(value, str) or not choices:
        return ""
    folded = value.strip().casefold()
    words = _weekday_words()
    guess = words.get(folded) or words.get(folded[:2] + "." if len(folded) > 2 else "")
    if guess not in choices:
        guess = folded if folded in choices else closest(folded, choices)
    return t("rule.suggestion", suggestion=guess) if guess else ""


def _subfield_example(model: type[BaseModel] | None, key: str, value: Any) -> str:
    """For ``anmeldung: ja`` or ``ort: online``: the sub-field that was meant, as an example
    (``anmeldung: {erforderlich: true}``, ``ort: {online: true}``)."""
    inner = model_at(model, (key, "")) if model is not None else None
    fields = _alias_map(inner) if inner is not None else {}
    word = str(value).strip().casefold() if not isinstance(value, bool) else ("ja" if value else "nein")
    if word in fields:  # "ort: online" → the field of that name
        return f"{key}: {{{word}: true}}"
    if word in YES_WORDS | NO_WORDS and inner is not None:  # "anmeldung: ja" → its one required yes/no field
        required = [
            (info.alias or name) for name, info in inner.model_fields.items()
            if info.is_required() and _unwrap(info.annotation) is bool
        ]
        if len(required) == 1:
            return f"{key}: {{{required[0]}: {'true' if word in YES_WORDS else 'false'}}}"
    return _example(model, key) or f"{key}: {{…}}"


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
    municipality = catalogue.municipalities.get(address.municipality)
    if municipality is not None and address.district:
        yield from _district(entry, (*path, "stadtteil"), address.district, address.municipality, municipality)
    if municipality is None:
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


def _district(entry: Entry, path: Path_, district: str, slug: str, municipality: Municipality) -> Iterator[Problem]:
    """``stadtteil`` is a name from the municipality's list ``stadtteile`` in kommunen.yml: a
    free text could carry what the street field refuses (``stadtteil: Geheimweg 99``)."""
    known = municipality.districts
    if not known:
        yield entry.problem(path, t("rule.district_no_list", value=district, name=municipality.name, municipality=slug),
                            rule="district_unknown")
    elif district not in known:
        shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
        yield entry.problem(
            path,
            t("rule.district_unknown", value=district, name=municipality.name, municipality=slug, known=shown,
              suggestion=_suggest(district, known)),
            rule="district_unknown",
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


def _protected(
    entry: Entry, path: Path_, place: Address | Place | None, coordinates_path: Path_, coordinates: Coordinates | None,
    *, inherited: bool = False,
) -> Iterator[Problem]:
    """A protected place names only its area: no street, no building note (``zusatz``) and no
    exact coordinates in the data, which is public. ``inherited``: the place is protected because
    its organisation is (:func:`.protection.place_is_public`); the fix then names the
    confirmation that makes it public."""

    def message(what: str) -> str:
        return t("rule.protected_offer", what=t(f"rule.protected_what.{what}")) if inherited else t(f"rule.protected_{what}")

    if place is not None and place.street:
        yield entry.problem((*path, "strasse"), message("street"), rule="protected_street")
    if place is not None and place.extra:
        yield entry.problem((*path, "zusatz"), message("extra"), rule="protected_extra")
    if coordinates is not None:
        yield entry.problem(coordinates_path, message("coordinates"), rule="protected_coordinates")


def _machine(entry: Entry) -> Iterator[Problem]:
    """``maschinell`` names languages the description has a text in."""
    for index, code in enumerate(entry.model.machine_translated):
        if code not in entry.model.description:
            yield entry.problem(("maschinell", index), t("rule.machine_without_text", value=code))


def _person(entry: Entry, contact: Any) -> Iterator[Problem]:
    """A contact person's name is in the (public) data only with their consent."""
    person = getattr(contact, "person", None) if contact is not None else None
    if person is not None and person.name and not person.consent:
        yield entry.problem(("kontakt", "ansprechperson", "name"), t("rule.person_consent"), rule="person_consent")


def check_organisation(entry: Entry, catalogue: Catalogue, today: date) -> Iterator[Problem]:
    org = entry.model
    yield from _taxonomy_refs(entry, catalogue)
    if org.address is None and not org.online:
        yield entry.problem(("adresse",), t("rule.address_required"))
    if org.address is not None and org.address.street is None and org.location_public:
        yield entry.problem(("adresse", "strasse"), t("rule.street_required"))
    if not place_is_public(None, org):  # online only or not: no point either
        yield from _protected(entry, ("adresse",), org.address, ("koordinaten",), org.coordinates)
    yield from _person(entry, org.contact)
    yield from _machine(entry)
    yield from _address(entry, catalogue, ("adresse",), org.address)
    if place_is_public(None, org):
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


def _organisation_of(catalogue: Catalogue, slug: str | None) -> Entry | None:
    """The organisation an offer names, also when its file has errors (read leniently): an
    offer of a protected organisation is protected even while the organisation's file is broken."""
    found = catalogue.organisations.get(slug or "")
    if found is None:
        found = next((e for e in catalogue.salvaged if isinstance(e.model, Organisation) and e.slug == slug), None)
    return found


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
    yield from _machine(entry)
    if catalogue.taxonomy is not None:
        yield from _taxonomy_refs(entry, catalogue)
        types_ = catalogue.taxonomy.offer_types
        yield from _refs(entry, "art", [offer.kind] if offer.kind else [], types_, "angebotsarten")
    place = offer.place
    yield from _person(entry, offer.contact)
    if place is not None:
        organisation = _organisation_of(catalogue, offer.organisation)
        public = place_is_public(place, organisation.model if organisation else None)
        fields = {"strasse": place.street, "plz": place.postcode, "ort": place.town, "kommune": place.municipality}
        given = [k for k, v in fields.items() if v]
        needed = [k for k in fields if k != "strasse" or public]
        if place.online and given:
            yield entry.problem(("ort", "online"), t("rule.place_online_and_address"))
        elif not place.online and any(k not in given for k in needed):
            missing = ", ".join(k for k in needed if k not in given)
            yield entry.problem(("ort",), t("rule.place_incomplete", missing=missing))
        if not public:
            yield from _protected(
                entry, ("ort",), place, ("ort", "koordinaten"), place.coordinates, inherited=place.location_public
            )
        yield from _address(entry, catalogue, ("ort",), place)
        if public:
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
