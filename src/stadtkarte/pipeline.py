"""From a validated catalogue to the files of the site: publish, render, and finish the built site.

The one place that joins the halves of the pipeline (the MkDocs hooks and ``stadtkarte
generate`` call it): :func:`stadtkarte.publish.publish` makes the public view,
:func:`stadtkarte.pages.build_site` renders every output from it, and :func:`finish` indexes the
built HTML for the site search (Pagefind reads the pages as the generator wrote them).
"""

from __future__ import annotations

from pathlib import Path

from . import search
from .entries import Catalogue
from .pages import GeneratedFile, build_site
from .publish import PublicView, publish
from .render import SiteOptions


def render(catalogue: Catalogue, options: SiteOptions) -> tuple[PublicView, list[GeneratedFile]]:
    """The public view of ``catalogue`` and every page, map, export and asset rendered from it."""
    view = publish(catalogue, options.publishing)
    return view, build_site(view, options)


def generate(catalogue: Catalogue, options: SiteOptions) -> list[GeneratedFile]:
    """Every page, map, export and asset of the site for ``catalogue``."""
    return render(catalogue, options)[1]


def finish(site_dir: Path, view: PublicView) -> dict[str, float | int]:
    """After the generator wrote the HTML into ``site_dir``: the search index (Pagefind) and the
    browser's search files. Raises :class:`stadtkarte.search.SearchIndexError`."""
    return search.index_site(site_dir, view)
