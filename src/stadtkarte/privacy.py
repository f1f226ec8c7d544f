"""After the build: no file of the published site may point at a CDN.

mkdocs-material's JavaScript bundle can lazily load two scripts from unpkg.com: a
ResizeObserver polyfill (only in browsers that lack ResizeObserver) and Mermaid (only on pages
with diagrams; this site has none). Neither is requested on a normal page load, but a site for
an intranet or under strict data protection should not even refer to them, so the addresses are
replaced with empty local scripts. Every other file is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import atomic

#: a script address on a public CDN, as the theme's bundle writes them
CDN_ADDRESS = re.compile(r"https://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)/[^\"'`\s)]+")
#: what it becomes: an empty script, so the feature is simply unavailable
EMPTY_SCRIPT = "data:text/javascript,"


def remove_cdn_references(site_dir: Path) -> list[Path]:
    """Rewrite the theme's bundles in ``site_dir``; returns the files changed."""
    changed = []
    for path in sorted((site_dir / "assets" / "javascripts").glob("bundle.*.js")):
        text = path.read_text("utf-8")
        new = CDN_ADDRESS.sub(EMPTY_SCRIPT, text)
        if new != text:
            atomic.write_text(path, new)
            changed.append(path)
    return changed
