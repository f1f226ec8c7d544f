"""The directory site as (path, content) pairs, independent of MkDocs.

:func:`build_site` renders the public view (:mod:`stadtkarte.publish`) as Markdown pages (front
matter for the title, HTML from the templates in ``templates/``), the map, the open data
exports and the assets they need. The MkDocs hooks add them in memory; ``stadtkarte generate
--out DIR`` writes the same files for generators without hooks. Templates get the public records
and the :class:`Site` (a :class:`~stadtkarte.render.RenderContext`), never the data models.

URLs are directory URLs (``organisationen/<slug>/``); links inside the generated HTML are
relative, computed here, so the site works under any path prefix.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from babel.numbers import format_decimal
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import bidi, bundles, jsonld, languages, maps, nearby, printing, richtext, schedule, search
from .exports import ical, listing
from .i18n import has_locale, plural_texts, speaking, t
from .publish import PublicEntry, PublicOffer, PublicOrganisation, PublicView
from .render import ROOT_PAGES, ExportOptions, MapOptions, RenderContext, SiteOptions, href, page_url, tree_prefix

__all__ = ["PAGE_BUNDLE_CSS", "PAGE_BUNDLE_JS", "SCRIPTS", "STYLESHEETS", "ExportOptions", "GeneratedFile", "Item", "MapOptions", "Site", "SiteOptions",
           "assets", "build_site", "href", "page_bundles", "page_url"]

TEASER_CHARS = 160
#: the Leichte-Sprache page and its language tag: private use ("x-ls") under German, as the
#: entries' Leichte-Sprache texts (``beschreibung: {de-x-ls: …}``); see the README
EASY_LANGUAGE_PAGE = "leichte-sprache.md"
EASY_LANGUAGE_TAG = "de-x-ls"
#: the list of results and the map use the whole width: the theme's sidebars (empty there) are left out
RESULTS_LAYOUT = ("navigation", "toc")
#: a link target inside a piece of HTML rendered once for many pages (:meth:`Site.once`): the
#: relative link is put in when the piece is used on a page (NUL never occurs in escaped text)
_LINK = re.compile("\x00([^\x00]*)\x00")


@dataclass(frozen=True)
class GeneratedFile:
    """A file of the site: ``path`` relative to the docs root, text or bytes."""

    path: str
    content: str | bytes

    @property
    def url(self) -> str:
        return page_url(self.path)

    def split(self) -> tuple[str, str]:
        """A page's front matter (with its ``---`` lines) and its HTML body."""
        assert isinstance(self.content, str) and self.content.startswith("---\n")
        end = self.content.index("\n---\n", 4) + len("\n---\n")
        return self.content[:end], self.content[end:]


def tel_uri(number: str) -> str:
    """``07141 000101`` → ``tel:07141000101``; ``+49 (0)35955 / 44 33-22`` → ``tel:+4935955443322``
    (the trunk ``0`` in brackets after a country code is not dialled from abroad nor at home)."""
    if number.lstrip().startswith("+"):
        number = re.sub(r"\(\s*0\s*\)", "", number)
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _front_matter(title: str, description: str | None = None, *, searchable: bool = True,
                  language: dict[str, Any] | None = None, hide: tuple[str, ...] = ()) -> str:
    """YAML front matter (JSON strings are YAML). The values are HTML-escaped here because the
    MkDocs theme environment has no autoescape: Material writes them raw into ``<title>`` and
    ``<meta name="description">``. ``language``: the page's ``sprache`` (its language),
    ``sprachen`` (every language the page exists in) and ``pfad`` (its URL inside a language's
    tree), which the theme turns into ``<html lang dir>``, hreflang links and the language switch. ``hide``: the theme's sidebars to leave out (``navigation``,
    ``toc``), e.g. where the page's own layout uses the width."""
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(html.escape(description), ensure_ascii=False)}")
    for key, value in (language or {}).items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    if not searchable:  # lists repeat what entry pages say: keep the search index small
        lines += ["search:", "  exclude: true"]
    if hide:
        lines += ["hide:", *(f"  - {name}" for name in hide)]
    lines.append("---")
    return "\n".join(lines) + "\n\n"


