"""From a validated catalogue to the files of the site: publish, then render.

The one place that joins the two halves of the pipeline (the MkDocs hooks and
``stadtkarte generate`` call it): :func:`stadtkarte.publish.publish` makes the public view,
:func:`stadtkarte.pages.build_site` renders every output from it.
"""

from __future__ import annotations

from .entries import Catalogue
from .pages import GeneratedFile, build_site
from .publish import publish
from .render import SiteOptions


def generate(catalogue: Catalogue, options: SiteOptions) -> list[GeneratedFile]:
    """Every page, map, export and asset of the site for ``catalogue``."""
    return build_site(publish(catalogue, options.publishing), options)
