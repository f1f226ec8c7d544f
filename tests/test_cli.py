"""The ``stadtkarte`` command as editors and CI run it: a real subprocess, real files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from stadtkarte.i18n import t

from .conftest import ROOT, FIXTURE_DATA

CASES = Path(__file__).parent / "cases"


def run(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "stadtkarte.cli", *args],
        cwd=cwd, capture_output=True, text=True, env=env, input=stdin, timeout=120,
    )


def test_fixture_data_validates_clean() -> None:
    result = run("validate", "--data", str(FIXTURE_DATA))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("OK: 81 Dateien geprüft (32 Organisationen, 47 Angebote), keine Fehler")
    assert result.stderr == ""


def _broken_data(tmp_path: Path) -> Path:
    """Sample data plus one broken file from each of several golden cases."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    for number, case in enumerate(["everything-at-once", "yaml-tab-indent", "yaml-unclosed-quote", "unknown-organisation"]):
        for file in (CASES / case).rglob("*.yml"):
            rel = file.relative_to(CASES / case)
            shutil.copyfile(file, data / rel.parent / f"kaputt-{number}.yml")
    (data / "organisationen" / "latin1.yml").write_bytes(b"name: Gr\xfcn\n")
    return data


def test_broken_folder_exit_1_one_line_per_problem_every_file_named(tmp_path: Path) -> None:
    data = _broken_data(tmp_path)
    result = run("validate", "--data", str(data), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    problems, summary = lines[:-1], lines[-1]
    assert all(re.match(r"^data/(organisationen|angebote)/[\w.-]+\.yml:\d+:\d+: ", line) for line in problems), problems
    errors = [line for line in problems if ": Hinweis: " not in line]
    assert {line.split(":")[0] for line in errors} == {
        "data/organisationen/kaputt-0.yml", "data/organisationen/kaputt-1.yml",
        "data/organisationen/kaputt-2.yml", "data/angebote/kaputt-3.yml", "data/organisationen/latin1.yml",
    }
    assert summary == f"{len(errors)} Fehler in 5 von 86 Dateien, Hinweise: 1"


def test_github_format_is_annotation_syntax(tmp_path: Path) -> None:
    data = _broken_data(tmp_path)
    result = run("validate", "--data", str(data), "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations
    pattern = re.compile(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+::.+$")
    assert all(pattern.match(line) for line in annotations), annotations
    assert "::error file=data/organisationen/kaputt-1.yml,line=6,col=1::Tabulator in der Einrückung" in result.stdout


def test_validate_only_named_files(tmp_path: Path) -> None:
    data = _broken_data(tmp_path)
    result = run("validate", "--data", str(data), str(data / "organisationen" / "kaputt-1.yml"), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # the named file's problems first; the other files' errors follow under their count
    split = next(i for i, line in enumerate(lines) if not line.startswith("data/organisationen/kaputt-1.yml:"))
    assert split > 0
    others = lines[split:-2]
    assert lines[-2] == f"{len(others)} Fehler in anderen Dateien, die von dieser Änderung abhängen"
    assert {line.split(":")[0] for line in others} == {
        "data/organisationen/kaputt-0.yml", "data/organisationen/kaputt-2.yml", "data/angebote/kaputt-3.yml",
        "data/organisationen/latin1.yml",
    }


def test_missing_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run("validate", "--data", str(tmp_path / "nichts"), cwd=tmp_path)
    assert result.returncode == 2
    assert "nicht gefunden" in result.stderr and "Traceback" not in result.stderr


def test_new_organisation_from_flags_validates(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    result = run(
        "new", "organisation", "--data", str(data), "--name", "Café Zusammen e. V.", "--kategorie", "engagement",
        "--strasse", "Seestraße 26", "--plz", "71638", "--ort", "Ludwigsburg", "--kommune", "ludwigsburg",
        cwd=tmp_path, stdin="",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    path = data / "organisationen" / "cafe-zusammen-e-v.yml"
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/organisation.schema.json\n")
    assert 'name: "Café Zusammen e. V."' in text
    # the description is a question to answer: until it is, the file must not be published
    check = run("validate", "--data", str(data), cwd=tmp_path)
    assert check.returncode == 1
    assert "cafe-zusammen-e-v.yml:7:1: beschreibung: Platzhalter „TODO“" in check.stdout
    path.write_text(text.replace("TODO: In zwei bis drei Sätzen", "Wir treffen uns. In zwei Sätzen").replace(
        "Was machen Sie, für wen, wie erreicht man Sie?", "Für alle, dienstags."), "utf-8")
    check = run("validate", "--data", str(data), cwd=tmp_path)
    assert check.returncode == 0, check.stdout


def test_new_from_a_pipe_that_ends_writes_nothing_instead_of_an_online_entry(tmp_path: Path) -> None:
    """The answers run out before "Straße": that is no answer, not "no street" (which meant online)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    before = sorted(p.name for p in (data / "organisationen").iterdir())
    result = run("new", "organisation", "--data", str(data), cwd=tmp_path, stdin="Café Zusammen e. V.\nengagement\n")
    assert result.returncode == 2
    assert sorted(p.name for p in (data / "organisationen").iterdir()) == before
    question = t("cli.ask_street")
    assert result.stderr.strip().endswith(t("cli.input_ended", prompt=question)), result.stderr


def test_new_online_offer_from_flags_validates(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    result = run(
        "new", "angebot", "--data", str(data), "--name", "Sprachcafé am Freitag", "--kategorie", "sprache-bildung",
        "--organisation", "sprachtreff-west", "--art", "sprachcafe", "--slug", "sprachcafe-freitag",
        cwd=tmp_path, stdin="",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    path = data / "angebote" / "sprachcafe-freitag.yml"
    check = run("validate", "--data", str(data), cwd=tmp_path)
    assert check.returncode == 1 and "sprachcafe-freitag.yml:9:1: beschreibung: Platzhalter „TODO“" in check.stdout
    text = path.read_text("utf-8")
    path.write_text(text.replace("TODO: Was passiert beim Angebot, für wen ist es, was muss man mitbringen?",
                                 "Wir sprechen Deutsch beim Kaffee."), "utf-8")
    assert run("validate", "--data", str(data), cwd=tmp_path).returncode == 0


def test_new_refuses_unknown_category_and_existing_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    bad = run("new", "organisation", "--data", str(data), "--name", "X", "--kategorie", "sport", cwd=tmp_path, stdin="")
    assert bad.returncode == 2
    assert "„sport“ passt nicht – erlaubt: arbeit, beratung" in bad.stderr
    again = run(
        "new", "organisation", "--data", str(data), "--name", "X", "--kategorie", "beratung",
        "--slug", "schuldnerberatung", cwd=tmp_path, stdin="\n",  # an empty line: no street (online)
    )
    assert again.returncode == 1 and "gibt es schon" in again.stderr


def test_schema_check_passes_on_committed_schemas() -> None:
    result = run("schema", "--check")
    assert result.returncode == 0, result.stdout


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_new_refuses_a_street_for_a_protected_organisation_under_another_file_name(tmp_path: Path) -> None:
    """Issue 24: ``new`` goes through the input gate; the protected organisation's name with a
    street in a new file would publish its place: exit 3, nothing written, the reason in German."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    before = _tree(data)
    street = "Erfundene Gasse 99"  # invented
    result = run(
        "new", "organisation", "--data", str(data), "--name", "Beratung für Frauen in Not (Beispiel)",
        "--kategorie", "beratung", "--strasse", street, "--plz", "71640", "--ort", "Ludwigsburg",
        "--kommune", "ludwigsburg", "--slug", "frauenberatung-neu", cwd=tmp_path, stdin="",
    )
    assert result.returncode == 3, result.stdout + result.stderr
    assert _tree(data) == before
    assert result.stdout == "" and street not in result.stderr
    assert result.stderr.splitlines() == [
        "Nichts geschrieben – die neue Datei würde eine geschützte Angabe veröffentlichen:",
        "data/organisationen/frauenberatung-neu.yml:3:1: name: Gleicher Name wie beim geschützten Eintrag "
        "„frauenschutz-beratung“ – ein geschützter Ort bekommt auch unter einem neuen Dateinamen keine Straße und "
        "keine Koordinaten: Straße und Koordinaten weglassen oder den bestehenden Eintrag „frauenschutz-beratung“ "
        "ändern"]


def test_geocode_asks_and_caches_nothing_while_the_data_holds_a_secret(tmp_path: Path) -> None:
    """Issue 24: ``geocode`` goes through the input gate. A protected place with a street (an
    error ``validate`` reports) is neither looked up nor cached: exit 3, the cache unchanged."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    street = "Erfundene Gasse 99"  # invented
    path = data / "organisationen" / "frauenschutz-beratung.yml"
    path.write_text(path.read_text("utf-8").replace("  stadtteil: Oststadt\n", f"  strasse: {street}\n"), "utf-8")
    (tmp_path / "haeuser.csv").write_text(f"strasse;plz;ort;lat;lon\n{street};71640;Ludwigsburg;48.9;9.2\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    before = _tree(data)
    result = run("geocode", "--config", str(tmp_path / "mkdocs.yml"), "--data", str(data), "--provider", "csv",
                 "--csv", "haeuser.csv", cwd=tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert _tree(data) == before
    assert result.stderr.splitlines() == [
        "Kein Geocoding: die Daten enthalten geschützte Angaben, die nicht veröffentlicht werden dürfen – nichts wurde "
        "abgefragt oder in den Cache geschrieben. Erst diese Stellen korrigieren, dann „stadtkarte geocode“ noch "
        "einmal ausführen:",
        "data/organisationen/frauenschutz-beratung.yml:16:3: adresse.strasse: Straße entfernen – geschützte Orte "
        "stehen nur mit PLZ/Ort bzw. Stadtteil im Verzeichnis, z. B. {plz: \"71640\", ort: Ludwigsburg, stadtteil: "
        "Oststadt, kommune: ludwigsburg}"]
