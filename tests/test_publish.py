"""The public view: the privacy rules, and proof that no output publishes a secret.

Random catalogues (:mod:`tests.privacy_catalogues`) with protected places (street, building,
exact point), contact persons without consent, hidden and expired entries go through the real
render path; every file it writes is scanned for each secret.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from stadtkarte.catalogue import load_catalogue
from stadtkarte.entries import Catalogue, Entry
from stadtkarte.geo import coarsen
from stadtkarte.pages import Site, SiteOptions
from stadtkarte.pipeline import generate
from stadtkarte.publish import Person, Point, PublicOffer, PublicOrganisation, PublishOptions, publish

from . import privacy_catalogues as pc
from .conftest import FIXTURES, ROOT
from .sitebuild import EPOCH

TODAY = pc.TODAY
REPO = "https://github.com/stadt-example/daten"


def options(spec: pc.Spec, **more: object) -> SiteOptions:
    return SiteOptions(today=TODAY, repo_url=REPO, protected_places=spec.protected_places, **more)  # type: ignore[arg-type]


def rendered(catalogue: Catalogue, site_options: SiteOptions) -> dict[str, bytes]:
    """Every file of the real render path except the package's fixed assets."""
    return {f.path: f.content if isinstance(f.content, bytes) else f.content.encode("utf-8")
            for f in generate(catalogue, site_options) if not f.path.startswith("assets/")}


def example() -> pc.Spec:
    """One catalogue with every kind of secret (the fixed case the rules are spelled out on)."""
    shelter = pc.Place(protected=True, lat=48.9123457, lon=9.1876543, geocoded=True)
    return pc.Spec([
        pc.OrgSpec("hjkdbqmz", shelter, visible=True, consent=False, offers=[
            pc.OfferSpec("qrsvwxzb", None, online=False, visible=True, expired=False, consent=None),
            pc.OfferSpec("bcdgkjlm", pc.Place(True, 48.9234561, 9.2012345, False), online=False, visible=True,
                         expired=False, consent=False),
            pc.OfferSpec("zxwvsrqp", None, online=False, visible=True, expired=True, consent=None),
        ]),
        pc.OrgSpec("mlkjhgdc", pc.Place(False, 48.8712345, 9.1212345, False), visible=True, consent=True, offers=[
            pc.OfferSpec("pqmlkjhg", None, online=False, visible=False, expired=False, consent=True),
        ]),
        pc.OrgSpec("dcbzxwvs", pc.Place(False, 48.8654321, 9.1154321, True), visible=False, consent=True),
    ])


# --- the rules, spelled out ------------------------------------------------------------------


def test_the_public_view_applies_every_rule() -> None:
    view = publish(pc.in_memory(example()), PublishOptions(today=TODAY))
    assert list(view.organisations) == ["organisation-0", "organisation-1"]  # hidden organisation gone
    assert list(view.offers) == ["angebot-0-0", "angebot-0-1"]  # expired and hidden offers gone
    shelter = view.organisations["organisation-0"]
    assert isinstance(shelter, PublicOrganisation) and shelter.protected
    assert (shelter.place.street, shelter.place.extra, shelter.place.postcode) == (None, None, "71638")
    assert shelter.place.point == Point(*coarsen(48.9123457, 9.1876543))
    assert shelter.source is None  # no "Eintrag bearbeiten" for a protected place
    assert shelter.contact.person == Person(None, "Beratung")  # the role stays, the name does not
    inherited = view.offers["angebot-0-0"]
    assert isinstance(inherited, PublicOffer) and not inherited.own_place
    assert inherited.place == shelter.place and inherited.source is None
    # effective values: the organisation's languages, contact and categories
    assert inherited.languages == ("de", "tr") and inherited.contact == shelter.contact
    assert inherited.categories == ("beratung",) and inherited.organisation_name == shelter.name
    own = view.offers["angebot-0-1"]
    assert own.own_place and own.place.point == Point(*coarsen(48.9234561, 9.2012345))
    assert own.contact.person.name is None
    public = view.organisations["organisation-1"]
    assert public.place.street == "Gassemlkjhgdc 7" and public.place.point == Point(48.8712345, 9.1212345)
    assert public.contact.person.name == "Personmlkjhgdc Muster"
    assert public.source == "organisationen/organisation-1.yml" and not public.protected
    # lists go by title ("Angebotbcdg…" before "Angebotqrsv…"), organisations and offers mixed
    assert [e.slug for e in view.entries] == ["angebot-0-1", "angebot-0-0", "organisation-0", "organisation-1"]
    assert view.offers_of("organisation-0") == (inherited, own) and view.offers_of("organisation-1") == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        shelter.title = "x"  # type: ignore[misc]


