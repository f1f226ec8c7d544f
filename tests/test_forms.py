"""The browser-form workflow: issue form → from-issue → YAML (merge, never replace) → validate → build.

Uses its own small data set (tests/fixtures/forms/daten), never data/.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stadtkarte.catalogue import load_catalogue
from stadtkarte.geocache import normalise_address
from stadtkarte.i18n import t
from stadtkarte.issueform import (
    OFFER_FORM,
    ORGANISATION_FORM,
    _appointments,
    _hours,
    draft_from_issue,
    issue_form,
    parse_body,
    markdown_lists,
    merge_text,
    parse_days,
    to_yaml,
)
from stadtkarte.models import Address
from stadtkarte.scaffold import NoAnswer, Prompter
from stadtkarte.yamlsource import load_file

from .conftest import FIXTURE_DATA, ROOT, TODAY
from .sitebuild import EPOCH

FIXTURE = Path(__file__).parent / "fixtures" / "forms" / "daten"
PROTECTED = "frauenberatung-geschuetzt"


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}  # "today" is TODAY
    return subprocess.run([sys.executable, "-m", "stadtkarte.cli", *args], cwd=cwd, capture_output=True, text=True,
                          input=stdin, timeout=120, env=env)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def rendered(data: Path, answers: dict[str, str], kind: str = "organisation") -> str:
    """What GitHub makes of a submitted form: ### label, blank line, answer."""
    catalogue, _ = load_catalogue(data, today=TODAY)
    parts = []
    for element in issue_form(catalogue, kind)["body"]:  # type: ignore[arg-type]
        if element["type"] == "markdown":
            continue
        value = answers.get(element["id"], "")
        if element["type"] == "checkboxes":
            label = element["attributes"]["options"][0]["label"]
            value = f"- [{'X' if value else ' '}] {label}"
        parts.append(f"### {element['attributes']['label']}\n\n{value or '_No response_'}\n")
    return "\n".join(parts)


def from_issue(data: Path, body: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    (tmp_path / "issue.md").write_text(body, "utf-8")
    result = run("from-issue", str(tmp_path / "issue.md"), "--data", str(data), "--result", str(tmp_path / "antwort.md"),
                 cwd=tmp_path)
    return result, (tmp_path / "antwort.md").read_text("utf-8")


# --- Weekdays, times, bullets -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "days"), [
    ("Mo–Fr", ["mo", "di", "mi", "do", "fr"]),
    ("Mo-Do", ["mo", "di", "mi", "do"]),
    ("Di und Do", ["di", "do"]),
    ("Montag bis Freitag", ["mo", "di", "mi", "do", "fr"]),
    ("Sa/So", ["sa", "so"]),
    ("Mo.–Mi., Fr.", ["mo", "di", "mi", "fr"]),
    ("montags", ["mo"]),
    ("nach Vereinbarung", None),
    ("Fr–Mo", None),
])
def test_weekday_ranges(text: str, days: list[str] | None) -> None:
    assert parse_days(text) == days


def test_opening_hours_lines() -> None:
    text = "Mo–Fr 9–12 Uhr\n•\tDi und Do 9:30-12\nMontag bis Freitag 18 bis 20 Uhr\nMo 9-12 und 14-16 Uhr\nund nach Vereinbarung\nMo 25-26 Uhr"
    assert _hours(text) == [
        {"tage": ["mo", "di", "mi", "do", "fr"], "von": "09:00", "bis": "12:00"},
        {"tage": ["di", "do"], "von": "09:30", "bis": "12:00"},
        {"tage": ["mo", "di", "mi", "do", "fr"], "von": "18:00", "bis": "20:00"},
        {"tage": ["mo"], "von": "09:00", "bis": "12:00"},
        {"tage": ["mo"], "von": "14:00", "bis": "16:00"},
        {"hinweis": "und nach Vereinbarung"},
        {"hinweis": "Mo 25-26 Uhr"},
    ]


def test_offer_dates_with_rules() -> None:
    text = (
        "jeden Di 15–17 Uhr\nalle zwei Wochen Do 16-18 Uhr ab 14.01.2027\n"
        "jeden 2. und 4. Mittwoch im Monat 18 bis 20 Uhr\nam 12.03.2027 18–20 Uhr\nnicht in den Schulferien"
    )
    assert _appointments(text, TODAY) == [
        {"regel": "woechentlich", "tage": ["di"], "von": "15:00", "bis": "17:00"},
        {"regel": "zweiwoechentlich", "tage": ["do"], "datum": date(2027, 1, 14), "von": "16:00", "bis": "18:00"},
        {"regel": "monatlich", "tage": ["mi"], "woche_im_monat": [2, 4], "von": "18:00", "bis": "20:00"},
        {"regel": "einmalig", "datum": date(2027, 3, 12), "von": "18:00", "bis": "20:00"},
        {"hinweis": "nicht in den Schulferien"},
    ]


def test_ordinal_words_name_the_week_of_the_month_and_a_lone_start_time_stays_a_note() -> None:
    assert _appointments("erster Montag im Monat 18-20 Uhr\njeden zweiten Mittwoch im Monat 15 bis 17 Uhr", TODAY) == [
        {"regel": "monatlich", "tage": ["mo"], "woche_im_monat": [1], "von": "18:00", "bis": "20:00"},
        {"regel": "monatlich", "tage": ["mi"], "woche_im_monat": [2], "von": "15:00", "bis": "17:00"},
    ]
    # a rule holds a start and an end: "19 Uhr" alone was dropped silently, now the line is kept
    assert _appointments("jeden Dienstag 19 Uhr", TODAY) == [{"hinweis": "jeden Dienstag 19 Uhr"}]


def test_a_date_line_kept_as_a_note_gets_the_way_to_write_it(data: Path) -> None:
    catalogue, _ = load_catalogue(data, today=TODAY)
    offer = {**NEW_OFFER, "termine": "jeden Dienstag 19 Uhr\nnicht in den Schulferien"}
    draft = draft_from_issue(rendered(data, offer, "angebot"), catalogue, TODAY)
    hints = [note for note in draft.notes if note.startswith("Termin „")]
    assert hints == [t("form.note.schedule", value="jeden Dienstag 19 Uhr")]  # not for the plain note
    assert "„jeden 1. Montag im Monat 18–20 Uhr“ (auch „erster“, „letzter“)" in hints[0]


