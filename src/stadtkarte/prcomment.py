"""The comment for a pull request from a fork whose new addresses have no coordinates yet.

The pull request check geocodes new addresses on the runner. In a branch of the repository it
commits ``data/geocache.json``; a fork's branch cannot be written to, so the check prints this
comment instead (posted by the workflow ``kommentar.yml``): each new address with the coordinates
found for it, ready to paste, and the geocoder's own report.

``python -m stadtkarte.prcomment data/geocache.json geocode-output.txt`` compares the cache in the
working tree with the committed one (``git show HEAD:…``) and prints Markdown.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .i18n import t


def new_entries(before: dict, after: dict) -> dict[str, dict]:
    """Cache entries that are new or changed."""
    return {key: value for key, value in after.items() if before.get(key) != value}


def _cell(text: str) -> str:
    """Text from a pull request inside a table cell and a code span: nothing can break out."""
    return "".join(ch for ch in str(text) if ch not in "|`<>\r\n")


def render(entries: dict[str, dict], report: str) -> str:
    lines = [t("prcomment.title"), "", t("prcomment.intro"), ""]
    found = {k: v for k, v in entries.items() if isinstance(v, dict) and "lat" in v and "lon" in v}
    missing = [k for k, v in entries.items() if k not in found]
    if found:
        lines += [t("prcomment.table_head"), "|---|---|"]
        lines += [f"| {_cell(key)} | `koordinaten: {{lat: {value['lat']}, lon: {value['lon']}}}` |"
                  for key, value in sorted(found.items())]
        lines.append("")
    if missing:
        lines += [t("prcomment.not_found"), ""] + [f"- {_cell(key)}" for key in sorted(missing)] + [""]
    lines += [t("prcomment.next"), ""]
    if report.strip():
        body = "\n".join(_cell(line) for line in report.strip().splitlines()[:200])
        lines += ["<details><summary>" + t("prcomment.report") + "</summary>", "", "```text", body, "```", "", "</details>"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    cache, report = Path(argv[0]), Path(argv[1]) if len(argv) > 1 else None
    committed = subprocess.run(["git", "show", f"HEAD:{cache.as_posix()}"], capture_output=True, text=True)
    before = json.loads(committed.stdout) if committed.returncode == 0 and committed.stdout.strip() else {}
    after = json.loads(cache.read_text("utf-8"))
    text = report.read_text("utf-8") if report and report.exists() else ""
    sys.stdout.write(render(new_entries(before, after), text))
    return 0


if __name__ == "__main__":  # pragma: no cover - run by the workflow
    sys.exit(main(sys.argv[1:]))
