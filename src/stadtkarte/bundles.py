"""Several of the package's scripts or stylesheets joined into one file each, at build time.

A page that loads eleven scripts and three stylesheets makes fourteen requests (six at a time on a
server without HTTP/2), and MkDocs writes fourteen tags into each of thousands of pages; a bundle
costs one request and one tag. The parts stay in ``assets/`` as they are (and are served too);
the bundle holds them in the given order, each with its licence header, after a comment naming it.

Names are paths inside the package's ``assets`` folder (``suche.js``, ``vendor/leaflet/leaflet.css``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources

__all__ = ["PACE_MS", "isolated", "paced", "scripts", "stylesheets"]

#: a paced bundle runs its next part in a task of its own once its parts have kept the page busy
#: this long (ms, measured in the browser, so a slow phone yields as often as it needs)
PACE_MS = 5

#: a relative url() in a stylesheet (not data:, not #fragment, not absolute)
_CSS_URL = re.compile(r"""url\((['"]?)(?![a-z]+:|#|/)([^'")]+)\1\)""")


def _text(name: str) -> str:
    return resources.files("stadtkarte").joinpath("assets", name).read_text("utf-8")


def isolated(name: str, text: str) -> str:
    """The script ``text`` as a part of a bundle: in its own function scope (its top-level names
    stay its own) and with its own error, which is reported as uncaught (in the console, and to
    the tests) while the next part still runs, as with separate files. Inside,
    ``document.currentScript`` is the bundle."""
    return f"/* {name} */\n(function () {{\ntry {{\n{text}\n}} catch (error) {{ setTimeout(function () {{ throw error; }}); }}\n}})();\n"


def paced(parts: Iterable[tuple[str, str]], budget_ms: int = PACE_MS) -> str:
    """The scripts ``parts`` (name, text) as one that never keeps the page busy for long: each
    part in its own scope and with its own error (as :func:`isolated`), run in order; once the
    parts run so far in this task took ``budget_ms``, the next one waits for a task of its own
    (``setTimeout``), so a tap or a key in between is answered and no part's work joins the next
    into one long task. The first part, too, waits for a task of its own: a deferred script runs
    in the task that ends with DOMContentLoaded, whose handlers (the theme's) are long already.
    No part has ``document.currentScript``: a part that needs its script element looks for it
    (suche.js, offline.js)."""
    wrapped = "".join(f"parts.push(function () {{\n{isolated(name, text)}}});\n" for name, text in parts)
    return ("/* Stadtkarte Integration: the parts below run in order, in tasks of at most about "
            f"{budget_ms} ms each (bundles.py: paced) */\n(function () {{\nvar parts = [];\n{wrapped}"
            "var next = 0;\nfunction run() {\n  var start = performance.now();\n"
            "  while (next < parts.length) {\n    parts[next++]();\n"
            f"    if (next < parts.length && performance.now() - start >= {budget_ms}) {{ setTimeout(run, 0); return; }}\n"
            "  }\n}\nsetTimeout(run, 0);\n})();\n")


def scripts(names: Iterable[str], *, isolate: bool = True, pace: bool = False) -> str:
    """The scripts ``names`` as one, in order. ``pace``: in tasks of a few ms (:func:`paced`);
    ``isolate``: each part wrapped (:func:`isolated`); else only separated by ``;`` (for
    libraries that must define their globals, e.g. Leaflet)."""
    if pace:
        return paced((name, _text(name)) for name in names)
    if isolate:
        return "".join(isolated(name, _text(name)) for name in names)
    return "".join(f"/* {name} */\n{_text(name)}\n;\n" for name in names)


def stylesheets(names: Iterable[str]) -> str:
    """The stylesheets ``names`` as one, in order (the cascade is the same as with one ``<link>``
    each). The bundle sits in the assets folder itself: a relative ``url()`` in a part from a
    subfolder is rewritten relative to the bundle."""
    def rebased(name: str) -> str:
        base = name.rpartition("/")[0]
        if not base:
            return _text(name)
        return _CSS_URL.sub(lambda m: f"url({m[1]}{base}/{m[2]}{m[1]})", _text(name))

    return "".join(f"/* {name} */\n{rebased(name)}\n" for name in names)
