"""The site search: Pagefind, indexed after the build, and the words each entry is found by.

One search answers the header search box on every page, the directory's text field and the
map's ``suche`` parameter (``assets/suche.js``). The build writes:

``pagefind/``
    Pagefind's bundle (its standard JavaScript API at ``pagefind/pagefind.js``; one index per
    ``<html lang>``). Only entry pages are indexed: they carry ``data-pagefind-body``; lists and
    overviews repeat what the entries say and are left out.
``suche/woerter.json``
    The search vocabulary (folded words from the taxonomy, its ``suchbegriffe``, language
    names and the entries' ``suchbegriffe``) for the browser: a word with one typo is
    corrected to a vocabulary word, a compound of two vocabulary words is split
    (``Arabischkurs`` → ``arabisch kurs``).
``suche/treffer.json``
    Pagefind's result id → entry id (``o/<slug>``, ``a/<slug>``), so the directory and the map
    can turn a result list into a selection without loading one fragment per result.

Query understanding comes from data, not code: each entry page carries a hidden block
(:func:`search_words`) with the names and ``suchbegriffe`` of its categories, topics, target
groups and offer kind (``data/taxonomie.yml``), its languages in German, English and their own
name, its own ``suchbegriffe``, the parts of compounds, and transliterations
(``Behörde`` → ``Behoerde``). Pagefind indexes hidden elements and folds accents itself
(``Sprachcafe`` finds ``Sprachcafé``).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from babel import Locale

from . import atomic, languages
from .i18n import t
from .publish import term_words  # noqa: F401 - suchbegriffe as one list (tests use it from here)

if TYPE_CHECKING:
    from .publish import PublicView
    from .render import RenderContext

BUNDLE = "pagefind"
VOCABULARY_FILE = "suche/woerter.json"
IDS_FILE = "suche/treffer.json"
#: words shorter than this are neither typo-corrected nor parts of compounds
MIN_PART = 4
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def fold(text: str) -> str:
    """Lower case without accents (``Sprachcafé`` → ``sprachcafe``); other scripts unchanged
    except for their combining marks (the same rule as ``fold`` in ``assets/suche.js``)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = "".join(ch for ch in decomposed if not ("\u0300" <= ch <= "\u036f"))
    return unicodedata.normalize("NFC", kept)


def words(text: str) -> list[str]:
    """The words of a text (letters, inner hyphens kept: ``Erste-Hilfe``)."""
    return _WORD.findall(text)


@dataclass(frozen=True)
class Vocabulary:
    """Folded vocabulary words; splits compounds into two vocabulary words."""

    words: frozenset[str]

    def split(self, word: str) -> tuple[str, str] | None:
        """``deutschkurs`` → (``deutsch``, ``kurs``) when both halves are vocabulary words
        (German joints ``s``/``n`` between them allowed: ``arbeitssuche``)."""
        folded = fold(word)
        for cut in range(MIN_PART, len(folded) - MIN_PART + 1):
            head, tail = folded[:cut], folded[cut:]
            if tail not in self.words:
                continue
            if head in self.words:
                return head, tail
            if head[-1] in "sn" and head[:-1] in self.words and len(head) > MIN_PART:
                return head[:-1], tail
        return None


def taxonomy_words(view: PublicView) -> dict[tuple[str, str], list[str]]:
    """(group, slug) → the words a term is found by: its name, ``suchbegriffe`` and its names
    in the other languages (``uebersetzungen``: an Arabic word finds it on every page)."""
    found: dict[tuple[str, str], list[str]] = {}
    for group in ("categories", "topics", "target_groups", "offer_types"):
        for slug, term in getattr(view, group).items():
            found[(group, slug)] = list(dict.fromkeys([term.name, *term.search_words, *term.names.values()]))
    return found


@cache
def language_names(code: str) -> tuple[str, ...]:
    """A language's names: German, English and its own (``ar`` → Arabisch, Arabic, العربية)."""
    names = [languages.german_name(code), Locale("en").languages.get(code, code), languages.own_name(code)]
    return tuple(dict.fromkeys(name for name in names if name))


def compound_heads(terms: dict[tuple[str, str], list[str]], topics: Iterable[str], vocab: Vocabulary) -> list[str]:
    """First halves of German compounds an entry is found by: its topics' names and one-word
    ``suchbegriffe`` (nouns, not compounds themselves) as they stand before a noun (``Sprache``
    → ``Sprach``, ``Migration`` → ``Migrations``, ``Deutsch``). Not its languages: a course held
    in German is no "Deutschkurs"."""
    found = []
    for slug in topics:
        for text in terms.get(("topics", slug), []):
            head = words(text)
            if len(head) != 1 or len(head[0]) < MIN_PART or not head[0][0].isupper() or vocab.split(head[0]):
                continue
            folded = fold(head[0])
            if head[0].endswith("e"):
                folded = folded[:-1]
            elif folded.endswith(_JOINT_S):
                folded += "s"
            found.append(folded)
    return list(dict.fromkeys(found))


