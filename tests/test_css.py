"""Our own stylesheets work in both directions: logical properties instead of left/right."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

ASSETS = ROOT / "src" / "stadtkarte" / "assets"
#: wegweiser.css is for WeasyPrint's PDFs (German, left to right), which lacks logical properties
SHEETS = ["stadtkarte.css", "karte.css", "einbettung.css", "print.css", "schrift.css"]
PHYSICAL = re.compile(r"(?<![\w-])(margin-left|margin-right|padding-left|padding-right|border-left|border-right|left|right"
                      r"|float|text-align)\s*:\s*([^;}]+)")


@pytest.mark.parametrize("name", SHEETS)
def test_stylesheets_use_logical_properties(name: str) -> None:
    found = []
    for rule in re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", (ASSETS / name).read_text("utf-8"), flags=re.S)):
        selector, body = rule
        if "[dir=rtl]" in selector:  # the mirror of a third-party stylesheet's physical rules (leaflet.css)
            continue
        for prop, value in PHYSICAL.findall(body):
            if prop in ("float", "text-align") and value.strip() in ("none", "center", "start", "end", "inline-start", "inline-end"):
                continue
            found.append(f"{selector.strip()} {{ {prop}: {value.strip()} }}")
    assert found == []


def test_error_page_list_indent_is_logical() -> None:
    assert "padding-left" not in (ROOT / "src" / "stadtkarte" / "templates" / "error_page.html").read_text("utf-8")
