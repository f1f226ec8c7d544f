"""MkDocs hooks: adapt MkDocs events to the stadtkarte package. No logic lives here.

on_config  load and validate data/ (errors fail the build with path:line:col messages)
on_files   add the generated pages and assets in memory (nothing is written into docs/)
on_serve   watch data/ so saving a YAML file rebuilds the site
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from stadtkarte.catalogue import load_catalogue
from stadtkarte.pages import build_site
from stadtkarte.settings import load_settings, site_options

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files

log = get_plugin_logger(__name__)
ASSETS = ("assets/stadtkarte/stadtkarte.css", "assets/stadtkarte/verzeichnis.js")


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
    config.extra["stadtkarte_site"] = (catalogue, site_options(settings))
    for asset in ASSETS:
        target = config.extra_css if asset.endswith(".css") else config.extra_javascript
        if asset not in [str(a) for a in target]:
            target.append(asset)
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    catalogue, options = config.extra["stadtkarte_site"]
    in_nav = _nav_files(config.nav or [])
    for generated in build_site(catalogue, options):
        inclusion = InclusionLevel.INCLUDED if generated.path in in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, generated.path, content=generated.content, inclusion=inclusion)
        files.append(file)
    return files


def _nav_files(nav: list) -> set[str]:
    found: set[str] = set()
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found |= _nav_files(value)
        elif isinstance(value, str):
            found.add(value)
    return found


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:  # noqa: ANN001
    server.watch(str(load_settings(Path(config.config_file_path)).data_dir))
    return server
