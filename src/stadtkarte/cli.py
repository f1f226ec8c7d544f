"""The ``stadtkarte`` command: argument parsing, then a call into the package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from . import gate
from .catalogue import OFFERS, ORGANISATIONS, load_catalogue
from .entries import Catalogue
from .i18n import t
from .problems import Problem, os_reason
from .scaffold import Answers, NoAnswer, Prompter, offer_yaml, organisation_yaml, write_new
from .schema import stale_schemas, write_schemas
from .settings import SettingsError, check_settings
from .models import slugify


def _report(
    problems: list[Problem], files: int, organisations: int, offers: int, fmt: str, dependent: list[Problem] | None = None
) -> int:
    """Print the problems and a summary; ``dependent``: errors in files other than the ones asked
    about, which the change broke (a category removed, an organisation renamed, …)."""
    dependent = dependent or []
    errors = [p for p in problems if p.is_error] + dependent
    warnings = [p for p in problems if p.severity == "warnung"]
    notes = [p for p in problems if p.severity == "hinweis"]
    for problem in [*problems, *dependent]:
        print(problem.format_github() if fmt == "github" else problem.format())
    if dependent:
        print(t("cli.summary_dependent", count=len(dependent)))
    if errors:
        summary = t("cli.summary_errors", errors=len(errors), bad=len({p.file for p in errors}), files=files)
    else:
        summary = t("cli.summary_ok", files=files, organisations=organisations, offers=offers)
    if warnings:
        summary += ", " + t("cli.summary_warnings", count=len(warnings))
    if notes:
        summary += ", " + t("cli.summary_notes", count=len(notes))
    print(summary)
    return 1 if errors else 0


def cmd_validate(args: argparse.Namespace) -> int:
    data = Path(args.data)
    if not data.is_dir():
        print(t("cli.no_data", path=data), file=sys.stderr)
        return 2
    from .cacheclean import stored_secrets

    catalogue, problems = load_catalogue(data)
    problems = sorted([*problems, *stored_secrets(catalogue, Path(args.config))])  # geocode cache, house CSV
    problems = check_settings(Path(args.config)) + problems  # mkdocs.yml → extra.stadtkarte
    from .issueform import stale_forms

    problems += stale_forms(catalogue, Path(args.config).parent / ".github" / "ISSUE_TEMPLATE")  # a warning
    if args.base:
        from .history import protection_changes

        problems = sorted([*problems, *protection_changes(data, args.base)])
    dependent: list[Problem] = []
    if args.files:  # the whole data set is always checked: a change can break other files
        wanted = {Path(f).resolve() for f in args.files}
        dependent = [p for p in problems if p.file.resolve() not in wanted and p.is_error]
        problems = [p for p in problems if p.file.resolve() in wanted]
    return _report(
        problems, catalogue.files, len(catalogue.organisations), len(catalogue.offers), args.format, dependent
    )


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


def cmd_new(args: argparse.Namespace) -> int:
    prompter = Prompter()
    try:
        return _new(args, prompter)
    except NoAnswer:
        if prompter.unanswered:  # the input ended before this question (else: the answer was refused, said above)
            print(t("cli.input_ended", prompt=prompter.unanswered), file=sys.stderr)
        return 2


def _new(args: argparse.Namespace, prompter: Prompter) -> int:
    ask = prompter.ask
    data = Path(args.data)
    catalogue, _ = load_catalogue(data)
    categories = list(catalogue.taxonomy.categories) if catalogue.taxonomy else []
    municipalities = list(catalogue.municipalities)
    if args.kind == "organisation":
        name = ask(t("cli.ask_name"), args.name, required=True)
        answers = Answers(name=name, category=ask(t("cli.ask_category", choices=", ".join(categories)), args.kategorie, categories))
        answers.street = ask(t("cli.ask_street"), args.strasse, default="") or None
        if answers.street:
            answers.postcode = ask(t("cli.ask_plz"), args.plz, required=True)
            answers.town = ask(t("cli.ask_town"), args.ort, required=True)
            answers.municipality = ask(
                t("cli.ask_municipality", choices=", ".join(municipalities)), args.kommune, municipalities,
                default=municipalities[0] if municipalities else None,
            )
        folder, render = ORGANISATIONS, organisation_yaml
    else:
        name = ask(t("cli.ask_title"), args.name, required=True)
        kinds = list(catalogue.taxonomy.offer_types) if catalogue.taxonomy else []
        answers = Answers(
            name=name,
            category=ask(t("cli.ask_category", choices=", ".join(categories)), args.kategorie, categories),
            organisation=ask(t("cli.ask_organisation"), args.organisation, sorted(catalogue.organisations)),
            kind=ask(t("cli.ask_kind", choices=", ".join(kinds)), args.art, kinds),
        )
        folder, render = OFFERS, offer_yaml
    slug = ask(t("cli.ask_slug"), args.slug, default=slugify(name))
    path = data / folder / f"{slug}.yml"
    if path.exists():
        print(t("cli.exists", path=path), file=sys.stderr)
        return 1
    text = render(answers, date.today())
    verdict = gate.check_file(path, text, data)  # the same checks as "validate", before writing
    if verdict.refused:
        print(t("cli.new_refused"), file=sys.stderr)
        for problem in verdict.refusals:
            print(problem.format(), file=sys.stderr)
        return 3
    write_new(path, text)
    print(t("cli.written", path=path))
    # the TODO texts are there to be replaced: they are the next step, not a failure of "new"
    mine = [p for p in verdict.problems if p.rule != "placeholder"]
    if mine:
        print(t("cli.new_invalid"), file=sys.stderr)
        for problem in mine:
            print(problem.format(), file=sys.stderr)
        return 1
    print(t("cli.new_check"))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from . import emit
    from .pipeline import generate
    from .settings import load_settings, site_options

    config = Path(args.config)
    settings = load_settings(config)
    catalogue, problems = load_catalogue(settings.data_dir)
    errors = [p for p in problems if p.is_error]
    if errors:
        for problem in errors:
            print(problem.format(), file=sys.stderr)
        return 1
    try:
        options = site_options(settings)
    except SettingsError as error:  # an unusable setting: its German message
        print(error, file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        count = emit.write_tree(out, config, generate(catalogue, options))
        print(t("cli.generated", count=count, path=out))
        if args.build:
            emit.build_with_zensical(out)
            print(t("emit.built", path=out / emit.SITE_DIR))
    except emit.EmitError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def _write_or_check(path: Path, text: str, check: bool, written: str, stale: str) -> int:
    if check:
        if not path.exists() or path.read_text("utf-8") != text:
            print(t(stale, path=path))
            return 1
        return 0
    from . import atomic

    atomic.write_text(path, text)
    print(t(written, path=path))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from . import report
    from .settings import build_date

    catalogue, _ = load_catalogue(Path(args.data))
    rows = report.collect(catalogue, build_date())
    if args.check_websites:
        rows += report.check_websites(catalogue)
    text = report.render(rows, args.format, websites_checked=args.check_websites)
    if args.out:
        from . import atomic

        atomic.write_text(Path(args.out), text)
    else:
        sys.stdout.write(text)
    return 0


def cmd_issue_forms(args: argparse.Namespace) -> int:
    from .issueform import FORM_FILES, render_form

    catalogue, _ = load_catalogue(Path(args.data))
    status = 0
    for kind, name in FORM_FILES.items():
        path = Path(args.out) / name
        status |= _write_or_check(path, render_form(catalogue, kind), args.check, "cli.form_written", "cli.form_stale")
    return status


#: ``from-issue`` exit codes: written and valid, written with problems, refused (nothing written)
FROM_ISSUE_OK, FROM_ISSUE_PROBLEMS, FROM_ISSUE_REFUSED = 0, 1, 3


def cmd_from_issue(args: argparse.Namespace) -> int:
    from . import atomic
    from .issueform import draft_from_issue, reply, to_yaml
    from .settings import build_date

    body = sys.stdin.read() if args.body == "-" else Path(args.body).read_text("utf-8")
    data = Path(args.data)
    today = build_date()
    catalogue, _ = load_catalogue(data, today)
    draft = draft_from_issue(body, catalogue, today)
    path = data / draft.folder / f"{draft.slug}.yml"
    messages: list[str] = []
    verdict = None
    if not draft.refused:  # the same checks as "validate", before anything is written
        text = to_yaml(draft)
        verdict = gate.check_file(path, text, data, today)
        draft.refused += verdict.reasons()
    if draft.refused or verdict is None:
        status = FROM_ISSUE_REFUSED
        for reason in draft.refused:
            print(reason)
    else:
        atomic.write_text(path, text)
        print(t("cli.from_issue_written", path=path))
        for note in draft.notes:
            print(t("cli.from_issue_note", note=note))
        messages = [problem.format() for problem in verdict.problems]
        for message in messages:
            print(message)
        status = FROM_ISSUE_PROBLEMS if verdict.problems else FROM_ISSUE_OK
    if args.result:
        atomic.write_text(Path(args.result), reply(draft, path.as_posix(), messages))
    return status


def cmd_form_reply(args: argparse.Namespace) -> int:
    """The sentence about the pull request for the issue comment (the workflow only posts it)."""
    key = {"created": "form.reply.pr_created", "updated": "form.reply.pr_updated", "unchanged": "form.reply.unchanged",
           "failed": "form.reply.pr_failed"}
    text = t(key[args.pr_action], url=args.url or "")
    if args.without_token:
        text += "\n\n" + t("form.reply.no_token")
    print(text)
    return 0


def cmd_field_docs(args: argparse.Namespace) -> int:
    from .schema import with_field_docs

    path = Path(args.file)
    return _write_or_check(path, with_field_docs(path.read_text("utf-8")), args.check, "cli.field_docs_written",
                           "cli.field_docs_stale")


def cmd_codeowners(args: argparse.Namespace) -> int:
    from .codeowners import render_codeowners

    catalogue, _ = load_catalogue(Path(args.data))
    text = render_codeowners(catalogue, Path(args.data), default=args.default)
    return _write_or_check(Path(args.out), text, args.check, "cli.codeowners_written", "cli.codeowners_stale")


def _progress(done: int, total: int) -> None:
    if not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r{t('geocode.progress')} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_geocode(args: argparse.Namespace) -> int:
    from . import geocode  # the network code is loaded only by this command
    from .settings import load_settings

    settings = load_settings(Path(args.config))
    geo = settings.geocoder
    for name in ("provider", "domain", "scheme", "user_agent", "csv"):
        if getattr(args, name) is not None:
            setattr(geo, name, getattr(args, name))
    if args.min_delay is not None:
        geo.min_delay_seconds = args.min_delay
    if args.timeout is not None:
        geo.timeout_seconds = args.timeout
    data = Path(args.data) if args.data else settings.data_dir
    if not data.is_dir():
        print(t("cli.no_data", path=data), file=sys.stderr)
        return 2
    if args.aufraeumen:  # only remove what no entry uses: no network, no provider settings needed
        catalogue, _ = load_catalogue(data)
        _clean_cache(catalogue, dry_run=args.dry_run, always=True)
        return 0
    try:  # a dry run sends nothing, so it needs no valid provider settings
        provider = None if args.dry_run else geocode.make_provider(geo, settings.root)
    except geocode.GeocodeConfigError as error:  # German: what to fix in the settings or CSV file
        print(error, file=sys.stderr)
        return 2
    except OSError as error:
        print(t("geocode.config.unreadable", path=error.filename or geo.csv, why=os_reason(error)), file=sys.stderr)
        return 2
    if provider is not None and provider.public:  # the public services' policy: at most one request per second
        geo.min_delay_seconds = max(geo.min_delay_seconds, 1.0)
    catalogue, problems = load_catalogue(data)
    refusals = gate.refusals(problems)  # a secret in the data: nothing is asked, nothing is written
    if refusals:
        print(t("geocode.refused"), file=sys.stderr)
        for problem in refusals:
            print(problem.format(), file=sys.stderr)
        return 3
    _clean_cache(catalogue, dry_run=args.dry_run, always=False)  # also a protected place's old key
    cache = catalogue.geocache
    politeness = geocode.Politeness(geo.min_delay_seconds, geo.max_retries, geo.backoff_seconds)
    report = geocode.run(
        catalogue, provider, cache, politeness=politeness, refresh=args.refresh, dry_run=args.dry_run,
        only=[Path(p) for p in args.only] if args.only else None, progress=_progress,
    )
    if args.dry_run:
        print(t("geocode.dry_run", count=len(report.found)))
        for target in report.found:
            print(f"  {target.query.text()}")
        return 0
    for problem in report.problems(catalogue):
        print(problem.format())
    assert provider is not None
    if report.aborted:
        print(report.aborted)
    print(t(
        "geocode.summary", found=len(report.found), cached=len(report.cached), failed=len(report.failed),
        suspicious=len(report.suspicious), requests=report.requests, provider=provider.name,
    ))
    return 1 if report.failed or report.suspicious or report.aborted else 0


def _clean_cache(catalogue: Catalogue, *, dry_run: bool, always: bool) -> None:
    """Remove the cache keys no current entry uses (the street of a place protected since, an
    entry deleted); says how many (``always``: also none), never which. A dry run only counts."""
    from . import cacheclean

    cache = catalogue.geocache
    if cache is None:
        return
    if dry_run:
        count = len(cacheclean.unused_keys(catalogue, cache))
    else:
        count = cacheclean.clean(catalogue, cache)
        if count:
            cache.save()  # atomic: the whole file or nothing
    if count or always:
        key = "geocode.cleaned_dry_run" if dry_run else ("geocode.cleaned" if count else "geocode.cleaned_none")
        print(t(key, count=count, path=cache.path))


def cmd_privacy(args: argparse.Namespace) -> int:
    """``datenschutz --historie``: the commits that still hold a secret (see historyscan)."""
    from . import historyscan

    if not args.historie:
        print(t("history.scan.what"), file=sys.stderr)
        return 2
    data = Path(args.data)
    if not data.is_dir():
        print(t("cli.no_data", path=data), file=sys.stderr)
        return 2
    catalogue, _ = load_catalogue(data)
    try:
        result = historyscan.scan(catalogue)
    except historyscan.NotARepository:
        print(t("history.scan.no_repository", path=data), file=sys.stderr)
        return 2
    if not result.hits:
        print(t("history.scan.clean", commits=result.commits, secrets=len(result.secrets)))
        return 0
    print(t("history.scan.warning"))
    for hit in result.hits:
        owner = t("history.scan.owner", path=hit.secret.owner) if hit.secret.owner else ""
        what = t(f"history.scan.kind.{hit.secret.kind}")
        print(f"{hit.commit} {hit.date} {hit.file}: {what}{owner}: „{hit.secret.text}“")
    print(t("history.scan.summary", commits=len({h.commit for h in result.hits}), hits=len(result.hits)))
    return 1


def cmd_init(args: argparse.Namespace) -> int:
    from . import citysetup

    try:
        municipalities = [citysetup.parse_municipality(text) for text in args.kommune or []]
    except citysetup.SetupError as error:
        print(error, file=sys.stderr)
        return 2
    answers = citysetup.CityAnswers(
        site_name=args.name or "", publisher=args.traeger or "", contact=args.kontakt or "",
        municipalities=municipalities, reviewers=args.pruefende, repo_url=args.repo, site_url=args.site_url,
        address=args.anschrift,
    )
    if args.kacheln_eigene is not None:
        try:
            answers.own_tiles = citysetup.parse_yes_no(args.kacheln_eigene)
        except citysetup.SetupError as error:
            print(error, file=sys.stderr)
            return 2
    return citysetup.run(Path(args.ziel), answers, replace=args.ersetzen)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stadtkarte", description="Verzeichnis und Stadtkarte Integration")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="Daten prüfen und alle Fehler mit Zeile und Spalte melden")
    validate.add_argument("--data", default="data", help="Datenordner (Standard: data)")
    validate.add_argument("--format", choices=("text", "github"), default="text", help="Ausgabeformat")
    validate.add_argument("--config", default="mkdocs.yml", help="Einstellungen, die mitgeprüft werden (Standard: mkdocs.yml)")
    validate.add_argument(
        "--base", metavar="REV",
        help="mit diesem Git-Stand vergleichen (z. B. origin/main): ein geschützter Ort darf nur mit "
        "„standort_freigegeben: ja“ öffentlich werden",
    )
    validate.add_argument(
        "files", nargs="*",
        help="die geänderten Dateien: ihre Probleme melden; geprüft werden immer alle Dateien, Fehler in "
        "anderen Dateien, die von der Änderung abhängen, werden eigens gemeldet",
    )
    validate.set_defaults(func=cmd_validate)

    schema = sub.add_parser("schema", help="JSON-Schemas für Editoren erzeugen")
    schema.add_argument("--out", default="schema", help="Zielordner (Standard: schema)")
    schema.add_argument("--check", action="store_true", help="nur prüfen, ob die Schemas aktuell sind")
    schema.set_defaults(func=cmd_schema)

    geo = sub.add_parser("geocode", help="Koordinaten für neue Adressen holen (nur dieser Befehl nutzt das Netz)")
    geo.add_argument("--config", default="mkdocs.yml", help="Einstellungen (Standard: mkdocs.yml)")
    geo.add_argument("--data", help="Datenordner (Standard: aus mkdocs.yml, sonst data)")
    geo.add_argument("--refresh", action="store_true", help="auch Adressen aus dem Cache neu abfragen")
    geo.add_argument("--dry-run", action="store_true", help="nur zeigen, was abgefragt würde")
    geo.add_argument(
        "--aufraeumen", action="store_true",
        help="nur aus dem Cache entfernen, was kein Eintrag mehr nutzt (z. B. die Straße eines inzwischen "
        "geschützten Orts), ohne Netz; das tut auch jeder normale Lauf",
    )
    geo.add_argument("--only", nargs="+", metavar="PATH", help="nur diese Dateien")
    geo.add_argument("--provider", choices=("nominatim", "photon", "csv"))
    geo.add_argument("--domain", help="HOST:PORT eines eigenen Nominatim/Photon")
    geo.add_argument("--scheme", choices=("http", "https"))
    geo.add_argument("--user-agent", dest="user_agent", help="Name und Kontakt, z. B. \"stadtkarte (integration@stadt.de)\"")
    geo.add_argument("--csv", help="CSV mit Hauskoordinaten (Anbieter csv)")
    geo.add_argument("--min-delay", dest="min_delay", type=float, help="Sekunden zwischen Anfragen")
    geo.add_argument("--timeout", type=float, help="Sekunden bis zum Abbruch einer Anfrage")
    geo.set_defaults(func=cmd_geocode)

    generate = sub.add_parser("generate", help="alle Seiten, Dateien und zensical.toml für Zensical schreiben (ohne MkDocs-Hooks)")
    generate.add_argument("--out", required=True, help="Zielordner, z. B. build/zensical (darin docs/ und zensical.toml)")
    generate.add_argument("--config", default="mkdocs.yml", help="Einstellungen (Standard: mkdocs.yml)")
    generate.add_argument("--build", action="store_true", help="danach mit Zensical bauen (Website in ZIELORDNER/site)")
    generate.set_defaults(func=cmd_generate)

    rep = sub.add_parser("report", help="Bericht fürs Integrationsbüro: veraltet, ohne Koordinaten, sucht Hilfe")
    rep.add_argument("--data", default="data")
    rep.add_argument("--format", choices=("text", "markdown", "csv"), default="text")
    rep.add_argument("--out", help="in diese Datei schreiben statt auf den Bildschirm")
    rep.add_argument("--check-websites", action="store_true", help="auch prüfen, ob die Webseiten antworten (Netz)")
    rep.set_defaults(func=cmd_report)

    forms = sub.add_parser("issue-forms", help="GitHub-Formulare für Einträge und Angebote aus den Daten erzeugen")
    forms.add_argument("--data", default="data")
    forms.add_argument("--out", default=".github/ISSUE_TEMPLATE")
    forms.add_argument("--check", action="store_true", help="nur prüfen, ob die Formulare aktuell sind")
    forms.set_defaults(func=cmd_issue_forms)

    issue = sub.add_parser("from-issue", help="aus einem ausgefüllten Formular (Issue-Text) eine YAML-Datei machen")
    issue.add_argument("body", help="Datei mit dem Issue-Text oder - für die Standardeingabe")
    issue.add_argument("--data", default="data")
    issue.add_argument("--result", help="die Antwort fürs Issue (Markdown) in diese Datei schreiben")
    issue.set_defaults(func=cmd_from_issue)

    answer = sub.add_parser("form-reply", help="Satz zum Pull Request für die Antwort im Issue (für den Workflow)")
    answer.add_argument("pr_action", choices=("created", "updated", "unchanged", "failed"))
    answer.add_argument("--url", help="Adresse des Pull Requests")
    answer.add_argument("--without-token", action="store_true", help="Hinweis: Prüfung startet ohne STADTKARTE_TOKEN nicht")
    answer.set_defaults(func=cmd_form_reply)

    fdocs = sub.add_parser("field-docs", help="Feldbeschreibungen in CONTRIBUTING.md aus dem Schema erneuern")
    fdocs.add_argument("--file", default="CONTRIBUTING.md")
    fdocs.add_argument("--check", action="store_true", help="nur prüfen, ob sie aktuell sind")
    fdocs.set_defaults(func=cmd_field_docs)

    owners = sub.add_parser("codeowners", help="CODEOWNERS aus data/kommunen.yml → pruefende erzeugen")
    owners.add_argument("--data", default="data")
    owners.add_argument("--out", default=".github/CODEOWNERS")
    owners.add_argument("--default", default=None, help="Prüfende für alles andere, z. B. @stadt/integration")
    owners.add_argument("--check", action="store_true", help="nur prüfen, ob die Datei aktuell ist")
    owners.set_defaults(func=cmd_codeowners)

    privacy = sub.add_parser("datenschutz", help="Datenschutz prüfen: --historie sucht Geheimnisse in der Git-Geschichte")
    privacy.add_argument(
        "--historie", action="store_true",
        help="alle Commits nennen, die Straße, Zusatz oder genauen Punkt eines heute geschützten Orts oder den Namen "
        "einer Ansprechperson ohne Einverständnis enthalten (Ende 1, wenn etwas gefunden wurde)",
    )
    privacy.add_argument("--data", default="data", help="Datenordner (Standard: data)")
    privacy.set_defaults(func=cmd_privacy)

    init = sub.add_parser("init", help="sauberer Anfang für eine neue Stadt: Kommunen, leere Datenordner, Einstellungen")
    init.add_argument("--ziel", default=".", help="Ordner des Projekts (Standard: hier)")
    init.add_argument("--name", help="Name der Website, z. B. \"Integration im Musterkreis\"")
    init.add_argument("--traeger", help="wer die Daten veröffentlicht, z. B. \"Landratsamt Musterkreis\"")
    init.add_argument("--kontakt", help="E-Mail-Adresse der Stadt (Geocoding-Dienste, „Fehler melden“, Impressum)")
    init.add_argument("--anschrift", help="Anschrift des Trägers fürs Impressum, z. B. \"Marktplatz 1, 71634 Ludwigsburg\"")
    init.add_argument("--kommune", action="append", metavar="NAME;AGS;BREITE;LÄNGE",
                      help="eine Kommune, mehrfach möglich, z. B. \"Musterstadt;09999001;49.90;10.90\"")
    init.add_argument("--pruefende", help="GitHub-Team oder -Konten, die Änderungen prüfen, z. B. @landkreis/integration")
    init.add_argument("--repo", help="Adresse des Repositorys, z. B. https://github.com/landkreis/stadtkarte")
    init.add_argument("--site-url", dest="site_url", help="künftige Adresse der Website (https://…)")
    init.add_argument("--kacheln-eigene", dest="kacheln_eigene", nargs="?", const="ja", metavar="ja|nein",
                      help="gehört der Kartenserver der Stadt selbst? Nur dann lädt die Karte ohne Zwei-Klick-Lösung "
                           "(Standard: nein; ohne die Angabe fragt init)")
    init.add_argument("--ersetzen", action="store_true", help="vorhandene Einträge (Beispieldaten) löschen")
    init.set_defaults(func=cmd_init)

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