def test_word_bullets_become_markdown_lists() -> None:
    pasted = "Wir bieten:\n•\tBeratung\n•\tKurse am  Abend\nDanach ein Satz.\n– eins\n- zwei\n1)\tErstens"
    assert markdown_lists(pasted) == (
        "Wir bieten:\n\n- Beratung\n- Kurse am Abend\n\nDanach ein Satz.\n\n- eins\n- zwei\n1. Erstens"
    )


# --- The forms ----------------------------------------------------------------------------------


def test_both_forms_are_valid_github_forms(tmp_path: Path) -> None:
    """Made from the fixture data (whether the city's own forms are current is a fact about its
    data: ``validate`` reports it, see tests/test_validate_command.py)."""
    folder = tmp_path / "formulare"
    assert run("issue-forms", "--data", str(FIXTURE_DATA), "--out", str(folder), cwd=tmp_path).returncode == 0
    assert run("issue-forms", "--data", str(FIXTURE_DATA), "--out", str(folder), "--check", cwd=tmp_path).returncode == 0
    for name, fields in (("eintrag.yml", ORGANISATION_FORM), ("angebot.yml", OFFER_FORM)):
        form = load_file(folder / name).data
        ids = [element.get("id") for element in form["body"] if element["type"] != "markdown"]
        assert ids == [item.key for item in fields]
        labels = [element["attributes"]["label"] for element in form["body"] if element["type"] != "markdown"]
        assert len(labels) == len(set(labels)), "GitHub needs unique labels"
        required = [element["id"] for element in form["body"] if element.get("validations", {}).get("required")
                    or any(o.get("required") for o in element["attributes"].get("options", []) if isinstance(o, dict))]
        assert required == ["einverstanden"], "a change fills only what changes"


def test_form_explains_protected_places_and_consent(data: Path) -> None:
    catalogue, _ = load_catalogue(data, today=TODAY)
    form = {element.get("id"): element for element in issue_form(catalogue)["body"]}
    assert form["standort"]["attributes"]["options"] == [t("form.standort.public"), t("form.standort.protected")]
    assert "nur Postleitzahl, Ort und Stadtteil, keine Straße" in form["standort"]["attributes"]["description"]
    assert "Straße NICHT in dieses Formular" in form["standort"]["attributes"]["description"]
    assert form["ansprechperson_einverstanden"]["type"] == "checkboxes"
    offer = {element.get("id"): element for element in issue_form(catalogue, "angebot")["body"]}
    assert offer["art"]["attributes"]["options"] == ["Sprachcafé", "Beratung", "Kurs"]
    assert offer["zielgruppen"]["attributes"]["multiple"] is True


# --- Changes merge, protection stays ------------------------------------------------------------


def test_phone_only_change_of_a_protected_entry_keeps_everything(data: Path, tmp_path: Path) -> None:
    path = data / "organisationen" / f"{PROTECTED}.yml"
    before_text = path.read_text("utf-8")
    before = load_file(path).data
    body = rendered(data, {"bestehender_eintrag": PROTECTED, "telefon": "07141 000120", "einverstanden": "x"})
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    after_text = path.read_text("utf-8")
    after = load_file(path).data
    assert after["kontakt"] == {"telefon": "07141 000120", "email": "beratung@frauen-musterstadt.example"}
    assert after["standort_oeffentlich"] is False
    assert after["geprueft_am"] == TODAY.isoformat()
    for key in ("name", "kurzname", "kategorien", "themen", "zielgruppen", "beschreibung", "adresse", "sprachen",
                "oeffnungszeiten"):
        assert after[key] == before[key], key
    assert list(after) == list(before)
    assert "strasse" not in after["adresse"] and "strasse:" not in after_text
    # comments and the untouched lines stay byte for byte
    assert "# Geschützt: die Karte zeigt nur ein ungefähres Gebiet.\n" in after_text
    changed = [line for line in after_text.splitlines() if line not in before_text.splitlines()]
    assert changed == ['  telefon: "07141 000120"', "geprueft_am: 2026-11-23"]
    assert "Geänderte Felder: `kontakt`." in answer and "Alle anderen Felder bleiben, wie sie sind." in answer


def test_protected_place_cannot_be_made_public_or_get_a_street(data: Path, tmp_path: Path) -> None:
    path = data / "organisationen" / f"{PROTECTED}.yml"
    before = path.read_bytes()
    public = rendered(data, {"bestehender_eintrag": PROTECTED, "standort": t("form.standort.public"), "einverstanden": "x"})
    result, answer = from_issue(data, public, tmp_path)
    assert result.returncode == 3
    assert t("form.refuse.protected_to_public") in result.stdout
    assert answer.startswith("**Nicht übernommen.**") and t("form.refuse.protected_to_public") in answer
    street = rendered(data, {"bestehender_eintrag": PROTECTED, "strasse": "Geheimweg 1", "einverstanden": "x"})
    result, answer = from_issue(data, street, tmp_path)
    assert result.returncode == 3
    assert "Geschützte Orte stehen nur mit Postleitzahl, Ort und Stadtteil im Verzeichnis – bitte die Straße" in answer
    assert path.read_bytes() == before
    new_protected = rendered(data, {"name": "Schutzraum", "kategorien": "Beratung", "beschreibung": "Hilfe.",
                                    "standort": t("form.standort.protected"), "strasse": "Geheimweg 1",
                                    "plz": "71640", "ort": "Musterstadt", "einverstanden": "x"})
    result, _ = from_issue(data, new_protected, tmp_path)
    assert result.returncode == 3 and not (data / "organisationen" / "schutzraum.yml").exists()


def test_public_place_made_protected_loses_street_and_coordinates(data: Path, tmp_path: Path) -> None:
    body = rendered(data, {"bestehender_eintrag": "https://stadt.example/organisationen/sprachtreff-musterstadt/",
                           "standort": t("form.standort.protected"), "stadtteil": "Oststadt", "einverstanden": "x"})
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode in (0, 1), result.stdout
    entry = load_file(data / "organisationen" / "sprachtreff-musterstadt.yml").data
    assert entry["adresse"] == {"plz": "71634", "ort": "Musterstadt", "stadtteil": "Oststadt", "kommune": "musterstadt"}
    assert entry["standort_oeffentlich"] is False and "koordinaten" not in entry
    assert "Marktplatz" not in (data / "organisationen" / "sprachtreff-musterstadt.yml").read_text("utf-8")
    assert t("form.note.street_removed") in answer


