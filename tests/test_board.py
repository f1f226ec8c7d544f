"""The Pinnwand, breadcrumbs and the back link on entry pages, the Pinnwand column of the map
data, and the build's note about a missing ``site_url`` (issue #16, items 3 and 8)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from stadtkarte.catalogue import load_catalogue
from stadtkarte.i18n import plural_texts
from stadtkarte.pages import SiteOptions
from stadtkarte.pipeline import generate
from stadtkarte.project import check_project

from .conftest import FIXTURE_DATA, FIXTURES, TODAY

pytestmark = pytest.mark.slow


def organisations_with_posts() -> dict[str, tuple[list[str], list[str]]]:
    """slug → (unterstuetzung_gesucht, wir_bieten) of the visible fixture organisations, read here."""
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    found = {}
    for slug, entry in catalogue.organisations.items():
        model = entry.model
        if model.visible is not False and (model.support_wanted or model.we_offer):
            found[slug] = ([str(x) for x in model.support_wanted], [str(x) for x in model.we_offer])
    return found


def cards(page: str) -> dict[str, str]:
    """The Pinnwand's cards by organisation slug."""
    return dict(re.findall(r'<li class="sk-card sk-board-card" data-sk-item data-sk-id="o/([^"]+)">(.*?)\n  </li>', page, re.S))


def test_board_has_a_card_per_post_with_what_who_where_and_how_to_respond(built_site: Path) -> None:
    page = (built_site / "pinnwand" / "index.html").read_text("utf-8")
    posts = organisations_with_posts()
    found = cards(page)
    assert sorted(found) == sorted(posts) and len(found) >= 10
    for slug, (wanted, offered) in posts.items():
        card = found[slug]
        assert f'href="../organisationen/{slug}/"' in card
        assert "Wo: " in card and "So melden Sie sich:" in card
        assert ("Gesucht wird" in card) == bool(wanted) and ("Angeboten wird" in card) == bool(offered)
        for text in wanted + offered:
            assert f"<li>{text}</li>" in card.replace("&#34;", '"')
    # with public contact details: answered directly; without: the editorial address, said so
    direct = [c for c in found.values() if "Direkt bei der Organisation:" in c]
    assert any(re.search(r'E-Mail <a href="mailto:[^"?]+\?subject=Pinnwand%3A%20', c) for c in direct)
    editorial = [c for c in found.values() if "Schreiben Sie der Redaktion, sie leitet Ihre Nachricht weiter:" in c]
    assert direct and editorial and len(direct) + len(editorial) == len(found)
    assert all('href="mailto:integration@stadt.example?subject=Pinnwand%3A%20' in c for c in editorial)
    # the filters of the directory (filter.js) and the link to the map layer
    assert 'data-sk-fixed="pinnwand=sucht,bietet"' in page
    for facet in ("pinnwand", "kommune", "kategorie", "thema"):
        assert f'data-sk-facet="{facet}"' in page
    seeking = sum(bool(w) for w, _ in posts.values())
    assert f'<span data-sk-label="sucht Unterstützung ({seeking})">' in page
    assert '<a href="../karte/?pinnwand=sucht">Auf der Karte zeigen, wer Unterstützung sucht</a>' in page
    assert f">{len(posts)} Einträge</p>" in page


def test_board_shows_a_protected_place_only_as_its_area() -> None:
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    entry = catalogue.organisations["frauenschutz-beratung"]
    entry.model = entry.model.model_copy(update={"support_wanted": ["Dolmetscherinnen für Farsi"]})
    files = {f.path: f.content for f in generate(catalogue, SiteOptions(today=TODAY))}
    card = " ".join(cards(files["pinnwand.md"])["frauenschutz-beratung"].split())
    assert "Wo: Oststadt, 71640 Ludwigsburg (ungefährer Bereich)" in card
    assert "Dolmetscherinnen für Farsi" in card
    assert 'Direkt bei der Organisation: Telefon <a href="tel:07141000119"><bdi dir="ltr">07141 000119</bdi></a> </p>' in card
    raw = (FIXTURE_DATA / "organisationen" / "frauenschutz-beratung.yml").read_text("utf-8")
    assert "strasse" not in raw  # nothing more exact to leak: the card says what the public view has
    data = json.loads(files["karte/eintraege.json"])
    col = {name: i for i, name in enumerate(data["columns"])}
    row = next(r for r in data["entries"] if r[col["id"]] == "o/frauenschutz-beratung")
    assert row[col["board"]] == 1  # seeks support, offers nothing


