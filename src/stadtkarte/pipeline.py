"""From a validated catalogue to the files of the site: publish, render, and finish the built site.

The one place that joins the halves of the pipeline (the MkDocs hooks and ``stadtkarte
generate`` call it): :func:`stadtkarte.publish.publish` makes the public view,
:class:`stadtkarte.pages.Site` renders every output from it (the offline page and the
Wegweiser through their modules), and :func:`finish` indexes the
built HTML for the site search (Pagefind reads the pages as the generator wrote them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from . import offline, search, wegweiser
from .entries import Catalogue
from .i18n import speaking
from .pages import GeneratedFile, Site, assets
from .publish import PublicView, publish
from .render import SiteOptions


def render(catalogue: Catalogue, options: SiteOptions) -> tuple[PublicView, list[GeneratedFile]]:
    """The public view of ``catalogue`` and every page, map, export and asset rendered from it:
    the pages once per language of ``extra.stadtkarte.sprachen`` (the first at the site root,
    each other below ``<code>/``), all from the same public view; the shared files (assets,
    exports, calendars, the Wegweiser) once, by the first language's tree."""
    view = publish(catalogue, options.publishing)
    shared: dict[str, object] = {}
    files: list[GeneratedFile] = []
    for language in options.languages or ("de",):
        with speaking(language):  # t() in the renderers (and the cards' words) speaks the tree's language
            site = Site(view, options, language, shared)
            files += site.pages()
            files += offline.site_files(site)
            if site.is_main:
                files += assets()
                files += wegweiser.site_files(site)
    return view, files


def generate(catalogue: Catalogue, options: SiteOptions) -> list[GeneratedFile]:
    """Every page, map, export and asset of the site for ``catalogue``."""
    return render(catalogue, options)[1]


def start_search(site_dir: Path, files: Iterable[GeneratedFile], languages: Sequence[str]) -> search.Indexing:
    """Start indexing the entry pages among ``files`` for the site search while the generator
    builds the site (:func:`stadtkarte.search.start_index`); :func:`finish` waits for it."""
    pages = []
    for file in files:
        if isinstance(file.content, str) and file.path.endswith(".md") and search.BODY_MARK in file.content:
            tree = file.path.split("/", 1)[0]  # each language but the first has its pages below <code>/
            pages.append((file.url, tree if tree in languages[1:] else languages[0], file.split()[1]))
    return search.start_index(site_dir, pages)


def finish(site_dir: Path, view: PublicView, *, site_name: str,
           indexing: search.Indexing | None = None) -> dict[str, float | int]:
    """After the generator wrote the HTML into ``site_dir``: the search index (Pagefind; or
    wait for the ``indexing`` started by :func:`start_search`) and the browser's search files;
    the Wegweiser PDFs when asked for (``make wegweiser``); last the offline files, which list
    and hash the finished site. Returns the search's counts; raises
    :class:`stadtkarte.search.SearchIndexError`."""
    found = search.index_site(site_dir, view, indexing)
    if wegweiser.pdf_enabled():
        wegweiser.render_pdfs(site_dir)
    offline.finish(site_dir, site_name=site_name)
    return found
