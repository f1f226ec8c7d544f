"""Real headless Chromium (Debian's) driven by Playwright, against the built site on 127.0.0.1.

Without Chromium the browser tests skip with a reason on a developer's machine; in CI
(``CI=true``) they fail instead, so they can never silently not run there.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def _require_chromium() -> str:
    if CHROMIUM:
        return CHROMIUM
    message = "Chromium fehlt: `apt-get install chromium` (Debian) für die Browser-Tests"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(root: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    url, server = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[object]:
    """One Playwright per test run (a second one cannot start while the first runs)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory, playwright_driver) -> Iterator[object]:  # noqa: ANN001
    executable = _require_chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data dir
    context = playwright_driver.chromium.launch_persistent_context(
        str(profile), executable_path=executable, headless=True, args=ARGS,
        viewport={"width": 1280, "height": 900}, locale="de-DE",
        # the site's service worker would answer requests that tests route or abort
        # (tests/browser/test_offline.py runs it in a context of its own)
        service_workers="block",
    )
    yield context
    context.close()


@pytest.fixture
def page(browser_context) -> Iterator[object]:  # noqa: ANN001
    """A new tab that records requests, console errors and dialogs (alert = script ran)."""
    tab = browser_context.new_page()
    tab.set_default_timeout(10_000)
    tab.seen_requests = []
    tab.console_errors = []
    tab.dialogs = []
    tab.on("request", lambda request: tab.seen_requests.append(request.url))
    tab.on("console", lambda message: tab.console_errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))

    def on_dialog(dialog) -> None:  # noqa: ANN001
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    tab.close()


def own_tiles():  # noqa: ANN201
    """Map settings for the sites a test generates itself: the tests answer the tiles locally
    (page.route), as the city's own tile server (``kacheln_eigene: ja``) would, so the map loads
    without the two-click consent (tests/browser/test_consent.py covers the default)."""
    from stadtkarte.render import MapOptions

    return MapOptions(own_tiles=True, consent=False)


def axe_violations(tab) -> list[dict]:  # noqa: ANN001
    """axe-core (as shipped in the pinned axe-playwright-python wheel) run in the page."""
    from importlib import resources

    source = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")
    tab.evaluate(source)
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def click_first_pin_until(tab, shown, tries: int = 3) -> None:  # noqa: ANN001
    """Click the map's first pin until ``shown`` (a locator in its popup) is visible: on a busy
    machine the map may still be zooming to the pin at the first click."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(tries):
        tab.locator(".sk-pin-wrap").first.click()
        try:
            shown.wait_for(state="visible", timeout=3000)
            return
        except PlaywrightTimeout:
            tab.wait_for_timeout(300)
    shown.wait_for(state="visible", timeout=1)  # raises with Playwright's own message
