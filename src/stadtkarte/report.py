"""``stadtkarte report``: what the integration office should look at.

Stale entries (``geprueft_am`` older than 12 months), entries without coordinates, entries asking
for support, and optionally websites that do not answer. Text for the terminal, Markdown for a
GitHub job summary, CSV for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .entries import Catalogue, Entry, is_stale
from .i18n import t
from .models import Organisation
from .problems import display_path
from .publish import is_protected

@dataclass(frozen=True)
class Row:
    section: str  # stale, no_coordinates, support_wanted, website
    entry: Entry
    detail: str

    @property
    def name(self) -> str:
        model = self.entry.model
        return model.name if isinstance(model, Organisation) else model.title


def _visible(catalogue: Catalogue) -> list[Entry]:
    return [e for e in [*catalogue.organisations.values(), *catalogue.offers.values()] if e.model.visible]


def collect(catalogue: Catalogue, today: date) -> list[Row]:
    rows: list[Row] = []
    for entry in _visible(catalogue):
        if is_stale(entry, today):
            rows.append(Row("stale", entry, entry.model.checked_on.isoformat()))
    for entry in _visible(catalogue):
        if catalogue.needs_coordinates(entry) and catalogue.coordinates(entry) is None:
            address = catalogue.address(entry)
            # the report lands in CI job summaries: a protected place only with its area
            street = None if is_protected(catalogue, entry) else address.street if address else None
            area = f"{address.postcode} {address.town}" if address else ""
            rows.append(Row("no_coordinates", entry, f"{street}, {area}" if street else area))
    for entry in catalogue.organisations.values():
        if entry.model.visible and entry.model.support_wanted:
            rows.append(Row("support_wanted", entry, "; ".join(entry.model.support_wanted)))
    return rows


def check_websites(catalogue: Catalogue, opener: Callable[[str], int] | None = None) -> list[Row]:
    """Websites that do not answer with a success status (one polite HEAD/GET each)."""
    opener = opener or _status
    rows = []
    seen: dict[str, int | str] = {}
    for entry in _visible(catalogue):
        contact = entry.model.contact
        url = contact.website if contact else None
        if not url:
            continue
        if url not in seen:
            try:
                seen[url] = opener(url)
            except (urllib.error.URLError, OSError, ValueError) as error:
                seen[url] = str(getattr(error, "reason", error))[:80]
        status = seen[url]
        if not (isinstance(status, int) and 200 <= status < 400):
            rows.append(Row("website", entry, f"{url} → {status}"))
    return rows


def _status(url: str) -> int:
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "stadtkarte-integration report"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - http(s) only (validated)
            return response.status
    except urllib.error.HTTPError as error:
        if error.code in (403, 405):  # some servers refuse HEAD: ask once more with GET
            with urllib.request.urlopen(urllib.request.Request(url, headers=request.headers), timeout=10) as response:  # noqa: S310
                return response.status
        return error.code


SECTIONS = ("stale", "no_coordinates", "website", "support_wanted")


def render(rows: Iterable[Row], fmt: str, *, websites_checked: bool = False) -> str:
    """The report; without ``websites_checked`` its website section says it was not checked
    (never "keine", which would claim every site answered)."""
    rows = list(rows)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow([t("report.column.section"), t("report.column.file"), t("report.column.name"), t("report.column.detail")])
        for row in rows:
            writer.writerow([t(f"report.section.{row.section}"), _path(row), row.name, row.detail])
        return "\ufeff" + out.getvalue()  # BOM: Excel opens umlauts right
    lines = []
    for section in SECTIONS:
        chosen = [r for r in rows if r.section == section]
        if section == "website" and not websites_checked:
            heading = t(f"report.section.{section}")
            lines += [f"## {heading}\n" if fmt == "markdown" else f"{heading}:",
                      t("report.not_checked") if fmt == "markdown" else f"  {t('report.not_checked')}"]
            lines += [""] if fmt == "markdown" else []
            continue
        if fmt == "markdown":
            lines.append(f"## {t(f'report.section.{section}')} ({len(chosen)})\n")
            if chosen:
                lines.append(f"| {t('report.column.file')} | {t('report.column.name')} | {t('report.column.detail')} |")
                lines.append("|---|---|---|")
                lines += [f"| `{_path(r)}` | {_md(r.name)} | {_md(r.detail)} |" for r in chosen]
            else:
                lines.append(t("report.none"))
            lines.append("")
        else:
            lines.append(f"{t(f'report.section.{section}')} ({len(chosen)}):")
            lines += [f"  {_path(r)}: {r.name} – {r.detail}" for r in chosen] or [f"  {t('report.none')}"]
    return "\n".join(lines) + "\n"


def _path(row: Row) -> str:
    return display_path(row.entry.path)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