def test_new_protected_entry_has_only_postcode_town_and_district(data: Path) -> None:
    catalogue, _ = load_catalogue(data, today=TODAY)
    body = rendered(data, {"name": "Schutzraum", "kategorien": "Beratung", "beschreibung": "Hilfe.",
                           "standort": t("form.standort.protected"), "plz": "71640", "ort": "Musterstadt",
                           "stadtteil": "Oststadt", "einverstanden": "x"})
    draft = draft_from_issue(body, catalogue, TODAY)
    assert not draft.refused
    assert draft.data["adresse"] == {"plz": "71640", "ort": "Musterstadt", "stadtteil": "Oststadt", "kommune": "musterstadt"}
    assert draft.data["standort_oeffentlich"] is False and "online" not in draft.data


def test_offer_of_a_protected_organisation_gets_no_street(data: Path) -> None:
    catalogue, _ = load_catalogue(data, today=TODAY)
    offer = {"titel": "Gruppe", "organisation": PROTECTED, "art": "Beratung", "beschreibung": "Treffen.",
             "strasse": "Geheimweg 1", "plz": "71640", "ort": "Musterstadt", "einverstanden": "x"}
    draft = draft_from_issue(rendered(data, offer, "angebot"), catalogue, TODAY)
    assert draft.refused == [t("form.refuse.street_for_protected")]
    public = {**offer, "standort": t("form.standort.public")}
    draft = draft_from_issue(rendered(data, public, "angebot"), catalogue, TODAY)
    assert draft.refused == [t("form.refuse.offer_of_protected")]  # the office decides, not the form
    area = {**offer, "strasse": "", "stadtteil": "Oststadt"}
    draft = draft_from_issue(rendered(data, area, "angebot"), catalogue, TODAY)
    assert not draft.refused
    assert draft.data["ort"] == {"plz": "71640", "ort": "Musterstadt", "stadtteil": "Oststadt", "kommune": "musterstadt",
                                 "standort_oeffentlich": False}


def test_contact_name_only_with_consent(data: Path, tmp_path: Path) -> None:
    body = rendered(data, {"bestehender_eintrag": "sprachtreff-musterstadt", "ansprechperson": "Erika Muster",
                           "einverstanden": "x"})
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode == 0, result.stdout
    text = (data / "organisationen" / "sprachtreff-musterstadt.yml").read_text("utf-8")
    assert "Erika" not in text and t("form.note.person_without_consent") in answer
    body = rendered(data, {"bestehender_eintrag": "sprachtreff-musterstadt", "ansprechperson": "Erika Muster",
                           "ansprechperson_funktion": "Leitung", "ansprechperson_einverstanden": "x",
                           "einverstanden": "x"})
    result, _ = from_issue(data, body, tmp_path)
    assert result.returncode == 0, result.stdout
    entry = load_file(data / "organisationen" / "sprachtreff-musterstadt.yml").data
    assert entry["kontakt"]["ansprechperson"] == {"name": "Erika Muster", "funktion": "Leitung", "einverstanden": True}


def test_unknown_entry_is_refused_with_a_suggestion(data: Path, tmp_path: Path) -> None:
    body = rendered(data, {"bestehender_eintrag": "sprachtref-musterstadt", "telefon": "07141 1", "einverstanden": "x"})
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode == 3
    assert "Eintrag „sprachtref-musterstadt“ nicht gefunden (meinten Sie „sprachtreff-musterstadt“?)." in answer


def test_new_entry_needs_name_categories_description(data: Path, tmp_path: Path) -> None:
    result, answer = from_issue(data, rendered(data, {"name": "Nur ein Name", "einverstanden": "x"}), tmp_path)
    assert result.returncode == 3
    assert "Für einen neuen Eintrag fehlen: Kategorien, Beschreibung." in answer


def test_from_issue_reports_what_is_wrong(data: Path, tmp_path: Path) -> None:
    body = rendered(data, {"name": "Mit kaputter Adresse", "kategorien": "Beratung", "beschreibung": "Beratung.",
                           "online": "x", "email": "kaputt", "einverstanden": "x"})
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode == 1
    assert "kontakt.email: „kaputt“ ist keine gültige E-Mail-Adresse" in result.stdout
    assert "**Noch zu korrigieren**" in answer and "kontakt.email: „kaputt“ ist keine gültige E-Mail-Adresse" in answer


def test_merge_text_keeps_unknown_layout_loadable() -> None:
    original = "# Kopf\nname: A\n# über b\nb: [1, 2]\nc: x\n"
    old = {"name": "A", "b": [1, 2], "c": "x"}
    new = {"name": "A", "b": [1, 2, 3], "d": "neu"}
    assert merge_text(original, old, new) == "# Kopf\nname: A\n# über b\nb: [1, 2, 3]\nd: neu\n"


def test_new_entry_with_a_taken_name_gets_its_own_file(data: Path) -> None:
    catalogue, _ = load_catalogue(data, today=TODAY)
    body = rendered(data, {"name": "Sprachtreff Musterstadt", "kategorien": "Engagement", "beschreibung": "Neu.",
                           "online": "x", "einverstanden": "x"})
    draft = draft_from_issue(body, catalogue, TODAY)
    assert draft.slug == "sprachtreff-musterstadt-2" and draft.original is None
    assert to_yaml(draft).startswith("# yaml-language-server: $schema=../../schema/organisation.schema.json\n")


# --- stadtkarte new with piped answers ----------------------------------------------------------


def test_new_reads_piped_answers_line_by_line(data: Path, tmp_path: Path) -> None:
    answers = "Café Zusammen\nengagement\nMarktplatz 5\n71634\nMusterstadt\nmusterstadt\n\n"
    result = run("new", "organisation", "--data", str(data), cwd=tmp_path, stdin=answers)
    # 1 once placeholder text ("TODO: …") is a validation error (issue 13, helper datarules); 0 before
    assert result.returncode in (0, 1), result.stdout + result.stderr
    entry = load_file(data / "organisationen" / "cafe-zusammen.yml").data
    assert entry["name"] == "Café Zusammen" and entry["kategorien"] == ["engagement"]
    assert entry["adresse"] == {"strasse": "Marktplatz 5", "plz": "71634", "ort": "Musterstadt", "kommune": "musterstadt"}


