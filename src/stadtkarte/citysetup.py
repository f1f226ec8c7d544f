"""``stadtkarte init``: a clean start for a new city or district.

Writes into a checkout of this repository (``target``):

* ``data/kommunen.yml`` with the city's municipalities (name, AGS, centre), ``data/taxonomie.yml``
  with a minimal taxonomy, empty ``data/organisationen/`` and ``data/angebote/`` and an empty
  geocode cache; the sample data is removed (only when asked to: ``replace``);
* the settings in ``mkdocs.yml`` (site name, repository, banner off, licence holder, geocoder
  contact, whether the tile server is the city's own), changed line by line so the file's
  comments stay;
* ``.github/CODEOWNERS`` (reviewers) and, if present, the issue form with the new categories.

The answers come from flags or, for those not given, from questions on standard input (a
terminal or a pipe). Every answer is checked before anything is written, and the data files go
through the input gate (:mod:`.gate`): if ``validate`` would find an error in them, nothing is
written (exit 3).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from . import atomic, gate
from .i18n import t
from .models import slugify
from .yamlsource import load_text

#: the categories, topics and offer types a new city starts with (names may be changed later)
MINIMAL_TAXONOMY = """\
# yaml-language-server: $schema=../schema/taxonomie.schema.json
# Kategorien, Themen, Zielgruppen und Angebotsarten. Kurznamen (links) nicht mehr ändern, sobald
# Dateien darauf verweisen; Namen (rechts) dürfen sich ändern. Erzeugt von „stadtkarte init“.
kategorien:
  beratung:
    name: Beratung
    farbe: "#1f5f8b"
    icon: material/account-voice
    beschreibung: Beratungsstellen für Migration, Aufenthalt, Familie und Alltag.
  sprache-bildung:
    name: Sprache/Bildung
    farbe: "#6a1b9a"
    icon: material/book-open-variant
    beschreibung: Deutschkurse, Sprachcafés und Hausaufgabenhilfe.
  engagement:
    name: Engagement
    farbe: "#2e7d32"
    icon: material/hand-heart
    beschreibung: Vereine, Initiativen und Patenschaften.
themen:
  sprache: {name: Sprache}
  familie: {name: Familie}
zielgruppen:
  alle: {name: Alle}
angebotsarten:
  beratung: {name: Beratung}
  kurs: {name: Kurs}
  treff: {name: Treff}
"""

AGS = re.compile(r"^\d{8}$")
REVIEWERS = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)?$")
#: Germany with a margin: a centre outside is a typo (e.g. latitude and longitude swapped)
LAT_RANGE, LON_RANGE = (47.0, 55.2), (5.8, 15.1)


class SetupError(Exception):
    """An answer that cannot be used; the message is German and says what to write."""


class Refused(SetupError):
    """The data files ``init`` would write do not pass the checks: nothing is written."""


@dataclass
class Municipality:
    name: str
    ags: str
    lat: float
    lon: float

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass
class CityAnswers:
    site_name: str
    publisher: str
    contact: str
    municipalities: list[Municipality] = field(default_factory=list)
    reviewers: str | None = None
    repo_url: str | None = None
    site_url: str | None = None
    #: the publisher's postal address for the Impressum ("Marktplatz 1, 71634 Ludwigsburg"); ""
    #: leaves the template's, which ``validate`` then names as still to fill in
    address: str | None = None
    #: ``kacheln_eigene``: the tile server is the city's own (the map then loads without the
    #: two-click consent); None: ask
    own_tiles: bool | None = None


def parse_municipality(text: str) -> Municipality:
    """``Musterstadt;09999001;49.90;10.90`` → a municipality (name; AGS; latitude; longitude)."""
    parts = [part.strip() for part in text.split(";")]
    if len(parts) != 4 or not parts[0]:
        raise SetupError(t("init.municipality_format", value=text))
    name, ags = parts[0], parts[1]
    if not AGS.match(ags):
        raise SetupError(t("init.ags", value=ags))
    lat, lon = parse_centre(f"{parts[2]}, {parts[3]}")
    return Municipality(name, ags, lat, lon)


def parse_centre(text: str) -> tuple[float, float]:
    """``48.8975, 9.1922`` → (latitude, longitude), both within Germany."""
    try:
        lat, lon = (float(part.strip()) for part in text.replace(";", ",").split(","))
    except ValueError:
        raise SetupError(t("init.centre", value=text)) from None
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        raise SetupError(t("init.centre_outside", value=text))
    return lat, lon


def check_answers(answers: CityAnswers) -> None:
    if not answers.site_name.strip():
        raise SetupError(t("init.required", what=t("init.ask_site_name")))
    if not answers.publisher.strip():
        raise SetupError(t("init.required", what=t("init.ask_publisher")))
    check_contact(answers.contact)
    if not answers.municipalities:
        raise SetupError(t("init.no_municipality"))
    slugs = [m.slug for m in answers.municipalities]
    if len(set(slugs)) != len(slugs):
        raise SetupError(t("init.municipality_twice", value=", ".join(sorted({s for s in slugs if slugs.count(s) > 1}))))
    if answers.reviewers and not all(REVIEWERS.match(r) for r in answers.reviewers.split()):
        raise SetupError(t("init.reviewers", value=answers.reviewers))
    for url in (answers.repo_url, answers.site_url):
        if url and not url.startswith("https://"):
            raise SetupError(t("init.url", value=url))


def check_contact(value: str) -> None:
    """The city's e-mail address: the public geocoders require a real contact."""
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value) or value.endswith(".example"):
        raise SetupError(t("init.contact", value=value))


