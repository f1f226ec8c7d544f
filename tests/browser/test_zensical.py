"""The site built with Zensical (`stadtkarte generate --build`) in a real browser: the directory
filters and the map work there as in the MkDocs build, with no hook involved."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..sitebuild import EPOCH, copy_project
from .conftest import axe_violations, serve
from .test_map import TILE_HOST, features, tiles  # noqa: F401 - tiles is a fixture

pytestmark = pytest.mark.browser

#: files that are not pages: they must be in both sites at the same paths, byte for byte
NON_PAGES = ("karte/", "export/", "assets/stadtkarte/")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, emitted and built once with Zensical (as `make build-zensical` does)."""
    project = copy_project(tmp_path_factory.mktemp("zensical-project"))
    out = tmp_path_factory.mktemp("zensical-out")
    result = subprocess.run(
        [sys.executable, "-m", "stadtkarte.cli", "generate", "--out", str(out), "--build"], cwd=project,
        capture_output=True, text=True, timeout=600, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Website mit Zensical gebaut" in result.stdout
    return out / "site"


@pytest.fixture(scope="session")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    url, server = serve(zensical_site)
    yield url
    server.shutdown()


def _files(site: Path, prefixes: tuple[str, ...]) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and p.relative_to(site).as_posix().startswith(prefixes)}


def test_files_that_are_not_pages_are_where_mkdocs_puts_them(zensical_site: Path, built_site: Path) -> None:
    mkdocs_files = {path: data for path, data in _files(built_site, NON_PAGES).items() if not path.endswith("index.html")}
    zensical_files = {path: data for path, data in _files(zensical_site, NON_PAGES).items() if not path.endswith("index.html")}
    assert "karte/eintraege.json" in mkdocs_files and "karte/embed.html" in mkdocs_files
    assert any(path.startswith("export/kalender/") for path in mkdocs_files)
    assert sorted(zensical_files) == sorted(mkdocs_files)
    assert [p for p in mkdocs_files if zensical_files[p] != mkdocs_files[p]] == []


def test_every_page_of_the_mkdocs_build_is_there(zensical_site: Path, built_site: Path) -> None:
    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}

    assert len(pages(built_site)) > 100
    assert pages(zensical_site) == pages(built_site)


def test_no_theme_file_points_at_a_cdn_or_google_fonts(zensical_site: Path) -> None:
    hosts = ("unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "fonts.googleapis.com", "fonts.gstatic.com")
    found = [p.relative_to(zensical_site).as_posix() for p in zensical_site.rglob("*")
             if p.suffix in {".html", ".js", ".css"} and any(h in p.read_text("utf-8", "replace") for h in hosts)]
    assert found == []
    assert 'data-md-component="source"' not in (zensical_site / "index.html").read_text("utf-8")  # no GitHub API call


def test_directory_filter_shows_fewer_entries_and_counts_them(page, zensical_url: str) -> None:  # noqa: ANN001
    page.goto(zensical_url + "verzeichnis/")
    assert page.is_visible("[data-sk-filter]")
    assert page.eval_on_selector(".sk-filter-bar", "e => getComputedStyle(e).display") == "flex"  # stadtkarte.css
    total = page.eval_on_selector_all("[data-sk-item]", "els => els.length")
    page.click("[data-sk-facet-group=kategorie] > summary")  # the group opens on request
    page.check("input[name=kategorie][value=beratung]")
    visible = page.eval_on_selector_all("[data-sk-item]:not([hidden])", "els => els.map(e => e.dataset.kategorie)")
    expected = page.eval_on_selector_all(
        "[data-sk-item]", "els => els.filter(e => e.dataset.kategorie.split(' ').includes('beratung')).length")
    assert 0 < len(visible) == expected < total
    assert all("beratung" in kategorie.split() for kategorie in visible)
    assert page.text_content("#sk-status") == f"{len(visible)} von {total} Einträgen"
    assert urlsplit(page.url).query == "kategorie=beratung"
    assert page.console_errors == []


def test_map_page_shows_the_markers_and_follows_the_filter(page, zensical_url: str, zensical_site: Path, tiles) -> None:  # noqa: ANN001, F811
    data = features(zensical_site)
    page.goto(zensical_url + "karte/")
    frame = page.wait_for_selector("iframe.sk-map-frame").content_frame()
    frame.wait_for_function("window.stadtkarte && window.stadtkarte.shown.length > 0")
    assert sorted(frame.evaluate("window.stadtkarte.shown")) == sorted(i for i, f in data.items() if f["geometry"])
    assert frame.locator(".marker-cluster").count() + frame.locator(".sk-pin-wrap").count() > 0
    page.click("[data-sk-filter-open]")  # on the map page the filters open as a dialog (ergebnisse.js)
    page.check("input[name=kategorie][value=beratung]")
    page.wait_for_function("document.querySelector('iframe.sk-map-frame').getAttribute('src').includes('kategorie=beratung')")
    frame = page.query_selector("iframe.sk-map-frame").content_frame()
    frame.wait_for_function("location.search.includes('kategorie=beratung') && window.stadtkarte && window.stadtkarte.shown.length > 0")
    shown = frame.evaluate("window.stadtkarte.shown")
    assert sorted(shown) == sorted(i for i, f in data.items() if f["geometry"] and "beratung" in f["properties"]["c"])
    hosts = {urlsplit(url).netloc for url in page.seen_requests if url.startswith("http")}
    assert hosts <= {urlsplit(zensical_url).netloc, TILE_HOST}
    assert tiles and page.console_errors == []


@pytest.mark.parametrize("path", ["verzeichnis/", "karte/", "organisationen/internationaler-frauentreff/"])
def test_axe_on_the_zensical_pages(page, zensical_url: str, tiles, path: str) -> None:  # noqa: ANN001, F811
    page.goto(zensical_url + path)
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
