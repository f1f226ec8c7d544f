"""The one place user-facing text comes from.

Every message an editor or resident reads is looked up here by key. The texts live in
``locale/<lang>.yml`` next to this module; German is the default and the reference, so adding a
language is adding a data file with the same keys.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

DEFAULT_LANGUAGE = "de"


@cache
def _catalogue(language: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("locale").joinpath(f"{language}.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"locale file for {language!r} is not a mapping")
    return data


def messages(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """All message templates of one language (key → template)."""
    return _catalogue(language)["messages"]


def field_docs(language: str = DEFAULT_LANGUAGE) -> dict[str, dict[str, Any]]:
    """Title, description and example of every data field, keyed ``model.key.subkey``."""
    return _catalogue(language)["fields"]


def t(key: str, language: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """Translate ``key``, filling ``{placeholders}`` from ``params``.

    A missing key is a programming error and raises ``KeyError``: tests load every key used.
    """
    template = messages(language)[key]
    return template.format(**params)
