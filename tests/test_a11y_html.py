"""Accessibility of the built pages read as HTML (issue #16, item 8; the browser checks are in
tests/browser/test_a11y.py): links on 404.html, heading order, named landmarks, no-JS notes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


class Outline(HTMLParser):
    """Heading levels, links and search landmarks of one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.links: list[str] = []
        self.forms: list[tuple[str, str]] = []
        self.search_labels: list[str | None] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag == "form":
            self.forms.append((a.get("action") or "", a.get("role") or ""))
            if a.get("role") == "search":
                self.search_labels.append(a.get("aria-label"))


def test_404_links_stay_on_the_site(built_site: Path) -> None:
    """MkDocs renders 404.html with base_url "/": the footer must not write "//impressum/"."""
    page = Outline((built_site / "404.html").read_text("utf-8"))
    other_hosts = [link for link in page.links if link.startswith("//")]
    assert other_hosts == []
    for path in ("/impressum/", "/barrierefreiheit/", "/ueber/", "/export/", "/karte/einbinden/"):
        assert path in page.links, path
    assert [action for action, _ in page.forms if action.startswith("//")] == []


def test_no_heading_level_is_skipped(built_site: Path) -> None:
    skipped = {}
    for path in sorted(built_site.rglob("*.html")):
        levels = Outline(path.read_text("utf-8")).levels
        jumps = [(a, b) for a, b in zip([0, *levels], levels) if b > a + 1]
        if jumps:
            skipped[str(path.relative_to(built_site))] = jumps
    assert skipped == {}
    for page in ("verzeichnis/index.html", "karte/index.html"):
        levels = Outline((built_site / page).read_text("utf-8")).levels
        assert levels[levels.index(1) + 1] == 2 and 3 in levels, page


def test_search_landmarks_have_distinct_names(built_site: Path) -> None:
    start = Outline((built_site / "index.html").read_text("utf-8"))
    assert start.search_labels == ["Suche auf der ganzen Website", "Angebote und Organisationen suchen"]
    directory = Outline((built_site / "verzeichnis" / "index.html").read_text("utf-8"))
    assert None not in directory.search_labels and len(set(directory.search_labels)) == len(directory.search_labels)


def test_directory_says_what_works_without_javascript(built_site: Path) -> None:
    page = (built_site / "verzeichnis" / "index.html").read_text("utf-8")
    notes = re.findall(r"<noscript>(.*?)</noscript>", page, re.S)
    assert any("Ohne JavaScript zeigt diese Liste immer alle Einträge" in note for note in notes)
    # and what needs the script (the filter form) is left out by a style in the head's <noscript>
    assert any(".sk-js-only { display: none" in note for note in notes)
    assert re.search(r'<form class="sk-filters sk-js-only"', page)
