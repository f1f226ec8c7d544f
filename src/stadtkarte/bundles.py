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

__all__ = ["isolated", "scripts", "stylesheets"]

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


def scripts(names: Iterable[str], *, isolate: bool = True) -> str:
    """The scripts ``names`` as one, in order. ``isolate``: each part wrapped (:func:`isolated`);
    else only separated by ``;`` (for libraries that must define their globals, e.g. Leaflet)."""
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