@dataclass
class Item:
    """An organisation or offer as the lists and filters see it."""

    kind: str  # "organisation" or "angebot"
    entry: PublicEntry
    url: str
    title: str
    subtitle: str | None
    categories: tuple[str, ...]
    topics: tuple[str, ...]
    languages: tuple[str, ...]
    target_groups: tuple[str, ...]
    municipality: str | None
    offer_kind: str | None
    wheelchair: str
    free: bool
    online: bool
    teaser: str
    facets: dict[str, str] = field(default_factory=dict)
    teaser_lang: str = "de"  # the language the teaser is in (German where the page's has none)
    #: the dates or opening hours in a few words ("Di 15–17 Uhr"), shown without JavaScript
    when: str | None = None
    #: the same as data for the browser (:func:`stadtkarte.schedule.encode`); None: unknown
    schedule: dict[str, Any] | None = None
    #: where, as far as it is public: the Stadtteil or the town (a protected place: its area)
    place_name: str | None = None
    #: an offer's cost text other than "kostenlos" ("5 € pro Abend")
    cost: str | None = None


@cache
def environment(templates: Path | None) -> Environment:
    """The Jinja environment for the package's templates, overridden by a city's own folder
    (one per folder: its compiled templates are shared by every build in a process)."""
    loaders = [PackageLoader("stadtkarte", "templates")]
    if templates:
        loaders.insert(0, FileSystemLoader(templates))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=bidi.finalize,  # isolates in texts (times, dates) become <bdi> (stadtkarte.bidi)
    )
    env.filters.update(ltr=bidi.ltr, isolate=bidi.isolate, own_direction=bidi.first_strong)
    env.globals.update(t=t, plural_texts=plural_texts, lang=languages, json_ld=jsonld.script_tag, search=search)
    env.globals.update(print_facts=printing.facts)  # print-only card details (print.css)
    return env


