"""The site in several languages (issue #14): one page tree per language of
``extra.stadtkarte.sprachen``, built for real (tests/fixtures/sprachen/mkdocs.yml: de, en, ar)
and read as HTML; the pieces (links, dates, navigation, theme override) one by one."""

from __future__ import annotations

import gzip
import hashlib
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest

from stadtkarte import bidi, i18n
from stadtkarte.i18n import has_locale, messages, speaking, t
from stadtkarte.render import in_tree, tree_prefix
from stadtkarte.schedule import date_text
from stadtkarte.sitelanguages import label_key, navigation, write_sitemaps
from stadtkarte.settings import load_settings

from .conftest import FIXTURE_DATA, FIXTURES, ROOT

LANGUAGES = ("de", "en", "ar")
#: the fixture project's own site_url (tests/fixtures/sprachen/mkdocs.yml), read from it
SITE_URL = load_settings(FIXTURES / "sprachen" / "mkdocs.yml").site_url


def read(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


class _Links(HTMLParser):
    """Every href/src of a page, with the tag and its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Links()
    parser.feed(html)
    return parser.found


def resolves(site: Path, page: Path, url: str) -> bool:
    """True when the relative ``url`` on ``page`` leads to a file of the built site."""
    path = unquote(urlsplit(url).path)
    if not path:
        return True  # "#top" or "?suche=…": the page itself
    target = (page.parent / path).resolve()
    if not target.is_relative_to(site.resolve()):
        return False
    return target.is_file() or (target / "index.html").is_file()


# --- the pieces ---------------------------------------------------------------------------------


def test_t_speaks_the_page_language_and_editors_stay_german() -> None:
    assert t("ui.directory_title") == messages("de")["ui.directory_title"]
    with speaking("ar"):
        assert i18n.current_language() == "ar"
        assert t("ui.directory_title") == messages("ar")["ui.directory_title"]
        assert t("ui.directory_title", "de") == messages("de")["ui.directory_title"]
    assert i18n.current_language() == "de"


def test_a_language_without_locale_file_gets_german_texts() -> None:
    assert not has_locale("gsw")  # no Swiss German file: the site can list it before its translation
    assert messages("gsw") == messages("de")
    assert i18n.translator("gsw")("ui.directory_title") == messages("de")["ui.directory_title"]


def test_links_lead_into_the_language_tree_and_shared_files_to_the_root() -> None:
    assert tree_prefix("de", LANGUAGES) == "" and tree_prefix("ar", LANGUAGES) == "ar/"
    assert in_tree("verzeichnis/") and in_tree("") and in_tree("karte/embed.html?kategorie=arbeit")
    assert not in_tree("assets/stadtkarte/karte.js") and not in_tree("kalender/alle.ics")
    assert not in_tree("wegweiser/") and not in_tree("export/organisationen.csv")


def test_dates_follow_the_page_language() -> None:
    day = date(2026, 11, 24)
    assert bidi.plain(date_text(day)) == "24.11.2026"
    with speaking("en"):
        assert bidi.plain(date_text(day)) == "Nov 24, 2026"
    with speaking("tr"):
        assert bidi.plain(date_text(day)) == "24 Kas 2026"


def test_navigation_points_at_the_language_pages_with_their_labels() -> None:
    nav = [{"Start": "index.md"}, {"Verzeichnis": "verzeichnis/index.md"}, {"Über": "ueber.md"}]
    exists = {"ar/index.md", "ar/verzeichnis/index.md"}.__contains__
    items = navigation(nav, "ar", LANGUAGES, exists)
    texts = messages("ar")
    assert [(i.path, i.translated) for i in items] == [
        ("ar/index.md", True), ("ar/verzeichnis/index.md", True), ("ueber.md", False)]
    assert [i.label for i in items] == [texts["nav.start"], texts["nav.verzeichnis"], "Über"]
    assert navigation(nav, "de", LANGUAGES, exists)[1].path == "verzeichnis/index.md"
    assert label_key("karte/einbinden.md") == "nav.karte_einbinden" and label_key("index.md") == "nav.start"


#: Material's files our theme overrides or replaces, as in the pinned version (requirements.lock),
#: and where ours is: an upgrade that changes one of them fails here, so the override is checked
#: before it ships.
MATERIAL = {
    "partials/language.html": ("3a44516f", "src/stadtkarte/theme/partials/language.html"),
    "partials/alternate.html": ("572b1d4d", "stadtkarte.chrome.language_switch"),
    "partials/header.html": ("8cf3fb15", "src/stadtkarte/theme/partials/header.html"),
    "partials/source.html": ("6847616d", "src/stadtkarte/theme/partials/source.html and stadtkarte.chrome.source_link"),
    "partials/copyright.html": ("bc86bca3", "src/stadtkarte/theme/partials/copyright.html and stadtkarte.chrome.footer"),
}


def _material(name: str) -> str:
    import material

    return (Path(material.__file__).parent / "templates" / name).read_text("utf-8")


@pytest.mark.parametrize("name", sorted(MATERIAL))
def test_material_partials_we_override_are_the_pinned_ones(name: str) -> None:
    digest = hashlib.sha256(_material(name).encode("utf-8")).hexdigest()[:8]
    pinned, ours = MATERIAL[name]
    assert digest == pinned, f"Material changed {name}: compare {ours} with it"


def test_material_base_still_takes_lang_and_direction_from_the_language_partial() -> None:
    base = _material("base.html")
    assert '{% import "partials/language.html" as lang with context %}' in base
    assert '<html lang="{{ lang.t(\'language\') }}" class="no-js">' in base
    assert 'lang.t("direction")' in base
    ours = (ROOT / "src/stadtkarte/theme/partials/language.html").read_text("utf-8")
    original = [line for line in _material("partials/language.html").splitlines() if not line.startswith(("{#", "  This", "-#}"))]
    # our file keeps Material's fallback import and builds on its two other lines
    assert original[1] in ours and original[0].replace("config.theme.language", "sk_code") in ours


# --- the built site -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_languages_site: Path) -> Path:
    return built_languages_site


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


@pytest.mark.parametrize("path", ["index.html", "verzeichnis/index.html", "karte/index.html",
                                  "organisationen/internationaler-frauentreff/index.html", "export/index.html"])
def test_every_tree_has_its_lang_and_direction(site: Path, path: str) -> None:
    assert html_tag(read(site, path)).startswith('<html lang="de" dir="ltr"')
    assert html_tag(read(site, "en/" + path)).startswith('<html lang="en" dir="ltr"')
    ar = read(site, "ar/" + path)
    assert html_tag(ar).startswith('<html lang="ar" dir="rtl"')
    assert '<body dir="rtl"' in ar
    assert messages("ar")["search.placeholder"] in ar  # the site's own texts in the page's language


def test_the_map_document_speaks_its_language(site: Path) -> None:
    embed = read(site, "ar/karte/embed.html")
    assert '<html lang="ar" dir="rtl">' in embed
    assert 'src="../../assets/stadtkarte/karte-paket.js"' in embed  # shared, once at the root
    assert '"data": "../karte/eintraege.json"' in embed  # the Arabic tree's own data
    assert (site / "ar/karte/eintraege.json").is_file() and not (site / "ar/assets").exists()
    assert (site / "ar/karte/details.json").is_file() and (site / "assets/stadtkarte/karte-paket.js").is_file()
    assert "الاستشارة" in embed  # the category's Arabic name in the legend


def test_text_without_translation_is_german_marked_and_says_so(site: Path) -> None:
    page = read(site, "ar/organisationen/gesundheitslotsen/index.html")
    assert '<div class="sk-description" lang="de" dir="ltr">' in page
    assert messages("ar")["lang.only_german"] in page
    # a text that exists in the page's language is shown in it, right to left
    page = read(site, "ar/organisationen/internationaler-frauentreff/index.html")
    assert '<div class="sk-description" lang="ar" dir="rtl">' in page
    assert messages("ar")["lang.only_german"] not in page
    english = read(site, "en/organisationen/klinikum-interkulturell/index.html")
    assert '<div class="sk-description" lang="en" dir="ltr">' in english and "Volunteer interpreters" in english


def test_fallback_names_the_languages_the_text_exists_in(site: Path) -> None:
    page = site / "ar/organisationen/klinikum-interkulturell/index.html"
    note = re.search(r'<p class="sk-language-note" role="note">(.*?)</p>', page.read_text("utf-8")).group(1)
    links = {a["hreflang"]: a["href"] for tag, a in tags(note) if tag == "a"}
    assert set(links) == {"de", "en"}
    assert links["en"] == "../../../en/organisationen/klinikum-interkulturell/"
    assert all(resolves(site, page, href) for href in links.values())


def test_machine_translation_is_labelled(site: Path) -> None:
    page = read(site, "organisationen/internationaler-frauentreff/index.html")
    turkish = re.search(r'<summary><span lang="tr"[^>]*>[^<]*</span>(.*?)</summary>', page).group(1)
    assert messages("de")["lang.machine_translated"] in turkish
    english = re.search(r'<summary><span lang="en"[^>]*>[^<]*</span>(.*?)</summary>', page).group(1)
    assert messages("de")["lang.machine_translated"] not in english


def test_easy_language_comes_first_on_the_german_page(site: Path) -> None:
    page = read(site, "organisationen/internationaler-frauentreff/index.html")
    assert re.search(r'<div class="sk-description" lang="de" dir="ltr" data-sk-easy>\s*<p>Der Frauen-Treff ist für alle', page)
    assert "<strong>Internationale Frauentreff</strong>" in page  # the standard text stays, below


def test_taxonomy_names_and_descriptions_per_language(site: Path) -> None:
    english = read(site, "en/kategorien/beratung/index.html")
    assert "Counselling on migration, residence, family, health and everyday life." in english
    assert "Beratungsstellen für Migration" not in english
    assert "الاستشارة" in read(site, "ar/index.html")
    assert "Danışmanlık" not in read(site, "en/index.html")  # a language the site does not have
    assert "Arbeit" in read(site, "index.html")


def test_hreflang_alternates_are_complete_and_lead_to_the_same_page(site: Path) -> None:
    """Every page of the trees names its versions in every language (and x-default) in the
    sitemap, absolute, each an existing file of the same page in the other tree."""
    sitemap = read(site, "sitemap.xml")
    urls = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    with_versions = [u for u in urls if "hreflang" in u]
    assert len(with_versions) > 3 * 20 and 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    for url in with_versions:
        loc = re.search(r"<loc>([^<]*)</loc>", url).group(1)
        links = dict(re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', url))
        assert set(links) == {*LANGUAGES, "x-default"}, loc
        own = loc.removeprefix(SITE_URL)
        tree = own.split("/", 1)[1] if own.split("/", 1)[0] in LANGUAGES[1:] else own
        for code, href in links.items():
            assert href == SITE_URL + (tree_prefix(code, LANGUAGES) if code != "x-default" else "") + tree, loc
            assert (site / href.removeprefix(SITE_URL) / "index.html").is_file(), (loc, code, href)
    # a page of German only (the city's own Markdown page) has none
    ueber = next(u for u in urls if "/ueber/</loc>" in u)
    assert "hreflang" not in ueber


@pytest.mark.parametrize("tree", ["", "en/", "ar/"])
@pytest.mark.parametrize("path", ["", "verzeichnis/", "organisationen/internationaler-frauentreff/"])
def test_pages_name_their_versions_in_the_head(site: Path, tree: str, path: str) -> None:
    """#25: <link rel="alternate" hreflang> in the head for every tree and x-default (the German
    root's page), absolute, each an existing file of the same page. They lose their rel to a
    script right after them (Material's script would fetch a sitemap.xml below each;
    tests/browser/test_languages.py checks that it gets it back)."""
    html = read(site, tree + path + "index.html")
    head = html[: html.index("</head>")]
    links = [a for tag, a in tags(head) if tag == "link" and a.get("hreflang")]
    assert [(a["rel"], a["hreflang"]) for a in links] == [("alternate", c) for c in (*LANGUAGES, "x-default")]
    expected = {"de": SITE_URL + path, "en": SITE_URL + "en/" + path, "ar": SITE_URL + "ar/" + path,
                "x-default": SITE_URL + path}
    assert {a["hreflang"]: a["href"] for a in links} == expected
    for href in expected.values():
        assert (site / href.removeprefix(SITE_URL) / "index.html").is_file(), href
    assert head.index("data-sk-alternate") > head.rindex('rel="alternate" hreflang=')


def test_pages_of_one_language_name_no_versions(site: Path) -> None:
    for name in ("ueber/index.html", "404.html"):
        assert "hreflang" not in read(site, name)[: read(site, name).index("</head>")], name


def test_language_switch_leads_to_the_same_page_in_its_own_script(site: Path) -> None:
    page = site / "ar/verzeichnis/index.html"
    links = [a for tag, a in tags(page.read_text("utf-8")) if tag == "a" and a.get("data-sk-language-link")]
    assert [(a["hreflang"], a["lang"], a["dir"]) for a in links] == [("de", "de", "ltr"), ("en", "en", "ltr"),
                                                                        ("ar", "ar", "rtl")]
    assert [(page.parent / a["href"]).resolve() for a in links] == [
        (site / "verzeichnis").resolve(), (site / "en/verzeichnis").resolve(), (site / "ar/verzeichnis").resolve()]
    names = re.findall(r'data-sk-language-link="[a-z]+"[^>]*>\s*([^<]+?)\s*<', page.read_text("utf-8"))
    assert names == ["Deutsch", "English", "العربية"]


def test_navigation_per_language(site: Path) -> None:
    page = site / "ar/verzeichnis/index.html"
    tabs = re.findall(r'<a href="([^"]+)" class="md-tabs__link[^"]*">\s*([^<]+?)\s*</a>', page.read_text("utf-8"))
    hrefs = dict((label, href) for href, label in tabs)
    assert hrefs[messages("ar")["nav.karte"]] == "../karte/"
    assert hrefs["Über"] == "../../ueber/"  # the city's German page, linked as it is
    assert all(resolves(site, page, href) for href, _ in tabs)


def test_a_sitemap_per_language(site: Path) -> None:
    arabic = read(site, "ar/sitemap.xml")
    locs = re.findall(r"<loc>([^<]*)</loc>", arabic)
    assert locs and all("/ar/" in loc for loc in locs)
    assert any(loc.endswith("/ar/verzeichnis/") for loc in locs)
    assert read(site, "sitemap.xml").count("<loc>") > len(locs)


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_every_sitemap_is_valid_xml_with_absolute_addresses(site: Path) -> None:
    """#25: each sitemap (all pages, one per tree, the compressed copy) parses as XML; every
    address is absolute, below site_url, and an existing page of the built site."""
    names = ["sitemap.xml", "en/sitemap.xml", "ar/sitemap.xml"]
    roots = [ElementTree.parse(site / name).getroot() for name in names]
    roots.append(ElementTree.fromstring(gzip.decompress((site / "sitemap.xml.gz").read_bytes())))
    for name, root in zip([*names, "sitemap.xml.gz"], roots, strict=True):
        assert root.tag == SITEMAP + "urlset", name
        locs = [loc.text or "" for loc in root.iter(SITEMAP + "loc")]
        assert len(locs) > 20, name
        for loc in locs:
            assert loc.startswith(SITE_URL), (name, loc)
            assert (site / loc.removeprefix(SITE_URL) / "index.html").is_file() or (site / loc.removeprefix(SITE_URL)).is_file(), loc
    every, english, arabic = ({loc.text for loc in root.iter(SITEMAP + "loc")} for root in roots[:3])
    assert english | arabic < every and all(loc.startswith(SITE_URL + "en/") for loc in english)


def test_no_sitemap_without_site_url(built_site: Path, tmp_path: Path) -> None:
    """#25: a sitemap needs absolute addresses. Without site_url the built site has none (the
    fixture site of one language), and a site of several languages writes none either: MkDocs'
    empty list (what it writes without site_url) is removed, never copied per language."""
    assert not (built_site / "sitemap.xml").exists() and not (built_site / "sitemap.xml.gz").exists()
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>\n',
        "utf-8")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress((tmp_path / "sitemap.xml").read_bytes()))
    assert write_sitemaps(tmp_path, LANGUAGES, None) == []
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


def test_the_404_page_is_headed_in_the_main_language_and_leads_into_every_tree(site: Path, built_site: Path) -> None:
    """#25: Material heads it "404 - Not found" in English. It is headed in German, leads to the
    start page and the directory, and names itself in each other language of the site (its
    script and direction) with a link to that tree's start page (root-absolute: MkDocs serves
    it for every missing address)."""
    for built, others in ((site, LANGUAGES[1:]), (built_site, ())):
        page = read(built, "404.html")
        assert "Not found" not in page
        assert re.findall(r"<h1[^>]*>([^<]*)</h1>", page) == [messages("de")["ui.not_found_title"]]
        assert messages("de")["ui.not_found_text"] in page
        found = re.findall(r'<p class="sk-not-found-language" lang="([a-z]+)" dir="(ltr|rtl)">\s*([^<]*?):\s*'
                           r'<a href="/([a-z]+)/" hreflang="[a-z]+">([^<]*)</a>', page)
        assert found == [(code, "rtl" if code == "ar" else "ltr", messages(code)["ui.not_found_title"], code,
                          messages(code)["nav.start"]) for code in others]
        assert all((built / code / "index.html").is_file() for code in others)


def test_every_link_in_the_language_trees_resolves(site: Path) -> None:
    """A link checker over the built site: every relative href and src of every page in every
    tree leads to a file (absolute addresses, mail, phone and calendar links aside)."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # MkDocs serves it for every address: its links start at the root on purpose
            continue
        for tag, attrs in tags(page.read_text("utf-8")):
            for name in ("href", "src"):
                url = attrs.get(name)
                if not url or urlsplit(url).scheme or url.startswith(("//", "#", "data:")):
                    continue
                if not resolves(site, page, url):
                    broken.append(f"{page.relative_to(site)}: <{tag} {name}={url}>")
    assert broken == []