# --- Asking -------------------------------------------------------------------------------------


class Prompter:
    """Asks on ``output`` and reads one line per answer from ``input`` (a terminal or a pipe)."""

    def __init__(self, input: TextIO, output: TextIO) -> None:  # noqa: A002 - the stream's usual name
        self.input, self.output = input, output

    def ask(self, prompt: str, default: str | None = None, check: Callable[[str], object] | None = None) -> str:
        while True:
            self.output.write(f"{prompt}{f' [{default}]' if default else ''}: ")
            self.output.flush()
            line = self.input.readline()
            if not line:  # end of input: the default, or stop with the question named
                if default is not None:
                    return default
                raise SetupError(t("init.input_ended", what=prompt))
            value = line.strip() or (default or "")
            try:
                if check is not None:
                    check(value)
                return value
            except SetupError as error:
                self.output.write(f"{error}\n")
                if not self.input.isatty():  # a pipe cannot answer again
                    raise


def ask_missing(answers: CityAnswers, prompter: Prompter) -> CityAnswers:
    """Ask for everything the flags left open."""
    if not answers.site_name:
        answers.site_name = prompter.ask(t("init.ask_site_name"), check=_required(t("init.ask_site_name")))
    if not answers.publisher:
        answers.publisher = prompter.ask(t("init.ask_publisher"), check=_required(t("init.ask_publisher")))
    if not answers.contact:
        answers.contact = prompter.ask(t("init.ask_contact"), check=check_contact)
    if answers.address is None:
        answers.address = prompter.ask(t("init.ask_address"), default="")
    asking = not answers.municipalities
    while asking:  # one after the other; an empty name ends the list (the first is required)
        number = len(answers.municipalities) + 1
        first = not answers.municipalities
        name = prompter.ask(t("init.ask_municipality" if first else "init.ask_more", number=number),
                            default=None if first else "", check=_required(t("init.ask_municipality", number=1)) if first else None)
        if not name:
            break
        ags = prompter.ask(t("init.ask_ags", name=name), check=_check_ags)
        lat, lon = parse_centre(prompter.ask(t("init.ask_centre", name=name), check=parse_centre))
        answers.municipalities.append(Municipality(name, ags, lat, lon))
    if answers.reviewers is None:
        answers.reviewers = prompter.ask(t("init.ask_reviewers"), default="") or None
    if answers.repo_url is None:
        answers.repo_url = prompter.ask(t("init.ask_repo"), default="") or None
    if answers.own_tiles is None:
        answers.own_tiles = parse_yes_no(prompter.ask(t("init.ask_own_tiles"), default="nein", check=parse_yes_no))
    return answers


def parse_yes_no(value: str) -> bool:
    """``ja``/``nein`` (also true/false, yes/no), as in the settings; anything else is refused."""
    from .settings import flag

    answer = flag(value, default=None)  # type: ignore[arg-type]
    if answer is None:
        raise SetupError(t("init.yes_no", value=value))
    return answer


