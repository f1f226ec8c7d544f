"""The Pinnwand with the directory's filters, the map layer "sucht Unterstützung", the way back
to the results with the filters kept, and relax texts in the right plural (issue #16, items 3
and 8), in a real browser. Expected selections come from the map's data file (test_filters)."""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path

import pytest

from .test_embed import choose
from .test_filters import expected
from .test_map import open_map, tiles  # noqa: F401 (tiles: a fixture)

pytestmark = pytest.mark.browser


def visible(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all("[data-sk-item]:not([hidden])", "els => els.map(e => e.dataset.skId)")


def on_board(site: Path, query: str = "") -> set[str]:
    """What the Pinnwand lists for ``query``: organisations with a post that match it."""
    posts = expected(site, "pinnwand=sucht,bietet")
    chosen = expected(site, query) if query else posts
    return posts & chosen


def test_board_filters_like_the_directory(page, base_url: str, built_site: Path) -> None:  # noqa: ANN001
    page.goto(base_url + "pinnwand/")
    page.wait_for_selector("[data-sk-ready]", state="attached")
    everything = on_board(built_site)
    assert sorted(visible(page)) == sorted(everything)
    assert page.text_content("#sk-status") == f"{len(everything)} von {len(everything)} Einträgen"
    page.check("input[name=pinnwand][value=sucht]")
    page.wait_for_function("location.search === '?pinnwand=sucht'")
    seeking = on_board(built_site, "pinnwand=sucht")
    assert 0 < len(seeking) < len(everything)
    assert sorted(visible(page)) == sorted(seeking)
    page.check("input[name=kommune][value=ludwigsburg]")
    page.wait_for_function("location.search === '?kommune=ludwigsburg&pinnwand=sucht'")
    here = on_board(built_site, "pinnwand=sucht&kommune=ludwigsburg")
    assert sorted(visible(page)) == sorted(here) and here
    assert page.text_content("#sk-status") == f"{len(here)} von {len(everything)} Einträgen"
    # counts on the options are the Pinnwand's own (never all entries of the directory)
    label = page.locator("input[name=kategorie][value=engagement] + span").text_content()
    assert label.endswith(f"({len(on_board(built_site, 'pinnwand=sucht&kommune=ludwigsburg&kategorie=engagement'))})")
    page.goto(base_url + "pinnwand/?thema=ehrenamt")
    page.wait_for_selector("[data-sk-ready]", state="attached")
    assert sorted(visible(page)) == sorted(on_board(built_site, "thema=ehrenamt"))
    assert page.is_checked("input[name=thema][value=ehrenamt]")
    assert page.console_errors == []


def test_map_layer_of_who_seeks_support(page, base_url: str, tiles, built_site: Path) -> None:  # noqa: ANN001
    data = json.loads((built_site / "karte" / "eintraege.json").read_text("utf-8"))
    col = {name: i for i, name in enumerate(data["columns"])}
    placed = {r[col["id"]] for r in data["entries"] if r[col["lon"]] is not None}
    seeking = {r[col["id"]] for r in data["entries"] if r[col["board"]] & 1} & placed
    shown = open_map(page, base_url, "?pinnwand=sucht")
    assert sorted(shown) == sorted(seeking) and seeking
    toggle = page.get_by_label("Nur wer Unterstützung sucht (Pinnwand)")
    assert toggle.is_checked() and toggle.is_enabled()
    toggle.uncheck()
    page.wait_for_function(f"window.stadtkarte.shown.length === {len(placed)}")
    toggle.check()
    page.wait_for_function(f"window.stadtkarte.shown.length === {len(seeking)}")
    # a pin is named (and marked) as seeking support
    slug = sorted(seeking)[0]
    open_map(page, base_url, f"?eintrag={slug}&gesperrt=1")
    pin = page.locator(".sk-pin-wrap", has=page.locator(".sk-pin-seeks")).first
    assert pin.get_attribute("aria-label").endswith(", sucht Unterstützung")
    assert page.get_by_label("Nur wer Unterstützung sucht (Pinnwand)").is_disabled()  # locked
    assert page.console_errors == []


def test_board_links_the_map_filtered_to_needs(page, base_url: str, tiles, built_site: Path) -> None:  # noqa: ANN001
    page.goto(base_url + "pinnwand/")
    page.get_by_role("link", name="Auf der Karte zeigen, wer Unterstützung sucht").click()
    page.wait_for_url(base_url + "karte/?pinnwand=sucht")
    page.wait_for_selector("[data-sk-ready]", state="attached")
    assert page.is_checked("input[name=pinnwand][value=sucht]")
    assert sorted(visible(page)) == sorted(on_board(built_site, "pinnwand=sucht"))
    page.wait_for_function("document.querySelector('iframe.sk-map-frame').getAttribute('src') === 'embed.html?pinnwand=sucht'")
    embed = next(f for f in page.frames if "embed.html?pinnwand=sucht" in f.url)
    embed.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
    assert set(embed.evaluate("window.stadtkarte.shown")) <= on_board(built_site, "pinnwand=sucht")


@pytest.mark.parametrize(("start", "box"), [("verzeichnis/?kategorie=beratung", "kategorie"),
                                            ("pinnwand/?kommune=ludwigsburg", "kommune")])
def test_back_to_results_keeps_the_filters(page, base_url: str, start: str, box: str) -> None:  # noqa: ANN001
    page.goto(base_url + start)
    page.wait_for_selector("[data-sk-ready]", state="attached")
    page.locator("[data-sk-item]:not([hidden]) .sk-card-title a").first.click()
    page.wait_for_load_state()
    back = page.get_by_role("link", name="Zurück zu den Ergebnissen")
    page.wait_for_function("document.querySelector('[data-sk-back]').href.includes('?')")
    assert back.get_attribute("href") == base_url + start
    assert page.locator("nav[aria-label='Sie sind hier'] [aria-current=page]").text_content() == page.locator("h1").text_content()
    back.click()
    page.wait_for_url(base_url + start)
    page.wait_for_selector("[data-sk-ready]", state="attached")
    value = start.split("=")[1]
    assert page.is_checked(f"input[name={box}][value={value}]")


def test_back_link_without_a_list_leads_to_the_directory(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url + "organisationen/sprachtreff-west/")  # a fresh tab: nothing remembered
    page.wait_for_load_state()
    back = page.get_by_role("link", name="Zurück zu den Ergebnissen")
    assert page.evaluate("document.querySelector('[data-sk-back]').href") == base_url + "verzeichnis/"
    back.click()
    page.wait_for_url(base_url + "verzeichnis/")


def test_relax_text_uses_the_plural_of_its_number(page, base_url: str, built_site: Path) -> None:  # noqa: ANN001
    """"Ohne „Sprache“: 1 Eintrag", never "1 Einträge" (Intl.PluralRules, forms from the page)."""
    data = json.loads((built_site / "karte" / "eintraege.json").read_text("utf-8"))
    languages = sorted({code for r in data["entries"] for code in (r[data["columns"].index("langs")] or "").split(",") if code})
    query = next(
        f"kategorie={c}&sprache={s}" for c, s in product(data["categories"], languages)
        if not expected(built_site, f"kategorie={c}&sprache={s}") and len(expected(built_site, f"sprache={s}")) == 1
        and expected(built_site, f"kategorie={c}"))
    page.goto(base_url + "verzeichnis/?" + query)
    page.wait_for_selector("[data-sk-ready]", state="attached")
    buttons = page.locator("#sk-relax button").all_text_contents()
    assert "Ohne „Kategorie“: 1 Eintrag" in buttons
    many = len(expected(built_site, query.split("&")[0]))
    assert many > 1 and f"Ohne „Sprache“: {many} Einträge" in buttons


def test_embed_builder_offers_the_needs_layer(page, base_url: str, tiles) -> None:  # noqa: ANN001
    page.goto(base_url + "karte/einbinden/")
    choose(page, "kategorie", "engagement")
    assert "pinnwand" not in page.input_value("#sk-embed-code")
    choose(page, "pinnwand", "sucht")
    code = page.input_value("#sk-embed-code")
    assert "embed.html?kategorie=engagement&amp;pinnwand=sucht&amp;gesperrt=1&amp;einwilligung=1" in code
    assert 'title="Karte: Engagement, sucht Unterstützung – Stadtkarte Integration"' in code
    # the map document names the layer in its title, too
    open_map(page, base_url, "?kategorie=engagement&pinnwand=sucht")
    assert page.title() == "Karte: Engagement, sucht Unterstützung – Stadtkarte Integration"
