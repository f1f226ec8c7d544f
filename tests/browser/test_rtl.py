"""Right to left and the Arabic-script font in real Chromium, at a phone's and a desktop's width.

The pages are served as an Arabic page would be: ``<html lang="ar" dir="rtl">`` and the theme's
``<body dir="rtl">`` (here the test rewrites the German pages on the way to the browser, so the
CSS is tested apart from the per-language pages), with an Arabic heading. The font must come
from the site itself, the layout must not overflow sideways and the map's controls change sides.
A German page without Arabic letters downloads no font file at all.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .test_map import tiles  # noqa: F401  (fixture: tile requests answered locally)

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
PAGES = ["", "verzeichnis/", "organisationen/frauenschutz-beratung/", "karte/", "leichte-sprache/"]
ARABIC = "دليل الاندماج"


def as_arabic(page, base_url: str) -> None:  # noqa: ANN001
    """Every HTML document of the site reaches the browser right to left, with an Arabic heading."""

    def rewrite(route) -> None:  # noqa: ANN001
        response = route.fetch()
        if "text/html" not in response.headers.get("content-type", ""):
            route.fulfill(response=response)
            return
        body = response.text()
        body = re.sub(r"<html lang=\"de\"", '<html lang="ar" dir="rtl"', body, count=1)
        body = body.replace('<body dir="ltr"', '<body dir="rtl"', 1)
        body = re.sub(r"(<h1[^>]*>)", rf'\1<span lang="ar">{ARABIC}</span> ', body, count=1)
        route.fulfill(response=response, body=body)

    page.route(base_url + "**", rewrite)


def overflowing(page) -> list[str]:  # noqa: ANN001
    """Elements reaching past the right or left edge of the page (off-canvas drawers and the
    visually hidden skip links aside), and whether the page scrolls sideways."""
    return page.evaluate("""() => {
      const width = document.documentElement.clientWidth;
      const found = document.documentElement.scrollWidth > width ? ["scrollWidth " + document.documentElement.scrollWidth] : [];
      for (const e of document.querySelectorAll(".md-main *")) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || e.closest(".md-sidebar, .sk-visually-hidden, .sk-skip-map, .leaflet-pane, iframe")) continue;
        if (r.right > width + 1 || r.left < -1) found.push(e.tagName + "." + e.className + " " + Math.round(r.left) + ".." + Math.round(r.right));
      }
      return found.slice(0, 10);
    }""")


@pytest.mark.parametrize("width", WIDTHS)
def test_right_to_left_pages_use_the_sites_arabic_font_and_do_not_overflow(page, base_url: str, tiles, width: int) -> None:  # noqa: ANN001, F811
    as_arabic(page, base_url)
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        heading = page.evaluate("""async () => {
          await document.fonts.ready;
          const h1 = document.querySelector("h1");
          return {family: getComputedStyle(h1).fontFamily, body: getComputedStyle(document.body).direction,
                  rendered: document.fonts.check(getComputedStyle(h1).fontWeight + " 16px Vazirmatn", h1.textContent),
                  loaded: [...document.fonts].some(f => f.family.replace(/"/g, "") === "Vazirmatn" && f.status === "loaded")};
        }""")
        assert heading["family"].startswith("Vazirmatn") and heading["body"] == "rtl", (path, heading)
        assert heading["loaded"] and heading["rendered"], (path, heading)
        assert overflowing(page) == [], (path, width)
    fonts = [url for url in page.seen_requests if url.endswith(".woff2")]
    assert fonts and all(url.startswith(base_url + "assets/stadtkarte/vendor/vazirmatn/") for url in fonts)
    hosts = {urlsplit(url).netloc for url in page.seen_requests if url.startswith("http")}
    assert hosts <= {urlsplit(base_url).netloc, "tile.openstreetmap.org"}
    assert page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_map_controls_change_sides_right_to_left(page, base_url: str, tiles, width: int) -> None:  # noqa: ANN001, F811
    def sides() -> dict[str, str]:
        page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
        page.goto(base_url + "karte/embed.html")
        page.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
        return page.evaluate("""() => {
          const middle = document.documentElement.clientWidth / 2;
          const side = sel => { const r = document.querySelector(sel).getBoundingClientRect(); return r.left + r.width / 2 < middle ? "left" : "right"; };
          return {zoom: side(".leaflet-control-zoom"), legend: side(".sk-legend"), attribution: side(".leaflet-control-attribution"),
                  font: getComputedStyle(document.querySelector(".leaflet-container")).fontFamily};
        }""")

    ltr = sides()
    as_arabic(page, base_url)
    rtl = sides()
    assert (ltr["zoom"], ltr["legend"]) == ("left", "right")
    assert (rtl["zoom"], rtl["legend"]) == ("right", "left")
    if width > 600:  # on a phone the attribution spans the whole width
        assert (ltr["attribution"], rtl["attribution"]) == ("right", "left")
    assert rtl["font"].startswith("Vazirmatn") and not ltr["font"].startswith("Vazirmatn")
    assert overflowing(page) == []


@pytest.mark.parametrize("rtl", [False, True], ids=["ltr", "rtl"])
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_scale_and_online_panel_stand_clear_of_the_credit_line(page, base_url: str, tiles, width: int, rtl: bool) -> None:  # noqa: ANN001, F811
    """On a narrow map the credit line reaches across the whole width (two lines at 320 px): the
    scale and the "Nur online" panel stand above it, not on it, also when the panel is opened;
    the scale reads "2 km" left to right in every language."""
    if rtl:
        as_arabic(page, base_url)
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.goto(base_url + "karte/embed.html")
    page.wait_for_function("window.stadtkarte && window.stadtkarte.ready && document.querySelector('.sk-online')")
    covered = """() => {
      const box = sel => document.querySelector(sel).getBoundingClientRect();
      const credit = box(".leaflet-control-attribution");
      return [".leaflet-control-scale", ".sk-online"].filter(sel => {
        const r = box(sel);
        return r.bottom > credit.top + 0.5 && r.left < credit.right && r.right > credit.left;
      });
    }"""
    assert page.evaluate(covered) == []
    page.locator(".sk-online summary").click()
    page.wait_for_function("document.querySelector('.sk-online').open")
    assert page.evaluate(covered) == []
    assert page.evaluate("getComputedStyle(document.querySelector('.leaflet-control-scale-line')).direction") == "ltr"


@pytest.mark.parametrize("rtl", [False, True], ids=["ltr", "rtl"])
@pytest.mark.parametrize("size", [(1280, 900), (700, 500)])
def test_pins_keep_clear_of_the_open_legend(page, base_url: str, tiles, size: tuple[int, int], rtl: bool) -> None:  # noqa: ANN001, F811
    """On a large map the legend stands open in its corner (bottom right, right to left bottom
    left): the first view leaves every pin and bundle beside it, not under it."""
    if rtl:
        as_arabic(page, base_url)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(base_url + "karte/embed.html")
    page.wait_for_function("window.stadtkarte && window.stadtkarte.ready && document.querySelector('.sk-legend')")
    page.wait_for_function("document.querySelectorAll('.marker-cluster:not(.sk-first), .sk-pin-wrap:not(.sk-first)').length > 0")
    found = page.evaluate("""() => {
      const legend = document.querySelector('.sk-legend');
      const box = legend.getBoundingClientRect();
      const under = [...document.querySelectorAll('.marker-cluster, .sk-pin-wrap, path.leaflet-interactive')].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width && r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom;
      }).map(e => e.getAttribute('aria-label') || e.tagName);
      return {open: legend.open, under: under};
    }""")
    assert found == {"open": True, "under": []}


def test_a_german_page_without_arabic_letters_downloads_no_font(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url + "leichte-sprache/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.ready.then(() => [...document.fonts].filter(f => f.status !== 'unloaded').length)") == 0
    assert [url for url in page.seen_requests if url.endswith((".woff2", ".woff", ".ttf"))] == []
    assert page.evaluate("getComputedStyle(document.querySelector('.sk-easy')).hyphens") == "manual"


def test_bundle_circles_stay_centred_in_their_ring_right_to_left(page, base_url: str, tiles) -> None:  # noqa: ANN001, F811
    """markercluster's 40 px icon holds a 30 px circle with margin-left: 5px; right to left the
    circle slid to the ring's right edge (seen in a screenshot of /ar/karte/)."""
    as_arabic(page, base_url)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "karte/embed.html")
    page.wait_for_function("window.stadtkarte && window.stadtkarte.ready")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    offsets = page.evaluate("""() => [...document.querySelectorAll('.marker-cluster:not(.sk-first)')].map(ring => {
      const outer = ring.getBoundingClientRect(), inner = ring.firstElementChild.getBoundingClientRect();
      return (inner.left - outer.left) - (outer.right - inner.right);
    })""")
    assert offsets and all(abs(offset) < 1 for offset in offsets), offsets


