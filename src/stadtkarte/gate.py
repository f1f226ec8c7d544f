"""One gate for every way data comes in: ``from-issue`` (both forms), ``new``, ``init``, ``geocode``.

A writer asks the gate *before* it writes anything: :func:`check_files` lays the files it is about
to write over a copy of the data folder and runs the very validation ``stadtkarte validate`` runs
(:func:`stadtkarte.catalogue.load_catalogue`: reading, text rules, the models, the rules across
files). So every rule, also one added later, applies to the forms and to ``new`` without a second
copy of it here.

What the gate decides on top of that is the *refusal*: a problem of a written file whose rule is
in :data:`PRIVACY_RULES` (a street, an exact point or an address note of a protected place, a
protected place made public, a person's name without consent), or a protected place made public
compared with the file as it is now. A refused write writes nothing (the commands exit with 3)
and says why in German; other problems keep the old behaviour (the file is written, the check of
the pull request shows them).

``geocode`` writes only the cache: it asks nothing and writes nothing while the data holds a
problem of :data:`PRIVACY_RULES` (see :func:`refusals`), so a secret the validator knows of never
reaches a geocoding service or the cache.

Yes/no words are read in one place, :func:`flag`, through :func:`stadtkarte.models.yes_no`:
``ja``, ``Nein``, ``true``, „ja“ … mean the same to every writer, the validator and the publisher.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .catalogue import load_catalogue
from .i18n import t
from .models import yes_no
from .problems import Problem, field_path
from .yamlsource import Path_, load_file, load_text

#: the rules whose problems refuse a write (``Problem.rule``). Rules that keep a secret out of
#: the public data belong here, so a writer never puts it into a file, a branch or a pull request.
PRIVACY_RULES = frozenset({
    "protected_street",  # a street of a protected place
    "protected_coordinates",  # an exact point of a protected place
    "protected_extra",  # an address note (zusatz) of a protected place: it can name the house
    "district_unknown",  # a stadtteil not in kommunen.yml's list: free text could carry a street
    "protected_made_public",  # a protected place made public without the confirmation
    "person_consent",  # a person's name without consent
    "protected_twin",  # a new file with a street or point for a protected organisation (its name or contact)
})

#: where an entry file keeps its place's protection flag
PLACE: dict[str, Path_] = {"organisationen": (), "angebote": ("ort",)}


def flag(value: Any, default: bool | None = None) -> bool | None:
    """A yes/no value as editors write it (``ja``, ``Nein``, ``true``, „ja“) → bool; ``default``
    when it is missing or no yes/no word (the validator reports that)."""
    if value is None:
        return default
    try:
        return bool(yes_no(value))
    except ValueError:
        return default


#: the short answers a person types at a yes/no question, besides the data's yes words
_SHORT_YES = frozenset({"j", "y", "yes"})


def said_yes(answer: str) -> bool:
    """A typed answer to a yes/no question: ``ja``, „Ja“, ``true`` (as in the data), or ``j``/``y``."""
    return flag(answer, False) is True or answer.strip().casefold() in _SHORT_YES


def place_flag(data: Any, place: Path_, key: str, default: bool) -> bool:
    """The yes/no ``key`` of the place at ``place`` in raw entry data (``default`` if absent)."""
    for part in place:
        data = data.get(part) if isinstance(data, dict) else None
    found = flag(data.get(key), default) if isinstance(data, dict) else default
    return default if found is None else found


def protected(data: Any, place: Path_ = (), inherited: bool = False) -> bool:
    """Whether the place at ``place`` of raw entry data is protected: it says
    ``standort_oeffentlich: nein``, or it belongs to a protected organisation (``inherited``) and
    does not say both ``standort_oeffentlich: ja`` and ``standort_freigegeben: ja``."""
    if not place_flag(data, place, "standort_oeffentlich", True):
        return True
    if inherited:
        return not (place_flag(data, place, "standort_oeffentlich", False)
                    and place_flag(data, place, "standort_freigegeben", False))
    return False


def organisation_protected(data_dir: Path, slug: Any) -> bool:
    """Whether the organisation ``slug`` is protected, read from its file (an organisation with
    errors is not in the catalogue, but its protection still counts)."""
    path = data_dir / "organisationen" / f"{slug}.yml"
    loaded = load_file(path) if isinstance(slug, str) and slug and path.is_file() else None
    return loaded is not None and protected(loaded.data)


def entry_protected(data: Any, folder: str, data_dir: Path) -> bool:
    """Whether the place of raw entry data in ``folder`` is protected, an offer's by inheritance too."""
    organisation = data.get("organisation") if isinstance(data, dict) else None
    inherited = folder == "angebote" and organisation_protected(data_dir, organisation)
    return protected(data, PLACE.get(folder, ()), inherited)


