"""Open data exports: parsed with real parsers (json, csv, icalendar), checked against the data."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import jsonschema
import pytest
import recurring_ical_events
import yaml
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from stadtkarte.catalogue import Catalogue, load_catalogue
from stadtkarte.exports import ExportOptions, geojson, hsds, ical, records, tables
from stadtkarte.geo import coarsen
from stadtkarte.models import Person
from stadtkarte.pages import Site, SiteOptions
from stadtkarte.pipeline import generate as build_site
from stadtkarte.publish import publish
from stadtkarte.render import DEFAULT_NAMESPACE_TEXT
from stadtkarte.settings import load_settings, site_options

from .conftest import FIXTURE_DATA, ROOT, TODAY

BERLIN = ZoneInfo("Europe/Berlin")
HSDS_SCHEMAS = ROOT / "tests" / "fixtures" / "hsds"


def load(data_dir: Path = FIXTURE_DATA, today: date = TODAY) -> Catalogue:
    catalogue, problems = load_catalogue(data_dir, today=today)
    assert not [p for p in problems if p.is_error], problems
    return catalogue


def make_site(data_dir: Path = FIXTURE_DATA, today: date = TODAY, **options: object) -> Site:
    """The renderers' context: the public view of the data and the options."""
    site_options = SiteOptions(today=today, **options)  # type: ignore[arg-type]
    return Site(publish(load(data_dir, today), site_options.publishing), site_options)


def exported(site: Site) -> dict[str, str]:
    from stadtkarte.exports.listing import export_files

    return dict(export_files(site))  # type: ignore[arg-type]


def write_offer(data_dir: Path, slug: str, text: str) -> None:
    (data_dir / "angebote" / f"{slug}.yml").write_text(text, "utf-8")


