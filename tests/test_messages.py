"""The message catalogue: every text an editor reads says what to do, in German — no regular
expression, no English, no raw exception text. Plus the editors' habits the validator accepts."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import jsonschema
import pytest

from stadtkarte.i18n import messages, t
from stadtkarte.languages import direction, german_name, is_language_code, suggest_language_code
from stadtkarte.models import Organisation
from stadtkarte.richtext import bullets_to_markdown, to_html
from stadtkarte.schema import build_schema
from stadtkarte.validation import model_problems
from stadtkarte.yamlsource import load_text

from .conftest import ROOT

SOURCE = ROOT / "src" / "stadtkarte"

#: what a regular expression looks like inside a message
REGEX_SIGNS = [
    r"\^", r"\\[dswbDSWB]", r"\[(?:a-z|A-Z|0-9|\^)", r"\(\?[:=!<]", r"\.\*", r"\.\+", r"\]\{\d", r"\]\+", r"\$$",
    r"\$[\"'“)]",
]
#: English words that gave pydantic's, PyYAML's or urllib3's texts away
ENGLISH = [
    "expected", "invalid", "error", "must", "not found", "required", "missing", "should", "cannot", "failed",
    "unknown", "string", "integer", "pattern", "match", "value", "input", "field", "traceback", "exception",
    "refused", "connection", "timeout", "timed out", "denied", "permission", "file", "type", "please",
]
#: placeholders filled with exception text, or with a regular expression ("pattern")
RAW_PLACEHOLDERS = {"error", "reason", "detail", "exception", "exc", "msg", "strerror", "err", "pattern"}
#: message groups an editor (or the city's staff running a command) reads
EDITOR_KEYS = ("file.", "cache.", "yaml.", "validation.", "rule.", "geocode.", "cli.", "found.", "history.")


def _words(template: str) -> str:
    """The template's own text, without its {placeholders}."""
    return re.sub(r"\{[^{}]*\}", " ", template.replace("{{", "").replace("}}", ""))


def editor_messages() -> dict[str, str]:
    return {key: text for key, text in messages().items() if key.startswith(EDITOR_KEYS)}


def test_catalogue_covers_the_editor_messages() -> None:
    assert len(editor_messages()) > 150


@pytest.mark.parametrize("key", sorted(editor_messages()))
def test_no_regular_expression_in_messages(key: str) -> None:
    text = _words(editor_messages()[key])
    for sign in REGEX_SIGNS:
        assert not re.search(sign, text), f"{key}: looks like a regular expression ({sign}): {text}"


@pytest.mark.parametrize("key", sorted(editor_messages()))
def test_no_english_in_messages(key: str) -> None:
    text = _words(editor_messages()[key]).casefold()
    for word in ENGLISH:
        assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), f"{key}: English „{word}“: {text}"


@pytest.mark.parametrize("key", sorted(messages()))
def test_no_placeholder_takes_exception_text(key: str) -> None:
    names = {name.split(":")[0].split("!")[0] for name in re.findall(r"(?<!\{)\{([^{}]+)\}", messages()[key])}
    assert not names & RAW_PLACEHOLDERS, f"{key}: {names & RAW_PLACEHOLDERS}"


def test_the_scan_catches_what_it_is_for() -> None:
    """The checks above must be able to fail: the texts the issue complained about are caught."""
    bad = {
        "regex": "„{value}“ hat nicht das erwartete Format ^\\d{{8}}$",
        "colour": "„{value}“ passt nicht zu ^#[0-9a-fA-F]{{6}}$",
        "english": "Input should be a valid boolean",
    }
    assert any(re.search(sign, _words(bad["regex"])) for sign in REGEX_SIGNS)
    assert any(re.search(sign, _words(bad["colour"])) for sign in REGEX_SIGNS)
    assert any(re.search(rf"(?<![\w-]){w}(?![\w-])", bad["english"].casefold()) for w in ENGLISH)
    assert re.findall(r"(?<!\{)\{([^{}]+)\}", "Datei kann nicht gelesen werden ({reason})") == ["reason"]


#: functions that turn an exception into German words
TRANSLATORS = {"os_reason", "_connection_reason"}
#: attributes of an exception that are numbers or names, not English text
HARMLESS = {"lineno", "colno", "errno", "filename", "pos"}


def _leaks(node: ast.AST, name: str) -> bool:
    """True when ``node`` puts the exception ``name`` itself (its text) into a value."""
    if isinstance(node, ast.Name):
        return node.id == name
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name:
        return node.attr not in HARMLESS
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id in TRANSLATORS:
            return False
        if node.func.id == "getattr" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
            return node.args[1].value not in HARMLESS and _leaks(node.args[0], name)
    return any(_leaks(child, name) for child in ast.iter_child_nodes(node))


