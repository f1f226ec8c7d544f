"""From a validated catalogue to the files of the site: publish, render, and finish the built site.

The one place that joins the halves of the pipeline (the MkDocs hooks and ``stadtkarte
generate`` call it): :func:`stadtkarte.publish.publish` makes the public view,
:class:`stadtkarte.pages.Site` renders every output from it (the offline page and the
Wegweiser through their modules), and :func:`finish` indexes the
built HTML for the site search (Pagefind reads the pages as the generator wrote them).
"""

from __future__ import annotations

from pathlib import Path

from . import offline, search, wegweiser
from .entries import Catalogue
from .pages import GeneratedFile, Site, assets
from .publish import PublicView, publish
from .render import SiteOptions


def render(catalogue: Catalogue, options: SiteOptions) -> tuple[PublicView, list[GeneratedFile]]:
    """The public view of ``catalogue`` and every page, map, export and asset rendered from it."""
    view = publish(catalogue, options.publishing)
    site = Site(view, options)
    return view, [*site.pages(), *assets(), *offline.site_files(site), *wegweiser.site_files(site)]


def generate(catalogue: Catalogue, options: SiteOptions) -> list[GeneratedFile]:
    """Every page, map, export and asset of the site for ``catalogue``."""
    return render(catalogue, options)[1]


def finish(site_dir: Path, view: PublicView, *, site_name: str) -> dict[str, float | int]:
    """After the generator wrote the HTML into ``site_dir``: the search index (Pagefind) and the
    browser's search files; the Wegweiser PDFs when asked for (``make wegweiser``); last the
    offline files, which list and hash the finished site. Returns the search's counts; raises
    :class:`stadtkarte.search.SearchIndexError`."""
    found = search.index_site(site_dir, view)
    if wegweiser.pdf_enabled():
        wegweiser.render_pdfs(site_dir)
    offline.finish(site_dir, site_name=site_name)
    return found
