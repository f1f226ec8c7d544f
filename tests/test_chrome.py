"""The theme's chrome made in Python (stadtkarte.chrome) says what the theme's Jinja said: Material's
texts as its macro gives them, the footer and repository link as the partials render them
without our hooks (Zensical); the language switch and the search box."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest
from mkdocs.theme import Theme

from stadtkarte.chrome import Chrome, footer, language_switch, search_form
from stadtkarte.i18n import messages, translator
from stadtkarte.render import tree_prefix

from .conftest import ROOT

LANGUAGES = ("de", "en", "ar")


def theme_env():  # noqa: ANN201 - jinja2.Environment
    """The theme's Jinja environment as MkDocs makes it (Material with our overrides)."""
    return Theme(name="material", custom_dir=str(ROOT / "src" / "stadtkarte" / "theme"), language="de").get_env()


def settings(**given: object) -> SimpleNamespace:
    values = {"theme": {"language": "de"}, "extra": {}, "copyright": "Ein <b>offenes</b> Verzeichnis",
              "repo_url": "https://example.org/stadt/karte?a=1&b=2", "repo_name": "stadt/karte", "site_url": None} | given
    return SimpleNamespace(**values)


def same_html(text: str) -> str:
    """Whitespace between and inside tags and character references do not change the page."""
    text = re.sub(r"\s*(<|>)\s*", r"\1", re.sub(r"\s+", " ", text))
    return html.unescape(text)


@pytest.fixture(scope="module")
def env():  # noqa: ANN201
    return theme_env()


def material_keys(env) -> list[str]:  # noqa: ANN001
    source = env.loader.get_source(env, "partials/languages/en.html")[0]
    return sorted(set(re.findall(r'^\s+"([\w.]+)":', source, re.M)))


@pytest.mark.parametrize("tag", ["de", "en", "ar", "de-x-ls", "uk", None])
def test_material_texts_are_what_the_language_partial_gives(env, tag: str | None) -> None:  # noqa: ANN001
    """sk_chrome.t answers for Material's macro: the same string for every key (English where the
    language has none, the key where no language has it), lang and dir for a page's language."""
    chrome = Chrome(env, settings(), LANGUAGES)
    page = SimpleNamespace(meta={"sprache": tag.split("-")[0], "sprache_tag": tag} if tag else {})
    keys = [*material_keys(env), "stadtkarte.no-such-key"]
    assert len(keys) > 40
    template = env.from_string(
        '{% import "partials/language.html" as lang with context %}'
        "{% for key in keys %}{{ lang.t(key) }}\x1f{% endfor %}")
    jinja = template.render(config={"theme": {"language": "de"}}, page=page, keys=keys,
                            sk_theme_language=chrome.theme_language).split("\x1f")[:-1]
    ours = chrome.material_texts(tag)
    assert [ours(key) for key in keys] == jinja
    # and the theme uses ours when the hooks give it
    fast = template.render(config={"theme": {"language": "de"}}, page=page, keys=keys,
                           sk_chrome=SimpleNamespace(t=ours)).split("\x1f")[:-1]
    assert fast == jinja
    if tag == "ar":
        assert ours("language") == 'ar" dir="rtl' and ours("direction") == "rtl"


@pytest.mark.parametrize("language", [*LANGUAGES, None])
@pytest.mark.parametrize("base_url", ["../..", "/", "/stadt/", "."])
def test_footer_is_the_partial_without_hooks(env, language: str | None, base_url: str) -> None:  # noqa: ANN001
    """partials/copyright.html renders the footer where our hooks do not run (Zensical); with
    them stadtkarte.chrome makes it: both the same for every language, page depth and 404.html."""
    config = settings()
    prefix = tree_prefix(language, LANGUAGES) if language else ""
    context = {"config": {"copyright": config.copyright}, "base_url": base_url, "sk_prefix": prefix}
    if language:
        context["sk_t"] = translator(language)
    jinja = env.get_template("partials/copyright.html").render(context)
    chrome = Chrome(env, config, LANGUAGES)
    meta = {"sprache": language, "sprachen": list(LANGUAGES), "pfad": "verzeichnis/"} if language else {}
    made = chrome.page(meta, base_url).footer
    assert same_html(made) == same_html(jinja)
    assert env.get_template("partials/copyright.html").render(context | {"sk_chrome": chrome.page(meta, base_url)}) == made
    assert "<b>offenes</b>" in made  # copyright is HTML in mkdocs.yml, as Material prints it
    texts = messages(language or "de")
    assert f">{texts['ui.footer_imprint']}</a>" in same_html(made)


