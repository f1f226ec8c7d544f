"""The YAML reader: strict where PyYAML is lenient, every problem with line and column."""

from __future__ import annotations

import time
from pathlib import Path

from stadtkarte.yamlsource import MAX_FILE_BYTES, load_file, load_text

SRC = Path("x.yml")


def messages(loaded) -> list[str]:
    return [p.format() for p in loaded.problems]


def test_core_schema_scalars_mean_what_they_say() -> None:
    loaded = load_text(SRC, 'a: no\nb: 15:00\nc: 01067\nd: 2025-10-24\ne: yes\nf: true\ng: 12\nh: 1.5\ni: ~\nj: on\n')
    assert loaded.ok
    assert loaded.data == {
        "a": "no", "b": "15:00", "c": "01067", "d": "2025-10-24", "e": "yes",
        "f": True, "g": 12, "h": 1.5, "i": None, "j": "on",
    }


def test_positions_point_at_keys_and_list_items() -> None:
    loaded = load_text(SRC, "name: x\nkontakt:\n  email: y\nsprachen:\n  - de\n  - tr\n")
    assert loaded.positions.of(("kontakt", "email")) == (3, 3)
    assert loaded.positions.of(("sprachen", 1)) == (6, 5)
    # a missing key points at its parent
    assert loaded.positions.of(("kontakt", "telefon")) == (2, 1)


def test_duplicate_key_keeps_first_value_and_reports_second() -> None:
    loaded = load_text(SRC, "name: A\nort: x\nname: B\n")
    assert loaded.data["name"] == "A"
    assert messages(loaded) == ["x.yml:3:1: name: Feld steht doppelt (zuerst in Zeile 1) – eines der beiden löschen"]


def test_billion_laughs_is_refused_quickly() -> None:
    levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        levels.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    start = time.perf_counter()
    loaded = load_text(SRC, "\n".join(levels) + "\n")
    assert time.perf_counter() - start < 1.0
    assert loaded.problems
    assert all("Anker und Verweise" in p.message for p in loaded.problems)


def test_tab_in_indentation() -> None:
    loaded = load_text(SRC, "adresse:\n\tort: x\n")
    assert messages(loaded) == ["x.yml:2:1: Tabulator in der Einrückung – nur Leerzeichen verwenden"]


def test_tab_inside_text_is_fine() -> None:
    assert load_text(SRC, 'name: "a\tb"\n').ok


def test_non_utf8_points_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yml"
    path.write_bytes("name: ok\nort: Gr\xfcnb\xfchl\n".encode("latin-1"))
    loaded = load_file(path)
    assert [(p.line, p.col, p.message) for p in loaded.problems] == [
        (2, 8, "Datei ist nicht in UTF-8 gespeichert (ungültiges Zeichen hier) – im Editor als „UTF-8“ speichern")
    ]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yml"
    path.write_bytes(b"\xef\xbb\xbfname: Caf\xc3\xa9\n")
    loaded = load_file(path)
    assert loaded.ok and loaded.data == {"name": "Café"}


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_bytes(b"name: " + b"x" * (MAX_FILE_BYTES + 1) + b"\n")
    loaded = load_file(path)
    assert [p.message for p in loaded.problems] == [
        "Datei ist zu groß (257 KB, erlaubt sind höchstens 256 KB) – lange Texte kürzen oder aufteilen"
    ]


def test_nul_byte_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "bin.yml"
    path.write_bytes(b"name: a\x00b\n")
    loaded = load_file(path)
    assert [(p.line, p.col) for p in loaded.problems] == [(1, 8)]
    assert "Null-Byte" in loaded.problems[0].message


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    loaded = load_file(tmp_path / "missing.yml")
    assert loaded.problems and loaded.problems[0].message.startswith("Datei kann nicht gelesen werden")


def test_deep_nesting_is_refused() -> None:
    loaded = load_text(SRC, "a: " + "[" * 40 + "]" * 40 + "\n")
    assert any("zu tief verschachtelt" in p.message for p in loaded.problems)


def test_python_tags_are_refused() -> None:
    loaded = load_text(SRC, "a: !!python/object/apply:os.system [ls]\n")
    assert messages(loaded) == ["x.yml:1:4: a: YAML-Tag !!python/object/apply:os.system ist nicht erlaubt – nur einfache Werte verwenden"]


def test_syntax_error_has_position_and_german_hint() -> None:
    loaded = load_text(SRC, "name: Wichtig: alle\n")
    assert messages(loaded) == [
        "x.yml:1:14: YAML-Syntaxfehler: unerwarteter Doppelpunkt – Text mit „: “ in Anführungszeichen setzen"
    ]


def test_text_and_keys_are_nfc_normalised() -> None:
    """"Café" typed with a combining accent (NFD, as macOS file names and some keyboards give
    it) is the same text as the composed one, and a key spelt both ways is a duplicate."""
    decomposed = "Cafe\u0301"
    loaded = load_text(SRC, f'name: "{decomposed} International"\nbeschreibung: {{de: "Gru\u0308n"}}\n')
    assert loaded.ok
    assert loaded.data == {"name": "Caf\u00e9 International", "beschreibung": {"de": "Gr\u00fcn"}}
    twice = load_text(SRC, '"gru\u0308n": 1\n"gr\u00fcn": 2\n')
    assert list(twice.data) == ["gr\u00fcn"]
    assert messages(twice) == ["x.yml:2:1: gr\u00fcn: Feld steht doppelt (zuerst in Zeile 1) – eines der beiden löschen"]


def test_yaml_line_breaks_of_other_systems_are_refused_with_position() -> None:
    """U+0085, U+2028 and U+2029 are line breaks to YAML 1.1 and would silently change a text
    (or cut a page title): refused before parsing, with line and column."""
    for char in ("\u0085", "\u2028", "\u2029"):
        loaded = load_text(SRC, f"name: Test\nort: Muster{char}stadt\n")
        assert loaded.data is None
        code = f"U+{ord(char):04X}"
        assert messages(loaded) == [f"x.yml:2:12: unsichtbares Steuerzeichen ({code}) in der Datei – Zeile neu eintippen"]