def read_csv(text: str, delimiter: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


# --- GeoJSON -------------------------------------------------------------------------------


def test_geojson_is_rfc7946_lon_lat_inside_the_district() -> None:
    site = make_site()
    data = json.loads(exported(site)[geojson.PATH])
    assert data["type"] == "FeatureCollection"
    features = {f["properties"]["typ"] + "/" + f["properties"]["slug"]: f for f in data["features"]}
    centres = {slug: m.centre for slug, m in site.view.municipalities.items()}
    for key, feature in features.items():
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 5.8 < lon < 15.1 and 47.2 < lat < 55.1, key  # Germany: lon first, lat second
        centre = centres[feature["properties"]["kommune"]]
        assert abs(lon - centre.lon) < 0.15 and abs(lat - centre.lat) < 0.1, key
        assert set(feature["properties"]) == {"typ", *records.ORGANISATION_COLUMNS} - {"lat", "lon"} or \
            set(feature["properties"]) == {"typ", *records.OFFER_COLUMNS} - {"lat", "lon"}
    lons = [f["geometry"]["coordinates"][0] for f in data["features"]]
    lats = [f["geometry"]["coordinates"][1] for f in data["features"]]
    assert data["bbox"] == [min(lons), min(lats), max(lons), max(lats)]
    # every published place is there; hidden, expired and online-only entries are not
    assert "organisation/kulturzentrum-demokratie" not in features and "angebot/sommerfest-2026" not in features
    assert "organisation/notfallseelsorge" not in features and "angebot/online-lernbegleitung" not in features
    with_place = [i for i in site.items if not i.online and i.entry.place and i.entry.place.point]
    assert len(features) == len(with_place)
    catalogue = load()
    exact = catalogue.coordinates(catalogue.organisations["internationaler-frauentreff"])
    assert features["organisation/internationaler-frauentreff"]["geometry"]["coordinates"] == [
        round(exact.lon, 6), round(exact.lat, 6)]


def test_geojson_protected_place_is_coarse_and_has_no_street() -> None:
    site = make_site()
    data = json.loads(exported(site)[geojson.PATH])
    [private] = [f for f in data["features"] if f["properties"]["slug"] == "frauenschutz-beratung"]
    catalogue = load()
    exact = catalogue.coordinates(catalogue.organisations["frauenschutz-beratung"])
    lat, lon = coarsen(exact.lat, exact.lon)
    assert private["geometry"]["coordinates"] == [round(lon, 6), round(lat, 6)]
    assert private["properties"]["strasse"] is None and private["properties"]["standort_ungefaehr"] is True
    text = json.dumps(data)  # the exact point (the area's centre from the cache) appears nowhere
    assert not [n for n in (exact.lat, exact.lon) if re.search(rf"(?<![\d.]){re.escape(repr(n))}(?!\d)", text)]


# --- CSV -----------------------------------------------------------------------------------


def test_csv_one_row_per_entry_bom_and_both_separators() -> None:
    site = make_site()
    files = exported(site)
    for name, columns, entries in (("organisationen", records.ORGANISATION_COLUMNS, site.organisations),
                                   ("angebote", records.OFFER_COLUMNS, site.offers)):
        comma, semicolon = tables.paths(name)
        assert files[comma].startswith("\ufeff" + ",".join(columns[:3]))
        rows = read_csv(files[comma], ",")
        rows_semicolon = read_csv(files[semicolon], ";")
        assert [r["slug"] for r in rows] == list(entries)
        assert list(rows[0]) == columns
        for plain, excel in zip(rows, rows_semicolon, strict=True):
            assert plain.keys() == excel.keys()
            for key in plain:
                if key in ("lat", "lon") and plain[key]:
                    assert excel[key] == plain[key].replace(".", ",")  # decimal comma for German Excel
                else:
                    assert excel[key] == plain[key], key
    offers = {r["slug"]: r for r in read_csv(files[tables.paths("angebote")[0]], ",")}
    course = offers["integrationskurs-a1"]
    assert course["titel"] == "Integrationskurs A1–B1 (Vormittag)"
    assert course["termine"] == "montags, dienstags, mittwochs und donnerstags, 8:30–12:30 Uhr"
    assert course["gueltig_bis"] == "2027-06-30" and course["anmeldung_erforderlich"] == "ja"
    assert course["kalender"] == "export/kalender/angebote/integrationskurs-a1.ics"
    assert course["organisation_id"] == site.entry_id(site.view.organisations["volkshochschule-beispiel"])
    orgs = {r["slug"]: r for r in read_csv(files[tables.paths("organisationen")[0]], ",")}
    assert orgs["internationaler-frauentreff"]["sprachen"] == "de, tr, ar, fa, ru"
    assert orgs["internationaler-frauentreff"]["seite"] == "organisationen/internationaler-frauentreff/"


def test_csv_cells_that_look_like_formulas_are_neutralised(data_dir: Path) -> None:
    path = data_dir / "organisationen" / "sprachtreff-west.yml"
    text = path.read_text("utf-8")
    text = re.sub(r"^kurzname: .*$", 'kurzname: "=HYPERLINK(\\"http://x.example\\";\\"klick\\")"', text, flags=re.M)
    path.write_text(text, "utf-8")
    site = make_site(data_dir)
    rows = {r["slug"]: r for r in read_csv(exported(site)[tables.paths("organisationen")[1]], ";")}
    assert rows["sprachtreff-west"]["kurzname"] == "'=HYPERLINK(\"http://x.example\";\"klick\")"
    assert tables.cell("telefon", "+49 7141 12345") == "+49 7141 12345"  # validated: digits only
    assert tables.cell("name", "-minus") == "'-minus" and tables.cell("name", "@at") == "'@at"
    assert tables.cell("lat", -1.5) == "-1.5" and tables.cell("lat", -1.5, ",") == "-1,5"


# --- iCalendar -----------------------------------------------------------------------------


def second_weekday(year: int, month: int, weekday: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7)


def occurrences(text: str, start: date, end: date) -> list:
    calendar = icalendar.Calendar.from_ical(text)
    return sorted(recurring_ical_events.of(calendar).between(start, end), key=lambda e: e["DTSTART"].dt)


def test_second_tuesday_expands_to_the_right_dates(data_dir: Path) -> None:
    """The bar: "jeden 2. Dienstag 15–17 Uhr" gives the right dates for the next months."""
    write_offer(data_dir, "beratung-zweiter-dienstag", """titel: Sprechstunde am 2. Dienstag
organisation: internationaler-frauentreff
art: beratung
beschreibung: Offene Sprechstunde.
termine:
- regel: monatlich
  tage: [di]
  woche_im_monat: [2]
  von: "15:00"
  bis: "17:00"
gueltig_bis: 2027-04-30
geprueft_am: 2026-10-01
""")
    site = make_site(data_dir)
    files = exported(site)
    text = files["export/kalender/angebote/beratung-zweiter-dienstag.ics"]
    found = occurrences(text, TODAY, date(2027, 12, 31))
    expected = [second_weekday(y, m, 1) for y, m in [(2026, 12), (2027, 1), (2027, 2), (2027, 3), (2027, 4)]]
    assert expected == [date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9), date(2027, 4, 13)]
    assert [e["DTSTART"].dt.date() for e in found] == expected  # UNTIL (30 April) ends the series
    for event in found:
        assert event["DTSTART"].dt.tzinfo is not None and event["DTSTART"].dt.utcoffset() == \
            datetime.combine(event["DTSTART"].dt.date(), datetime.min.time(), BERLIN).utcoffset()
        assert event["DTSTART"].dt.strftime("%H:%M") == "15:00" and event["DTEND"].dt.strftime("%H:%M") == "17:00"
        assert str(event["SUMMARY"]) == "Sprechstunde am 2. Dienstag"
    # summer time: the local time stays 15:00 (UTC 13:00 instead of 14:00)
    march = [e for e in found if e["DTSTART"].dt.month == 3][0]
    assert march["DTSTART"].dt.astimezone(ZoneInfo("UTC")).hour == 14
    april = [e for e in found if e["DTSTART"].dt.month == 4][0]
    assert april["DTSTART"].dt.astimezone(ZoneInfo("UTC")).hour == 13
    raw = icalendar.Calendar.from_ical(text)
    [event] = raw.walk("VEVENT")
    assert "\r\nRRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270430T215959Z\r\n" in text
    # the same events in the category feed and in the feed of all offers
    categories = site.view.offers["beratung-zweiter-dienstag"].categories
    assert categories
    for feed in (*(ical.category_path(c) for c in categories), ical.ALL_PATH):
        uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(files[feed]).walk("VEVENT")]
        assert str(event["UID"]) in uids


