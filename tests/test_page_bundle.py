"""Every page's one stylesheet and one script (pages.page_bundles): every part in order, print
rules kept for paper, and in the built site one tag each on every page."""

from __future__ import annotations

import re
from pathlib import Path

from stadtkarte.pages import PAGE_BUNDLE_CSS, PAGE_BUNDLE_JS, SCRIPTS, STYLESHEETS, page_bundles

from .conftest import ROOT


def test_page_bundles_hold_every_part_in_order() -> None:
    files = page_bundles()
    script, style = files[PAGE_BUNDLE_JS], files[PAGE_BUNDLE_CSS]
    assets = ROOT / "src" / "stadtkarte" / "assets"
    for bundle, parts in ((script, SCRIPTS), (style, STYLESHEETS)):
        marks = [bundle.index(f"/* {name.removeprefix('assets/stadtkarte/')} */\n") for name in parts]
        assert marks == sorted(marks)
        for name in parts:
            assert (assets / name.removeprefix("assets/stadtkarte/")).read_text("utf-8") in bundle
    # print.css keeps its rules for paper inside @media print
    print_part = style[style.index("/* print.css */"):]
    assert "@media print {" in print_part and ".sk-print-only { display: none; }" in print_part


def test_every_page_loads_one_stylesheet_and_one_script_of_ours(built_site: Path) -> None:
    for path in ["index.html", "verzeichnis/index.html", "organisationen/internationaler-frauentreff/index.html", "404.html"]:
        text = (built_site / path).read_text("utf-8")
        ours = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]*assets/stadtkarte/[^"]+)"', text)
        assert [name.rpartition("/")[2] for name in ours] == ["seiten-paket.css", "seiten-paket.js"], path
        assert re.search(r'<script src="[^"]*seiten-paket\.js" defer>', text)
    assert (built_site / PAGE_BUNDLE_JS).read_text("utf-8") == page_bundles()[PAGE_BUNDLE_JS]
    assert (built_site / "assets" / "stadtkarte" / "suche.js").is_file()  # each part is served too
