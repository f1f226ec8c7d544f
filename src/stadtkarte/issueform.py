"""GitHub issue forms for people without git, and the way back: an issue body → a YAML file.

One definition per form (:data:`ORGANISATION_FORM`, :data:`OFFER_FORM`) gives both the form
(``stadtkarte issue-forms`` writes ``.github/ISSUE_TEMPLATE/``, with the city's own categories,
municipalities and offer types as choices) and the parser (``stadtkarte from-issue``), so the two
cannot drift apart.

GitHub renders a submitted form as Markdown: ``### <label>`` followed by the answer, or
``_No response_``; multiple choices are joined with ``, ``; checkboxes are ``- [X] <label>``.
Only what people see counts: HTML comments (hidden by GitHub) are dropped before parsing, and a
body with a section twice is refused (which of the two is meant cannot be known).

A change to an existing entry is a *merge*: only the fields the form filled change, every other
field, comment and the order of the file stay as they were. Protection is never lost on the way:
a protected place (``standort_oeffentlich: false``) cannot be made public or get a street through
the form; such a request is refused with a message for the issue. ``from-issue`` then hands the
file to the input gate (:mod:`.gate`), which runs the checks of ``validate`` on it before it is
written. The answer lists each changed field (before → after), never a protected street or point
and never a name without consent.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml

from . import gate
from .catalogue import OFFERS, ORGANISATIONS, Catalogue
from .i18n import t
from .languages import is_language_code, suggest_language_code
from .models import WEEKDAYS, Address, Contact, Offer, Organisation, Place, slugify
from .problems import Problem, display_path
from .yamlsource import load_file, load_text

NO_RESPONSE = "_No response_"
Kind = Literal["organisation", "angebot"]


@dataclass(frozen=True)
class Field:
    key: str  # the id in the form, and what from-issue maps
    kind: str  # input, textarea, dropdown, dropdown-multiple, checkbox
    required: bool = False
    #: filled from the data: categories, municipalities, offer_types, target_groups; or fixed lists
    choices: str | None = None
    prefix: str = "form"  # where its texts live in the locale

    @property
    def label(self) -> str:
        return t(f"{self.prefix}.{self.key}.label")

    @property
    def description(self) -> str:
        return t(f"{self.prefix}.{self.key}.description")


def _org(key: str, kind: str, **kw: Any) -> Field:
    return Field(key, kind, prefix="form", **kw)


def _off(key: str, kind: str, **kw: Any) -> Field:
    return Field(key, kind, prefix="offer_form", **kw)


# Only the consent is required by GitHub: a change fills just what changes. What a *new* entry
# needs (name, categories, description) is checked by from-issue, which answers in the issue.
ORGANISATION_FORM: list[Field] = [
    _org("bestehender_eintrag", "input"),
    _org("name", "input"),
    _org("kategorien", "dropdown-multiple", choices="categories"),
    _org("beschreibung", "textarea"),
    _org("standort", "dropdown", choices="location"),
    _org("strasse", "input"),
    _org("plz", "input"),
    _org("ort", "input"),
    _org("stadtteil", "input"),
    _org("kommune", "dropdown", choices="municipalities"),
    _org("online", "checkbox"),
    _org("telefon", "input"),
    _org("email", "input"),
    _org("webseite", "input"),
    _org("ansprechperson", "input"),
    _org("ansprechperson_funktion", "input"),
    _org("ansprechperson_einverstanden", "checkbox"),
    _org("sprachen", "input"),
    _org("oeffnungszeiten", "textarea"),
    _org("rollstuhlgerecht", "dropdown", choices="wheelchair"),
    _org("unterstuetzung_gesucht", "textarea"),
    _org("wir_bieten", "textarea"),
    _org("einverstanden", "checkbox", required=True),
]

OFFER_FORM: list[Field] = [
    _off("bestehendes_angebot", "input"),
    _off("titel", "input"),
    _off("organisation", "input"),
    _off("art", "dropdown", choices="offer_types"),
    _off("kategorien", "dropdown-multiple", choices="categories"),
    _off("beschreibung", "textarea"),
    _off("termine", "textarea"),
    _off("gueltig_bis", "input"),
    _off("standort", "dropdown", choices="location"),
    _off("strasse", "input"),
    _off("plz", "input"),
    _off("ort", "input"),
    _off("stadtteil", "input"),
    _off("kommune", "dropdown", choices="municipalities"),
    _off("online", "checkbox"),
    _off("kosten", "input"),
    _off("anmeldung", "dropdown", choices="registration"),
    _off("anmeldung_hinweis", "input"),
    _off("sprachen", "input"),
    _off("zielgruppen", "dropdown-multiple", choices="target_groups"),
    _off("einverstanden", "checkbox", required=True),
]

FORMS: dict[Kind, list[Field]] = {"organisation": ORGANISATION_FORM, "angebot": OFFER_FORM}
FORM_FILES: dict[Kind, str] = {"organisation": "eintrag.yml", "angebot": "angebot.yml"}
FORM_PREFIX: dict[Kind, str] = {"organisation": "form", "angebot": "offer_form"}

WHEELCHAIR = ["ja", "nein", "teilweise", "unbekannt"]


def _choices(item: Field, catalogue: Catalogue) -> list[str]:
    taxonomy = catalogue.taxonomy
    if item.choices == "categories" and taxonomy:
        return [c.name for c in taxonomy.categories.values()]
    if item.choices == "offer_types" and taxonomy:
        return [c.name for c in taxonomy.offer_types.values()]
    if item.choices == "target_groups" and taxonomy:
        return [c.name for c in taxonomy.target_groups.values()]
    if item.choices == "municipalities":
        return [m.name for m in catalogue.municipalities.values()]
    if item.choices == "wheelchair":
        return WHEELCHAIR
    if item.choices == "location":
        return [t("form.standort.public"), t("form.standort.protected")]
    if item.choices == "registration":
        return [t("offer_form.anmeldung.required"), t("offer_form.anmeldung.not_required")]
    return []


def issue_form(catalogue: Catalogue, kind: Kind = "organisation") -> dict[str, Any]:
    """The GitHub issue form (as data) for proposing or changing an organisation or an offer."""
    prefix = FORM_PREFIX[kind]
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": t(f"{prefix}.intro")}}]
    for item in FORMS[kind]:
        attributes: dict[str, Any] = {"label": item.label, "description": item.description}
        element: dict[str, Any] = {"id": item.key, "attributes": attributes}
        options = _choices(item, catalogue) if item.kind.startswith("dropdown") else []
        if item.kind.startswith("dropdown") and options:
            element["type"] = "dropdown"
            attributes["options"] = options
            attributes["multiple"] = item.kind == "dropdown-multiple"
        elif item.kind == "checkbox":
            element["type"] = "checkboxes"
            attributes["options"] = [{"label": t(f"{item.prefix}.{item.key}.option"), "required": item.required}]
        else:  # a dropdown without choices in this city's data: free text
            element["type"] = "input" if item.kind.startswith("dropdown") else item.kind
        if item.required and item.kind != "checkbox":
            element["validations"] = {"required": True}
        body.append(element)
    return {
        "name": t(f"{prefix}.name"),
        "description": t(f"{prefix}.description"),
        "title": t(f"{prefix}.title"),
        "labels": [t(f"{prefix}.issue_label")],
        "body": body,
    }


def render_form(catalogue: Catalogue, kind: Kind = "organisation") -> str:
    header = "# " + t("form.generated_note") + "\n"
    return header + yaml.safe_dump(issue_form(catalogue, kind), allow_unicode=True, sort_keys=False, width=100)


def stale_forms(catalogue: Catalogue, folder: Path) -> list[Problem]:
    """The issue forms in ``folder`` (``.github/ISSUE_TEMPLATE``) that no longer match the data
    (a new category, municipality or offer type is missing from them): a fact about the city's
    data, reported by ``validate`` as a warning with the command that renews them. A city
    without forms (no folder) has nothing to keep current."""
    if not folder.is_dir():
        return []
    found = []
    for kind, name in FORM_FILES.items():
        path = folder / name
        current = path.read_text("utf-8") if path.is_file() else None
        if current != render_form(catalogue, kind):
            found.append(Problem(path, 1, 1, (), t("cli.form_stale", path=display_path(path)), "warnung", "form_stale"))
    return found


#: an HTML comment, also one left open (GitHub hides everything after it)
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SECTION_RE = re.compile(r"^### (.+?)\s*\n(.*?)(?=^### |\Z)", re.S | re.M)


def visible(body: str) -> str:
    """The issue text as GitHub shows it: without HTML comments, which the issue view hides."""
    return _COMMENT_RE.sub("", body.replace("\r\n", "\n"))


def sections(body: str) -> list[tuple[str, str]]:
    """The visible ``### Label`` sections in order: (label, answer), "" for no response."""
    found = []
    for match in _SECTION_RE.finditer(visible(body)):
        value = match.group(2).strip()
        found.append((match.group(1).strip(), "" if value == NO_RESPONSE else value))
    return found


