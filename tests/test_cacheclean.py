"""The geocode cache keeps no street of a protected place: ``geocode`` removes keys no entry uses,
``validate`` fails while one is there. End to end with the real commands, the real geopy client
against the stub on 127.0.0.1, and a scan of every file of the project afterwards.

The secrets are invented at test time (a street and a point no fixture holds)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from werkzeug import Response

from stadtkarte import cacheclean
from stadtkarte.catalogue import load_catalogue

from . import privacy_catalogues as pc
from .conftest import FIXTURES, TODAY
from .geostub import Stub, json_response, nominatim_hit

USER_AGENT = "stadtkarte-tests (tests@stadtkarte.test)"
#: invented: a street and a house point that no fixture holds
STREET = "Erfundene Gasse 99"
POINT = (48.9123457, 9.1876543)
SLUG = "erfundener-schutzraum"
UNUSED = (
    "Geocode-Cache enthält eine Adresse, die kein Eintrag mehr nutzt – vielleicht die Straße eines inzwischen "
    "geschützten Orts; mit „stadtkarte geocode --aufraeumen“ entfernen und data/geocache.json committen"
)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_PROXY": "127.0.0.1,localhost"}
    return subprocess.run([sys.executable, "-m", "stadtkarte.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def _entry(street: str | None) -> str:
    place = f"  strasse: {street}\n" if street else "  stadtteil: Oststadt\n"
    flag = "" if street else "standort_oeffentlich: false\n"
    return (
        "name: Erfundener Schutzraum\nkategorien: [beratung]\nbeschreibung: Ein erfundener Ort für diesen Test.\n"
        f"adresse:\n{place}  plz: \"71640\"\n  ort: Ludwigsburg\n  kommune: ludwigsburg\n{flag}geprueft_am: 2026-01-01\n"
    )


def _secrets_in(root: Path) -> list[str]:
    """Every file below ``root`` that holds the street (in any spelling the cache uses) or the point."""
    needles = [" ".join(STREET.casefold().split()[:2]), f"{POINT[0]:.5f}"[:-1], f"{POINT[1]:.5f}"[:-1]]
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", "replace").casefold()
        found += [f"{path.relative_to(root)}: {needle}" for needle in needles if needle in text]
    return found


@pytest.fixture
def stub_server(httpserver_ipv4, monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    street_point = json_response(nominatim_hit(*POINT))

    def behave(number: int, seen) -> Response | None:  # noqa: ANN001, ARG001
        return street_point if seen.args.get("street") == STREET else None

    stub = Stub(behave=behave)
    httpserver_ipv4.expect_request("/search").respond_with_handler(stub.handler)
    return httpserver_ipv4, stub


def test_a_place_made_protected_leaves_no_street_or_point_in_any_file(data_dir: Path, stub_server) -> None:  # noqa: ANN001
    server, stub = stub_server
    project = data_dir.parent
    entry = data_dir / "organisationen" / f"{SLUG}.yml"
    geocode = ("geocode", "--data", "data", "--provider", "nominatim", "--domain", f"127.0.0.1:{server.port}",
               "--scheme", "http", "--user-agent", USER_AGENT, "--min-delay", "0", "--only", f"data/organisationen/{SLUG}.yml")
    assert _secrets_in(project) == []
    # a public place, geocoded: its street and house point are in the cache (the scan sees them)
    entry.write_text(_entry(STREET), "utf-8")
    first = cli(*geocode, cwd=project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert stub.requests[-1].args["street"] == STREET
    assert _secrets_in(project) == [
        "data/geocache.json: erfundene gasse", "data/geocache.json: 48.9123", "data/geocache.json: 9.1876",
        f"data/organisationen/{SLUG}.yml: erfundene gasse",
    ]
    assert cli("validate", "--data", "data", cwd=project).returncode == 0
    # the place becomes protected: the file names only its area, the cache still holds the street
    entry.write_text(_entry(None), "utf-8")
    assert _secrets_in(project) == ["data/geocache.json: erfundene gasse", "data/geocache.json: 48.9123",
                                    "data/geocache.json: 9.1876"]
    cache_lines = (data_dir / "geocache.json").read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(cache_lines, start=1) if line.startswith(' "erfundene gasse 99'))
    refused = cli("validate", "--data", "data", cwd=project)
    assert refused.returncode == 1
    assert f"data/geocache.json:{number}:2: {UNUSED}" in refused.stdout.splitlines()
    assert "erfundene" not in refused.stdout.casefold()  # the message never shows the secret
    # geocode cleans the cache; the area is known already (the fixture's shelter is in Oststadt)
    second = cli(*geocode, cwd=project)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Geocode-Cache aufgeräumt: 1 Adresse, die kein Eintrag mehr nutzt, aus data/geocache.json entfernt" in second.stdout
    assert "erfundene" not in second.stdout.casefold()
    assert len(stub.requests) == 1
    assert _secrets_in(project) == []
    assert cli("validate", "--data", "data", cwd=project).returncode == 0


def test_cleaning_only_sends_nothing_and_a_dry_run_writes_nothing(data_dir: Path) -> None:
    cache_path = data_dir / "geocache.json"
    cache = json.loads(cache_path.read_text("utf-8"))
    cache["erfundene gasse 99, 71640 ludwigsburg"] = {"lat": POINT[0], "lon": POINT[1], "source": "test"}
    cache_path.write_text(json.dumps(cache, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    before = cache_path.read_bytes()
    dry = cli("geocode", "--data", "data", "--aufraeumen", "--dry-run", cwd=data_dir.parent)
    assert dry.returncode == 0 and dry.stdout.splitlines() == [
        "Probelauf: 1 Adresse würde aus dem Geocode-Cache entfernt (kein Eintrag nutzt sie mehr)"
    ]
    assert cache_path.read_bytes() == before
    # no provider settings at all: cleaning needs no network
    done = cli("geocode", "--data", "data", "--aufraeumen", cwd=data_dir.parent)
    assert done.returncode == 0, done.stderr
    del cache["erfundene gasse 99, 71640 ludwigsburg"]
    assert json.loads(cache_path.read_text("utf-8")) == cache
    again = cli("geocode", "--data", "data", "--aufraeumen", cwd=data_dir.parent)
    assert again.stdout.splitlines() == ["Geocode-Cache: nichts aufzuräumen – jede Adresse in data/geocache.json nutzt ein Eintrag"]


def test_a_protected_area_and_a_hidden_entry_keep_their_keys(data_dir: Path) -> None:
    """Only keys of no entry go: a protected place's area key stays, and so does the address of
    an entry that is not published (``sichtbar: false``) or has hand-set coordinates."""
    catalogue, _ = load_catalogue(data_dir, today=TODAY)
    used = cacheclean.used_keys(catalogue)
    assert "oststadt, 71640 ludwigsburg" in used  # the sample shelter's area
    hidden = [e for e in catalogue.organisations.values() if not e.model.visible and e.model.address]
    assert hidden and all(cacheclean.lookup_address(catalogue, e) is not None for e in hidden)
    assert cacheclean.unused_keys(catalogue, catalogue.geocache) == []


@pytest.mark.parametrize("cache", sorted(FIXTURES.rglob("geocache.json")), ids=lambda p: p.parent.name)
def test_fixture_caches_hold_no_unused_key(cache: Path) -> None:
    catalogue, _ = load_catalogue(cache.parent, today=TODAY)
    assert cacheclean.problems(catalogue) == []


def _house_csv(path: Path, rows: list[str]) -> None:
    path.write_text("strasse;hausnummer;plz;ort;lat;lon\n" + "".join(f"{row}\n" for row in rows), "utf-8")


def test_a_small_house_coordinates_file_in_the_repository_with_unknown_addresses_fails(data_dir: Path) -> None:
    """A CSV made of the directory's own addresses plus one more (an invented protected street)."""
    project = data_dir.parent
    catalogue, _ = load_catalogue(data_dir, today=TODAY)
    frauentreff = catalogue.organisations["internationaler-frauentreff"].model.address
    known = f"{frauentreff.street};;{frauentreff.postcode};{frauentreff.town};48,90;9,19"
    _house_csv(project / "haeuser.csv", [known, f"{STREET.rsplit(' ', 1)[0]};99;71640;Ludwigsburg;48,91;9,18"])
    (project / "mkdocs.yml").write_text("extra:\n  stadtkarte:\n    geocoder:\n      provider: csv\n      csv: haeuser.csv\n", "utf-8")
    result = cli("validate", "--data", "data", cwd=project)
    assert result.returncode == 1
    assert (
        "haeuser.csv:3:1: Hauskoordinaten-Datei im Repository enthält in dieser Zeile eine Adresse, die kein Eintrag "
        "nutzt – vielleicht die eines geschützten Orts; die vollständige amtliche Datei nehmen oder die Datei außerhalb "
        "des Repositorys ablegen, z. B. geocoder: {csv: ../hauskoordinaten.csv}"
    ) in result.stdout.splitlines()
    assert "haeuser.csv:2:" not in result.stdout  # the directory's own public address is no secret
    assert "erfundene" not in result.stdout.casefold()


