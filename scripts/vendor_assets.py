#!/usr/bin/env python3
"""Refresh the map's vendored JavaScript and CSS and the Arabic-script font from the npm registry
(never from a CDN).

The site serves Leaflet, its plugins and its font itself, so a visitor's browser talks to no
third party except the tile server. This script fetches the pinned package versions with `npm pack`, checks
each tarball's SHA-512 integrity against the registry's published value, and copies the files
the map needs, with their licences, into src/stadtkarte/assets/vendor/. Then it writes
MANIFEST.json (versions, file hashes) so a test can tell whether the vendored files were edited.

    python3 scripts/vendor_assets.py            # refresh to the versions pinned below
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "stadtkarte" / "assets" / "vendor"

#: package → (version, files to copy from the tarball: source path → target name)
PACKAGES: dict[str, tuple[str, dict[str, str]]] = {
    "leaflet": ("1.9.4", {
        "package/dist/leaflet.js": "leaflet/leaflet.js",
        "package/dist/leaflet.css": "leaflet/leaflet.css",
        "package/dist/images/layers.png": "leaflet/images/layers.png",
        "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
        "package/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
        "package/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
        "package/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
        "package/LICENSE": "leaflet/LICENSE",
    }),
    "leaflet.markercluster": ("1.5.3", {
        "package/dist/leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
        "package/dist/MarkerCluster.css": "markercluster/MarkerCluster.css",
        "package/dist/MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
        "package/MIT-LICENCE.txt": "markercluster/MIT-LICENCE.txt",
    }),
    # Arabic script for the ar and fa pages (Arabic and Persian letters): only Fontsource's
    # "arabic" subset in two weights, about 21 KB each; stadtkarte.css loads it with unicode-range,
    # so Latin text never downloads it.
    "@fontsource/vazirmatn": ("5.3.0", {
        "package/files/vazirmatn-arabic-400-normal.woff2": "vazirmatn/vazirmatn-arabic-400-normal.woff2",
        "package/files/vazirmatn-arabic-700-normal.woff2": "vazirmatn/vazirmatn-arabic-700-normal.woff2",
        "package/LICENSE": "vazirmatn/OFL.txt",
    }),
}


def integrity(name: str, version: str) -> str:
    result = subprocess.run(["npm", "view", f"{name}@{version}", "dist.integrity"], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def main() -> int:
    manifest: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, files) in PACKAGES.items():
            packed = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=tmp, capture_output=True,
                                    text=True, check=True).stdout.strip().splitlines()[-1]
            tarball = Path(tmp) / packed
            expected = integrity(name, version)
            actual = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
            if actual != expected:
                print(f"{name}@{version}: integrity mismatch ({actual} != {expected})", file=sys.stderr)
                return 1
            with tarfile.open(tarball) as archive:
                for source, target in files.items():
                    member = archive.extractfile(source)
                    if member is None:
                        raise SystemExit(f"{name}: {source} missing in the package")
                    data = member.read()
                    path = TARGET / target
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                    manifest.setdefault(name, {"version": version, "integrity": expected, "files": {}})
                    manifest[name]["files"][target] = hashlib.sha256(data).hexdigest()
    (TARGET / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"vendored {', '.join(f'{n}@{v}' for n, (v, _) in PACKAGES.items())} into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
