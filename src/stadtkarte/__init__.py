"""Stadtkarte Integration: directory and city map of the organisations and offers for integration.

The package is pure functions over a validated catalogue: load → validate → (pages, maps,
exports). It knows nothing about MkDocs; ``hooks/`` and the ``stadtkarte`` command wire it up.
"""

__version__ = "0.1.0"
