"""A problem found in the data: where it is, which field, what is wrong and how to fix it."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .i18n import t

#: fehler: the data is wrong (validate exits 1, the build fails);
#: warnung: the site can be built but is incomplete (``mkdocs build --strict`` fails);
#: hinweis: for information only.
Severity = Literal["fehler", "warnung", "hinweis"]
_PREFIX = {"fehler": "", "warnung": "Warnung: ", "hinweis": "Hinweis: "}


def field_path(path: tuple[str | int, ...]) -> str:
    """``("termine", 0, "von")`` → ``termine[0].von``, in the data's own German keys."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def display_path(path: Path) -> str:
    """A path as an editor typed it: relative to the working directory when below it."""
    try:
        return os.path.relpath(path) if path.is_absolute() and Path.cwd() in path.parents else str(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, ordered by file, line and column."""

    file: Path
    line: int
    col: int
    path: tuple[str | int, ...] = field(default=(), compare=False)
    message: str = field(default="", compare=True)
    severity: Severity = field(default="fehler", compare=False)
    #: which rule found it, where a caller treats some rules apart (e.g. "placeholder")
    rule: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "fehler"

    def format(self, base: Path | None = None) -> str:
        """``data/organisationen/foo.yml:12:5: kontakt.email: "xyz" ist keine …``

        ``base``: show the file relative to this folder (tests compare stable text)."""
        shown = self.file.relative_to(base).as_posix() if base else display_path(self.file)
        where = f"{shown}:{self.line}:{self.col}: "
        prefix = _PREFIX[self.severity]
        name = field_path(self.path)
        return f"{where}{prefix}{name + ': ' if name else ''}{self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the line."""
        kind = {"fehler": "error", "warnung": "warning", "hinweis": "notice"}[self.severity]
        name = field_path(self.path)
        text = f"{name}: {self.message}" if name else self.message
        return (
            f"::{kind} file={_escape_property(display_path(self.file))},line={self.line},"
            f"col={self.col}::{_escape_data(text)}"
        )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_OS_REASONS = {
    errno.ENOENT: "file.reason.not_found",
    errno.EACCES: "file.reason.permission",
    errno.EPERM: "file.reason.permission",
    errno.EISDIR: "file.reason.is_dir",
    errno.ENOTDIR: "file.reason.not_found",
    errno.ENOSPC: "file.reason.disk_full",
}


def os_reason(error: OSError) -> str:
    """Why a file could not be read or written, in German (the system's text is English)."""
    return t(_OS_REASONS.get(error.errno or 0, "file.reason.other"))
