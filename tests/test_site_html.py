"""The directory site, built for real with ``mkdocs build --strict``, read as HTML."""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from stadtkarte.catalogue import load_catalogue
from stadtkarte.pages import SiteOptions, href, page_url
from stadtkarte.pipeline import generate

from .conftest import FIXTURE_DATA, ROOT, TODAY
from .sitebuild import build, copy_project

pytestmark = pytest.mark.slow

HIDDEN = ["organisationen/kulturzentrum-demokratie", "angebote/konzertreihe-vielfalt", "angebote/kleiderkammer"]
EXPIRED = ["angebote/sommerfest-2026", "angebote/berufssprachkurs-pflege", "angebote/garten-mitmachtag"]


class Page(HTMLParser):
    """Links, scripts, nav links and JSON-LD of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.nav_links: list[str] = []
        self.json_ld: list[str] = []
        self.h1: list[str] = []
        self._nav_depth = 0
        self._in_ld = False
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "nav" and "md-nav" in (a.get("class") or ""):
            self._nav_depth += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if self._nav_depth:
                self.nav_links.append(a["href"])
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "preconnect", "preload", "icon"):
            self.resources.append(a["href"])
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"
        self._in_h1 = tag == "h1" or self._in_h1

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(data)
            self._in_ld = False
        if self._in_h1:
            self.h1.append(data.strip())


@pytest.fixture
def site(built_site: Path) -> Path:
    return built_site


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_visible_entry_has_a_page_and_hidden_or_expired_do_not(site: Path) -> None:
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    for slug, entry in catalogue.organisations.items():
        exists = (site / "organisationen" / slug / "index.html").exists()
        assert exists == entry.model.visible, slug
    for path in HIDDEN + EXPIRED:
        assert not (site / path).exists(), path
    published = [p for p in catalogue.offers if not any(p in h for h in HIDDEN + EXPIRED)]
    for slug in published:
        assert (site / "angebote" / slug / "index.html").exists(), slug
    directory = (site / "verzeichnis" / "index.html").read_text("utf-8")
    for path in HIDDEN + EXPIRED:
        assert f"../{path}/" not in directory, path
    assert "Afrikanisches Sommerfest 2026" not in directory and "Konzertreihe Vielfalt" not in directory


def test_no_entry_page_in_any_sidebar_nav(site: Path) -> None:
    for path in html_pages(site):
        page = Page(path.read_text("utf-8"))
        entries = [link for link in page.nav_links if re.search(r"(organisationen|angebote)/[a-z0-9-]+/", link)]
        assert entries == [], f"{path}: {entries[:3]}"


def test_all_internal_links_resolve(site: Path) -> None:
    broken = []
    for path in html_pages(site):
        if path.name == "404.html":  # MkDocs writes root-absolute links there (no site_url set)
            continue
        for link in Page(path.read_text("utf-8")).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)} → {link}")
    assert broken == []


def test_json_ld_parses_and_matches_the_page(site: Path) -> None:
    exported = json.loads((site / "export" / "open-referral-hsds.json").read_text("utf-8"))
    hsds_names = {table: {o["id"]: o["name"] for o in exported[table]} for table in ("organization", "service")}
    checked = with_hours = 0
    for path in [*site.glob("organisationen/*/index.html"), *site.glob("angebote/*/index.html")]:
        page = Page(path.read_text("utf-8"))
        [raw] = page.json_ld
        data = json.loads(raw)
        assert data["@context"] == "https://schema.org"
        assert data["name"] == page.h1[0]
        # the same stable identifier as the open data exports
        table = "service" if data["@type"] == "Service" else "organization"
        assert hsds_names[table][data["identifier"].removeprefix("urn:uuid:")] == data["name"]
        if data["@type"] == "Service":
            provider = data["provider"]["identifier"].removeprefix("urn:uuid:")
            assert hsds_names["organization"][provider] == data["provider"]["name"]
        text = html.unescape(path.read_text("utf-8"))
        for key in ("telephone", "email"):
            if key in data:
                assert data[key] in text, (path, key)
        if "streetAddress" in data.get("address", {}):
            assert data["address"]["streetAddress"] in text
        for spec in data.get("openingHoursSpecification", []) + data.get("hoursAvailable", []):
            hours = f"{int(spec['opens'][:2])}:{spec['opens'][3:]}".removesuffix(":00")
            assert hours in text, (path, spec)
            with_hours += 1
        checked += 1
    assert checked >= 70 and with_hours >= 10


def test_private_details_never_reach_the_html(site: Path) -> None:
    private = (site / "organisationen" / "frauenschutz-beratung" / "index.html").read_text("utf-8")
    assert "Genaue Adresse auf Anfrage" in private
    data = json.loads(Page(private).json_ld[0])
    assert "streetAddress" not in data["address"]
    lat = data["location"]["geo"]["latitude"]
    assert round(lat, 4) == lat  # coarsened grid point, not the house
    assert "Aylin Demir" in (site / "organisationen" / "internationaler-frauentreff" / "index.html").read_text("utf-8")


def test_steckbrief_contents(site: Path) -> None:
    html = (site / "organisationen" / "internationaler-frauentreff" / "index.html").read_text("utf-8")
    assert '<a href="tel:07141000101"><bdi dir="ltr">07141 000101</bdi></a>' in html
    assert '<a href="mailto:info@frauentreff.example">' in html
    assert '<span lang="ar" dir="rtl">العربية</span>' in html
    assert 'Dienstag und Donnerstag <bdi dir="ltr">9:30–12 Uhr</bdi>' in html
    assert "Wir suchen Unterstützung" in html and "Wir bieten" in html
    assert "Stand: <bdi>14.10.2026</bdi>" in html
    assert "Eintrag bearbeiten" in html and "/edit/main/data/organisationen/internationaler-frauentreff.yml" in html
    assert "Fehler melden" in html
    assert "Sprachcafé am Dienstag" in html  # its offers


def test_offer_schedule_in_words_and_stale_notice(site: Path) -> None:
    html = (site / "angebote" / "spielenachmittag-west" / "index.html").read_text("utf-8")
    assert 'jeden 2. und 4. Freitag im Monat, <bdi dir="ltr">15–17:30 Uhr</bdi>' in html
    old = (site / "angebote" / "frauenfruehstueck" / "index.html").read_text("utf-8")  # checked 2025-06-10
    assert "seit über 12 Monaten nicht geprüft" in old
    assert "seit über 12 Monaten" not in html


def test_listing_pages(site: Path) -> None:
    arabic = (site / "sprachen" / "ar" / "index.html").read_text("utf-8")
    assert "<h1>Angebote auf Arabisch</h1>" in arabic and "Migrationsberatung auf Arabisch" in arabic
    assert "Angebote in Kornwestheim" in (site / "kommunen" / "kornwestheim" / "index.html").read_text("utf-8")
    board = (site / "pinnwand" / "index.html").read_text("utf-8")
    assert "Nähmaschinen (Spende)" in board and "Raum für 20 Personen am Abend" in board
    start = (site / "index.html").read_text("utf-8")
    assert "Beispieldaten" in start and "Sprache/Bildung" in start


def test_every_page_links_the_legal_pages(site: Path) -> None:
    for path in html_pages(site):
        html = path.read_text("utf-8")
        if path.name == "404.html" or path.name == "embed.html":  # the embed lives inside other sites' pages
            continue
        assert "Erklärung zur Barrierefreiheit" in html and "Impressum und Datenschutz" in html, path


def test_no_third_party_resources(site: Path) -> None:
    for path in html_pages(site):
        for resource in Page(path.read_text("utf-8")).resources:
            assert not urlsplit(resource).netloc, f"{path}: {resource}"
    cdn = re.compile(r"https?://(cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|unpkg\.com|code\.jquery\.com|"
                     r"netdna\.bootstrapcdn\.com|fonts\.googleapis\.com|fonts\.gstatic\.com)")
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js", ".json", ".xml"):
            assert not cdn.search(path.read_text("utf-8", errors="replace")), path


def test_search_index_finds_names_topics_and_languages(site: Path) -> None:
    """The site search is Pagefind's index of the entry pages (tests/test_search.py has more)."""
    import gzip

    assert not (site / "search" / "search_index.json").exists()  # the theme's lunr search is off
    texts = []
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        texts.append(record["content"] + " " + record["meta"]["title"])
    text = " ".join(texts)
    for needle in ("Internationaler Frauentreff", "Begegnung und Freizeit", "Arabisch", "Türkçe", "Hausaufgabenhilfe"):
        assert needle in text, needle


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "again")
    result = build(project, tmp_path / "site2")
    assert result.returncode == 0, result.stderr

    # Pagefind 1.5.2 writes its filter chunks in a different order on each run (their names, and the
    # two files naming them, change); its word index and page fragments are identical. The offline
    # files name and hash the whole site, those files included (sw.js, offline/bundle.json).
    unstable = re.compile(r"pagefind/(filter/.*|pagefind\.[a-z_0-9]+\.pf_meta|pagefind-entry\.json)|sw\.js|offline/bundle\.json")

    def digest(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*")
                if p.is_file() and not unstable.fullmatch(p.relative_to(root).as_posix())}

    first, second = digest(site), digest(tmp_path / "site2")
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_hostile_text_is_escaped_when_rendered() -> None:
    """Validation refuses HTML, but the renderer must be safe on its own (defence in depth)."""
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    entry = catalogue.organisations["sprachtreff-west"]
    entry.model = entry.model.model_copy(update={
        "name": '<img src=x onerror=alert(1)>"',
        "description": {"de": "Hallo <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"},
        "support_wanted": ["<b>fett</b>"],
    })
    files = {f.path: f.content for f in generate(catalogue, SiteOptions(today=TODAY))}
    page = files["organisationen/sprachtreff-west.md"]
    front, body = page.split("---\n", 2)[1:]
    assert "<" not in front  # title and meta description are escaped for the theme
    assert json.loads(front.splitlines()[0][len("title: "):]) == "&lt;img src=x onerror=alert(1)&gt;&quot;"
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert ld and "<" not in ld.group(1) and json.loads(ld.group(1))["name"] == '<img src=x onerror=alert(1)>"'
    visible = body.replace(ld.group(0), "")
    assert "<script" not in visible and "<img" not in visible and "javascript:" not in visible
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in visible and "&lt;img src=x onerror=alert(3)&gt;" in visible
    assert "&lt;b&gt;fett&lt;/b&gt;" in visible
    directory = files["verzeichnis/index.md"]
    assert "<img src=x" not in directory and "&lt;img src=x onerror=alert(1)&gt;&#34;" in directory


