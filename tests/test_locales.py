"""The website's texts in every language: the same keys and placeholders as German, plural forms
that fit each language's CLDR rules, a declared writing direction and a visible "machine-made"
mark until a native speaker has confirmed the texts."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import material
import pytest
from babel import Locale

from stadtkarte import i18n
from stadtkarte.i18n import (
    editor_messages,
    is_machine_translated,
    meta,
    plural_categories,
    plural_forms,
    site_messages,
    t,
)

#: the languages the package ships (issue #14); German is the reference
LANGUAGES = ["de", "en", "ar", "tr", "uk", "ru", "fa"]
TRANSLATED = LANGUAGES[1:]
#: numbers that reach every CLDR plural category of these languages (Arabic: 0 1 2 3 11 100)
SAMPLE_NUMBERS = [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 101, 102, 111]
#: English texts that may read exactly like the German (names, codes, formats, placeholders only)
SAME_IN_ENGLISH = {
    "schedule.weekly", "ui.listing_title.kategorien", "wegweiser.places", "wegweiser.format_a4", "wegweiser.pdf",
    "export.hsds.name", "ui.online", "map.details", "map.route", "ui.kind.organisation",
    "ui.card.online", "ui.near.sort_name", "ui.near.district",
}
GERMAN_MARKERS = re.compile(r"[äöüßÄÖÜ]|\b(und|der|die|das|nicht|oder|Sie|mit|für|im|ein|eine|Eintrag|Einträge)\b")


def _fields(template: str) -> list[tuple[str, str]]:
    """``(name, format spec)`` of each ``{placeholder}`` (plural specs as ``plural``), in order."""
    found = []
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is not None:
            found.append((name, "plural" if "|" in (spec or "") else spec or ""))
    return found


def _placeholders(template: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Python placeholders (sorted) and the ``{{name}}`` ones JavaScript fills in (sorted)."""
    return sorted(set(_fields(template))), sorted(re.findall(r"\{\{(\w+)\}\}", template))


def _sample_params(template: str, number: int) -> dict[str, object]:
    return {name: number if spec == "plural" or name in _plural_names(template) else f"‹{name}›"
            for name, spec in _fields(template)}


def _plural_names(template: str) -> set[str]:
    return {name for name, spec in _fields(template) if spec == "plural"}


def test_every_language_has_a_locale_file() -> None:
    assert i18n.available_languages() == ["de", *sorted(TRANSLATED)]


@pytest.mark.parametrize("language", TRANSLATED)
def test_locale_has_exactly_the_german_keys(language: str) -> None:
    german, translated = set(site_messages("de")), set(site_messages(language))
    assert sorted(german - translated) == [], f"{language}.yml lacks keys"
    assert sorted(translated - german) == [], f"{language}.yml has keys de.yml does not"
    assert all(isinstance(text, str) and text.strip() for text in site_messages(language).values())


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_are_the_german_ones(language: str) -> None:
    german = site_messages("de")
    differing = {key: (_placeholders(german[key]), _placeholders(text))
                 for key, text in site_messages(language).items() if _placeholders(text) != _placeholders(german[key])}
    assert differing == {}


