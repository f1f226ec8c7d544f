"""Numbers, addresses and times isolated left to right in right-to-left pages (issue #25, item 4):
the pieces (:mod:`stadtkarte.bidi`) and the built Arabic tree (tests/fixtures/sprachen), read as HTML.
The rendered order in Chromium: tests/browser/test_rtl.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup

from stadtkarte import bidi
from stadtkarte.i18n import speaking
from stadtkarte.models import OpeningHours
from stadtkarte.schedule import describe_hours

#: "9–12", "8:30–12:30", "14–18" (the time range of the locale files: start–end)
TIME_RANGE = re.compile(r"\d{1,2}(?::\d\d)?\s*–\s*\d{1,2}(?::\d\d)?")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Texts(HTMLParser):
    """Each text node of the page with whether an element around it has ``dir="ltr"``, and the
    same for the text of every ``tel:`` link. Only the page's own part counts for ``texts`` (not
    the theme's header), without names and German texts (``lang="de"``, ``dir="auto"``, a ``<bdi>`` in its own direction: "Klasse 1–7")."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.content: int | None = None  # the depth of the page's own part (.sk-page), not the theme's header
        self.stack: list[tuple[str, bool, bool, bool]] = []  # (tag, dir=ltr here or above, in a tel: link, German)
        self.texts: list[tuple[str, bool]] = []  # outside German texts and names (lang="de", dir="auto")
        self.phones: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        values = dict(attrs)
        ltr = (self.stack[-1][1] if self.stack else False) or values.get("dir") == "ltr"
        if values.get("dir") == "rtl":
            ltr = False
        tel = (self.stack[-1][2] if self.stack else False) or (tag == "a" and (values.get("href") or "").startswith("tel:"))
        german = (self.stack[-1][3] if self.stack else False) or values.get("dir") == "auto" or (values.get("lang") or "").startswith("de") \
            or (tag == "bdi" and "dir" not in values) or not self.content
        if "sk-page" in (values.get("class") or "").split():
            self.content, german = len(self.stack), False
        self.stack.append((tag, ltr, tel, german))

    def handle_endtag(self, tag: str) -> None:
        if all(entry[0] != tag for entry in self.stack):
            return  # a stray end tag
        while self.stack.pop()[0] != tag:
            pass
        if self.content is not None and len(self.stack) <= self.content:
            self.content = None

    def handle_data(self, data: str) -> None:
        if not data.strip() or not self.stack or self.stack[-1][0] in ("script", "style"):
            return
        _, ltr, tel, german = self.stack[-1]
        if not german:
            self.texts.append((data, ltr))
        if tel:
            self.phones.append((data, ltr))


def texts_of(page: Path) -> _Texts:
    parser = _Texts()
    parser.feed(page.read_text("utf-8"))
    return parser


def test_ltr_isolates_a_value_and_escapes_it() -> None:
    assert bidi.ltr("07141 000101") == Markup('<bdi dir="ltr">07141 000101</bdi>')
    assert bidi.ltr("a<b@example.org") == Markup('<bdi dir="ltr">a&lt;b@example.org</bdi>')
    assert bidi.ltr(None) == Markup("") and bidi.isolate("") == Markup("")
    assert bidi.isolate("2 € pro Treffen") == Markup("<bdi>2 € pro Treffen</bdi>")


def test_isolates_in_a_text_become_bdi_elements_and_stay_escaped() -> None:
    text = "Di <b> " + bidi.left_to_right("9:30–12") + " & " + bidi.first_strong("24.11.2026")
    assert bidi.finalize(text) == Markup('Di &lt;b&gt; <bdi dir="ltr">9:30–12</bdi> &amp; <bdi>24.11.2026</bdi>')
    assert bidi.finalize(Markup("<i>x</i>")) == Markup("<i>x</i>")  # HTML from a macro is left alone
    assert bidi.finalize("no isolates") == "no isolates"
    assert bidi.html(bidi.PDI + "x" + bidi.LRI + "y") == Markup('x<bdi dir="ltr">y</bdi>')  # unbalanced
    assert bidi.plain(text) == "Di <b> 9:30–12 & 24.11.2026"


def test_opening_hours_isolate_the_time_range_in_every_language() -> None:
    hours = OpeningHours.model_validate({"tage": ["di"], "von": "09:30", "bis": "12:00"})
    with speaking("ar"):
        text = describe_hours(hours)
    assert bidi.LRI + "9:30–12" + bidi.PDI in text


def test_phone_numbers_and_time_ranges_are_left_to_right_on_arabic_entry_pages(built_languages_site: Path) -> None:
    pages = sorted((built_languages_site / "ar").glob("organisationen/*/index.html"))
    pages += sorted((built_languages_site / "ar").glob("angebote/*/index.html"))
    phones = ranges = 0
    for page in pages:
        found = texts_of(page)
        for text, ltr in found.phones:
            phones += 1
            assert ltr, (page, text)
        for text, ltr in found.texts:
            if TIME_RANGE.search(text):
                ranges += 1
                assert ltr, (page, text)
    assert phones >= 5 and ranges >= 5, (phones, ranges)  # the fixture has both


def test_calendar_file_name_and_cost_keep_their_order_on_arabic_pages(built_languages_site: Path) -> None:
    pages = sorted((built_languages_site / "ar").glob("angebote/*/index.html"))
    html = "".join(page.read_text("utf-8") for page in pages)
    assert '(<bdi dir="ltr">.ics</bdi>)' in html and "(.ics)" not in html
    costs = re.findall(r"<dd>(.*?)</dd>", html)
    assert any(cost.startswith("<bdi>") for cost in costs)
    # "Aylin Demir (Koordination)", not "(Aylin Demir (Koordination"
    page = (built_languages_site / "ar/organisationen/internationaler-frauentreff/index.html").read_text("utf-8")
    assert '<dd><bdi lang="de">Aylin Demir (Koordination)</bdi></dd>' in page


def test_the_cards_rule_attribute_keeps_its_isolates_as_characters(built_languages_site: Path) -> None:
    """zeit.js writes ``data-sk-rule`` back as text: the isolates stay characters there (an element
    in an attribute would break the page)."""
    page = (built_languages_site / "ar/verzeichnis/index.html").read_text("utf-8")
    rules = re.findall(r'data-sk-rule="([^"]*)"', page)
    assert rules and all("<" not in rule and "&lt;" not in rule for rule in rules)
    assert any(bidi.LRI + "13–16" + bidi.PDI in rule for rule in rules)
