"""The Leichte-Sprache page (§ 4 BITV 2.0), its links from the start page and every footer, and
the self-hosted Arabic-script font – in a real ``mkdocs build`` of the fixture site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from stadtkarte.catalogue import load_catalogue
from stadtkarte.i18n import t
from stadtkarte.pages import EASY_LANGUAGE_TAG, SiteOptions
from stadtkarte.pipeline import generate
from stadtkarte.render import SignVideo

from .conftest import FIXTURE_DATA, ROOT, TODAY

pytestmark = pytest.mark.slow

FOUR_EXPLANATIONS = [  # § 4 BITV 2.0: contents, navigation, accessibility statement, more LS/DGS
    "Was steht auf dieser Website?",
    "So benutzen Sie die Website",
    "Ist die Website barriere·frei?",
    "Wo gibt es mehr in Leichter Sprache und in Gebärden·sprache?",
]


class Outline(HTMLParser):
    """Headings, links (with the lang of the link), elements with a lang attribute, the footer's links."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.links: list[dict[str, str | None]] = []
        self.footer_links: list[str] = []
        self.langs: list[tuple[str, str]] = []
        self._heading: str | None = None
        self._text = ""
        self._footer = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("lang"):
            self.langs.append((tag, a["lang"] or ""))
        if tag in ("h1", "h2", "h3"):
            self._heading, self._text = tag, ""
        if tag == "div" and "md-copyright" in (a.get("class") or ""):
            self._footer += 1
        elif tag == "div" and self._footer:
            self._footer += 1
        if tag == "a" and a.get("href"):
            self.links.append(a)
            if self._footer:
                self.footer_links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, " ".join(self._text.split())))
            self._heading = None
        if tag == "div" and self._footer:
            self._footer -= 1

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._text += data


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def resolves(site: Path, page_url: str, href: str) -> Path:
    """The file a relative link on the page at ``page_url`` leads to."""
    target = urljoin("http://x/" + page_url, href)[len("http://x/"):]
    return site / (target + "index.html" if target.endswith("/") or target == "" else target)


def test_easy_language_page_has_its_language_tag_and_the_four_explanations(built_site: Path) -> None:
    page = read(built_site, "leichte-sprache")
    outline = Outline(page)
    assert ("div", EASY_LANGUAGE_TAG) in outline.langs and EASY_LANGUAGE_TAG == "de-x-ls"
    assert ("h1", t("easy.title")) in outline.headings
    assert [text for tag, text in outline.headings if tag == "h2"][:4] == FOUR_EXPLANATIONS
    assert "Diese Website heißt: Stadtkarte Integration." in page  # the fixture's site_name
    # navigation: the directory and the map are linked, the accessibility statement (docs/) too
    hrefs = [str(a["href"]) for a in outline.links]
    for target in ("../verzeichnis/", "../karte/", "../barrierefreiheit/"):
        assert target in hrefs and resolves(built_site, "leichte-sprache/", target).is_file()
    # no DGS videos configured: where to ask for them (the editors' address of the fixture)
    assert "noch keine Videos in Gebärden·sprache" in page
    assert 'href="mailto:integration@stadt.example"' in page
    assert "<video" not in page


def test_easy_language_page_carries_its_tag_in_the_front_matter() -> None:
    """``sprache_tag: de-x-ls`` is what the theme's language partial reads for ``<html lang>``;
    ``sprache: de`` keeps the page in the German tree (links, navigation, footer)."""
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    page = next(f for f in generate(catalogue, SiteOptions(today=TODAY)) if f.path == "leichte-sprache.md")
    front, body = page.split()
    assert 'sprache_tag: "de-x-ls"' in front.splitlines()
    assert 'sprache: "de"' in front.splitlines()
    assert 'lang="de-x-ls"' in body
    # without a mail address the imprint is named as the place to ask
    assert t("easy.more.imprint_link") in body and 'href="../impressum/"' in body


def test_sign_language_videos_have_a_download_link_with_size_and_duration() -> None:
    """BITV 2.0 Anlage 2: DGS videos can be downloaded; the link says format, size and length."""
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    videos = (SignVideo("Was steht auf dieser Website?", "videos/dgs-inhalte.mp4", 24.5, "2:30"),
              SignVideo("So <benutzen> Sie die Website", "https://video.stadt.example/dgs.webm", 8, "0:45"))
    page = next(f for f in generate(catalogue, SiteOptions(today=TODAY, sign_language=videos))
                if f.path == "leichte-sprache.md")
    body = page.split()[1]
    assert '<source src="../videos/dgs-inhalte.mp4" type="video/mp4">' in body
    assert ('<a href="../videos/dgs-inhalte.mp4" download>Video herunter·laden: Was steht auf dieser Website? '
            "(MP4, 24,5 MB, 2:30 Minuten)</a>") in body
    assert '<source src="https://video.stadt.example/dgs.webm" type="video/webm">' in body
    assert "So &lt;benutzen&gt; Sie die Website (WEBM, 8 MB, 0:45 Minuten)" in body
    assert "noch keine Videos" not in body


