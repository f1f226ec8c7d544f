"""MkDocs hooks: adapt MkDocs events to the stadtkarte package. No logic lives here.

on_startup remember whether this is ``mkdocs serve``
on_config  check the settings (extra.stadtkarte) and load and validate data/: errors fail the
           build with path:line:col messages; under ``mkdocs serve`` the preview shows them as a
           German error page instead (and keeps watching data/), so the browser never hangs
on_files   publish and render (stadtkarte.pipeline); add the generated pages in memory (nothing
           is written into docs/); start writing the other generated files (assets, map data,
           open data exports) into the site, and start the search index (Pagefind indexes the
           entry pages on the side while MkDocs renders the theme around every page)
on_page_content  put each generated page's HTML in place (see below)
on_nav     one navigation per language (stadtkarte.sitelanguages): the same items, pointing at
           that language's pages, labelled from its locale file
on_env     give the theme's templates the package's texts and the chrome (stadtkarte.chrome)
on_page_context  the page's language: its texts (sk_t), its navigation, its tree (sk_prefix), and
           what the theme prints around it (sk_chrome: language switch, search box, footer,
           repository link, Material's texts), made in Python (on_template_context: 404.html)
on_post_build  wait for those files, which are written into the site while MkDocs renders the
           pages (thousands of small calendar files: the package writes them on a few threads,
           each atomically); remove the theme's CDN addresses; a sitemap per language; finish the
           site (stadtkarte.pipeline:
           wait for the search index, with STADTKARTE_WEGWEISER_PDF=1 the Wegweiser PDFs, then the offline
           files – service worker, bundle list, web app manifest – which need the finished site)
on_serve   watch data/ so saving a YAML file rebuilds the site

The generated pages are finished HTML. Python-Markdown would pass them through unchanged, but
parsing thousands of large HTML blocks is the slowest part of the build; so MkDocs gets the front
matter and a placeholder, and the HTML is put back after Markdown.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from stadtkarte.atomic import write_many
from stadtkarte.chrome import Chrome
from stadtkarte.i18n import t, translator
from stadtkarte.pages import PAGE_BUNDLE_CSS, PAGE_BUNDLE_JS
from stadtkarte.pipeline import finish, render, start_search
from stadtkarte.privacy import remove_cdn_references
from stadtkarte.project import build_failure, check_project, write_error_pages
from stadtkarte.search import SearchIndexError, stop_index
from stadtkarte.render import tree_prefix
from stadtkarte.settings import SettingsError, load_settings, site_options
from stadtkarte.sitelanguages import navigation, write_sitemaps

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files

log = get_plugin_logger(__name__)


def on_startup(*, command: str, dirty: bool) -> None:
    _state["command"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = check_project(Path(config.config_file_path))
    for problem in project.problems:
        # "Warnung" (e.g. no coordinates: the entry is listed, not on the map) and "Hinweis" are
        # shown but never abort `mkdocs build --strict`; only errors (below) stop the build
        if not problem.is_error:
            log.info(problem.format())
    _state["errors"] = project.errors
    if project.errors:
        if _state.get("command") != "serve":
            raise PluginError(build_failure(project.errors))
        log.warning(build_failure(project.errors))  # the preview shows them: see on_post_build
        _state["site"] = None
        return config
    try:
        options = site_options(project.settings)
    except SettingsError as error:  # a setting that cannot be used: a German message, no traceback
        raise PluginError(str(error)) from None
    _state["site"] = (project.catalogue, options)
    # the package's stylesheets and scripts as one file each (stadtkarte.pages.page_bundles);
    # deferred: the script runs after the page is parsed, without blocking its first paint
    if PAGE_BUNDLE_CSS not in [str(t) for t in config.extra_css]:
        config.extra_css.append(PAGE_BUNDLE_CSS)
    if PAGE_BUNDLE_JS not in [str(t) for t in config.extra_javascript]:
        config.extra_javascript.append(_deferred(PAGE_BUNDLE_JS))
    return config


def _deferred(path: str) -> ExtraScriptValue:
    script = ExtraScriptValue(path)
    script.defer = True
    return script


PLACEHOLDER = '<div data-stadtkarte-page="{}"></div>'
_state: dict[str, tuple] = {}
_bodies: dict[str, str] = {}
_writer = ThreadPoolExecutor(max_workers=1)
_writing: list[Future] = []
_navs: dict[str, Navigation] = {}


def _written() -> None:
    """Wait for the files written on the side; raise what went wrong there."""
    while _writing:
        _writing.pop().result()


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if _state["site"] is None:  # mkdocs serve with errors: no generated pages, an error page
        return files
    catalogue, options = _state["site"]
    in_nav = _nav_files(config.nav or [])
    _bodies.clear()
    later: list[tuple[str, str | bytes]] = []
    _state["view"], generated_files = render(catalogue, options, parallel=_state.get("command") == "build")
    for generated in generated_files:
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
    # and the search indexes the entry pages meanwhile (their HTML inside the theme is known now)
    _state["indexing"] = _writer.submit(start_search, Path(config.site_dir), generated_files, options.languages)
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


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    _navs.clear()
    languages = _languages()
    for language in languages[1:]:
        _navs[language] = _navigation(navigation(config.nav or [], language, languages,
                                                 lambda path: files.get_file_from_path(path) is not None), files, language)
    return nav


def _navigation(items: list, files: Files, language: str) -> Navigation:
    """MkDocs' navigation objects for a language's items (stadtkarte.sitelanguages.navigation)."""
    def build(item):  # noqa: ANN001, ANN202
        if item.children:
            return Section(item.label, [build(child) for child in item.children])
        found = files.get_file_from_path(item.path)
        if found is None or found.page is None:
            return Link(item.label, item.path)
        if item.translated:
            found.page.title = item.label
        return found.page

    built = [build(item) for item in items]
    result = Navigation(built, [i for i in built if isinstance(i, Page)])
    home = files.get_file_from_path(f"{language}/index.md")
    result.homepage = home.page if home is not None else None
    return result


def _languages() -> tuple[str, ...]:
    site = _state.get("site")
    return site[1].languages if site else ("de",)


def on_env(env, /, *, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201 - jinja2.Environment
    env.globals["sk_t"] = t
    _state["chrome"] = chrome = Chrome(env, config, _languages())
    env.globals["sk_theme_language"] = chrome.theme_language
    return env


def on_page_context(context: dict, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    language = page.meta.get("sprache")
    if language:
        context["sk_t"] = translator(language)
        context["sk_prefix"] = tree_prefix(language, _languages())
        if language in _navs:
            context["nav"] = _navs[language]
    context["sk_chrome"] = _state["chrome"].page(page.meta, context["base_url"])
    return context


def on_template_context(context: dict, /, *, template_name: str, config: MkDocsConfig) -> dict:
    if template_name.endswith(".html"):  # 404.html
        context["sk_chrome"] = _state["chrome"].page({}, context["base_url"])
        context["sk_languages"] = _state["chrome"].languages
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    _written()
    remove_cdn_references(Path(config.site_dir))
    if _state["errors"]:
        write_error_pages(Path(config.site_dir), _state["errors"])
        return
    write_sitemaps(Path(config.site_dir), _languages(), config.site_url)
    try:
        found = finish(Path(config.site_dir), _state["view"], site_name=config.site_name,
                       indexing=_state.pop("indexing").result())
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    log.info(t("search.indexed", **found))


def on_build_error(*, error: Exception) -> None:
    _written()
    indexing = _state.pop("indexing", None)
    if indexing is not None and indexing.result() is not None:
        stop_index(indexing.result())


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:  # noqa: ANN001
    server.watch(str(load_settings(Path(config.config_file_path)).data_dir))
    return server
