"""When and near me in a real browser (issue #16, item 2): the time filters with a FIXED clock
(Playwright's page.clock) at known Berlin times, one of them on the day summer time starts;
near me with a fixed position; the card facts at 390 px; the rule sentence without JavaScript.

The expected entries are named for reading, and also computed here independently (Python's
zoneinfo and dateutil, from the schedule data in karte/eintraege.json) for every entry."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stadtkarte.bidi import plain  # the rule's time range is isolated (U+2066 … U+2069)

from .conftest import click_first_pin_until
from .test_no_javascript import no_js  # noqa: F401  (the page without JavaScript at 390 px)

pytestmark = pytest.mark.browser

BERLIN = ZoneInfo("Europe/Berlin")
EVENING = 17 * 60

#: Tuesday 24 November 2026, 16:30 in Berlin (winter time, UTC+1)
TUESDAY_AFTERNOON = datetime(2026, 11, 24, 16, 30, tzinfo=BERLIN)
#: Sunday 28 March 2027, 08:30 in Berlin: summer time began at 02:00 (UTC+2); with winter time
#: it would still be 07:30 and the women's swimming (08:00–09:30) not yet open
SUMMER_TIME_SUNDAY = datetime(2027, 3, 28, 6, 30, tzinfo=timezone.utc)
#: Friday 27 November 2026, 20:00: the weekend is the 28th and 29th
FRIDAY_EVENING = datetime(2026, 11, 27, 20, 0, tzinfo=BERLIN)
#: Friday 20 November 2026, 19:00: the youth fire brigade meets every second Friday from 11 September
FORTNIGHT_FRIDAY = datetime(2026, 11, 20, 19, 0, tzinfo=BERLIN)


# --- the independent oracle --------------------------------------------------------------------

def _takes_place(rule: list, day: date) -> bool:
    code, days, weeks, first = rule[0], rule[1] or [], rule[2] or [], rule[3]
    if code == "1":
        return date.fromisoformat(first) == day
    if day.weekday() not in days:
        return False
    if code == "w":
        return True
    if code == "2w":
        start = date.fromisoformat(first)
        monday = start - timedelta(days=start.weekday())
        return day >= start and ((day - monday).days // 7) % 2 == 0
    last = (day + timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 + 1 in weeks or (-1 in weeks and last)


def occurrences(data: dict, first: date, last: date) -> list[tuple[date, int | None, int]]:
    found = []
    day = first
    while day <= last:
        valid = (not data.get("von") or day >= date.fromisoformat(data["von"])) and \
                (not data.get("bis") or day <= date.fromisoformat(data["bis"]))
        for rule in data["r"] if valid else []:
            if _takes_place(rule, day):
                start = int(rule[4][:2]) * 60 + int(rule[4][3:]) if rule[4] else None
                end = int(rule[5][:2]) * 60 + int(rule[5][3:]) if rule[5] else (
                    24 * 60 if start is None else min(start + 120, 24 * 60))
                found.append((day, start, end))
        day += timedelta(days=1)
    return found


def expected(site: Path, now: datetime, periods: set[str], evening: bool = False) -> set[str]:
    """The entries the filter zeit=<periods> (and abends=1) shows at ``now``."""
    data = json.loads((site / "karte" / "eintraege.json").read_text("utf-8"))
    more = json.loads((site / "karte" / "details.json").read_text("utf-8"))  # the schedules, row for row
    col = more["columns"].index("zeit")
    local = now.astimezone(BERLIN)
    today, minutes = local.date(), local.hour * 60 + local.minute
    sunday = today + timedelta(days=6 - today.weekday())
    found = set()
    for row, extra in zip(data["entries"], more["entries"]):
        schedule = extra[col]
        if schedule is None:
            if "unbekannt" in periods:
                found.add(row[0])
            continue
        for day, start, end in occurrences(schedule, today, sunday if periods else today + timedelta(days=400)):
            if day == today and end <= minutes:
                continue  # over
            if evening and (start is None or start < EVENING):
                continue
            now_on = day == today and start is not None and start <= minutes < end
            hits = {"jetzt": now_on, "heute": day == today, "woche": day <= sunday,
                    "wochenende": day >= sunday - timedelta(days=1)}
            if not periods - {"unbekannt"} or any(hits.get(p) for p in periods):
                if periods - {"unbekannt"} or evening:
                    found.add(row[0])
    return found


def shown(page, base_url: str, now: datetime, query: str) -> set[str]:  # noqa: ANN001
    page.clock.set_fixed_time(now)
    page.goto(base_url + "verzeichnis/?" + query)
    page.wait_for_selector("[data-sk-ready]", state="attached")
    return set(page.eval_on_selector_all("[data-sk-item]:not([hidden])", "els => els.map(e => e.dataset.skId)"))


CASES = [
    (TUESDAY_AFTERNOON, "zeit=jetzt", {"a/sprachcafe-dienstag"}),
    (TUESDAY_AFTERNOON, "zeit=heute", {"a/sprachcafe-dienstag", "a/wohnungssuche-hilfe", "a/einbuergerung-info"}),
    (TUESDAY_AFTERNOON, "zeit=heute&abends=1", {"a/wohnungssuche-hilfe", "a/einbuergerung-info"}),
    (SUMMER_TIME_SUNDAY, "zeit=jetzt", {"a/frauenschwimmen"}),
    (SUMMER_TIME_SUNDAY, "zeit=woche", {"a/frauenschwimmen"}),  # on a Sunday the week is today
    (FRIDAY_EVENING, "zeit=wochenende", {"a/ukraine-spielgruppe", "a/theater-jugend", "a/frauenschwimmen"}),
    (FRIDAY_EVENING, "zeit=jetzt", set()),
    (FORTNIGHT_FRIDAY, "zeit=jetzt", {"a/jugendfeuerwehr"}),
    (TUESDAY_AFTERNOON, "zeit=woche&abends=1", None),  # computed only
    (FRIDAY_EVENING, "zeit=woche&abends=1", set()),  # the evenings of this week are over
    (TUESDAY_AFTERNOON, "zeit=woche", None),
    (TUESDAY_AFTERNOON, "abends=1", None),
    (TUESDAY_AFTERNOON, "zeit=unbekannt", None),
]


@pytest.mark.parametrize(("now", "query", "named"), CASES, ids=[f"{c[0]:%a-%H%M}-{c[1]}" for c in CASES])
def test_time_filters_with_a_fixed_clock(page, base_url: str, built_site: Path, now: datetime, query: str,  # noqa: ANN001
                                         named: set[str] | None) -> None:
    params = dict(part.split("=") for part in query.split("&"))
    want = expected(built_site, now, set(params.get("zeit", "").split(",")) - {""}, params.get("abends") == "1")
    found = shown(page, base_url, now, query)
    if named is not None:
        assert found == named == want
    else:
        assert found == want and found  # every computed case selects something
    if "unbekannt" in query:
        assert "o/frauenschutz-beratung" in found and "a/sprachcafe-dienstag" not in found
    assert not page.console_errors


def test_counts_and_next_dates_follow_the_clock(page, base_url: str) -> None:  # noqa: ANN001
    page.clock.set_fixed_time(TUESDAY_AFTERNOON)
    page.goto(base_url + "verzeichnis/")
    page.wait_for_selector("[data-sk-ready]", state="attached")
    assert page.locator("input[name=zeit][value=jetzt] + span").text_content() == "jetzt geöffnet (1)"
    assert page.locator("input[name=zeit][value=heute] + span").text_content() == "heute (3)"

    def when(ident: str) -> str:
        return plain(page.locator(f"[data-sk-id='{ident}'] [data-sk-when]").text_content())

    assert when("a/sprachcafe-dienstag") == "Läuft gerade, bis 17:00 · Di 15–17 Uhr"
    assert when("a/wohnungssuche-hilfe") == "Heute 17:00 · Di 17–19 Uhr"
    assert when("a/alphakurs") == "Morgen 13:00 · Mo, Mi 13–16 Uhr"
    assert when("a/frauenfruehstueck") == "Sa 5.12., 10:00 · jeden 1. Samstag, 10–12:30 Uhr"
    assert when("o/jugendmigrationsdienst") == "Morgen 10:00 · Di–Do 10–16 Uhr"
    assert when("o/internationaler-frauentreff") == "Do 09:30 · Di, Do 9:30–12 Uhr"
    # the next-date order puts what runs now first
    page.select_option("#sk-sortierung", "termin")
    page.wait_for_function("location.search.indexOf('sortierung=termin') >= 0")
    first = page.eval_on_selector_all("[data-sk-item]:not([hidden])", "els => els.slice(0, 3).map(e => e.dataset.skId)")
    assert first == ["a/sprachcafe-dienstag", "a/wohnungssuche-hilfe", "a/einbuergerung-info"]


def test_summer_time_day_shows_berlin_time(page, base_url: str) -> None:  # noqa: ANN001
    page.clock.set_fixed_time(SUMMER_TIME_SUNDAY)
    page.goto(base_url + "verzeichnis/")
    page.wait_for_selector("[data-sk-ready]", state="attached")
    assert plain(page.locator("[data-sk-id='a/frauenschwimmen'] [data-sk-when]").text_content()) == \
        "Läuft gerade, bis 09:30 · So 8–9:30 Uhr"


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(h)))


def points(site: Path) -> dict[str, tuple[float, float]]:
    data = json.loads((site / "karte" / "eintraege.json").read_text("utf-8"))
    col = {name: i for i, name in enumerate(data["columns"])}
    return {row[0]: (row[col["lat"]], row[col["lon"]]) for row in data["entries"] if row[col["lat"]] is not None}


def distance_texts(page) -> list[tuple[str, str]]:  # noqa: ANN001
    return page.eval_on_selector_all(
        "[data-sk-item]:not([hidden])",
        "els => els.map(e => [e.dataset.skId, e.querySelector('[data-sk-distance]').hidden ? '' :"
        " e.querySelector('[data-sk-distance]').textContent])")


def km(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " km" if value < 10 else f"{round(value)} km"


@pytest.fixture
def located(browser_context, base_url: str) -> Iterator[None]:  # noqa: ANN001
    browser_context.grant_permissions(["geolocation"], origin=base_url.rstrip("/"))
    browser_context.set_geolocation({"latitude": 48.9000, "longitude": 9.1899})  # by the Nachbarschaftshaus West
    yield
    browser_context.clear_permissions()
    browser_context.set_geolocation(None)


def test_near_me_from_my_position(page, base_url: str, built_site: Path, located: None) -> None:  # noqa: ANN001
    page.goto(base_url + "verzeichnis/")
    page.wait_for_selector("[data-sk-ready]", state="attached")
    requests = len(page.seen_requests)
    assert all(text == "" for _, text in distance_texts(page))  # nothing asked before the button
    page.get_by_role("button", name="Meinen Standort verwenden").click()
    page.wait_for_function("document.querySelector('#sk-sortierung').value === 'naehe'")
    page.wait_for_function("!document.querySelector('[data-sk-id=\"a/sprachcafe-west\"] [data-sk-distance]').hidden")
    here = (48.9000, 9.1899)
    where = points(built_site)
    rows = distance_texts(page)
    with_place = [(ident, text) for ident, text in rows if ident in where]
    ids = [ident for ident, _ in with_place]
    assert ids == sorted(ids, key=lambda i: (round(haversine(here, where[i]), 9), ids.index(i)))
    assert ids[0] in {"a/sprachcafe-west", "a/spielenachmittag-west", "o/sprachtreff-west"}
    for ident, text in with_place:
        normal = re.sub(r"\s", " ", text)
        want = km(haversine(here, where[ident]))
        assert normal == (" · ca. " + want if ident == "o/frauenschutz-beratung" else " · " + want), ident
    # online entries have no distance and come last
    assert [ident for ident, _ in rows if ident not in where] == [i for i, _ in rows[len(with_place):]]
    # the position stays in the page: not in the address, no request made for it
    assert "48.9" not in page.url and "hier" not in page.url
    assert len(page.seen_requests) == requests


def test_near_a_chosen_postcode(page, base_url: str, built_site: Path) -> None:  # noqa: ANN001
    page.goto(base_url + "verzeichnis/")
    page.wait_for_selector("[data-sk-ready]", state="attached")
    page.select_option("#sk-nahe", "plz-70806-kornwestheim")
    page.wait_for_function("location.search.indexOf('nahe=plz-70806-kornwestheim') >= 0"
                           " && location.search.indexOf('sortierung=naehe') >= 0")
    option = page.locator("#sk-nahe option[value='plz-70806-kornwestheim']")
    centre = (float(option.get_attribute("data-sk-lat")), float(option.get_attribute("data-sk-lon")))
    where = points(built_site)
    rows = [(i, t) for i, t in distance_texts(page) if i in where]
    values = [haversine(centre, where[i]) for i, _ in rows]
    assert values == sorted(values)
    assert re.sub(r"\s", " ", rows[0][1]) == " · " + km(values[0])
    # the chosen area is in the address: reloading keeps the order
    page.reload()
    page.wait_for_selector("[data-sk-ready]", state="attached")
    assert [i for i, _ in distance_texts(page) if i in where] == [i for i, _ in rows]


def test_cards_at_390_px(page, base_url: str) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "verzeichnis/")
    page.wait_for_selector("[data-sk-ready]", state="attached")
    women = page.locator("[data-sk-id='a/sprachcafe-dienstag']")
    women.scroll_into_view_if_needed()
    for selector, text in ((".sk-fact-for", "Frauen"), (".sk-fact-where", "Ludwigsburg"), (".sk-fact-cost", "kostenlos"),
                           (".sk-fact-languages", "العربية"), (".sk-fact-access", "rollstuhlgerecht"),
                           (".sk-fact-when", "Di 15–17 Uhr")):
        fact = women.locator(selector)
        assert fact.is_visible() and text in plain(fact.text_content()), selector
        box = fact.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_without_javascript_the_card_says_the_rule(no_js, base_url: str) -> None:  # noqa: ANN001
    no_js.goto(base_url + "verzeichnis/")
    women = no_js.locator("[data-sk-id='a/sprachcafe-dienstag']")
    assert women.locator(".sk-fact-when").text_content().strip() == "Wann: Di 15–17 Uhr"
    assert women.locator(".sk-fact-for").is_visible()
    no_js.goto(base_url + "organisationen/internationaler-frauentreff/")
    offer = no_js.locator("[data-sk-id='a/frauenfruehstueck'] .sk-fact-when")
    assert offer.text_content().strip() == "Wann: jeden 1. Samstag, 10–12:30 Uhr"


def test_map_filters_by_time_and_its_popup_says_the_next_date(page, base_url: str) -> None:  # noqa: ANN001
    """The map uses the same engine: zeit=jetzt at the fixed clock leaves the Sprachcafé, whose
    popup gives the time computed in the browser."""
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.clock.set_fixed_time(TUESDAY_AFTERNOON)
    page.goto(base_url + "karte/embed.html?zeit=jetzt")
    page.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
    assert page.evaluate("window.stadtkarte.shown") == ["a/sprachcafe-dienstag"]
    when = page.locator(".sk-popup .sk-popup-when")
    click_first_pin_until(page, when)
    assert when.text_content() == "Läuft gerade, bis 17:00"


def test_berlin_clock_and_german_formats_match_intl(page, base_url: str) -> None:  # noqa: ANN001
    """zeit.js computes Berlin's wall clock by the EU summer-time rule and writes German times and
    dates itself (no Intl at start, ENTWICKLUNG.md "Lighthouse (mobil)"): the same as Intl's Europe/Berlin
    every 15 minutes over two days around each change of the clock in three years, and the same
    as Intl's "de" for every minute of a day and every day of a leap year."""
    page.goto(base_url + "verzeichnis/")
    page.wait_for_function("window.stadtkarteZeit")
    mismatches = page.evaluate("""() => {
      const Z = window.stadtkarteZeit, bad = [];
      const intl = new Intl.DateTimeFormat("en-GB", {timeZone: "Europe/Berlin", year: "numeric", month: "2-digit",
        day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
      const starts = [];
      for (const year of [2026, 2027, 2028]) {
        starts.push(Date.UTC(year, 2, 24), Date.UTC(year, 9, 24), Date.UTC(year, 11, 31, 12));
      }
      let checked = 0;
      for (const start of starts) {
        for (let t = start; t < start + 9 * 86400000; t += 15 * 60000) {
          const p = {};
          intl.formatToParts(new Date(t)).forEach(x => { p[x.type] = Number(x.value); });
          const day = Math.round(Date.UTC(p.year, p.month - 1, p.day) / 86400000);
          const here = Z.berlin(new Date(t));
          checked++;
          if (here.day !== day || here.minutes !== (p.hour % 24) * 60 + p.minute) bad.push(new Date(t).toISOString());
        }
      }
      const time = new Intl.DateTimeFormat("de", {hour: "2-digit", minute: "2-digit", timeZone: "UTC"});
      for (let m = 0; m < 24 * 60; m++) {
        const want = time.format(new Date(Date.UTC(2000, 0, 1, Math.floor(m / 60), m % 60)));
        if (Z.formatTime(m, "de") !== want) bad.push("time " + m + " " + Z.formatTime(m, "de") + " " + want);
      }
      const date = new Intl.DateTimeFormat("de", {day: "numeric", month: "numeric", timeZone: "UTC"});
      const first = Date.UTC(2028, 0, 1) / 86400000;
      for (let d = first; d < first + 366; d++) {
        if (Z.formatDate(d, "de") !== date.format(new Date(d * 86400000))) bad.push("date " + d);
      }
      return {bad: bad.slice(0, 10), checked: checked};
    }""")
    assert mismatches["checked"] == 9 * 9 * 96
    assert mismatches["bad"] == []
    # other languages still go through Intl, with 24 hours (#25: not "06:05 PM")
    assert page.evaluate("window.stadtkarteZeit.formatTime(18 * 60 + 5, 'en')") == "18:05" == \
        page.evaluate("new Intl.DateTimeFormat('en', {hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC'})"
                      ".format(new Date(Date.UTC(2000, 0, 1, 18, 5)))")


