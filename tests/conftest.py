"""Shared fixtures: a private copy of the sample data and a fixed "today"."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "data"
#: the day the golden outputs were written for (future-date rules depend on it)
TODAY = date(2026, 11, 23)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the sample data."""
    target = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once per test run with a real ``mkdocs build --strict``."""
    from .sitebuild import build, copy_project

    project = copy_project(tmp_path_factory.mktemp("project"))
    site = tmp_path_factory.mktemp("site")
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    return site
