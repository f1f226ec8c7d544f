"""The offline files of the built site: service worker, bundle list, web app manifest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from stadtkarte import offline


def _tiny_site(root: Path, text: str) -> Path:
    for name, content in {
        "index.html": '<link rel="stylesheet" href="assets/a.css"><script src="assets/b.js"></script>' + text,
        "verzeichnis/index.html": '<link rel="stylesheet" href="../assets/a.css">',
        "kategorien/index.html": "", "kategorien/beratung/index.html": "", "offline/index.html": "",
        "assets/a.css": "a{}", "assets/b.js": "1", "suche/woerter.json": "[]", "karte/eintraege.json": "[]",
        "pagefind/pagefind.js": "", "pagefind/index/de_1.pf_index": "", "pagefind/fragment/de_2.pf_fragment": "",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, "utf-8")
    return root


def test_version_changes_with_any_file_and_only_then(tmp_path: Path) -> None:
    first = offline.finish(_tiny_site(tmp_path / "a", "eins"), site_name="Stadtkarte Integration")
    again = offline.finish(_tiny_site(tmp_path / "b", "eins"), site_name="Stadtkarte Integration")
    other = offline.finish(_tiny_site(tmp_path / "c", "zwei"), site_name="Stadtkarte Integration")
    assert first["version"] == again["version"] != other["version"]
    assert re.fullmatch(r"[0-9a-f]{16}", first["version"])
    worker = (tmp_path / "a" / "sw.js").read_text("utf-8")
    config = json.loads(re.search(r"var CONFIG = (\{.*?\});", worker).group(1))
    assert config["version"] == first["version"] and config["pages"] == offline.PAGE_LIMIT
    assert (tmp_path / "c" / "sw.js").read_text("utf-8") != worker


def test_bundle_lists_pages_data_and_what_they_load_with_sizes(tmp_path: Path) -> None:
    manifest = offline.finish(_tiny_site(tmp_path, ""), site_name="Stadtkarte Integration")
    urls = [f["url"] for f in manifest["files"]]
    assert urls == ["", "assets/a.css", "assets/b.js", "verzeichnis/", "kategorien/", "offline/",
                    "kategorien/beratung/", "karte/eintraege.json", "suche/woerter.json", "pagefind/pagefind.js",
                    "pagefind/index/de_1.pf_index"]  # the search's word index, not its result fragments
    assert manifest["bytes"] == sum(f["bytes"] for f in manifest["files"])
    assert manifest["files"][1]["bytes"] == 3
    assert json.loads((tmp_path / offline.BUNDLE_FILE).read_text("utf-8")) == manifest


def test_web_manifest_names_the_site_and_its_icons() -> None:
    data = offline.web_manifest("Stadtkarte Integration")
    assert data["name"] == "Stadtkarte Integration" and data["short_name"] == "Stadtkarte"
    assert data["start_url"] == "./" and data["display"] == "standalone"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}


@pytest.mark.slow
def test_built_site_has_the_offline_files(built_site: Path) -> None:
    worker = (built_site / "sw.js").read_text("utf-8")
    for name in (offline.SW_FILE, offline.BUNDLE_FILE, offline.MANIFEST_FILE):  # a web server may read them
        assert (built_site / name).stat().st_mode & 0o044 == 0o044, name
    assert "/*CONFIG*/{}" not in worker and "tile" not in worker.split("var CONFIG")[1].split(";")[0]
    manifest = json.loads((built_site / offline.BUNDLE_FILE).read_text("utf-8"))
    urls = {f["url"] for f in manifest["files"]}
    assert {"", "verzeichnis/", "kategorien/", "karte/eintraege.json", "suche/woerter.json", "suche/treffer.json",
            "pagefind/pagefind.js", "pagefind/pagefind-entry.json"} <= urls
    assert any(url.startswith("pagefind/index/") for url in urls)
    assert not any(url.startswith("pagefind/fragment/") for url in urls)
    for entry in manifest["files"]:
        path = built_site / (entry["url"] + "index.html" if entry["url"] in ("",) or entry["url"].endswith("/") else entry["url"])
        assert path.stat().st_size == entry["bytes"], entry["url"]
    web = json.loads((built_site / offline.MANIFEST_FILE).read_text("utf-8"))
    for icon in web["icons"]:
        assert (built_site / icon["src"]).is_file()
    page = (built_site / "organisationen").glob("*/index.html").__next__().read_text("utf-8")
    assert '<link rel="manifest" href="../../manifest.webmanifest">' in page
    start = (built_site / "index.html").read_text("utf-8")
    assert "data-sk-offline" in start and "Für unterwegs speichern" in start
    assert "Ohne Internet" in (built_site / "offline/index.html").read_text("utf-8")
    # the map for other websites loads no script that could register the worker
    assert "offline.js" not in (built_site / "karte/embed.html").read_text("utf-8")
