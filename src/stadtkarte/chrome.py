"""The theme's chrome around every page, made in Python: the language switch, the search box, the
footer links, the repository link and Material's own texts in the page's language.

MkDocs renders Material's ``base.html`` around each of thousands of pages (seven per entry in a
site of seven languages). Jinja is slow at what these parts do – loops, macro calls, includes:
Material's ``lang.t(key)`` macro builds its table of about fifty strings anew on every call – and
most of their HTML is the same on every page of a language. The hooks (``on_env``,
``on_page_context``) give the theme one :class:`PageChrome` per page as ``sk_chrome``, made from
pieces kept per language, and the templates print it (``partials/header.html``,
``partials/language.html``, ``partials/copyright.html``, ``partials/source.html``).

``partials/copyright.html`` and ``partials/source.html`` keep their Jinja for a build without our
hooks (Zensical over ``stadtkarte generate``); a test keeps both the same. Every text is
HTML-escaped here except ``copyright`` from mkdocs.yml, which Material prints as HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from .i18n import t as speaking_t
from .i18n import translator
from .languages import direction
from .render import tree_prefix
from .sitelanguages import language_options

__all__ = ["Chrome", "PageChrome", "alternate_links", "footer", "language_switch", "search_form", "source_link"]

#: where a piece kept per language has the page's relative root ("../.." or "/" on 404.html)
_ROOT = "\x00"
#: where the language switch kept per language has the page's path inside a tree
_PATH = "\x01"


@dataclass(frozen=True, slots=True)
class PageChrome:
    """What the theme prints around one page."""

    t: Callable[[str], str]  # Material's texts in the page's language (``lang.t`` in the theme)
    switch: str  # the language switch ("" where the page exists in one language)
    search: str
    footer: str
    source: str  # the repository link ("" without repo_url)
    alternates: str = ""  # <link rel="alternate" hreflang> of the page's versions ("" without site_url)


def _root(base_url: str) -> str:
    """base_url without its trailing slash: ".." on a page, "" on 404.html at "/" (then the links
    are "/impressum/", never "//impressum/", another host), "/stadt" under a site_url's path."""
    return base_url[:-1] if base_url.endswith("/") else base_url


def language_switch(*, root: str, language: str, languages: Iterable[Mapping[str, str]], page_languages: list[str],
                    path: str, label: str, icon: str) -> str:
    """The same page in every language it exists in (``page_languages``, the first at the root,
    each other under ``<code>/``; ``path`` inside a language's tree), each name in its own
    script, with hreflang, lang and dir; ``sprache.js`` remembers the choice (localStorage) and
    offers it on the main start page, it never redirects. ``languages``: the site's, in order
    (:func:`stadtkarte.sitelanguages.language_options`); ``label``: Material's "select language"."""
    items = []
    for option in languages:
        code = option["code"]
        if code not in page_languages:
            continue
        prefix = "" if code == page_languages[0] else f"{code}/"
        current = ' aria-current="true"' if code == language else ""
        items.append(
            f'<li class="md-select__item"><a href="{escape(f"{root}/{prefix}{path}")}" hreflang="{escape(code)}" '
            f'lang="{escape(code)}" dir="{escape(option["dir"])}" class="md-select__link sk-language-link" '
            f'data-sk-language-link="{escape(code)}"{current}>{escape(option["name"])}</a></li>')
    label = escape(label)
    return (f'<div class="md-header__option sk-language-switch" data-sk-language-switch data-sk-language="{escape(language)}">\n'
            f'<div class="md-select">\n<button class="md-header__button md-icon" aria-label="{label}" title="{label}">{icon}</button>\n'
            f'<div class="md-select__inner">\n<ul class="md-select__list">\n' + "\n".join(items) + "\n</ul>\n</div>\n</div>\n</div>\n")


def alternate_links(*, site_url: str, languages: Iterable[str], page_languages: list[str], path: str) -> str:
    """The page's versions for search engines, in the head: ``<link rel="alternate"
    hreflang="…" href="…">`` for every language the page exists in (``page_languages``, the
    first at the root) and ``x-default``, the root's version; absolute (``site_url``), as
    hreflang needs. "" where the page exists in one language. Material's script fetches
    ``sitemap.xml`` below every such link: ``main.html`` hides them from it while it looks
    (``sprache.js`` shows them again)."""
    if len(page_languages) < 2:
        return ""
    base = site_url.rstrip("/") + "/"
    links = [(code, base + ("" if code == page_languages[0] else f"{code}/") + path)
             for code in languages if code in page_languages]
    links.append(("x-default", base + path))
    return "".join(f'<link rel="alternate" hreflang="{escape(code)}" href="{escape(href)}">\n' for code, href in links)


