"""Every validation rule has a case: bad input files and the exact messages they must produce.

Each folder in ``tests/cases/`` holds files that are laid over a copy of the sample data, and
``expected.txt``, the validator's lines for them (path:line:col: field: message). Messages the
clean sample data already produces are not part of a case.

After a deliberate change of wording, regenerate with ``STADTKARTE_UPDATE_GOLDEN=1 pytest
tests/test_golden_cases.py`` and review the diff line by line.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from stadtkarte.catalogue import load_catalogue

from .conftest import FIXTURE_DATA, TODAY

CASES = Path(__file__).parent / "cases"


def _lines(data: Path) -> list[str]:
    _, problems = load_catalogue(data, today=TODAY)
    return [p.format(base=data) for p in problems]


@pytest.fixture(scope="module")
def baseline() -> set[str]:
    return set(_lines(FIXTURE_DATA))


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case(case: str, tmp_path: Path, baseline: set[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    source = CASES / case
    for file in source.rglob("*"):
        if file.is_file() and file.name != "expected.txt":
            target = data / file.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
    baseline_lines = {line for line in baseline}
    got = [line for line in _lines(data) if line not in baseline_lines]
    expected_file = source / "expected.txt"
    if os.environ.get("STADTKARTE_UPDATE_GOLDEN"):
        expected_file.write_text("".join(line + "\n" for line in got), "utf-8")
    assert got, f"case {case} produced no problem at all"
    assert got == expected_file.read_text("utf-8").splitlines()