def test_the_placeholder_check_sees_a_renamed_placeholder() -> None:
    assert _placeholders("{count} {count:Eintrag|Einträge}") == _placeholders("{count} {count:one=x|other=y}")
    assert _placeholders("{name} am {date}") != _placeholders("{name} on {datum}")
    assert _placeholders("{{shown}} von {{total}}") != _placeholders("{{shown}} of {{all}}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_templates_fit_the_language(language: str) -> None:
    problems = {}
    for key, template in site_messages(language).items():
        for _, name, spec, _ in string.Formatter().parse(template):
            if name is not None and spec and "|" in spec:
                try:
                    plural_forms(spec, language)
                except ValueError as problem:
                    problems[key] = str(problem)
    assert problems == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_renders_with_sample_values(language: str) -> None:
    for key, template in site_messages(language).items():
        for number in SAMPLE_NUMBERS:
            text = t(key, language, **_sample_params(template, number))
            assert not re.search(r"\b(zero|one|two|few|many|other)=", text), (key, text)
            if _plural_names(template):
                assert "|" not in text, (key, text)


def test_plural_categories_come_from_babel() -> None:
    assert plural_categories("de") == ("one", "other")
    assert plural_categories("ru") == ("one", "few", "many", "other")
    assert plural_categories("uk") == ("one", "few", "many", "other")
    assert plural_categories("ar") == ("zero", "one", "two", "few", "many", "other")
    for language in LANGUAGES:
        assert set(plural_categories(language)) == Locale.parse(language).plural_form.tags | {"other"}


@pytest.mark.parametrize("language", ["ru", "uk", "ar"])
def test_each_plural_category_gets_its_own_form(language: str) -> None:
    """Every category Babel's rules pick for the sample numbers yields the form written for it."""
    rule = Locale.parse(language).plural_form
    template = "{count} {count:" + "|".join(f"{c}=<{c}>" for c in plural_categories(language)) + "}"
    i18n.site_messages(language)["test.plural"] = template
    try:
        for number in SAMPLE_NUMBERS:
            assert t("test.plural", language, count=number) == f"{number} <{rule(number)}>"
    finally:
        del i18n.site_messages(language)["test.plural"]


def test_translated_plurals_pick_the_right_word() -> None:
    assert t("ui.entries", count=1) == "1 Eintrag" and t("ui.entries", count=2) == "2 Einträge"
    assert t("ui.entries", "en", count=1) == "1 entry" and t("ui.entries", "en", count=2) == "2 entries"
    russian = [t("ui.entries", "ru", count=n) for n in (1, 2, 5, 21)]
    assert len(set(word.split(" ", 1)[1] for word in russian[:3])) == 3 and russian[3].split()[1] == russian[0].split()[1]
    ukrainian = [t("ui.entries", "uk", count=n) for n in (1, 3, 11)]
    assert len(set(word.split(" ", 1)[1] for word in ukrainian)) == 3
    arabic = [t("ui.entries", "ar", count=n).split(" ", 1)[1] for n in (1, 2, 3, 11)]  # one, two, few, many
    assert len(set(arabic)) == 4


def test_the_plural_syntax_rejects_forms_that_do_not_fit() -> None:
    assert plural_forms("Eintrag|Einträge", "de") == {"one": "Eintrag", "other": "Einträge"}
    assert plural_forms("one=файл|few=файла|many=файлов|other=файла", "ru")["many"] == "файлов"
    with pytest.raises(ValueError):
        plural_forms("файл|файлы", "ru")  # two positional forms, Russian has four categories
    with pytest.raises(ValueError):
        plural_forms("one=file|few=files", "en")  # English has no "few", and "other" is missing
    with pytest.raises(ValueError):
        plural_forms("one=x|many=y", "de")


def test_german_templates_are_unchanged_by_the_plural_syntax() -> None:
    assert t("ui.start_counts", organisations=1, offers=3) == "1 Organisation und 3 Angebote."
    assert t("cli.summary_ok", files=2, organisations=1, offers=1) == (
        "OK: 2 Dateien geprüft (1 Organisation, 1 Angebot), keine Fehler"
    )


def test_no_german_left_in_english() -> None:
    german, english = site_messages("de"), site_messages("en")
    # a template of placeholders only ("{weekday} {date}") has no words to translate
    same = {key for key in english if english[key] == german[key]
            and re.search(r"[^\W\d_]", re.sub(r"\{[^{}]*\}", "", english[key]))}
    assert sorted(same - SAME_IN_ENGLISH) == []
    german_words = {key: text for key, text in english.items()
                    if key != "embed.noscript" and GERMAN_MARKERS.search(re.sub(r"\{[^{}]*\}", "", text))}
    assert german_words == {}


def test_the_german_check_can_fail() -> None:
    assert GERMAN_MARKERS.search("Alle Einträge")
    assert GERMAN_MARKERS.search("Route planen und mehr")
    assert not GERMAN_MARKERS.search("All entries and more")


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_declares_language_direction_and_review(language: str) -> None:
    info = meta(language)
    assert info["sprache"] == language
    assert info["richtung"] == Locale.parse(language).text_direction
    assert info["name"].casefold() == Locale.parse(language).get_display_name(language).casefold()
    assert isinstance(info["maschinell"], bool)
    unconfirmed = info["ungeprueft"]
    assert unconfirmed == "alle" or (isinstance(unconfirmed, list) and set(unconfirmed) <= set(site_messages(language)))
    if not info["maschinell"]:
        assert unconfirmed == [], "a confirmed file lists no unconfirmed keys"
    assert info["geprueft_von"] is None or isinstance(info["geprueft_von"], str)


def test_right_to_left_languages() -> None:
    assert [language for language in LANGUAGES if i18n.direction(language) == "rtl"] == ["ar", "fa"]


def test_machine_translations_are_marked_until_confirmed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not is_machine_translated("de")
    assert all(is_machine_translated(language) for language in TRANSLATED)
    assert is_machine_translated("ar", "ui.entries")
    partly = {**meta("en"), "ungeprueft": ["map.title"]}
    monkeypatch.setitem(i18n._catalogue("en"), "meta", partly)
    assert is_machine_translated("en") and is_machine_translated("en", "map.title")
    assert not is_machine_translated("en", "ui.entries")
    monkeypatch.setitem(i18n._catalogue("en"), "meta", {**partly, "maschinell": False, "ungeprueft": []})
    assert not is_machine_translated("en") and not is_machine_translated("en", "map.title")


def test_editor_texts_are_german_only_and_separate() -> None:
    assert set(editor_messages()).isdisjoint(site_messages("de"))
    assert t("yaml.tab", "ar") == t("yaml.tab") == "Tabulator in der Einrückung – nur Leerzeichen verwenden"
    assert t("ui.filter.reset", "en") == "Reset filters"
    assert t("ui.filter.reset", "de") == "Filter zurücksetzen"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_key_raises(language: str) -> None:
    with pytest.raises(KeyError):
        t("ui.no_such_key", language)


def test_a_language_without_file_speaks_german_and_a_bad_tag_raises() -> None:
    # a city may list a language before its translation exists: German texts and German plurals
    assert t("ui.entries", "xx", count=1) == t("ui.entries", "de", count=1)
    with pytest.raises(KeyError):
        t("ui.entries", "../de", count=1)


def test_locale_files_are_read_once() -> None:
    i18n._catalogue.cache_clear()
    i18n.messages.cache_clear()
    i18n.site_messages.cache_clear()
    for _ in range(3):
        for language in LANGUAGES:
            t("ui.entries", language, count=2)
    assert i18n._catalogue.cache_info().misses == len(LANGUAGES)


def test_locale_is_read_with_the_safe_loader_only() -> None:
    source = Path(i18n.__file__).read_text("utf-8")
    unsafe = [node.lineno for node in ast.walk(ast.parse(source))
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and isinstance(node.func.value, ast.Name) and node.func.value.id == "yaml"
              and node.func.attr in {"load", "unsafe_load", "full_load", "load_all"}]
    assert unsafe == [] and "SafeLoader" in source


@pytest.mark.parametrize("language", LANGUAGES)
def test_material_has_its_own_translation_for_the_language(language: str) -> None:
    """The theme's chrome (search box, menu, "skip to content") comes from Material's bundled
    translations; an upgrade that dropped one of our languages would leave it English."""
    partial = Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{language}.html"
    assert partial.is_file()
    assert "search.placeholder" in partial.read_text("utf-8")
