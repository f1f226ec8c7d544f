"""The geocode cache handed on by the pull request check is untrusted: only the cache's shape
passes, and it is written again in the cache's own form, by the standard library alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stadtkarte.cachecheck import NotACache, canonical, check
from stadtkarte.geocache import CachedPlace, GeoCache

from .conftest import ROOT

SCRIPT = ROOT / "src" / "stadtkarte" / "cachecheck.py"


def written_by_geocode(tmp_path: Path) -> Path:
    """A cache as ``stadtkarte geocode`` writes it: a house, a suspicious result, one not found."""
    cache = GeoCache(tmp_path / "geocache.json")
    cache.put("erfundene gasse 99, 99001 musterstadt",
              CachedPlace(49.9012, 10.9025, "nominatim", kind="house", fetched="2026-11-23"))
    cache.put("99001 musterstadt", CachedPlace(49.9, 10.9, "nominatim", kind="town", status="verdaechtig",
                                               note="nur der Ort"))
    cache.put("nirgendweg 1, 99003 neudorf", CachedPlace(None, None, "nominatim", status="nicht_gefunden"))
    cache.save()
    return cache.path


def test_a_cache_passes_and_comes_out_as_geocode_writes_it(tmp_path: Path) -> None:
    path = written_by_geocode(tmp_path)
    text = path.read_text("utf-8")
    assert canonical(check(path.read_bytes())) == text
    # any other layout of the same data comes out in the cache's own form
    squeezed = json.dumps(json.loads(text), separators=(",", ":")).encode()
    assert canonical(check(squeezed)) == text


@pytest.mark.parametrize(("raw", "reason"), [
    (b"\xff\xfe{}", "kein JSON (UTF-8)"),
    (b'{"a": 1', "kein JSON (UTF-8)"),
    (b"[]", "kein JSON-Objekt aus Adressen"),
    (b'{"erfundene gasse 99, 99001 musterstadt": [49.9, 10.9]}', "gehört ein Objekt mit lat, lon"),
    (b'{"a\\u202eb, 99001 musterstadt": {"lat": 49.9, "lon": 10.9}}', "ist keine Adresse"),
    (b'{"": {"lat": 49.9, "lon": 10.9}}', "ist keine Adresse"),
    (b'{"x, 99001 musterstadt": {"lat": 49.9, "lon": 10.9, "run": "curl evil"}}', "das Feld „run“"),
    (b'{"x, 99001 musterstadt": {"lat": "49.9", "lon": 10.9}}', "„lat“ hat keinen erlaubten Wert"),
    (b'{"x, 99001 musterstadt": {"lat": 91, "lon": 10.9}}', "„lat“ hat keinen erlaubten Wert"),
    (b'{"x, 99001 musterstadt": {"lat": NaN, "lon": 10.9}}', "„lat“ hat keinen erlaubten Wert"),
    (b'{"x, 99001 musterstadt": {"lat": true, "lon": 10.9}}', "„lat“ hat keinen erlaubten Wert"),
    (b'{"x, 99001 musterstadt": {"lat": 49.9, "lon": 10.9, "note": "a\\nb"}}', "„note“ hat keinen erlaubten Wert"),
    (b'{"x, 99001 musterstadt": {"lat": 49.9, "lon": 10.9, "status": "ok!"}}', "„status“ hat keinen erlaubten Wert"),
    (b'{"x, 99001 musterstadt": {"lat": 49.9}}', "lat ohne lon"),
])
def test_anything_else_is_refused_with_the_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(NotACache) as refused:
        check(raw)
    assert reason in str(refused.value) and str(refused.value).endswith("– nichts übernommen")


def test_a_huge_artifact_is_refused_unread() -> None:
    with pytest.raises(NotACache, match="zu groß"):
        check(b" " * 5_000_001)


def test_it_runs_with_the_standard_library_alone(tmp_path: Path) -> None:
    """As the commit job runs it: ``python3 -I`` on the file (no package, no site-packages)."""
    good = written_by_geocode(tmp_path)
    out = tmp_path / "out.json"
    done = subprocess.run([sys.executable, "-I", "-S", str(SCRIPT), str(good), str(out)], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_text("utf-8") == good.read_text("utf-8")
    bad = tmp_path / "schlecht.json"
    bad.write_text('{"x, 99001 musterstadt": {"lat": 49.9, "lon": 10.9, "run": "curl evil"}}', "utf-8")
    out.unlink()
    refused = subprocess.run([sys.executable, "-I", "-S", str(SCRIPT), str(bad), str(out)], capture_output=True,
                             text=True, timeout=60, cwd=tmp_path)
    assert refused.returncode == 1 and not out.exists()
    assert refused.stdout.startswith("::error::Geocode-Cache aus der Prüfung: „x, 99001 musterstadt“ hat das Feld „run“")