def test_search_index_per_language(site: Path) -> None:
    bundle = site / "pagefind"
    assert {p.name.split("_")[0] for p in bundle.glob("pagefind.*.pf_meta")} >= {"pagefind.de", "pagefind.en",
                                                                                  "pagefind.ar"}
    search = read(site, "ar/verzeichnis/index.html")
    assert 'data-sk-root="../../ar/"' in search  # the header box lists and links in the Arabic tree


def test_english_pages_carry_no_german_ui_text(site: Path) -> None:
    if not has_locale("en"):
        pytest.skip("locale/en.yml does not exist yet (the English texts fall back to German)")
    german, english = messages("de"), messages("en")
    # the city's own German words (entry texts, site_name) are content, shown with lang="de"
    content = "\n".join(p.read_text("utf-8") for p in [*FIXTURE_DATA.rglob("*.yml"), FIXTURES / "sprachen/mkdocs.yml"])
    texts = [v for k, v in german.items() if k.startswith(("ui.", "map.", "search.", "lang.", "nav."))
             and "{" not in v and len(v) >= 12 and english.get(k) != v and v not in content]
    for path in ("en/verzeichnis/index.html", "en/organisationen/internationaler-frauentreff/index.html"):
        page = read(site, path)
        found = [text for text in texts if text in page]
        assert found == [], (path, found)


