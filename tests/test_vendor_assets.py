"""The map's third-party assets are served from the site: vendored unmodified, with licences."""

from __future__ import annotations

import hashlib
import json
import re

from .conftest import ROOT

VENDOR = ROOT / "src" / "stadtkarte" / "assets" / "vendor"


def test_vendored_files_match_the_manifest_written_by_the_refresh_script() -> None:
    manifest = json.loads((VENDOR / "MANIFEST.json").read_text("utf-8"))
    assert {"leaflet", "leaflet.markercluster", "@fontsource/vazirmatn"} <= set(manifest)
    listed = set()
    for package in manifest.values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"]) and package["integrity"].startswith("sha512-")
        for name, digest in package["files"].items():
            assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, f"{name} was edited"
            listed.add(name)
    on_disk = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file() and p.name != "MANIFEST.json"}
    assert on_disk == listed


def test_every_vendored_package_ships_its_licence() -> None:
    assert "BSD 2-Clause" in (VENDOR / "leaflet" / "LICENSE").read_text("utf-8")
    assert "Permission is hereby granted" in (VENDOR / "markercluster" / "MIT-LICENCE.txt").read_text("utf-8")
    assert "SIL Open Font License, Version 1.1" in (VENDOR / "vazirmatn" / "OFL.txt").read_text("utf-8")


def test_package_assets_reference_no_cdn() -> None:
    cdn = re.compile(r"https?://(cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|unpkg\.com|code\.jquery\.com|"
                     r"netdna\.bootstrapcdn\.com|fonts\.googleapis\.com|fonts\.gstatic\.com)")
    for path in (ROOT / "src" / "stadtkarte").rglob("*"):
        if path.is_file() and path.suffix in (".js", ".css", ".html", ".py"):
            assert not cdn.search(path.read_text("utf-8", errors="replace")), path
