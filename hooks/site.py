"""MkDocs hooks: adapt MkDocs events to the stadtkarte package. No logic lives here.

on_config  load and validate data/ (errors fail the build with path:line:col messages)
on_files   add the generated pages in memory (nothing is written into docs/); start writing the
           other generated files (assets, map data, open data exports) into the site
on_page_content  put each generated page's HTML in place (see below)
on_env     give the theme's templates the package's texts (footer links)
on_post_build  wait for those files, which are written into the site while MkDocs renders the
           pages (thousands of small calendar files: the package writes them on a few threads,
           each atomically); remove the theme's CDN addresses; write the offline files (service
           worker, bundle list, web app manifest), which need the finished site; with
           STADTKARTE_WEGWEISER_PDF=1 (make wegweiser) render the Wegweiser PDFs
on_serve   watch data/ so saving a YAML file rebuilds the site

The generated pages are finished HTML. Python-Markdown would pass them through unchanged, but
parsing thousands of large HTML blocks is the slowest part of the build; so MkDocs gets the front
matter and a placeholder, and the HTML is put back after Markdown.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from stadtkarte import offline, wegweiser
from stadtkarte.atomic import write_many
from stadtkarte.catalogue import load_catalogue
from stadtkarte.i18n import t
from stadtkarte.pages import SCRIPTS, STYLESHEETS, build_site
from stadtkarte.privacy import remove_cdn_references
from stadtkarte.settings import load_settings, site_options

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings = load_settings(Path(config.config_file_path))
    catalogue, problems = load_catalogue(settings.data_dir)
    for problem in problems:
        if problem.severity == "warnung":  # e.g. no coordinates: `mkdocs build --strict` fails
            log.warning(problem.format())
        elif problem.severity == "hinweis":
            log.info(problem.format())
    errors = [problem.format() for problem in problems if problem.is_error]
    if errors:
        raise PluginError("Die Daten enthalten Fehler:\n" + "\n".join(errors))
    _state["site"] = (catalogue, site_options(settings))
    for target, assets in ((config.extra_css, STYLESHEETS), (config.extra_javascript, SCRIPTS)):
        target.extend(a for a in assets if a not in [str(t) for t in target])
    return config


PLACEHOLDER = '<div data-stadtkarte-page="{}"></div>'
_state: dict[str, tuple] = {}
_bodies: dict[str, str] = {}
_writer = ThreadPoolExecutor(max_workers=1)
_writing: list[Future] = []


def _written() -> None:
    """Wait for the files written on the side; raise what went wrong there."""
    while _writing:
        _writing.pop().result()


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    catalogue, options = _state["site"]
    in_nav = _nav_files(config.nav or [])
    _bodies.clear()
    later: list[tuple[str, str | bytes]] = []
    for generated in build_site(catalogue, options):
        inclusion = InclusionLevel.INCLUDED if generated.path in in_nav else InclusionLevel.NOT_IN_NAV
        content = generated.content
        if generated.path in files.src_uris:  # e.g. a docs/ file of the same name wins
            continue
        if not generated.path.endswith(".md"):  # assets, map data, exports: written on the side
            later.append((generated.path, content))
            continue
        front, _bodies[generated.path] = generated.split()
        content = front + PLACEHOLDER.format(generated.path) + "\n"
        files.append(File.generated(config, generated.path, content=content, inclusion=inclusion))
    # MkDocs has emptied site_dir already; the files are written while it renders the pages
    _writing.append(_writer.submit(write_many, Path(config.site_dir), later))
    return files


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    body = _bodies.get(page.file.src_uri)
    return html.replace(PLACEHOLDER.format(page.file.src_uri), body, 1) if body is not None else html


def _nav_files(nav: list) -> set[str]:
    found: set[str] = set()
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found |= _nav_files(value)
        elif isinstance(value, str):
            found.add(value)
    return found


def on_env(env, /, *, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201 - jinja2.Environment
    env.globals["sk_t"] = t
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    _written()
    remove_cdn_references(Path(config.site_dir))
    if wegweiser.pdf_enabled():  # make wegweiser
        wegweiser.render_pdfs(Path(config.site_dir))
    search = next((p for name, p in config.plugins.items() if name.split("/")[-1] == "search"), None)
    languages = list(search.config.get("lang") or [config.theme.get("language") or "de"]) if search else []
    offline.finish(Path(config.site_dir), site_name=config.site_name, search_languages=languages)


def on_build_error(*, error: Exception) -> None:
    _written()


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:  # noqa: ANN001
    server.watch(str(load_settings(Path(config.config_file_path)).data_dir))
    return server
