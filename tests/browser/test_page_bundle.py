"""Every page's one script (pages.PAGE_BUNDLE_JS) in Chromium: its parts run as separate files
would – an error in one stops no other, their top-level names do not meet – and together they
set up what the pages use."""

from __future__ import annotations

from pathlib import Path

import pytest

from stadtkarte.bundles import isolated

from .conftest import serve

pytestmark = pytest.mark.browser


def test_a_failing_part_stops_no_other_and_names_stay_apart(page, tmp_path: Path) -> None:  # noqa: ANN001
    parts = [
        isolated("eins.js", "window.skOrder = ['eins']; let teil = 'eins'; throw new Error('eins kaputt');"),
        isolated("zwei.js", "let teil = 'zwei'; window.skOrder.push(teil);"),
        isolated("drei.js", "const teil = 'drei'; window.skOrder.push(teil); window.skSrc = document.currentScript.src;"),
    ]
    (tmp_path / "paket.js").write_text("".join(parts), "utf-8")
    (tmp_path / "index.html").write_text('<!doctype html><title>t</title><script src="paket.js" defer></script>', "utf-8")
    url, server = serve(tmp_path)
    try:
        page.goto(url)
        page.wait_for_function("window.skOrder && window.skOrder.length === 3")
        assert page.evaluate("window.skOrder") == ["eins", "zwei", "drei"]
        assert page.evaluate("window.skSrc") == url + "paket.js"  # currentScript: the bundle
        page.wait_for_timeout(100)  # the error is reported after the part, as uncaught
        assert [e for e in page.console_errors if "eins kaputt" in e]
        assert page.evaluate("typeof teil") == "undefined"  # no part's top-level name leaked
    finally:
        server.shutdown()


def test_site_pages_load_the_bundle_and_its_parts_start(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url + "verzeichnis/")
    page.wait_for_function("document.readyState === 'complete'")
    assert page.evaluate("""() => [typeof window.stadtkarteSuche.search, typeof window.stadtkarteZeit.next,
        typeof window.stadtkarteNaehe.distance, typeof window.stadtkarteFilter.apply]""") == ["function"] * 4
    scripts = page.evaluate("[...document.scripts].map(s => s.getAttribute('src')).filter(s => s && s.includes('stadtkarte/'))")
    assert scripts == ["../assets/stadtkarte/seiten-paket.js"]
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href || '').filter(h => h.includes('stadtkarte/'))")
    assert sheets == [base_url + "assets/stadtkarte/seiten-paket.css"]
    assert page.console_errors == []
