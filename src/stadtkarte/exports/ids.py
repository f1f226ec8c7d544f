"""Stable identifiers: UUIDs derived from slugs (uuid5), so an export tomorrow matches today's.

The namespace comes from ``extra.stadtkarte.export.kennung`` (or the site address); two cities
with the same slug get different identifiers, one city keeps hers as long as the setting stays.
"""

from __future__ import annotations

import uuid

#: used when neither ``kennung`` nor ``site_url`` is set
DEFAULT_NAMESPACE_TEXT = "urn:stadtkarte-integration"


def namespace(text: str | None) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, text or DEFAULT_NAMESPACE_TEXT)


def stable_id(space: uuid.UUID, *parts: str) -> str:
    """``stable_id(ns, "angebot", "sprachcafe", "termin", "0")`` → the same UUID every build."""
    return str(uuid.uuid5(space, "/".join(parts)))
