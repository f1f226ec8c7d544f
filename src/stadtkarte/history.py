"""Rules a single state of the data cannot check: a change compared with a git base revision.

``stadtkarte validate --base origin/main`` (the pull-request check) compares each entry file with
the entry files at the base revision (read with ``git ls-tree``/``git cat-file``, nothing is
checked out). A place that was protected there (``standort_oeffentlich: false``; an offer also
when its organisation was protected) stays protected under any file name: a current file that
has the same path, the same slug, the same name (``name``/``titel``) or the same phone number or
e-mail address as a protected entry of the base, and would now show its place (no flag, or a
street, ``zusatz`` or ``koordinaten``), is an error unless the same change says
``standort_freigegeben: ja`` – the editor's confirmation that the organisation agreed. A renamed
file (``git mv``) is thus not "new". (A street added to a protected place needs no history: the
validator refuses it in any state.)
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .gate import place_flag
from .i18n import t
from .problems import Problem
from .yamlsource import Loaded, Path_, load_file

ORGANISATIONS, OFFERS = "organisationen", "angebote"
#: the folders whose files are entries, and where their place's protection flag stands
_PLACE = {ORGANISATIONS: (), OFFERS: ("ort",)}
#: the values that show where a place is
_DETAILS: dict[str, tuple[Path_, ...]] = {
    ORGANISATIONS: (("adresse", "strasse"), ("adresse", "zusatz"), ("koordinaten",)),
    OFFERS: (("ort", "strasse"), ("ort", "zusatz"), ("ort", "koordinaten")),
}


def run_git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)


def read_objects(root: Path, names: list[str]) -> list[str | None]:
    """The text of each git object ``names`` gives (``REV:path`` or a blob id), in one
    ``git cat-file --batch`` run; ``None`` for a name that is no blob."""
    if not names:
        return []
    out = run_git(root, "cat-file", "--batch", stdin="".join(f"{name}\n" for name in names).encode()).stdout
    found: list[str | None] = []
    at = 0
    for _ in names:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) < 3 or header[1] != b"blob":  # "missing", or a tree
            found.append(None)
            at = end + 1
            continue
        size = int(header[2])
        found.append(out[end + 1 : end + 1 + size].decode("utf-8", "replace"))
        at = end + 1 + size + 1
    return found


def _section(data: Any, place: Path_) -> Any:
    for part in place:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def name_key(value: Any) -> str | None:
    """A name compared across files: NFC, case-folded, whitespace collapsed."""
    if not isinstance(value, str) or not value.strip():
        return None
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value).casefold()).strip()


def phone_key(value: Any) -> str | None:
    """A phone number as its digits, ``+49``/``0049`` read as the leading ``0``."""
    if not isinstance(value, str | int):
        return None
    text = str(value).strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+49") or digits.startswith("0049"):
        digits = "0" + digits.removeprefix("00").removeprefix("49")
    return digits if len(digits) >= 6 else None


def email_key(value: Any) -> str | None:
    return value.strip().casefold() if isinstance(value, str) and "@" in value else None


@dataclass(frozen=True)
class Marks:
    """What identifies an entry across file names."""

    slug: str
    name: str | None
    phone: str | None
    email: str | None

    @classmethod
    def of(cls, slug: str, data: dict[str, Any]) -> Marks:
        contact = data.get("kontakt") if isinstance(data.get("kontakt"), dict) else {}
        return cls(slug, name_key(data.get("name", data.get("titel"))), phone_key(contact.get("telefon")),
                   email_key(contact.get("email")))

    def shared_with(self, other: Marks) -> str | None:
        """How ``other`` is the same entry (the message key's last part), or ``None``."""
        for how in ("slug", "name", "phone", "email"):
            mine = getattr(self, how)
            if mine is not None and mine == getattr(other, how):
                return how
        return None


@dataclass(frozen=True)
class Protected:
    """An entry file whose place was protected at the base."""

    path: str  # relative to the repository
    folder: str
    marks: Marks
    #: it showed its place at the base already (an offer of a protected organisation with a street
    #: of its own): no change reveals it, the validator's own rules judge that state
    shown: bool = False


def _own_protection(data: dict[str, Any], folder: str) -> bool:
    return not place_flag(data, _PLACE[folder], "standort_oeffentlich", True)


def _read_base(root: Path, base: str, data_rel: str) -> dict[str, Any]:
    """The parsed entry files at ``base``: path relative to the repository → data."""
    folders = [f"{data_rel}/{folder}".lstrip("/") for folder in _PLACE]
    listed = run_git(root, "ls-tree", "-r", "-z", "--name-only", base, "--", *folders)
    paths = [p for p in listed.stdout.decode("utf-8", "replace").split("\0") if p.endswith((".yml", ".yaml"))]
    if not paths:
        return {}
    found = {}
    for path, text in zip(paths, read_objects(root, [f"{base}:{p}" for p in paths]), strict=True):
        try:
            found[path] = yaml.safe_load(text) if text is not None else None
        except yaml.YAMLError:  # unreadable at the base: nothing to compare with
            continue
    return found


def protected_at(files: dict[str, Any]) -> list[Protected]:
    """The entries protected at the base (``files``: path → data): organisations by their own
    flag, offers by their own ``ort`` flag or, unless they confirmed a public place of their own,
    by their organisation's."""
    entries = [(path, path.split("/")[-2], data) for path, data in files.items() if isinstance(data, dict)]
    protected_orgs = {
        Path(path).stem for path, folder, data in entries if folder == ORGANISATIONS and _own_protection(data, folder)
    }
    found = []
    for path, folder, data in entries:
        protected = _own_protection(data, folder)
        if folder == OFFERS and not protected and data.get("organisation") in protected_orgs:
            protected = not _confirmed(data, folder)
        if protected:
            found.append(Protected(path, folder, Marks.of(Path(path).stem, data), _shows_place(data, folder)))
    return found


def protection_changes(data_dir: Path, base: str) -> list[Problem]:
    """Problems of the entry files below ``data_dir`` whose place was protected at ``base``."""
    root_run = run_git(data_dir, "rev-parse", "--show-toplevel")
    if root_run.returncode == 0 and base == "HEAD" and run_git(data_dir, "rev-parse", "--verify", "--quiet", "HEAD").returncode:
        return []  # the first commit of a new repository (pre-commit): nothing was protected before
    if root_run.returncode != 0 or run_git(data_dir, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").returncode:
        return [Problem(data_dir, 1, 1, (), t("rule.protected_base_unreadable", rev=base))]
    root = Path(root_run.stdout.decode().strip()).resolve()
    data_rel = data_dir.resolve().relative_to(root).as_posix().removeprefix(".")
    files = _read_base(root, base, data_rel)
    protected = protected_at(files)
    current = [
        (folder, path, path.resolve().relative_to(root).as_posix(), load_file(path))
        for folder in _PLACE for path in sorted((data_dir / folder).glob("*.y*ml"))
    ]
    marks = {relative: Marks.of(path.stem, new.data) for _, path, relative, new in current if isinstance(new.data, dict)}
    # a protected file that vanished from its name and lives on in no new file: it may have been
    # moved over the file of a public entry (git mv -f)
    homeless = [
        was for was in protected if not (root / was.path).exists() and not any(
            relative not in files and was.marks.shared_with(mine) for relative, mine in marks.items()
        )
    ]
    found: list[Problem] = []
    for folder, path, relative, new in current:
        if relative not in files:  # a new file (renamed, copied): compared with every protected one
            candidates = [p for p in protected if p.folder == folder]
        else:  # its own state at the base, or a homeless protected file; never a neighbour's phone number
            candidates = [p for p in protected if p.folder == folder and p.path == relative]
            candidates += [p for p in homeless if p.folder == folder]
        found.extend(_compare(path, relative, new, folder, candidates, base))
    return found


def _compare(
    path: Path, relative: str, new: Loaded, folder: str, protected: list[Protected], base: str
) -> Iterator[Problem]:
    protected = [p for p in protected if not p.shown]
    if not isinstance(new.data, dict) or not protected:
        return  # unreadable now (the validator says why), or nothing protected to compare with
    place = _PLACE[folder]
    if _confirmed(new.data, folder) or not _shows_place(new.data, folder):
        return
    key = (*place, "standort_oeffentlich")
    if any(p.path == relative for p in protected):  # the same file: its protection was removed
        line, col = new.positions.of(key)
        yield Problem(path, line, col, key if key in new.positions.spots else place, t("rule.protected_made_public"))
        return
    marks = Marks.of(path.stem, new.data)
    for was in protected:
        how = marks.shared_with(was.marks)
        if how is None:
            continue
        spot = next((k for k in (key, *_DETAILS[folder]) if k in new.positions.spots), place)
        line, col = new.positions.of(spot)
        yield Problem(path, line, col, spot, t("rule.protected_elsewhere", rev=base, path=was.path, how=t(f"rule.same.{how}")))
        return


def _confirmed(data: dict[str, Any], folder: str) -> bool:
    """``standort_freigegeben: ja``; for an offer's place also ``standort_oeffentlich: true``
    written out (as :func:`stadtkarte.protection` asks of an offer of a protected organisation)."""
    place = _PLACE[folder]
    if not place_flag(data, place, "standort_freigegeben", False):
        return False
    section = _section(data, place)
    return folder == ORGANISATIONS or (
        isinstance(section, dict) and "standort_oeffentlich" in section and place_flag(data, place, "standort_oeffentlich", False)
    )


def _shows_place(data: dict[str, Any], folder: str) -> bool:
    """True when the file would show where its place is: a street, ``zusatz`` or ``koordinaten``;
    an organisation without ``standort_oeffentlich: false``; an offer whose ``ort`` says
    ``standort_oeffentlich: true`` (an offer without them shows its organisation's place)."""
    if any(_section(data, path) for path in _DETAILS[folder]):
        return True
    place = _PLACE[folder]
    section = _section(data, place)
    stated = folder == ORGANISATIONS or (isinstance(section, dict) and "standort_oeffentlich" in section)
    return stated and place_flag(data, place, "standort_oeffentlich", True)
