"""CSV of organisations and of offers, one row each, columns as in :mod:`.records`.

UTF-8 with a byte order mark, so Excel shows umlauts right. Each table comes twice: with commas
and decimal points (RFC 4180, for programs), and with semicolons and decimal commas (what German
Excel expects when a file is opened by double-click). Lists are joined with ", ". A text cell that starts like a formula (``=``,
``+``, ``-``, ``@``) gets a leading apostrophe, so no spreadsheet runs it (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from ..i18n import t
from ..render import RenderContext
from . import FOLDER, records

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: validated formats that cannot hold a formula (a phone number is digits, spaces and +()/-)
VERBATIM = {"telefon"}


def cell(column: str, value: Any, decimal: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("export.yes") if value else t("export.no")
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START) and column not in VERBATIM:
        return "'" + text
    return text


def csv_text(columns: list[str], rows: Iterable[dict[str, Any]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(c, row[c], "," if delimiter == ";" else ".") for c in columns])
    return BOM + buffer.getvalue()


def paths(name: str) -> tuple[str, str]:
    return f"{FOLDER}/{name}.csv", f"{FOLDER}/{name}-semikolon.csv"


def files(site: RenderContext) -> list[tuple[str, str]]:
    out = []
    organisations, offers = records.all_records(site)
    tables = [("organisationen", records.ORGANISATION_COLUMNS, organisations), ("angebote", records.OFFER_COLUMNS, offers)]
    for name, columns, rows in tables:
        comma, semicolon = paths(name)
        out.append((comma, csv_text(columns, rows, ",")))
        out.append((semicolon, csv_text(columns, rows, ";")))
    return out