@dataclass
class Verdict:
    """What the gate found for the files a writer is about to write."""

    #: the errors of those files, named by their real paths (not the copy's)
    problems: list[Problem] = field(default_factory=list)
    #: the problems among them that refuse the write
    refusals: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.refusals)

    def reasons(self) -> list[str]:
        """The refusals in German, for the terminal and the issue: the field and what to do;
        never the value (it is what must not be published)."""
        return [t("form.refuse.privacy", field=field_path(p.path) or p.file.name, message=p.message)
                for p in self.refusals]


def check_files(
    data_dir: Path, files: Mapping[Path, str], today: date | None = None, *, fresh: bool = False
) -> Verdict:
    """Validate the data folder as it would be with ``files`` (path below ``data_dir`` → text)
    written; nothing is written into ``data_dir``. ``fresh``: the files are the whole data folder
    (``init``), not laid over the current one."""
    with tempfile.TemporaryDirectory(prefix="stadtkarte-gate-") as tmp:
        shadow = Path(tmp) / data_dir.name
        if fresh or not data_dir.is_dir():
            shadow.mkdir()
        else:
            shutil.copytree(data_dir, shadow, ignore=shutil.ignore_patterns(".*"))
        where: dict[Path, Path] = {}
        for path, text in files.items():
            copy = shadow / path.relative_to(data_dir)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(text, "utf-8")
            where[copy] = path
        _, problems = load_catalogue(shadow, today)
    found = [replace(p, file=where[p.file]) for p in problems if p.file in where and p.is_error]
    for path, text in files.items():
        found += made_public(path, text, data_dir) + twin_of_protected(path, text, data_dir)
    return Verdict(sorted(set(found)), refusals(found))


def refusals(problems: list[Problem]) -> list[Problem]:
    """The problems that refuse a write (rules in :data:`PRIVACY_RULES`)."""
    return sorted({p for p in problems if p.rule in PRIVACY_RULES})


def check_file(path: Path, text: str, data_dir: Path, today: date | None = None) -> Verdict:
    """:func:`check_files` for one entry file."""
    return check_files(data_dir, {path: text}, today)


def made_public(path: Path, text: str, data_dir: Path) -> list[Problem]:
    """A protected place (as the file is now) that ``text`` would make public without
    ``standort_freigegeben: ja``."""
    folder = path.parent.name
    if folder not in PLACE or not path.is_file():
        return []
    old = load_file(path)
    new = load_text(path, text)
    if not isinstance(old.data, dict) or not isinstance(new.data, dict):
        return []
    place = PLACE[folder]
    if not entry_protected(old.data, folder, data_dir) or entry_protected(new.data, folder, data_dir):
        return []
    if place_flag(new.data, place, "standort_freigegeben", False):
        return []
    key = (*place, "standort_oeffentlich")
    spot = key if key in new.positions.spots else place
    line, col = new.positions.of(spot)
    return [Problem(path, line, col, spot, t("rule.protected_made_public"), rule="protected_made_public")]


def _identity(data: dict[str, Any]) -> dict[str, str]:
    """What tells an organisation apart however its file is named: name, phone, e-mail."""
    contact = data.get("kontakt") if isinstance(data.get("kontakt"), dict) else {}
    found = {"name": data.get("name"), "telefon": contact.get("telefon"), "email": contact.get("email")}
    keys = {key: re.sub(r"\D", "", value) if key == "telefon" else " ".join(value.split()).casefold()
            for key, value in found.items() if isinstance(value, str)}
    return {key: value for key, value in keys.items() if value}


def twin_of_protected(path: Path, text: str, data_dir: Path) -> list[Problem]:
    """A *new* organisation file with a street or exact point that has the name, phone number or
    e-mail address of a protected organisation: the protected place under another file name."""
    if path.parent.name != "organisationen" or path.is_file():
        return []
    new = load_text(path, text)
    if not isinstance(new.data, dict) or protected(new.data):
        return []
    address = new.data.get("adresse")
    if not ((isinstance(address, dict) and address.get("strasse")) or new.data.get("koordinaten")):
        return []
    mine = _identity(new.data)
    for other in sorted(path.parent.glob("*.y*ml")):
        loaded = load_file(other)
        if not isinstance(loaded.data, dict) or not protected(loaded.data):
            continue
        theirs = _identity(loaded.data)
        same = [key for key in ("name", "telefon", "email") if key in mine and mine[key] == theirs.get(key)]
        if same:
            spot: Path_ = (same[0],) if same[0] == "name" else ("kontakt", same[0])
            line, col = new.positions.of(spot)
            message = t("rule.protected_twin", what=t(f"rule.twin.{same[0]}"), other=other.stem)
            return [Problem(path, line, col, spot, message, rule="protected_twin")]
    return []
