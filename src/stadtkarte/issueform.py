"""GitHub issue forms for people without git, and the way back: an issue body → a YAML file.

One definition (:data:`ORGANISATION_FORM`) gives both the form (``stadtkarte issue-forms``
writes ``.github/ISSUE_TEMPLATE/``, with the city's own categories and municipalities as
choices) and the parser (``stadtkarte from-issue``), so the two cannot drift apart.

GitHub renders a submitted form as Markdown: ``### <label>`` followed by the answer, or
``_No response_``; multiple choices are joined with ``, ``; checkboxes are ``- [X] <label>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from .catalogue import Catalogue
from .i18n import t
from .languages import is_language_code, suggest_language_code
from .models import WEEKDAYS, slugify

NO_RESPONSE = "_No response_"


@dataclass(frozen=True)
class Field:
    key: str  # the id in the form, and what from-issue maps
    kind: str  # input, textarea, dropdown, dropdown-multiple, checkbox
    required: bool = False
    choices: str | None = None  # "categories" or "municipalities" or "wheelchair": filled from the data

    @property
    def label(self) -> str:
        return t(f"form.{self.key}.label")

    @property
    def description(self) -> str:
        return t(f"form.{self.key}.description")


ORGANISATION_FORM: list[Field] = [
    Field("bestehender_eintrag", "input"),
    Field("name", "input", required=True),
    Field("kategorien", "dropdown-multiple", required=True, choices="categories"),
    Field("beschreibung", "textarea", required=True),
    Field("strasse", "input"),
    Field("plz", "input"),
    Field("ort", "input"),
    Field("kommune", "dropdown", choices="municipalities"),
    Field("online", "checkbox"),
    Field("telefon", "input"),
    Field("email", "input"),
    Field("webseite", "input"),
    Field("sprachen", "input"),
    Field("oeffnungszeiten", "textarea"),
    Field("rollstuhlgerecht", "dropdown", choices="wheelchair"),
    Field("unterstuetzung_gesucht", "textarea"),
    Field("wir_bieten", "textarea"),
    Field("einverstanden", "checkbox", required=True),
]

WHEELCHAIR = ["ja", "nein", "teilweise", "unbekannt"]


def _choices(field: Field, catalogue: Catalogue) -> list[str]:
    if field.choices == "categories" and catalogue.taxonomy:
        return [c.name for c in catalogue.taxonomy.categories.values()]
    if field.choices == "municipalities":
        return [m.name for m in catalogue.municipalities.values()]
    if field.choices == "wheelchair":
        return WHEELCHAIR
    return []


def issue_form(catalogue: Catalogue) -> dict[str, Any]:
    """The GitHub issue form (as data) for proposing or changing an organisation."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": t("form.intro")}}]
    for item in ORGANISATION_FORM:
        attributes: dict[str, Any] = {"label": item.label, "description": item.description}
        element: dict[str, Any] = {"id": item.key, "attributes": attributes}
        if item.kind.startswith("dropdown"):
            element["type"] = "dropdown"
            attributes["options"] = _choices(item, catalogue)
            attributes["multiple"] = item.kind == "dropdown-multiple"
        elif item.kind == "checkbox":
            element["type"] = "checkboxes"
            attributes["options"] = [{"label": t(f"form.{item.key}.option"), "required": item.required}]
        else:
            element["type"] = item.kind
        if item.required and item.kind != "checkbox":
            element["validations"] = {"required": True}
        body.append(element)
    return {
        "name": t("form.name"),
        "description": t("form.description"),
        "title": t("form.title"),
        "labels": ["eintrag"],
        "body": body,
    }


def render_form(catalogue: Catalogue) -> str:
    header = "# " + t("form.generated_note") + "\n"
    return header + yaml.safe_dump(issue_form(catalogue), allow_unicode=True, sort_keys=False, width=100)


def parse_body(body: str) -> dict[str, str]:
    """``### Label`` sections of a rendered form → label → answer ("" for no response)."""
    answers: dict[str, str] = {}
    for match in re.finditer(r"^### (.+?)\s*\n(.*?)(?=^### |\Z)", body.replace("\r\n", "\n"), re.S | re.M):
        value = match.group(2).strip()
        answers[match.group(1).strip()] = "" if value == NO_RESPONSE else value
    return answers


@dataclass
class Draft:
    """What came out of an issue: the entry's data, its slug, and notes for the maintainer."""

    slug: str
    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)