def parse_body(body: str) -> dict[str, str]:
    """``### Label`` sections of a rendered form → label → answer ("" for no response); only
    what people see counts (see :func:`visible`)."""
    return dict(sections(body))


def repeated_sections(body: str) -> list[str]:
    """Labels that stand more than once in the body: which answer is meant cannot be known."""
    labels = [label for label, _ in sections(body)]
    return list(dict.fromkeys(label for label in labels if labels.count(label) > 1))


def form_kind(answers: dict[str, str]) -> Kind:
    """Which form an issue was written with: the offer form has a title field."""
    return "angebot" if t("offer_form.titel.label") in answers else "organisation"


# --- Pasted text ------------------------------------------------------------------------------

_BULLET_RE = re.compile(r"^[ \t]*(?:([•●◦▪▫■□‣⁃∙·*\-–—])|(\d{1,2})[.)])[ \t]+(\S.*)$")


def markdown_lists(text: str) -> str:
    """Bullets pasted from Word ("•" + tab, "–", "-", "1)") → Markdown lists.

    A list gets a blank line before and after it, so Markdown does not glue it to the paragraph.
    """
    out: list[str] = []
    in_list = False
    for raw in text.replace("\r\n", "\n").split("\n"):
        match = _BULLET_RE.match(raw)
        if match:
            item = re.sub(r"[ \t]+", " ", match.group(3)).strip()
            marker = f"{int(match.group(2))}." if match.group(2) else "-"
            if not in_list and out and out[-1].strip():
                out.append("")
            out.append(f"{marker} {item}")
            in_list = True
            continue
        if in_list and raw.strip():
            out.append("")
        in_list = False
        out.append(raw.rstrip().replace("\t", " "))
    return "\n".join(out).strip()


