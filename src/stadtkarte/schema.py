"""JSON Schemas for editors' tools, generated from the models with German titles and examples.

VS Code (with the YAML extension) reads them through the ``# yaml-language-server: $schema=…``
first line of each data file and offers completion and inline errors while typing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from . import atomic
from .i18n import field_docs
from .yamlsource import load_value
from .models import Municipalities, Offer, Organisation, Taxonomy

SCHEMAS: dict[str, type[BaseModel]] = {
    "organisation": Organisation,
    "angebot": Offer,
    "taxonomie": Taxonomy,
    "kommunen": Municipalities,
}


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from ``root``, by class name (pydantic's ``$defs`` keys)."""
    found: dict[str, type[BaseModel]] = {}
    todo = [root]
    while todo:
        model = todo.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for info in model.model_fields.values():
            todo.extend(_nested(info.annotation))
    return found


def _nested(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _nested(arg)]


def _document(schema: dict[str, Any], model: type[BaseModel]) -> None:
    docs = field_docs().get(model.doc_key, {})  # type: ignore[attr-defined]
    if "_title" in docs:
        schema["title"] = docs["_title"]
        schema["description"] = docs["_description"]
    else:
        schema.pop("title", None)
        schema.pop("description", None)
    for key, prop in schema.get("properties", {}).items():
        doc = docs.get(key)
        if not isinstance(doc, dict):
            raise KeyError(f"field {model.doc_key}.{key} has no documentation in the locale file")  # type: ignore[attr-defined]
        prop["title"] = doc["title"]
        prop["description"] = doc["description"]
        prop["examples"] = [load_value(doc["example"])]


def build_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one data file kind (``organisation``, ``angebot``, …)."""
    root = SCHEMAS[name]
    schema = root.model_json_schema(by_alias=True, mode="validation")
    models = _models(root)
    _document(schema, root)
    for def_name, definition in schema.get("$defs", {}).items():
        _document(definition, models[def_name])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render(name: str) -> str:
    return json.dumps(build_schema(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        atomic.write_text(path, render(name))
        written.append(path)
    return written


def stale_schemas(folder: Path) -> list[Path]:
    """Committed schema files that differ from what the models generate now."""
    stale = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        if not path.exists() or path.read_text("utf-8") != render(name):
            stale.append(path)
    return stale


FIELDS_START = "<!-- felder:start (erzeugt mit „stadtkarte field-docs“, nicht von Hand ändern) -->"
FIELDS_END = "<!-- felder:end -->"


def fields_markdown() -> str:
    """Tables of every field (German key, required, meaning, example) from the schemas' docs."""
    out = []
    for name in ("organisation", "angebot"):
        schema = build_schema(name)
        sections = [(schema.get("title", name), schema)] + [
            (definition_name, definition) for definition_name, definition in sorted(schema.get("$defs", {}).items())
        ]
        out.append(f"### {schema['title']}\n\n{schema['description']}\n")
        for title, definition in sections:
            properties = definition.get("properties", {})
            if not properties or (title != schema.get("title") and title in _SKIP_DEFS):
                continue
            required = set(definition.get("required", []))
            if title != schema.get("title"):
                out.append(f"#### Unterfelder: {_DEF_TITLES.get(title, title)}\n")
            out.append("| Feld | Pflicht | Bedeutung | Beispiel |\n|---|---|---|---|")
            for key, prop in properties.items():
                example = yaml.safe_dump(prop["examples"][0], default_flow_style=True, allow_unicode=True, width=1000)
                example = example.removesuffix("\n...\n").strip()
                if isinstance(prop["examples"][0], str) and re.fullmatch(r"[0-9:]+", prop["examples"][0]):
                    example = json.dumps(prop["examples"][0])  # times and postcodes: always quoted
                out.append(f"| `{key}` | {'ja' if key in required else 'nein'} | {prop['description']} | `{example}` |")
            out.append("")
    return "\n".join(out)


_DEF_TITLES = {
    "Address": "adresse", "Place": "ort", "Contact": "kontakt", "Person": "kontakt.ansprechperson",
    "Accessibility": "barrierefreiheit", "OpeningHours": "oeffnungszeiten", "Appointment": "termine",
    "Registration": "anmeldung", "AgeRange": "alter", "Coordinates": "koordinaten",
}
_SKIP_DEFS: set[str] = set()


def with_field_docs(text: str) -> str:
    """``text`` (CONTRIBUTING.md) with the part between the markers regenerated."""
    start, end = text.index(FIELDS_START), text.index(FIELDS_END)
    return text[: start + len(FIELDS_START)] + "\n\n" + fields_markdown() + "\n" + text[end:]