@pytest.mark.parametrize("language", [*LANGUAGES, None])
def test_repository_link_is_the_partial_without_hooks(env, language: str | None) -> None:  # noqa: ANN001
    config = settings()
    chrome = Chrome(env, config, LANGUAGES)
    meta = {"sprache": language} if language else {}
    context = {"config": {"repo_url": config.repo_url, "repo_name": config.repo_name, "theme": {"icon": {}}},
               "lang": SimpleNamespace(t=chrome.material_texts(language))}
    jinja = env.get_template("partials/source.html").render(context)
    made = chrome.page(meta, "..").source
    assert same_html(made) == same_html(jinja)
    assert 'href="https://example.org/stadt/karte?a=1&amp;b=2"' in made and "data-md-component" not in made
    assert "<svg" in made  # Material's git icon
    assert Chrome(env, settings(repo_url=None), LANGUAGES).page(meta, "..").source == ""


def test_language_switch_links_the_same_page_in_each_of_its_languages(env) -> None:  # noqa: ANN001
    chrome = Chrome(env, settings(), ("de", "en", "ar", "fa"))
    meta = {"sprache": "ar", "sprachen": ["de", "en", "ar"], "pfad": 'organisationen/a"b/'}
    switch = chrome.page(meta, "../../..").switch
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" dir="(\w+)"[^>]*?( aria-current="true")?>([^<]+)</a>', switch)
    assert links == [("../../../organisationen/a&quot;b/", "de", "ltr", "", "Deutsch"),
                     ("../../../en/organisationen/a&quot;b/", "en", "ltr", "", "English"),
                     ("../../../ar/organisationen/a&quot;b/", "ar", "rtl", ' aria-current="true"', "العربية")]
    assert 'data-sk-language="ar"' in switch and 'aria-label="إختر اللغة"' in switch  # Material's Arabic label
    # kept per language: the next page gets its own root and path
    other = chrome.page(meta | {"pfad": "karte/"}, "..").switch
    assert '<a href="../en/karte/" hreflang="en"' in other and "organisationen" not in other
    # a page in one language has no switch
    assert chrome.page({"sprache": "de", "sprachen": ["de"], "pfad": "ueber/"}, "..").switch == ""
    assert chrome.page({}, "..").switch == ""


def test_pieces_escape_what_they_print() -> None:
    hostile = '"><script>alert(1)</script>'
    made = [
        language_switch(root=hostile, language=hostile, languages=[{"code": "de", "name": hostile, "dir": "ltr"}],
                        page_languages=["de"], path=hostile, label=hostile, icon=""),
        search_form(root=hostile, prefix="", t=lambda key: hostile),
        footer(root=hostile, prefix="", t=lambda key: hostile, copyright=None),
    ]
    assert all("<script>" not in text and hostile not in text and html.escape(hostile) in text for text in made)


def test_search_box_in_the_pages_language(env) -> None:  # noqa: ANN001
    chrome = Chrome(env, settings(), LANGUAGES)
    box = chrome.page({"sprache": "ar", "sprachen": list(LANGUAGES), "pfad": ""}, "../..").search
    texts = messages("ar")
    assert 'action="../../ar/verzeichnis/"' in box and 'data-sk-root="../../ar/"' in box
    assert f'placeholder="{html.escape(texts["search.placeholder"])}"' in box
    assert 'action="/verzeichnis/"' in chrome.page({}, "/").search  # 404.html


def test_versions_in_the_head_need_site_url_and_escape_it(env) -> None:  # noqa: ANN001
    """#25: hreflang needs absolute addresses: without site_url none; with it one per version and
    x-default (the root's version), escaped; a page of one language has none."""
    meta = {"sprache": "ar", "sprachen": ["de", "ar"], "pfad": "kategorien/a&b/"}
    assert Chrome(env, settings(), LANGUAGES).page(meta, "../..").alternates == ""
    chrome = Chrome(env, settings(site_url="https://stadt.example/karte"), LANGUAGES)
    assert chrome.page(meta, "../..").alternates == (
        '<link rel="alternate" hreflang="de" href="https://stadt.example/karte/kategorien/a&amp;b/">\n'
        '<link rel="alternate" hreflang="ar" href="https://stadt.example/karte/ar/kategorien/a&amp;b/">\n'
        '<link rel="alternate" hreflang="x-default" href="https://stadt.example/karte/kategorien/a&amp;b/">\n')
    assert chrome.page(meta | {"sprachen": ["de"]}, "../..").alternates == ""
    assert chrome.page({}, "/").alternates == ""  # 404.html
