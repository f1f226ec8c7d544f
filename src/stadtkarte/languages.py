"""Language codes (ISO 639-1) and their names, from the Unicode CLDR data that Babel ships."""

from __future__ import annotations

import difflib
from functools import cache

from babel import Locale, UnknownLocaleError


@cache
def _codes() -> frozenset[str]:
    return frozenset(code for code in Locale("en").languages if len(code) == 2 and code.isalpha())


@cache
def _german_names() -> dict[str, str]:
    names = Locale("de").languages
    return {names[code].casefold(): code for code in _codes() if code in names}


def is_language_code(code: str) -> bool:
    """True for a two-letter ISO 639-1 code such as ``de``, ``tr``, ``ar``."""
    return code in _codes()


def suggest_language_code(text: str) -> str | None:
    """The code an editor probably meant: ``Türkisch`` → ``tr``, ``DE`` → ``de``, ``ukr`` → ``uk``."""
    folded = text.strip().casefold()
    if folded in _codes():
        return folded
    if folded in _german_names():
        return _german_names()[folded]
    english = {name.casefold(): code for code, name in Locale("en").languages.items() if code in _codes()}
    if folded in english:
        return english[folded]
    if len(folded) == 3 and folded[:2] in _codes():
        return folded[:2]
    close = difflib.get_close_matches(folded, list(_german_names()), n=1, cutoff=0.8)
    return _german_names()[close[0]] if close else None


@cache
def own_name(code: str) -> str:
    """The language's name in itself: ``tr`` → ``Türkçe``, ``ar`` → ``العربية``."""
    try:
        name = Locale.parse(code).get_display_name(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return (name or german_name(code)).strip()


@cache
def german_name(code: str) -> str:
    """The language's German name: ``ar`` → ``Arabisch``."""
    return Locale("de").languages.get(code, code)


@cache
def direction(code: str) -> str:
    """``rtl`` or ``ltr``."""
    try:
        return Locale.parse(code).text_direction
    except (UnknownLocaleError, ValueError):
        return "ltr"