def test_new_missing_piped_answer_is_an_error(data: Path, tmp_path: Path) -> None:
    result = run("new", "organisation", "--data", str(data), cwd=tmp_path, stdin="")
    assert result.returncode == 2
    assert result.stderr.startswith("Keine Antwort auf „Name der Organisation") and "Traceback" not in result.stderr
    assert "die Eingabe ist zu Ende, nichts wurde geschrieben" in result.stderr


def test_long_choice_lists_one_per_line_closest_first() -> None:
    slugs = [f"verein-{n:02d}" for n in range(20)] + ["internationaler-frauentreff"]
    message = Prompter.not_allowed("internationaler-frauentref", slugs)
    assert message.splitlines() == ["„internationaler-frauentref“ passt nicht – meinten Sie:", "  internationaler-frauentreff"]
    listing = Prompter.not_allowed("xyz", slugs)
    assert listing.splitlines()[0] == "„xyz“ passt nicht – erlaubt sind:" and len(listing.splitlines()) == 22
    assert Prompter.not_allowed("x", ["a", "b"]) == "„x“ passt nicht – erlaubt: a, b"


def test_prompter_reads_lines_and_refuses_wrong_piped_answer() -> None:
    errors = io.StringIO()
    prompter = Prompter(stdin=io.StringIO("eins\nzwei\n"), stderr=errors)
    assert prompter.ask("Erste") == "eins"
    assert prompter.ask("Zweite", choices=["zwei"]) == "zwei"
    assert prompter.ask("Dritte", default="drei") == "drei"
    with pytest.raises(NoAnswer):
        Prompter(stdin=io.StringIO("vier\n"), stderr=errors).ask("Vierte", choices=["fünf"])
    assert "„vier“ passt nicht – erlaubt: fünf" in errors.getvalue()


# --- End to end: form → YAML → validate → build -------------------------------------------------


def _project(tmp_path: Path) -> Path:
    from .sitebuild import copy_project

    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "data")
    shutil.copytree(FIXTURE, project / "data")
    return project


def _geocode_offline(data: Path, street: str, postcode: str, town: str, lat: float, lon: float) -> None:
    """What the geocode step of the pull request adds for a new address (no network in tests)."""
    key = normalise_address(Address.model_validate({"strasse": street, "plz": postcode, "ort": town, "kommune": "x"}))
    cache = json.loads((data / "geocache.json").read_text("utf-8"))
    cache[key] = {"kind": "house", "lat": lat, "lon": lon, "source": "test"}
    (data / "geocache.json").write_text(json.dumps(cache), "utf-8")


def _build(project: Path, tmp_path: Path) -> Path:
    from .sitebuild import build

    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


NEW_ORGANISATION = {
    "name": "Café Miteinander e. V.",
    "kategorien": "Engagement, Sprache/Bildung",
    "beschreibung": "Wir treffen uns zum Reden.\n•\tDeutsch üben\n•\tSpiele",
    "standort": "", "strasse": "Seestraße 26", "plz": "71638", "ort": "Musterstadt", "kommune": "Musterstadt",
    "telefon": "07141 123456", "webseite": "www.miteinander.example",
    "sprachen": "Deutsch, Türkisch", "oeffnungszeiten": "Mo–Fr 9–12 Uhr\nund nach Vereinbarung",
    "einverstanden": "x",
}
NEW_OFFER = {
    "titel": "Sprachcafé am Dienstag", "organisation": "Sprachtreff Musterstadt", "art": "Sprachcafé",
    "beschreibung": "Deutsch sprechen bei Tee.\n– für Anfänger\n– für Fortgeschrittene",
    "termine": "jeden Di 15–17 Uhr\nnicht in den Schulferien", "kosten": "kostenlos",
    "anmeldung": t("offer_form.anmeldung.not_required"), "sprachen": "Deutsch, Arabisch",
    "zielgruppen": "Frauen, Familien", "einverstanden": "x",
}


@pytest.mark.slow
def test_end_to_end_new_organisation_and_offer(tmp_path: Path) -> None:
    project = _project(tmp_path)
    data = project / "data"
    result, answer = from_issue(data, rendered(data, NEW_ORGANISATION), tmp_path)
    assert result.returncode == 0, result.stdout
    assert answer.startswith("Neue Datei angelegt: `") and "Die Datei hat die Prüfung ohne Fehler bestanden." in answer
    entry = load_file(data / "organisationen" / "cafe-miteinander-e-v.yml").data
    assert entry["beschreibung"] == "Wir treffen uns zum Reden.\n\n- Deutsch üben\n- Spiele\n"
    assert entry["oeffnungszeiten"][0] == {"tage": ["mo", "di", "mi", "do", "fr"], "von": "09:00", "bis": "12:00"}
    assert entry["adresse"]["kommune"] == "musterstadt" and entry["kontakt"]["webseite"] == "https://www.miteinander.example"
    _geocode_offline(data, "Seestraße 26", "71638", "Musterstadt", 48.8951, 9.1902)

    result, answer = from_issue(data, rendered(data, NEW_OFFER, "angebot"), tmp_path)
    assert result.returncode == 0, result.stdout
    offer = load_file(data / "angebote" / "sprachcafe-am-dienstag.yml").data
    assert offer["organisation"] == "sprachtreff-musterstadt" and offer["art"] == "sprachcafe"
    assert offer["termine"] == [{"regel": "woechentlich", "tage": ["di"], "von": "15:00", "bis": "17:00"},
                                {"hinweis": "nicht in den Schulferien"}]
    assert offer["anmeldung"] == {"erforderlich": False} and offer["kosten"] == "kostenlos"
    assert offer["sprachen"] == ["de", "ar"] and offer["zielgruppen"] == ["frauen", "familien"]
    assert "- für Anfänger\n- für Fortgeschrittene" in offer["beschreibung"]

    check = run("validate", "--data", str(data), cwd=project)
    assert check.returncode == 0, check.stdout
    site = _build(project, tmp_path)
    pages = {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}
    org_page = next(text for path, text in pages.items() if "cafe-miteinander-e-v" in path)
    assert "Café Miteinander e. V." in org_page and "<li>Deutsch üben</li>" in org_page
    offer_page = next(text for path, text in pages.items() if "sprachcafe-am-dienstag" in path)
    assert "Sprachcafé am Dienstag" in offer_page and "<li>für Anfänger</li>" in offer_page


