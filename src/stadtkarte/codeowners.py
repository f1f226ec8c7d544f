"""``.github/CODEOWNERS`` from the data: each municipality's entries go to its own reviewers.

CODEOWNERS matches paths, not file contents, so the file lists every entry of a municipality
with reviewers (``pruefende`` in ``data/kommunen.yml``). Regenerate after adding entries; CI
checks that it is current. The last matching line wins on GitHub, so specific lines come last.
"""

from __future__ import annotations

import os
from pathlib import Path

from .entries import Catalogue


def render_codeowners(catalogue: Catalogue, data_dir: Path, default: str | None = None) -> str:
    data = os.path.relpath(data_dir, Path.cwd()).replace(os.sep, "/") if data_dir.is_absolute() else data_dir.as_posix()
    lines = ["# Erzeugt mit „stadtkarte codeowners“ aus data/kommunen.yml (pruefende) – nicht von Hand ändern.", ""]
    if default:
        lines += [f"* {default}", f"/{data}/ {default}", ""]
    for slug, municipality in catalogue.municipalities.items():
        if not municipality.reviewers:
            continue
        owners = " ".join(municipality.reviewers)
        lines.append(f"# {municipality.name}")
        entries = [*catalogue.organisations.values(), *catalogue.offers.values()]
        for entry in sorted(entries, key=lambda e: e.path.as_posix()):
            address = catalogue.address(entry)
            if address is not None and address.municipality == slug:
                folder = entry.path.parent.name
                lines.append(f"/{data}/{folder}/{entry.path.name} {owners}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
