"""Rules a single state of the data cannot check: a change compared with a git base revision.

``stadtkarte validate --base origin/main`` (the pull-request check) compares each entry file with
its state at the base revision. A place that was protected there (``standort_oeffentlich:
false``) and would be public now is an error unless the same change also says
``standort_freigegeben: ja`` – the editor's confirmation that the organisation agreed. (A street
added to a protected place needs no history: the validator refuses it in any state.)
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .i18n import t
from .models import yes_no
from .problems import Problem
from .yamlsource import Loaded, Path_, load_file, load_text

#: the folders whose files are entries, and where their place's protection flag stands
_PLACE = {"organisationen": (), "angebote": ("ort",)}


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def _flag(data: Any, place: Path_, key: str, default: bool) -> bool:
    """A yes/no value of the place at ``place`` in raw data (``default`` if absent or unreadable)."""
    for part in place:
        data = data.get(part) if isinstance(data, dict) else None
    if not isinstance(data, dict) or key not in data:
        return default
    try:
        return bool(yes_no(data[key]))
    except ValueError:  # a wrong value: the validator reports it
        return default


def protection_changes(data_dir: Path, base: str) -> list[Problem]:
    """Problems of the entry files below ``data_dir`` whose place was protected at ``base``."""
    root_run = _git(data_dir, "rev-parse", "--show-toplevel")
    if root_run.returncode != 0 or _git(data_dir, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").returncode:
        return [Problem(data_dir, 1, 1, (), t("rule.protected_base_unreadable", rev=base))]
    root = Path(root_run.stdout.decode().strip())
    found: list[Problem] = []
    for folder, place in _PLACE.items():
        for path in sorted((data_dir / folder).glob("*.y*ml")):
            found.extend(_compare(root, base, path, place))
    return found


def _compare(root: Path, base: str, path: Path, place: Path_) -> Iterator[Problem]:
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    old_run = _git(root, "show", f"{base}:{relative}")
    if old_run.returncode != 0:  # a new file: nothing was protected before
        return
    old = load_text(path, old_run.stdout.decode("utf-8", "replace"))
    if not isinstance(old.data, dict) or _flag(old.data, place, "standort_oeffentlich", True):
        return
    new: Loaded = load_file(path)
    if not isinstance(new.data, dict):
        return  # unreadable now: the validator says why
    if _flag(new.data, place, "standort_oeffentlich", True) and not _flag(new.data, place, "standort_freigegeben", False):
        key = (*place, "standort_oeffentlich")
        line, col = new.positions.of(key)
        yield Problem(path, line, col, key if key in new.positions.spots else place, t("rule.protected_made_public"))
