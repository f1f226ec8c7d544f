"""What every renderer shares: the render options and the :class:`RenderContext`.

Renderers (:mod:`.pages`, :mod:`.maps`, :mod:`.jsonld`, :mod:`.exports`) get a context that holds
the :class:`~stadtkarte.publish.PublicView` and options that hold no data: never the catalogue
or the models. This module imports no renderer, so the exports can use it while the pages
import the exports (one way).
"""

from __future__ import annotations

import posixpath
import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from .i18n import t, translator
from .languages import name_in
from .publish import ProtectedPlaces, PublicEntry, PublicView, PublishOptions

#: used for stable identifiers when neither ``kennung`` nor ``site_url`` is set
DEFAULT_NAMESPACE_TEXT = "urn:stadtkarte-integration"

#: licences a city can name by their short id in mkdocs.yml; any other text is used as the name
LICENCES = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/deed.de",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/deed.de",
    "dl-de/by-2-0": "https://www.govdata.de/dl-de/by-2-0",
    "dl-de/zero-2-0": "https://www.govdata.de/dl-de/zero-2-0",
}


@dataclass
class ExportOptions:
    """From ``extra.stadtkarte.export`` in mkdocs.yml."""

    licence: str = "cc-by-4.0"
    licence_url: str | None = None
    attribution: str = ""  # e.g. "Stadt Ludwigsburg, Integrationsbeauftragte"
    #: the text the stable identifiers are derived from; set once and never change it
    namespace: str | None = None
    #: the Bundesland for HSDS addresses of towns without an ``ags`` in data/kommunen.yml
    state: str | None = None

    @property
    def licence_name(self) -> str:
        return t(f"licence.{self.licence}") if self.licence in LICENCES else self.licence

    @property
    def licence_link(self) -> str | None:
        """The licence text's address; only http(s), so no ``javascript:`` reaches a link."""
        link = self.licence_url or LICENCES.get(self.licence)
        return link if link and link.startswith(("https://", "http://")) else None

    def as_data(self) -> dict[str, str]:
        """The licence as it is embedded in the JSON exports."""
        data = {"name": self.licence_name}
        if self.licence_link:
            data["url"] = self.licence_link
        if self.attribution:
            data["namensnennung"] = self.attribution
        return data


@dataclass
class MapOptions:
    """From ``extra.stadtkarte.karte`` in mkdocs.yml."""

    tiles: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    attribution: str = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende'
    max_zoom: int = 19
    #: ``kacheln_eigene``: the tile server is the city's own (no third party learns who visits)
    own_tiles: bool = False
    #: two-click consent: no tile request before "Karte laden"; always for another's tile server
    consent: bool = True


@dataclass(frozen=True)
class SignVideo:
    """A video in Deutsche Gebärdensprache for the Leichte-Sprache page (``extra.stadtkarte.gebaerdensprache``):
    ``file`` is a path below the site root (a file in docs/) or an https address."""

    title: str
    file: str
    size_mb: float
    duration: str  # "m:ss"

    @property
    def type(self) -> str:
        return "video/webm" if self.file.casefold().endswith(".webm") else "video/mp4"

    @property
    def is_local(self) -> bool:
        return not self.file.startswith(("https://", "http://"))


@dataclass
class SiteOptions:
    """What publishing and the outputs need to know beyond the data (from mkdocs.yml)."""

    today: date
    sample_data: bool = True
    repo_url: str | None = None  # https://github.com/owner/repo
    branch: str = "main"
    data_path: str = "data"  # the data folder, relative to the repository root
    templates: Path | None = None  # a folder whose templates override the package's
    map: MapOptions = field(default_factory=lambda: MapOptions())
    site_url: str | None = None  # https://integration.stadt.example/ (absolute links in exports)
    export: ExportOptions = field(default_factory=lambda: ExportOptions())
    #: ``extra.stadtkarte.geschuetzte_orte``: ``bereich`` (approximate area) or ``keiner`` (no point)
    protected_places: ProtectedPlaces = "bereich"
    #: ``extra.stadtkarte.redaktion_email``: "Fehler melden" opens a mail to this address
    editorial_email: str | None = None
    #: mkdocs.yml ``site_name``; without it the package's name for the map (``map.title``)
    site_name: str | None = None
    #: ``extra.stadtkarte.gebaerdensprache``: DGS videos shown on the Leichte-Sprache page
    sign_language: tuple[SignVideo, ...] = ()
    #: ``extra.stadtkarte.sprachen``: the first at the site root, each other in ``<code>/``
    languages: tuple[str, ...] = ("de",)

    @property
    def publishing(self) -> PublishOptions:
        return PublishOptions(today=self.today, protected_places=self.protected_places)


