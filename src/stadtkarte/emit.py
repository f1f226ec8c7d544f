"""Emit the site as files for a generator that runs no MkDocs hooks (Zensical).

The MkDocs hooks (hooks/site.py) add the generated pages in memory and the package's CSS and
JavaScript to ``extra_css``/``extra_javascript``. Zensical, the successor of mkdocs-material,
runs no hooks, so :func:`write_tree` writes everything it needs into one folder::

    OUT/zensical.toml   site name, nav, theme, Markdown extensions, extra_css/extra_javascript
                        (from mkdocs.yml plus the package's stylesheets and scripts, one file
                        each: pages.PAGE_BUNDLE_CSS/JS), docs_dir, site_dir
    OUT/docs/           the project's docs/ pages and the generated pages, assets, map data and
                        exports: the same paths as in the MkDocs build
    OUT/overrides/      the theme partials that fit Zensical's templates (see ZENSICAL_PARTIALS)

OUT/docs is written into a fresh folder and then swapped in, so a page that left the data
(hidden, expired, deleted) never survives from an earlier run. :func:`build_with_zensical` runs
``zensical build`` there (the site lands in OUT/site) and removes the theme's CDN addresses
like the MkDocs hook does.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from .atomic import write_many, write_text
from .i18n import t
from .pages import PAGE_BUNDLE_CSS, PAGE_BUNDLE_JS, GeneratedFile
from .privacy import remove_cdn_references
from .settings import read_config

CONFIG_NAME = "zensical.toml"
DOCS_DIR = "docs"
SITE_DIR = "site"
OVERRIDES_DIR = "overrides"
#: The package's theme partials that Zensical can use: the footer links and the repository link
#: without the GitHub API call. Not the site's search box (stadtkarte.chrome): Zensical's search is a different component
#: (its own already has an accessible name).
ZENSICAL_PARTIALS = ("partials/copyright.html", "partials/source.html")
#: Settings of mkdocs.yml that mean the same in Zensical and are copied as they are.
COPIED = ("site_name", "site_description", "site_author", "site_url", "repo_url", "repo_name", "edit_uri",
          "copyright", "use_directory_urls", "not_in_nav", "nav")
THEME_COPIED = ("language", "direction", "features", "palette", "font", "icon", "logo", "favicon", "variant")


class EmitError(Exception):
    """A problem the person running the command can fix (the message is German, for them)."""


def zensical_config(mkdocs: dict[str, Any]) -> dict[str, Any]:
    """The Zensical settings for the emitted tree, from the project's mkdocs.yml (as data).

    Hooks and plugins are not carried over: the hook's work is done by the emitted files, and
    Zensical has its own search. ``extra.stadtkarte`` (the package's own settings) stays out."""
    config: dict[str, Any] = {key: mkdocs[key] for key in COPIED if mkdocs.get(key) is not None}
    config["docs_dir"], config["site_dir"] = DOCS_DIR, SITE_DIR
    given = mkdocs.get("theme") or {}
    given = {"name": given} if isinstance(given, str) else given
    theme = {key: given[key] for key in THEME_COPIED if given.get(key) is not None}
    theme.setdefault("variant", "classic")  # the look of mkdocs-material, which the CSS was made for
    theme.setdefault("font", False)  # never Google Fonts
    theme["custom_dir"] = OVERRIDES_DIR
    config["theme"] = theme
    config["markdown_extensions"] = _extensions(mkdocs.get("markdown_extensions"))
    extra = {k: v for k, v in (mkdocs.get("extra") or {}).items() if k != "stadtkarte"}
    if extra:
        config["extra"] = extra
    config["extra_css"] = _with_assets(mkdocs.get("extra_css"), (PAGE_BUNDLE_CSS,))
    config["extra_javascript"] = _with_assets(mkdocs.get("extra_javascript"), (PAGE_BUNDLE_JS,))
    return config


def _extensions(value: Any) -> dict[str, Any]:
    """mkdocs.yml's list of extensions (names or one-key mappings) as one mapping; functions
    named from Material's namespace (``!!python/name:material.extensions.emoji.to_svg``) are
    named from Zensical's, as Zensical itself does when it reads a mkdocs.yml."""
    items = value.items() if isinstance(value, dict) else [
        pair for item in value or [] for pair in (item.items() if isinstance(item, dict) else [(item, {})])]
    text = json.dumps({str(name): options or {} for name, options in items}, default=str)
    return json.loads(text.replace('"material.extensions.', '"zensical.extensions.'))


def _with_assets(given: Any, assets: Sequence[str]) -> list[Any]:
    """The configured entries (paths or mappings with ``path``) and then the package's assets."""
    items = list(given or [])
    paths = {item.get("path") if isinstance(item, dict) else str(item) for item in items}
    return items + [asset for asset in assets if asset not in paths]


def to_toml(config: dict[str, Any]) -> str:
    """``config`` as the ``[project]`` table of a zensical.toml (inline values, one key a line)."""
    lines = [f"# {t('emit.config_header')}", "[project]"]
    lines += [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in config.items() if value is not None]
    return "\n".join(lines) + "\n"


def _toml_key(key: Any) -> str:
    text = str(key)
    bare = text and all(c.isascii() and (c.isalnum() or c in "-_") for c in text)
    return text if bare else _toml_string(text)


def _toml_string(text: str) -> str:
    # a JSON string is a TOML basic string, except that TOML wants DEL escaped too
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("nan" if math.isnan(value) else ("inf" if value > 0 else "-inf"))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items() if v is not None)
        return "{" + inner + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    return _toml_string(str(value))


