"""Language codes and their names, from the Unicode CLDR data that Babel ships.

A code is the two-letter ISO 639-1 code where there is one (``de``, ``tr``, ``ar``, ``uk``), or
the three-letter ISO 639-3 code of a language that has none: those CLDR knows (``ckb``
Zentralkurdisch, ``sdh`` Südkurdisch, ``gsw``, ``fil``, …) and a few CLDR lists only as a
regional variant or under another code, but that people migrating to Germany speak and ask for
by name (``prs`` Dari, ``kmr`` Kurmandschi). A three-letter code of a language that has a
two-letter one (``tur``, ``ukr``, ``pes``) is refused with the two-letter code as suggestion.
"""

from __future__ import annotations

import difflib
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

#: ISO 639-3 codes CLDR has no language entry for: the CLDR locale that holds their names
#: and script direction, and their German name where CLDR's differs from the usual one.
_EXTRA: dict[str, tuple[str, str | None]] = {
    "prs": ("fa_AF", "Dari"),
    "kmr": ("ku", "Kurmandschi (Nordkurdisch)"),
}
#: what editors type instead of a code: a locale CLDR knows → the code to write
_LOCALE_CODES = {"fa-af": "prs", "fa_af": "prs", "ku-tr": "kmr"}


@cache
def _aliases() -> dict[str, str]:
    """CLDR's language aliases: ``tur`` → ``tr``, ``pes`` → ``fa``, ``prs`` → ``fa_AF``."""
    return dict(get_global("language_aliases"))


@cache
def _codes() -> frozenset[str]:
    known = Locale("en").languages
    two = {code for code in known if len(code) == 2 and code.isalpha()}
    three = {
        code for code in known
        if len(code) == 3 and code.isalpha() and not (len(_aliases().get(code, "")) == 2)
    }
    return frozenset(two | three | set(_EXTRA))


@cache
def _german_names() -> dict[str, str]:
    names = Locale("de").languages
    found = {names[code].casefold(): code for code in _codes() if code in names}
    found.update({german_name(code).casefold(): code for code in _EXTRA})
    # names people use that are not the standard German ones: Farsi (Persian, Iran) is `fa`
    found.update({"farsi": "fa", "dari": "prs", "kurmandschi": "kmr", "kurmanci": "kmr", "kurmancî": "kmr", "sorani": "ckb"})
    return found


def is_language_code(code: str) -> bool:
    """True for ``de``, ``tr``, ``ar`` (ISO 639-1) or ``prs``, ``ckb``, ``kmr`` (ISO 639-3 where
    639-1 has no code)."""
    return code in _codes()


def suggest_language_code(text: str) -> str | None:
    """The code an editor probably meant: ``Türkisch`` → ``tr``, ``DE`` → ``de``, ``ukr`` → ``uk``,
    ``fa-AF`` → ``prs``."""
    folded = text.strip().casefold()
    if folded in _codes():
        return folded
    if folded in _LOCALE_CODES:
        return _LOCALE_CODES[folded]
    if folded in _german_names():
        return _german_names()[folded]
    english = {name.casefold(): code for code, name in Locale("en").languages.items() if code in _codes()}
    if folded in english:
        return english[folded]
    alias = _aliases().get(folded)
    if alias and alias in _codes():
        return alias
    if len(folded) == 3 and folded[:2] in _codes():
        return folded[:2]
    close = difflib.get_close_matches(folded, list(_german_names()), n=1, cutoff=0.8)
    return _german_names()[close[0]] if close else None


def _locale(code: str) -> Locale:
    return Locale.parse(_EXTRA[code][0] if code in _EXTRA else code)


@cache
def own_name(code: str) -> str:
    """The language's name in itself: ``tr`` → ``Türkçe``, ``ar`` → ``العربية``, ``prs`` → ``دری``."""
    try:
        locale = _locale(code)
        name = locale.languages.get(_EXTRA[code][0] if code in _EXTRA else code) or locale.get_display_name(locale)
    except (UnknownLocaleError, ValueError):
        name = None
    return (name or german_name(code)).strip()


@cache
def german_name(code: str) -> str:
    """The language's German name: ``ar`` → ``Arabisch``, ``prs`` → ``Dari``."""
    if code in _EXTRA:
        key, name = _EXTRA[code]
        return name or Locale("de").languages.get(key, code)
    return Locale("de").languages.get(code, code)


@cache
def name_in(code: str, language: str) -> str:
    """The language's name in ``language``: ``name_in("ar", "en")`` → ``Arabic``; German where
    CLDR has none."""
    if language == "de":
        return german_name(code)
    try:
        names = _locale(language).languages
    except (UnknownLocaleError, ValueError):
        return german_name(code)
    key = _EXTRA[code][0] if code in _EXTRA else code
    return names.get(key) or names.get(code) or german_name(code)


@cache
def direction(code: str) -> str:
    """``rtl`` or ``ltr``."""
    try:
        return _locale(code).text_direction
    except (UnknownLocaleError, ValueError):
        return "ltr"