def page_url(path: str) -> str:
    """``organisationen/foo.md`` → ``organisationen/foo/``; ``index.md`` → ``""``."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=1 << 16)  # the same few links on thousands of pages; relpath is slow
def href(source: str, target: str) -> str:
    """Relative link from the page at URL ``source`` to URL ``target`` (both directory URLs or
    file paths below the site root)."""
    base = source.rstrip("/") if source.endswith("/") else posixpath.dirname(source)
    relative = posixpath.relpath(target.rstrip("/") or ".", base or ".")
    if target.endswith("/") or target == "":
        return "./" if relative == "." else relative + "/"
    return relative


#: files inside a language's page tree besides its pages (``<code>/karte/embed.html``): the map
#: document and its data speak the page's language
TREE_FILES = ("karte/embed.html", "karte/eintraege.json", "karte/details.json")
#: pages only the main language has (German guides to print): links from every language lead there
ROOT_PAGES = ("wegweiser/", "leichte-sprache/")


def in_tree(target: str) -> bool:
    """True when the link target (a site URL, maybe with ``?query`` or ``#part``) is a page of a
    language's own tree: pages (directory URLs) and :data:`TREE_FILES`. Everything else – assets,
    export files, calendars, the Wegweiser – exists once, at the site root."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    if path.startswith(ROOT_PAGES):
        return False
    return path == "" or path.endswith("/") or path in TREE_FILES


def tree_prefix(language: str, languages: tuple[str, ...]) -> str:
    """Where a language's pages are: ``""`` for the first (main) language, else ``"ar/"``."""
    return "" if not languages or language == languages[0] else f"{language}/"


def namespace(text: str | None) -> uuid.UUID:
    """The namespace of a city's identifiers, from ``extra.stadtkarte.export.kennung`` (or the
    site address): two cities with the same slug get different identifiers, one city keeps hers
    as long as the setting stays."""
    return uuid.uuid5(uuid.NAMESPACE_URL, text or DEFAULT_NAMESPACE_TEXT)


def stable_id(space: uuid.UUID, *parts: str) -> str:
    """``stable_id(ns, "angebot", "sprachcafe", "termin", "0")`` → the same UUID (version 5)
    every build, so an export tomorrow matches today's."""
    return str(uuid.uuid5(space, "/".join(parts)))


class RenderContext:
    """The public view plus the options, with the helpers several outputs need."""

    def __init__(self, view: PublicView, options: SiteOptions, language: str | None = None,
                 shared: dict[str, Any] | None = None) -> None:
        self.view = view
        self.options = options
        self.id_space = namespace(options.export.namespace or options.site_url)
        #: values computed once per build and shared by several pages or exports
        self.memo: dict[str, Any] = {}
        #: values computed once per build and shared by every language's tree
        self.shared: dict[str, Any] = shared if shared is not None else {}
        #: the language of this page tree; its pages are below :attr:`prefix`
        self.language = language or (options.languages[0] if options.languages else "de")
        self.prefix = tree_prefix(self.language, options.languages)
        self.t = translator(self.language)

    @property
    def is_main(self) -> bool:
        """True for the main language's tree (at the site root), which also writes the shared files."""
        return self.prefix == ""

    def link(self, source: str, target: str) -> str:
        """The relative link from the page at ``source`` (a URL inside this language's tree) to
        ``target``: a page of the same language, or a shared file at the site root."""
        if in_tree(target):
            return href(source, target)
        return href(self.prefix + source, target)

    def term_name(self, group: str, slug: str) -> str:
        """The name of a taxonomy term in the tree's language (German where it has none);
        ``group`` is ``categories``, ``topics``, ``target_groups`` or ``offer_types``."""
        terms = getattr(self.view, group)
        return terms[slug].label(self.language) if slug in terms else slug

    def language_name(self, code: str) -> str:
        """A language's name in the tree's language (``ar`` on an English page: Arabic)."""
        return name_in(code, self.language)

    def municipality_name(self, slug: str | None) -> str:
        if slug is None or slug == "online":
            return t("ui.online")
        found = self.view.municipalities.get(slug)
        return found.label(self.language) if found else slug

    def entry_id(self, entry: PublicEntry, *part: str) -> str:
        """The stable UUID of an entry (or of a part of it, e.g. ``"termin", "0"``)."""
        return stable_id(self.id_space, entry.kind, entry.slug, *part)

    def address_of(self, url: str) -> str:
        """The absolute address of a site URL when ``site_url`` is set, else the URL relative
        to the site root."""
        return self.options.site_url.rstrip("/") + "/" + url if self.options.site_url else url

    def absolute(self, url: str) -> str | None:
        """The absolute address of a site URL, or ``None`` without ``site_url``."""
        return self.address_of(url) if self.options.site_url else None

    def subscribe_links(self, page: str, calendar: str | None) -> dict[str, str] | None:
        """Links to a calendar file from the page at ``page``: ``webcal:`` to subscribe (needs
        ``site_url``) and the file itself to download."""
        if calendar is None:
            return None
        links = {"download": self.link(page, calendar)}
        absolute = self.absolute(calendar)
        if absolute:
            links["subscribe"] = "webcal://" + absolute.split("://", 1)[1]
        return links

    def edit_url(self, entry: PublicEntry) -> str | None:
        """"Eintrag bearbeiten": the data file on the repository host; none for a protected
        place (the view has no file path for it)."""
        if not self.options.repo_url or entry.source is None:
            return None
        return f"{self.options.repo_url}/edit/{self.options.branch}/{self.options.data_path}/{entry.source}"

    def report_url(self, entry: PublicEntry, title: str) -> str | None:
        """"Fehler melden": a new issue naming the data file, or for a protected place only
        the page."""
        if not self.options.repo_url:
            return None
        where = f"{self.options.data_path}/{entry.source}" if entry.source else self.address_of(entry.url)
        query = urlencode({"title": t("ui.report_title", name=title), "body": t("ui.report_body", path=where)})
        return f"{self.options.repo_url}/issues/new?{query}"

    def report_mail(self, entry: PublicEntry, title: str) -> str | None:
        """"Fehler melden" for residents: a ``mailto:`` link to ``redaktion_email`` with subject
        and body filled in (the entry's name and its page, never a data file). Percent-encoded
        (``%20``, not ``+``, which mail programs would show as it is)."""
        address = self.options.editorial_email
        if not address:
            return None
        subject = t("ui.report_title", name=title)
        page = self.address_of(self.prefix + entry.url)  # the page the resident read, in its language
        body = t("ui.report_mail_body", name=title, page=t("ui.report_mail_page") + page)
        return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
