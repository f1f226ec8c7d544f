"""Protection is inherited, publication is confirmed (:mod:`stadtkarte.protection`), and text
says what it shows (:func:`stadtkarte.models.hidden_character`).

The messages of each rule, with their lines, are golden cases (``tests/cases/protected-offer-*``,
``district-*``, ``hidden-*``); here: the rule itself, the confirmed case that must pass, and the
characters that are allowed.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stadtkarte.catalogue import load_catalogue
from stadtkarte.models import Organisation, Place, hidden_character
from stadtkarte.protection import place_is_public
from stadtkarte.publish import PublishOptions, publish
from stadtkarte.yamlsource import load_text

from .conftest import TODAY

AREA = {"plz": "71640", "ort": "Ludwigsburg", "kommune": "ludwigsburg"}


def organisation(**more: object) -> Organisation:
    return Organisation.model_validate({
        "name": "Test", "kategorien": ["beratung"], "beschreibung": "Test.", "adresse": AREA,
        "geprueft_am": "2025-10-24", **more})


def place(**more: object) -> Place:
    return Place.model_validate({"strasse": "Erfundene Gasse 99", **AREA, **more})


@pytest.mark.parametrize("word", [False, "nein", "Nein", "„nein“", "false"])
def test_every_spelling_of_no_protects_the_offers_of_an_organisation(word: object) -> None:
    shelter = organisation(standort_oeffentlich=word)
    assert not place_is_public(None, shelter)  # at the organisation's place
    assert not place_is_public(place(), shelter)  # a place of its own: inherited
    assert not place_is_public(place(standort_oeffentlich=True), shelter)  # said, not confirmed
    assert not place_is_public(place(standort_freigegeben="ja"), shelter)  # confirmed, not said
    assert not place_is_public(place(standort_oeffentlich="nein", standort_freigegeben="ja"), shelter)
    assert place_is_public(place(standort_oeffentlich="ja", standort_freigegeben="ja"), shelter)
    assert place_is_public(place(standort_oeffentlich=True, standort_freigegeben=True), shelter)


def test_a_public_organisation_leaves_the_place_to_the_offer() -> None:
    public = organisation(adresse={"strasse": "Marktplatz 1", **AREA})
    assert place_is_public(None, public) and place_is_public(place(), public)
    assert not place_is_public(place(standort_oeffentlich=False), public)
    assert place_is_public(place(), None) and not place_is_public(place(standort_oeffentlich=False), None)


def _offer(data: Path, name: str, ort: str) -> Path:
    path = data / "angebote" / f"{name}.yml"
    path.write_text(
        "titel: Testgruppe\norganisation: frauenschutz-beratung\nart: kurs\nbeschreibung: Eine Gruppe.\n"
        f"ort:\n{ort}geprueft_am: 2025-10-24\n", "utf-8")
    return path


def test_a_confirmed_place_of_an_offer_of_a_protected_organisation_is_valid_and_published(data_dir: Path) -> None:
    street = "Erfundene Gasse 99"
    confirmed = _offer(data_dir, "test-bestaetigt", f"  strasse: {street}\n  plz: \"71640\"\n  ort: Ludwigsburg\n"
                       "  kommune: ludwigsburg\n  koordinaten: {lat: 48.8971, lon: 9.1933}\n"
                       "  standort_oeffentlich: true\n  standort_freigegeben: ja\n")
    area = _offer(data_dir, "test-gebiet", "  stadtteil: Oststadt\n  plz: \"71640\"\n  ort: Ludwigsburg\n"
                  "  kommune: ludwigsburg\n")
    catalogue, problems = load_catalogue(data_dir, today=TODAY)
    assert [p.format() for p in problems if p.file in (confirmed, area)] == []
    view = publish(catalogue, PublishOptions(today=TODAY))
    shown = view.offers["test-bestaetigt"]
    assert (shown.place.street, shown.place.point.lat, shown.protected) == (street, 48.8971, False)
    # an area under a protected organisation needs no street and stays an area
    inherited = view.offers["test-gebiet"]
    assert inherited.protected and inherited.own_place and inherited.place.street is None
    assert inherited.place.district == "Oststadt" and inherited.source is None


@pytest.mark.parametrize("text", [
    "کورن\u200cوستهایم",  # Persian: the non-joiner inside a word (data/kommunen.yml)
    "می\u200cخواهم",
    "क्\u200dष",  # Devanagari: the joiner after a virama
    "\U0001F469\u200d\U0001F4BB",  # 👩‍💻
    "\U0001F3F3\ufe0f\u200d\U0001F308",  # 🏳️‍🌈
    "\U0001F9D1\U0001F3FD\u200d\U0001F4BB",  # with a skin tone
    "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",  # the flag of England
    "Zeilen\nund\tTabs", "Silben\u00adtrennung", "Café € „Zitat“ – Ende", "\u00a0",
])
def test_characters_that_belong_in_text_are_allowed(text: str) -> None:
    assert hidden_character(text) is None


@pytest.mark.parametrize(("text", "index", "char"), [
    ("Geheim\u200cweg", 6, "\u200c"),  # a non-joiner inside a Latin word hides it from a search
    ("Weg\u200d1", 3, "\u200d"),
    ("\u200d\U0001F4BB", 0, "\u200d"),  # a joiner with no emoji before it
    ("abc\u200e", 3, "\u200e"),  # LEFT-TO-RIGHT MARK
    ("Test\u202e", 4, "\u202e"), ("a\u2066b\u2069", 1, "\u2066"),
    ("a\u2060b", 1, "\u2060"), ("\ufeffa", 0, "\ufeff"), ("a\U000E0041", 1, "\U000E0041"),
    ("a\r", 1, "\r"), ("\x00", 0, "\x00"), ("a\x7f", 1, "\x7f"), ("\x85", 0, "\x85"), ("\x9b", 0, "\x9b"),
    ("\u3164", 0, "\u3164"), ("a\u2028", 1, "\u2028"), ("x\U000E0100", 1, "\U000E0100"),
])
def test_invisible_and_bidi_characters_are_found_with_their_index(text: str, index: int, char: str) -> None:
    assert hidden_character(text) == (index, char)


REFUSED = [*"\x00\x07\x1b\x7f\x85\x9b\u200b\u200c\u200d\u200e\u202a\u202e\u2060\u2066\u2069\ufeff\u2028"]


@given(st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=40),
       st.sampled_from(REFUSED), st.data())
def test_a_hidden_character_anywhere_in_latin_text_is_found_where_it_stands(text: str, char: str, data: st.DataObject) -> None:
    latin = "".join(ch for ch in text if ord(ch) < 0x0250)  # no script that may join its letters
    index = data.draw(st.integers(0, len(latin)))
    assert hidden_character(latin) is None
    assert hidden_character(latin[:index] + char + latin[index:]) == (index, char)


@given(st.text(st.characters(codec="utf-8", categories=["L", "M", "N", "Zs"]), min_size=1, max_size=30))
def test_any_text_loads_in_its_composed_form(text: str) -> None:
    decomposed = unicodedata.normalize("NFD", text).replace("\\", "").replace('"', "")
    loaded = load_text(Path("x.yml"), f'name: "{decomposed}"\n')
    assert loaded.ok
    assert loaded.data["name"] == unicodedata.normalize("NFC", decomposed)