_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_HOURS_RE = re.compile(rf"^(?P<days>[A-Za-zÄÖÜäöü ,.\-–]+?)\s+{_TIME}\s*(?:Uhr)?\s*[-–bis ]+\s*{_TIME}\s*(?:Uhr)?$")
_DAY_WORDS = {d: d for d in WEEKDAYS} | {
    "montag": "mo", "dienstag": "di", "mittwoch": "mi", "donnerstag": "do", "freitag": "fr", "samstag": "sa", "sonntag": "so",
}


def _hours(text: str) -> list[dict[str, Any]]:
    """``Mo, Mi 9-12 Uhr`` → ``{tage: [mo, mi], von: "09:00", bis: "12:00"}``; other lines → hinweis."""
    result: list[dict[str, Any]] = []
    for line in filter(None, (line.strip(" -*•") for line in text.splitlines())):
        match = _HOURS_RE.match(line)
        days = []
        if match:
            for word in re.split(r"[\s,.\-–]+", match.group("days").lower()):
                if word in ("und", ""):
                    continue
                day = _DAY_WORDS.get(word) or _DAY_WORDS.get(word[:2])
                if day is None:
                    days = []
                    break
                days.append(day)
        if match and days:
            h1, m1, h2, m2 = match.group(2), match.group(3) or "00", match.group(4), match.group(5) or "00"
            result.append({"tage": days, "von": f"{int(h1):02d}:{m1}", "bis": f"{int(h2):02d}:{m2}"})
        else:
            result.append({"hinweis": line[:300]})
    return result


def _lines(text: str) -> list[str]:
    return [line.strip(" -*•").strip() for line in text.splitlines() if line.strip(" -*•").strip()]


def draft_from_issue(body: str, catalogue: Catalogue, today: date) -> Draft:
    """Turn a submitted issue form into the data of an organisation file."""
    answers = parse_body(body)
    get = {item.key: answers.get(item.label, "") for item in ORGANISATION_FORM}
    notes: list[str] = []
    data: dict[str, Any] = {"name": get["name"]}
    by_name = {c.name: slug for slug, c in catalogue.taxonomy.categories.items()} if catalogue.taxonomy else {}
    data["kategorien"] = [by_name.get(name.strip(), slugify(name)) for name in get["kategorien"].split(",") if name.strip()]
    data["beschreibung"] = get["beschreibung"]
    online = "[x]" in get["online"].lower()
    municipalities = {m.name: slug for slug, m in catalogue.municipalities.items()}
    if get["strasse"]:
        data["adresse"] = {
            "strasse": get["strasse"], "plz": get["plz"], "ort": get["ort"],
            "kommune": municipalities.get(get["kommune"], slugify(get["kommune"] or get["ort"])),
        }
    if online or not get["strasse"]:
        data["online"] = True
    contact = {key: get[key] for key in ("telefon", "email", "webseite") if get[key]}
    if contact.get("webseite") and not contact["webseite"].startswith(("http://", "https://")):
        contact["webseite"] = "https://" + contact["webseite"]
    if contact:
        data["kontakt"] = contact
    languages = []
    for word in re.split(r"[,;/\s]+", get["sprachen"]):
        if not word:
            continue
        code = word.lower() if is_language_code(word.lower()) else suggest_language_code(word)
        if code:
            languages.append(code)
        else:
            notes.append(t("form.note.language", value=word))
    if languages:
        data["sprachen"] = list(dict.fromkeys(languages))
    if get["rollstuhlgerecht"] in WHEELCHAIR and get["rollstuhlgerecht"] != "unbekannt":
        data["barrierefreiheit"] = {"rollstuhlgerecht": get["rollstuhlgerecht"]}
    if get["oeffnungszeiten"]:
        data["oeffnungszeiten"] = _hours(get["oeffnungszeiten"])
    for key in ("unterstuetzung_gesucht", "wir_bieten"):
        if get[key]:
            data[key] = _lines(get[key])
    data["geprueft_am"] = today
    slug = slugify(get["bestehender_eintrag"] or get["name"])
    if get["bestehender_eintrag"] and slug not in catalogue.organisations:
        notes.append(t("form.note.unknown_entry", value=get["bestehender_eintrag"]))
    return Draft(slug, data, notes)


def to_yaml(draft: Draft) -> str:
    text = yaml.safe_dump(draft.data, allow_unicode=True, sort_keys=False, width=100)
    return "# yaml-language-server: $schema=../../schema/organisation.schema.json\n" + t("form.file_note") + "\n" + text
