"""``stadtkarte datenschutz --historie``: which commits still hold a secret.

Removing a street from a file does not remove it from git: every clone, fork and pull-request
ref keeps the commits that had it. This scan names them, so a city can rewrite its history
(README → Datenschutz). What counts as a secret:

- the streets, ``zusatz`` and exact points (``koordinaten``, and the house points the geocode
  cache held for those streets) that the entries protected *today* had in any earlier version
  of their file, under any file name (matched like ``validate --base``: slug, name, phone,
  e-mail);
- the names of contact persons (``ansprechperson``) that any version held without
  ``einverstanden: ja``, or that are no longer published with consent today.

How it works, linear in the history: one ``git log --all --raw`` lists every version (blob) of
the entry files and the cache, one ``git cat-file --batch`` reads them all; then one
``git log --all -G`` per secret names the commits whose changes add or remove it, and the
files. Names of organisations are not secrets: they are published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .entries import Catalogue, Entry
from .geocache import CACHE_FILE, normalise_address
from .history import OFFERS, ORGANISATIONS, Marks, read_objects, run_git
from .models import Address, Organisation, yes_no
from .publish import is_protected

#: a point matches with this many decimals (about 10 m)
POINT_DECIMALS = 4
_ERE_SPECIAL = set("\\.[]()*+?{}|^$")


@dataclass(frozen=True)
class Secret:
    """One thing to look for: ``kind`` (a message key's last part), the text as found, the
    extended regular expressions git looks for (all must occur in the same commit and file)."""

    kind: str
    text: str
    patterns: tuple[str, ...]
    owner: str = ""  # the current file it belongs to, if any


@dataclass(frozen=True)
class Hit:
    commit: str
    date: str
    file: str
    secret: Secret


@dataclass
class Scan:
    hits: list[Hit] = field(default_factory=list)
    secrets: list[Secret] = field(default_factory=list)
    commits: int = 0


def ere_escape(text: str) -> str:
    """``text`` as a POSIX extended regular expression that matches it literally."""
    return "".join(f"\\{c}" if c in _ERE_SPECIAL else c for c in text)


def _versions(root: Path, paths: list[str]) -> list[tuple[str, str]]:
    """Every version (blob id, path) of the files below ``paths`` in the history of every ref."""
    log = run_git(root, "log", "--all", "--diff-merges=first-parent", "--no-renames", "--raw", "--no-abbrev", "--format=", "--", *paths)
    seen: dict[str, str] = {}
    for line in log.stdout.decode("utf-8", "replace").splitlines():
        if not line.startswith(":") or "\t" not in line:
            continue
        meta, path = line.split("\t", 1)
        blob = meta.split()[3]
        if set(blob) != {"0"}:
            seen.setdefault(blob, path)
    return [(blob, path) for blob, path in seen.items()]


def _yaml(text: str | None) -> Any:
    try:
        return yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _consented(person: dict[str, Any]) -> bool:
    try:
        return bool(yes_no(person.get("einverstanden", False)))
    except ValueError:
        return False


def _place(data: dict[str, Any], folder: str) -> dict[str, Any]:
    return _dict(data.get("adresse")) if folder == ORGANISATIONS else _dict(data.get("ort"))


def _cache_key(place: dict[str, Any]) -> str | None:
    try:
        return normalise_address(Address.model_validate(
            {"strasse": place.get("strasse"), "plz": str(place.get("plz")), "ort": place.get("ort"), "kommune": "x"}
        ))
    except ValueError:
        return None


def _number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    text = f"{float(value):.{POINT_DECIMALS + 3}f}"
    return text[: text.index(".") + 1 + POINT_DECIMALS]


def _point(kind: str, lat: Any, lon: Any, owner: str) -> Secret | None:
    lat_text, lon_text = _number(lat), _number(lon)
    if lat_text is None or lon_text is None:
        return None
    return Secret(kind, f"{lat_text}…, {lon_text}…", (ere_escape(lat_text), ere_escape(lon_text)), owner)


def _text(kind: str, value: Any, owner: str, *forms: str) -> Secret | None:
    if not isinstance(value, str) or len(value.strip()) < 3:
        return None
    patterns = "|".join(ere_escape(form) for form in dict.fromkeys([value.strip(), *forms]))
    return Secret(kind, value.strip(), (patterns,), owner)


def find_secrets(catalogue: Catalogue, root: Path) -> list[Secret]:
    """The secrets of the history, from today's data and every former version of its files."""
    data_rel = catalogue.data_dir.resolve().relative_to(root).as_posix().removeprefix(".").strip("/")
    prefix = f"{data_rel}/" if data_rel else ""
    folders = {ORGANISATIONS: f"{prefix}{ORGANISATIONS}", OFFERS: f"{prefix}{OFFERS}"}
    versions = _versions(root, [*folders.values(), f"{prefix}{CACHE_FILE}"])
    texts = read_objects(root, [blob for blob, _ in versions])
    entries: list[Entry] = [*catalogue.organisations.values(), *catalogue.offers.values()]
    protected = {
        (ORGANISATIONS if isinstance(e.model, Organisation) else OFFERS, e.path.resolve().relative_to(root).as_posix()):
        Marks.of(e.slug, {"name": getattr(e.model, "name", None) or getattr(e.model, "title", None),
                          "kontakt": _contact(e)})
        for e in entries if is_protected(catalogue, e)
    }
    public_streets = {_cache_key({"strasse": a.street, "plz": a.postcode, "ort": a.town})
                      for e in entries if not is_protected(catalogue, e) and (a := catalogue.address(e)) and a.street}
    consented = {p.name for e in entries if (p := _person(e)) and p.consent}
    secrets: dict[tuple[str, str], Secret] = {}
    caches: list[dict[str, Any]] = []
    former_keys: dict[str, str] = {}  # cache key of a former street → the current file it belongs to
    for (_, path), text in zip(versions, texts, strict=True):
        if path.endswith(CACHE_FILE):
            try:
                caches.append(_dict(json.loads(text or "")))
            except ValueError:
                pass
            continue
        folder = path.split("/")[-2]
        data = _yaml(text)
        if folder not in folders or not isinstance(data, dict):
            continue
        person = _dict(_dict(data.get("kontakt")).get("ansprechperson"))
        name = person.get("name")
        if isinstance(name, str) and (not _consented(person) or name not in consented):
            secret = _text("person", name, "")
            if secret:
                secrets.setdefault(("person", secret.text), secret)
        marks = Marks.of(Path(path).stem, data)
        owner = next((file for (kind, file), mine in protected.items() if kind == folder and marks.shared_with(mine)), None)
        if owner is None:
            continue
        place = _place(data, folder)
        key = _cache_key(place) if place.get("strasse") else None
        if key and key not in public_streets:
            former_keys[key] = owner
            secret = _text("street", place.get("strasse"), owner, key.split(",")[0])
            if secret:
                secrets.setdefault(("street", secret.text.casefold()), secret)
        secret = _text("extra", place.get("zusatz"), owner)
        if secret:
            secrets.setdefault(("extra", secret.text), secret)
        coordinates = _dict(data.get("koordinaten") if folder == ORGANISATIONS else place.get("koordinaten"))
        point = _point("point", coordinates.get("lat"), coordinates.get("lon"), owner)
        if point:
            secrets.setdefault(("point", point.text), point)
    for cache in caches:
        for key, owner in former_keys.items():
            found = _dict(cache.get(key))
            point = _point("point", found.get("lat"), found.get("lon"), owner)
            if point:
                secrets.setdefault(("point", point.text), point)
    return list(secrets.values())


def _contact(entry: Entry) -> dict[str, Any]:
    contact = entry.model.contact
    return {"telefon": contact.phone, "email": contact.email} if contact else {}


def _person(entry: Entry) -> Any:
    return entry.model.contact.person if entry.model.contact else None


def _commits_with(root: Path, pattern: str) -> set[tuple[str, str, str]]:
    """(short hash, date, file) of every change in any ref that adds or removes ``pattern``."""
    log = run_git(root, "log", "--all", "--diff-merges=first-parent", "-E", "-i", f"-G{pattern}", "--date=short", "--format=%x00%h %ad",
                  "--name-only", "--no-renames")
    found = set()
    for chunk in log.stdout.decode("utf-8", "replace").split("\0"):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        commit, date = lines[0].split(" ", 1)
        found |= {(commit, date, file) for file in lines[1:]}
    return found


def scan(catalogue: Catalogue) -> Scan:
    """Every commit of every ref that adds or removes a secret (see the module's docstring)."""
    top = run_git(catalogue.data_dir, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise NotARepository(str(catalogue.data_dir))
    root = Path(top.stdout.decode().strip()).resolve()
    result = Scan(secrets=find_secrets(catalogue, root))
    counted = run_git(root, "rev-list", "--all", "--count")
    result.commits = int(counted.stdout.strip() or 0) if counted.returncode == 0 else 0
    for secret in result.secrets:
        places = None
        for pattern in secret.patterns:  # a point: latitude and longitude in the same change
            found = _commits_with(root, pattern)
            places = found if places is None else places & found
        result.hits += [Hit(commit, date, file, secret) for commit, date, file in places or ()]
    result.hits.sort(key=lambda h: (h.date, h.commit, h.file, h.secret.kind, h.secret.text))
    return result


class NotARepository(Exception):
    """The data folder is in no git repository."""
