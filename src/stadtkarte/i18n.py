"""The one place user-facing text comes from.

Every message an editor or resident reads is looked up here by key. The texts live in
``locale/<lang>.yml`` next to this module; German is the default and the reference, so adding a
language is adding a data file with the same keys.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel import Locale

DEFAULT_LANGUAGE = "de"
#: the language of the page being rendered (:func:`speaking`); texts for editors are German
_current: ContextVar[str] = ContextVar("stadtkarte_language", default=DEFAULT_LANGUAGE)


@cache
def has_locale(language: str) -> bool:
    """True when the package has a locale file for ``language``."""
    return resources.files(__package__).joinpath("locale").joinpath(f"{language}.yml").is_file()


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
    """All message templates of one language (key → template). A language the package has no
    locale file for yet gets the German texts (the site can be set up before its translation)."""
    return _catalogue(language if has_locale(language) else DEFAULT_LANGUAGE)["messages"]


def field_docs(language: str = DEFAULT_LANGUAGE) -> dict[str, dict[str, Any]]:
    """Title, description and example of every data field, keyed ``model.key.subkey``."""
    return _catalogue(language)["fields"]


def current_language() -> str:
    """The language of the page being rendered (German outside :func:`speaking`)."""
    return _current.get()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within the block, :func:`t` without a language speaks ``language`` (the renderers of a
    page tree run in it; validation, the CLI and the settings are outside and stay German)."""
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def translator(language: str) -> Callable[..., str]:
    """``t`` bound to one language (for templates: ``t('key')`` in the page's language)."""
    def bound(key: str, /, **params: Any) -> str:
        return t(key, language, **params)

    return bound


def t(key: str, language: str | None = None, /, **params: Any) -> str:
    """Translate ``key``, filling ``{placeholders}`` from ``params``, in ``language`` or else the
    language of the page being rendered (:func:`speaking`; German by default).

    A missing key is a programming error and raises ``KeyError``: tests load every key used.
    """
    language = language or _current.get()
    template = messages(language)[key]
    if "|" in template:
        return _PluralFormatter(language).format(template, **params)
    return template.format(**params)


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
