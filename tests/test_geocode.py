"""Geocoding with the real geopy Nominatim and Photon clients against a stub on 127.0.0.1.

No test reaches the internet: the clients are pointed at a local server that answers like the
services do, including 429 with Retry-After, 500, hangs past the timeout and broken JSON.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from werkzeug import Response

from stadtkarte import geocode
from stadtkarte.catalogue import load_catalogue
from stadtkarte.geo import coarsen, distance_km
from stadtkarte.geocache import GeoCache
from stadtkarte.models import Coordinates
from stadtkarte.settings import GeocoderSettings

from .conftest import FIXTURE_DATA, FIXTURES, ROOT, TODAY
from .geostub import Stub, hang, json_response, nominatim_hit, photon_hit

USER_AGENT = "stadtkarte-tests (tests@stadtkarte.test)"


@pytest.fixture
def server(httpserver_ipv4, monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return httpserver_ipv4


@pytest.fixture
def fresh(data_dir: Path) -> Path:
    """Sample data with an empty geocode cache: every address must be looked up."""
    (data_dir / "geocache.json").unlink()
    return data_dir


def serve(server, stub: Stub) -> GeocoderSettings:  # noqa: ANN001
    path = "/search" if stub.kind == "nominatim" else "/api"
    server.expect_request(path).respond_with_handler(stub.handler)
    return GeocoderSettings(
        provider=stub.kind, domain=f"127.0.0.1:{server.port}", scheme="http", user_agent=USER_AGENT,
        timeout_seconds=0.5,
    )


def geocode_once(data: Path, settings: GeocoderSettings, **politeness) -> tuple[geocode.Report, GeoCache]:  # noqa: ANN003
    catalogue, _ = load_catalogue(data, today=TODAY)
    provider = geocode.make_provider(settings, data.parent)
    options = {"min_delay": 0.0, "max_retries": 2, "backoff": 0.01, **politeness}
    report = geocode.run(catalogue, provider, catalogue.geocache, politeness=geocode.Politeness(**options), today=TODAY)
    return report, catalogue.geocache


def geocode_frauentreff(server, fresh: Path, stub: Stub, **politeness) -> tuple[geocode.Report, object]:  # noqa: ANN001, ANN003
    """Geocode only the Frauentreff's address with the given politeness."""
    only = [fresh / "organisationen" / "internationaler-frauentreff.yml"]
    catalogue, _ = load_catalogue(fresh, today=TODAY)
    provider = geocode.make_provider(serve(server, stub), fresh.parent)
    report = geocode.run(catalogue, provider, catalogue.geocache, only=only, politeness=geocode.Politeness(**politeness))
    return report, catalogue


def test_all_found_saved_and_second_run_sends_nothing(server, fresh: Path) -> None:  # noqa: ANN001
    stub = Stub()
    settings = serve(server, stub)
    report, _ = geocode_once(fresh, settings)
    targets = len(report.found)
    assert targets == 30 and report.failed == [] and report.suspicious == [] and report.requests == 30
    saved = json.loads((fresh / "geocache.json").read_text("utf-8"))
    assert len(saved) == 30 and all(v["source"] == "nominatim" and v["kind"] == "house" for v in saved.values())
    # the build now has coordinates for every visible place
    _, problems = load_catalogue(fresh, today=TODAY)
    assert [p for p in problems if "keine Koordinaten" in p.message] == []
    before = len(stub.requests)
    again, _ = geocode_once(fresh, settings)
    assert len(stub.requests) == before and again.requests == 0 and len(again.cached) == 30


def test_nominatim_request_is_structured_limited_to_germany_and_biased(server, fresh: Path) -> None:  # noqa: ANN001
    stub = Stub()
    report, _ = geocode_once(fresh, serve(server, stub))
    first = stub.requests[0].args
    assert first["countrycodes"] == "de" and first["country"] == "Deutschland"
    assert {"street", "postalcode", "city", "viewbox"} <= set(first)
    assert "bounded" not in first  # a bias, not a limit: a wrong municipality slug still finds the house
    assert server.log[0][0].headers["User-Agent"] == USER_AGENT