def _exception_leaks(tree: ast.AST) -> list[str]:
    """Places where an exception caught as ``except X as name`` reaches a message: a ``t()``
    argument or a ``print()``/``Problem`` built from its text (our own German exception classes
    aside)."""
    german = {"GeocodeConfigError", "GeocodeError", "SettingsError", "EmitError", "SetupError"}
    found = []
    for handler in ast.walk(tree):
        if not isinstance(handler, ast.ExceptHandler) or not handler.name:
            continue
        caught = ast.unparse(handler.type) if handler.type else ""
        if any(name in caught for name in german):
            continue
        for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
            if not isinstance(node, ast.Call):
                continue
            func = ast.unparse(node.func)
            if func not in ("t", "print", "Problem"):
                continue
            arguments = [*node.args, *(k.value for k in node.keywords if k.arg not in ("file",))]
            if any(_leaks(argument, handler.name) for argument in arguments):
                found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return found


#: modules whose messages reach editors (report.py's website check belongs to the report command)
EDITOR_MODULES = [
    "cacheclean.py", "catalogue.py", "cli.py", "geocache.py", "geocode.py", "history.py", "historyscan.py",
    "housecoords.py", "models.py", "problems.py",
    "validation.py", "yamlsource.py", "languages.py", "richtext.py", "scaffold.py", "i18n.py",
]


@pytest.mark.parametrize("module", EDITOR_MODULES)
def test_no_exception_text_reaches_a_message(module: str) -> None:
    tree = ast.parse((SOURCE / module).read_text("utf-8"))
    assert _exception_leaks(tree) == []


def test_the_code_scan_catches_a_leak() -> None:
    leaky = ast.parse("try:\n    pass\nexcept OSError as error:\n    print(t('file.unreadable', why=str(error)))\n")
    assert _exception_leaks(leaky)
    assert _exception_leaks(ast.parse("try:\n    pass\nexcept ValueError as e:\n    print(f'Fehler: {e.args}')\n"))
    clean = ast.parse("try:\n    pass\nexcept OSError as error:\n    print(t('file.unreadable', why=os_reason(error)))\n")
    assert _exception_leaks(clean) == []


def test_plural_forms() -> None:
    assert t("ui.entries", count=1) == "1 Eintrag"
    assert t("ui.entries", count=2) == "2 Einträge"
    assert t("ui.start_counts", organisations=1, offers=1) == "1 Organisation und 1 Angebot."
    assert t("cli.summary_ok", files=1, organisations=1, offers=0) == (
        "OK: 1 Datei geprüft (1 Organisation, 0 Angebote), keine Fehler"
    )
    assert t("validation.too_short", min_length=1, example="kategorien: [beratung]").startswith("braucht mindestens 1 Eintrag")


# --- editors' habits --------------------------------------------------------------------------

BASE = "name: Testverein\nkategorien: [beratung]\nbeschreibung: Ein Verein.\ngeprueft_am: 2025-10-24\n"


def _validate(extra: str) -> tuple[Organisation | None, list[str]]:
    loaded = load_text(Path("t.yml"), BASE + extra)
    assert loaded.problems == []
    model, problems = model_problems(loaded, Organisation)
    return model, [p.format() for p in problems]


@pytest.mark.parametrize(
    ("written", "meant"),
    [("ja", True), ("nein", False), ("Ja", True), ("NEIN", False), ("„ja“", True), ("„nein“", False),
     ('"nein"', False), ("true", True), ("false", False), ("'Nein'", False)],
)
def test_yes_no_as_editors_write_it(written: str, meant: bool) -> None:
    model, problems = _validate(f"online: {written}\nsichtbar: {written}\n")
    assert problems == []
    assert model.online is meant and model.visible is meant


def test_yes_no_other_text_says_what_to_write() -> None:
    _, problems = _validate("online: vielleicht\n")
    assert problems == [
        "t.yml:5:1: online: „vielleicht“ ist weder ja noch nein – ja oder nein schreiben (true/false geht auch), "
        "z. B. online: true"
    ]


@pytest.mark.parametrize("phone", ["(07999) 4 33 21", "(07141) 910-0", "+49 7141 910-0", "07141/910-0", "115"])
def test_phone_forms_the_message_allows_are_accepted(phone: str) -> None:
    _, problems = _validate(f'kontakt:\n  telefon: "{phone}"\n')
    assert problems == []


@pytest.mark.parametrize("plz", ["79999", '"79999"', '"01067"', "01067", "7999", '"7999"', "799999", '"7999a"', "-79999"])
def test_plz_rule_is_the_same_in_validator_and_schema(plz: str) -> None:
    """Unquoted ``plz: 79999`` is accepted by both and held as the text "79999"."""
    extra = f'adresse:\n  strasse: Marktplatz 1\n  plz: {plz}\n  ort: Ludwigsburg\n  kommune: ludwigsburg\n'
    model, problems = _validate(extra)
    loaded = load_text(Path("t.yml"), BASE + extra)
    try:
        jsonschema.validate(loaded.data, build_schema("organisation"))
        schema_ok = True
    except jsonschema.ValidationError:
        schema_ok = False
    assert schema_ok == (problems == []), (plz, problems)
    if schema_ok:
        assert model.address.postcode == plz.strip('"') and isinstance(model.address.postcode, str)