def test_relative_links() -> None:
    assert page_url("organisationen/foo.md") == "organisationen/foo/"
    assert page_url("verzeichnis/index.md") == "verzeichnis/"
    assert page_url("index.md") == ""
    assert href("organisationen/foo/", "angebote/bar/") == "../../angebote/bar/"
    assert href("", "verzeichnis/") == "verzeichnis/"
    assert href("verzeichnis/", "") == "../"
    assert href("pinnwand/", "pinnwand/") == "./"


def test_generate_writes_the_same_pages(tmp_path: Path) -> None:
    import subprocess
    import sys

    from .sitebuild import copy_project

    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "stadtkarte.cli", "generate", "--out", str(out)], cwd=project, capture_output=True, text=True,
        env={**__import__("os").environ, "SOURCE_DATE_EPOCH": "1795392000"},
    )
    assert result.returncode == 0, result.stderr
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    expected = generate(catalogue, SiteOptions(today=date(2026, 11, 23), repo_url="https://github.com/stadt-example/stadtkarte-integration",
                                               editorial_email="integration@stadt.example", site_name="Stadtkarte Integration"))
    docs = out / "docs"  # beside it zensical.toml (tests/test_emit.py)
    static = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*") if p.is_file()}
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) == sorted(
        static | {f.path for f in expected})
    sample = next(f for f in expected if f.path == "angebote/sprachcafe-dienstag.md")
    assert (docs / sample.path).read_text("utf-8") == sample.content


