"""The input gate: every writer checks what it is about to write with the checks of ``validate``
and writes nothing when it would publish a secret. Own small data (tests/fixtures/forms/daten)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stadtkarte import gate
from stadtkarte.i18n import t

from .conftest import TODAY

FIXTURE = Path(__file__).parent / "fixtures" / "forms" / "daten"
PROTECTED = "frauenberatung-geschuetzt"
#: invented for these tests
SECRET_STREET = "Erfundene Gasse 99"
PRIVACY_NOTE = ("Über das Formular lässt sich eine geschützte Angabe nicht freigeben – das Büro für Integration trägt "
                "so etwas nach Rücksprache mit der Einrichtung selbst im Pull Request ein.")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("word", "value"), [
    ("ja", True), ("Ja", True), ("„ja“", True), ("true", True), (True, True),
    ("nein", False), ("NEIN", False), ("„nein“", False), ("false", False), (False, False),
])
def test_yes_no_words_are_read_once_for_every_writer(word: object, value: bool) -> None:
    assert gate.flag(word) is value
    assert gate.protected({"standort_oeffentlich": word}) is not value


def test_flag_of_a_missing_or_wrong_value_is_the_default() -> None:
    assert gate.flag(None, True) is True and gate.flag("vielleicht", False) is False
    assert gate.said_yes("j") and gate.said_yes(" „Ja“ ") and not gate.said_yes("vielleicht")


def test_an_offer_inherits_the_protection_of_its_organisation() -> None:
    assert gate.protected({}, ("ort",), inherited=True)
    assert gate.protected({"ort": {"online": True}}, ("ort",), inherited=True)
    assert gate.protected({"ort": {"standort_oeffentlich": "ja"}}, ("ort",), inherited=True)
    assert not gate.protected({"ort": {"standort_oeffentlich": "ja", "standort_freigegeben": "ja"}}, ("ort",), inherited=True)
    assert not gate.protected({"ort": {"plz": "71640"}}, ("ort",), inherited=False)


def _protected_text(data: Path) -> str:
    return (data / "organisationen" / f"{PROTECTED}.yml").read_text("utf-8")


def test_a_street_for_a_protected_place_is_refused_and_nothing_is_written(data: Path) -> None:
    path = data / "organisationen" / f"{PROTECTED}.yml"
    text = _protected_text(data).replace('  plz: "71640"', f'  strasse: {SECRET_STREET}\n  plz: "71640"')
    before = tree(data)
    verdict = gate.check_file(path, text, data, TODAY)
    assert tree(data) == before
    assert verdict.refused and [p.rule for p in verdict.refusals] == ["protected_street"]
    assert [(p.file, p.line) for p in verdict.refusals] == [(path, 15)]
    assert verdict.reasons() == [f"adresse.strasse: {t('rule.protected_street')}. {PRIVACY_NOTE}"]
    assert all(SECRET_STREET not in reason for reason in verdict.reasons())


def test_a_protected_place_made_public_needs_the_confirmation(data: Path) -> None:
    path = data / "organisationen" / f"{PROTECTED}.yml"
    public = _protected_text(data).replace("standort_oeffentlich: false", "standort_oeffentlich: ja")
    verdict = gate.check_file(path, public, data, TODAY)
    assert [(p.rule, p.line, p.path) for p in verdict.refusals] == [("protected_made_public", 18, ("standort_oeffentlich",))]
    assert verdict.reasons() == [f"standort_oeffentlich: {t('rule.protected_made_public')}. {PRIVACY_NOTE}"]
    confirmed = public.replace("standort_oeffentlich: ja", "standort_oeffentlich: ja\nstandort_freigegeben: ja")
    assert not gate.check_file(path, confirmed, data, TODAY).refused


def test_a_name_without_consent_is_refused(data: Path) -> None:
    path = data / "organisationen" / "neu.yml"
    text = ("name: Neu\nkategorien: [beratung]\nbeschreibung: Hilfe.\nonline: true\n"
            "kontakt:\n  ansprechperson: {name: Erfunden Beispielname}\ngeprueft_am: 2026-10-14\n")
    verdict = gate.check_file(path, text, data, TODAY)
    assert [(p.rule, p.line) for p in verdict.refusals] == [("person_consent", 6)]
    assert not path.exists()


def test_ordinary_errors_are_problems_not_refusals(data: Path) -> None:
    path = data / "organisationen" / "neu.yml"
    text = "name: Neu\nkategorien: [beratung]\nbeschreibung: Hilfe.\nonline: true\nkontakt: {email: kaputt}\ngeprueft_am: 2026-10-14\n"
    verdict = gate.check_file(path, text, data, TODAY)
    assert not verdict.refused
    assert [p.format(data.parent) for p in verdict.problems] == [
        "data/organisationen/neu.yml:5:11: kontakt.email: „kaputt“ ist keine gültige E-Mail-Adresse – "
        "z. B. info@verein.de"]


def _branch(name: str, phone: str) -> str:
    """A new organisation file with a street (line 5)."""
    return (f"name: {name}\nkategorien: [beratung]\nbeschreibung: Hilfe.\nadresse:\n  strasse: {SECRET_STREET}\n"
            f'  plz: "71640"\n  ort: Musterstadt\n  kommune: musterstadt\nkontakt: {{telefon: "{phone}"}}\n'
            "geprueft_am: 2026-10-14\n")


@pytest.mark.parametrize(("name", "phone", "line", "what"), [
    ("Beratung für  Frauen in Not", "07141 1", 1, "Gleicher Name"),
    ("Zweigstelle", "07141-000-119", 9, "Gleiche Telefonnummer"),
])
def test_a_new_file_with_a_street_for_a_protected_organisation_is_refused(data: Path, name: str, phone: str,
                                                                          line: int, what: str) -> None:
    """The shelter under another file name (its name or phone number) gets no street."""
    path = data / "organisationen" / "zweigstelle.yml"
    verdict = gate.check_file(path, _branch(name, phone), data, TODAY)
    assert [(p.rule, p.line) for p in verdict.refusals] == [("protected_twin", line)]
    assert verdict.refusals[0].message == (
        f"{what} wie beim geschützten Eintrag „{PROTECTED}“ – ein geschützter Ort bekommt auch unter einem neuen "
        f"Dateinamen keine Straße und keine Koordinaten: Straße und Koordinaten weglassen oder den bestehenden "
        f"Eintrag „{PROTECTED}“ ändern")
    assert not gate.check_file(path, _branch("Zweigstelle", "07141 1"), data, TODAY).refused
