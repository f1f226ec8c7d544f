"""The one place user-facing text comes from.

Every message an editor or resident reads is looked up here by key. The texts live in two kinds of
data files next to this module:

- ``locale/<lang>.yml``: what visitors of the website read (pages, map, embed, search, exports page,
  offline page, Wegweiser, schedule words). German (``de.yml``) is the reference; every other
  language has exactly its keys, plus a ``meta`` block saying whether the texts are machine-made.
- ``locale/leichte-sprache/de-x-ls.yml``: the page ``/leichte-sprache/`` (keys ``easy.*``), written in
  Leichte Sprache; the same page for every language tree.
- ``locale/redaktion/de.yml``: what only editors read (validation, the command line, build logs,
  issue forms, pull-request comments) and the documentation of every data field. German only:
  editors work in German, so ``t(editor_key, "ar")`` gives the German text.

Plural forms: ``{count:Eintrag|Einträge}`` picks the word by the number's CLDR plural category.
Written positionally, the forms follow the language's categories in CLDR order (zero, one, two, few,
many, other — only those the language has: German ``one|other``, Russian ``one|few|many|other``).
Written by name, ``{count:one=файл|few=файла|many=файлов|other=файла}``; ``other`` is required.
"""

from __future__ import annotations

import re
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
#: where the editors' texts live, relative to ``locale/``
EDITOR_CATALOGUE = ("redaktion", "de.yml")
#: the texts of the page ``/leichte-sprache/`` (keys ``easy.*``), in Leichte Sprache only
EASY_CATALOGUE = ("leichte-sprache", "de-x-ls.yml")
#: CLDR plural categories in their canonical order
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_NAMED_FORM = re.compile(r"^(zero|one|two|few|many|other)=", re.DOTALL)
#: the language of the page being rendered (:func:`speaking`); texts for editors are German
_current: ContextVar[str] = ContextVar("stadtkarte_language", default=DEFAULT_LANGUAGE)


@cache
def has_locale(language: str) -> bool:
    """True when the package has a locale file for ``language``."""
    return resources.files(__package__).joinpath("locale").joinpath(f"{language}.yml").is_file()


def _load(*parts: str) -> dict[str, Any]:
    path = resources.files(__package__).joinpath("locale")
    for part in parts:
        path = path.joinpath(part)
    text = path.read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # a safe loader; libyaml: ten times faster
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ValueError(f"locale file {'/'.join(parts)!r} is not a mapping")
    return data


@cache
def _catalogue(language: str) -> dict[str, Any]:
    """The visitors' texts of one language (``locale/<language>.yml``)."""
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", language):
        raise KeyError(language)
    try:
        return _load(f"{language}.yml")
    except FileNotFoundError:
        raise KeyError(f"no locale file for language {language!r}") from None


@cache
def _editor_catalogue() -> dict[str, Any]:
    return _load(*EDITOR_CATALOGUE)


@cache
def easy_messages() -> dict[str, str]:
    """The Leichte-Sprache page's texts (``easy.*``): one language whatever the page tree, since
    Leichte Sprache is a form of German; every tree links to the same page."""
    return _load(*EASY_CATALOGUE)["messages"]


def available_languages() -> list[str]:
    """Codes of the languages that have a locale file, German first."""
    folder = resources.files(__package__).joinpath("locale")
    codes = sorted(item.name[:-4] for item in folder.iterdir() if item.name.endswith(".yml"))
    return [DEFAULT_LANGUAGE, *(code for code in codes if code != DEFAULT_LANGUAGE)]