def test_yes_no_schema_accepts_ja_nein() -> None:
    schema = build_schema("organisation")
    loaded = load_text(Path("t.yml"), BASE + "online: ja\nsichtbar: Nein\n")
    jsonschema.validate(loaded.data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(load_text(Path("t.yml"), BASE + "online: vielleicht\n").data, schema)


def test_iso_639_3_codes_without_a_two_letter_code() -> None:
    for code in ("prs", "ckb", "kmr", "sdh"):
        assert is_language_code(code), code
    assert german_name("prs") == "Dari" and direction("prs") == "rtl"
    assert german_name("ckb") == "Zentralkurdisch" and direction("ckb") == "rtl"
    assert not is_language_code("tur") and suggest_language_code("tur") == "tr"
    assert not is_language_code("pes") and suggest_language_code("pes") == "fa"
    assert suggest_language_code("fa-AF") == "prs" and suggest_language_code("Dari") == "prs"
    assert suggest_language_code("Farsi") == "fa" and suggest_language_code("farsi") == "fa"  # not a hint towards Dari
    model, problems = _validate("sprachen: [prs, ckb, kmr]\n")
    assert problems == [] and model.languages == ["prs", "ckb", "kmr"]


def test_description_in_dari() -> None:
    loaded = load_text(Path("t.yml"), BASE.replace("beschreibung: Ein Verein.", "beschreibung:\n  de: Ein Verein.\n  prs: متن"))
    model, problems = model_problems(loaded, Organisation)
    assert problems == [] and set(model.description) == {"de", "prs"}


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Wir bieten:\n•\tBeratung\n•\tKurse", "<p>Wir bieten:</p>\n<ul>\n<li>Beratung</li>\n<li>Kurse</li>\n</ul>"),
        ("– eins\n– zwei\nDanach.", "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>\n<p>Danach.</p>"),
        ("• eins\n  weiter\n• zwei", "<ul>\n<li>eins\n  weiter</li>\n<li>zwei</li>\n</ul>"),
        ("Von 9 – 12 Uhr.", "<p>Von 9 – 12 Uhr.</p>"),
    ],
)
def test_bullet_lines_become_lists(text: str, html: str) -> None:
    assert to_html(text) == html


def test_bullets_without_bullets_are_untouched() -> None:
    text = "Erste Zeile\n- schon Markdown\n"
    assert bullets_to_markdown(text) == text


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name: X\nbeschreibung: |\n  Erste Zeile.\nZweite Zeile ohne Einrückung.\ngeprueft_am: 2025-01-01\n", 4,
         "Text unter „beschreibung: |“ (Zeile 2) ist nicht eingerückt – jede Zeile des Textes mit mindestens 2 "
         "Leerzeichen beginnen, weiter eingerückt als „beschreibung:“"),
        ("name: X\nbeschreibung:\n  de: |\n  Text direkt unter de.\n  en: x\n", 4,
         "Text unter „de: |“ (Zeile 3) ist nicht eingerückt – jede Zeile des Textes mit mindestens 4 Leerzeichen "
         "beginnen, weiter eingerückt als „de:“"),
    ],
)
def test_unindented_block_text_is_named(text: str, line: int, message: str) -> None:
    [problem] = load_text(Path("t.yml"), text).problems
    assert (problem.line, problem.message) == (line, f"YAML-Syntaxfehler: {message}")


def test_a_real_missing_colon_is_still_a_missing_colon() -> None:
    [problem] = load_text(Path("t.yml"), "name: X\nbeschreibung: Text\nkategorien\n  - beratung\n").problems
    assert "eingerückt als" not in problem.message


def test_unreadable_file_reason_is_german(tmp_path: Path) -> None:
    from stadtkarte.yamlsource import load_file

    [problem] = load_file(tmp_path / "fehlt.yml").problems
    assert problem.message == (
        "Datei kann nicht gelesen werden: es gibt sie nicht – Pfad und Schreibweise prüfen, z. B. "
        "data/organisationen/verein.yml"
    )
    [problem] = load_file(tmp_path).problems
    assert problem.message.endswith("das ist ein Ordner – eine .yml-Datei darin angeben")


def test_schema_shows_no_pattern_the_validator_words_differently() -> None:
    """Every ``pattern`` of the schema has a validator message in words (sk_…), never the pattern."""
    text = json.dumps([build_schema(name) for name in ("organisation", "angebot", "taxonomie", "kommunen")])
    patterns = set(re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', text))
    assert patterns, "the schemas keep their patterns for the editor"
    for template in messages().values():
        for pattern in patterns:
            assert json.loads(f'"{pattern}"') not in template
