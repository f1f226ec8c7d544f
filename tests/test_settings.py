"""Settings in mkdocs.yml (extra.stadtkarte) are checked like data: one rule, one exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from stadtkarte.settings import check_settings, load_settings

HEAD = """site_name: Test
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  stadtkarte:
"""  # the settings below start on line 8, indented by four spaces


def check(tmp_path: Path, settings: str) -> list[str]:
    (tmp_path / "data").mkdir(exist_ok=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text(HEAD + settings, "utf-8")
    return [p.format(base=tmp_path) for p in check_settings(config)]


CASES = {
    "unknown-key-suggestion": (
        "    beispieldatn: nein\n",
        "mkdocs.yml:8:5: extra.stadtkarte.beispieldatn: unbekannte Einstellung – meinten Sie „beispieldaten“? "
        "Erlaubt sind hier: daten, beispieldaten, branch, vorlagen, geschuetzte_orte, redaktion_email, sprachen, karte, export, gebaerdensprache, geocoder"),
    "unknown-key": (
        "    schriftart: Arial\n",
        "mkdocs.yml:8:5: extra.stadtkarte.schriftart: unbekannte Einstellung – erlaubt sind hier: daten, beispieldaten, "
        "branch, vorlagen, geschuetzte_orte, redaktion_email, sprachen, karte, export, gebaerdensprache, geocoder"),
    "kachel-instead-of-kacheln": (
        "    karte:\n      kachel: https://tiles.example/{z}/{x}/{y}.png\n",
        "mkdocs.yml:9:7: extra.stadtkarte.karte.kachel: unbekannte Einstellung – meinten Sie „kacheln“? "
        "Erlaubt sind hier: kacheln, namensnennung, kacheln_eigene, einwilligung"),
    "flag": (
        "    beispieldaten: vielleicht\n",
        "mkdocs.yml:8:5: extra.stadtkarte.beispieldaten: „vielleicht“ ist weder ja noch nein – ja oder nein schreiben "
        "(auch true/false), z. B. „beispieldaten: nein“"),
    "section-not-mapping": (
        "    karte: ja\n",
        "mkdocs.yml:8:5: extra.stadtkarte.karte: hier gehören eingerückte Einstellungen darunter – z. B. „karte:“ "
        "und in der nächsten Zeile, zwei Leerzeichen weiter eingerückt, „kacheln_eigene: nein“"),
    "number": (
        "    geocoder:\n      min_delay_seconds: \"1,5\"\n",
        "mkdocs.yml:9:7: extra.stadtkarte.geocoder.min_delay_seconds: „1,5“ ist keine Zahl – eine Zahl ohne Einheit "
        "schreiben, mit Punkt statt Komma, z. B. „min_delay_seconds: 1.0“"),
    "whole-number": (
        "    geocoder:\n      max_retries: 2.5\n",
        "mkdocs.yml:9:7: extra.stadtkarte.geocoder.max_retries: „2.5“ ist keine ganze Zahl – z. B. „max_retries: 3“"),
    "text-not-list": (
        "    export:\n      namensnennung: [Stadt, Amt]\n",
        "mkdocs.yml:9:7: extra.stadtkarte.export.namensnennung: hier gehört ein einzelner Text hin, keine Liste und "
        "keine eingerückten Felder – z. B. „namensnennung: \"Stadt Musterstadt, Integrationsbüro\"“"),
    "choice": (
        "    geocoder:\n      provider: google\n",
        "mkdocs.yml:9:7: extra.stadtkarte.geocoder.provider: „google“ ist nicht vorgesehen – erlaubt sind: nominatim, "
        "photon, csv; z. B. „provider: nominatim“"),
    "protected-places": (
        "    geschuetzte_orte: ungefaehr\n",
        "mkdocs.yml:8:5: extra.stadtkarte.geschuetzte_orte: „ungefaehr“ ist nicht vorgesehen – erlaubt sind: "
        "bereich, keiner; z. B. „geschuetzte_orte: bereich“"),
    "folder": (
        "    daten: daten-der-stadt\n",
        "mkdocs.yml:8:5: extra.stadtkarte.daten: den Ordner „daten-der-stadt“ gibt es nicht – Pfad relativ zu "
        "mkdocs.yml angeben, z. B. „daten: data“"),
    "licence-id": (
        "    export:\n      lizenz: dl-de/by-2.0\n",
        "mkdocs.yml:9:7: extra.stadtkarte.export.lizenz: „dl-de/by-2.0“ ist keine bekannte Lizenzkennung – meinten "
        "Sie „dl-de/by-2-0“? Erlaubt: cc-by-4.0, cc0-1.0, dl-de/by-2-0, dl-de/zero-2-0; für eine andere Lizenz "
        "ihren Namen schreiben und darunter „lizenz_url: https://…“"),
    "licence-unknown-id": (
        "    export:\n      lizenz: odbl\n",
        "mkdocs.yml:9:7: extra.stadtkarte.export.lizenz: „odbl“ ist keine bekannte Lizenzkennung – erlaubt: "
        "cc-by-4.0, cc0-1.0, dl-de/by-2-0, dl-de/zero-2-0; für eine andere Lizenz ihren Namen schreiben und "
        "darunter „lizenz_url: https://…“"),
    "licence-name-without-url": (
        "    export:\n      lizenz: Open Database License\n",
        "mkdocs.yml:9:7: extra.stadtkarte.export.lizenz: für die Lizenz „Open Database License“ fehlt die Adresse "
        "des Lizenztexts – darunter „lizenz_url: https://…“ ergänzen oder eine Kennung wie „lizenz: cc-by-4.0“ "
        "verwenden"),
    "licence-url": (
        "    export:\n      lizenz: Open Database License\n      lizenz_url: opendatacommons.org/licenses/odbl/\n",
        "mkdocs.yml:10:7: extra.stadtkarte.export.lizenz_url: „opendatacommons.org/licenses/odbl/“ ist keine "
        "Webadresse – mit https:// beginnen, z. B. „lizenz_url: https://www.govdata.de/dl-de/by-2-0“"),
    "tiles-http": (
        "    karte:\n      kacheln: http://tiles.example/{z}/{x}/{y}.png\n",
        "mkdocs.yml:9:7: extra.stadtkarte.karte.kacheln: Kartenserver „http://tiles.example/{z}/{x}/{y}.png“: die "
        "Adresse muss mit https:// beginnen (sonst blockieren Browser die Kartenbilder) – z. B. "
        "„kacheln: https://tile.openstreetmap.org/{z}/{x}/{y}.png“"),
    "tiles-placeholders": (
        "    karte:\n      kacheln: https://tiles.example/{z}/{y}.png\n",
        "mkdocs.yml:9:7: extra.stadtkarte.karte.kacheln: Kartenserver „https://tiles.example/{z}/{y}.png“: es fehlt "
        "{x} – die Adresse braucht die Platzhalter {z}, {x} und {y}, z. B. "
        "„kacheln: https://tile.openstreetmap.org/{z}/{x}/{y}.png“"),
    "stadtkarte-not-mapping": (
        "    - daten\n",
        "mkdocs.yml:7:3: extra.stadtkarte: hier gehören eingerückte Einstellungen darunter – z. B. „stadtkarte:“ und "
        "in der nächsten Zeile, zwei Leerzeichen weiter eingerückt, „beispieldaten: nein“"),
    "editorial-email": (
        "    redaktion_email: integration(at)musterstadt.de\n",
        "mkdocs.yml:8:5: extra.stadtkarte.redaktion_email: „integration(at)musterstadt.de“ ist keine E-Mail-Adresse "
        "– die Adresse der Redaktion mit @ schreiben, z. B. „redaktion_email: integration@musterstadt.de“"),
    "sign-language-not-list": (
        "    gebaerdensprache: videos/dgs.mp4\n",
        "mkdocs.yml:8:5: extra.stadtkarte.gebaerdensprache: hier gehört eine Liste darunter, ein Eintrag je Zeile mit "
        "„- “ davor – z. B. „gebaerdensprache:“ und in der nächsten Zeile, zwei Leerzeichen weiter eingerückt, "
        "„- titel: Was steht auf dieser Website?“"),
    "sign-language-item-not-mapping": (
        "    gebaerdensprache:\n      - videos/dgs.mp4\n",
        "mkdocs.yml:9:9: extra.stadtkarte.gebaerdensprache[0]: ein Eintrag dieser Liste braucht eingerückte Angaben – "
        "z. B. „- titel: Was steht auf dieser Website?“ und darunter, gleich weit eingerückt wie „titel“: datei, "
        "groesse_mb, dauer"),
    "sign-language-missing": (
        "    gebaerdensprache:\n      - titel: Inhalt\n        datei: videos/dgs.mp4\n        dauer: \"2:30\"\n",
        "mkdocs.yml:9:9: extra.stadtkarte.gebaerdensprache[0]: hier fehlt „groesse_mb“ – darunter ergänzen, z. B. "
        "„groesse_mb: 24.5“"),
    "sign-language-file": (
        "    gebaerdensprache:\n      - titel: Inhalt\n        datei: ../videos/dgs.avi\n        groesse_mb: 12\n"
        "        dauer: \"2:30\"\n",
        "mkdocs.yml:10:9: extra.stadtkarte.gebaerdensprache[0].datei: „../videos/dgs.avi“ ist keine Videodatei – eine "
        "MP4- oder WebM-Datei im Ordner docs/ (ohne „/“ am Anfang) oder eine Adresse mit https:// angeben, z. B. "
        "„datei: videos/dgs-inhalte.mp4“"),
    "sign-language-duration": (
        "    gebaerdensprache:\n      - titel: Inhalt\n        datei: https://video.stadt.example/dgs.webm\n"
        "        groesse_mb: 12\n        dauer: 2 Minuten\n",
        "mkdocs.yml:12:9: extra.stadtkarte.gebaerdensprache[0].dauer: „2 Minuten“ ist keine Dauer – Minuten und "
        "Sekunden mit Doppelpunkt, in Anführungszeichen, z. B. „dauer: \"2:30\"“"),
    "sign-language-size": (
        "    gebaerdensprache:\n      - titel: Inhalt\n        datei: videos/dgs.mp4\n        groesse_mb: 12 MB\n"
        "        dauer: \"2:30\"\n",
        "mkdocs.yml:11:9: extra.stadtkarte.gebaerdensprache[0].groesse_mb: „12 MB“ ist keine Zahl – eine Zahl ohne "
        "Einheit schreiben, mit Punkt statt Komma, z. B. „groesse_mb: 24.5“"),
    "sign-language-unknown-key": (
        "    gebaerdensprache:\n      - titel: Inhalt\n        datei: videos/dgs.mp4\n        groesse_mb: 12\n"
        "        dauer: \"2:30\"\n        lange: 3\n",
        "mkdocs.yml:13:9: extra.stadtkarte.gebaerdensprache[0].lange: unbekannte Einstellung – erlaubt sind hier: "
        "titel, datei, groesse_mb, dauer"),
    "duplicate-key": (
        "    beispieldaten: ja\n    beispieldaten: nein\n",
        "mkdocs.yml:9:5: extra.stadtkarte.beispieldaten: Feld steht doppelt (zuerst in Zeile 8) – eines der beiden löschen"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_settings_rule_has_its_message_and_line(tmp_path: Path, case: str) -> None:
    settings, expected = CASES[case]
    assert check(tmp_path, settings) == [expected]


def test_the_defaults_and_the_fixture_settings_are_clean(tmp_path: Path) -> None:
    assert check(tmp_path, "    beispieldaten: true\n") == []
    from .conftest import FIXTURES

    (tmp_path / "mkdocs.yml").write_text((FIXTURES / "mkdocs.yml").read_text("utf-8"), "utf-8")
    assert check_settings(tmp_path / "mkdocs.yml") == []
    assert check_settings(tmp_path / "nicht-da.yml") == []


def test_syntax_error_is_reported_with_its_line(tmp_path: Path) -> None:
    assert check(tmp_path, "    beispieldaten: nein\n    vorlagen: [a, b\n") == [
        "mkdocs.yml:10:1: YAML-Syntaxfehler: Klammer nicht geschlossen – zu jedem [ gehört ein ], zu jedem { ein }"]


@pytest.mark.parametrize(("written", "banner"), [
    ("nein", False), ('"false"', False), ("false", False), ("Nein", False), ("no", False), ("aus", False),
    ("ja", True), ("true", True), ('"true"', True), ("", True),
])
def test_sample_data_banner_follows_german_yes_and_no(tmp_path: Path, written: str, banner: bool) -> None:
    assert check(tmp_path, f"    beispieldaten: {written}\n    karte:\n      kacheln_eigene: {written}\n") == []
    settings = load_settings(tmp_path / "mkdocs.yml")
    assert settings.sample_data is banner
    assert settings.map.own_tiles is (banner and written != "")
    assert settings.map.consent is not settings.map.own_tiles


@pytest.mark.parametrize(("karte", "consent"), [
    ("", True),  # the default: tiles from OpenStreetMap only after "Karte laden"
    ("      einwilligung: nein\n", True),  # alone it cannot switch the question off (a warning says so)
    ('      kacheln: "https://kacheln.stadt.example/{z}/{x}/{y}.png"\n      einwilligung: false\n', True),
    ("      kacheln_eigene: nein\n      einwilligung: nein\n", True),
    ("      kacheln_eigene: ja\n", False),  # the city's own tile server: no third party, the map loads at once
    ("      kacheln_eigene: ja\n      einwilligung: ja\n", True),  # asking all the same stays possible
])
def test_tiles_only_after_consent_unless_the_tile_server_is_the_citys_own(tmp_path: Path, karte: str,
                                                                           consent: bool) -> None:
    check(tmp_path, "    karte:\n" + karte if karte else "    beispieldaten: ja\n")
    assert load_settings(tmp_path / "mkdocs.yml").map.consent is consent


def test_consent_switched_off_for_another_tile_server_is_a_warning_at_its_line(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    check(tmp_path, '    karte:\n      kacheln: "https://kacheln.stadt.example/{z}/{x}/{y}.png"\n      einwilligung: nein\n')
    (problem,) = check_settings(config)
    assert problem.severity == "warnung"
    assert problem.format(base=tmp_path) == (
        "mkdocs.yml:10:7: Warnung: extra.stadtkarte.karte.einwilligung: Kacheln von fremdem Server nur nach "
        "Einwilligung – „einwilligung: nein“ gilt nur für einen eigenen Kartenserver der Stadt; bei "
        "kacheln.stadt.example fragt die Karte weiter erst mit „Karte laden“ (die IP-Adresse der Besuchenden ginge "
        "sonst ungefragt an diesen Server). Die Zeile löschen, oder, wenn der Kartenserver der Stadt selbst gehört, "
        "darunter „kacheln_eigene: ja“ ergänzen")
    assert check(tmp_path, "    karte:\n      kacheln_eigene: ja\n      einwilligung: nein\n") == []


def test_settings_outside_ours_are_not_judged_and_tags_never_run(tmp_path: Path) -> None:
    text = "site_name: Test\nanchor: &a {x: 1}\nalias: *a\nhooks: !ENV [HOOKS, none]\nextra:\n  stadtkarte:\n    daten: data\n"
    (tmp_path / "data").mkdir()
    (tmp_path / "mkdocs.yml").write_text(text, "utf-8")
    assert check_settings(tmp_path / "mkdocs.yml") == []


def test_validate_reports_settings_with_the_data(tmp_path: Path) -> None:
    import subprocess
    import sys

    from .conftest import FIXTURE_DATA

    check(tmp_path, "    karte:\n      kachel: https://tiles.example/{z}/{x}/{y}.png\n")
    (tmp_path / "data").rmdir()
    import shutil

    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    result = subprocess.run([sys.executable, "-m", "stadtkarte.cli", "validate"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("mkdocs.yml:9:7: extra.stadtkarte.karte.kachel: unbekannte Einstellung")
    assert result.stdout.splitlines()[-1].startswith("1 Fehler in 1 von ")


def test_sign_language_videos_are_read_with_their_duration(tmp_path: Path) -> None:
    """``dauer: 2:30`` without quotes is 150 for MkDocs' YAML 1.1 reader: it stays "2:30"."""
    settings = (
        "    gebaerdensprache:\n"
        "      - titel: Was steht auf dieser Website?\n        datei: videos/dgs-inhalte.mp4\n"
        "        groesse_mb: 24.5\n        dauer: 2:30\n"
        "      - titel: So benutzen Sie die Website\n        datei: https://video.stadt.example/dgs.webm\n"
        "        groesse_mb: 8\n        dauer: \"0:45\"\n"
    )
    assert check(tmp_path, settings) == []
    videos = load_settings(tmp_path / "mkdocs.yml").sign_language
    assert [(v.title, v.file, v.size_mb, v.duration, v.type, v.is_local) for v in videos] == [
        ("Was steht auf dieser Website?", "videos/dgs-inhalte.mp4", 24.5, "2:30", "video/mp4", True),
        ("So benutzen Sie die Website", "https://video.stadt.example/dgs.webm", 8.0, "0:45", "video/webm", False),
    ]