def search_form(*, root: str, prefix: str, t: Callable[[str], str]) -> str:
    """The site search in the header: ``assets/stadtkarte/suche.js`` asks Pagefind as you type;
    the results are links, reached with Tab or the arrow keys, Escape closes them. Without
    JavaScript the form opens the directory with the words in ``?suche=``. ``prefix``: the page's
    language tree ("ar/"), where the box searches and lists."""
    def text(key: str) -> str:
        return escape(t(key))

    where = escape(f"{root}/{prefix}")
    return (
        f'<form class="sk-header-search" role="search" method="get" action="{where}verzeichnis/" '
        f'aria-label="{text("search.landmark")}" data-sk-search data-sk-root="{where}" '
        f'data-sk-results-one="{text("search.results_one")}" data-sk-results="{text("search.results")}" '
        f'data-sk-none="{text("search.none")}" data-sk-all="{text("search.all")}" data-sk-failed="{text("search.failed")}">\n'
        f'<label class="sk-visually-hidden" for="sk-header-search">{text("search.label")}</label>\n'
        '<input id="sk-header-search" class="sk-header-search__input" name="suche" type="search" autocomplete="off" '
        f'spellcheck="false" placeholder="{text("search.placeholder")}" aria-describedby="sk-header-search-status" '
        'aria-controls="sk-header-search-results">\n'
        f'<button class="sk-header-search__button" type="submit">{text("search.button")}</button>\n'
        '<div class="sk-header-search__panel" hidden>\n'
        '<p id="sk-header-search-status" class="sk-header-search__status" role="status" aria-live="polite"></p>\n'
        '<ol id="sk-header-search-results" class="sk-header-search__results"></ol>\n'
        '</div>\n</form>\n')


def footer(*, root: str, prefix: str, t: Callable[[str], str], copyright: str | None) -> str:
    """The footer of every page: the legally required links (BITV 2.0 statement,
    Impressum/Datenschutz), Leichte Sprache and the open data; the same as the Jinja of
    ``partials/copyright.html``. The Leichte-Sprache page exists once, in the main tree: its
    link carries its language tag there (in another tree the text is in that tree's language)."""
    def link(href: str, key: str, extra: str = "") -> str:
        return f'<a href="{escape(root + href)}"{extra}>{escape(t(key))}</a>'

    easy = ' hreflang="de-x-ls"' + ('' if prefix else ' lang="de-x-ls"')
    links = [link("/leichte-sprache/", "ui.easy_language", easy), link("/barrierefreiheit/", "ui.footer_accessibility"),
             link("/impressum/", "ui.footer_imprint"), link("/ueber/", "ui.footer_about"),
             link(f"/{prefix}export/", "export.footer_link"), link(f"/{prefix}karte/einbinden/", "embed.footer_link")]
    highlight = f'<div class="md-copyright__highlight">{copyright}</div>\n' if copyright else ""
    return (f'<div class="md-copyright">\n{highlight}'
            f'<nav class="sk-footer-links" aria-label="{escape(t("ui.footer_label"))}">\n' + " ·\n".join(links) + "\n</nav>\n</div>\n")


def source_link(*, url: str, name: str, title: str, icon: str) -> str:
    """The repository link without ``data-md-component="source"``: Material would otherwise fetch
    stars and forks from api.github.com on every page load (a third-party request)."""
    return (f'<a href="{escape(url)}" title="{escape(title)}" class="md-source" data-sk-note="no-api-call">\n'
            f'<div class="md-source__icon md-icon">{icon}</div>\n'
            f'<div class="md-source__repository">{escape(name or "")}</div>\n</a>\n')