def test_house_coordinates_outside_the_repository_or_complete_are_fine(data_dir: Path, tmp_path: Path) -> None:
    project = data_dir.parent / "projekt"
    project.mkdir()
    data = project / "data"
    data_dir.rename(data)
    invented = f"{STREET.rsplit(' ', 1)[0]};99;71640;Ludwigsburg;48,91;9,18"
    _house_csv(tmp_path / "aussen.csv", [invented])
    config = project / "mkdocs.yml"
    config.write_text("extra:\n  stadtkarte:\n    geocoder:\n      provider: csv\n      csv: ../aussen.csv\n", "utf-8")
    assert cli("validate", "--data", "data", cwd=project).returncode == 0
    # a complete official file in the repository: thousands of rows, one among them is no tell
    _house_csv(project / "amtlich.csv", [f"Musterweg;{n};71640;Ludwigsburg;48,9;9,2" for n in range(1, 1001)] + [invented])
    config.write_text("extra:\n  stadtkarte:\n    geocoder:\n      provider: csv\n      csv: amtlich.csv\n", "utf-8")
    assert cli("validate", "--data", "data", cwd=project).returncode == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(pc.specs(max_organisations=3))
def test_places_made_protected_after_geocoding_leave_no_street_in_the_cleaned_cache(spec: pc.Spec) -> None:
    """Random catalogues: first every place public and geocoded (the cache holds each street),
    then the spec's places protected; after cleaning, no street of a protected place is left
    and every public organisation's geocoded street still is."""
    before = copy.deepcopy(spec)
    for org in before.organisations:
        for place in [org.place, *(offer.place for offer in org.offers)]:
            if place is not None:
                place.protected, place.geocoded = False, True
    with tempfile.TemporaryDirectory() as tmp:
        pc.write_files(before, Path(tmp) / "vorher")
        data = Path(tmp) / "data"
        pc.write_files(spec, data)
        old = json.loads((Path(tmp) / "vorher" / "geocache.json").read_text("utf-8"))
        cache = {**old, **json.loads((data / "geocache.json").read_text("utf-8"))}
        (data / "geocache.json").write_text(json.dumps(cache, indent=1, sort_keys=True), "utf-8")
        catalogue, _ = load_catalogue(data, today=TODAY)
        assert cacheclean.problems(catalogue) != [] or not _protected_markers(spec)
        cacheclean.clean(catalogue, catalogue.geocache)
        catalogue.geocache.save()
        text = (data / "geocache.json").read_text("utf-8").casefold()
        assert [m for m in _protected_markers(spec) if pc.street(m).casefold() in text] == []
        public = [org.marker for org in spec.organisations if org.place and not org.place.protected]
        assert [m for m in public if pc.street(m).casefold() not in text] == []
        assert cacheclean.problems(load_catalogue(data, today=TODAY)[0]) == []


def _protected_markers(spec: pc.Spec) -> list[str]:
    """The markers of places that say ``standort_oeffentlich: false`` themselves."""
    found = []
    for org in spec.organisations:
        found += [org.marker] if org.place and org.place.protected else []
        found += [o.marker for o in org.offers if o.place and o.place.protected and not o.online]
    return found
