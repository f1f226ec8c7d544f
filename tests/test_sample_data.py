"""The project's own data/ (the sample data, or a city's real data) validates and builds.

This is the only test that reads data/, mkdocs.yml and docs/ of the project: whatever a city puts
there, it checks exactly what the pull request check and the publishing workflow check. It makes
no assumption about the entries themselves (the software tests use tests/fixtures/)."""

from __future__ import annotations

import shutil
from pathlib import Path

from stadtkarte import cacheclean
from stadtkarte.catalogue import load_catalogue
from stadtkarte.settings import build_date, load_settings

from .conftest import ROOT
from .sitebuild import build

SETTINGS = load_settings(ROOT / "mkdocs.yml")


def test_project_data_validates_without_errors() -> None:
    catalogue, problems = load_catalogue(SETTINGS.data_dir, today=build_date())
    assert [p.format() for p in problems if p.is_error] == []
    assert catalogue.taxonomy is not None and catalogue.municipalities
    # what only ``stadtkarte validate`` adds: no cache key that no entry uses (a former street)
    assert [p.format() for p in cacheclean.problems(catalogue)] == []


def test_project_builds_strictly(tmp_path: Path) -> None:
    project = tmp_path / "project"  # the repository as it is, without what is not part of it
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", ".site-neu", ".site-alt", "tests", "__pycache__", ".pytest_cache", ".hypothesis", "build", "*.egg-info"))
    result = build(project, tmp_path / "site", epoch=None)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "karte" / "eintraege.json").is_file()
