"""Atomic writes: a crash mid-write leaves the previous file whole and no temporary litter."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadtkarte import atomic


def test_write_replaces_content(tmp_path: Path) -> None:
    target = tmp_path / "cache.json"
    atomic.write_text(target, "eins")
    atomic.write_text(target, "zwei")
    assert target.read_text("utf-8") == "zwei"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.json"]


def test_crash_before_rename_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "cache.json"
    atomic.write_text(target, '{"alt": 1}')

    def crash(src: str, dst: str) -> None:
        raise OSError("Stromausfall")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="Stromausfall"):
        atomic.write_text(target, '{"neu": 2}')
    assert target.read_text("utf-8") == '{"alt": 1}'
    assert [p.name for p in tmp_path.iterdir()] == ["cache.json"]
