"""The pipeline's rendering of every language's tree: in one process or with a forked helper
(``mkdocs build`` on a machine with several cores) the files are the same."""

from __future__ import annotations

import pytest

from stadtkarte import pipeline
from stadtkarte.catalogue import load_catalogue
from stadtkarte.pages import SiteOptions

from .conftest import FIXTURE_DATA, TODAY

LANGUAGES = ("de", "en", "ar", "tr", "uk")


def test_rendering_trees_in_a_forked_process_gives_the_same_files(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    options = SiteOptions(today=TODAY, languages=LANGUAGES, site_url="https://integration.stadt.example/")
    _, alone = pipeline.render(catalogue, options)

    beside: list[list[str]] = []
    original = pipeline._render_beside

    def spy(view, options, languages, shared):  # noqa: ANN001, ANN202
        beside.append(list(languages))
        return original(view, options, languages, shared)

    monkeypatch.setattr(pipeline, "_render_beside", spy)
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    _, together = pipeline.render(catalogue, options, parallel=True)
    assert beside == [["tr", "uk"]]  # the last trees were rendered in the child
    assert [f.path for f in together] == [f.path for f in alone]
    assert together == alone
    assert sum(f.path.startswith("export/") or f.path.endswith(".ics") for f in together) > 3  # shared files once
    assert len({f.path for f in together}) == len(together)
    assert {"index.md", "uk/index.md", "tr/verzeichnis/index.md"} <= {f.path for f in together}


def test_a_failing_child_renders_here_with_the_real_error(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    options = SiteOptions(today=TODAY, languages=LANGUAGES)
    calls: list[tuple[str, ...]] = []
    original = pipeline._render_trees

    def failing(view, options, languages, shared):  # noqa: ANN001, ANN202
        calls.append(tuple(languages))
        if "uk" in languages:
            raise ValueError("kaputt")
        return original(view, options, languages, shared)

    monkeypatch.setattr(pipeline, "_render_trees", failing)
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    with pytest.raises(ValueError, match="kaputt"):
        pipeline.render(catalogue, options, parallel=True)
    # the child's own call is not seen here (another process); the parent rendered its trees, then tr and uk again
    assert calls == [("de", "en", "ar"), ("tr", "uk")]


def test_without_entry_pages_the_search_indexes_the_finished_site_later(tmp_path) -> None:  # noqa: ANN001
    from stadtkarte.pages import GeneratedFile

    start = GeneratedFile("index.md", '---\ntitle: "Start"\n---\n\n<p>Willkommen</p>\n')
    assert pipeline.start_search(tmp_path, [start], ("de", "en")) is None  # a new project: nothing to copy
    entry = GeneratedFile("en/angebote/x.md", '---\ntitle: "X"\n---\n\n<div data-pagefind-body><h1>X</h1></div>\n')
    indexing = pipeline.start_search(tmp_path, [start, entry], ("de", "en"))
    assert indexing is not None
    copy = (indexing.pages / "en" / "angebote" / "x" / "index.html").read_text("utf-8")
    assert copy.startswith('<!doctype html><html lang="en">') and "<h1>X</h1>" in copy
    pipeline.search.stop_index(indexing)