def test_start_page_links_the_easy_language_page_near_the_top(built_site: Path) -> None:
    page = (built_site / "index.html").read_text("utf-8")
    content = page[page.index('<div class="sk-page sk-start">'):]
    link = re.search(r'<a href="([^"]+)" hreflang="de-x-ls">(<svg[^>]*aria-hidden="true".*?</svg>)<span lang="de-x-ls">'
                     r"Leichte Sprache</span></a>", content, re.S)
    assert link and link.group(1) == "leichte-sprache/"
    assert content.index(link.group(0)) < content.index('role="search"')  # before the search and the tiles
    assert "<image" not in link.group(2) and "href" not in link.group(2)  # drawn here, no outside logo


def test_every_page_footer_links_the_easy_language_page(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if p.name == "index.html" or p.name == "404.html"]
    assert len(pages) > 50
    missing = []
    for path in pages:
        url = path.parent.relative_to(built_site).as_posix() + "/"
        url = "" if url == "./" else url
        text = path.read_text("utf-8")
        if 'class="md-copyright"' not in text:
            continue  # not a theme page (e.g. the offline page of the service worker)
        links = Outline(text).footer_links
        if path.name == "404.html":
            ok = "/leichte-sprache/" in links
        else:
            ok = any(resolves(built_site, url, href) == built_site / "leichte-sprache" / "index.html" for href in links)
        if not ok:
            missing.append(url or path.name)
    assert missing == []


def test_easy_language_style_never_hyphenates_and_keeps_each_sentence_on_its_line() -> None:
    css = (ROOT / "src" / "stadtkarte" / "assets" / "stadtkarte.css").read_text("utf-8")
    rule = re.search(r"\.sk-easy \{([^}]*)\}", css)
    assert rule and "hyphens: manual" in rule.group(1) and re.search(r"line-height: 1\.[5-9]", rule.group(1))
    assert re.search(r"\.sk-easy-lines \{ white-space: pre-line; \}", css)
    # one sentence a line: the texts separate sentences by line breaks, not by spaces
    for key in ("easy.use.search", "easy.use.filter", "easy.accessibility.report", "easy.more.sign_language"):
        text = t(key, button="Suchen")
        assert ". " not in text and "? " not in text, key


def test_arabic_font_is_served_by_the_site_with_unicode_range(built_site: Path) -> None:
    css = (built_site / "assets" / "stadtkarte" / "schrift.css").read_text("utf-8")
    faces = re.findall(r"@font-face \{(.*?)\}", css, re.S)
    assert len(faces) == 2
    for face in faces:
        assert 'font-family: "Vazirmatn"' in face and "font-display: swap" in face
        assert re.search(r"unicode-range: U\+0600-06FF, [^;]*U\+FB50-FDFF, U\+FE70-FE74, U\+FE76-FEFC;", face)
        assert "U+0000" not in face and "U+0041" not in face  # no Latin letters: German pages never fetch it
        src = re.search(r'src: url\("([^"]+)"\) format\("woff2"\)', face)
        assert src and not src.group(1).startswith(("http", "/"))
        font = built_site / "assets" / "stadtkarte" / src.group(1)
        assert font.read_bytes()[:4] == b"wOF2" and 10_000 < font.stat().st_size < 60_000
    assert (built_site / "assets" / "stadtkarte" / "vendor" / "vazirmatn" / "OFL.txt").is_file()
    assert re.search(r":is\(\[lang\|=ar\], \[lang\|=fa\], \[dir=rtl\]\)", css)
    # every page loads it inside its one stylesheet (pages.page_bundles), with the same font URLs
    assert "assets/stadtkarte/seiten-paket.css" in (built_site / "index.html").read_text("utf-8")
    page_bundle = (built_site / "assets" / "stadtkarte" / "seiten-paket.css").read_text("utf-8")
    assert re.findall(r"@font-face \{(.*?)\}", page_bundle, re.S) == faces
    # the map document loads it inside its one stylesheet (maps.bundles), with the same font URLs
    assert "assets/stadtkarte/karte-paket.css" in (built_site / "karte/embed.html").read_text("utf-8")
    bundle = (built_site / "assets" / "stadtkarte" / "karte-paket.css").read_text("utf-8")
    assert re.findall(r"@font-face \{(.*?)\}", bundle, re.S) == faces