def compound_tails(terms: dict[tuple[str, str], list[str]], offer_kind: str | None) -> list[str]:
    """Second halves: the offer kind's name (``Kurs``, ``Sprachcafé``, ``Beratung``)."""
    if not offer_kind:
        return []
    name = words(terms.get(("offer_types", offer_kind), [""])[0])
    return [fold(name[0])] if len(name) == 1 else []


def compounds(terms: dict[tuple[str, str], list[str]], topics: Iterable[str], offer_kind: str | None,
              vocab: Vocabulary) -> list[str]:
    """``Sprachkurs``, ``Deutschkurs`` for a course on the topic ``Sprache`` (``suchbegriffe``
    Deutsch), ``Gesundheitsberatung`` for counselling on ``Gesundheit``."""
    tails = compound_tails(terms, offer_kind)
    return [head + tail for head in compound_heads(terms, topics, vocab) for tail in tails]


_JOINT_S = ("ung", "ion", "heit", "keit", "schaft", "tät", "tat")


def vocabulary(view: PublicView) -> Vocabulary:
    """All words the data gives the search: taxonomy names and ``suchbegriffe``, language names
    of every language an entry offers, entries' own ``suchbegriffe``, and the compounds entries
    are given (:func:`compounds`)."""
    terms = taxonomy_words(view)
    texts = [word for group in terms.values() for word in group]
    codes: set[str] = set()
    for entry in view.entries:
        codes.update(entry.languages)
        texts += entry.search_words
    for code in sorted(codes):
        texts += language_names(code)
    found = {fold(w) for text in texts for w in words(text)}
    for word in list(found):
        found.update(fold(part) for part in word.split("-"))
    plain = Vocabulary(frozenset(w for w in found if len(w) >= 2))
    topics = [slug for group, slug in terms if group == "topics"]
    for kind in [slug for group, slug in terms if group == "offer_types"]:
        found.update(compounds(terms, topics, kind, plain))
    return Vocabulary(frozenset(w for w in found if len(w) >= 2))


#: how much the hidden words count against the page's visible text (Pagefind's default is 1):
#: what the entry is (its offer kind, its own suchbegriffe, compounds) more than its broad category
WEIGHTS = {"entry": 2.0, "terms": 1.0, "category": 0.5}


def search_words(item: Any, *, vocab: Vocabulary, terms: dict[tuple[str, str], list[str]]) -> dict[str, str]:
    """The hidden, indexed text of an entry page by weight (:data:`WEIGHTS`): what the entry is
    found by besides its visible text (see the module docstring). ``item``: a ``pages.Item``."""
    groups: dict[str, list[str]] = {name: [] for name in WEIGHTS}
    groups["entry"] += terms.get(("offer_types", item.offer_kind), []) if item.offer_kind else []
    groups["entry"] += item.entry.search_words
    groups["entry"] += compounds(terms, item.topics, item.offer_kind, vocab)
    for group, slugs in (("topics", item.topics), ("target_groups", item.target_groups)):
        for slug in slugs:
            groups["terms"] += terms.get((group, slug), [])
    for code in item.languages:
        groups["terms"] += language_names(code)
    for slug in item.categories:
        groups["category"] += terms.get(("categories", slug), [])
    seen: set[str] = set()
    result = {}
    for name, found in groups.items():
        extra: list[str] = []
        for word in [w for text in ([item.title, *found] if name == "entry" else found) for w in words(text)]:
            parts = vocab.split(word) if name == "entry" else None  # the entry's own words only
            if parts:
                extra += parts
            transliterated = word.translate(_TRANSLITERATION)
            if transliterated != word:
                extra.append(transliterated)
        unique = [w for w in dict.fromkeys([*found, *extra]) if w not in seen]
        seen.update(unique)
        if unique:
            result[name] = " ".join(unique)
    return result


def page_data(site: RenderContext, item: Any) -> dict[str, Any]:
    """What an entry page gives Pagefind: the hidden search words by weight, metadata and
    filters (``data-pagefind-meta``/``-filter``; the filter names are the directory's URL
    parameters). ``item``: a ``pages.Item``."""
    if "search" not in site.shared:  # the same for every language's tree: computed once per build
        site.shared["search"] = (vocabulary(site.view), taxonomy_words(site.view), {})
    vocab, terms, hidden = site.shared["search"]
    key = (item.kind, item.entry.slug)
    if key not in hidden:  # the hidden words speak every language: the same on each tree's page
        hidden[key] = [(WEIGHTS[name], text) for name, text in search_words(item, vocab=vocab, terms=terms).items()]
    prefix = "o/" if item.kind == "organisation" else "a/"
    kind = t(f"ui.kind.{item.kind}")
    line = " · ".join(x for x in (kind, item.offer_kind and site.term_name("offer_types", item.offer_kind),
                                  item.subtitle, site.municipality_name(item.municipality)) if x)
    return {
        "words": hidden[key],
        "meta": {"eintrag": prefix + item.entry.slug, "zeile": line, "teaser": item.teaser},
        "filters": [(name, value) for name, values in item.facets.items() for value in values.split()],
    }


