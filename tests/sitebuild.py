"""Build the sample site with a real ``mkdocs build`` into a temporary folder (shared helper)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

#: 2026-11-23 00:00 UTC: the build date the golden expectations assume
EPOCH = "1795392000"


def copy_project(target: Path) -> Path:
    for name in ("docs", "data", "hooks", "schema", "src/stadtkarte/theme"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copyfile(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build(project: Path, site: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600, env=env)