def _required(what: str) -> Callable[[str], None]:
    def check(value: str) -> None:
        if not value.strip():
            raise SetupError(t("init.required", what=what))
    return check


def _check_ags(value: str) -> None:
    if not AGS.match(value):
        raise SetupError(t("init.ags", value=value))


# --- Writing ------------------------------------------------------------------------------------


def kommunen_yaml(municipalities: list[Municipality], reviewers: str | None) -> str:
    lines = [
        "# yaml-language-server: $schema=../schema/kommunen.schema.json",
        "# Die Kommunen, die dieses Verzeichnis abdeckt (erzeugt von „stadtkarte init“). radius_km: das Gebiet um",
        "# die Mitte, in dem Koordinaten liegen dürfen; pruefende: wer Einträge dieser Kommune prüft (CODEOWNERS).",
        "kommunen:",
    ]
    for municipality in municipalities:
        lines += [
            f"  {municipality.slug}:",
            f"    name: {json.dumps(municipality.name, ensure_ascii=False)}",
            f'    ags: "{municipality.ags}"',
            f"    zentrum: {{lat: {municipality.lat}, lon: {municipality.lon}}}",
            "    radius_km: 8.0",
        ]
        if reviewers:
            lines.append(f"    pruefende: [{', '.join(json.dumps(r) for r in reviewers.split())}]")
    return "\n".join(lines) + "\n"


def mkdocs_changes(answers: CityAnswers) -> dict[tuple[str, ...], str]:
    """The settings ``init`` writes: path in mkdocs.yml → YAML value."""
    changes = {
        ("site_name",): json.dumps(answers.site_name, ensure_ascii=False),
        ("extra", "stadtkarte", "beispieldaten"): "false",
        ("extra", "stadtkarte", "export", "namensnennung"): json.dumps(answers.publisher, ensure_ascii=False),
        ("extra", "stadtkarte", "geocoder", "user_agent"): json.dumps(f"stadtkarte-integration ({answers.contact})"),
        # "Fehler melden" writes to the city, not to the template's address
        ("extra", "stadtkarte", "redaktion_email"): json.dumps(answers.contact),
        # tiles from another server only after consent: "ja" only for the city's own tile server
        ("extra", "stadtkarte", "karte", "kacheln_eigene"): "ja" if answers.own_tiles else "nein",
    }
    if answers.repo_url:
        changes[("repo_url",)] = json.dumps(answers.repo_url.rstrip("/"))
    if answers.site_url:
        changes[("site_url",)] = json.dumps(answers.site_url)
        changes[("extra", "stadtkarte", "export", "kennung")] = json.dumps(answers.site_url)
    return changes


def set_yaml_values(text: str, changes: dict[tuple[str, ...], str]) -> str:
    """Set scalar values in a block-style YAML text by path, keeping every other line (and its
    comments) as it is; a missing key is added as the first line of its parent mapping."""
    for path, value in changes.items():
        text = _set_one(text, path, value)
    return text


def _set_one(text: str, path: tuple[str, ...], value: str) -> str:
    loaded = load_text(Path("mkdocs.yml"), text, foreign_tags=True)
    if loaded.data is None:
        raise SetupError(t("init.mkdocs_unreadable", problem=loaded.problems[0].format() if loaded.problems else ""))
    lines = text.splitlines(keepends=True)
    spots = loaded.positions.spots
    if path in spots:
        line, col = spots[path]
        indent = " " * (col - 1)
        lines[line - 1] = f"{indent}{path[-1]}:{' ' + value if value else ''}\n"
        return "".join(lines)
    if len(path) == 1:  # a top-level key: in place of the template's commented one ("# site_url: …"), else at the end
        line_text = f"{path[0]}:{' ' + value if value else ''}\n"
        for index, line in enumerate(lines):
            if re.match(rf"#\s*{re.escape(path[0])}:", line):
                lines[index] = line_text
                return "".join(lines)
        return text.rstrip("\n") + "\n" + line_text
    parent = path[:-1]
    if parent not in spots:
        text = _set_one(text, parent, "")
        return _set_one(text, path, value)
    line, col = spots[parent]
    lines.insert(line, f"{' ' * (col + 1)}{path[-1]}:{' ' + value if value else ''}\n")
    return "".join(lines)


def existing_entries(target: Path) -> list[Path]:
    data = target / "data"
    return [p for folder in ("organisationen", "angebote") if (data / folder).is_dir() for p in (data / folder).glob("*.yml")]


