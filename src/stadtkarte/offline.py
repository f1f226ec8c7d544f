"""Offline use: our own service worker, the bundle "für unterwegs", the web app manifest.

During the build :func:`site_files` adds the page ``/offline/`` (what works without internet;
the service worker shows it for a page that is neither cached nor reachable). After the build,
when every file of the site exists (the search index is written by MkDocs last), :func:`finish`
writes into the site:

- ``manifest.webmanifest``: name, icons and colour for "Zum Startbildschirm" (linked from every
  page by the theme's ``main.html``);
- ``offline/bundle.json``: the URLs "Für unterwegs speichern" saves – start, directory, category
  pages, search index, map data and the stylesheets and scripts they load – each with its size
  and its compressed (download) size, and the build's version;
- ``sw.js`` at the site root (its scope is the whole site), from ``templates/sw.js`` with the
  version: a hash over every file of the site, so a new build with any change gives new cache
  names and the old caches are removed.

Map tiles come from another server and are never cached (the worker ignores other origins).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from . import atomic
from .i18n import t

if TYPE_CHECKING:
    from .pages import GeneratedFile, Site

SW_FILE = "sw.js"
BUNDLE_FILE = "offline/bundle.json"
MANIFEST_FILE = "manifest.webmanifest"
OFFLINE_PAGE = "offline/"
#: pages a visitor opened that stay available (the least recently loaded go first)
PAGE_LIMIT = 200
#: other files of the site kept after use (stylesheets, scripts, data)
FILE_LIMIT = 300
THEME_COLOUR = "#3f51b5"  # Material's indigo, the palette in mkdocs.yml
ICONS = (("assets/stadtkarte/icons/icon-192.png", "192x192", "image/png"),
         ("assets/stadtkarte/icons/icon-512.png", "512x512", "image/png"),
         ("assets/stadtkarte/icons/icon.svg", "any", "image/svg+xml"))
#: the pages (beside the category pages) the bundle saves, and the data files
BUNDLE_PAGES = ("", "verzeichnis/", "kategorien/", OFFLINE_PAGE)
BUNDLE_DATA = ("karte/eintraege.json", "karte/details.json", "suche/woerter.json", "suche/treffer.json")
_LOCAL_ASSET = re.compile(r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc)="([^":?#]+\.(?:css|js))"')


def site_files(site: Site) -> Iterable[GeneratedFile]:
    """The page ``/offline/`` (rendered like every other page of the site)."""
    yield site.render("offline.html", "offline/index.md", t("offline.title"), t("offline.description"),
                      searchable=False, page_limit=PAGE_LIMIT)


@dataclass(frozen=True)
class BundleFile:
    url: str  # relative to the site root
    bytes: int
    download_bytes: int  # gzip, as a web server sends it


def _file_of(site_dir: Path, url: str) -> Path:
    return site_dir / (url + "index.html" if url == "" or url.endswith("/") else url)


def _assets_of(site_dir: Path, url: str) -> list[str]:
    """The local stylesheets and scripts the page at ``url`` loads, as site URLs."""
    text = _file_of(site_dir, url).read_text("utf-8")
    found = []
    for src in _LOCAL_ASSET.findall(text):
        resolved = urljoin("/" + url, src).lstrip("/")
        if (site_dir / resolved).is_file():
            found.append(resolved)
    return found


def bundle_urls(site_dir: Path) -> list[str]:
    """What "Für unterwegs speichern" saves, in a fixed order."""
    pages = [u for u in BUNDLE_PAGES if _file_of(site_dir, u).is_file()]
    pages += sorted(f"kategorien/{p.parent.name}/" for p in (site_dir / "kategorien").glob("*/index.html"))
    urls: list[str] = []
    for url in pages:
        for asset in [url, *_assets_of(site_dir, url)]:
            if asset not in urls:
                urls.append(asset)
    urls += [u for u in BUNDLE_DATA if (site_dir / u).is_file()]
    # the site search (Pagefind): its script, WebAssembly, word index and filters; not the result
    # fragments (the directory turns results into its own cards with suche/treffer.json)
    pagefind = site_dir / "pagefind"
    extra = [pagefind / "pagefind.js", pagefind / "pagefind-worker.js", pagefind / "pagefind-entry.json",
             *sorted(pagefind.glob("wasm.*")),
             *sorted(pagefind.glob("*.pf_meta")), *sorted((pagefind / "index").glob("*")),
             *sorted((pagefind / "filter").glob("*"))]
    urls += [p.relative_to(site_dir).as_posix() for p in extra if p.is_file()]
    return urls


def bundle(site_dir: Path) -> list[BundleFile]:
    files = []
    for url in bundle_urls(site_dir):
        data = _file_of(site_dir, url).read_bytes()
        files.append(BundleFile(url, len(data), len(gzip.compress(data, compresslevel=6, mtime=0))))
    return files


def site_version(site_dir: Path, skip: Iterable[str] = (SW_FILE, BUNDLE_FILE)) -> str:
    """A hash over the names and contents of every file of the built site."""
    skipped = set(skip)
    digest = hashlib.sha256()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        name = path.relative_to(site_dir).as_posix()
        if name in skipped:
            continue
        digest.update(name.encode() + b"\0")
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()[:16]


def web_manifest(site_name: str) -> dict:
    short = site_name if len(site_name) <= 12 else site_name.split()[0][:12]
    return {
        "name": site_name, "short_name": short, "description": t("ui.start_description"), "lang": "de",
        "dir": "ltr", "start_url": "./", "scope": "./", "display": "standalone",
        "theme_color": THEME_COLOUR, "background_color": "#ffffff",
        "icons": [{"src": src, "sizes": sizes, "type": kind, "purpose": "any"} for src, sizes, kind in ICONS],
    }


def service_worker(version: str, shell: Sequence[str]) -> str:
    config = {"version": version, "offline": OFFLINE_PAGE, "bundle": BUNDLE_FILE, "pages": PAGE_LIMIT,
              "files": FILE_LIMIT, "shell": list(shell)}
    template = resources.files("stadtkarte").joinpath("templates/sw.js").read_text("utf-8")
    return template.replace("/*CONFIG*/{}", json.dumps(config, ensure_ascii=True, sort_keys=True), 1)


def finish(site_dir: Path, *, site_name: str) -> dict:
    """Write the web app manifest, the bundle list and the service worker into the built site;
    returns the bundle list as written."""
    if not _file_of(site_dir, OFFLINE_PAGE).is_file():
        return {}
    # write_many: each file atomically, readable like the rest of the site (not 0600)
    atomic.write_many(site_dir, [(MANIFEST_FILE, json.dumps(web_manifest(site_name), ensure_ascii=False, indent=1) + "\n")])
    files = bundle(site_dir)
    version = site_version(site_dir)
    manifest = {
        "version": version, "bytes": sum(f.bytes for f in files), "download_bytes": sum(f.download_bytes for f in files),
        "files": [{"url": f.url, "bytes": f.bytes, "download_bytes": f.download_bytes} for f in files],
    }
    # installed with the worker: what the offline page needs to show
    shell = [*_assets_of(site_dir, OFFLINE_PAGE), MANIFEST_FILE]
    atomic.write_many(site_dir, [(BUNDLE_FILE, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"),
                                 (SW_FILE, service_worker(version, shell))])
    return manifest
