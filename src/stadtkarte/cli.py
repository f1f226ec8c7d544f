"""The ``stadtkarte`` command: argument parsing, then a call into the package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from .catalogue import OFFERS, ORGANISATIONS, load_catalogue
from .i18n import t
from .problems import Problem
from .scaffold import Answers, offer_yaml, organisation_yaml, write_new
from .schema import stale_schemas, write_schemas
from .models import slugify
from .yamlsource import load_file


def _report(problems: list[Problem], files: int, organisations: int, offers: int, fmt: str) -> int:
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    for problem in problems:
        print(problem.format_github() if fmt == "github" else problem.format())
    if errors:
        summary = t("cli.summary_errors", errors=len(errors), bad=len({p.file for p in errors}), files=files)
    else:
        summary = t("cli.summary_ok", files=files, organisations=organisations, offers=offers)
    if warnings:
        summary += ", " + t("cli.summary_warnings", warnings=len(warnings))
    print(summary)
    return 1 if errors else 0


def cmd_validate(args: argparse.Namespace) -> int:
    data = Path(args.data)
    if not data.is_dir():
        print(t("cli.no_data", path=data), file=sys.stderr)
        return 2
    catalogue, problems = load_catalogue(data)
    if args.files:
        wanted = {Path(f).resolve() for f in args.files}
        problems = [p for p in problems if p.file.resolve() in wanted]
    return _report(problems, catalogue.files, len(catalogue.organisations), len(catalogue.offers), args.format)


def cmd_schema(args: argparse.Namespace) -> int:
    folder = Path(args.out)
    if args.check:
        stale = stale_schemas(folder)
        for path in stale:
            print(t("cli.schema_stale", path=path))
        return 1 if stale else 0
    for path in write_schemas(folder):
        print(t("cli.schema_written", path=path))
    return 0


def _ask(prompt: str, given: str | None, choices: Sequence[str] | None = None, default: str | None = None) -> str:
    """The flag's value, or an answer typed at the prompt (checked against ``choices``)."""
    value = given
    while True:
        if value is None:
            if not sys.stdin.isatty():
                value = default or ""
            else:
                suffix = f" [{default}]" if default else ""
                value = input(f"{prompt}{suffix}: ").strip() or (default or "")
        if choices is None or value in choices:
            return value
        print(t("cli.invalid_answer", value=value, choices=", ".join(choices)), file=sys.stderr)
        if not sys.stdin.isatty():
            raise SystemExit(2)
        value = None


def cmd_new(args: argparse.Namespace) -> int:
    data = Path(args.data)
    catalogue, _ = load_catalogue(data)
    categories = list(catalogue.taxonomy.categories) if catalogue.taxonomy else []
    municipalities = list(catalogue.municipalities)
    if args.kind == "organisation":
        name = _ask(t("cli.ask_name"), args.name)
        answers = Answers(name=name, category=_ask(t("cli.ask_category", choices=", ".join(categories)), args.kategorie, categories))
        answers.street = _ask(t("cli.ask_street"), args.strasse, default="") or None
        if answers.street:
            answers.postcode = _ask(t("cli.ask_plz"), args.plz)
            answers.town = _ask(t("cli.ask_town"), args.ort)
            answers.municipality = _ask(
                t("cli.ask_municipality", choices=", ".join(municipalities)), args.kommune, municipalities,
                default=municipalities[0] if municipalities else None,
            )
        folder, render = ORGANISATIONS, organisation_yaml
    else:
        name = _ask(t("cli.ask_title"), args.name)
        kinds = list(catalogue.taxonomy.offer_types) if catalogue.taxonomy else []
        answers = Answers(
            name=name,
            category=_ask(t("cli.ask_category", choices=", ".join(categories)), args.kategorie, categories),
            organisation=_ask(t("cli.ask_organisation"), args.organisation, list(catalogue.organisations)),
            kind=_ask(t("cli.ask_kind", choices=", ".join(kinds)), args.art, kinds),
        )
        folder, render = OFFERS, offer_yaml
    slug = _ask(t("cli.ask_slug"), args.slug, default=slugify(name))
    path = data / folder / f"{slug}.yml"
    if path.exists():
        print(t("cli.exists", path=path), file=sys.stderr)
        return 1
    write_new(path, render(answers, date.today()))
    print(t("cli.written", path=path))
    loaded = load_file(path)
    _, problems = load_catalogue(data)
    mine = [p for p in problems if p.file == path and p.is_error] + loaded.problems
    if mine:
        print(t("cli.new_invalid"), file=sys.stderr)
        for problem in mine:
            print(problem.format(), file=sys.stderr)
        return 1
    print(t("cli.new_check"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stadtkarte", description="Verzeichnis und Stadtkarte Integration")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="Daten prüfen und alle Fehler mit Zeile und Spalte melden")
    validate.add_argument("--data", default="data", help="Datenordner (Standard: data)")
    validate.add_argument("--format", choices=("text", "github"), default="text", help="Ausgabeformat")
    validate.add_argument("files", nargs="*", help="nur Probleme dieser Dateien melden")
    validate.set_defaults(func=cmd_validate)

    schema = sub.add_parser("schema", help="JSON-Schemas für Editoren erzeugen")
    schema.add_argument("--out", default="schema", help="Zielordner (Standard: schema)")
    schema.add_argument("--check", action="store_true", help="nur prüfen, ob die Schemas aktuell sind")
    schema.set_defaults(func=cmd_schema)

    new = sub.add_parser("new", help="neue Datei für eine Organisation oder ein Angebot anlegen")
    new.add_argument("kind", choices=("organisation", "angebot"))
    new.add_argument("--data", default="data")
    new.add_argument("--name", help="Name der Organisation bzw. Titel des Angebots")
    new.add_argument("--slug", help="Dateiname ohne .yml")
    new.add_argument("--kategorie")
    new.add_argument("--strasse")
    new.add_argument("--plz")
    new.add_argument("--ort")
    new.add_argument("--kommune")
    new.add_argument("--organisation")
    new.add_argument("--art")
    new.set_defaults(func=cmd_new)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
