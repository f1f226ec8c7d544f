""""Fehler melden" without a GitHub account: a mail to ``redaktion_email`` (issue #16, item 7)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.slow


def links(page: Path) -> dict[str, str]:
    """Text → href of the action buttons of an entry page."""
    html = page.read_text("utf-8")
    return {unescape(text).strip(): unescape(href)
            for href, text in re.findall(r'<a class="md-button" href="([^"]+)"[^>]*>([^<]+)</a>', html)}


def test_entry_page_mails_the_editors_with_name_and_page(built_site: Path) -> None:
    buttons = links(built_site / "angebote" / "alphakurs" / "index.html")
    mail = urlsplit(buttons["Fehler melden"])
    assert mail.scheme == "mailto" and mail.path == "integration@stadt.example"
    assert "+" not in mail.query  # mail programs show "+" as it is: spaces are %20
    query = parse_qs(mail.query)
    assert query["subject"] == ["Fehler im Eintrag: Alphabetisierungskurs"]
    assert query["body"] == ["Eintrag: Alphabetisierungskurs\nSeite: angebote/alphakurs/\n\nWas ist falsch oder fehlt?\n"]
    # the repository links stay, for the editors (repo_url is set in the fixture settings)
    assert buttons["Eintrag bearbeiten"].endswith("/edit/main/data/angebote/alphakurs.yml")
    assert buttons["Fehler melden auf GitHub (für die Redaktion)"].startswith("https://github.com/")


def test_protected_entry_mail_names_the_page_never_a_file(built_site: Path) -> None:
    page = built_site / "organisationen" / "frauenschutz-beratung" / "index.html"
    buttons = links(page)
    body = parse_qs(urlsplit(buttons["Fehler melden"]).query)["body"][0]
    assert "Seite: organisationen/frauenschutz-beratung/" in body
    assert ".yml" not in page.read_text("utf-8") and "Eintrag bearbeiten" not in buttons


def test_no_mail_button_without_the_setting(tmp_path: Path) -> None:
    from stadtkarte.render import SiteOptions

    from .conftest import TODAY

    assert SiteOptions(today=TODAY).editorial_email is None
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nextra:\n  stadtkarte:\n    redaktion_email: ' a@b.de '\n", "utf-8")
    from stadtkarte.settings import load_settings, site_options

    (tmp_path / "data").mkdir()
    assert site_options(load_settings(config)).editorial_email == "a@b.de"
