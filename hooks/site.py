"""MkDocs hooks: adapt MkDocs events to the stadtkarte package. No logic lives here.

on_config  load and validate data/ (errors fail the build with path:line:col messages)
on_serve   watch data/ so saving a YAML file rebuilds the site
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from stadtkarte.catalogue import load_catalogue

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)


def _data_dir(config: MkDocsConfig) -> Path:
    settings = config.extra.get("stadtkarte", {})
    return Path(config.config_file_path).parent / settings.get("daten", "data")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    catalogue, problems = load_catalogue(_data_dir(config))
    for problem in problems:
        if problem.severity == "warnung":  # e.g. no coordinates: `mkdocs build --strict` fails
            log.warning(problem.format())
        elif problem.severity == "hinweis":
            log.info(problem.format())
    errors = [problem.format() for problem in problems if problem.is_error]
    if errors:
        raise PluginError("Die Daten enthalten Fehler:\n" + "\n".join(errors))
    config.extra["stadtkarte_catalogue"] = catalogue
    return config


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:  # noqa: ANN001
    server.watch(str(_data_dir(config)))
    return server
