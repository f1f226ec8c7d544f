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
- the hreflang alternates of every page and a sitemap per language (:func:`write_sitemaps`):
  ``/<code>/sitemap.xml`` lists that language's pages, so Material's "stay on page" language
  switch (which looks the page up in the other language's sitemap) finds it. The alternates are
  in the pages' heads too (:func:`stadtkarte.chrome.alternate_links`), hidden from Material's
  script while it looks (it fetches ``sitemap.xml`` below every ``<link rel="alternate">``). The
  language switch on every page (:func:`stadtkarte.chrome.language_switch`) links the same page
  in every language with hreflang.
"""

from __future__ import annotations

import gzip
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
_XHTML = 'xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def write_sitemaps(site_dir: Path, languages: tuple[str, ...], site_url: str | None) -> list[str]:
    """The sitemaps of a site in several languages, from MkDocs' ``sitemap.xml`` (every page of
    every language, absolute addresses: it needs ``site_url``).

    Every page that exists in several languages gets its versions as hreflang alternates
    (``<xhtml:link rel="alternate" hreflang="ar" href="…/ar/verzeichnis/"/>`` and ``x-default``,
    the main language), as in the page's head (:func:`stadtkarte.chrome.alternate_links`).
    ``/<code>/sitemap.xml`` lists that language's
    pages (Material's "stay on page" language switch looks pages up there). Returns the paths
    written.

    Without ``site_url`` there is no sitemap at all: a sitemap lists absolute addresses, and
    MkDocs' own ``sitemap.xml`` (and ``.gz``) would be an empty list; they are removed."""
    source = site_dir / "sitemap.xml"
    if not site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz", *(f"{code}/sitemap.xml" for code in languages[1:])):
            (site_dir / name).unlink(missing_ok=True)
        return []
    if len(languages) < 2 or not source.is_file():
        return []
    text = source.read_text("utf-8")
    opening = text.index("<urlset")
    head = text[: text.index(">", opening) + 1] + "\n    "  # the declaration and <urlset …>, never its end
    head = head.replace("<urlset ", f"<urlset {_XHTML} ", 1) if _XHTML not in head else head
    base = site_url.rstrip("/") + "/"
    entries: list[tuple[str, str, str]] = []  # (language, path inside its tree, <url> element)
    versions: dict[str, dict[str, str]] = {}  # path inside a tree → language → address
    for match in _URL.finditer(text):
        loc = match.group(1)
        path = loc[len(base):] if loc.startswith(base) else loc.lstrip("/")
        code = next((c for c in languages[1:] if path.startswith(c + "/")), languages[0])
        inside = path[len(code) + 1:] if code != languages[0] else path
        entries.append((code, inside, match.group(0)))
        versions.setdefault(inside, {})[code] = loc
    by_language: dict[str, list[str]] = {code: [] for code in languages}
    for code, inside, element in entries:
        found = versions[inside]
        if len(found) > 1:
            links = [f'<xhtml:link rel="alternate" hreflang="{c}" href="{found[c]}"/>' for c in languages if c in found]
            if languages[0] in found:
                links.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{found[languages[0]]}"/>')
            element = element.replace("</url>", "  " + "\n    ".join(links) + "\n    </url>")
        by_language[code].append(element)
    every = [element for code in languages for element in by_language[code]]
    files: list[tuple[str, str | bytes]] = [("sitemap.xml", head + "\n    ".join(every) + "\n</urlset>\n")]
    files += [(f"{code}/sitemap.xml", head + "\n    ".join(by_language[code]) + "\n</urlset>\n")
              for code in languages[1:]]
    files.append(("sitemap.xml.gz", gzip.compress(files[0][1].encode("utf-8"), mtime=0)))
    atomic.write_many(site_dir, files)
    return [path for path, _ in files]