class Chrome:
    """The chrome of a site's pages: ``env`` is the theme's Jinja environment (Material's texts
    and icons), ``config`` MkDocs' settings, ``languages`` the site's (the first at the root)."""

    def __init__(self, env: Any, config: Any, languages: tuple[str, ...]) -> None:
        self._env = env
        self._config = config
        self.languages = language_options(languages)
        self._codes = languages
        self._theme_languages: dict[str, tuple[str, str]] = {}
        self._texts: dict[str | None, Callable[[str], str]] = {}
        self._pieces: dict[tuple[str, ...], str] = {}
        icons = config.theme.get("icon") or {}
        self._translate_icon = self._icon(icons.get("alternate") or "material/translate")
        self._repo_icon = self._icon(icons.get("repo") or "fontawesome/brands/git-alt")
        self._switch_anyway = bool((config.extra or {}).get("alternate"))

    def _icon(self, name: str) -> str:
        """An icon's SVG as the theme includes it (``{% include ".icons/<name>.svg" %}``)."""
        return self._env.get_template(f".icons/{name}.svg").render()

    def theme_language(self, code: str) -> tuple[str, str]:
        """The language Material has strings for (``code``, its base language – de-x-ls is
        German – or English) and the direction of ``code``."""
        if code not in self._theme_languages:
            self._theme_languages[code] = self._find_theme_language(code)
        return self._theme_languages[code]

    def _find_theme_language(self, code: str) -> tuple[str, str]:
        for candidate in (code, code.split("-")[0]):
            try:
                self._env.get_template(f"partials/languages/{candidate}.html")
            except Exception:  # noqa: BLE001 - a language Material has no strings for
                continue
            return candidate, direction(candidate)
        return "en", direction(code)

    def material_texts(self, tag: str | None) -> Callable[[str], str]:
        """Material's ``t(key)`` (``partials/language.html``) for a page in ``tag`` (its language;
        None: the theme's language, as Material has it): its strings, English where it has none,
        else the key. For a page with a language, "language" is ``ar" dir="rtl`` (base.html
        writes ``<html lang="ar" dir="rtl">``) and "direction" its direction. Each string is
        asked of Material's template once."""
        if tag in self._texts:
            return self._texts[tag]
        if tag is None:
            code, way = self._config.theme["language"], ""
        else:
            code, way = self.theme_language(tag)
        own = self._env.get_template(f"partials/languages/{code}.html").module
        fallback = self._env.get_template("partials/languages/en.html").module
        special = {"language": f'{tag}" dir="{way}', "direction": way} if way else {}
        found: dict[str, str] = {}

        def t(key: str) -> str:
            try:
                return found[key]
            except KeyError:
                value = found[key] = special.get(key) or str(own.t(key)) or str(fallback.t(key)) or key
                return value

        self._texts[tag] = t
        return t

    def page(self, meta: Mapping[str, Any], base_url: str) -> PageChrome:
        """The chrome of a page: ``meta`` is its front matter (``sprache``: its language, the
        tree it is in; ``sprache_tag``: its own tag where it differs, de-x-ls; ``sprachen``: the
        languages it exists in, ``pfad``: its path inside a tree), ``base_url`` MkDocs'."""
        root = _root(base_url)
        language = meta.get("sprache") or None
        material = self.material_texts((meta.get("sprache_tag") or language) if language else None)
        versions = meta.get("sprachen") or []
        switch = ""
        if versions and (len(versions) > 1 or self._switch_anyway):
            key = ("switch", language or "", str(meta.get("sprache_tag") or ""), *versions)  # kept: the same on many pages
            if key not in self._pieces:
                self._pieces[key] = language_switch(
                    root=_ROOT, language=language or "", languages=self.languages, page_languages=versions,
                    path=_PATH, label=material("select.language"), icon=self._translate_icon)
            switch = self._pieces[key].replace(_ROOT, escape(root)).replace(_PATH, escape(str(meta.get("pfad") or "")))
        alternates = ""
        if self._config.site_url and language:
            alternates = alternate_links(site_url=self._config.site_url, languages=self._codes, page_languages=versions,
                                         path=str(meta.get("pfad") or ""))
        return PageChrome(t=material, switch=switch, search=self._piece("search", language, root),
                          footer=self._piece("footer", language, root), source=self._source(material),
                          alternates=alternates)

    def _piece(self, kind: str, language: str | None, root: str) -> str:
        """The search box or the footer of a page in ``language`` (None: the language being
        spoken, for pages of the city's own docs/ and 404.html; not kept)."""
        key = (kind, language or "")
        piece = self._pieces.get(key) if language else None
        if piece is None:
            prefix = tree_prefix(language, self._codes) if language else ""
            t = translator(language) if language else speaking_t
            if kind == "search":
                piece = search_form(root=_ROOT, prefix=prefix, t=t)
            else:
                piece = footer(root=_ROOT, prefix=prefix, t=t, copyright=self._config.copyright)
            if language:
                self._pieces[key] = piece
        return piece.replace(_ROOT, escape(root))

    def _source(self, material: Callable[[str], str]) -> str:
        if not self._config.repo_url:
            return ""
        key = ("source", material("source"))
        if key not in self._pieces:
            self._pieces[key] = source_link(url=self._config.repo_url, name=self._config.repo_name,
                                            title=material("source"), icon=self._repo_icon)
        return self._pieces[key]
