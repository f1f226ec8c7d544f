"""Which places may be shown with their street and exact point: one rule for every way in and out.

A protected place (``standort_oeffentlich: false``, also written ``nein`` or „nein“: the models
read every spelling into one bool) is published only as an approximate area. Protection is
*inherited*: an offer of a protected organisation is protected too, also where it names a place
of its own, because nothing tells whether that street is the shelter's own door. Such an offer's
place is public only when the offer says so *and* confirms it::

    ort:
      strasse: Marktplatz 1
      …
      standort_oeffentlich: true
      standort_freigegeben: ja

Validation (:mod:`.validation`) refuses a street, a building note or a point on a place this rule
calls protected; publishing (:mod:`.publish`) applies the same rule again, so even data that
never went through validation publishes no street; the forms use it before they write a file.
"""

from __future__ import annotations

from .models import Organisation, Place

__all__ = ["confirmed_public", "place_is_public"]


def confirmed_public(place: Place) -> bool:
    """True when an offer's place says, in so many words, that it is public and that this is
    confirmed: ``standort_oeffentlich: true`` written out (not the default) and
    ``standort_freigegeben: ja``."""
    return "location_public" in place.model_fields_set and place.location_public is True and place.location_release is True


def place_is_public(place: Place | None, organisation: Organisation | None) -> bool:
    """True when the place of an offer may be published with its street and exact point.

    ``place``: the offer's own ``ort`` (``None``: the offer is at its organisation's place);
    ``organisation``: the offer's organisation (``None``: unknown, only the place counts).
    An organisation's own place: ``place_is_public(None, organisation)``.
    """
    organisation_public = organisation is None or organisation.location_public is not False
    if place is None:
        return organisation_public
    if place.location_public is False:
        return False
    return organisation_public or confirmed_public(place)