# --- after the build: the Pagefind index and the browser's files -------------------------------------

class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (the message is for people, in German)."""


#: marks the element of an entry page Pagefind indexes (organisation.html, offer.html)
BODY_MARK = "data-pagefind-body"


@dataclass
class Indexing:
    """Pagefind at work (:func:`start_index`) on copies of the entry pages, while the site is built."""

    process: subprocess.Popen[bytes]
    pages: Path  # the folder with the copies (removed when done)
    output: IO[bytes]  # what Pagefind says (a file: a full pipe would stall it until the build ends)
    started: float

    def finish(self) -> tuple[int, str]:
        """Wait for Pagefind; its exit status and output. Removes the copies."""
        status = self.process.wait()
        self.output.seek(0)
        said = self.output.read().decode("utf-8", "replace")
        self.output.close()
        shutil.rmtree(self.pages, ignore_errors=True)
        return status, said


def start_index(site_dir: Path, pages: Iterable[tuple[str, str, str]]) -> Indexing:
    """Start Pagefind on the entry pages before the site is built, so that it indexes on a
    free core while MkDocs renders the theme around every page; :func:`index_site` waits for it.

    ``pages``: (site URL, language, body HTML) of each page with :data:`BODY_MARK` – the HTML the
    generator puts into the page (hooks/site.py). Pagefind reads from a page only that element
    (its text, ``data-pagefind-meta``/``-filter``/``-weight``, the first heading as the title)
    and the ``lang`` of ``<html>``: each page is written as that element in a bare document with
    the page's language, at its URL, and the bundle goes into ``site_dir/pagefind`` (the index is
    the same as from the finished site: tests/test_search.py compares them)."""
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="stadtkarte-suche-"))
    atomic.write_many(folder, [
        (url + "index.html",
         f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head><body>{body}</body></html>')
        for url, language, body in pages
    ])
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(site_dir / BUNDLE),
               "--silent"]
    output = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    return Indexing(process, folder, output, started)


def stop_index(indexing: Indexing) -> None:
    """The build failed: stop Pagefind and remove the copies."""
    indexing.process.kill()
    indexing.finish()


def index_site(site_dir: Path, view: PublicView, indexing: Indexing | None = None) -> dict[str, float | int]:
    """Index the built site with Pagefind (into ``site_dir/pagefind``) – or wait for the
    ``indexing`` started before the build (:func:`start_index`) –, then write the vocabulary and
    the result-id map. Returns counts and the seconds it took.

    Pagefind runs as its command-line program (from the pinned ``pagefind-bin`` wheel): it
    exits only when every file is written. (The ``PagefindIndex`` service API of pagefind 1.5.2
    can stop its backend while the last files are still being written.)"""
    if indexing is None:
        started = time.perf_counter()
        command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE, "--silent",
                   *pages_glob(view)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        status, output = done.returncode, done.stderr or done.stdout
    else:
        started = indexing.started
        status, output = indexing.finish()
    entry = site_dir / BUNDLE / "pagefind-entry.json"
    if status != 0 or not entry.is_file() or not entry.stat().st_size:
        # the German message for people; Pagefind's own output (English) follows it for whoever fixes it
        raise SearchIndexError(t("search.index_failed") + "\n" + output.strip()[-500:])
    ids = result_ids(site_dir / BUNDLE)
    vocab = vocabulary(view)
    atomic.write_many(site_dir, [
        (VOCABULARY_FILE, json.dumps(sorted(vocab.words), ensure_ascii=False, separators=(",", ":"))),
        (IDS_FILE, json.dumps(ids, ensure_ascii=False, separators=(",", ":"), sort_keys=True)),
    ])
    return {"entries": len(ids), "seconds": time.perf_counter() - started}


def pages_glob(view: PublicView) -> list[str]:
    """Pagefind's ``--glob`` for the pages it indexes: the entry pages (``data-pagefind-body``)
    of every language's tree. Pagefind would otherwise read and parse every page of the site
    (the directory and the map of each language hold every entry once more) only to skip it."""
    folders = sorted({entry.url.split("/", 1)[0] for entry in view.entries})
    if not folders:
        return []
    return ["--glob", "{" + ",".join([*folders, *(f"*/{folder}" for folder in folders)]) + "}/**/*.html"]


def result_ids(bundle: Path) -> dict[str, str]:
    """Pagefind result id (``de_1a2b3c4``, the fragment's name) → entry id (the page's
    ``eintrag`` metadata)."""
    found = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        entry = record.get("meta", {}).get("eintrag")
        if entry:
            found[path.stem] = entry
    return found
