"""Load a data folder into a validated :class:`Catalogue`, collecting every problem.

The first step of the pipeline: load (this module, :mod:`.yamlsource`) → validate
(:mod:`.validation`) → publish (:mod:`.publish`) → render → emit. The data classes
(:class:`Entry`, :class:`Catalogue`) live in :mod:`.entries`, so validation needs nothing of this
module.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from .entries import STALE_AFTER, Catalogue, Entry, is_stale
from .geocache import CACHE_FILE, GeoCache
from .i18n import t
from .models import Municipalities, Offer, Organisation, Taxonomy
from .problems import Problem
from .validation import check_catalogue, check_hidden, check_text, model_problems, slug_problems
from .yamlsource import Loaded, Path_, load_file

M = TypeVar("M", bound=BaseModel)

__all__ = ["STALE_AFTER", "Catalogue", "Entry", "is_stale", "load_catalogue"]

ORGANISATIONS = "organisationen"
OFFERS = "angebote"
TAXONOMY_FILE = "taxonomie.yml"
MUNICIPALITIES_FILE = "kommunen.yml"


def _load_model(path: Path, model: type[M]) -> tuple[Loaded, M | None, list[Problem]]:
    loaded = load_file(path)
    if not isinstance(loaded.data, dict):
        return loaded, None, list(loaded.problems)
    # Duplicate keys or aliases leave a usable mapping: report them and go on checking.
    result, errors = model_problems(loaded, model)
    # One message per place: the reader's (alias), a hidden character (also in a key, which the
    # model would call unknown) and the model's (bad URL) are the precise ones.
    hidden = [p for p in check_hidden(loaded) if not _overlaps(p.path, [q.path for q in loaded.problems])]
    errors = [e for e in errors if not _overlaps(e.path, [p.path for p in loaded.problems + hidden])]
    text = [p for p in check_text(loaded) if not _overlaps(p.path, [e.path for e in errors + hidden])]
    return loaded, result, loaded.problems + hidden + text + errors  # type: ignore[return-value]


def _overlaps(path: Path_, others: list[Path_]) -> bool:
    """True when ``path`` is one of ``others`` or lies above or below one of them."""
    return any(path and other and (path[: len(other)] == other or other[: len(path)] == path) for other in others)


def _entry_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    if not folder.is_dir():
        return [], []
    files, ignored = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_file() and path.suffix in (".yml", ".yaml"):
            files.append(path)
        else:
            ignored.append(Problem(path, 1, 1, (), t("file.ignored"), "warnung"))
    return files, ignored


def load_catalogue(data_dir: Path, today: date | None = None) -> tuple[Catalogue, list[Problem]]:
    """Read and validate every file under ``data_dir``; return the catalogue of valid entries
    and all problems (errors and notes), sorted by file and line."""
    today = today or date.today()
    catalogue = Catalogue(data_dir=data_dir)
    problems: list[Problem] = []

    taxonomy_path = data_dir / TAXONOMY_FILE
    if taxonomy_path.exists():
        _, catalogue.taxonomy, found = _load_model(taxonomy_path, Taxonomy)
        problems += found
        catalogue.files += 1
    else:
        problems.append(Problem(taxonomy_path, 1, 1, (), t("file.missing")))
    municipalities_path = data_dir / MUNICIPALITIES_FILE
    if municipalities_path.exists():
        _, municipalities, found = _load_model(municipalities_path, Municipalities)
        problems += found
        catalogue.files += 1
        catalogue.municipalities = municipalities.municipalities if municipalities else {}
    else:
        problems.append(Problem(municipalities_path, 1, 1, (), t("file.missing")))

    cache_path = data_dir / CACHE_FILE
    try:
        catalogue.geocache = GeoCache.load(cache_path)
    except ValueError as error:  # json.JSONDecodeError is a ValueError
        problems.append(Problem(cache_path, getattr(error, "lineno", 1), getattr(error, "colno", 1), (), t("cache.invalid")))
        catalogue.geocache = GeoCache(cache_path)

    for folder, model, target in (
        (ORGANISATIONS, Organisation, catalogue.organisations),
        (OFFERS, Offer, catalogue.offers),
    ):
        files, ignored = _entry_files(data_dir / folder)
        problems += ignored
        seen: dict[str, Path] = {}
        for path in files:
            catalogue.files += 1
            problems += slug_problems(path, seen, data_dir)
            seen.setdefault(path.stem, path)
            loaded, result, found = _load_model(path, model)
            problems += found
            if result is None:
                catalogue.broken.add(path.stem)
            elif any(p.is_error for p in found) or path.stem in target:
                catalogue.broken.add(path.stem)
                catalogue.salvaged.append(Entry(path.stem, path, result, loaded.positions))
            else:
                target[path.stem] = Entry(path.stem, path, result, loaded.positions)

    # Rules about a field that already has an error would only repeat it in other words.
    by_file: dict[Path, list[Path_]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem.path)
    problems += [
        p for p in check_catalogue(catalogue, today) if not _overlaps(p.path, by_file.get(p.file, []))
    ]
    return catalogue, sorted(set(problems))