@pytest.fixture(scope="module")
def languages_url(built_languages_site):  # noqa: ANN001, ANN201
    from .conftest import serve

    url, server = serve(built_languages_site)
    yield url
    server.shutdown()


#: where a piece of text is drawn: the left edge of its first occurrence's box (-1: not found)
LEFT_OF = """([text, piece]) => {
  const walker = document.createTreeWalker(document.querySelector(".md-content"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    const start = at + text.lastIndexOf(piece);
    range.setStart(node, start);
    range.setEnd(node, start + piece.length);
    return range.getBoundingClientRect().left;
  }
  return -1;
}"""


def test_phone_numbers_and_times_read_left_to_right_in_an_arabic_page(page, languages_url: str) -> None:  # noqa: ANN001
    """#25: "07141 000101" is not drawn as "000101 07141", nor "9:30–12" as "12–9:30", on a phone."""
    page.route("https://**", lambda route: route.abort())
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(languages_url + "ar/organisationen/internationaler-frauentreff/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    phone = [page.evaluate(LEFT_OF, ["07141 000101", piece]) for piece in ("07141", "000101")]
    assert -1 not in phone and phone[0] < phone[1], phone
    times = [page.evaluate(LEFT_OF, ["9:30–12", piece]) for piece in ("9:30", "12")]
    assert -1 not in times and times[0] < times[1], times


def test_phone_numbers_and_times_read_left_to_right_on_paper(page, languages_url: str) -> None:  # noqa: ANN001
    """#25: the printed Arabic page (print.css) has the phone number and the opening hours in their
    order, read from the PDF's text (drawn order): not "000101 07141", not "12–9:30"."""
    from .test_print import print_pdf

    page.route("https://**", lambda route: route.abort())
    page.goto(languages_url + "ar/organisationen/internationaler-frauentreff/")
    text = " ".join(print_pdf(page))
    assert "07141 000101" in text and "000101 07141" not in text, text
    assert "9:30–12" in text and "12–9:30" not in text, text
