"""Whatever an editor types, the validator answers with problems, never with a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stadtkarte.catalogue import load_catalogue
from stadtkarte.yamlsource import load_text

from .conftest import FIXTURE_DATA, TODAY

KEYS = st.sampled_from(
    ["name", "kategorien", "beschreibung", "adresse", "kontakt", "email", "plz", "termine", "regel", "tage",
     "von", "bis", "sprachen", "koordinaten", "lat", "lon", "geprueft_am", "online", "de", "x"]
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["15:00", "2025-02-30", "javascript:alert(1)", "<script>", "ludwigsburg", "mo", "de", "71638"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_loads_without_exception(text: str) -> None:
    loaded = load_text(Path("fuzz.yml"), text)
    for problem in loaded.problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_load_without_exception(tmp_path_factory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "x.yml"
    path.write_bytes(raw)
    from stadtkarte.yamlsource import load_file

    load_file(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(org=st.dictionaries(KEYS, VALUES, max_size=8), offer=st.dictionaries(KEYS, VALUES, max_size=8))
def test_random_structures_give_problems_not_tracebacks(tmp_path: Path, org: dict, offer: dict) -> None:
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns("angebote", "organisationen"))
        (data / "organisationen").mkdir()
        (data / "angebote").mkdir()
    (data / "organisationen" / "zufall.yml").write_text(yaml.safe_dump(org, allow_unicode=True), "utf-8")
    (data / "angebote" / "zufall.yml").write_text(yaml.safe_dump(offer, allow_unicode=True), "utf-8")
    _, problems = load_catalogue(data, today=TODAY)
    for problem in problems:
        assert problem.line >= 1 and problem.message