def _lines(text: str) -> list[str]:
    """One item per line, without bullets."""
    items = []
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _BULLET_RE.match(line)
        item = re.sub(r"[ \t]+", " ", match.group(3) if match else line).strip()
        if item:
            items.append(item)
    return items


# --- Weekdays and times -------------------------------------------------------------------------

_DAY_NAMES = {
    "montag": "mo", "dienstag": "di", "mittwoch": "mi", "donnerstag": "do", "freitag": "fr",
    "samstag": "sa", "sonnabend": "sa", "sonntag": "so",
}
_DAY_GROUPS = {
    "täglich": list(WEEKDAYS), "taeglich": list(WEEKDAYS), "werktags": list(WEEKDAYS[:5]),
    "werktäglich": list(WEEKDAYS[:5]), "wochenende": ["sa", "so"], "wochenenden": ["sa", "so"],
}
_FILLERS = {"und", "sowie", "jeden", "jede", "jeweils", "am", "an", "immer", "von", "wochentags", "uhr", "den", "des"}
_RANGE_WORDS = {"-", "–", "—", "bis"}
_SEPARATORS = {",", "/", "+", "&", ";"}
_T = r"(\d{1,2})(?:[:.](\d{2}))?"
_TIME_RANGE_RE = re.compile(rf"(?:\bvon\s+)?{_T}\s*(?:h\b|Uhr\b)?\s*(?:[-–—]|\bbis\b)\s*{_T}\s*(?:h\b|Uhr\b)?", re.I)


def _day(word: str) -> str | None:
    word = word.lower().rstrip(".")
    if word in _DAY_NAMES:
        return _DAY_NAMES[word]
    if word.endswith("s") and word[:-1] in _DAY_NAMES:  # montags
        return _DAY_NAMES[word[:-1]]
    if len(word) in (2, 3) and word[:2] in WEEKDAYS and (len(word) == 2 or _DAY_NAMES_BY_CODE[word[:2]].startswith(word)):
        return word[:2]
    return None


_DAY_NAMES_BY_CODE = {code: name for name, code in _DAY_NAMES.items() if name != "sonnabend"}


def parse_days(text: str) -> list[str] | None:
    """``Mo–Fr``, ``Mo-Do``, ``Di und Do``, ``Montag bis Freitag``, ``Sa/So`` → weekday codes.

    ``None`` when the text is not only weekdays (then the line stays a note): also when digits
    are left, e.g. a start time without an end ("19 Uhr"), which a rule cannot hold."""
    if re.search(r"\d", text):
        return None
    tokens = re.findall(r"[A-Za-zÄÖÜäöüß]+\.?|[-–—/,+&;]", text)
    days: list[str] = []
    pending_range = False
    for token in tokens:
        low = token.lower().rstrip(".")
        if low in _RANGE_WORDS:
            if not days or pending_range:
                return None
            pending_range = True
            continue
        if low in _SEPARATORS or low in _FILLERS:
            continue
        if low in _DAY_GROUPS:
            days.extend(_DAY_GROUPS[low])
            continue
        code = _day(token)
        if code is None:
            return None
        if pending_range:
            start, end = WEEKDAYS.index(days[-1]), WEEKDAYS.index(code)
            if end <= start:
                return None
            days.extend(WEEKDAYS[start + 1 : end + 1])
            pending_range = False
        else:
            days.append(code)
    if pending_range or not days:
        return None
    return list(dict.fromkeys(days))


def _clock(hour: str, minute: str | None) -> str | None:
    h, m = int(hour), int(minute or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return f"{h:02d}:{m:02d}"


def parse_times(text: str) -> tuple[list[tuple[str, str]], str, str] | None:
    """The time ranges of a line (``9–12 Uhr``, ``9:30-12``, ``18 bis 20 Uhr``, several joined by
    "und"), the text before them and after them; ``None`` if there is none or one is impossible."""
    matches = list(_TIME_RANGE_RE.finditer(text))
    if not matches:
        return None
    ranges = []
    for index, match in enumerate(matches):
        start, end = _clock(match.group(1), match.group(2)), _clock(match.group(3), match.group(4))
        if start is None or end is None:
            return None
        ranges.append((start, end))
        if index:
            between = text[matches[index - 1].end() : match.start()]
            if not re.fullmatch(r"[\s,;&+]*(?:und|sowie)?[\s,;&+]*", between, re.I):
                return None
    return ranges, text[: matches[0].start()], text[matches[-1].end() :]


def _hours(text: str) -> list[dict[str, Any]]:
    """``Mo–Fr 9–12 Uhr`` → ``{tage: [mo, di, mi, do, fr], von: "09:00", bis: "12:00"}``;
    other lines → ``hinweis``."""
    result: list[dict[str, Any]] = []
    for line in _lines(text):
        times = parse_times(line)
        days = parse_days(times[1]) if times and not times[2].strip(" .,;") else None
        if times and days:
            result.extend({"tage": days, "von": start, "bis": end} for start, end in times[0])
        else:
            result.append({"hinweis": line[:300]})
    return result


_DATE_RE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})?(?!\d)")
_BIWEEKLY_RE = re.compile(
    r"\b(?:alle\s+(?:zwei|2)\s+wochen|(?:14|vierzehn)[-\s]?tägig|zweiwöchentlich|jede\s+zweite\s+woche)\b", re.I
)
_MONTHLY_RE = re.compile(r"\b(?:im\s+monat|monatlich|jeden\s+monat)\b", re.I)
_WEEK_OF_MONTH_RE = re.compile(
    r"\b([1-5])\.(?=\s|$)|\b(letzte[nrs]?)\b|\b(erste|zweite|dritte|vierte|fünfte)[nrs]?\b", re.I)
