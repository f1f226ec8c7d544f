"""The one place user-facing text comes from.

Every message an editor or resident reads is looked up here by key. The texts live in
``locale/<lang>.yml`` next to this module; German is the default and the reference, so adding a
language is adding a data file with the same keys.
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel import Locale

DEFAULT_LANGUAGE = "de"


@cache
def _catalogue(language: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("locale").joinpath(f"{language}.yml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # a safe loader; libyaml: ten times faster
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
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
    if "|" in template:
        return _PluralFormatter(language).format(template, **params)
    return template.format(**params)


def plural_forms(key: str, language: str = DEFAULT_LANGUAGE, /, **params: Any) -> dict[str, str]:
    """``key`` once per CLDR plural category of ``language`` (``one``, ``other``; ``few`` …
    where the language has them), for a script that chooses with ``Intl.PluralRules``: the
    plural words are chosen, ``{{count}}`` in the template stays ``{count}`` for the script."""
    rule = Locale.parse(language).plural_form
    samples: dict[str, int] = {}
    for number in range(200):  # whole numbers: a count is never a fraction
        samples.setdefault(rule(number), number)
    return {category: t(key, language, count=number, **params) for category, number in samples.items()}


class _PluralFormatter(string.Formatter):
    """``{count:Eintrag|Einträge}`` → the word in the number's plural form (CLDR rules: German
    has ``one`` and ``other``), so a template reads ``{count} {count:Eintrag|Einträge}``."""

    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec and isinstance(value, int):
            forms = format_spec.split("|")
            rule = Locale.parse(self.language).plural_form(value)
            return forms[0] if rule == "one" or len(forms) == 1 else forms[-1]
        return super().format_field(value, format_spec)
