"""The site search (search.py): what Pagefind indexes, the words entries are found by, the
vocabulary for typo tolerance and compounds. The browser side is in tests/browser/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from stadtkarte.catalogue import load_catalogue
from stadtkarte.search import Vocabulary, fold, language_names, result_ids, term_words, vocabulary, words

from .conftest import FIXTURE_DATA, ROOT, TODAY

pytestmark = pytest.mark.slow


def test_fold_removes_accents_but_keeps_other_scripts() -> None:
    assert fold("Sprachcafé") == "sprachcafe"
    assert fold("Behörde") == "behorde"
    assert fold("العربية") == "العربية"
    assert fold("Français") == "francais"


def test_words_keep_inner_hyphens_and_other_scripts() -> None:
    assert words("Erste-Hilfe-Kurs für alle, 3x") == ["Erste-Hilfe-Kurs", "für", "alle", "x"]
    assert words("دورة لغة") == ["دورة", "لغة"]


def test_term_words_accept_a_list_or_a_map_of_languages() -> None:
    assert term_words(["Deutschkurs", "German course"]) == ["Deutschkurs", "German course"]
    assert term_words({"en": ["German course"], "de": ["Deutschkurs"]}) == ["Deutschkurs", "German course"]
    assert term_words(None) == []


def test_language_names_in_german_english_and_own_form() -> None:
    assert language_names("fa") == ("Persisch", "Persian", "فارسی")
    assert language_names("uk") == ("Ukrainisch", "Ukrainian", "українська")


def test_compounds_split_into_two_vocabulary_words() -> None:
    vocab = Vocabulary(frozenset({"deutsch", "kurs", "arbeit", "suche", "sprach"}))
    assert vocab.split("Deutschkurs") == ("deutsch", "kurs")
    assert vocab.split("Arbeitssuche") == ("arbeit", "suche")  # joint s
    assert vocab.split("Kursdeutsch") == ("kurs", "deutsch")
    assert vocab.split("Deutschland") is None
    assert vocab.split("kurs") is None


def test_vocabulary_comes_from_the_taxonomy_and_language_names() -> None:
    from stadtkarte.publish import PublishOptions, publish

    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    vocab = vocabulary(publish(catalogue, PublishOptions(today=TODAY)))
    for word in ("beratung", "sprachcafe", "hausaufgabenhilfe", "arabisch", "arabic", "العربية", "persian"):
        assert word in vocab.words, word


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


def _entry_pages(site: Path) -> set[str]:
    found = set()
    for folder, prefix in (("organisationen", "o/"), ("angebote", "a/")):
        found |= {prefix + p.parent.name for p in (site / folder).glob("*/index.html")}
    return found


def test_pagefind_indexes_every_entry_page_and_nothing_else(site: Path) -> None:
    assert (site / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["de"]
    ids = result_ids(site / "pagefind")
    assert sorted(ids.values()) == sorted(_entry_pages(site))
    assert json.loads((site / "suche" / "treffer.json").read_text("utf-8")) == ids
    # lists and overviews carry no data-pagefind-body, entry pages do
    assert "data-pagefind-body" not in (site / "verzeichnis" / "index.html").read_text("utf-8")
    assert "data-pagefind-body" in (site / "angebote" / "sprachcafe-west" / "index.html").read_text("utf-8")


def _fragment(site: Path, entry: str) -> dict:
    import gzip

    ids = {v: k for k, v in result_ids(site / "pagefind").items()}
    data = gzip.decompress((site / "pagefind" / "fragment" / f"{ids[entry]}.pf_fragment").read_bytes())
    return json.loads(data[data.index(b"{"):])


def test_entry_is_indexed_with_its_filters_and_hidden_search_words(site: Path) -> None:
    record = _fragment(site, "a/mbe-sprechstunde-arabisch")
    assert record["meta"]["eintrag"] == "a/mbe-sprechstunde-arabisch"
    assert record["filters"]["typ"] == ["angebot"]
    assert "ar" in record["filters"]["sprache"]
    assert record["filters"]["kategorie"] == ["beratung"]
    for word in ("Arabisch", "Arabic", "العربية", "Beratung"):
        assert re.search(rf"(^|\W){word}(\W|$)", record["content"]), word
    # the sample-data banner and the edit buttons are not indexed
    assert "Beispieldaten" not in record["content"] and "Eintrag bearbeiten" not in record["content"]


def test_every_page_has_the_header_search_box(site: Path) -> None:
    for path in [site / "index.html", site / "verzeichnis" / "index.html", site / "impressum" / "index.html",
                 site / "angebote" / "sprachcafe-west" / "index.html"]:
        text = path.read_text("utf-8")
        assert 'role="search"' in text and 'id="sk-header-search"' in text, path
        assert 'for="sk-header-search">Suche im Verzeichnis</label>' in text, path


def test_suchbegriffe_are_a_word_a_list_or_a_map_of_languages() -> None:
    from stadtkarte.models import Term

    assert Term.model_validate({"name": "Kurs", "suchbegriffe": "Lehrgang"}).search_words == {"de": ["Lehrgang"]}
    assert Term.model_validate({"name": "Kurs", "suchbegriffe": ["Lehrgang", "course"]}).search_words == {
        "de": ["Lehrgang", "course"]}
    words = Term.model_validate({"name": "Kurs", "suchbegriffe": {"de": ["Lehrgang"], "en": ["course"]}}).search_words
    assert term_words(words) == ["Lehrgang", "course"]


def test_words_an_entry_is_found_by_come_from_the_taxonomy_data() -> None:
    from stadtkarte.pages import Site, SiteOptions
    from stadtkarte.search import page_data

    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    from stadtkarte.publish import publish

    options = SiteOptions(today=TODAY)
    site = Site(publish(catalogue, options.publishing), options)
    course = page_data(site, site.item_of[("angebot", "integrationskurs-a1")])
    by_weight = dict(course["words"])
    # compounds from the topic "Sprache" (and its suchbegriff "Deutsch") with the kind "Kurs"
    assert {"sprachkurs", "deutschkurs"} <= set(by_weight[2.0].split())
    assert course["meta"]["eintrag"] == "a/integrationskurs-a1"
    assert ("art", "kurs") in course["filters"]
    counselling = dict(page_data(site, site.item_of[("angebot", "mbe-sprechstunde-arabisch")])["words"])
    assert {"Arabisch", "Arabic", "العربية"} <= set(counselling[1.0].split())  # language names, three forms
    assert "Behoerde" in " ".join(counselling.values())  # Behörde (category Beratung) without umlaut
    assert "counselling" in " ".join(counselling.values())


def _fragments(bundle: Path) -> dict[str, dict]:
    import gzip

    found = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        found[record["url"]] = record
    return found


def test_index_made_during_the_build_equals_the_index_of_the_finished_site(
        built_languages_site: Path, tmp_path: Path) -> None:
    """The build indexes copies of the entry pages while MkDocs renders the theme (search.start_index):
    Pagefind over the whole finished site (every page, in the theme) finds the same records."""
    import subprocess
    import sys

    whole = tmp_path / "whole"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(built_languages_site), "--output-path", str(whole),
                    "--silent"], check=True, capture_output=True, timeout=300)
    built, expected = _fragments(built_languages_site / "pagefind"), _fragments(whole)
    assert len(expected) > 3 and {url.split("/")[1] for url in expected} >= {"en", "ar", "organisationen"}
    assert built == expected
    languages = [json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))["languages"]
                 for bundle in (built_languages_site / "pagefind", whole)]
    assert [{code: found["page_count"] for code, found in each.items()} for each in languages] == \
        [{code: found["page_count"] for code, found in languages[1].items()}] * 2


def test_indexing_started_early_cleans_up_and_a_failure_says_so_in_german(tmp_path: Path) -> None:
    from stadtkarte.catalogue import load_catalogue
    from stadtkarte.publish import PublishOptions, publish
    from stadtkarte.search import SearchIndexError, index_site, start_index, stop_index

    view = publish(load_catalogue(FIXTURE_DATA, today=TODAY)[0], PublishOptions(today=TODAY))
    body = ('<div data-pagefind-body><h1>Sprachcafé</h1><p>Deutsch üben</p>'
            '<span data-pagefind-meta="eintrag:a/sprachcafe"></span></div>')
    indexing = start_index(tmp_path / "site", [("angebote/sprachcafe/", "de", body)])
    assert indexing.pages.is_dir()
    found = index_site(tmp_path / "site", view, indexing)
    assert found["entries"] == 1 and not indexing.pages.exists()
    assert json.loads((tmp_path / "site" / "suche" / "treffer.json").read_text("utf-8")) == {
        path.stem: "a/sprachcafe" for path in (tmp_path / "site" / "pagefind" / "fragment").iterdir()}
    stopped = start_index(tmp_path / "other", [("angebote/sprachcafe/", "de", body)])
    stop_index(stopped)  # a failed build: Pagefind stops, the copies go
    assert not stopped.pages.exists()
    with pytest.raises(SearchIndexError, match="Suchindex"):
        index_site(tmp_path / "other", view, start_index(tmp_path / "other", []))