@pytest.mark.slow
def test_end_to_end_phone_change_of_a_protected_entry(tmp_path: Path) -> None:
    project = _project(tmp_path)
    data = project / "data"
    assert run("validate", "--data", str(data), cwd=project).returncode == 0
    body = rendered(data, {"bestehender_eintrag": PROTECTED, "telefon": "07141 000120", "einverstanden": "x"})
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode == 0, result.stdout
    assert "Geänderte Felder: `kontakt`" in answer
    entry = load_file(data / "organisationen" / f"{PROTECTED}.yml").data
    assert entry["standort_oeffentlich"] is False and "strasse" not in entry["adresse"]
    assert entry["themen"] == ["sicherheit", "familie"] and entry["zielgruppen"] == ["frauen"]
    assert run("validate", "--data", str(data), cwd=project).returncode == 0
    site = _build(project, tmp_path)
    texts = [p.read_text("utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
             and p.suffix in {".html", ".json", ".js", ".csv", ".ics", ".geojson", ".xml"}]
    page = next(text for text in texts if "07141 000120" in text)
    assert "Beratung für Frauen in Not" in page
    assert not any(re.search(r"weg 1|Geheimweg", text) for text in texts)


# --- The workflow that turns a labelled issue into a pull request -------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "formular.yml"

FAKE_GH = """#!/bin/bash
# Stands in for the GitHub CLI: remembers the pull request of the branch, logs every call.
echo "gh $*" >> "$GH_LOG"
case "$1 $2" in
  "pr list") cat "$GH_STATE" 2>/dev/null || true ;;
  "pr create") [ -n "$GH_FAIL_CREATE" ] && exit 1; echo "https://github.example/stadt/pull/42" | tee "$GH_STATE" ;;
  "pr edit") ;;
  "issue comment") while [ $# -gt 0 ]; do [ "$1" = --body-file ] && cp "$2" "$GH_COMMENT"; shift; done ;;
  *) exit 1 ;;
esac
"""


def _steps() -> list[dict]:
    return load_file(WORKFLOW).data["jobs"]["umwandeln"]["steps"]


def test_form_workflow_uses_current_actions_pip_cache_and_a_token() -> None:
    steps = _steps()
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]  # pinned: tests/test_workflows.py
    assert uses == ["actions/checkout", "actions/setup-python"]
    setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip" and "requirements.lock" in setup["with"]["cache-dependency-path"]
    checkout = steps[0]
    assert checkout["with"] == {"persist-credentials": False}, "the token stays out of .git/config"
    pr_step = next(step for step in steps if step.get("id") == "pr")
    assert pr_step["env"]["GH_TOKEN"] == "${{ secrets.STADTKARTE_TOKEN || github.token }}"
    assert 'extraheader="AUTHORIZATION: basic $auth" push --force origin "$branch"' in pr_step["run"]
    workflow = load_file(WORKFLOW).data
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["umwandeln"]["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert workflow["concurrency"]["group"] == "formular-${{ github.event.issue.number }}"


def _run_workflow(repo: Path, outputs: dict[str, str], env: dict[str, str]) -> None:
    """Run the workflow's shell steps as the runner would (bash -eo pipefail), in order."""
    for step in _steps():
        if "run" not in step or step["run"].strip() == "make install":  # the runner's setup; .venv is there
            continue
        condition = step.get("if", "")
        if "steps.formular.outputs.status == '0'" in condition and outputs.get("status") != "0":
            continue
        output_file = Path(env["RUNNER_TEMP"]) / f"output-{step.get('id', 'x')}"
        output_file.write_text("", "utf-8")
        step_env = {**env, "GITHUB_OUTPUT": str(output_file)}
        for key, value in step.get("env", {}).items():
            step_env[key] = {
                "${{ github.event.issue.body }}": env["ISSUE_BODY"],
                "${{ github.event.issue.number }}": "7",
                "${{ github.event.issue.title }}": "Eintrag: Frauenberatung",
                "${{ steps.pr.outputs.action }}": outputs.get("action", ""),
                "${{ steps.pr.outputs.url }}": outputs.get("url", ""),
                "${{ steps.pr.outcome }}": outputs.get("outcome", ""),
                "${{ secrets.STADTKARTE_TOKEN != '' }}": "false",
            }.get(value, "token")
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo,
                                env=step_env, capture_output=True, text=True, timeout=120)
        if step.get("id") == "pr":
            outputs["outcome"] = "success" if result.returncode == 0 else "failure"
            if result.returncode and env.get("EXPECT_PR_FAILURE"):
                continue
        assert result.returncode == 0, (step.get("name"), result.stdout, result.stderr)
        for line in output_file.read_text("utf-8").splitlines():
            key, _, value = line.partition("=")
            outputs[key] = value


def form_repo(tmp_path: Path, protection: str = "false") -> tuple[Path, Path, dict[str, str]]:
    """A repository with the form fixture pushed to ``origin`` (a bare repository), a fake GitHub
    CLI, and the runner's environment: (origin, repo, env). ``protection``: the word the protected
    organisation's ``standort_oeffentlich`` is written with."""
    origin, repo, runner = tmp_path / "origin.git", tmp_path / "repo", tmp_path / "runner"
    runner.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", "--bare", str(origin)], check=True)
    subprocess.run([*git, "init", "-q", str(repo)], check=True)
    shutil.copytree(FIXTURE, repo / "data")
    _protect_with(repo / "data", protection)
    (repo / ".gitignore").write_text(".venv\n", "utf-8")
    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "start"], cwd=repo, check=True)
    subprocess.run([*git, "remote", "add", "origin", str(origin)], cwd=repo, check=True)
    subprocess.run([*git, "push", "-q", "origin", "HEAD:main"], cwd=repo, check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, "utf-8")
    (bin_dir / "gh").chmod(0o755)
    env = {
        **os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "RUNNER_TEMP": str(runner), "SOURCE_DATE_EPOCH": EPOCH,
        "GH_LOG": str(tmp_path / "gh.log"), "GH_STATE": str(tmp_path / "gh.state"), "GH_COMMENT": str(tmp_path / "comment.md"),
    }
    return origin, repo, env


