"""The site search in a real browser: the header box on every page (Pagefind, keyboard)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser


def test_header_search_finds_entries_by_keyboard(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url + "impressum/")
    page.focus("#sk-header-search")
    page.keyboard.type("Sprachcafe")  # without the accent
    # the list is drawn anew as each letter arrives: wait until the answer to the whole word is there
    page.wait_for_function("""() => {
        const status = document.getElementById('sk-header-search-status').textContent;
        const first = document.querySelector('.sk-header-search__results li > a');
        return first !== null && status.endsWith('Treffer') && !status.startsWith('Keine');
    }""")
    page.wait_for_timeout(300)  # a last answer for an earlier prefix may still replace it
    page.wait_for_function("document.querySelector('.sk-header-search__results li > a') !== null")
    titles = page.locator(".sk-header-search__results li > a").all_text_contents()
    assert titles[0].startswith("Sprachcafé"), titles
    assert page.text_content("#sk-header-search-status").endswith("Treffer")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == titles[0]
    page.keyboard.press("Escape")
    assert page.locator(".sk-header-search__panel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "sk-header-search"
    page.keyboard.press("ArrowDown")  # the panel opens again with the results
    page.keyboard.press("Enter")
    page.wait_for_url("**/angebote/**")
    assert urlsplit(page.url).path.startswith("/angebote/sprachcafe")
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in page.seen_requests)
    assert page.console_errors == []


def test_header_search_names_a_query_without_results_and_links_the_directory(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url)
    page.fill("#sk-header-search", "Xylophonwerkstatt")
    page.wait_for_function("document.getElementById('sk-header-search-status').textContent.length > 0")
    assert page.text_content("#sk-header-search-status").startswith("Keine Treffer für „Xylophonwerkstatt“")
    page.fill("#sk-header-search", "Hausaufgabenhilfe")
    link = page.locator(".sk-header-search__results a[href$='verzeichnis/?suche=Hausaufgabenhilfe']")
    link.wait_for()
    assert link.text_content() == "Alle Treffer im Verzeichnis zeigen"
    assert axe_violations(page) == []


def test_header_search_works_without_javascript_as_a_form(browser_context, base_url: str) -> None:  # noqa: ANN001
    tab = browser_context.new_page()
    tab.route("**/*.js", lambda route: route.abort())
    tab.goto(base_url + "angebote/sprachcafe-west/")
    tab.fill("#sk-header-search", "Beratung")
    tab.press("#sk-header-search", "Enter")
    tab.wait_for_url("**/verzeichnis/?suche=Beratung")
    tab.close()
