"""The site in several languages: what the theme and the generator need beyond the page trees.

:func:`stadtkarte.pipeline.render` renders every page once per language of
``extra.stadtkarte.sprachen`` (the first at ``/``, each other below ``/<code>/``). This module
holds what the MkDocs hooks add around those trees:

- the navigation per language (:func:`navigation`): MkDocs has one ``nav`` in mkdocs.yml, with
  the city's German labels. For every other language the same items point at that language's
  pages and carry the label ``nav.<name>`` from the locale file (``verzeichnis/index.md`` →
  ``nav.verzeichnis``; ``index.md`` → ``nav.start``). A page that exists only in German (the
  city's own Markdown pages in docs/, e.g. ``ueber.md``) stays in the list with its German label
  and link;
- a sitemap per language (:func:`write_sitemaps`): ``/<code>/sitemap.xml`` lists that language's
  pages, so Material's "stay on page" language switch (which looks the page up in the other
  language's sitemap) finds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import atomic
from .i18n import has_locale, messages
from .languages import direction, own_name
from .render import tree_prefix

__all__ = ["NavItem", "label_key", "language_options", "navigation", "write_sitemaps"]


@dataclass(frozen=True)
class NavItem:
    """One entry of a language's navigation: its label, the docs path it links to, and whether
    that page is in the language (else it is the German page)."""

    label: str
    path: str
    translated: bool
    children: tuple[NavItem, ...] = ()


def label_key(path: str) -> str:
    """``verzeichnis/index.md`` → ``nav.verzeichnis``; ``index.md`` → ``nav.start``;
    ``karte/einbinden.md`` → ``nav.karte_einbinden``."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    stem = stem[: -len("/index")] if stem.endswith("/index") else stem
    return "nav." + ("start" if stem in ("index", "") else stem.replace("/", "_"))


def navigation(nav: list, language: str, languages: tuple[str, ...], exists: Callable[[str], bool]) -> list[NavItem]:
    """The navigation of mkdocs.yml (``nav``) for ``language``: its own pages where ``exists``
    (the docs path, e.g. ``ar/verzeichnis/index.md``) says there is one, with the label from
    the locale file; else the German page and label."""
    prefix = tree_prefix(language, languages)
    texts = messages(language) if has_locale(language) else {}
    items: list[NavItem] = []
    for entry in nav:
        label, value = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        if isinstance(value, list):
            children = tuple(navigation(value, language, languages, exists))
            items.append(NavItem(texts.get(label_key(str(label)), str(label)), "", False, children))
            continue
        if not isinstance(value, str):
            continue
        own = prefix + value
        if prefix and exists(own):
            items.append(NavItem(texts.get(label_key(value)) or str(label or value), own, True))
        else:
            items.append(NavItem(str(label or value), value, not prefix))
    return items


def language_options(languages: Iterable[str]) -> list[dict[str, str]]:
    """For the language switch: code, name in its own script, direction."""
    return [{"code": code, "name": own_name(code), "dir": direction(code)} for code in languages]


_URL = re.compile(r"<url>\s*<loc>([^<]*)</loc>.*?</url>", re.S)


def write_sitemaps(site_dir: Path, languages: tuple[str, ...], site_url: str | None) -> list[str]:
    """Split MkDocs' ``sitemap.xml`` (every page of every language) into one per language:
    ``/<code>/sitemap.xml`` with the pages below ``/<code>/`` (the root one stays whole, for
    search engines). Returns the paths written."""
    source = site_dir / "sitemap.xml"
    if len(languages) < 2 or not source.is_file():
        return []
    text = source.read_text("utf-8")
    head, _, _ = text.partition("<url>")
    base = (site_url or "").rstrip("/") + "/"
    groups: dict[str, list[str]] = {code: [] for code in languages}
    for match in _URL.finditer(text):
        loc = match.group(1)
        path = loc[len(base):] if loc.startswith(base) else loc.lstrip("/")
        code = next((c for c in languages[1:] if path.startswith(c + "/")), languages[0])
        groups[code].append(match.group(0))
    files = [(f"{code}/sitemap.xml", head + "\n".join(groups[code]) + "\n</urlset>\n") for code in languages[1:]]
    written = [path for path, _ in files]
    atomic.write_many(site_dir, files)
    return written