def test_form_workflow_opens_then_updates_the_pull_request_and_answers(tmp_path: Path) -> None:
    origin, repo, env = form_repo(tmp_path)
    env["ISSUE_BODY"] = rendered(repo / "data", {"bestehender_eintrag": PROTECTED, "telefon": "07141 000120",
                                                 "einverstanden": "x"})
    outputs: dict[str, str] = {}
    _run_workflow(repo, outputs, env)
    assert outputs["status"] == "0" and outputs["action"] == "created"
    comment = (tmp_path / "comment.md").read_text("utf-8")
    assert "Geänderte Felder: `kontakt`." in comment
    assert "Pull Request zum Prüfen und Zusammenführen: https://github.example/stadt/pull/42" in comment
    assert "STADTKARTE_TOKEN" in comment  # without the secret the maintainer learns how to start the check
    pushed = subprocess.run(["git", "show", f"formular-7:data/organisationen/{PROTECTED}.yml"], cwd=origin,
                            capture_output=True, text=True, check=True).stdout
    assert 'telefon: "07141 000120"' in pushed and "standort_oeffentlich: false" in pushed

    # The same label again (after the issue was edited): same branch, same pull request, updated.
    subprocess.run(["git", "switch", "-q", "--discard-changes", "main"], cwd=repo, check=True)
    env["ISSUE_BODY"] = rendered(repo / "data", {"bestehender_eintrag": PROTECTED, "telefon": "07141 000121",
                                                 "einverstanden": "x"})
    outputs = {}
    _run_workflow(repo, outputs, env)
    assert outputs["action"] == "updated"
    assert "mit dem neuen Stand des Issues aktualisiert: https://github.example/stadt/pull/42" in (
        tmp_path / "comment.md").read_text("utf-8")
    pushed = subprocess.run(["git", "show", f"formular-7:data/organisationen/{PROTECTED}.yml"], cwd=origin,
                            capture_output=True, text=True, check=True).stdout
    assert 'telefon: "07141 000121"' in pushed
    calls = (tmp_path / "gh.log").read_text("utf-8")
    assert calls.count("gh pr create") == 1 and calls.count("gh issue comment 7") == 2

    # GitHub refuses the pull request (e.g. Actions may not create pull requests): the issue says so.
    subprocess.run(["git", "switch", "-q", "--discard-changes", "main"], cwd=repo, check=True)
    (tmp_path / "gh.state").unlink()
    env["ISSUE_BODY"] = rendered(repo / "data", {"bestehender_eintrag": PROTECTED, "telefon": "07141 000122",
                                                 "einverstanden": "x"})
    outputs = {}
    _run_workflow(repo, {**outputs}, {**env, "EXPECT_PR_FAILURE": "1", "GH_FAIL_CREATE": "1"})
    comment = (tmp_path / "comment.md").read_text("utf-8")
    assert "Der Pull Request konnte nicht angelegt werden" in comment and "Geänderte Felder: `kontakt`." in comment

    # A request the form must refuse: no branch update, the reason goes to the issue.
    subprocess.run(["git", "switch", "-q", "--discard-changes", "main"], cwd=repo, check=True)
    env["ISSUE_BODY"] = rendered(repo / "data", {"bestehender_eintrag": PROTECTED, "strasse": "Geheimweg 1",
                                                 "einverstanden": "x"})
    outputs = {}
    _run_workflow(repo, outputs, env)
    assert outputs["status"] == "3" and "action" not in outputs
    assert (tmp_path / "comment.md").read_text("utf-8").startswith("**Nicht übernommen.**")
    assert (tmp_path / "gh.log").read_text("utf-8").count("gh pr create") == 2  # one worked, one was refused


def test_contributing_names_the_labels_settings_and_token_the_forms_need() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    section = text.split("### Formulare einrichten", 1)[1].split("\n## ", 1)[0]
    trigger = re.search(r"github\.event\.label\.name == '([^']+)'", WORKFLOW.read_text("utf-8")).group(1)
    labels = {trigger} | {load_file(ROOT / ".github/ISSUE_TEMPLATE" / name).data["labels"][0]
                          for name in ("eintrag.yml", "angebot.yml")}
    for label in labels:
        assert f"`{label}`" in section, label
    assert "Allow GitHub Actions to create and approve pull requests" in section
    assert "`STADTKARTE_TOKEN`" in section and "secrets.STADTKARTE_TOKEN" in WORKFLOW.read_text("utf-8")


# --- One input gate (issue 24): refusals write nothing and answer in German ----------------------

