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


@pytest.mark.parametrize("durable", [False, True])
def test_write_many_writes_every_file_whole(tmp_path: Path, durable: bool) -> None:
    files = [(f"export/kalender/angebote/a{i}.ics", f"BEGIN:VCALENDAR {i}\r\n" * 50) for i in range(60)]
    files += [("export/orte.geojson", b'{"type": "FeatureCollection"}'), ("index.html", "<p>\u00e4</p>")]
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "orte.geojson").write_text("alt", "utf-8")
    assert atomic.write_many(tmp_path, files, durable=durable) == 62
    for path, content in files:
        expected = content.encode("utf-8") if isinstance(content, str) else content
        assert (tmp_path / path).read_bytes() == expected
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_write_many_crash_keeps_old_files_and_leaves_no_litter(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "angebote.csv").write_text("alt", "utf-8")

    def crash(src: str, dst: str) -> None:
        raise OSError("Stromausfall")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="Stromausfall"):
        atomic.write_many(tmp_path, [("export/angebote.csv", "neu"), ("export/b.csv", "neu")])
    assert (tmp_path / "export" / "angebote.csv").read_text("utf-8") == "alt"
    assert sorted(p.name for p in (tmp_path / "export").iterdir()) == ["angebote.csv"]
