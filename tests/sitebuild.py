"""Build the fixture site with a real ``mkdocs build`` into a temporary folder (shared helper)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURE_DATA, FIXTURES, ROOT

#: 2026-11-23 00:00 UTC: the build date the golden expectations assume
EPOCH = "1795392000"


def copy_project(
    target: Path, data: Path = FIXTURE_DATA, config: Path = FIXTURES / "mkdocs.yml", docs: Path = FIXTURES / "docs",
) -> Path:
    """A project folder: the software (hooks, schema, theme) from the repository; the site
    settings, texts and data from the fixtures, or those given (e.g. the project's own)."""
    for name in ("hooks", "schema", "src/stadtkarte/theme"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copytree(docs, target / "docs")
    shutil.copytree(data, target / "data")
    shutil.copyfile(config, target / "mkdocs.yml")
    return target


def build(project: Path, site: Path, *, strict: bool = True, epoch: str | None = EPOCH) -> subprocess.CompletedProcess[str]:
    """``epoch``: the build date (``SOURCE_DATE_EPOCH``); None builds for today."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600, env=env)