#: a street invented for these tests; a protected place's street must never land in a file or answer
SECRET_STREET = "Erfundene Gasse 99"
REFUSED_FIX = t("form.reply.refused_fix")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` and its bytes: compared before and after a refused request."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _protect_with(data: Path, word: str) -> None:
    """The protected fixture organisation says ``standort_oeffentlich: <word>`` (CONTRIBUTING allows ``nein``)."""
    path = data / "organisationen" / f"{PROTECTED}.yml"
    path.write_text(path.read_text("utf-8").replace("standort_oeffentlich: false", f"standort_oeffentlich: {word}"), "utf-8")


def refusal(reason: str) -> str:
    """The whole answer of a refused request with one reason."""
    return f"**Nicht übernommen.** Der Vorschlag wurde nicht in eine Datei übertragen:\n- {reason}\n\n{REFUSED_FIX}\n"


def _refused(data: Path, body: str, tmp_path: Path) -> str:
    """Run from-issue on a request that must be refused: exit 3, nothing written; the answer."""
    before = tree(data)
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert tree(data) == before
    assert SECRET_STREET not in answer and SECRET_STREET not in result.stdout
    return answer


@pytest.mark.parametrize("word", ["nein", "Nein", "„nein“", "NEIN"])
def test_change_form_cannot_publish_a_place_protected_with_nein(data: Path, tmp_path: Path, word: str) -> None:
    _protect_with(data, word)
    body = rendered(data, {"bestehender_eintrag": PROTECTED, "standort": t("form.standort.public"),
                           "strasse": SECRET_STREET, "plz": "71640", "ort": "Musterstadt", "einverstanden": "x"})
    answer = _refused(data, body, tmp_path)
    assert answer == refusal(
        "Dieser Ort ist geschützt und kann über das Formular nicht öffentlich gemacht werden. Bei „Standort“ "
        "nichts oder „geschützt“ wählen; soll der Ort wirklich öffentlich werden, wenden Sie sich bitte direkt an "
        "das Büro für Integration."
    )


def test_change_form_street_for_a_place_protected_with_nein(data: Path, tmp_path: Path) -> None:
    _protect_with(data, "nein")
    body = rendered(data, {"bestehender_eintrag": PROTECTED, "strasse": SECRET_STREET, "einverstanden": "x"})
    answer = _refused(data, body, tmp_path)
    assert answer == refusal(
        "Geschützte Orte stehen nur mit Postleitzahl, Ort und Stadtteil im Verzeichnis – bitte die Straße aus dem "
        "Issue löschen (Issue bearbeiten) und stattdessen den Stadtteil angeben."
    )


def test_offer_form_street_for_an_offer_of_an_organisation_protected_with_nein(data: Path, tmp_path: Path) -> None:
    _protect_with(data, "nein")
    offer = {"titel": "Gruppe am Abend", "organisation": PROTECTED, "art": "Beratung", "beschreibung": "Treffen.",
             "strasse": SECRET_STREET, "plz": "71640", "ort": "Musterstadt", "einverstanden": "x"}
    answer = _refused(data, rendered(data, offer, "angebot"), tmp_path)
    assert "- " + t("form.refuse.street_for_protected") + "\n" in answer
    assert not (data / "angebote").exists() or not list((data / "angebote").glob("*.yml"))


def test_offer_form_cannot_give_an_online_offer_of_a_protected_organisation_a_street(data: Path, tmp_path: Path) -> None:
    """The offer's own place inherits the organisation's protection (it says nothing of its own)."""
    (data / "angebote").mkdir(exist_ok=True)
    (data / "angebote" / "telefonberatung.yml").write_text(
        f"titel: Telefonberatung\norganisation: {PROTECTED}\nart: beratung\nbeschreibung: Am Telefon.\n"
        "ort: {online: true}\ngeprueft_am: 2026-10-14\n", "utf-8")
    assert run("validate", "--data", str(data), "--config", str(tmp_path / "none.yml"), cwd=tmp_path).returncode == 0
    body = rendered(data, {"bestehendes_angebot": "telefonberatung", "strasse": SECRET_STREET, "plz": "71640",
                           "ort": "Musterstadt", "kommune": "Musterstadt", "einverstanden": "x"}, "angebot")
    answer = _refused(data, body, tmp_path)
    assert "- " + t("form.refuse.street_for_protected") + "\n" in answer
    public = rendered(data, {"bestehendes_angebot": "telefonberatung", "standort": t("form.standort.public"),
                             "strasse": SECRET_STREET, "plz": "71640", "ort": "Musterstadt", "einverstanden": "x"},
                      "angebot")
    assert "- " + t("form.refuse.protected_to_public") + "\n" in _refused(data, public, tmp_path)


# --- Forms read what people see ------------------------------------------------------------------

HIDDEN_PHONE = "0170 0000000"


def _hidden(data: Path, closed: bool) -> str:
    """A visible "new Sprachcafé" request with the shelter's entry and a phone number in an HTML
    comment, which GitHub's issue view does not show."""
    visible = rendered(data, {"name": "Sprachcafé Nord", "kategorien": "Sprache/Bildung", "beschreibung": "Wir reden.",
                              "online": "x", "einverstanden": "x"})
    labels = {item.key: item.label for item in ORGANISATION_FORM}
    hidden = (f"<!--\n### {labels['bestehender_eintrag']}\n\n{PROTECTED}\n\n### {labels['telefon']}\n\n{HIDDEN_PHONE}\n"
              + ("-->\n" if closed else ""))
    return visible + "\n" + hidden


@pytest.mark.parametrize("closed", [True, False], ids=["comment", "unterminated-comment"])
def test_sections_inside_html_comments_change_nothing(data: Path, tmp_path: Path, closed: bool) -> None:
    shelter = data / "organisationen" / f"{PROTECTED}.yml"
    before = shelter.read_bytes()
    result, answer = from_issue(data, _hidden(data, closed), tmp_path)
    assert result.returncode == 0, result.stdout
    assert shelter.read_bytes() == before
    created = load_file(data / "organisationen" / "sprachcafe-nord.yml").data
    assert created["name"] == "Sprachcafé Nord" and "kontakt" not in created
    assert HIDDEN_PHONE not in answer and answer.startswith("Neue Datei angelegt: `")


def test_a_repeated_section_is_refused(data: Path, tmp_path: Path) -> None:
    label = next(item.label for item in ORGANISATION_FORM if item.key == "telefon")
    body = rendered(data, {"bestehender_eintrag": "sprachtreff-musterstadt", "telefon": "07141 1",
                           "einverstanden": "x"}) + f"\n### {label}\n\n07141 2\n"
    answer = _refused(data, body, tmp_path)
    assert answer == refusal(
        "Der Abschnitt „Telefon“ steht mehrmals im Issue-Text – bitte jeden Abschnitt nur einmal ausfüllen "
        "(Issue bearbeiten und die doppelten Abschnitte löschen)."
    )


# --- The answer lists every change, never a secret -----------------------------------------------


def test_answer_lists_each_changed_field_old_and_new(data: Path, tmp_path: Path) -> None:
    body = rendered(data, {"bestehender_eintrag": PROTECTED, "telefon": "07141 000120", "einverstanden": "x"})
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode == 0, result.stdout
    assert (
        "Geänderte Felder: `kontakt`.\nIm Einzelnen (vorher → nachher):\n"
        "- `kontakt.telefon`: „07141 000119“ → „07141 000120“\n"
        "- `geprueft_am`: „2026-10-14“ → „2026-11-23“\nAlle anderen Felder bleiben, wie sie sind.\n"
    ) in answer


