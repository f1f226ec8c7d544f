"""The JSON Schema, the field documentation and the message catalogue cannot drift from the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from stadtkarte.i18n import field_docs, messages
from stadtkarte.schema import SCHEMAS, build_schema, render, stale_schemas
from stadtkarte.yamlsource import load_file

from .conftest import ROOT, FIXTURE_DATA

SCHEMA_DIR = ROOT / "schema"


def test_committed_schemas_are_current() -> None:
    assert stale_schemas(SCHEMA_DIR) == [], "run `stadtkarte schema` and commit schema/"


def test_stale_schema_is_detected(tmp_path: Path) -> None:
    for name in SCHEMAS:
        (tmp_path / f"{name}.schema.json").write_text(render(name), "utf-8")
    (tmp_path / "angebot.schema.json").write_text("{}", "utf-8")
    assert stale_schemas(tmp_path) == [tmp_path / "angebot.schema.json"]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_field_has_german_title_description_example(name: str) -> None:
    schema = build_schema(name)
    definitions = [schema, *schema.get("$defs", {}).values()]
    for definition in definitions:
        for key, prop in definition.get("properties", {}).items():
            assert prop["title"] and prop["description"] and prop["examples"], key


def test_no_orphan_field_docs() -> None:
    """Every documented field exists in a model (a renamed field must take its docs along)."""
    from stadtkarte import models

    documented = {
        f"{section}.{key}" for section, fields in field_docs().items() for key in fields if not key.startswith("_")
    }
    existing = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and hasattr(obj, "doc_key") and hasattr(obj, "model_fields"):
            existing |= {f"{obj.doc_key}.{info.alias or name}" for name, info in obj.model_fields.items()}
    assert documented - existing == set()
    assert existing - documented == set()


def _folder_schema(path: Path) -> str:
    return {"organisationen": "organisation", "angebote": "angebot"}.get(path.parent.name, path.stem)


@pytest.mark.parametrize(
    "path",
    sorted([*FIXTURE_DATA.glob("*/*.yml"), FIXTURE_DATA / "taxonomie.yml", FIXTURE_DATA / "kommunen.yml"]),
    ids=lambda p: p.name,
)
def test_sample_files_reference_and_satisfy_their_schema(path: Path) -> None:
    name = _folder_schema(path)
    first = path.read_text("utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path}: first line must reference the schema"
    in_project = ROOT.joinpath("data", path.relative_to(FIXTURE_DATA))  # where it stands in a project
    schema_path = (in_project.parent / match.group(1)).resolve()
    assert schema_path == (SCHEMA_DIR / f"{name}.schema.json").resolve()
    schema = json.loads(schema_path.read_text("utf-8"))
    jsonschema.validate(load_file(path).data, schema)


def test_schema_rejects_what_the_validator_rejects() -> None:
    schema = build_schema("organisation")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "beschreibun": "y"}, schema)


def test_every_message_key_used_in_code_exists() -> None:
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "src" / "stadtkarte").rglob("*.py"))
    used = set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", source))
    assert used, "the pattern must find the keys"
    assert used - set(messages()) == set()
    # keys built at run time: every pydantic/custom error type and weekday we name
    for kind in re.findall(r'_error\("([a-z_]+)"', source):
        assert f"validation.sk_{kind}" in messages()


def test_every_message_template_is_well_formed() -> None:
    """Literal braces must be doubled: a stray ``{`` would crash the message at run time."""
    import string

    for key, template in messages().items():
        list(string.Formatter().parse(template))  # raises ValueError on a stray brace
        assert isinstance(template, str) and template.strip(), key
