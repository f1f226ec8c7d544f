"""One filter engine (assets/filter.js) for the directory list, the map and the embed: the same
URL parameters give the same entries in the list and on the map, in a real browser. The
expected selections are computed here, independently, from the map's data file."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.browser

COMBINATIONS = [
    "",
    "kategorie=beratung&rollstuhl=ja",  # the issue's example: 10 in the list, 23 on the map before
    "kategorie=beratung&rollstuhl=teilweise",  # "auch teilweise" includes the accessible ones
    "sprache=ru,uk",
    "sprache=ru&sprache=uk",  # repeated parameters mean the same
    "kategorie=arbeit,beratung&sprache=ar",
    "typ=angebot&kostenlos=1",
    "thema=sprache&kommune=ludwigsburg",
    "zielgruppe=frauen,familien&typ=organisation",
    "art=sprachcafe,treff&rollstuhl=ja",
    "kommune=online",
    "pinnwand=sucht",  # issue 28: the map's "Nur online" listed entries that seek no support
    "kategorie=arbeit&sprache=uk",  # nothing matches
    "suche=Beratung%20arabisch",
    "suche=Sprachcafe&kommune=ludwigsburg",
    "suche=Deutschkurs&kostenlos=1",
    "suche=barrierefrei",  # issue 28: the wheelchair filter, on the map, too
    "suche=Rollstuhl%20Beratung",
]


def expected(site: Path, query: str) -> set[str] | None:
    """The entries the rule selects (OR within a facet, AND across), from karte/eintraege.json;
    ``None`` when the query has text (that part is the search's, tested in test_search_quality)."""
    data = json.loads((site / "karte" / "eintraege.json").read_text("utf-8"))
    col = {name: i for i, name in enumerate(data["columns"])}
    chosen: dict[str, set[str]] = {}
    for name, value in parse_qsl(query):
        chosen.setdefault(name, set()).update(value.split(","))
    if "suche" in chosen:
        return None
    found = set()
    for row in data["entries"]:
        wheel = row[col["wheel"]]
        values = {
            "typ": {"organisation" if row[col["id"]].startswith("o/") else "angebot"},
            "kategorie": {data["categories"][i] for i in row[col["cats"]]},
            "art": set() if row[col["kind"]] is None else {data["kinds"][row[col["kind"]]]},
            "thema": {data["topics"][i] for i in row[col["topics"]]},
            "sprache": set(row[col["langs"]].split(",")) if row[col["langs"]] else set(),
            "zielgruppe": {data["groups"][i] for i in row[col["groups"]]},
            "kommune": {data["municipalities"][row[col["mun"]]] if row[col["mun"]] >= 0 else "online"},
            "rollstuhl": {"ja", "teilweise"} if wheel == "ja" else {"teilweise"} if wheel == "teilweise" else set(),
            "kostenlos": {"1"} if row[col["free"]] else set(),
            "pinnwand": {v for bit, v in ((1, "sucht"), (2, "bietet")) if row[col["board"]] & bit},
        }
        if all(values[name] & wanted for name, wanted in chosen.items()):
            found.add(row[col["id"]])
    return found


def list_and_map(page, base_url: str, query: str) -> tuple[list[str], list[str]]:  # noqa: ANN001
    page.goto(base_url + "karte/" + (f"?{query}" if query else ""))
    page.wait_for_selector("[data-sk-ready]", state="attached")
    in_list = page.eval_on_selector_all("[data-sk-item]:not([hidden])", "els => els.map(e => e.dataset.skId)")
    frame = page.frame_locator("iframe.sk-map-frame").locator("body")
    frame.wait_for()
    # the list may set the map frame's address once more when it has applied the filters (a
    # navigation of the frame): read the map when its document has settled
    first = query.split("&")[0].split("=")[0] + "=" if query else ""
    for _ in range(25):
        embed = next((f for f in page.frames if f.url.split("?")[0].endswith("karte/embed.html") and first in f.url), None)
        if embed is None:  # the frame still shows the map without the filters
            page.wait_for_timeout(200)
            continue
        try:
            embed.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
            on_map = embed.evaluate("window.stadtkarte.shown.concat(window.stadtkarte.online)")
        except PlaywrightError as error:
            if "context was destroyed" not in str(error):
                raise
            page.wait_for_timeout(200)
            continue
        return in_list, on_map
    raise AssertionError("the map frame kept navigating")


@pytest.mark.parametrize("query", COMBINATIONS)
def test_list_and_map_show_the_same_entries(page, base_url: str, built_site: Path, query: str) -> None:  # noqa: ANN001
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    in_list, on_map = list_and_map(page, base_url, query)
    assert sorted(in_list) == sorted(on_map)
    want = expected(built_site, query)
    if want is not None:
        assert set(in_list) == want
    elif query:
        assert in_list  # every text query in the table finds something
    assert len(in_list) == len(set(in_list))


def test_the_issue_example_gives_the_same_count_in_list_and_map(page, base_url: str) -> None:  # noqa: ANN001
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    in_list, on_map = list_and_map(page, base_url, "kategorie=beratung&rollstuhl=ja")
    assert len(in_list) == len(on_map) == 10


def online_ids(site: Path) -> set[str]:
    """The entries without a place on the map that are not protected places: online only."""
    data = json.loads((site / "karte" / "eintraege.json").read_text("utf-8"))
    col = {name: i for i, name in enumerate(data["columns"])}
    return {row[col["id"]] for row in data["entries"] if row[col["lat"]] is None and not row[col["approx"]]}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("query", ["", "kategorie=beratung", "pinnwand=sucht"])
def test_list_and_map_name_the_same_count_online_entries_included(page, base_url: str, built_site: Path,  # noqa: ANN001
                                                                   query: str, width: int) -> None:
    """Issue 28: /karte/ showed "25 von 73" beside the map's "23 von 69" (the map left out the
    entries without a point), and with pinnwand=sucht the map's "Nur online (4)" counted three
    entries that seek no support. Both now name the same number of every entry; the map says how
    many of them it cannot show (the list shows them as cards)."""
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    in_list, _ = list_and_map(page, base_url, query)
    want = expected(built_site, query)
    total = len(json.loads((built_site / "karte" / "eintraege.json").read_text("utf-8"))["entries"])
    online = want & online_ids(built_site)
    assert online, "every case here has entries online only"
    text = f"{len(want)} von {total} Einträgen"
    assert page.text_content("#sk-status") == text
    embed = next(f for f in page.frames if f.url.split("?")[0].endswith("karte/embed.html"))
    assert embed.locator(".sk-map-status").text_content() == f"{text}, davon {len(online)} online ohne Ort auf der Karte"
    assert embed.locator(".sk-online summary").text_content() == f"Nur online ({len(online)})"
    assert sorted(embed.evaluate("window.stadtkarte.online")) == sorted(online)


def test_counts_follow_every_choice_and_empty_options_are_disabled(page, base_url: str, built_site: Path) -> None:  # noqa: ANN001
    page.goto(base_url + "verzeichnis/?sprache=uk")
    page.wait_for_selector("[data-sk-ready]", state="attached")
    for value in ("arbeit", "beratung", "engagement"):
        label = page.locator(f"input[name=kategorie][value={value}] + span").text_content()
        count = len(expected(built_site, f"sprache=uk&kategorie={value}"))
        assert f"({count})" in label, (value, label)
        assert page.is_disabled(f"input[name=kategorie][value={value}]") == (count == 0)
    # a second language widens the selection (OR) and the category counts with it
    page.check("input[name=sprache][value=ru]")
    page.wait_for_function("location.search === '?sprache=uk,ru' || location.search === '?sprache=ru,uk'")
    shown = page.eval_on_selector_all("[data-sk-item]:not([hidden])", "els => els.length")
    assert shown == len(expected(built_site, "sprache=ru,uk"))
    label = page.locator("input[name=kategorie][value=beratung] + span").text_content()
    assert f"({len(expected(built_site, 'sprache=ru,uk&kategorie=beratung'))})" in label


def test_no_results_names_the_filters_to_relax(page, base_url: str, built_site: Path) -> None:  # noqa: ANN001
    page.goto(base_url + "verzeichnis/?kategorie=arbeit&sprache=uk")
    page.wait_for_selector("[data-sk-ready]", state="attached")
    assert page.text_content("#sk-status") == "Kein Eintrag passt zu diesen Filtern."
    buttons = page.locator("#sk-relax button").all_text_contents()
    assert f"Ohne „Sprache“: {len(expected(built_site, 'kategorie=arbeit'))} Einträge" in buttons
    assert f"Ohne „Kategorie“: {len(expected(built_site, 'sprache=uk'))} Einträge" in buttons
    page.locator("#sk-relax button", has_text="Ohne „Kategorie“").click()
    page.wait_for_function("location.search === '?sprache=uk'")
    assert page.eval_on_selector_all("[data-sk-item]:not([hidden])", "els => els.length") == len(expected(built_site, "sprache=uk"))
    assert page.is_hidden("#sk-relax")