#: "erster Montag im Monat" as well as "1. Montag"
_ORDINAL_WORDS = {"erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5}


def _week_of_month(match: re.Match[str]) -> int:
    if match.group(1):
        return int(match.group(1))
    return -1 if match.group(2) else _ORDINAL_WORDS[match.group(3).casefold()]
_WEEKLY_RE = re.compile(r"\b(?:wöchentlich|jede\s+woche)\b", re.I)


def _date(day: str, month: str, year: str | None, today: date) -> date | None:
    try:
        if year is None:
            found = date(today.year, int(month), int(day))
            return found if found >= today else date(today.year + 1, int(month), int(day))
        return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
    except ValueError:
        return None


def _meant_as_rule(line: str) -> bool:
    """A line with a time or a weekday ("erster Montag im Monat 18 Uhr"), not a plain note
    ("nicht in den Schulferien")."""
    return bool(re.search(r"\d", line)) or any(_day(word) for word in re.findall(r"[A-Za-zÄÖÜäöüß]+", line))


def _appointments(text: str, today: date) -> list[dict[str, Any]]:
    """One line per rule: ``jeden Di 15–17 Uhr``, ``Mo–Fr 9–12 Uhr``, ``alle zwei Wochen Do 16-18 Uhr
    ab 14.01.2027``, ``jeden 2. und 4. Mittwoch im Monat 18 bis 20 Uhr``, ``am 12.03.2027 18-20 Uhr``.
    Anything else becomes a ``hinweis``."""
    result: list[dict[str, Any]] = []
    for line in _lines(text):
        rest = line
        when = None
        date_match = _DATE_RE.search(rest)
        if date_match:
            when = _date(*date_match.groups(), today)
            rest = rest[: date_match.start()] + " " + rest[date_match.end() :]
            rest = re.sub(r"\b(?:ab|am|den|vom)\b", " ", rest, flags=re.I)
        rule = None
        weeks: list[int] = []
        if _BIWEEKLY_RE.search(rest):
            rule, rest = "zweiwoechentlich", _BIWEEKLY_RE.sub(" ", rest)
        elif _MONTHLY_RE.search(rest):
            rule = "monatlich"
            rest = _MONTHLY_RE.sub(" ", rest)
            weeks = [_week_of_month(m) for m in _WEEK_OF_MONTH_RE.finditer(rest)]
            rest = _WEEK_OF_MONTH_RE.sub(" ", rest)
        elif _WEEKLY_RE.search(rest):
            rule, rest = "woechentlich", _WEEKLY_RE.sub(" ", rest)
        times = parse_times(rest)
        if times:
            day_text, tail = times[1], times[2]
        else:
            day_text, tail = rest, ""
        days = parse_days(day_text) if day_text.strip(" ,.;") else []
        if days is None or tail.strip(" .,;") or (date_match and when is None):
            result.append({"hinweis": line[:300]})
            continue
        if rule is None:
            rule = "einmalig" if when and not days else ("woechentlich" if days else None)
            if when and days:
                rule, days = "einmalig", []
        if rule is None or (rule != "einmalig" and not days):
            result.append({"hinweis": line[:300]})
            continue
        item: dict[str, Any] = {"regel": rule}
        if days:
            item["tage"] = days
        if weeks:
            item["woche_im_monat"] = weeks
        if when:
            item["datum"] = when
        if times:
            first = times[0]
            item["von"], item["bis"] = first[0]
            result.append(item)
            result.extend({**item, "von": start, "bis": end} for start, end in first[1:])
        else:
            result.append(item)
    return result


# --- From the issue to data ---------------------------------------------------------------------


@dataclass
class Draft:
    """What came out of an issue: the entry's data, where it goes, and what to tell people.

    ``refused`` non-empty means nothing may be written: the reasons go back to the issue."""

    kind: Kind
    slug: str
    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    #: the existing file's text when this is a change (then ``data`` is the merged whole)
    original: str | None = None
    original_data: dict[str, Any] | None = None
    changed: list[str] = field(default_factory=list)
    #: the place is (or was) protected: the answer never shows its street, address note or point
    protected: bool = False

    @property
    def folder(self) -> str:
        return ORGANISATIONS if self.kind == "organisation" else OFFERS


def _entry_slug(text: str) -> str:
    """The slug from ``internationaler-frauentreff`` or the address of its page (…/internationaler-frauentreff/)."""
    text = text.strip().strip("`<>")
    if "/" in text:
        parts = [part for part in re.split(r"[/?#]", text.split("://", 1)[-1]) if part]
        text = re.sub(r"\.(?:yml|html)$", "", parts[-1]) if parts else ""
    return slugify(text) if text else ""


def _checked(answer: str) -> bool:
    return bool(re.search(r"^\s*-\s*\[[xX]\]", answer, re.M))


def _close(value: str, known: Iterable[str]) -> str:
    found = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return t("form.refuse.suggestion", value=found[0]) if found else ""


def _names(values: str, by_name: dict[str, str]) -> list[str]:
    return [by_name.get(name.strip(), slugify(name)) for name in values.split(",") if name.strip()]


def _languages(text: str, notes: list[str]) -> list[str]:
    languages = []
    for word in re.split(r"[,;/\s]+|\bund\b", text):
        word = word.strip()
        if not word or word.lower() == "und":
            continue
        code = word.lower() if is_language_code(word.lower()) else suggest_language_code(word)
        if code:
            languages.append(code)
        else:
            notes.append(t("form.note.language", value=word))
    return list(dict.fromkeys(languages))


def _municipality(answer: str, town: str, catalogue: Catalogue) -> str | None:
    by_name = {m.name.casefold(): slug for slug, m in catalogue.municipalities.items()}
    for value in (answer, town):
        if value and value.strip().casefold() in by_name:
            return by_name[value.strip().casefold()]
    return slugify(answer) if answer else None


def _date_answer(text: str, today: date) -> date | None:
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    match = _DATE_RE.fullmatch(text)
    return _date(*match.groups(), today) if match else None


def _place(get: dict[str, str], current: dict[str, Any], was_protected: bool, catalogue: Catalogue,
           draft: Draft, to_public: str = "form.refuse.protected_to_public") -> tuple[dict[str, Any] | None, bool]:
    """The place fields after the form: ``(place, protected)``; ``None`` place = unchanged.

    Refuses (in ``draft.refused``) to make a protected place public or to give it a street; a
    place that becomes protected loses its street and exact coordinates."""
    choice = get.get("standort", "")
    public, protected = t("form.standort.public"), t("form.standort.protected")
    if was_protected and choice == public:
        draft.refused.append(t(to_public))
    now_protected = choice == protected or (was_protected and choice != public)
    if now_protected and get.get("strasse"):
        draft.refused.append(t("form.refuse.street_for_protected"))
    place = dict(current)
    filled = {key: get[key] for key in ("strasse", "plz", "ort", "stadtteil") if get.get(key)}
    if get.get("kommune") or filled.get("ort"):
        municipality = _municipality(get.get("kommune", ""), filled.get("ort", ""), catalogue)
        if municipality and (get.get("kommune") or not place.get("kommune")):
            filled["kommune"] = municipality
    if now_protected and any([place.pop(key, None) for key in ("strasse", "zusatz", "koordinaten")]):
        draft.notes.append(t("form.note.street_removed"))
    if filled:
        place.pop("online", None)
    place.update(filled)
    return (None if place == current else place), now_protected


def _contact(get: dict[str, str], old: dict[str, Any], draft: Draft) -> dict[str, Any] | None:
    contact = dict(old.get("kontakt") or {}) if isinstance(old.get("kontakt"), dict) else {}
    before = dict(contact)
    for key in ("telefon", "email", "webseite"):
        if get.get(key):
            contact[key] = get[key]
    if contact.get("webseite") and not contact["webseite"].startswith(("http://", "https://")):
        contact["webseite"] = "https://" + contact["webseite"]
    person = get.get("ansprechperson", "")
    if person:
        if _checked(get.get("ansprechperson_einverstanden", "")):
            entry: dict[str, Any] = {"name": person}
            if get.get("ansprechperson_funktion"):
                entry["funktion"] = get["ansprechperson_funktion"]
            entry["einverstanden"] = True
            contact["ansprechperson"] = entry
        else:
            draft.notes.append(t("form.note.person_without_consent"))
    elif get.get("ansprechperson_funktion") and isinstance(contact.get("ansprechperson"), dict):
        contact["ansprechperson"] = {**contact["ansprechperson"], "funktion": get["ansprechperson_funktion"]}
    return contact if contact != before else None


def _description(answer: str, old: Any, draft: Draft) -> Any:
    text = markdown_lists(answer)
    if isinstance(old, dict) and len(old) > 1:
        draft.notes.append(t("form.note.translations", languages=", ".join(k for k in old if k != "de")))
        return {**old, "de": text}
    return text


def _new_slug(name: str, folder: Path, draft: Draft) -> str:
    base = slugify(name)
    slug, number = base, 2
    while (folder / f"{slug}.yml").exists():
        slug = f"{base}-{number}"
        number += 1
    if slug != base:
        draft.notes.append(t("form.note.slug_taken", value=base, slug=slug))
    return slug


def _existing(answer: str, folder: Path, known: Iterable[str], draft: Draft) -> tuple[str, dict[str, Any], str] | None:
    """``(slug, data, text)`` of the file a change refers to; refusal when it is missing or broken."""
    slug = _entry_slug(answer)
    path = folder / f"{slug}.yml"
    if not slug or not path.is_file():
        draft.refused.append(t("form.refuse.unknown_entry", value=answer.strip(), suggestion=_close(slug, known)))
        return None
    loaded = load_file(path)
    if not isinstance(loaded.data, dict):
        draft.refused.append(t("form.refuse.broken_entry", value=slug))
        return None
    return slug, loaded.data, path.read_text("utf-8")


def _missing(get: dict[str, str], keys: Iterable[str], form: list[Field]) -> list[str]:
    labels = {item.key: item.label for item in form}
    return [labels[key] for key in keys if not get.get(key)]


def _answers(body: str, form: list[Field]) -> dict[str, str]:
    answers = parse_body(body)
    return {item.key: answers.get(item.label, "") for item in form}


def _set(data: dict[str, Any], key: str, value: Any, draft: Draft) -> None:
    if value is None or value == [] or value == "":
        return
    if data.get(key) != value:
        data[key] = value
        draft.changed.append(key)


def draft_from_issue(body: str, catalogue: Catalogue, today: date) -> Draft:
    """Turn a submitted issue form (either form) into the data of an entry file."""
    kind = form_kind(parse_body(body))
    repeated = repeated_sections(body)
    if repeated:
        return Draft(kind, "", {}, refused=[t("form.refuse.repeated", labels="“, „".join(repeated))])
    if kind == "angebot":
        return _offer_draft(_answers(body, OFFER_FORM), catalogue, today)
    return _organisation_draft(_answers(body, ORGANISATION_FORM), catalogue, today)


#: per form: the field naming an existing entry, what a new entry needs, the field its slug comes from
_NEW_ENTRY: dict[Kind, tuple[str, tuple[str, ...], str]] = {
    "organisation": ("bestehender_eintrag", ("name", "kategorien", "beschreibung"), "name"),
    "angebot": ("bestehendes_angebot", ("titel", "organisation", "art", "beschreibung"), "titel"),
}


def _begin(kind: Kind, get: dict[str, str], catalogue: Catalogue) -> tuple[Draft, dict[str, Any]]:
    """The draft with its slug and the existing entry's data (empty for a new one); an empty slug
    means the request is refused before anything else is read."""
    draft = Draft(kind, "", {})
    existing_key, required, name_key = _NEW_ENTRY[kind]
    folder = catalogue.data_dir / draft.folder
    if not _checked(get["einverstanden"]):
        draft.refused.append(t("form.refuse.no_consent"))
    if get[existing_key]:
        known = catalogue.organisations if kind == "organisation" else catalogue.offers
        found = _existing(get[existing_key], folder, known, draft)
        if found is None:
            return draft, {}
        draft.slug, old, draft.original = found
        draft.original_data = old
        return draft, old
    missing = _missing(get, required, FORMS[kind])
    if missing:
        draft.refused.append(t("form.refuse.missing", fields=", ".join(missing)))
        return draft, {}
    draft.slug = _new_slug(get[name_key], folder, draft)
    return draft, {}


def _organisation_draft(get: dict[str, str], catalogue: Catalogue, today: date) -> Draft:
    draft, old = _begin("organisation", get, catalogue)
    if draft.slug == "":
        return draft
    data = dict(old)
    by_name = {c.name: slug for slug, c in catalogue.taxonomy.categories.items()} if catalogue.taxonomy else {}
    _set(data, "name", get["name"], draft)
    _set(data, "kategorien", _names(get["kategorien"], by_name), draft)
    if get["beschreibung"]:
        _set(data, "beschreibung", _description(get["beschreibung"], old.get("beschreibung"), draft), draft)
    current = old.get("adresse") if isinstance(old.get("adresse"), dict) else {}
    was_protected = gate.protected(old)
    address, protected = _place(get, current, was_protected, catalogue, draft)
    draft.protected = was_protected or protected
    if address is not None:
        data["adresse"] = address
        draft.changed.append("adresse")
    if protected:
        if data.pop("koordinaten", None) is not None:
            draft.changed.append("koordinaten")
        if not gate.protected(data):  # "nein" is as protected as "false": left as it is
            _set(data, "standort_oeffentlich", False, draft)
    if _checked(get["online"]):
        _set(data, "online", True, draft)
    elif not old and "adresse" not in data:
        data["online"] = True
    _set(data, "kontakt", _contact(get, old, draft), draft)
    _set(data, "sprachen", _languages(get["sprachen"], draft.notes), draft)
    if get["rollstuhlgerecht"] in WHEELCHAIR and (get["rollstuhlgerecht"] != "unbekannt" or old.get("barrierefreiheit")):
        access = dict(old.get("barrierefreiheit") or {})
        access["rollstuhlgerecht"] = get["rollstuhlgerecht"]
        _set(data, "barrierefreiheit", access, draft)
    if get["oeffnungszeiten"]:
        _set(data, "oeffnungszeiten", _hours(get["oeffnungszeiten"]), draft)
    for key in ("unterstuetzung_gesucht", "wir_bieten"):
        if get[key]:
            _set(data, key, _lines(get[key]), draft)
    data["geprueft_am"] = today
    draft.data = _ordered(data, Organisation)
    return draft


def _offer_draft(get: dict[str, str], catalogue: Catalogue, today: date) -> Draft:
    draft, old = _begin("angebot", get, catalogue)
    if draft.slug == "":
        return draft
    data = dict(old)
    _set(data, "titel", get["titel"], draft)
    organisation = None
    if get["organisation"]:
        organisation = _organisation_slug(get["organisation"], catalogue)
        if organisation is None:
            suggestion = _close(slugify(get["organisation"]), catalogue.organisations)
            draft.refused.append(t("form.refuse.unknown_organisation", value=get["organisation"], suggestion=suggestion))
            return draft
        _set(data, "organisation", organisation, draft)
    taxonomy = catalogue.taxonomy
    kinds = {c.name: slug for slug, c in taxonomy.offer_types.items()} if taxonomy else {}
    if get["art"]:
        _set(data, "art", kinds.get(get["art"].strip(), slugify(get["art"])), draft)
    categories = {c.name: slug for slug, c in taxonomy.categories.items()} if taxonomy else {}
    _set(data, "kategorien", _names(get["kategorien"], categories), draft)
    if get["beschreibung"]:
        _set(data, "beschreibung", _description(get["beschreibung"], old.get("beschreibung"), draft), draft)
    # an offer of a protected organisation is protected, unless its own place is public and confirmed
    org_protected = gate.organisation_protected(catalogue.data_dir, data.get("organisation"))
    old_place = old.get("ort") if isinstance(old.get("ort"), dict) else {}
    inherited = gate.protected(old, ("ort",), inherited=org_protected)
    draft.protected = inherited
    if _checked(get["online"]):
        _set(data, "ort", {"online": True}, draft)
    else:
        # an offer without a place of its own is where its (protected) organisation is
        to_public = "form.refuse.protected_to_public" if old_place else "form.refuse.offer_of_protected"
        place, protected = _place(get, old_place, inherited, catalogue, draft, to_public)
        draft.protected = draft.protected or protected
        if place is not None:
            if protected:
                place["standort_oeffentlich"] = False
            _set(data, "ort", _ordered(place, Place), draft)
    if get["termine"]:
        appointments = _appointments(get["termine"], today)
        for item in appointments:  # a line with a day or time kept only as a note: say how a rule is written
            if set(item) == {"hinweis"} and _meant_as_rule(item["hinweis"]):
                draft.notes.append(t("form.note.schedule", value=item["hinweis"]))
        _set(data, "termine", appointments, draft)
    if get["gueltig_bis"]:
        until = _date_answer(get["gueltig_bis"], today)
        if until is None:
            draft.notes.append(t("form.note.date", value=get["gueltig_bis"]))
        _set(data, "gueltig_bis", until, draft)
    if get["kosten"]:
        free = get["kosten"].strip().casefold() in {"kostenlos", "kostenfrei", "frei", "gratis", "0", "0 €", "0 euro", "keine"}
        _set(data, "kosten", "kostenlos" if free else get["kosten"].strip(), draft)
    if get["anmeldung"] or get["anmeldung_hinweis"]:
        registration = dict(old.get("anmeldung") or {}) if isinstance(old.get("anmeldung"), dict) else {}
        if get["anmeldung"]:
            registration["erforderlich"] = get["anmeldung"] == t("offer_form.anmeldung.required")
        registration.setdefault("erforderlich", True)
        if get["anmeldung_hinweis"]:
            registration["hinweis"] = get["anmeldung_hinweis"]
        _set(data, "anmeldung", registration, draft)
    _set(data, "sprachen", _languages(get["sprachen"], draft.notes), draft)
    groups = {c.name: slug for slug, c in taxonomy.target_groups.items()} if taxonomy else {}
    _set(data, "zielgruppen", _names(get["zielgruppen"], groups), draft)
    data["geprueft_am"] = today
    draft.data = _ordered(data, Offer)
    return draft


def _organisation_slug(answer: str, catalogue: Catalogue) -> str | None:
    slug = _entry_slug(answer)
    if slug in catalogue.organisations or (catalogue.data_dir / ORGANISATIONS / f"{slug}.yml").is_file():
        return slug
    by_name = {entry.model.name.casefold(): s for s, entry in catalogue.organisations.items()}
    return by_name.get(answer.strip().casefold())


# --- Writing ------------------------------------------------------------------------------------

_NESTED = {"adresse": Address, "ort": Place, "kontakt": Contact}


def _aliases(model: type) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]  # type: ignore[attr-defined]