def test_the_easy_language_page_is_one_german_page_tagged_de_x_ls(site: Path) -> None:
    page = read(site, "leichte-sprache/index.html")
    assert re.search(r'<html lang="de-x-ls" dir="ltr"', page)
    assert not (site / "en/leichte-sprache/index.html").exists()
    english = read(site, "en/index.html")
    assert re.search(r'href="(\.\./)+leichte-sprache/" hreflang="de-x-ls">', english)


def test_a_language_listing_speaks_its_language(site: Path) -> None:
    """/sprachen/ar/ ("Angebote auf Arabisch") greets in Arabic as well as in the page's language."""
    german = read(site, "sprachen/ar/index.html")
    assert '<p class="sk-intro sk-intro-own" lang="ar" dir="rtl">' + t("ui.language_intro", "ar", language="العربية") in german
    assert t("ui.language_intro", "de", language="Arabisch") in german
    arabic = read(site, "ar/sprachen/ar/index.html")
    assert "sk-intro-own" not in arabic  # the page is in Arabic already
    assert t("ui.language_intro", "ar", language="العربية") in arabic
    english = read(site, "en/sprachen/ar/index.html")
    assert t("ui.language_intro", "en", language="Arabic") in english


def test_the_breadcrumb_speaks_the_page_language(site: Path) -> None:
    page = read(site, "ar/organisationen/internationaler-frauentreff/index.html")
    nav = re.search(r'<nav class="sk-breadcrumb"[^>]*>(.*?)</nav>', page, re.S)
    assert nav and t("ui.breadcrumb_home", "ar") in nav.group(1)
    assert "Engagement" not in nav.group(1)  # the category in Arabic (uebersetzungen of the fixture)


def test_lists_are_joined_with_the_page_languages_comma(site: Path) -> None:
    """Arabic writes "،" between the items of a list (a Latin comma between names isolated right
    to left lands beside the wrong word); German and English write ", "."""
    def separators(path: str) -> set[str]:
        html = read(site, path)
        facts = re.findall(r'<li class="sk-fact sk-fact-languages">.*?</li>', html)
        assert facts, path
        return {sep for fact in facts for sep in re.findall(r'<span lang="[^"]*" dir="[^"]*">[^<]*</span>([^<]*)(?=<span lang=)', fact)}

    assert separators("ar/verzeichnis/index.html") == {"، "}
    assert separators("verzeichnis/index.html") == separators("en/verzeichnis/index.html") == {", "}
    assert '"comma": "\\u060c "' in read(site, "ar/karte/embed.html")  # the map's names of pins (JSON escapes)
