"""The test data (tests/fixtures/stadt/) shows every feature the site has, so the tests can rely on it.

It started as a copy of the sample data in data/; data/ itself is checked only by
tests/test_sample_data.py (a city replaces it)."""

from __future__ import annotations

from stadtkarte.catalogue import load_catalogue

from .conftest import FIXTURE_DATA, TODAY


def test_fixture_data_is_complete_and_clean() -> None:
    catalogue, problems = load_catalogue(FIXTURE_DATA, today=TODAY)
    assert [p.format() for p in problems if p.is_error] == []
    orgs = [e.model for e in catalogue.organisations.values()]
    offers = [e.model for e in catalogue.offers.values()]
    assert len(orgs) >= 30 and len(offers) >= 40
    assert {c for o in orgs for c in o.categories} == set(catalogue.taxonomy.categories)
    assert {o.kind for o in offers} >= {"sprachcafe", "beratung", "patenschaft", "kurs", "treff", "hausaufgabenhilfe"}
    assert sum(len(o.description) > 1 for o in [*orgs, *offers]) >= 10, "several multilingual descriptions"
    assert any("de-x-ls" in o.description for o in orgs), "one text in Leichte Sprache"
    assert any(o.place and o.place.online for o in offers), "an online-only offer"
    assert any(o.online for o in orgs), "an online-only organisation"
    assert any(not o.location_public for o in orgs), "an entry with approximate location"
    assert any(o.valid_until and o.valid_until < TODAY for o in offers), "an expired offer"
    assert any(not o.visible for o in [*orgs, *offers]), "an entry with sichtbar: false"
    assert {o.address.municipality for o in orgs if o.address} == {"ludwigsburg", "kornwestheim"}
    assert any(o.support_wanted for o in orgs) and any(o.we_offer for o in orgs)


def test_every_place_has_coordinates_without_network() -> None:
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    for entry in [*catalogue.organisations.values(), *catalogue.offers.values()]:
        online = getattr(entry.model, "online", False) or (
            getattr(entry.model, "place", None) is not None and entry.model.place.online
        )
        if catalogue.address(entry) is not None or not online:
            assert catalogue.coordinates(entry) is not None, entry.slug


def test_every_fixture_file_says_it_is_fictional() -> None:
    for path in FIXTURE_DATA.glob("*/*.yml"):
        assert "# Beispieldaten: fiktiver Eintrag" in path.read_text("utf-8"), path


def test_readme_example_is_valid(data_dir) -> None:  # noqa: ANN001
    import re

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    example = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "yaml-language-server" in b)
    (data_dir / "organisationen" / "readme-beispiel.yml").write_text(example, "utf-8")
    _, problems = load_catalogue(data_dir, today=TODAY)
    mine = [p.format() for p in problems if p.file.name == "readme-beispiel.yml"]
    assert mine == []