def test_answer_never_shows_the_street_or_point_of_a_place_made_protected(data: Path, tmp_path: Path) -> None:
    path = data / "organisationen" / "sprachtreff-musterstadt.yml"
    path.write_text(path.read_text("utf-8").replace("Marktplatz 3", SECRET_STREET), "utf-8")
    body = rendered(data, {"bestehender_eintrag": "sprachtreff-musterstadt", "standort": t("form.standort.protected"),
                           "stadtteil": "Oststadt", "einverstanden": "x"})
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode in (0, 1), result.stdout
    hidden = "(geschützt, nicht angezeigt)"
    assert f"- `adresse.strasse`: {hidden} → (leer)\n" in answer
    assert f"- `koordinaten.lat`: {hidden} → (leer)\n- `koordinaten.lon`: {hidden} → (leer)\n" in answer
    assert "- `adresse.stadtteil`: (leer) → „Oststadt“\n" in answer
    assert "- `standort_oeffentlich`: (leer) → „nein“\n" in answer
    assert SECRET_STREET not in answer and "48.8967" not in answer and SECRET_STREET not in path.read_text("utf-8")


def test_answer_shows_a_name_only_with_consent(data: Path, tmp_path: Path) -> None:
    person = "Erfunden Beispielname"
    body = rendered(data, {"bestehender_eintrag": "sprachtreff-musterstadt", "ansprechperson": person,
                           "einverstanden": "x"})
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode == 0, result.stdout  # as before: the name is left out, with a note
    assert person not in answer and person not in (data / "organisationen" / "sprachtreff-musterstadt.yml").read_text("utf-8")
    body = rendered(data, {"bestehender_eintrag": "sprachtreff-musterstadt", "ansprechperson": person,
                           "ansprechperson_einverstanden": "x", "einverstanden": "x"})
    result, answer = from_issue(data, body, tmp_path)
    assert result.returncode == 0, result.stdout
    assert f"- `kontakt.ansprechperson.name`: (leer) → „{person}“\n" in answer


def test_a_new_entry_with_the_name_of_a_protected_one_gets_no_street(data: Path, tmp_path: Path) -> None:
    """The shelter proposed again as a "new" entry with a street: the validator only knows a
    duplicate name (an ordinary error, the file would be written and pushed); the gate refuses."""
    body = rendered(data, {"name": "Beratung für Frauen in Not", "kategorien": "Beratung", "beschreibung": "Hilfe.",
                           "strasse": SECRET_STREET, "plz": "71640", "ort": "Musterstadt", "einverstanden": "x"})
    twin = ("name: Gleicher Name wie beim geschützten Eintrag „frauenberatung-geschuetzt“ – ein geschützter Ort "
            "bekommt auch unter einem neuen Dateinamen keine Straße und keine Koordinaten: Straße und Koordinaten "
            "weglassen oder den bestehenden Eintrag „frauenberatung-geschuetzt“ ändern.")
    form_cannot_confirm = ("Über das Formular lässt sich eine geschützte Angabe nicht freigeben – das Büro für "
                           "Integration trägt so etwas nach Rücksprache mit der Einrichtung selbst im Pull Request ein.")
    assert _refused(data, body, tmp_path) == refusal(f"{twin} {form_cannot_confirm}")


@pytest.mark.slow
def test_end_to_end_refused_and_hidden_requests_leave_no_trace(tmp_path: Path) -> None:
    """Issue 24 end to end: the shelter says ``standort_oeffentlich: nein``. A request for its
    street, one with a repeated section and a "new Sprachcafé" with hidden sections go through
    ``from-issue`` → ``validate --base`` → build; then no file of the site, the data or the history
    holds the street or the hidden phone number."""
    project = _project(tmp_path)
    data = project / "data"
    _protect_with(data, "nein")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=project, check=True)
    street = rendered(data, {"bestehender_eintrag": PROTECTED, "standort": t("form.standort.public"),
                             "strasse": SECRET_STREET, "plz": "71640", "ort": "Musterstadt", "einverstanden": "x"})
    label = next(item.label for item in ORGANISATION_FORM if item.key == "strasse")
    repeated = rendered(data, {"bestehender_eintrag": PROTECTED, "einverstanden": "x"}) + f"\n### {label}\n\n{SECRET_STREET}\n"
    for body in (street, repeated):
        _refused(data, body, tmp_path)
    result, _ = from_issue(data, _hidden(data, closed=False), tmp_path)
    assert result.returncode == 0, result.stdout
    check = run("validate", "--data", "data", "--base", "HEAD", cwd=project)
    assert check.returncode == 0, check.stdout
    site = _build(project, tmp_path)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "Formular"], cwd=project, check=True)
    history = subprocess.run(["git", "log", "-p", "--all"], cwd=project, capture_output=True, check=True).stdout
    files = [p for folder in (site, data) for p in folder.rglob("*") if p.is_file()]
    assert len(files) > 50
    for secret in (SECRET_STREET, HIDDEN_PHONE):
        assert secret.encode() not in history
        assert [p for p in files if secret.encode() in p.read_bytes()] == []
    assert any(b"Sprachcaf\xc3\xa9 Nord" in p.read_bytes() for p in site.rglob("*.html"))


_LABELS = [item.label for item in ORGANISATION_FORM]
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).filter(lambda s: "-->" not in s)


@settings(max_examples=200, deadline=None)
@given(
    answers=st.lists(st.tuples(st.sampled_from(_LABELS), _TEXT), min_size=1, max_size=6, unique_by=lambda a: a[0]),
    hidden=st.lists(st.tuples(st.sampled_from(_LABELS), _TEXT), min_size=1, max_size=4),
    where=st.integers(min_value=0, max_value=6),
    closed=st.booleans(),
)
def test_hidden_sections_never_count(answers: list[tuple[str, str]], hidden: list[tuple[str, str]], where: int,
                                     closed: bool) -> None:
    """Whatever sections an HTML comment holds, and wherever it stands, the answers are those of
    the visible text (an unclosed comment hides everything after it, as on GitHub)."""
    sections = [f"### {label}\n\n{value.strip() or '_No response_'}\n" for label, value in answers]
    comment = "<!--\n" + "".join(f"### {label}\n\n{value}\n" for label, value in hidden) + ("-->\n" if closed else "")
    where = min(where, len(sections)) if closed else len(sections)
    visible_body = "\n".join(sections)
    body = "\n".join([*sections[:where], comment, *sections[where:]])
    assert parse_body(body) == parse_body(visible_body)
    assert "<!--" not in "".join(parse_body(body).values())