def test_weekly_and_fortnightly_rules() -> None:
    site = make_site()
    files = exported(site)
    course = occurrences(files["export/kalender/angebote/integrationskurs-a1.ics"], date(2027, 6, 21), date(2027, 7, 31))
    assert [e["DTSTART"].dt.date() for e in course] == [
        date(2027, 6, 21), date(2027, 6, 22), date(2027, 6, 23), date(2027, 6, 24),
        date(2027, 6, 28), date(2027, 6, 29), date(2027, 6, 30)]  # Mo–Do until 30 June
    brigade = occurrences(files["export/kalender/angebote/jugendfeuerwehr.ics"], TODAY, date(2027, 1, 31))
    # every second Friday, in step with 11 September 2026
    assert [e["DTSTART"].dt.date() for e in brigade] == [
        date(2026, 12, 4), date(2026, 12, 18), date(2027, 1, 1), date(2027, 1, 15), date(2027, 1, 29)]
    assert all((d - date(2026, 9, 11)).days % 14 == 0 for d in (e["DTSTART"].dt.date() for e in brigade))
    evening = occurrences(files["export/kalender/angebote/elternabend-tuerkisch.ics"], TODAY, date(2027, 3, 1))
    assert [e["DTSTART"].dt.date() for e in evening] == [date(2026, 12, 9), date(2027, 1, 13), date(2027, 2, 10)]


def test_calendar_files_are_well_formed() -> None:
    site = make_site()
    files = {p: c for p, c in exported(site).items() if p.endswith(".ics")}
    assert set(ical.category_path(s) for s in site.view.categories) <= set(files)
    for path, text in files.items():
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), path
        calendar = icalendar.Calendar.from_ical(text)
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
        [zone] = calendar.walk("VTIMEZONE")
        assert zone["TZID"] == "Europe/Berlin"
        for event in calendar.walk("VEVENT"):
            assert event["UID"] and event["DTSTAMP"] and event["DTSTART"]
    offer_files = [p for p in files if "/angebote/" in p]
    with_rules = [e for e in site.view.offers.values() if any(a.rule for a in e.schedule)]
    assert len(offer_files) == len(with_rules)


def test_text_is_escaped_and_folded_in_calendars() -> None:
    assert ical.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "ä" * 100
    folded = ical.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


# --- HSDS ----------------------------------------------------------------------------------


def hsds_objects(site: Site) -> dict:
    return json.loads(exported(site)[hsds.PATH])


