"""The directory site as (path, content) pairs, independent of MkDocs.

:func:`build_site` turns a validated catalogue into Markdown pages (front matter for the title,
HTML from the templates in ``templates/``) and the assets they need. The MkDocs hooks add them
in memory; ``stadtkarte generate --out DIR`` writes the same files for generators without hooks.

URLs are directory URLs (``organisationen/<slug>/``); links inside the generated HTML are
relative, computed here, so the site works under any path prefix.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

from . import exports, jsonld, languages, maps, offline, printing, richtext, schedule, wegweiser
from .catalogue import Catalogue, Entry, is_stale
from .exports import ExportOptions, ical, ids
from .i18n import t
from .maps import MapOptions
from .models import Offer, Organisation

TEASER_CHARS = 160


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


@dataclass
class SiteOptions:
    """What the pages need to know beyond the data (from mkdocs.yml)."""

    today: date
    sample_data: bool = True
    repo_url: str | None = None  # https://github.com/owner/repo
    branch: str = "main"
    data_path: str = "data"  # the data folder, relative to the repository root
    templates: Path | None = None  # a folder whose templates override the package's
    map: MapOptions = field(default_factory=lambda: MapOptions())
    site_url: str | None = None  # https://integration.stadt.example/ (absolute links in exports)
    export: ExportOptions = field(default_factory=lambda: ExportOptions())


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


def href(source: str, target: str) -> str:
    """Relative link from the page at URL ``source`` to URL ``target`` (both directory URLs or
    file paths below the site root)."""
    base = source.rstrip("/") if source.endswith("/") else posixpath.dirname(source)
    relative = posixpath.relpath(target.rstrip("/") or ".", base or ".")
    if target.endswith("/") or target == "":
        return "./" if relative == "." else relative + "/"
    return relative


def _front_matter(title: str, description: str | None = None, *, searchable: bool = True) -> str:
    """YAML front matter (JSON strings are YAML). The values are HTML-escaped here because the
    MkDocs theme environment has no autoescape: Material writes them raw into ``<title>`` and
    ``<meta name="description">``."""
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(html.escape(description), ensure_ascii=False)}")
    if not searchable:  # lists repeat what entry pages say: keep the search index small
        lines += ["search:", "  exclude: true"]
    lines.append("---")
    return "\n".join(lines) + "\n\n"


@dataclass
class Item:
    """An organisation or offer as the lists and filters see it."""

    kind: str  # "organisation" or "angebot"
    entry: Entry
    url: str
    title: str
    subtitle: str | None
    categories: list[str]
    topics: list[str]
    languages: list[str]
    target_groups: list[str]
    municipality: str | None
    offer_kind: str | None
    wheelchair: str
    free: bool
    online: bool
    teaser: str
    facets: dict[str, str] = field(default_factory=dict)


class Site:
    """Builds every page of the directory from one catalogue."""

    def __init__(self, catalogue: Catalogue, options: SiteOptions) -> None:
        self.catalogue = catalogue
        self.options = options
        self.taxonomy = catalogue.taxonomy
        assert self.taxonomy is not None, "build_site needs a validated catalogue"
        self.organisations = {s: e for s, e in sorted(catalogue.organisations.items()) if e.model.visible}
        self.offers = {
            s: e for s, e in sorted(catalogue.offers.items()) if self._published_offer(e.model)
        }
        self.offers_of: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.offers.values():
            self.offers_of[entry.model.organisation].append(entry)
        self.items = [self._org_item(e) for e in self.organisations.values()] + [
            self._offer_item(e) for e in self.offers.values()
        ]
        self.items.sort(key=lambda item: (item.title.casefold(), item.kind))
        self.item_of = {(item.kind, item.entry.slug): item for item in self.items}
        loaders = [PackageLoader("stadtkarte", "templates")]
        if options.templates:
            loaders.insert(0, FileSystemLoader(options.templates))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals.update(t=t, lang=languages, json_ld=jsonld.script_tag)
        self.env.globals.update(print_facts=printing.facts)  # print-only card details (print.css)
        self.id_space = ids.namespace(options.export.namespace or options.site_url)
        #: values computed once per build and shared by several pages or exports
        self.memo: dict[str, Any] = {}

    # --- what is published -------------------------------------------------------------------

    def _published_offer(self, offer: Offer) -> bool:
        org = self.catalogue.organisations.get(offer.organisation)
        if not offer.visible or org is None or not org.model.visible:
            return False
        return offer.valid_until is None or offer.valid_until >= self.options.today

    def effective(self, entry: Entry, name: str) -> Any:
        """An offer's value, or its organisation's where the offer leaves it out."""
        value = getattr(entry.model, name)
        if isinstance(entry.model, Offer) and value is None:
            org = self.catalogue.organisations[entry.model.organisation].model
            return getattr(org, name, None)
        return value

    # --- items for lists and filters ---------------------------------------------------------

    def _common(self, entry: Entry) -> dict[str, Any]:
        address = self.catalogue.address(entry)
        accessibility = self.effective(entry, "accessibility")
        return {
            "languages": list(self.effective(entry, "languages") or []),
            "target_groups": list(self.effective(entry, "target_groups") or []),
            "municipality": address.municipality if address else None,
            "wheelchair": accessibility.wheelchair if accessibility else "unbekannt",
            "teaser": richtext.to_text(entry.model.description["de"], TEASER_CHARS),
        }

    def _org_item(self, entry: Entry[Organisation]) -> Item:
        org = entry.model
        offers = [e.model for e in self.offers_of.get(entry.slug, [])]
        item = Item(
            kind="organisation", entry=entry, url=f"organisationen/{entry.slug}/", title=org.name, subtitle=None,
            categories=list(org.categories), topics=list(org.topics), offer_kind=None,
            free=any(o.free_of_charge for o in offers), online=org.online and org.address is None,
            **self._common(entry),
        )
        return self._with_facets(item)

    def _offer_item(self, entry: Entry[Offer]) -> Item:
        offer = entry.model
        org = self.catalogue.organisations[offer.organisation].model
        item = Item(
            kind="angebot", entry=entry, url=f"angebote/{entry.slug}/", title=offer.title, subtitle=org.name,
            categories=list(offer.categories or org.categories), topics=list(offer.topics or org.topics),
            offer_kind=offer.kind, free=offer.free_of_charge,
            online=self.catalogue.address(entry) is None, **self._common(entry),
        )
        return self._with_facets(item)

    @staticmethod
    def _with_facets(item: Item) -> Item:
        """The values the filter script matches, as space-separated slugs (URL parameter names)."""
        item.facets = {
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
        **context: Any,
    ) -> GeneratedFile:
        """Render ``template`` as the page at ``page``; ``summary`` becomes the meta description."""
        url = page_url(page)
        html = self.env.get_template(template).render(
            site=self, page_url=url, link=lambda target: href(url, target), title=title, **context
        )
        return GeneratedFile(page, _front_matter(title, summary, searchable=searchable) + html)

    def term_name(self, group: str, slug: str) -> str:
        terms = getattr(self.taxonomy, group)
        return terms[slug].name if slug in terms else slug

    def municipality_name(self, slug: str | None) -> str:
        if slug is None or slug == "online":
            return t("ui.online")
        found = self.catalogue.municipalities.get(slug)
        return found.name if found else slug

    def entry_id(self, entry: Entry, *part: str) -> str:
        """The stable UUID of an entry (or of a part of it, e.g. ``"termin", "0"``)."""
        kind = "organisation" if isinstance(entry.model, Organisation) else "angebot"
        return ids.stable_id(self.id_space, kind, entry.slug, *part)

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
        links = {"download": href(page, calendar)}
        absolute = self.absolute(calendar)
        if absolute:
            links["subscribe"] = "webcal://" + absolute.split("://", 1)[1]
        return links

    def stale(self, entry: Entry) -> bool:
        return is_stale(entry, self.options.today)

    def edit_url(self, entry: Entry) -> str | None:
        if not self.options.repo_url:
            return None
        folder = "organisationen" if isinstance(entry.model, Organisation) else "angebote"
        return f"{self.options.repo_url}/edit/{self.options.branch}/{self.options.data_path}/{folder}/{entry.path.name}"

    def report_url(self, entry: Entry, title: str) -> str | None:
        if not self.options.repo_url:
            return None
        folder = "organisationen" if isinstance(entry.model, Organisation) else "angebote"
        query = urlencode({
            "title": t("ui.report_title", name=title),
            "body": t("ui.report_body", path=f"{self.options.data_path}/{folder}/{entry.path.name}"),
        })
        return f"{self.options.repo_url}/issues/new?{query}"

    def descriptions(self, entry: Entry) -> list[dict[str, str]]:
        """The description in every language, German first, each with lang and dir."""
        texts = entry.model.description
        order = ["de", *sorted(tag for tag in texts if tag != "de")]
        result = []
        for tag in order:
            code = tag.split("-")[0]
            label = t("ui.easy_language") if tag == "de-x-ls" else languages.own_name(code)
            result.append({
                "tag": "de" if tag == "de-x-ls" else tag, "label": label, "dir": languages.direction(code),
                "html": richtext.to_html(texts[tag]),
            })
        return result

    def tel(self, number: str) -> str:
        digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
        return f"tel:{digits}"

    @cached_property
    def facet_options(self) -> dict[str, list[tuple[str, str]]]:
        """For each filter: (value, option text with count) of the values that occur."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for item in self.items:
            for name in ("kategorie", "thema", "sprache", "zielgruppe", "kommune", "art"):
                for value in item.facets[name].split():
                    counts[name][value] += 1
        labels = {
            "kategorie": lambda v: self.term_name("categories", v),
            "thema": lambda v: self.term_name("topics", v),
            "zielgruppe": lambda v: self.term_name("target_groups", v),
            "art": lambda v: self.term_name("offer_types", v),
            "kommune": self.municipality_name,
            "sprache": languages.german_name,
        }

        def text(name: str, value: str, count: int) -> str:
            own = languages.own_name(value) if name == "sprache" and value != "de" else None
            # the count before a name in another script keeps right-to-left text in one piece
            return f"{labels[name](value)} ({count})" + (f" – {own}" if own else "")

        return {
            name: sorted(
                ((v, text(name, v, n)) for v, n in counts[name].items()), key=lambda x: x[1].casefold()
            )
            for name in labels
        }

    # --- the pages ---------------------------------------------------------------------------

    def pages(self) -> Iterable[GeneratedFile]:
        yield self.start_page()
        yield self.render("directory.html", "verzeichnis/index.md", t("ui.directory_title"),
                          t("ui.directory_description"), searchable=False, items=self.items,
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
        """The open data files and the ``/export/`` page that lists them."""
        files = [GeneratedFile(path, content) for path, content in exports.export_files(self)]
        sizes = {f.path: len(f.content.encode("utf-8") if isinstance(f.content, str) else f.content) for f in files}
        yield from files
        yield self.render("export.html", "export/index.md", t("export.title"), t("export.description"),
                          searchable=False, downloads=exports.downloads(self, sizes))

    def map_pages(self) -> Iterable[GeneratedFile]:
        """The map: its data (once, as GeoJSON), the standalone document for iframes, and the
        site page with the map and the same entries as an accessible, filterable list."""
        yield GeneratedFile(maps.DATA_FILE, maps.data_file(self))
        yield GeneratedFile("karte/embed.html", maps.map_document(self, self.options.map, root="../", title=t("map.title")))
        yield self.render("directory.html", "karte/index.md", t("map.page_title"), t("map.page_intro"),
                          searchable=False, items=self.items, options=self.facet_options,
                          map_src="embed.html", intro=t("map.page_intro"))
        yield self.render("embed_builder.html", "karte/einbinden.md", t("embed.title"), t("embed.intro"),
                          searchable=False, options=self.facet_options)

    def start_page(self) -> GeneratedFile:
        tiles = []
        for slug, category in self.taxonomy.categories.items():
            count = sum(slug in item.categories for item in self.items)
            tiles.append({"slug": slug, "category": category, "count": count, "url": f"kategorien/{slug}/"})
        return self.render("start.html", "index.md", t("ui.site_title"), t("ui.start_description"),
                           tiles=tiles, organisations=len(self.organisations), offers=len(self.offers))

    def organisation_page(self, entry: Entry[Organisation]) -> GeneratedFile:
        org = entry.model
        published = self.catalogue.published_coordinates(entry)
        return self.render(
            "organisation.html", f"organisationen/{entry.slug}.md", org.name, richtext.to_text(org.description["de"], 150),
            entry=entry, org=org, offers=[self.item_of[("angebot", e.slug)] for e in self.offers_of.get(entry.slug, [])],
            published=published, hours=[schedule.describe_hours(h) for h in org.opening_hours],
            map_src=f"../../karte/embed.html?eintrag=o/{entry.slug}&gesperrt=1" if published else None,
            ld=jsonld.organisation(self, entry),
        )

    def offer_page(self, entry: Entry[Offer]) -> GeneratedFile:
        offer = entry.model
        org_entry = self.catalogue.organisations[offer.organisation]
        return self.render(
            "offer.html", f"angebote/{entry.slug}.md", offer.title, richtext.to_text(offer.description["de"], 150),
            entry=entry, offer=offer, org_entry=org_entry, item=self.item_of[("angebot", entry.slug)],
            address=self.catalogue.address(entry), public=self.catalogue.location_public(entry),
            dates=[schedule.describe_appointment(a) for a in offer.schedule],
            calendar=self.subscribe_links(page_url(f"angebote/{entry.slug}.md"), ical.calendar_path(self, entry)),
            contact=self.effective(entry, "contact"), accessibility=self.effective(entry, "accessibility"),
            ld=jsonld.offer(self, entry),
        )

    def listing_pages(self) -> Iterable[GeneratedFile]:
        groups: list[tuple[str, str, Iterable[tuple[str, str, str | None]]]] = [
            ("kategorien", "kategorie", ((s, c.name, c.description) for s, c in self.taxonomy.categories.items())),
            ("kommunen", "kommune", ((s, m.name, None) for s, m in self.catalogue.municipalities.items())),
            # no page for German: nearly every entry speaks it (the directory lists them all)
            ("sprachen", "sprache", ((code, languages.german_name(code), None) for code in sorted(
                {c for item in self.items for c in item.languages} - {"de"}))),
        ]
        for folder, param, members in groups:
            by_value: dict[str, list[Item]] = defaultdict(list)  # one pass over the entries per group
            for item in self.items:
                for value in item.facets[param].split():
                    by_value[value].append(item)
            overview = []
            for slug, name, description in members:
                chosen = by_value.get(slug, [])
                title = t(f"ui.listing_title.{folder}", name=name)
                overview.append({"url": f"{folder}/{slug}/", "name": name, "count": len(chosen), "slug": slug})
                map_src = f"../../karte/embed.html?{param}={slug}&gesperrt=1" if folder != "sprachen" else None
                calendar = self.subscribe_links(f"{folder}/{slug}/", ical.category_path(slug)) if folder == "kategorien" else None
                yield self.render("listing.html", f"{folder}/{slug}.md", title, description, searchable=False,
                                  items=chosen, description=description, param=param, slug=slug, folder=folder,
                                  map_src=map_src, calendar=calendar)
            yield self.render("overview.html", f"{folder}/index.md", t(f"ui.overview_title.{folder}"),
                              None, members=overview, folder=folder)

    def board_page(self) -> GeneratedFile:
        wanted = [(e, e.model.support_wanted) for e in self.organisations.values() if e.model.support_wanted]
        offered = [(e, e.model.we_offer) for e in self.organisations.values() if e.model.we_offer]
        return self.render("board.html", "pinnwand.md", t("ui.board_title"), t("ui.board_description"),
                           searchable=False, wanted=wanted, offered=offered)


#: stylesheets and scripts every page of the site loads (the hooks add them to the theme)
STYLESHEETS = ("assets/stadtkarte/stadtkarte.css", "assets/stadtkarte/print.css")
SCRIPTS = ("assets/stadtkarte/verzeichnis.js", "assets/stadtkarte/offline.js")


def assets() -> Iterable[GeneratedFile]:
    """Stylesheets, scripts and the vendored map libraries, from the package (served by the site
    itself, never from a CDN)."""
    root = Path(str(resources.files("stadtkarte").joinpath("assets")))
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != "MANIFEST.json":
            yield GeneratedFile(f"assets/stadtkarte/{path.relative_to(root).as_posix()}", path.read_bytes())


def build_site(catalogue: Catalogue, options: SiteOptions) -> list[GeneratedFile]:
    """Every generated page and asset of the directory."""
    site = Site(catalogue, options)
    return [*site.pages(), *assets(), *offline.site_files(site), *wegweiser.site_files(site)]
