"""When and where on cards, as data for the browser: the schedule encoding the time filters
read (schedule.encode), the short sentence a card shows without JavaScript
(schedule.card_text), and the near-me centres computed at build time (nearby.areas)."""

from __future__ import annotations

import html
import json
import re
from datetime import date

import pytest

from stadtkarte.catalogue import load_catalogue
from stadtkarte.geo import coarsen
from stadtkarte.models import Appointment, OpeningHours
from stadtkarte.nearby import areas
from stadtkarte.pages import SiteOptions
from stadtkarte.pipeline import generate
from stadtkarte.publish import PublishOptions, publish
from stadtkarte.bidi import plain
from stadtkarte.schedule import encode
from stadtkarte.schedule import card_text as marked_card_text

from .conftest import FIXTURE_DATA, TODAY


def rule(**data) -> Appointment:  # noqa: ANN003
    return Appointment.model_validate(data)


def hours(**data) -> OpeningHours:  # noqa: ANN003
    return OpeningHours.model_validate(data)


def test_encode_every_kind_of_rule() -> None:
    items = [
        rule(regel="woechentlich", tage=["di", "do"], von="15:00", bis="17:00"),
        rule(regel="zweiwoechentlich", tage=["fr"], datum="2026-09-11", von="10:00"),
        rule(regel="monatlich", tage=["sa"], woche_im_monat=[1, -1], von="10:00", bis="12:30"),
        rule(regel="einmalig", datum="2027-03-13", von="18:00", bis="21:00"),
        rule(hinweis="nicht in den Schulferien"),  # a note alone carries no date
    ]
    assert encode(items, TODAY, date(2026, 1, 1), date(2027, 6, 30)) == {
        "r": [["w", [1, 3], None, None, "15:00", "17:00"],
              ["2w", [4], None, "2026-09-11", "10:00", None],
              ["m", [5], [1, -1], None, "10:00", "12:30"],
              ["1", [5], None, "2027-03-13", "18:00", "21:00"]],
        "von": "2026-01-01", "bis": "2027-06-30",
    }


def test_encode_fortnightly_without_first_date_counts_from_the_build_day() -> None:
    assert encode([rule(regel="zweiwoechentlich", tage=["mi"])], TODAY) == {
        "r": [["2w", [2], None, "2026-11-23", None, None]]}


def test_encode_opening_hours_are_weekly_and_nothing_is_unknown() -> None:
    assert encode([hours(tage=["mo", "di", "mi"], von="09:00", bis="12:00"), hours(hinweis="und nach Vereinbarung")],
                  TODAY) == {"r": [["w", [0, 1, 2], None, None, "09:00", "12:00"]]}
    assert encode([hours(hinweis="nach Vereinbarung")], TODAY) is None
    assert encode([], TODAY) is None
    assert encode([rule(regel="monatlich", tage=["di"])], TODAY) is None  # no week of the month: no date


def card_text(items: list) -> str | None:  # noqa: ANN001
    """The card's text without its isolates (stadtkarte.bidi)."""
    return plain(marked_card_text(items))


def test_card_text_is_short_and_in_words() -> None:
    assert card_text([rule(regel="woechentlich", tage=["di"], von="15:00", bis="17:00"),
                      rule(hinweis="nicht in den Schulferien")]) == "Di 15–17 Uhr"
    assert card_text([hours(tage=["mo", "di", "mi", "do", "fr"], von="09:00", bis="12:00"),
                      hours(tage=["do"], von="14:00", bis="18:30")]) == "Mo–Fr 9–12 Uhr; Do 14–18:30 Uhr"
    assert card_text([hours(tage=["mo", "mi"], von="09:00", bis="12:00")]) == "Mo, Mi 9–12 Uhr"
    assert card_text([rule(regel="monatlich", tage=["sa"], woche_im_monat=[1], von="10:00", bis="12:30")]) == \
        "jeden 1. Samstag, 10–12:30 Uhr"
    assert card_text([rule(regel="monatlich", tage=["di"], woche_im_monat=[2, -1])]) == "jeden 2. und letzten Dienstag"
    assert card_text([rule(regel="zweiwoechentlich", tage=["fr"], datum="2026-09-11", von="10:00")]) == \
        "alle 2 Wochen Fr ab 10 Uhr"
    assert card_text([rule(regel="einmalig", datum="2027-03-13", von="10:00", bis="16:00")]) == \
        "Sa 13.03.2027 10–16 Uhr"
    three = [rule(regel="woechentlich", tage=[d], von="10:00", bis="11:00") for d in ("mo", "mi", "fr")]
    assert card_text(three) == "Mo 10–11 Uhr; Mi 10–11 Uhr …"
    assert card_text([hours(hinweis="nach Vereinbarung")]) == "nach Vereinbarung"
    assert card_text([]) is None