def _ordered(data: dict[str, Any], model: type) -> dict[str, Any]:
    """Keys in the order of the model (unknown keys last, as they were), nested places too."""
    order = _aliases(model)
    if model in (Address, Place) and "stadtteil" not in order:
        order.insert(order.index("kommune"), "stadtteil")
    result = {key: data[key] for key in order if key in data}
    result |= {key: value for key, value in data.items() if key not in result}
    for key, nested in _NESTED.items():
        if isinstance(result.get(key), dict) and model in (Organisation, Offer):
            result[key] = _ordered(result[key], nested)
    return result


class _Flow(list):  # type: ignore[type-arg]
    """A list of short scalars written on one line: ``[de, tr]``."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value.rstrip("\n") + "\n", style="|")
    if re.fullmatch(r"[\d\s+()/:.-]+", value):  # phone numbers, postcodes, times: "07141 000119", "09:00"
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _Flow, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)
)


def _styled(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _styled(item) for key, item in value.items()}
    if isinstance(value, list):
        if value and all(isinstance(item, (str, int)) and "\n" not in str(item) for item in value) and (
            sum(len(str(item)) for item in value) < 60
        ):
            return _Flow(value)
        return [_styled(item) for item in value]
    return value


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(_styled(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _plain(value: Any) -> Any:
    """As the project's loader reads it: dates are text."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