def test_hsds_objects_validate_and_link_up() -> None:
    site = make_site()
    data = hsds_objects(site)
    schemas = json.loads((HSDS_SCHEMAS / "hsds-3.0-tables.schema.json").read_text("utf-8"))
    checked = 0
    for table in hsds.TABLES:
        validator = jsonschema.Draft202012Validator(
            {**schemas["$defs"][table], "$defs": schemas["$defs"]}, format_checker=jsonschema.FormatChecker())
        for obj in data[table]:
            errors = [e.message for e in validator.iter_errors(obj)]
            assert errors == [], (table, obj, errors)
            checked += 1
    assert checked > 400
    ids = {table: {o["id"] for o in data[table]} for table in hsds.TABLES}
    assert sum(len(v) for v in ids.values()) == checked  # every identifier is unique
    links = {"organization_id": "organization", "service_id": "service", "location_id": "location",
             "service_at_location_id": "service_at_location"}
    for table in hsds.TABLES:
        for obj in data[table]:
            for field, target in links.items():
                if field in obj:
                    assert obj[field] in ids[target], (table, field)
    assert len(data["organization"]) == len(site.organisations) and len(data["service"]) == len(site.offers)
    assert {a["state_province"] for a in data["address"]} == {"Baden-Württemberg"}


def test_hsds_state_of_a_town_without_ags(data_dir: Path) -> None:
    """HSDS requires ``state_province``: from the town's AGS, else mkdocs.yml, else the state of
    the other towns; with none of them the address is left out and the place keeps its coordinates."""
    towns = data_dir / "kommunen.yml"
    towns.write_text(towns.read_text("utf-8").replace('    ags: "08118046"\n', ""), "utf-8")
    site = make_site(data_dir)
    kornwestheim = {e.slug for e in site.view.organisations.values()
                    if e.place and e.place.municipality == "kornwestheim"}
    assert kornwestheim
    data = hsds_objects(site)
    assert {a["state_province"] for a in data["address"]} == {"Baden-Württemberg"}  # the district's state
    assert hsds_objects(make_site(data_dir, export=ExportOptions(state="Bayern")))["address"]

    towns.write_text(towns.read_text("utf-8").replace('    ags: "08118048"\n', ""), "utf-8")
    site = make_site(data_dir)
    data = hsds_objects(site)
    assert data["address"] == []
    places = [loc for loc in data["location"] if loc["location_type"] == "physical" and "latitude" in loc]
    assert len(places) >= 20
    configured = hsds_objects(make_site(data_dir, export=ExportOptions(state="Baden-Württemberg")))
    assert configured["location"] == data["location"]
    public = [loc for loc in places if "description" not in loc]  # a protected place says so and has no address
    assert len(configured["address"]) == len(public)
    assert {a["state_province"] for a in configured["address"]} == {"Baden-Württemberg"}


def test_hsds_schedules_follow_the_rules() -> None:
    site = make_site()
    data = hsds_objects(site)
    evening = site.entry_id(site.view.offers["elternabend-tuerkisch"])
    [schedule] = [s for s in data["schedule"] if s.get("service_id") == evening]
    assert schedule["freq"] == "MONTHLY" and schedule["byday"] == "2WE" and schedule["interval"] == 1
    assert (schedule["opens_at"], schedule["closes_at"]) == ("19:00", "21:00")
    assert schedule["dtstart"] == "2026-07-08"  # the first 2nd Wednesday after geprueft_am (2026-06-20)
    brigade = site.entry_id(site.view.offers["jugendfeuerwehr"])
    [schedule] = [s for s in data["schedule"] if s.get("service_id") == brigade]
    assert (schedule["freq"], schedule["interval"], schedule["byday"], schedule["dtstart"]) == ("WEEKLY", 2, "FR", "2026-09-11")
    course = site.entry_id(site.view.offers["integrationskurs-a1"])
    [schedule] = [s for s in data["schedule"] if s.get("service_id") == course]
    assert schedule["until"] == schedule["valid_to"] == "2027-06-30" and schedule["valid_from"] == "2026-10-05"


def official_schema_dir() -> Path | None:
    candidates = [os.environ.get("STADTKARTE_HSDS_SCHEMAS"), HSDS_SCHEMAS / "official", ROOT.parent / "shared" / "hsds" / "schema"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "organization.json").is_file():
            return Path(candidate)
    return None