class Site(RenderContext):
    """Builds every page of the directory from the public view."""

    def __init__(self, view: PublicView, options: SiteOptions, language: str | None = None,
                 shared: dict[str, Any] | None = None) -> None:
        super().__init__(view, options, language, shared)
        self.organisations = view.organisations
        self.offers = view.offers
        self.items = [self._item(entry, self.language, view.today) for entry in view.entries]
        self.item_of = {(item.kind, item.entry.slug): item for item in self.items}
        self.env = environment(options.templates)
        self._pieces: dict[tuple[str, str, str], str] = {}

    # --- items for lists and filters ---------------------------------------------------------

    @staticmethod
    def _item(entry: PublicOrganisation | PublicOffer, language: str, today: date) -> Item:
        offer = entry if isinstance(entry, PublicOffer) else None
        place = entry.place if not entry.online else None
        item = Item(
            kind=entry.kind, entry=entry, url=entry.url, title=entry.title,
            subtitle=offer.organisation_name if offer else None,
            categories=entry.categories, topics=entry.topics, languages=entry.languages,
            target_groups=entry.target_groups, municipality=entry.place.municipality if entry.place else None,
            offer_kind=offer.offer_type if offer else None,
            wheelchair=entry.accessibility.wheelchair if entry.accessibility else "unbekannt",
            free=entry.free, online=entry.online,
            teaser=richtext.to_text(entry.description.get(language, entry.description["de"]), TEASER_CHARS),
            when=schedule.card_text(offer.schedule if offer else entry.opening_hours),  # type: ignore[union-attr]
            schedule=schedule.encode(offer.schedule, today, offer.valid_from, offer.valid_until) if offer
            else schedule.encode(entry.opening_hours, today),  # type: ignore[union-attr]
            place_name=(place.district or place.town) if place else None,
            cost=offer.cost if offer and offer.cost and not offer.free else None,
        )
        item.teaser_lang = language if language in entry.description else "de"
        item.facets = {  # the values the filter script matches, as space-separated slugs (URL parameter names)
            "typ": item.kind,
            "kategorie": " ".join(item.categories),
            "thema": " ".join(item.topics),
            "sprache": " ".join(item.languages),
            "zielgruppe": " ".join(item.target_groups),
            "kommune": item.municipality or "online",
            "art": item.offer_kind or "",
            "rollstuhl": item.wheelchair,
            "kostenlos": "1" if item.free else "0",
        }
        return item

    # --- rendering ---------------------------------------------------------------------------

    def render(
        self, template: str, page: str, title: str, summary: str | None = None, *, searchable: bool = True,
        language: str | None = None, hide: tuple[str, ...] = (), **context: Any,
    ) -> GeneratedFile:
        """Render ``template`` as the page at ``page`` (inside this language's tree); ``summary``
        becomes the meta description, ``language`` the page's own language tag where it is not the
        tree's (``de-x-ls`` on the Leichte-Sprache page). Templates get ``t`` in the page's
        language and ``link``, which leads to pages of the same language and to the shared files
        at the site root. ``hide`` names the theme's sidebars the page does without."""
        url = page_url(page)
        html = self.env.get_template(template).render(
            site=self, page_url=url, link=lambda target: self.link(url, target), title=title, t=self.t, **context
        )
        meta = self.page_languages(url)
        if language:
            meta["sprache_tag"] = language
        front = _front_matter(title, summary, searchable=searchable, language=meta, hide=hide)
        return GeneratedFile(self.prefix + page, front + html)

    def once(self, name: str, item: Item, link: Any, macro: Any) -> Markup:
        """``macro(item, link)`` (a card, a row of a list), rendered once per entry and language
        and reused on every page that shows it (the directory, the map, listings, an
        organisation's offers); only its links are made for the page at hand."""
        key = (name, item.kind, item.entry.slug)
        piece = self._pieces.get(key)
        if piece is None:
            piece = self._pieces[key] = str(macro(item, lambda target: Markup(f"\x00{target}\x00")))
        return Markup(_LINK.sub(lambda found: str(escape(link(found.group(1)))), piece))

    def page_languages(self, url: str) -> dict[str, Any]:
        """The front matter that names the page's language and its versions in the others (a page
        only the main language has, e.g. the Wegweiser, names only its own)."""
        every = list(self.options.languages) or [self.language]
        return {"sprache": self.language, "sprachen": [self.language] if url.startswith(ROOT_PAGES) else every,
                "pfad": url}

    def same_page(self, url: str, language: str) -> str:
        """The link from the page at ``url`` to the same page in ``language``."""
        other = tree_prefix(language, self.options.languages)
        return href(self.prefix + url, other + url)

    def description_shown(self, entry: PublicEntry) -> dict[str, Any]:
        """The description to show on the page: in the page's language (on the German page the
        Leichte-Sprache text ``de-x-ls`` first, when there is one), else the German text marked
        as a fallback with the languages it exists in; ``machine``: translated by a machine."""
        texts = entry.description
        tag = self.language
        if tag == "de" and "de-x-ls" in texts:
            tag = "de-x-ls"
        fallback = tag not in texts
        if fallback:
            tag = "de"
        code = tag.split("-")[0]
        available = [
            {"code": c, "label": languages.own_name(c), "dir": languages.direction(c),
             "link": self.same_page(entry.url, c) if c in self.options.languages else None}
            for c in ["de", *sorted(x for x in texts if x != "de" and "-" not in x)]
        ] if fallback else []
        return {
            "tag": tag, "lang": "de" if tag == "de-x-ls" else tag, "dir": languages.direction(code),
            "html": richtext.to_html(texts[tag]), "fallback": fallback, "available": available,
            "machine": tag in entry.machine_translated, "easy": tag == "de-x-ls",
        }

    def descriptions(self, entry: PublicEntry) -> list[dict[str, str]]:
        """The description in every language, German first, each with lang and dir."""
        texts = entry.description
        order = ["de", *sorted(tag for tag in texts if tag != "de")]
        result = []
        for tag in order:
            code = tag.split("-")[0]
            label = t("ui.easy_language") if tag == "de-x-ls" else languages.own_name(code)
            result.append({
                "key": tag, "tag": "de" if tag == "de-x-ls" else tag, "label": label, "dir": languages.direction(code),
                "html": richtext.to_html(texts[tag]), "machine": tag in entry.machine_translated,
            })
        return result

    def breadcrumbs(self, entry: PublicEntry) -> list[tuple[str, str]]:
        """The way to an entry page as (name, site URL): start page, directory, its first
        category, the entry itself."""
        trail = [(t("ui.breadcrumb_home"), ""), (t("ui.directory_title"), "verzeichnis/")]
        if entry.categories and entry.categories[0] in self.view.categories:
            slug = entry.categories[0]
            trail.append((self.view.categories[slug].label(self.language), f"kategorien/{slug}/"))
        return [*trail, (entry.title, entry.url)]

    def summary(self, entry: PublicEntry) -> str:
        """The meta description: the start of the description in the page's language or German."""
        return richtext.to_text(entry.description.get(self.language, entry.description["de"]), 150)

    def date_text(self, day: Any) -> str:
        """A date in the page's language (Babel)."""
        with speaking(self.language):
            return schedule.date_text(day)

    def tel(self, number: str) -> str:
        return tel_uri(number)

    @cached_property
    def near_areas(self) -> list[nearby.Area]:
        """The Stadtteile, postcodes and towns to measure distances from (near me)."""
        return nearby.areas(self.view)

    @cached_property
    def facet_options(self) -> dict[str, list[tuple[str, str]]]:
        """For each filter: (value, option text with count) of the values that occur."""
        return self.options_of(self.items)

    def options_of(self, items: list[Item]) -> dict[str, list[tuple[str, str]]]:
        """:attr:`facet_options` counted over ``items`` only (e.g. the Pinnwand's organisations)."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for item in items:
            for name in ("kategorie", "thema", "sprache", "zielgruppe", "kommune", "art"):
                for value in item.facets[name].split():
                    counts[name][value] += 1
        labels = {
            "kategorie": lambda v: self.term_name("categories", v),
            "thema": lambda v: self.term_name("topics", v),
            "zielgruppe": lambda v: self.term_name("target_groups", v),
            "art": lambda v: self.term_name("offer_types", v),
            "kommune": self.municipality_name,
            "sprache": self.language_name,
        }

        def text(name: str, value: str, count: int) -> str:
            own = languages.own_name(value) if name == "sprache" and value != self.language else None
            # the count before a name in another script keeps right-to-left text in one piece
            return f"{labels[name](value)} ({count})" + (f" – {own}" if own else "")

        options = {
            name: sorted(
                ((v, text(name, v, n)) for v, n in counts[name].items()), key=lambda x: x[1].casefold()
            )
            for name in labels
        }
        # the Pinnwand (facet pinnwand): organisations that seek support / offer something
        board = [item.entry for item in items if isinstance(item.entry, PublicOrganisation)]
        seeks, offers = sum(bool(o.support_wanted) for o in board), sum(bool(o.we_offer) for o in board)
        options["pinnwand"] = [(value, f"{t(key)} ({n})") for value, key, n in (
            ("sucht", "ui.board_seeks", seeks), ("bietet", "ui.board_offers", offers)) if n]
        return options

    # --- the pages ---------------------------------------------------------------------------

    def pages(self) -> Iterable[GeneratedFile]:
        yield self.start_page()
        if not self.prefix:  # Leichte Sprache is German: one page, which every tree links to
            yield self.easy_language_page()
        yield self.render("directory.html", "verzeichnis/index.md", t("ui.directory_title"),
                          t("ui.directory_description"), searchable=False, hide=RESULTS_LAYOUT, items=self.items,
                          options=self.facet_options, map_src=None, intro=t("ui.directory_intro"))
        for entry in self.organisations.values():
            yield self.organisation_page(entry)
        for entry in self.offers.values():
            yield self.offer_page(entry)
        yield from self.listing_pages()
        yield self.board_page()
        yield from self.map_pages()
        yield from self.export_pages()

    def export_pages(self) -> Iterable[GeneratedFile]:
        """The open data files (once, at the site root, by the main language's tree) and the
        ``/export/`` page that lists them (in every language)."""
        files = self.export_files()
        if self.is_main:
            yield from files
        sizes = self.shared["export_sizes"]
        yield self.render("export.html", "export/index.md", t("export.title"), t("export.description"),
                          searchable=False, downloads=listing.downloads(self, sizes))

    def export_files(self) -> list[GeneratedFile]:
        """The open data files, made once per build (by the main language's tree: their texts are
        in the main language), and their sizes for every tree's ``/export/`` page."""
        if "export_files" not in self.shared:
            files = [GeneratedFile(path, content) for path, content in listing.export_files(self)]
            self.shared["export_files"] = files
            self.shared["export_sizes"] = {
                f.path: len(f.content.encode("utf-8") if isinstance(f.content, str) else f.content) for f in files
            }
        return self.shared["export_files"]

    def map_pages(self) -> Iterable[GeneratedFile]:
        """The map: its data (once, as GeoJSON), the standalone document for iframes, and the
        site page with the map and the same entries as an accessible, filterable list."""
        # both in the page's language (the data holds the dates in words): one per language
        yield GeneratedFile(self.prefix + maps.DATA_FILE, maps.data_file(self))
        yield GeneratedFile(self.prefix + maps.DETAILS_FILE, maps.details_file(self))
        yield GeneratedFile(self.prefix + "karte/embed.html", maps.map_document(
            self, self.options.map, root="../", shared="../" + "../" * self.prefix.count("/")))
        yield self.render("directory.html", "karte/index.md", t("map.page_title"), t("map.page_intro"),
                          searchable=False, hide=RESULTS_LAYOUT, items=self.items, options=self.facet_options,
                          map_src="embed.html", intro=t("map.page_intro"))
        # the map in every language of the site: the way from this page to that tree's karte/
        map_languages = [(code, languages.own_name(code), href(self.prefix + "karte/einbinden/",
                                                               tree_prefix(code, self.options.languages) + "karte/"))
                         for code in self.options.languages] if len(self.options.languages) > 1 else []
        yield self.render("embed_builder.html", "karte/einbinden.md", t("embed.title"), t("embed.intro"),
                          searchable=False, options=self.facet_options, items=self.items, site_name=maps.site_name(self),
                          map_languages=map_languages)

    def start_page(self) -> GeneratedFile:
        tiles = []
        for slug, category in self.view.categories.items():
            count = sum(slug in item.categories for item in self.items)
            tiles.append({"slug": slug, "category": category, "count": count, "url": f"kategorien/{slug}/",
                          "name": category.label(self.language), "description": category.text(self.language)})
        return self.render("start.html", "index.md", t("ui.site_title"), t("ui.start_description"),
                           tiles=tiles, organisations=len(self.organisations), offers=len(self.offers))

    def easy_language_page(self) -> GeneratedFile:
        """``/leichte-sprache/``: the four explanations § 4 BITV 2.0 asks for on a public body's
        site, in Leichte Sprache, and the videos in Deutsche Gebärdensprache if the city has any."""
        url = page_url(EASY_LANGUAGE_PAGE)
        videos = [{
            "title": video.title, "type": video.type, "format": video.type.split("/")[1].upper(),
            "src": href(url, video.file) if video.is_local else video.file,
            "size": format_decimal(video.size_mb, format="#,##0.#", locale="de"), "duration": video.duration,
        } for video in self.options.sign_language]
        return self.render("easy_language.html", EASY_LANGUAGE_PAGE, t("easy.title"), t("easy.description"),
                           language=EASY_LANGUAGE_TAG, tag=EASY_LANGUAGE_TAG, videos=videos,
                           site_name=self.options.site_name or t("map.title"), email=self.options.editorial_email)

    def organisation_page(self, org: PublicOrganisation) -> GeneratedFile:
        point = org.place.point if org.place else None
        return self.render(
            "organisation.html", f"organisationen/{org.slug}.md", org.name, self.summary(org),
            entry=org, org=org, offers=[self.item_of[("angebot", o.slug)] for o in self.view.offers_of(org.slug)],
            hours=[schedule.describe_hours(h) for h in org.opening_hours],
            map_src=f"../../karte/embed.html?eintrag=o/{org.slug}&gesperrt=1" if point else None,
            ld=jsonld.organisation(self, org), trail=self.breadcrumbs(org),
            trail_ld=jsonld.breadcrumbs(self, self.breadcrumbs(org)),
        )

    def offer_page(self, offer: PublicOffer) -> GeneratedFile:
        return self.render(
            "offer.html", f"angebote/{offer.slug}.md", offer.title, self.summary(offer),
            entry=offer, offer=offer, item=self.item_of[("angebot", offer.slug)],
            dates=[schedule.describe_appointment(a) for a in offer.schedule],
            calendar=self.subscribe_links(page_url(f"angebote/{offer.slug}.md"), ical.calendar_path(self, offer)),
            ld=jsonld.offer(self, offer), trail=self.breadcrumbs(offer),
            trail_ld=jsonld.breadcrumbs(self, self.breadcrumbs(offer)),
        )

    def listing_pages(self) -> Iterable[GeneratedFile]:
        groups: list[tuple[str, str, Iterable[tuple[str, str, str | None]]]] = [
            ("kategorien", "kategorie", ((s, c.label(self.language), c.text(self.language))
                                         for s, c in self.view.categories.items())),
            ("kommunen", "kommune", ((s, m.label(self.language), None) for s, m in self.view.municipalities.items())),
            # no page for German: nearly every entry speaks it (the directory lists them all)
            ("sprachen", "sprache", sorted(((code, self.language_name(code), None) for code in
                {c for item in self.items for c in item.languages} - {"de"}), key=lambda x: x[1].casefold())),
        ]
        for folder, param, members in groups:
            by_value: dict[str, list[Item]] = defaultdict(list)  # one pass over the entries per group
            for item in self.items:
                for value in item.facets[param].split():
                    by_value[value].append(item)
            overview = []
            for slug, name, description in members:
                chosen = by_value.get(slug, [])
                own_intro = None
                if folder == "sprachen":  # "Angebote auf Arabisch" says so in Arabic, too
                    description = t("ui.language_intro", language=name)
                    if slug != self.language and has_locale(slug):
                        own_intro = t("ui.language_intro", slug, language=languages.own_name(slug))
                title = t(f"ui.listing_title.{folder}", name=name)
                overview.append({"url": f"{folder}/{slug}/", "name": name, "count": len(chosen), "slug": slug})
                map_src = f"../../karte/embed.html?{param}={slug}&gesperrt=1" if folder != "sprachen" else None
                calendar = self.subscribe_links(f"{folder}/{slug}/", ical.category_path(slug)) if folder == "kategorien" else None
                yield self.render("listing.html", f"{folder}/{slug}.md", title, description, searchable=False,
                                  hide=RESULTS_LAYOUT, items=chosen, description=description, param=param, slug=slug, folder=folder,
                                  map_src=map_src, calendar=calendar, own_intro=own_intro)
            yield self.render("overview.html", f"{folder}/index.md", t(f"ui.overview_title.{folder}"),
                              None, members=overview, folder=folder)

    def board_page(self) -> GeneratedFile:
        """The Pinnwand: one card per organisation that seeks support or offers something, with
        where it is, its categories and how to respond; filtered like the directory (filter.js,
        facet ``pinnwand``)."""
        posts = [o for o in self.organisations.values() if o.support_wanted or o.we_offer]
        items = [self.item_of[("organisation", o.slug)] for o in posts]
        options = self.options_of(items)
        return self.render("board.html", "pinnwand.md", t("ui.board_title"), t("ui.board_description"),
                           searchable=False, posts=[self.board_post(o) for o in posts], items=items, options=options)

    def board_post(self, org: PublicOrganisation) -> dict[str, Any]:
        """What a Pinnwand card says: where (a protected place only as its area) and how to
        respond: the organisation's public contact, else the editorial address, else its page."""
        place = org.place
        where = (place.locality or self.municipality_name(place.municipality)) if place else self.municipality_name(None)
        contact = org.contact
        direct = contact if contact and (contact.email or contact.phone or contact.website) else None
        subject = quote(t("ui.board_mail_subject", name=org.name), safe="")
        editorial = self.options.editorial_email if not direct else None
        return {
            "org": org, "item": self.item_of[("organisation", org.slug)], "where": where,
            "approximate": bool(place and place.approximate), "contact": direct,
            "mail": f"mailto:{quote(direct.email, safe='@')}?subject={subject}" if direct and direct.email else None,
            "editorial": editorial,
            "editorial_mail": f"mailto:{quote(editorial, safe='@')}?subject={subject}" if editorial else None,
        }


#: stylesheets and scripts every page of the site loads, in this order: joined into one file each
#: (PAGE_BUNDLE_CSS, PAGE_BUNDLE_JS, see page_bundles()), which the hooks add to the theme; each
#: part is served on its own too
STYLESHEETS = ("assets/stadtkarte/stadtkarte.css", "assets/stadtkarte/schrift.css", "assets/stadtkarte/print.css")
SCRIPTS = ("assets/stadtkarte/suche.js", "assets/stadtkarte/zeit.js", "assets/stadtkarte/naehe.js",
           "assets/stadtkarte/filter.js", "assets/stadtkarte/verzeichnis.js",
           "assets/stadtkarte/ergebnisse.js", "assets/stadtkarte/offline.js", "assets/stadtkarte/melden.js",
           "assets/stadtkarte/zurueck.js", "assets/stadtkarte/sprache.js", "assets/stadtkarte/kartenvorschau.js")
PAGE_BUNDLE_CSS = "assets/stadtkarte/seiten-paket.css"
PAGE_BUNDLE_JS = "assets/stadtkarte/seiten-paket.js"
_ASSETS = "assets/stadtkarte/"


def page_bundles() -> dict[str, str]:
    """STYLESHEETS and SCRIPTS as one file each (path → text): one request and one tag per page
    instead of fourteen. Each script runs in its own scope and its error stops no other; they
    share only what they put on ``window``; they run in order, in tasks of a few ms each, so the
    bundle never adds a long task to the page (:func:`stadtkarte.bundles.paced`). print.css
    keeps its rules inside ``@media print``, so the joined sheet prints as before."""
    parts = {name: name.removeprefix(_ASSETS) for name in (*STYLESHEETS, *SCRIPTS)}
    return {PAGE_BUNDLE_CSS: bundles.stylesheets(parts[name] for name in STYLESHEETS),
            PAGE_BUNDLE_JS: bundles.scripts((parts[name] for name in SCRIPTS), pace=True)}


def assets() -> Iterable[GeneratedFile]:
    """Stylesheets, scripts and the vendored map libraries, from the package (served by the site
    itself, never from a CDN)."""
    root = Path(str(resources.files("stadtkarte").joinpath("assets")))
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != "MANIFEST.json":
            yield GeneratedFile(f"{_ASSETS}{path.relative_to(root).as_posix()}", path.read_bytes())
    # the map's scripts and styles as one file each, and those of every page
    for path, text in (maps.bundles() | page_bundles()).items():
        yield GeneratedFile(path, text)


def build_site(view: PublicView, options: SiteOptions) -> list[GeneratedFile]:
    """Every generated page, map and export file and every asset of the directory, rendered
    from the public view (see :func:`stadtkarte.publish.publish`)."""
    site = Site(view, options)
    return [*site.pages(), *assets()]