@pytest.mark.parametrize("written", ["stadtkarten", "Stadtkarte", "stadt_karte", "stadtkatre"])
def test_a_misspelt_settings_section_is_an_error_not_silent_defaults(tmp_path: Path, written: str) -> None:
    text = f"site_name: Test\nextra:\n  analytics: {{provider: none}}\n  {written}:\n    beispieldaten: nein\n"
    (tmp_path / "data").mkdir()
    (tmp_path / "mkdocs.yml").write_text(text, "utf-8")
    assert [p.format(base=tmp_path) for p in check_settings(tmp_path / "mkdocs.yml")] == [
        f"mkdocs.yml:4:3: extra.{written}: „{written}“ ist kein Abschnitt der Stadtkarte – meinten Sie „stadtkarte“? "
        "So gelten alle Einstellungen darunter nicht, sondern ihre Standardwerte (Beispieldaten-Hinweis, Lizenz, "
        "nur Deutsch); den Namen in „stadtkarte:“ ändern"]
    # other sections of extra (the theme's, a city's own) are not ours to judge
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nextra:\n  analytics: {provider: none}\n  stadt: x\n", "utf-8")
    assert check_settings(tmp_path / "mkdocs.yml") == []


def test_with_beispieldaten_nein_every_template_value_is_an_error_at_its_line(tmp_path: Path) -> None:
    """The city's own site: example domains, the template town, street and postcode left in
    mkdocs.yml (not in comments) or in docs/ are errors; with beispieldaten: ja they are fine."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "impressum.md").write_text(
        "# Impressum\n\nStadt Beispielstadt, Musterstraße 1, 00000 Beispielstadt,\nintegration@stadt.example.\n", "utf-8")
    (docs / "index.md").write_text("# Start\n\nTelefon 07141 000000, PLZ 71640\n", "utf-8")
    settings = ("    beispieldaten: nein\n    redaktion_email: integration@stadt.example  # integration@stadt.example\n"
                "    # kennung: https://integration.stadt.example/\n")
    message = ("„{}“ stammt aus der Vorlage – mit „beispieldaten: nein“ ist die Website die der Stadt: die eigene "
               "Angabe eintragen (Adresse, E-Mail, Domain, Postleitzahl), oder solange es noch Vorlage ist "
               "„beispieldaten: ja“ lassen")
    assert check(tmp_path, settings) == [
        "docs/impressum.md:3:7: " + message.format("Beispielstadt"),
        "docs/impressum.md:3:22: " + message.format("Musterstraße 1"),
        "docs/impressum.md:3:38: " + message.format("00000"),
        "docs/impressum.md:3:44: " + message.format("Beispielstadt"),
        "docs/impressum.md:4:1: " + message.format("integration@stadt.example"),
        "mkdocs.yml:9:22: " + message.format("integration@stadt.example"),
    ]
    assert check(tmp_path, settings.replace("beispieldaten: nein", "beispieldaten: ja")) == []


def test_env_tags_are_read_as_mkdocs_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``!ENV`` in mkdocs.yml: the first variable that is set, else the default (MkDocs' own
    rule), for the package's settings and for their check alike – never the tag's list as text."""
    text = ("site_name: Test\nsite_url: !ENV [SITE_URL, 'https://integration.musterstadt.de/']\nextra:\n  stadtkarte:\n"
            "    redaktion_email: !ENV [REDAKTION, STADT_MAIL, integration@musterstadt.de]\n"
            "    beispieldaten: !ENV BEISPIEL\n")
    (tmp_path / "data").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, "utf-8")
    for name in ("SITE_URL", "REDAKTION", "STADT_MAIL", "BEISPIEL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(config)
    assert settings.site_url == "https://integration.musterstadt.de/"  # was None
    assert settings.editorial_email == "integration@musterstadt.de"  # was "['REDAKTION', …]"
    assert settings.sample_data is True  # no variable, no default: the setting's own default
    assert check_settings(config) == []
    monkeypatch.setenv("SITE_URL", "https://www.musterstadt.de/integration/")
    monkeypatch.setenv("STADT_MAIL", "redaktion@musterstadt.de")
    monkeypatch.setenv("BEISPIEL", "false")
    settings = load_settings(config)
    assert settings.site_url == "https://www.musterstadt.de/integration/"
    assert settings.editorial_email == "redaktion@musterstadt.de" and settings.sample_data is False
    monkeypatch.setenv("REDAKTION", "keine-adresse")  # the first name wins, and is checked like any value
    assert load_settings(config).editorial_email == "keine-adresse"
    assert [p.format(base=tmp_path).split(": ")[0] for p in check_settings(config)] == ["mkdocs.yml:5:5"]