def folder_errors(folder: Path, data: dict) -> list[tuple[str, str, str]]:
    """Validate every exported object against ``<table>.json`` in ``folder`` (the layout of the
    official HSDS schema folder, whose schemas refer to each other as ``phone.json`` and so on)."""
    schemas = {p.name: json.loads(p.read_text("utf-8")) for p in folder.glob("*.json")}
    resources = [(name, DRAFT202012.create_resource(schema)) for name, schema in schemas.items()]
    resources += [(schema["$id"], DRAFT202012.create_resource(schema)) for schema in schemas.values() if "$id" in schema]
    registry = Registry().with_resources(resources)
    errors = []
    for table in hsds.TABLES:
        validator = jsonschema.Draft202012Validator(schemas[f"{table}.json"], registry=registry,
                                                    format_checker=jsonschema.FormatChecker())
        errors += [(table, obj.get("id", ""), e.message) for obj in data[table] for e in validator.iter_errors(obj)]
    return errors


def test_schema_folder_validation_finds_broken_objects(tmp_path: Path) -> None:
    """The machinery of the official-schema test, on a folder of per-table schemas."""
    ours = json.loads((HSDS_SCHEMAS / "hsds-3.0-tables.schema.json").read_text("utf-8"))
    for table, schema in ours["$defs"].items():
        (tmp_path / f"{table}.json").write_text(json.dumps(schema), "utf-8")
    data = hsds_objects(make_site())
    assert folder_errors(tmp_path, data) == []
    data["address"][0].pop("postal_code")
    data["service"][0]["status"] = "offen"
    data["location"][0]["adress"] = "Tippfehler"
    found = {(table, message) for table, _, message in folder_errors(tmp_path, data)}
    assert found == {("address", "'postal_code' is a required property"),
                     ("service", "'offen' is not one of ['active', 'inactive', 'defunct', 'temporarily closed']"),
                     ("location", "Additional properties are not allowed ('adress' was unexpected)")}


def test_hsds_validates_against_official_schemas() -> None:
    folder = official_schema_dir()
    if folder is None:
        pytest.skip("the official HSDS 3.0 schemas are not in this repository (CC BY-SA 4.0): "
                    "see tests/fixtures/hsds/README.md for where to put them")
    assert folder_errors(folder, hsds_objects(make_site())) == []


# --- identifiers, privacy, licence ----------------------------------------------------------


def test_identifiers_are_uuid5_of_the_slug_and_stable_across_days() -> None:
    today = make_site()
    tomorrow = make_site(today=TODAY + timedelta(days=1))
    assert exported(today) == exported(tomorrow)  # nothing expires overnight: the same files
    space = uuid.uuid5(uuid.NAMESPACE_URL, DEFAULT_NAMESPACE_TEXT)
    entry = today.view.organisations["internationaler-frauentreff"]
    assert today.entry_id(entry) == str(uuid.uuid5(space, "organisation/internationaler-frauentreff"))
    other_city = make_site(export=ExportOptions(namespace="https://integration.kornwestheim.example/"))
    assert other_city.entry_id(entry) != today.entry_id(entry)


def test_a_contact_person_without_consent_appears_in_no_export(data_dir: Path) -> None:
    # the data refuses a name without consent; should one slip past validation, no export shows it
    catalogue, _ = load_catalogue(data_dir, today=TODAY)
    entry = catalogue.organisations["migrationsberatung-caritas"]
    name = "Erfunda Ohnezustimmung"  # invented at test time
    person = Person.model_validate({"name": name, "funktion": "Beratung", "einverstanden": False})
    entry.model = entry.model.model_copy(update={"contact": entry.model.contact.model_copy(update={"person": person})})
    options = SiteOptions(today=TODAY)
    site = Site(publish(catalogue, options.publishing), options)
    files = exported(site)
    everything = "\n".join(files.values())
    assert name not in everything
    assert "Aylin Demir" in files[hsds.PATH] and "Aylin Demir" in files[tables.paths("organisationen")[0]]
    contacts = hsds_objects(site)["contact"]
    assert {c["name"] for c in contacts} <= {"Aylin Demir"} | {
        e.model.contact.person.name for e in load(data_dir).organisations.values()
        if e.model.contact and e.model.contact.person and e.model.contact.person.consent}