def test_next_dates_are_gregorian_with_latin_digits_in_every_language(page, base_url: str) -> None:  # noqa: ANN001
    """#25: Intl's "fa" writes 2 January 2027 in the Iranian calendar with Persian digits
    ("۱۰/۱۲"), "ar" may use Arabic-Indic digits; the chips use the Gregorian calendar and Latin
    digits in every language, as the dates and times written at build time (Babel, README "Sprachen")."""
    page.goto(base_url + "verzeichnis/")
    page.wait_for_function("window.stadtkarteZeit")
    day = (date(2027, 1, 2) - date(1970, 1, 1)).days
    for lang in ("fa", "ar", "uk", "tr", "en"):
        written = page.evaluate("([day, lang]) => window.stadtkarteZeit.formatDate(day, lang)", [day, lang])
        assert sorted(int(n) for n in re.findall(r"\d+", written, flags=re.ASCII)) == [1, 2], (lang, written)
        assert not re.search(r"[\u0660-\u0669\u06f0-\u06f9]", written), (lang, written)
        time = page.evaluate("([lang]) => window.stadtkarteZeit.formatTime(18 * 60 + 5, lang)", [lang])
        assert time == "18:05", (lang, time)
    # a card's chip on 20 December for a date on Saturday 2 January, 10:00, in Persian
    texts = {"date": "{weekday} {date}، {time}", "date_day": "{weekday} {date}", "today": "", "tomorrow": "",
             "weekday": "", "today_day": "", "tomorrow_day": "", "weekdays": ["د", "س", "چ", "پ", "ج", "ش", "ی"]}
    chip = page.evaluate("""([texts]) => window.stadtkarteZeit.describe(
      {r: [["1", [5], null, "2027-01-02", "10:00", "12:00"]]}, new Date(Date.UTC(2026, 11, 20, 9)), texts, "fa", false)""", [texts])
    assert chip == "ش " + page.evaluate("([day]) => window.stadtkarteZeit.formatDate(day, 'fa')", [day]) + "، 10:00", chip
    assert "۱۰" not in chip and "۱۲" not in chip