def docs_tree(docs_dir: Path, generated: Iterable[GeneratedFile]) -> list[tuple[str, str | bytes]]:
    """The project's docs/ files (hidden ones left out) and the generated files; a docs/ file of
    the same path wins, as in the MkDocs build."""
    files: dict[str, str | bytes] = {}
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            relative = path.relative_to(docs_dir)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                files[relative.as_posix()] = path.read_bytes()
    for item in generated:
        files.setdefault(item.path, item.content)
    return sorted(files.items())


def theme_overrides() -> list[tuple[str, bytes]]:
    theme = resources.files("stadtkarte").joinpath("theme")
    return [(name, theme.joinpath(name).read_bytes()) for name in ZENSICAL_PARTIALS]


def write_tree(out: Path, config_file: Path, generated: Iterable[GeneratedFile]) -> int:
    """Write the complete tree for Zensical into ``out`` (see the module text); returns the number
    of files in ``out/docs``."""
    mkdocs = read_config(config_file) if config_file.exists() else {}
    root = config_file.resolve().parent
    docs_dir = (root / str(mkdocs.get("docs_dir") or "docs")).resolve()
    target = out.resolve()
    if target == root or root.is_relative_to(target) or target.is_relative_to(docs_dir):
        raise EmitError(t("emit.out_overlaps_project", path=out))
    target.mkdir(parents=True, exist_ok=True)
    files = docs_tree(docs_dir, generated)
    _replace_folder(target / DOCS_DIR, files)
    _replace_folder(target / OVERRIDES_DIR, theme_overrides())
    write_text(target / CONFIG_NAME, to_toml(zensical_config(mkdocs)))
    return len(files)


def _replace_folder(folder: Path, files: Iterable[tuple[str, str | bytes]]) -> None:
    """Write ``files`` into a new folder beside ``folder``, then put it in ``folder``'s place."""
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    try:
        write_many(staging, files)
        staging.chmod(0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if folder.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
        os.replace(folder, old / folder.name)
    os.replace(staging, folder)
    if old is not None:
        shutil.rmtree(old)


def build_with_zensical(out: Path, *, capture: bool = False) -> subprocess.CompletedProcess[str]:
    """``zensical build --strict`` in ``out`` (written by :func:`write_tree`); then the theme's
    CDN addresses are removed from the site, as after a MkDocs build."""
    if importlib.util.find_spec("zensical") is None:
        raise EmitError(t("emit.zensical_missing"))
    command = [sys.executable, "-m", "zensical", "build", "--clean", "--strict", "--config-file", CONFIG_NAME]
    result = subprocess.run(command, cwd=out, capture_output=capture, text=True, check=False)
    if result.returncode != 0:
        raise EmitError(t("emit.zensical_failed", code=result.returncode) + ("\n" + result.stdout + result.stderr if capture else ""))
    remove_cdn_references(out / SITE_DIR)
    return result
