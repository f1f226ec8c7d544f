"""``stadtkarte datenschutz --historie`` names the commits that still hold a secret: a throw-away
git repository with invented secrets (a street, a point, a person's name) that commits add and
later remove, under a renamed file, in the cache and on a side branch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: invented at test time, never real-looking data of the sample
STREET = "Erfundene Gasse 99"
EXTRA = "Hinterhaus, 3. Stock"
PERSON = "Erfunda Beispielfrau"
POINT = (48.9123457, 9.1876543)
CACHED = (48.9345678, 9.1456789)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "stadtkarte.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@stadtkarte.test", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    )
    return done.stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "--short", "HEAD")


def _organisation(*, public: bool, person: str | None = None) -> str:
    place = f"  strasse: {STREET}\n  zusatz: {EXTRA}\n" if public else "  stadtteil: Oststadt\n"
    text = (
        "name: Erfundener Schutzraum\nkategorien: [beratung]\nbeschreibung: Ein erfundener Ort für diesen Test.\n"
        f"adresse:\n{place}  plz: \"71640\"\n  ort: Ludwigsburg\n  kommune: ludwigsburg\n"
    )
    text += f"koordinaten: {{lat: {POINT[0]}, lon: {POINT[1]}}}\n" if public else "standort_oeffentlich: false\n"
    text += 'kontakt:\n  telefon: "07141 999999"\n'
    if person:
        text += f"  ansprechperson:\n    name: {person}\n    einverstanden: nein\n"
    return text + "geprueft_am: 2026-01-01\n"


@pytest.fixture
def project(data_dir: Path) -> Path:
    repo = data_dir.parent
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "base")
    return repo


def test_a_clean_history_ends_0(project: Path) -> None:
    result = cli("datenschutz", "--historie", "--data", "data", cwd=project)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Keine Straße, kein genauer Punkt eines geschützten Orts und kein Name ohne "
                                    "Einverständnis in der Git-Geschichte (1 Commit geprüft, 0 Angaben gesucht)")


def test_commits_that_added_and_removed_secrets_are_named(project: Path) -> None:
    data = project / "data"
    entry = data / "organisationen" / "erfundener-schutzraum.yml"
    entry.write_text(_organisation(public=True, person=PERSON), "utf-8")
    cache = json.loads((data / "geocache.json").read_text("utf-8"))
    cache["erfundene gasse 99, 71640 ludwigsburg"] = {"lat": CACHED[0], "lon": CACHED[1], "source": "test"}
    (data / "geocache.json").write_text(json.dumps(cache, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    added = commit(project, "a public place")
    git(project, "checkout", "-q", "-b", "entwurf")
    (project / "notizen.txt").write_text(f"Treffpunkt: {STREET}\n", "utf-8")
    side = commit(project, "notes on a side branch")
    git(project, "checkout", "-q", "main")
    unrelated_file = data / "organisationen" / "internationaler-frauentreff.yml"
    unrelated_file.write_text(unrelated_file.read_text("utf-8") + "# geprüft\n", "utf-8")
    unrelated = commit(project, "an unrelated change")
    # the place becomes protected, under a new file name; the person is removed; the cache cleaned
    git(project, "mv", "data/organisationen/erfundener-schutzraum.yml", "data/organisationen/schutzraum.yml")
    (data / "organisationen" / "schutzraum.yml").write_text(_organisation(public=False), "utf-8")
    del cache["erfundene gasse 99, 71640 ludwigsburg"]
    (data / "geocache.json").write_text(json.dumps(cache, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    protected = commit(project, "protected now")
    assert cli("validate", "--data", "data", cwd=project).returncode == 0  # today's data is clean

    result = cli("datenschutz", "--historie", "--data", "data", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("Diese Commits enthalten noch Geheimnisse. Die Ausgabe nennt sie selbst: nicht in ein Issue, "
                        "einen Pull Request oder einen Chat kopieren.")
    today = " (heute data/organisationen/schutzraum.yml)"
    street = f"Straße eines heute geschützten Orts{today}: „{STREET}“"
    point = f"genauer Punkt eines heute geschützten Orts{today}: „48.9123…, 9.1876…“"
    cached = f"genauer Punkt eines heute geschützten Orts{today}: „48.9345…, 9.1456…“"
    extra = f"Adresszusatz eines heute geschützten Orts{today}: „{EXTRA}“"
    person = f"Name einer Ansprechperson ohne Einverständnis: „{PERSON}“"
    found = set()
    for line in lines[1:-1]:
        hash_, _, rest = line.split(" ", 2)
        found.add((hash_, *rest.split(": ", 1)))
    old_file = "data/organisationen/erfundener-schutzraum.yml"
    where = [(old_file, street), (old_file, point), (old_file, extra), (old_file, person),
             ("data/geocache.json", street), ("data/geocache.json", cached)]
    # the commit that added them and the one that removed them; the side branch's note
    expected = {(c, file_, what) for c in (added, protected) for file_, what in where} | {(side, "notizen.txt", street)}
    assert found == expected
    assert not any(line.startswith(unrelated) for line in lines)
    assert lines[-1].startswith("3 Commits enthalten Geheimnisse (13 Fundstellen) – so entfernen: README")


def test_a_consented_person_is_no_secret_and_a_removed_one_is(project: Path) -> None:
    """A name published with consent today is public; one that was published and removed is not."""
    path = project / "data" / "organisationen" / "internationaler-frauentreff.yml"
    original = path.read_text("utf-8")
    consented = "Erfundene Zustimmerin"
    withdrawn = "Erfundener Zurückzieher"
    current = "    name: Aylin Demir\n"  # the fixture's contact person, with consent
    assert current in original and "einverstanden: true" in original
    path.write_text(original.replace(current, f"    name: {withdrawn}\n"), "utf-8")
    first = commit(project, "a person with consent")
    path.write_text(original.replace(current, f"    name: {consented}\n"), "utf-8")
    second = commit(project, "consent withdrawn, another person")
    result = cli("datenschutz", "--historie", "--data", "data", cwd=project)
    assert result.returncode == 1
    assert consented not in result.stdout
    named = {line.split(" ")[0] for line in result.stdout.splitlines() if withdrawn in line}
    assert named == {first, second}
