"""Shared fixtures: a private copy of the test data and a fixed "today".

The software tests never read the project's ``data/``: a city replaces it with its own entries
and the tests must stay green. They use the fixture project under ``tests/fixtures/``
(``stadt/``: data in the shape of the sample data; ``mkdocs.yml`` and ``docs/``: the site settings
and texts). Only ``tests/test_sample_data.py`` looks at ``data/`` (it validates and builds it).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
#: the software tests' data set (a trimmed-down copy of the sample data; never ``ROOT / "data"``)
FIXTURE_DATA = FIXTURES / "stadt"
#: the day the golden outputs were written for (future-date rules depend on it)
TODAY = date(2026, 11, 23)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the test data."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once per test run with a real ``mkdocs build --strict``."""
    from .sitebuild import build, copy_project

    project = copy_project(tmp_path_factory.mktemp("project"))
    site = tmp_path_factory.mktemp("site")
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def built_languages_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site in three languages (tests/fixtures/sprachen/mkdocs.yml: de at /, en and ar
    below /en/ and /ar/), built once per test run with a real ``mkdocs build --strict``."""
    from .sitebuild import build, copy_project

    project = copy_project(tmp_path_factory.mktemp("project"), config=FIXTURES / "sprachen" / "mkdocs.yml")
    site = tmp_path_factory.mktemp("site")
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    return site
