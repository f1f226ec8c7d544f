""""Fehler melden" in the browser: without site_url the mail carries the address the visitor sees."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_mail_names_the_address_in_the_browser(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url + "angebote/alphakurs/")
    href = page.get_attribute("a[data-sk-report-mail]", "href")
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert body == f"Eintrag: Alphabetisierungskurs\nSeite: {base_url}angebote/alphakurs/\n\nWas ist falsch oder fehlt?\n"
    assert page.console_errors == []