def test_without_points_a_protected_place_shows_only_its_municipality() -> None:
    spec = dataclasses.replace(example(), protected_places="keiner")
    view = publish(pc.in_memory(spec), PublishOptions(today=TODAY, protected_places="keiner"))
    shelter = view.organisations["organisation-0"].place
    assert (shelter.point, shelter.postcode, shelter.town, shelter.municipality) == (None, None, None, "musterstadt")
    files = rendered(pc.in_memory(spec), options(spec))
    page = files["organisationen/organisation-0.md"].decode()
    address = re.search(r'<p class="sk-address">(.*?)</p>', page, re.S).group(1)
    assert "Musterstadt" in address and "71638" not in address and "Genaue Adresse auf Anfrage" in address
    assert "karte/embed.html?eintrag=o/organisation-0" not in page  # no map without a point
    assert str(coarsen(48.9123457, 9.1876543)[0]) not in "".join(f.decode() for f in files.values())
    rows = json.loads(files["karte/eintraege.json"])
    col = {name: i for i, name in enumerate(rows["columns"])}
    [row] = [r for r in rows["entries"] if r[col["id"]] == "o/organisation-0"]
    more = json.loads(files["karte/details.json"])  # row for row: the place in words
    place = more["entries"][rows["entries"].index(row)][more["columns"].index("place")]
    assert (row[col["lon"]], row[col["approx"]], place) == (None, 1, None)
    assert rows["municipalities"][row[col["mun"]]] == "musterstadt"
    assert pc.leaks(files, pc.secrets(spec)) == []