@dataclass
class Written:
    paths: list[Path]
    removed_entries: int


def write_city(target: Path, answers: CityAnswers, *, replace: bool) -> Written:
    """Write the clean start into ``target``; refuses to delete entries unless ``replace``."""
    check_answers(answers)
    data = target / "data"
    entries = existing_entries(target)
    if entries and not replace:
        raise SetupError(t("init.has_entries", count=len(entries), path=data))
    config = target / "mkdocs.yml"
    if not config.is_file():
        raise SetupError(t("init.no_mkdocs", path=config))
    new_config = set_yaml_values(config.read_text("utf-8"), mkdocs_changes(answers))
    files = {data / "kommunen.yml": kommunen_yaml(answers.municipalities, answers.reviewers),
             data / "taxonomie.yml": MINIMAL_TAXONOMY}
    verdict = gate.check_files(data, files, fresh=True)
    if verdict.problems:
        raise Refused("\n".join([t("init.refused"), *(p.format() for p in verdict.problems)]))
    for folder in ("organisationen", "angebote"):
        if (data / folder).is_dir():
            shutil.rmtree(data / folder)
        (data / folder).mkdir(parents=True)
        (data / folder / ".gitkeep").write_text("", "utf-8")
    written = [
        *(_write(path, text) for path, text in files.items()),
        _write(data / "geocache.json", "{}\n"),
        _write(config, new_config),
    ]
    from .catalogue import load_catalogue
    from .codeowners import render_codeowners

    catalogue, _ = load_catalogue(data)
    owners = answers.reviewers.split()[0] if answers.reviewers else None
    written.append(_write(target / ".github" / "CODEOWNERS", render_codeowners(catalogue, Path("data"), default=owners)))
    if (target / ".github" / "ISSUE_TEMPLATE").is_dir():  # both forms list the new towns and kinds
        from .issueform import FORM_FILES, render_form

        for kind, name in FORM_FILES.items():
            written.append(_write(target / ".github" / "ISSUE_TEMPLATE" / name, render_form(catalogue, kind)))
    written += fill_texts(target / "docs", answers)
    return Written(written, len(entries))


#: the template's stand-ins in docs/ (Impressum, Barrierefreiheit) → what the answers replace them with
TEXT_STAND_INS = {
    "Stadt Beispielstadt, Büro für Integration und Migration": "publisher",
    "Musterstraße 1, 00000 Beispielstadt": "address",
    "integration@stadt.example": "contact",
}


def fill_texts(docs: Path, answers: CityAnswers) -> list[Path]:
    """Put the publisher, its address and e-mail into the template's pages under ``docs/``
    (Impressum, Barrierefreiheit); a stand-in without an answer stays, and ``validate`` names it."""
    values = {"publisher": answers.publisher, "address": answers.address or "", "contact": answers.contact}
    written = []
    for path in sorted(docs.glob("*.md")) if docs.is_dir() else []:
        text = path.read_text("utf-8")
        new = text
        for stand_in, key in TEXT_STAND_INS.items():
            if values[key].strip():
                new = new.replace(stand_in, values[key].strip())
        if new != text:
            written.append(_write(path, new))
    return written


def _write(path: Path, text: str) -> Path:
    atomic.write_text(path, text)
    return path


def run(target: Path, answers: CityAnswers, *, replace: bool, stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout) -> int:
    """Ask what is missing, write, say what is left to do by hand. 0 on success, 2 on a bad answer,
    3 when the data files would not pass the checks (nothing written)."""
    prompter = Prompter(stdin, stdout)
    try:
        answers = ask_missing(answers, prompter)
        if not replace and existing_entries(target):
            answer = prompter.ask(t("init.ask_replace", count=len(existing_entries(target))), default="nein")
            replace = gate.said_yes(answer)
        written = write_city(target, answers, replace=replace)
    except SetupError as error:
        print(error, file=sys.stderr)
        return 3 if isinstance(error, Refused) else 2
    if written.removed_entries:
        print(t("init.removed", count=written.removed_entries), file=stdout)
    for path in written.paths:
        print(t("init.written", path=path.relative_to(target) if path.is_relative_to(target) else path), file=stdout)
    print(t("init.next"), file=stdout)
    return 0
