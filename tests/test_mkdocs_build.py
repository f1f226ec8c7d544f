"""A real ``mkdocs build`` through the hooks: valid data builds, invalid data fails with the
validator's path:line:col messages and nothing is written into docs/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .sitebuild import build, copy_project

pytestmark = pytest.mark.slow


def _project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "site-src")


def _build(project: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    return build(project, project / "site", strict=strict)


def test_sample_site_builds_and_docs_stay_untouched(tmp_path: Path) -> None:
    project = _project(tmp_path)
    before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*"))
    result = _build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "index.html").exists()
    assert sorted(p.relative_to(project) for p in (project / "docs").rglob("*")) == before


def test_invalid_data_fails_the_build_with_locations(tmp_path: Path) -> None:
    project = _project(tmp_path)
    bad = project / "data" / "organisationen" / "internationaler-frauentreff.yml"
    bad.write_text(bad.read_text("utf-8").replace("email: info@frauentreff.example", "email: kaputt"), "utf-8")
    result = _build(project)
    assert result.returncode != 0
    assert (
        "data/organisationen/internationaler-frauentreff.yml:31:3: kontakt.email: „kaputt“ ist keine gültige "
        "E-Mail-Adresse – z. B. info@verein.de"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_entry_without_coordinates_is_a_warning_that_does_not_abort_the_strict_build(tmp_path: Path) -> None:
    import json

    project = _project(tmp_path)
    cache_file = project / "data" / "geocache.json"
    cache = json.loads(cache_file.read_text("utf-8"))
    del cache["wilhelmstr 12, 71638 ludwigsburg"]
    cache_file.write_text(json.dumps(cache), "utf-8")
    strict = _build(project)
    assert strict.returncode == 0, strict.stderr  # only errors abort the build
    expected = (
        "data/organisationen/internationaler-frauentreff.yml:24:1: Warnung: adresse: keine Koordinaten – "
        "„stadtkarte geocode“ ausführen"
    )
    assert expected in strict.stderr
    assert "WARNING" not in strict.stderr