@cache  # asked for every text of every page
def site_messages(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The visitors' message templates of one language (key → template). A site language the
    package has no locale file for yet gets the German texts (a city can list it before its
    translation exists; the README says how to add one)."""
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", language):
        raise KeyError(language)
    return _catalogue(language if has_locale(language) else DEFAULT_LANGUAGE)["messages"]


def editor_messages() -> dict[str, str]:
    """The editors' message templates (German only)."""
    return _editor_catalogue()["messages"]


@cache
def messages(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every message template ``t`` can give in ``language`` (key → template): the editors'
    German texts and the visitors' texts of that language."""
    return {**editor_messages(), **easy_messages(), **site_messages(language)}


def field_docs(language: str = DEFAULT_LANGUAGE) -> dict[str, dict[str, Any]]:
    """Title, description and example of every data field, keyed ``model.key.subkey`` (German:
    only editors read them; ``language`` is accepted for symmetry)."""
    return _editor_catalogue()["fields"]


def meta(language: str) -> dict[str, Any]:
    """The header block of a locale file: sprache, name, richtung, maschinell, geprueft_von, ungeprueft."""
    return _catalogue(language)["meta"]


def direction(language: str) -> str:
    """``rtl`` or ``ltr`` as the locale file declares it."""
    return str(meta(language)["richtung"])


def is_machine_translated(language: str, key: str | None = None) -> bool:
    """True while the language's texts (or the text of ``key``) are machine-made and no native
    speaker has confirmed them: the site shows a notice then.

    ``meta.maschinell: true`` marks the file; ``meta.ungeprueft`` is ``alle`` or the list of keys
    still unconfirmed (the others have been confirmed one by one).
    """
    info = meta(language)
    if not info.get("maschinell"):
        return False
    if key is None:
        return True
    unconfirmed = info.get("ungeprueft", "alle")
    return unconfirmed == "alle" or key in (unconfirmed or ())


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

    Visitors' keys come from ``locale/<language>.yml``, editors' keys from the German editors'
    catalogue. A missing key is a programming error and raises ``KeyError``: tests load every key used.
    """
    language = language or _current.get()
    site = site_messages(language)
    if key in site:
        template = site[key]
    elif key.startswith("easy."):
        template = easy_messages()[key]
    else:
        template = editor_messages()[key]
    if "|" in template:  # plural rules of the language the text is in
        return _PluralFormatter(language if key in site and has_locale(language) else DEFAULT_LANGUAGE).format(
            template, **params)
    return template.format(**params)


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@cache
def plural_categories(language: str) -> tuple[str, ...]:
    """The CLDR plural categories of ``language`` in canonical order, ``other`` last."""
    tags = _locale(language).plural_form.tags | {"other"}
    return tuple(category for category in PLURAL_CATEGORIES if category in tags)


def plural_forms(spec: str, language: str) -> dict[str, str]:
    """The forms of a plural spec (``Eintrag|Einträge`` or ``one=…|other=…``) by category.

    Raises ``ValueError`` when the spec does not fit the language's categories.
    """
    pieces = spec.split("|")
    categories = plural_categories(language)
    if all(_NAMED_FORM.match(piece) for piece in pieces):
        forms = dict(piece.split("=", 1) for piece in pieces)
        if len(forms) != len(pieces) or "other" not in forms or not set(forms) <= set(categories):
            raise ValueError(f"plural forms {sorted(forms)} do not fit {language!r} ({', '.join(categories)})")
        return forms
    if len(pieces) != len(categories):
        raise ValueError(f"{len(pieces)} plural forms, {language!r} needs {len(categories)} ({'|'.join(categories)})")
    return dict(zip(categories, pieces, strict=True))


def plural_texts(key: str, language: str | None = None, /, **params: Any) -> dict[str, str]:
    """``key`` once per CLDR plural category of ``language`` (``one``, ``other``; ``few`` …
    where the language has them), for a script that chooses with ``Intl.PluralRules``: the
    plural words are chosen, ``{{count}}`` in the template stays ``{count}`` for the script."""
    language = language or _current.get()
    rule = Locale.parse(language).plural_form
    samples: dict[str, int] = {}
    for number in range(200):  # whole numbers: a count is never a fraction
        samples.setdefault(rule(number), number)
    return {category: t(key, language, count=number, **params) for category, number in samples.items()}


class _PluralFormatter(string.Formatter):
    """``{count:Eintrag|Einträge}`` → the word in the number's plural form (CLDR rules), so a
    template reads ``{count} {count:Eintrag|Einträge}``."""

    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec and isinstance(value, int):
            category = _locale(self.language).plural_form(value)
            try:
                forms = plural_forms(format_spec, self.language)
            except ValueError:  # a template not yet fitted to the language: one form, else the last
                pieces = [piece.split("=", 1)[-1] for piece in format_spec.split("|")]
                return pieces[0] if category == "one" else pieces[-1]
            return forms.get(category, forms["other"])
        return super().format_field(value, format_spec)
