"""Every page's one script (pages.PAGE_BUNDLE_JS) in Chromium: its parts run as separate files
would – an error in one stops no other, their top-level names do not meet – and together they
set up what the pages use."""

from __future__ import annotations

from pathlib import Path

import pytest

from stadtkarte.bundles import isolated, paced

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


def _serve_bundle(page, tmp_path: Path, text: str) -> tuple[str, object]:  # noqa: ANN001
    (tmp_path / "paket.js").write_text(text, "utf-8")
    # the page notes when DOMContentLoaded is handled (the theme's long handlers run then)
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>t</title><script src="paket.js" defer></script><script>document.addEventListener('
        '"DOMContentLoaded", function () { (window.skOrder = window.skOrder || []).push("DOMContentLoaded"); });'
        '</script>', "utf-8")
    url, server = serve(tmp_path)
    page.goto(url)
    return url, server


def test_a_paced_bundle_keeps_the_parts_apart_in_order(page, tmp_path: Path) -> None:  # noqa: ANN001
    url, server = _serve_bundle(page, tmp_path, paced([
        ("eins.js", "window.skOrder.push('eins'); let teil = 'eins'; throw new Error('eins kaputt');"),
        ("zwei.js", "let teil = 'zwei'; window.skOrder.push(teil);"),
        ("drei.js", "const teil = 'drei'; window.skOrder.push(teil);"),
    ]))
    try:
        page.wait_for_function("window.skOrder && window.skOrder.length === 4")
        # the first part, too, in a task after the one that ends with DOMContentLoaded
        assert page.evaluate("window.skOrder") == ["DOMContentLoaded", "eins", "zwei", "drei"]
        page.wait_for_timeout(100)
        assert [e for e in page.console_errors if "eins kaputt" in e]
        assert page.evaluate("typeof teil") == "undefined"
    finally:
        server.shutdown()


def test_a_paced_bundle_yields_after_a_long_part_only(page, tmp_path: Path) -> None:  # noqa: ANN001
    # each part queues a task ("after …"); a part that runs in the same task as the one before
    # comes before that task, a part that waited for a task of its own after it
    def part(name: str, busy_ms: int) -> tuple[str, str]:
        return (f"{name}.js", f"(window.skOrder = window.skOrder || []).push('{name}');"
                              f" setTimeout(function () {{ window.skOrder.push('after {name}'); }}, 0);"
                              f" var until = performance.now() + {busy_ms}; while (performance.now() < until) {{}}")
    url, server = _serve_bundle(page, tmp_path, paced([part("kurz", 0), part("lang", 30), part("danach", 0)]))
    try:
        page.wait_for_function("window.skOrder && window.skOrder.length === 7")
        assert page.evaluate("window.skOrder") == ["DOMContentLoaded", "kurz", "lang", "after kurz", "after lang",
                                                   "danach", "after danach"]
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