def test_requests_are_spaced_by_the_minimum_delay(server, fresh: Path) -> None:  # noqa: ANN001
    """On a virtual clock that only the politeness' sleep moves: each request reaches the
    geocoder at least ``min_delay`` after the one before (no timing threshold on a busy machine)."""
    now = [1000.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    stub = Stub(clock=lambda: now[0])
    settings = serve(server, stub)
    only = sorted((fresh / "organisationen").glob("*.yml"))[:4]
    catalogue, _ = load_catalogue(fresh, today=TODAY)
    provider = geocode.make_provider(settings, fresh.parent)
    politeness = geocode.Politeness(min_delay=7.0, sleep=sleep, clock=lambda: now[0])
    geocode.run(catalogue, provider, catalogue.geocache, politeness=politeness, only=only)
    times = [seen.at for seen in stub.requests]
    assert len(times) >= 3
    assert [b - a for a, b in zip(times, times[1:])] == [7.0] * (len(times) - 1)
    assert slept == [7.0] * (len(times) - 1)


def test_429_with_retry_after_is_waited_for_then_retried(server, fresh: Path) -> None:  # noqa: ANN001
    stub = Stub(behave=lambda n, s: json_response({"error": "slow down"}, 429, {"Retry-After": "1"}) if n == 1 else None)
    report, _ = geocode_frauentreff(server, fresh, stub, min_delay=0.0, max_retries=2, backoff=0.01)
    assert len(report.found) == 1 and report.requests == 2
    assert stub.requests[1].at - stub.requests[0].at >= 0.99


def test_500_is_retried_with_backoff(server, fresh: Path) -> None:  # noqa: ANN001
    stub = Stub(behave=lambda n, s: json_response({"error": "boom"}, 500) if n <= 2 else None)
    report, _ = geocode_frauentreff(server, fresh, stub, min_delay=0.0, max_retries=3, backoff=0.1)
    assert len(report.found) == 1 and report.requests == 3
    gaps = [b.at - a.at for a, b in zip(stub.requests, stub.requests[1:])]
    assert gaps[0] >= 0.09 and gaps[1] >= 0.19  # 0.1 s, then 0.2 s


@pytest.mark.parametrize(
    ("behave", "reason"),
    [
        (lambda n, s: hang(1.2), "keine Antwort in der erlaubten Zeit"),
        (lambda n, s: Response("{not json", content_type="application/json"), "unverständliche Antwort des Dienstes"),
        (lambda n, s: json_response({"error": "down"}, 503), "der Dienst meldet eine Störung (HTTP 503)"),
    ],
    ids=["hang-past-timeout", "malformed-json", "503"],
)
def test_failures_are_reported_not_raised(server, fresh: Path, behave, reason: str) -> None:  # noqa: ANN001
    stub = Stub(behave=behave)
    report, catalogue = geocode_frauentreff(server, fresh, stub, min_delay=0.0, max_retries=1, backoff=0.01)
    assert report.found == [] and report.requests == 2  # one try, one retry
    [(target, why)] = report.failed
    assert why.startswith(reason)
    [problem] = report.problems(catalogue)
    assert problem.format(base=fresh).startswith(
        "organisationen/internationaler-frauentreff.yml:24:1: adresse: „Wilhelmstraße 12, 71638 Ludwigsburg“: " + reason
    )
    assert not (fresh / "geocache.json").exists(), "a temporary failure is not cached"


def test_empty_result_is_cached_as_not_found_and_not_asked_again(server, fresh: Path) -> None:  # noqa: ANN001
    stub = Stub(behave=lambda n, s: json_response([]))
    settings = serve(server, stub)
    report, _ = geocode_once(fresh, settings)
    # 30 requests; the protected place's unknown area is no failure: its municipality's centre serves
    assert len(report.failed) == 29 and report.requests == 30
    assert all(why.startswith("Adresse nicht gefunden") for _, why in report.failed)
    again, _ = geocode_once(fresh, settings)
    assert again.requests == 0 and len(again.failed) == 29
    assert all("--refresh" in why for _, why in again.failed)


def test_service_down_ends_cleanly_keeping_what_was_found(server, fresh: Path) -> None:  # noqa: ANN001
    stub = Stub(behave=lambda n, s: json_response({"error": "down"}, 503) if n > 5 else None)
    report, _ = geocode_once(fresh, serve(server, stub), max_retries=1)
    assert len(report.found) == 5
    assert report.aborted and report.aborted.startswith("Abbruch: der Dienst meldet eine Störung (HTTP 503)")
    assert len(report.failed) == geocode.MAX_CONSECUTIVE_FAILURES
    assert len(json.loads((fresh / "geocache.json").read_text("utf-8"))) == 5


def test_long_retry_after_ends_the_run(server, fresh: Path) -> None:  # noqa: ANN001
    stub = Stub(behave=lambda n, s: json_response({}, 429, {"Retry-After": "3600"}))
    report, _ = geocode_once(fresh, serve(server, stub))
    assert report.requests == 1
    assert report.aborted == (
        "Abbruch: der Dienst bittet um 3600 s Pause – später erneut versuchen. Alle bisherigen Ergebnisse sind "
        "gespeichert; der nächste Lauf macht dort weiter."
    )


def test_results_outside_the_area_or_imprecise_are_suspicious(server, fresh: Path) -> None:  # noqa: ANN001
    def behave(n: int, seen) -> Response:  # noqa: ANN001
        if n == 1:
            return json_response(nominatim_hit(52.52, 13.40))  # Berlin
        return json_response(nominatim_hit(48.8975, 9.1922, rank=16, kind="town"))

    report, cache = geocode_once(fresh, serve(server, Stub(behave=behave)))
    # a protected place asks for its area: a town-level answer is what it wants
    assert [target.key for target in report.found] == ["oststadt, 71640 ludwigsburg"]
    assert len(report.suspicious) == 29
    reasons = [why for _, why in report.suspicious]
    assert reasons[0].startswith("Ergebnis liegt außerhalb des Gebiets (")
    assert reasons[1] == (
        "Ergebnis ist nur ungefähr (Typ „town“, keine Hausadresse) – prüfen und koordinaten von Hand setzen "
        "(gefunden: {lat: 48.8975, lon: 9.1922})"
    )
    # kept for a human, not used by the build: the entries still have no coordinates
    _, problems = load_catalogue(fresh, today=TODAY)
    assert sum("keine Koordinaten" in p.message for p in problems) >= 29


def test_photon_client(server, fresh: Path) -> None:  # noqa: ANN001
    def behave(n: int, seen) -> Response | None:  # noqa: ANN001
        return json_response(photon_hit(47.37, 8.54, country="CH")) if n == 2 else None

    stub = Stub(kind="photon", behave=behave)
    report, cache = geocode_once(fresh, serve(server, stub))
    assert len(report.found) == 29 and len(report.failed) == 1  # the Swiss answer counts as not found
    assert stub.requests[0].path == "/api" and stub.requests[0].args["lang"] == "de"
    assert {"lat", "lon"} <= set(stub.requests[0].args)  # location bias towards the municipality


def test_offline_csv_provider_sends_no_request(fresh: Path, tmp_path: Path) -> None:
    rows = ["strasse;hausnummer;plz;ort;lat;lon"]
    catalogue, _ = load_catalogue(fresh, today=TODAY)
    for target in geocode.targets(catalogue):
        if target.query.address.is_area:  # a protected place: no house in the file, the centre serves
            continue
        street, number = target.query.address.street.rsplit(" ", 1)
        rows.append(f"{street};{number};{target.query.address.postcode};{target.query.address.town};48,9;9,19")
    (tmp_path / "haeuser.csv").write_text("\n".join(rows) + "\n", "utf-8")
    settings = GeocoderSettings(provider="csv", csv="haeuser.csv")
    provider = geocode.make_provider(settings, tmp_path)
    report = geocode.run(catalogue, provider, catalogue.geocache, politeness=geocode.Politeness(min_delay=0))
    assert len(report.found) == 29 and report.failed == []
    assert catalogue.geocache.lookup(report.found[0].key).lat == 48.9


def test_public_service_needs_a_real_contact() -> None:
    with pytest.raises(ValueError, match="braucht user_agent einen echten Kontakt"):
        geocode.make_provider(GeocoderSettings(user_agent="stadtkarte (integration@stadt.example)"), ROOT)
    provider = geocode.make_provider(GeocoderSettings(user_agent="stadtkarte (integration@ludwigsburg.de)"), ROOT)
    assert provider.public


def test_failing_every_third_request_everything_is_found_across_runs(server, fresh: Path) -> None:  # noqa: ANN001
    """The issue's bar: a flaky service, several runs, nothing lost, then silence."""
    stub = Stub(behave=lambda n, s: json_response({"error": "flaky"}, 500) if n % 3 == 0 else None)
    settings = serve(server, stub)
    for _ in range(6):
        report, _ = geocode_once(fresh, settings, max_retries=0)
        json.loads((fresh / "geocache.json").read_text("utf-8"))  # valid after every run
        if not report.failed:
            break
    assert len(report.cached) + len(report.found) == 30 and report.failed == []
    before = len(stub.requests)
    again, _ = geocode_once(fresh, settings)
    assert again.requests == 0 and len(stub.requests) == before


def test_kill_9_mid_run_leaves_a_valid_cache_and_the_next_run_resumes(server, fresh: Path) -> None:  # noqa: ANN001
    stub = Stub(behave=lambda n, s: hang(0.1) and None)
    settings = serve(server, stub)
    command = [
        sys.executable, "-m", "stadtkarte.cli", "geocode", "--config", str(fresh / "nichts.yml"), "--data", str(fresh),
        "--domain", settings.domain, "--scheme", "http", "--user-agent", USER_AGENT, "--min-delay", "0",
    ]
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 20
    while len(stub.requests) < 8 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    saved = json.loads((fresh / "geocache.json").read_text("utf-8"))  # never torn
    assert 5 <= len(saved) < 30
    asked_before = {seen.text for seen in stub.requests}
    stub.requests.clear()
    stub.behave = lambda n, s: None
    finished = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert f"{30 - len(saved)} neu gefunden, {len(saved)} aus dem Cache, 0 fehlgeschlagen" in finished.stdout
    assert len(stub.requests) == 30 - len(saved)
    assert len(json.loads((fresh / "geocache.json").read_text("utf-8"))) == 30
    assert asked_before  # the first run did talk to the stub


def test_coarsening_is_deterministic_and_hides_the_house() -> None:
    house = (48.89123, 9.19876)
    area = coarsen(*house)
    assert area == coarsen(*house) == coarsen(house[0] + 0.0005, house[1] - 0.0005)
    assert 0 < distance_km(Coordinates(lat=house[0], lon=house[1]), *area) <= 0.32


def test_private_places_are_published_only_coarsened() -> None:
    from stadtkarte.publish import PublishOptions, publish

    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    view = publish(catalogue, PublishOptions(today=TODAY))
    exact = catalogue.coordinates(catalogue.organisations["frauenschutz-beratung"])
    place = view.organisations["frauenschutz-beratung"].place
    assert place.approximate and (place.point.lat, place.point.lon) == coarsen(exact.lat, exact.lon)
    public = catalogue.coordinates(catalogue.organisations["internationaler-frauentreff"])
    place = view.organisations["internationaler-frauentreff"].place
    assert not place.approximate and (place.point.lat, place.point.lon) == (public.lat, public.lon)


def test_the_build_never_loads_the_network_code() -> None:
    code = "import sys, stadtkarte.catalogue, stadtkarte.cli; print(any(m.startswith('geopy') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- protected places (standort_oeffentlich: false): only their area ever leaves the machine ---


#: an invented street, built at test time (never the sample data's former one)
INVENTED_STREET = "Erfundene Gasse 99"


def _protect(data: Path, street: str = INVENTED_STREET) -> Path:
    """The shelter with a street left in its file (invalid, the validator says so)."""
    path = data / "organisationen" / "frauenschutz-beratung.yml"
    path.write_text(path.read_text("utf-8").replace("  stadtteil: Oststadt\n", f"  strasse: {street}\n  stadtteil: Oststadt\n"), "utf-8")
    return path


def test_protected_place_sends_only_its_area(server, fresh: Path) -> None:  # noqa: ANN001
    stub = Stub()
    settings = serve(server, stub)
    only = [fresh / "organisationen" / "frauenschutz-beratung.yml"]
    catalogue, _ = load_catalogue(fresh, today=TODAY)
    report = geocode.run(catalogue, geocode.make_provider(settings, fresh.parent), catalogue.geocache,
                         only=only, politeness=geocode.Politeness(min_delay=0.0), today=TODAY)
    [seen] = stub.requests
    # a district has no field in Nominatim's structured search: one free-text query of the area
    assert seen.args["q"] == "Oststadt, 71640 Ludwigsburg, Deutschland"
    assert not {"street", "postalcode", "city"} & set(seen.args)
    assert [t.key for t in report.found] == ["oststadt, 71640 ludwigsburg"]
    # the build places the shelter at the area's centre, coarsened
    shelter = catalogue.organisations["frauenschutz-beratung"]
    catalogue.geocache = GeoCache.load(fresh / "geocache.json")
    from stadtkarte.publish import PublishOptions, publish

    place = publish(catalogue, PublishOptions(today=TODAY)).organisations[shelter.slug].place
    assert place.approximate and place.street is None
    assert distance_km(place.point, *coarsen(*_stub_point(seen.text))) < 0.01


def _stub_point(text: str) -> tuple[float, float]:
    from .geostub import point_for

    return point_for(text)


def test_protected_place_without_district_sends_plz_and_town(server, fresh: Path) -> None:  # noqa: ANN001
    path = fresh / "organisationen" / "frauenschutz-beratung.yml"
    path.write_text(path.read_text("utf-8").replace("  stadtteil: Oststadt\n", ""), "utf-8")
    stub = Stub()
    catalogue, _ = load_catalogue(fresh, today=TODAY)
    provider = geocode.make_provider(serve(server, stub), fresh.parent)
    geocode.run(catalogue, provider, catalogue.geocache, only=[path], politeness=geocode.Politeness(min_delay=0.0))
    [seen] = stub.requests
    assert {k: v for k, v in seen.args.items() if k in ("street", "postalcode", "city", "country", "q")} == {
        "postalcode": "71640", "city": "Ludwigsburg", "country": "Deutschland",
    }


def test_protected_place_with_a_street_left_in_the_file_still_sends_only_the_area(server, fresh: Path) -> None:  # noqa: ANN001
    """Even a file the validator refuses (street present) never leaks its street to the service:
    the query is built from the area alone."""
    path = _protect(fresh)
    from stadtkarte.catalogue import Entry
    from stadtkarte.models import Organisation
    from stadtkarte.yamlsource import load_file

    loaded = load_file(path)
    catalogue, problems = load_catalogue(fresh, today=TODAY)
    assert any(p.file == path and p.message.startswith("Straße entfernen") for p in problems)
    # force the refused entry into the catalogue, as if the rule had been skipped
    catalogue.organisations["frauenschutz-beratung"] = Entry(
        "frauenschutz-beratung", path, Organisation.model_validate(loaded.data), loaded.positions
    )
    stub = Stub()
    provider = geocode.make_provider(serve(server, stub), fresh.parent)
    geocode.run(catalogue, provider, catalogue.geocache, only=[path], politeness=geocode.Politeness(min_delay=0.0))
    [seen] = stub.requests
    assert "Erfundene" not in json.dumps(seen.args)
    assert seen.args["q"] == "Oststadt, 71640 Ludwigsburg, Deutschland"


def test_protected_place_without_cache_entry_sits_at_the_municipality_centre(data_dir: Path) -> None:
    cache = json.loads((data_dir / "geocache.json").read_text("utf-8"))
    del cache["oststadt, 71640 ludwigsburg"]
    (data_dir / "geocache.json").write_text(json.dumps(cache), "utf-8")
    catalogue, problems = load_catalogue(data_dir, today=TODAY)
    assert not [p for p in problems if p.file.name == "frauenschutz-beratung.yml"]
    shelter = catalogue.organisations["frauenschutz-beratung"]
    assert catalogue.coordinates(shelter) == catalogue.municipalities["ludwigsburg"].centre
    from stadtkarte.publish import PublishOptions, publish

    place = publish(catalogue, PublishOptions(today=TODAY)).organisations[shelter.slug].place
    centre = catalogue.municipalities["ludwigsburg"].centre
    assert place.approximate and (place.point.lat, place.point.lon) == coarsen(centre.lat, centre.lon)


def test_csv_with_a_wrong_header_names_the_columns(tmp_path: Path) -> None:
    (tmp_path / "haeuser.csv").write_text("Strassenname;Hausnr;PLZ;Ort;lat;lon\nMarktplatz;1;71634;Ludwigsburg;48,9;9,19\n", "utf-8")
    with pytest.raises(ValueError) as raised:
        geocode.make_provider(GeocoderSettings(provider="csv", csv="haeuser.csv"), tmp_path)
    assert str(raised.value) == (
        f"CSV-Datei „{tmp_path / 'haeuser.csv'}“: Spalte(n) strasse fehlen in der ersten Zeile (gefunden: strassenname, "
        "hausnr, plz, ort, lat, lon) – die erste Zeile nennt die Spalten, z. B. strasse;hausnummer;plz;ort;lat;lon"
    )


def test_csv_with_a_bad_number_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "haeuser.csv").write_text("strasse;plz;ort;lat;lon\nMarktplatz 1;71634;Ludwigsburg;48,9;9,19\n"
                                          "Markt 2;71634;Ludwigsburg;Norden;9,19\n", "utf-8")
    with pytest.raises(ValueError, match=r"Zeile 3: lat „Norden“ / lon „9,19“ sind keine Zahlen"):
        geocode.make_provider(GeocoderSettings(provider="csv", csv="haeuser.csv"), tmp_path)