def test_theme_cdn_addresses_are_replaced(tmp_path: Path) -> None:
    from stadtkarte.privacy import remove_cdn_references

    bundle = tmp_path / "assets" / "javascripts" / "bundle.abc.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text('a=_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js");b="https://api.github.com/repos"', "utf-8")
    assert remove_cdn_references(tmp_path) == [bundle]
    assert bundle.read_text("utf-8") == 'a=_t("data:text/javascript,");b="https://api.github.com/repos"'
    assert remove_cdn_references(tmp_path) == []


def test_footer_texts_without_hooks_equal_the_locale_file() -> None:
    """The theme's footer reads the locale file through the hooks; its German fallback (for builds
    without our hooks) must say the same."""
    from jinja2 import Environment

    from stadtkarte.i18n import t

    source = (ROOT / "src" / "stadtkarte" / "theme" / "partials" / "copyright.html").read_text("utf-8")
    pairs = re.findall(r"text\('([\w.]+)', '([^']*)'\)", source)
    assert len(pairs) == 7
    assert [(key, german) for key, german in pairs if t(key) != german] == []
    template = Environment(autoescape=True).from_string(source)
    plain = template.render(config={}, base_url="..")
    with_hooks = template.render(config={}, base_url="..", sk_t=t)
    assert plain == with_hooks and '<a href="../export/">Offene Daten</a>' in plain
    assert '<a href="../karte/einbinden/">Karte einbinden</a>' in plain
    # 404.html: MkDocs gives base_url "/" (or the site_url's path); never "//export/" (another host)
    assert '<a href="/export/">' in template.render(config={}, base_url="/", sk_t=t)
    assert '<a href="/stadt/export/">' in template.render(config={}, base_url="/stadt/", sk_t=t)


def test_phone_links_dial_what_the_number_says() -> None:
    from stadtkarte.pages import tel_uri

    assert tel_uri("07141 000101") == "tel:07141000101"
    assert tel_uri("(07141) 00 01-01") == "tel:07141000101"
    assert tel_uri("+49 (0)35955 / 44 33-22") == "tel:+4935955443322"  # was tel:+49035955443322
    assert tel_uri("+49 7141 000101") == "tel:+497141000101"
    assert tel_uri("116 117") == "tel:116117"
