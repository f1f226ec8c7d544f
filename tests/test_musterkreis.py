"""A city replaces data/ completely: a different district (tests/fixtures/musterkreis/: three towns,
its own small taxonomy, six entries) validates and builds, and the one test module that reads data/
passes on it as well (the software tests never read data/)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from stadtkarte.citysetup import CityAnswers, fill_texts

from .conftest import FIXTURES, ROOT
from .sitebuild import build, copy_project

MUSTERKREIS = FIXTURES / "musterkreis"


def musterkreis_project(target: Path) -> Path:
    config = target.parent / "mkdocs-musterkreis.yml"
    text = (FIXTURES / "mkdocs.yml").read_text("utf-8")
    for old, new in (("site_name: Stadtkarte Integration", "site_name: Integration im Musterkreis"),
                     ("beispieldaten: true", "beispieldaten: nein"),
                     ('namensnennung: "Stadtkarte Integration (Beispieldaten)"', 'namensnennung: "Landratsamt Musterkreis"')):
        assert old in text
        text = text.replace(old, new)
    config.write_text(text.replace("integration@stadt.example", "integration@musterkreis.de"), "utf-8")
    project = copy_project(target, data=MUSTERKREIS, config=config)
    # its own Impressum and accessibility contact, as `stadtkarte init` writes them
    fill_texts(project / "docs", CityAnswers(site_name="Integration im Musterkreis", publisher="Landratsamt Musterkreis",
                                             contact="integration@musterkreis.de",
                                             address="Am Landratsamt 3, 97999 Musterstadt"))
    return project


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stadtkarte.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_a_three_town_district_validates_and_builds(tmp_path: Path) -> None:
    project = musterkreis_project(tmp_path / "project")
    result = run("validate", cwd=project)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == ["OK: 8 Dateien geprüft (3 Organisationen, 3 Angebote), keine Fehler"]
    site = tmp_path / "site"
    built = build(project, site)
    assert built.returncode == 0, built.stderr
    for page in ("kommunen/musterstadt", "kommunen/beispielheim", "kommunen/neudorf-am-see",
                 "kategorien/deutsch-lernen", "organisationen/freundeskreis-neudorf", "angebote/lotsen-online"):
        assert (site / page / "index.html").is_file(), page
    start = (site / "index.html").read_text("utf-8")
    assert "Integration im Musterkreis" in start and "Deutsch lernen" in start
    assert "Alle Einträge sind erfundene Beispiele" not in start, "beispieldaten: nein removes the banner"
    pages = [p.read_text("utf-8") for p in site.rglob("*.html")]
    assert not [p for p in pages if "Ludwigsburg" in p or "Kornwestheim" in p], "nothing of the sample data is left"


def test_the_sample_data_test_passes_on_the_district(tmp_path: Path) -> None:
    """The repository as a city would have it after replacing data/: its data test stays green."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", ".site-neu", ".site-alt", "__pycache__", ".pytest_cache", ".hypothesis", "build",
        "*.egg-info"))
    shutil.rmtree(repo / "data")
    shutil.copytree(MUSTERKREIS, repo / "data")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_sample_data.py"],
        cwd=repo, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.splitlines()[-1].startswith("2 passed")