@pytest.fixture(scope="module")
def fixture_view():  # noqa: ANN201
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    return catalogue, publish(catalogue, PublishOptions(today=TODAY))


def test_area_centres_come_from_public_points_only(fixture_view) -> None:  # noqa: ANN001
    catalogue, view = fixture_view
    found = {area.id: area for area in areas(view)}
    # the protected Frauenberatung names the Stadtteil: its centre is the published area point
    protected = view.organisations["frauenschutz-beratung"]
    assert protected.place.approximate
    oststadt = found["teil-oststadt-ludwigsburg"]
    assert (oststadt.kind, oststadt.name) == ("stadtteil", "Oststadt (Ludwigsburg)")
    assert (oststadt.lat, oststadt.lon) == (protected.place.point.lat, protected.place.point.lon)
    exact = catalogue.coordinates(catalogue.organisations["frauenschutz-beratung"])
    assert exact is not None and (oststadt.lat, oststadt.lon) == coarsen(exact.lat, exact.lon) != (exact.lat, exact.lon)
    # a postcode's centre is the mean of the distinct public points with that postcode
    points = {(e.place.point.lat, e.place.point.lon) for e in view.entries
              if e.place and e.place.point and not e.online and e.place.postcode == "70806"}
    kornwestheim = found["plz-70806-kornwestheim"]
    assert kornwestheim.name == "70806 Kornwestheim" and len(points) >= 2
    assert kornwestheim.lat == pytest.approx(sum(p[0] for p in points) / len(points), abs=1e-5)
    assert kornwestheim.lon == pytest.approx(sum(p[1] for p in points) / len(points), abs=1e-5)
    # two municipalities: each is a choice at its centre from kommunen.yml
    assert (found["ort-kornwestheim"].lat, found["ort-kornwestheim"].lon) == (48.8617, 9.1847)


def test_protected_places_without_point_give_no_centre() -> None:
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    view = publish(catalogue, PublishOptions(today=TODAY, protected_places="keiner"))
    assert not any(area.kind == "stadtteil" for area in areas(view))  # only the protected place names one


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    return {f.path: f.content for f in generate(catalogue, SiteOptions(today=TODAY)) if isinstance(f.content, str)}


def card(page: str, ident: str) -> str:
    start = page.index(f'data-sk-id="{ident}"')
    return page[start:page.index("</li>\n<li", start) if "</li>\n<li" in page[start:] else None]


def test_cards_say_when_where_for_whom_cost_languages_access(generated: dict[str, str]) -> None:
    page = generated["verzeichnis/index.md"]
    women = card(page, "a/sprachcafe-dienstag")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", women))
    assert "Wann: Di 15–17 Uhr" in text
    assert "Wo: Ludwigsburg" in text
    assert "Für: Frauen" in text
    assert "Kosten: kostenlos" in text
    assert "Sprachen: Deutsch , العربية , Türkçe" in text
    assert "Barrierefreiheit: rollstuhlgerecht" in text
    data = re.search(r"data-sk-zeit='([^']*)'", women).group(1)
    assert json.loads(html.unescape(data)) == {"r": [["w", [1], None, None, "15:00", "17:00"]]}
    # a protected place: its Stadtteil, never its street
    protected = card(page, "o/frauenschutz-beratung")
    assert "Oststadt" in protected and "straße" not in protected.split("sk-print-only")[0].lower()
    # "Alle" says nothing on a card
    assert "Für:" not in card(page, "a/sprachcafe-west")


def test_map_rows_carry_the_schedule(generated: dict[str, str]) -> None:
    data = json.loads(generated["karte/eintraege.json"])
    more = json.loads(generated["karte/details.json"])  # the schedules, row for row
    col = more["columns"].index("zeit")
    rows = {row[0]: extra for row, extra in zip(data["entries"], more["entries"])}
    assert rows["a/frauenfruehstueck"][col] == {"r": [["m", [5], [1], None, "10:00", "12:30"]]}
    assert rows["o/frauenschutz-beratung"][col] is None  # no opening hours: "Zeit unbekannt"