def test_templates_get_only_public_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every value a template receives, followed through attributes and containers, is a public
    record, a plain value or the render context: no model, no entry, no catalogue, no file path."""
    seen: list[dict] = []
    original = Site.render

    def spy(self: Site, template: str, page: str, title: str, summary: str | None = None, **context: object):  # noqa: ANN202
        seen.append({"site": self, **context})
        return original(self, template, page, title, summary, **context)

    monkeypatch.setattr(Site, "render", spy)
    rendered(pc.in_memory(example()), options(example()))
    assert len(seen) > 10
    found: list[str] = []
    for number, context in enumerate(seen):
        found += raw_values(context, f"render #{number}")
    assert found == []
    # the walk finds a model wherever it hides
    catalogue = pc.in_memory(example())
    hidden = {"x": [Site.__new__(Site)], "y": catalogue.organisations["organisation-0"]}
    vars(hidden["x"][0])["items"] = (catalogue.offers["angebot-0-0"].model,)
    assert raw_values(hidden, "probe") == ["probe['x'][0].items[0]: Offer", "probe['y']: Entry"]


def raw_values(value: object, where: str, visited: set[int] | None = None) -> list[str]:
    """Where below ``value`` (attributes of the package's objects, dataclass fields, containers)
    a data model, an entry, the catalogue or a file path is reachable."""
    visited = set() if visited is None else visited
    if id(value) in visited or isinstance(value, (str, bytes, int, float, bool, date, type(None))):
        return []
    visited.add(id(value))
    if isinstance(value, (BaseModel, Entry, Catalogue, Path)):
        return [f"{where}: {type(value).__name__}"]
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += raw_values(item, f"{where}[{key!r}]", visited)
    elif isinstance(value, (list, tuple, set)):
        for index, item in enumerate(value):
            found += raw_values(item, f"{where}[{index}]", visited)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            found += raw_values(getattr(value, f.name), f"{where}.{f.name}", visited)
    elif type(value).__module__.startswith("stadtkarte"):
        for name, item in vars(value).items():
            if name != "env":  # the Jinja environment: the templates, not data
                found += raw_values(item, f"{where}.{name}", visited)
    return found


def test_edit_and_report_links_of_a_protected_entry_do_not_name_its_file() -> None:
    """"Eintrag bearbeiten" leads to the data file, which holds more than the page of a
    protected place (its area in the data, the exact point in the geocode cache): a protected
    entry has no such link, and "Fehler melden" names its page instead of the file."""
    files = rendered(pc.in_memory(example()), options(example()))
    for path in ("organisationen/organisation-0.md", "angebote/angebot-0-0.md", "angebote/angebot-0-1.md"):
        page = files[path].decode()
        links = [unquote(link) for link in re.findall(r'href="([^"]+)"', page)]
        assert "Eintrag bearbeiten" not in page, path
        repository = [link for link in links if link.startswith(REPO)]
        assert repository and all(".yml" not in link and "/edit/" not in link for link in repository), repository
        [report] = [link for link in re.findall(r'href="([^"]+)"', page) if "/issues/new?" in link]
        body = parse_qs(urlsplit(report.replace("&amp;", "&")).query)["body"][0]
        assert body.startswith("Eintrag: " + path.removesuffix(".md") + "/"), body
    public = files["organisationen/organisation-1.md"].decode()
    assert f'href="{REPO}/edit/main/data/organisationen/organisation-1.yml"' in public


def test_an_offer_of_a_protected_organisation_shows_its_own_street_only_when_confirmed() -> None:
    """Protection is inherited: past every rule (the catalogue in memory), an offer of a protected
    organisation with a street, building and exact point of its own publishes none of them, not
    on its page, not in its organisation's list of offers, not in any export; once the place says
    ``standort_oeffentlich: true`` and ``standort_freigegeben: ja`` it is a public place."""
    shelter = pc.Place(protected=True, lat=48.9123457, lon=9.1876543, geocoded=True)
    spec = pc.Spec([pc.OrgSpec("hjkdbqmz", shelter, visible=True, consent=None, offers=[
        pc.OfferSpec("qrsvwxzb", pc.Place(False, 48.8712345, 9.1212345, False), online=False, visible=True,
                     expired=False, consent=None),
        pc.OfferSpec("bcdgkjlm", pc.Place(False, 48.8654321, 9.1154321, True), online=False, visible=True,
                     expired=False, consent=None, confirmed=True),
    ])])
    catalogue = pc.in_memory(spec)
    view = publish(catalogue, PublishOptions(today=TODAY))
    hidden = view.offers["angebot-0-0"]
    assert hidden.own_place and hidden.protected and hidden.source is None
    assert (hidden.place.street, hidden.place.extra) == (None, None)
    assert hidden.place.point == Point(*coarsen(48.8712345, 9.1212345))
    confirmed = view.offers["angebot-0-1"]
    assert not confirmed.protected and confirmed.place.street == "Gassebcdgkjlm 7"
    assert confirmed.place.point == Point(48.8654321, 9.1154321)
    files = rendered(catalogue, options(spec))
    page = files["organisationen/organisation-0.md"].decode()
    assert "Angebotqrsvwxzb" in page and "Angebotbcdgkjlm" in page  # both listed
    assert "Gasseqrsvwxzb" not in page and "Hinterhofqrsvwxzb" not in page
    assert pc.leaks(files, pc.secrets(spec)) == []
    assert "Gassebcdgkjlm 7" in files["angebote/angebot-0-1.md"].decode()


# --- every output, over hundreds of random catalogues --------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(pc.specs())
def test_no_output_publishes_a_secret_even_past_validation(spec: pc.Spec) -> None:
    """Catalogues built past the validator (streets on protected places, persons without
    consent): pages, map data, JSON-LD, GeoJSON, CSV, iCalendar and HSDS stay clean."""
    found = pc.secrets(spec)
    files = rendered(pc.in_memory(spec), options(spec))
    assert pc.leaks(files, found) == []
    everything = "\n".join(pc.readable(path, content) for path, content in files.items())
    assert [word for word in found.expected if word not in everything] == []  # the scan sees the output


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(pc.specs(max_organisations=3))
def test_no_output_publishes_a_secret_from_data_files(spec: pc.Spec) -> None:
    """The same through the real loader: YAML files and the geocode cache in a data folder."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        pc.write_files(spec, data)
        catalogue, problems = load_catalogue(data, today=TODAY)
        # only a person without consent may be refused (a data rule of its own), and an offer's
        # own street under a protected organisation without the confirmation (it must be)
        refused = pc.refused_offers(spec)
        errors = [p for p in problems if p.is_error and "ansprechperson" not in p.format()]
        assert [p.format() for p in errors if p.file.relative_to(data).as_posix() not in refused] == []
        assert {p.file.relative_to(data).as_posix() for p in errors if p.path == ("ort", "strasse")} == refused
        assert any(e.model.location_public is False for e in catalogue.organisations.values()) or any(
            o.model.place is not None and o.model.place.location_public is False for o in catalogue.offers.values())
        spec = dropped_as_hidden(spec, catalogue)
        files = rendered(catalogue, options(spec))
    assert pc.leaks(files, pc.secrets(spec)) == []


def dropped_as_hidden(spec: pc.Spec, catalogue: Catalogue) -> pc.Spec:
    """Entries the loader refused are not published: count their values as secrets too."""
    organisations = []
    for index, org in enumerate(spec.organisations):
        offers = [dataclasses.replace(offer, visible=offer.visible and pc.offer_slug(index, n) in catalogue.offers)
                  for n, offer in enumerate(org.offers)]
        visible = org.visible and pc.org_slug(index) in catalogue.organisations
        organisations.append(dataclasses.replace(org, visible=visible, offers=offers))
    return dataclasses.replace(spec, organisations=organisations)


# --- one real build ------------------------------------------------------------------------------


def _without_refused_names(spec: pc.Spec) -> pc.Spec:
    def allowed(consent: bool | None) -> bool | None:
        return None if consent is False else consent

    return dataclasses.replace(spec, organisations=[
        dataclasses.replace(org, consent=allowed(org.consent), offers=[
            dataclasses.replace(offer, consent=allowed(offer.consent)) for offer in org.offers])
        for org in spec.organisations])


@pytest.mark.slow
def test_no_file_of_a_real_mkdocs_build_holds_a_secret(tmp_path: Path) -> None:
    """``mkdocs build`` of a catalogue with secrets: every file of the site, also the search
    index (Pagefind, gzip-compressed) and the compressed sitemap, is scanned."""
    # the data refuses a name without consent (a validation error stops the build), so the real
    # build has none; names without consent are covered above, in memory past every rule
    spec = _without_refused_names(example())
    project = tmp_path / "project"
    for name in ("hooks", "src/stadtkarte/theme"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copytree(FIXTURES / "docs", project / "docs")
    # the fixture settings (never the city's mkdocs.yml), with site_url: a full sitemap, and page
    # addresses in the exports; whatever site_url line stood there (set, commented) gives way
    config = (FIXTURES / "mkdocs.yml").read_text("utf-8")
    config = "site_url: https://integration.stadt.example/\n" + re.sub(r"^#?\s*site_url:.*\n", "", config, flags=re.M)
    (project / "mkdocs.yml").write_text(config, "utf-8")
    pc.write_files(spec, project / "data")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"})
    site = tmp_path / "site"
    catalogue, _ = load_catalogue(project / "data", today=TODAY)
    spec = dropped_as_hidden(spec, catalogue)
    assert result.returncode == 0, result.stderr
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    fragments = [path for path in files if path.startswith("pagefind/fragment/")]
    assert "pagefind/pagefind.js" in files and fragments and "sitemap.xml.gz" in files
    assert "export/open-referral-hsds.json" in files and "karte/eintraege.json" in files
    found = pc.secrets(spec)
    assert pc.leaks(files, found) == []
    index = "\n".join(pc.readable(path, files[path]) for path in fragments)
    assert "Organisationmlkjhgdc" in index and "Personmlkjhgdc" in index  # the index holds the pages
    sitemap = pc.readable("sitemap.xml.gz", files["sitemap.xml.gz"])
    assert "https://integration.stadt.example/organisationen/organisation-1/" in sitemap


# --- the setting --------------------------------------------------------------------------------


def test_protected_places_setting_from_mkdocs_yml(tmp_path: Path) -> None:
    from stadtkarte.settings import load_settings, site_options

    config = tmp_path / "mkdocs.yml"
    assert site_options(load_settings(config)).protected_places == "bereich"
    config.write_text(yaml.safe_dump({"extra": {"stadtkarte": {"geschuetzte_orte": "keiner"}}}), "utf-8")
    assert site_options(load_settings(config)).publishing == PublishOptions(
        today=site_options(load_settings(config)).today, protected_places="keiner")
    config.write_text(yaml.safe_dump({"extra": {"stadtkarte": {"geschuetzte_orte": "genau"}}}), "utf-8")
    with pytest.raises(ValueError) as raised:
        site_options(load_settings(config))
    assert str(raised.value) == (
        "mkdocs.yml: extra.stadtkarte.geschuetzte_orte: „genau“ gibt es nicht – erlaubt sind „bereich“ "
        "(geschützte Orte als ungefähre Fläche, Standard) und „keiner“ (kein Punkt, nur die Kommune), "
        "z. B. geschuetzte_orte: keiner")


def test_the_scan_finds_every_form_of_a_secret_and_only_whole_numbers() -> None:
    found = pc.Secrets(words={"Geheimstraße"}, points=[(48.8762501, 9.1234567)], public_points=[(48.8763989, 9.1)])
    for leaked in ('"lat": 48.8762501, "lon": 9.1234567', "48.87625,9.12346", "lat=48.876250&lon=9.123457",
                   "[9.12346, 48.8763]", "Geheimstraße 7"):
        assert pc.leaks({"x.txt": leaked.encode()}, found), leaked
    # one coordinate alone is a coincidence (the edge of a map view made from public points)
    assert pc.leaks({"x.txt": b"[[48.87625, 9.3], [48.95, 9.4]]"}, found) == []
    # another entry's public point that merely starts like a rounding of the secret is no leak
    assert pc.leaks({"x.json": b'{"lat": 48.8763989, "lon": 9.1}'}, found) == []


def test_a_past_one_off_event_leaves_the_site_without_gueltig_bis(data_dir: Path) -> None:
    """Nothing rebuilt the site daily, and an event without ``gueltig_bis`` stayed listed after
    its date: the public view drops an offer whose dates are all one-off and past."""
    from stadtkarte.catalogue import load_catalogue

    def offer(slug: str, dates: str) -> None:
        (data_dir / "angebote" / f"{slug}.yml").write_text(
            f"titel: Fest {slug}\norganisation: internationaler-frauentreff\nart: treff\n"
            f"beschreibung: Ein Fest.\ngeprueft_am: 2026-10-01\ntermine:\n{dates}", "utf-8")

    offer("gestern", "  - {regel: einmalig, datum: 2026-11-22, von: '18:00', bis: '20:00'}\n")
    offer("heute", "  - {regel: einmalig, datum: 2026-11-23, von: '18:00', bis: '20:00'}\n")
    offer("weiter", "  - {regel: einmalig, datum: 2026-11-01}\n  - {regel: woechentlich, tage: [di], von: '15:00', bis: '17:00'}\n")
    offer("nur-hinweis", "  - {hinweis: Termine auf Anfrage}\n")
    catalogue, problems = load_catalogue(data_dir, today=TODAY)
    assert not [p for p in problems if p.is_error], problems
    view = publish(catalogue, PublishOptions(today=TODAY))
    assert {"heute", "weiter", "nur-hinweis"} <= set(view.offers) and "gestern" not in view.offers
    assert "gestern" in publish(catalogue, PublishOptions(today=date(2026, 11, 22))).offers