def test_map_data_marks_who_seeks_and_who_offers(built_site: Path) -> None:
    data = json.loads((built_site / "karte" / "eintraege.json").read_text("utf-8"))
    col = {name: i for i, name in enumerate(data["columns"])}
    bits = {row[col["id"]]: row[col["board"]] for row in data["entries"]}
    for slug, (wanted, offered) in organisations_with_posts().items():
        assert bits[f"o/{slug}"] == (1 if wanted else 0) | (2 if offered else 0)
    assert all(value == 0 for key, value in bits.items() if key.startswith("a/"))
    assert sum(1 for v in bits.values() if v == 0) > 0


def test_entry_pages_have_a_breadcrumb_and_a_way_back(built_site: Path) -> None:
    org = (built_site / "organisationen" / "sprachtreff-west" / "index.html").read_text("utf-8")
    nav = re.search(r'<nav class="sk-breadcrumb" aria-label="Sie sind hier"[^>]*>(.*?)</nav>', org, re.S)
    assert nav
    items = re.findall(r"<li>(.*?)</li>", nav.group(1))
    assert items == [
        '<a href="../../"><bdi>Startseite</bdi></a>', '<a href="../../verzeichnis/"><bdi>Verzeichnis</bdi></a>',
        '<a href="../../kategorien/sprache-bildung/"><bdi>Sprache/Bildung</bdi></a>',
        '<span aria-current="page"><bdi>Sprachtreff West – Nachbarschaftshaus (Beispiel)</bdi></span>',
    ]
    assert '<a href="../../verzeichnis/" data-sk-back>Zurück zu den Ergebnissen</a>' in org
    assert org.index("sk-breadcrumb") < org.index("<h1")
    offer = (built_site / "angebote" / "sprachcafe-dienstag" / "index.html").read_text("utf-8")
    assert re.search(r'<li><span aria-current="page"><bdi>[^<]+</bdi></span></li>', offer)
    assert '<a href="../../verzeichnis/" data-sk-back>Zurück zu den Ergebnissen</a>' in offer
    assert "assets/stadtkarte/seiten-paket.js" in offer  # every page's scripts, zurueck.js among them
    # without site_url no BreadcrumbList (its items need absolute addresses)
    assert "BreadcrumbList" not in org


def test_breadcrumb_list_in_json_ld_with_site_url() -> None:
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    files = {f.path: f.content for f in generate(catalogue, SiteOptions(today=TODAY, site_url="https://integration.stadt.example/"))}
    page = files["organisationen/sprachtreff-west.md"]
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    trail = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]] == [
        (1, "Startseite", "https://integration.stadt.example/"),
        (2, "Verzeichnis", "https://integration.stadt.example/verzeichnis/"),
        (3, "Sprache/Bildung", "https://integration.stadt.example/kategorien/sprache-bildung/"),
        (4, "Sprachtreff West – Nachbarschaftshaus (Beispiel)", "https://integration.stadt.example/organisationen/sprachtreff-west/"),
    ]


NOTE = ("mkdocs.yml:1:1: Hinweis: site_url: nicht gesetzt – ohne die Adresse der Website haben die Seiten keinen "
        "kanonischen Link (rel=\"canonical\") und die Website keine sitemap.xml (sie braucht vollständige Adressen; "
        "Suchmaschinen lesen daraus auch die Sprachversionen); auch Kalender-Abos (webcal://) und die Seitenadressen in den offenen Daten fehlen. In mkdocs.yml "
        "eine Zeile ergänzen, z. B. „site_url: https://integration.musterstadt.de/“")


def test_build_notes_a_missing_site_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    config = tmp_path / "mkdocs.yml"
    config.write_text((FIXTURES / "mkdocs.yml").read_text("utf-8"), "utf-8")
    monkeypatch.chdir(tmp_path)
    notes = [p for p in check_project(config).problems if p.path == ("site_url",)]
    assert [(p.severity, p.format(tmp_path)) for p in notes] == [("hinweis", NOTE)]
    assert not any(p.is_error for p in notes)  # a note: `mkdocs build --strict` still succeeds
    config.write_text("site_url: https://integration.stadt.example/\n" + config.read_text("utf-8"), "utf-8")
    assert [p for p in check_project(config).problems if p.path == ("site_url",)] == []


def test_docs_name_the_site_url_note() -> None:
    root = Path(__file__).resolve().parents[1]
    for name in ("README.md", "EINRICHTEN.md"):
        text = (root / name).read_text("utf-8")
        assert "sitemap.xml" in text and "canonical" in text, name


def test_plural_texts_for_scripts() -> None:
    forms = plural_texts("ui.filter_relax")
    assert forms == {"one": "Ohne „{filter}“: {count} Eintrag", "other": "Ohne „{filter}“: {count} Einträge"}