def test_unreachable_service_is_explained_in_german(fresh: Path) -> None:
    """Nothing listens on the port: the reason is German, without urllib3's English text."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = GeocoderSettings(provider="nominatim", domain=f"127.0.0.1:{port}", scheme="http",
                                user_agent=USER_AGENT, timeout_seconds=0.5)
    catalogue, _ = load_catalogue(fresh, today=TODAY)
    only = [fresh / "organisationen" / "internationaler-frauentreff.yml"]
    report = geocode.run(catalogue, geocode.make_provider(settings, fresh.parent), catalogue.geocache, only=only,
                         politeness=geocode.Politeness(min_delay=0.0, max_retries=0))
    [(_, why)] = report.failed
    assert why == "Dienst nicht erreichbar: Verbindung abgelehnt – läuft der Dienst? Adresse und Port prüfen, z. B. geocoder.domain: localhost:8080"


def test_geocode_command_reports_a_wrong_csv_in_german(tmp_path: Path, data_dir: Path) -> None:
    (tmp_path / "haeuser.csv").write_text("street;zip;city;lat;lon\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "stadtkarte.cli", "geocode", "--config", str(tmp_path / "mkdocs.yml"), "--data",
         str(data_dir), "--provider", "csv", "--csv", "haeuser.csv"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert result.returncode == 2
    assert "KeyError" not in result.stderr and "Traceback" not in result.stderr
    assert "Spalte(n) strasse, plz, ort fehlen in der ersten Zeile (gefunden: street, zip, city, lat, lon)" in result.stderr


def test_the_csv_columns_are_named_alike_in_the_settings_comment_the_readme_and_the_messages() -> None:
    from stadtkarte.housecoords import CSV_COLUMNS, CSV_EXAMPLE


    assert set(CSV_COLUMNS) <= set(CSV_EXAMPLE.split(";"))
    comment = next(line for line in (FIXTURES / "mkdocs.yml").read_text("utf-8").splitlines() if "provider csv:" in line)
    assert comment.rstrip().endswith(f"Spalten {CSV_EXAMPLE}")
    assert f"Spalten `{CSV_EXAMPLE}`" in (ROOT / "README.md").read_text("utf-8")
