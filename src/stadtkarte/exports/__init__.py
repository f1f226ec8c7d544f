"""Open data from the same build: GeoJSON, CSV, iCalendar and Open Referral HSDS 3.0.

Every build writes the exports below ``export/`` from the public view
(:mod:`stadtkarte.publish`), with identifiers that stay the same from one build to the next
(:func:`stadtkarte.render.stable_id`). What is published is decided there, once for every
output: the exports only render the public records.

The modules return ``(path, content)`` pairs; :mod:`.listing` collects them, and
:mod:`stadtkarte.pages` adds them to the site and renders the ``/export/`` page that lists them.
"""

from __future__ import annotations

from ..render import LICENCES, ExportOptions

__all__ = ["FOLDER", "LICENCES", "ExportOptions"]

FOLDER = "export"