_KEY_LINE = re.compile(r"^([^\s#:][^:#]*?):(?:\s|$)")


def merge_text(original: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """``original`` with the top-level fields that differ between ``old`` and ``new`` rewritten,
    removed or added; every other line (comments, order, quoting) stays as it was.

    Falls back to a fresh dump (keeping the comment lines at the top) if the file's layout is
    unusual, so the result always loads to exactly ``new``."""
    lines = original.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    starts = [(index, m.group(1).strip()) for index, line in enumerate(lines) if (m := _KEY_LINE.match(line))]
    header = lines[: starts[0][0]] if starts else lines
    blocks: list[tuple[str, list[str], list[str]]] = []  # key, its lines, the comments after it
    for number, (index, key) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        body = lines[index:end]
        tail: list[str] = []
        while len(body) > 1 and (not body[-1].strip() or body[-1].startswith("#")):
            tail.insert(0, body.pop())
        blocks.append((key, body, tail))
    old_plain, new_plain = _plain(old), _plain(new)
    out: list[tuple[str, list[str], list[str]]] = []
    for key, body, tail in blocks:
        if key not in new:
            out.append((key, [], tail))
        elif old_plain.get(key) != new_plain.get(key):
            out.append((key, [_dump({key: new[key]})], tail))
        else:
            out.append((key, body, tail))
    present = [key for key, _, _ in out]
    order = list(new)
    for key in order:
        if key in present:
            continue
        before = [k for k in order[: order.index(key)] if k in present]
        position = present.index(before[-1]) + 1 if before else 0
        out.insert(position, (key, [_dump({key: new[key]})], []))
        present.insert(position, key)
    text = "".join(header) + "".join("".join(body) + "".join(tail) for _, body, tail in out)
    merged = load_text(Path("<merge>"), text)
    if merged.problems or merged.data != new_plain:
        comments = "".join(line for line in header if line.startswith("#"))
        return comments + _dump(new)
    return text


def to_yaml(draft: Draft) -> str:
    """The file to write: a change keeps the original text around the changed fields."""
    if draft.original is not None and draft.original_data is not None:
        return merge_text(draft.original, draft.original_data, draft.data)
    kind = "organisation" if draft.kind == "organisation" else "angebot"
    return f"# yaml-language-server: $schema=../../schema/{kind}.schema.json\n" + t("form.file_note") + "\n" + _dump(draft.data)


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested mappings → dotted keys (``kontakt.telefon``); lists and scalars are values."""
    if isinstance(value, dict) and (value or not prefix):
        found: dict[str, Any] = {}
        for key, item in value.items():
            found |= _flat(item, f"{prefix}.{key}" if prefix else str(key))
        return found
    return {prefix: value}


#: values the answer never shows for a protected place: the street, the address note, the point
_SECRET_PLACE = re.compile(r"^(?:adresse|ort)\.(?:strasse|zusatz)$|^(?:ort\.)?koordinaten(?:\.|$)")
_PERSON_NAME = "kontakt.ansprechperson.name"


def _consented(data: dict[str, Any]) -> bool:
    person = (data.get("kontakt") or {}).get("ansprechperson") if isinstance(data.get("kontakt"), dict) else None
    return isinstance(person, dict) and gate.flag(person.get("einverstanden"), False) is True


def _shown(value: Any) -> str:
    if value is None:
        return t("form.reply.empty")
    if isinstance(value, bool):
        return "„ja“" if value else "„nein“"
    if isinstance(value, (list, dict)):
        text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6).strip()
    else:
        text = str(value)
    text = " ".join(text.replace("`", "'").split())
    return f"„{text[:80]}…“" if len(text) > 80 else f"„{text}“"


def changes(draft: Draft) -> list[tuple[str, str, str]]:
    """Every field a change alters: (field, before, after) as the answer shows them. The street,
    address note and point of a protected place and a name without consent are never shown."""
    sides = [(_flat(_plain(data)), _consented(data)) for data in (draft.original_data or {}, draft.data)]
    found = []
    for key in dict.fromkeys([*sides[0][0], *sides[1][0]]):
        if sides[0][0].get(key) == sides[1][0].get(key):
            continue
        shown = []
        for values, consent in sides:
            secret = (draft.protected and _SECRET_PLACE.search(key)) or (key == _PERSON_NAME and not consent)
            shown.append(t("form.reply.hidden") if secret and key in values else _shown(values.get(key)))
        found.append((key, shown[0], shown[1]))
    return found


def reply(draft: Draft, path: str, problems: list[str]) -> str:
    """The Markdown answer for the issue and the pull request (German)."""
    lines: list[str] = []
    if draft.refused:
        lines.append(t("form.reply.refused"))
        lines += [f"- {reason}" for reason in draft.refused]
        lines += ["", t("form.reply.refused_fix")]
        return "\n".join(lines) + "\n"
    what = "form.reply.changed" if draft.original is not None else "form.reply.created"
    lines.append(t(what, path=path))
    if draft.original is not None:
        fields = ", ".join(f"`{key}`" for key in dict.fromkeys(draft.changed)) or t("form.reply.nothing")
        lines += ["", t("form.reply.fields", fields=fields)]
        details = changes(draft)
        if details:
            lines += [t("form.reply.details")] + [f"- `{key}`: {before} → {after}" for key, before, after in details]
        lines.append(t("form.reply.kept"))
    if draft.notes:
        lines += ["", t("form.reply.notes")] + [f"- {note}" for note in draft.notes]
    if problems:
        lines += ["", t("form.reply.problems")] + [f"- {problem}" for problem in problems]
    else:
        lines += ["", t("form.reply.valid")]
    return "\n".join(lines) + "\n"