def test_licence_and_site_address_from_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump({"site_url": "https://integration.stadt.example", "extra": {"stadtkarte": {
        "daten": str(FIXTURE_DATA),
        "export": {"lizenz": "dl-de/by-2-0", "namensnennung": "Stadt Ludwigsburg", "kennung": "urn:ludwigsburg",
                   "bundesland": "Baden-Württemberg"}}}}),
        "utf-8")
    options = site_options(load_settings(config))
    assert options.site_url == "https://integration.stadt.example/"
    assert options.export.licence_name == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    assert options.export.licence_link == "https://www.govdata.de/dl-de/by-2-0"
    assert (options.export.namespace, options.export.state) == ("urn:ludwigsburg", "Baden-Württemberg")
    options.today = TODAY
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    site = Site(publish(catalogue, options.publishing), options)
    files = exported(site)
    assert json.loads(files[geojson.PATH])["lizenz"] == {
        "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "url": "https://www.govdata.de/dl-de/by-2-0", "namensnennung": "Stadt Ludwigsburg"}
    offers = {r["slug"]: r for r in read_csv(files[tables.paths("angebote")[0]], ",")}
    assert offers["integrationskurs-a1"]["seite"] == "https://integration.stadt.example/angebote/integrationskurs-a1/"
    [event] = icalendar.Calendar.from_ical(files["export/kalender/angebote/integrationskurs-a1.ics"]).walk("VEVENT")
    assert str(event["URL"]) == "https://integration.stadt.example/angebote/integrationskurs-a1/"
    pages = {f.path: f.content for f in build_site(catalogue, options)}
    offer_page = pages["angebote/integrationskurs-a1.md"]
    assert 'href="webcal://integration.stadt.example/export/kalender/angebote/integrationskurs-a1.ics"' in offer_page
    assert 'href="../../export/kalender/angebote/integrationskurs-a1.ics" download' in offer_page
    assert "bleiben aktuell" in offer_page
    assert '"@id": "https://integration.stadt.example/angebote/integrationskurs-a1/"' in offer_page
    export_page = pages["export/index.md"]
    assert 'href="https://www.govdata.de/dl-de/by-2-0" rel="license noopener"' in export_page
    assert "Namensnennung: Stadt Ludwigsburg." in export_page
    custom = ExportOptions(licence="Eigene Lizenz <b>", licence_url=None, attribution="A & B")
    html = build_site(catalogue, SiteOptions(today=TODAY, export=custom))
    page = next(f.content for f in html if f.path == "export/index.md")
    assert "Eigene Lizenz &lt;b&gt;" in page and "A &amp; B" in page
    hostile = ExportOptions(licence="Eigene Lizenz", licence_url="javascript:alert(1)")
    assert hostile.licence_link is None and hostile.as_data() == {"name": "Eigene Lizenz"}
    page = next(f.content for f in build_site(catalogue, SiteOptions(today=TODAY, export=hostile))
                if f.path == "export/index.md")
    assert "javascript:" not in page and "Eigene Lizenz" in page


# --- in the built site ---------------------------------------------------------------------


def test_exports_exist_after_mkdocs_build_and_the_page_lists_them(built_site: Path) -> None:
    page = (built_site / "export" / "index.html").read_text("utf-8")
    for path in (geojson.PATH, hsds.PATH, *tables.paths("organisationen"), *tables.paths("angebote"), ical.ALL_PATH,
                 ical.category_path("beratung")):
        assert (built_site / path).is_file(), path
        assert f'href="../{path[len("export/"):]}"' in page or f'href="{path[len("export/"):]}"' in page, path
    assert "Creative Commons Namensnennung 4.0 International (CC BY 4.0)" in page
    assert 'rel="license noopener"' in page
    offer = (built_site / "angebote" / "gesundheit-vortrag" / "index.html").read_text("utf-8")
    assert 'href="../../export/kalender/angebote/gesundheit-vortrag.ics">Termine abonnieren</a>' in offer
    # without site_url there is no webcal address: the hint does not promise updates
    assert "Ihr Kalenderprogramm übernimmt die Termine" in offer and "bleiben aktuell" not in offer
    category = (built_site / "kategorien" / "beratung" / "index.html").read_text("utf-8")
    assert 'href="../../export/kalender/kategorien/beratung.ics"' in category and "Termine abonnieren" in category
    footer = (built_site / "ueber" / "index.html").read_text("utf-8")
    assert 'href="../export/">Offene Daten</a>' in footer or 'href="/export/">Offene Daten</a>' in footer
    # the sample's "2. Dienstag" lecture, straight from the built file
    lecture = occurrences((built_site / "export/kalender/angebote/gesundheit-vortrag.ics").read_text("utf-8"),
                          TODAY, date(2027, 3, 1))
    assert [(e["DTSTART"].dt.date(), e["DTSTART"].dt.strftime("%H:%M")) for e in lecture] == [
        (date(2026, 12, 8), "18:00"), (date(2027, 1, 12), "18:00"), (date(2027, 2, 9), "18:00")]
