"""From a validated catalogue to the files of the site: publish, render, and finish the built site.

The one place that joins the halves of the pipeline (the MkDocs hooks and ``stadtkarte
generate`` call it): :func:`stadtkarte.publish.publish` makes the public view,
:class:`stadtkarte.pages.Site` renders every output from it (the offline page and the
Wegweiser through their modules), and :func:`finish` indexes the
built HTML for the site search (Pagefind reads the pages as the generator wrote them).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import offline, search, wegweiser
from .entries import Catalogue
from .i18n import speaking
from .pages import GeneratedFile, Site, assets
from .publish import PublicView, publish
from .render import SiteOptions


def render(catalogue: Catalogue, options: SiteOptions, *, parallel: bool = False,
           ) -> tuple[PublicView, list[GeneratedFile]]:
    """The public view of ``catalogue`` and every page, map, export and asset rendered from it:
    the pages once per language of ``extra.stadtkarte.sprachen`` (the first at the site root,
    each other below ``<code>/``), all from the same public view; the shared files (assets,
    exports, calendars, the Wegweiser) once, by the first language's tree.

    ``parallel`` (``mkdocs build``; not the preview, whose server runs threads): with several
    cores, a forked copy of this process renders the last trees meanwhile
    (:func:`_render_beside`); the files are the same, in the same order."""
    view = publish(catalogue, options.publishing)
    shared: dict[str, object] = {}
    languages = tuple(options.languages or ("de",))
    beside: list[str] = []
    if parallel and len(languages) > 3 and (os.cpu_count() or 1) > 1 and "fork" in mp.get_all_start_methods():
        with speaking(languages[0]):  # the open data files, in the main language, before the fork
            Site(view, options, languages[0], shared).export_files()
        # the main tree also makes the shared files (Wegweiser, exports): it and two more trees here
        beside = list(languages[3:])
    waiting = _render_beside(view, options, beside, shared) if beside else None
    files = _render_trees(view, options, [code for code in languages if code not in beside], shared)
    if waiting is not None:
        files += waiting()
    return view, files


def _render_trees(view: PublicView, options: SiteOptions, languages: Sequence[str],
                  shared: dict[str, object]) -> list[GeneratedFile]:
    files: list[GeneratedFile] = []
    for language in languages:
        with speaking(language):  # t() in the renderers (and the cards' words) speaks the tree's language
            site = Site(view, options, language, shared)
            files += site.pages()
            files += offline.site_files(site)
            if site.is_main:
                files += assets()
                files += wegweiser.site_files(site)
    return files


def _render_beside(view: PublicView, options: SiteOptions, languages: Sequence[str],
                   shared: dict[str, object]) -> Callable[[], list[GeneratedFile]]:
    """Render the trees of ``languages`` in a forked child process (it starts with this one's
    memory: the public view, the compiled templates); returns the function that waits for its
    files. Should the child fail, the trees are rendered here instead (with the real error)."""
    receiving, sending = mp.get_context("fork").Pipe(duplex=False)

    def child() -> None:
        try:
            result: object = _render_trees(view, options, languages, shared)
        except BaseException:  # noqa: BLE001 - reported by rendering again in the parent
            result = None
        sending.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        sending.close()

    process = mp.get_context("fork").Process(target=child, daemon=True)
    process.start()
    sending.close()

    def wait() -> list[GeneratedFile]:
        try:
            result = pickle.loads(receiving.recv_bytes())
        except EOFError:  # the child died (e.g. out of memory)
            result = None
        receiving.close()
        process.join()
        return result if result is not None else _render_trees(view, options, languages, shared)

    return wait


def generate(catalogue: Catalogue, options: SiteOptions) -> list[GeneratedFile]:
    """Every page, map, export and asset of the site for ``catalogue``."""
    return render(catalogue, options)[1]


def start_search(site_dir: Path, files: Iterable[GeneratedFile], languages: Sequence[str]) -> search.Indexing | None:
    """Start indexing the entry pages among ``files`` for the site search while the generator
    builds the site (:func:`stadtkarte.search.start_index`); :func:`finish` waits for it. None
    without entry pages (a new project): :func:`finish` then indexes the finished site as it is."""
    pages = []
    for file in files:
        if isinstance(file.content, str) and file.path.endswith(".md") and search.BODY_MARK in file.content:
            tree = file.path.split("/", 1)[0]  # each language but the first has its pages below <code>/
            pages.append((file.url, tree if tree in languages[1:] else languages[0], file.split()[1]))
    return search.start_index(site_dir, pages) if pages else None


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
