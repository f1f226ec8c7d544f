"""``stadtkarte new``: a valid, commented starting file for an organisation or an offer."""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from .i18n import t

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{kind}.schema.json"
#: the questions a new file asks in place of its description; validation refuses them, so a
#: file nobody finished is never published
ORGANISATION_PROMPT = "In zwei bis drei Sätzen: Was machen Sie, für wen, wie erreicht man Sie?"
OFFER_PROMPT = "Was passiert beim Angebot, für wen ist es, was muss man mitbringen?"
SCAFFOLD_SENTENCES = (ORGANISATION_PROMPT, OFFER_PROMPT)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Answers:
    """What ``new`` asked or was given as flags."""

    name: str
    category: str
    municipality: str | None = None
    street: str | None = None
    postcode: str | None = None
    town: str | None = None
    organisation: str | None = None
    kind: str | None = None


#: longer lists of choices are shown one per line (and the closest ones first)
INLINE_CHOICES = 8


class NoAnswer(Exception):
    """A required answer is missing or not allowed and nobody can be asked again (piped input)."""


class Prompter:
    """Asks the questions of ``new``: a flag's value wins; otherwise a person types the answer at
    the prompt, or - when the input is piped - the answers are read line by line, in order."""

    def __init__(self, stdin: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stderr = stderr or sys.stderr
        self.interactive = self.stdin.isatty()
        #: the question the piped input ended before (then nothing is written)
        self.unanswered: str | None = None

    def _read(self, prompt: str, default: str | None) -> str:
        if self.interactive:
            suffix = f" [{default}]" if default else ""
            return input(f"{prompt}{suffix}: ").strip() or (default or "")
        line = self.stdin.readline()
        if not line and not default:  # the pipe has ended: never take "no answer" for one (no street ≠ online)
            self.unanswered = prompt
            raise NoAnswer(prompt)
        return line.strip() or (default or "")

    def ask(self, prompt: str, given: str | None = None, choices: Sequence[str] | None = None,
            default: str | None = None, required: bool = False) -> str:
        """The flag's value, or the next answer (checked against ``choices``)."""
        value = given
        while True:
            if value is None:
                value = self._read(prompt, default)
            if required and not value:
                print(t("cli.answer_required", prompt=prompt), file=self.stderr)
            elif choices is None or value in choices:
                return value
            else:
                print(self.not_allowed(value, choices), file=self.stderr)
            if not self.interactive:
                raise NoAnswer(prompt)
            value = None

    @staticmethod
    def not_allowed(value: str, choices: Sequence[str]) -> str:
        """"„x“ passt nicht" with the allowed values: a short list on one line, a long one as the
        closest matches (or all of them), one per line."""
        if len(choices) <= INLINE_CHOICES:
            return t("cli.invalid_answer", value=value, choices=", ".join(choices))
        close = difflib.get_close_matches(value, list(choices), n=5, cutoff=0.5)
        if close:
            return t("cli.invalid_answer_close", value=value) + "".join(f"\n  {c}" for c in close)
        return t("cli.invalid_answer_list", value=value) + "".join(f"\n  {c}" for c in choices)


def organisation_yaml(a: Answers, today: date) -> str:
    if a.street:
        place = (
            "adresse:\n"
            f"  strasse: {_q(a.street)}\n"
            f"  plz: {_q(a.postcode or '')}\n"
            f"  ort: {_q(a.town or '')}\n"
            f"  kommune: {a.municipality}\n"
        )
    else:
        place = "# Kein Ort zum Besuchen: nur online erreichbar.\nonline: true\n"
    return f"""{SCHEMA_LINE.format(kind="organisation")}
# Organisation im Verzeichnis „Akteure für Integration“. Felder: siehe CONTRIBUTING.md.
name: {_q(a.name)}
# Kategorien aus data/taxonomie.yml (eine oder mehrere):
kategorien: [{a.category}]
# Beschreibung in einfachem Deutsch; weitere Sprachen als de:/en:/tr:/ar: möglich.
beschreibung: |
  TODO: {ORGANISATION_PROMPT}
{place}kontakt:
  # telefon: "07141 000000"
  # email: info@beispiel.de
  # webseite: https://www.beispiel.de
# Sprachen, in denen beraten wird (ISO-Codes wie de, en, tr, ar, uk):
sprachen: [de]
# oeffnungszeiten:
#   - tage: [mo, mi]
#     von: "09:00"
#     bis: "12:00"
#   - hinweis: und nach Vereinbarung
# unterstuetzung_gesucht: [Ehrenamtliche für …]
# wir_bieten: [Raum für Treffen am Abend]
geprueft_am: {today.isoformat()}
"""


def offer_yaml(a: Answers, today: date) -> str:
    return f"""{SCHEMA_LINE.format(kind="angebot")}
# Angebot einer Organisation. Felder: siehe CONTRIBUTING.md.
titel: {_q(a.name)}
# Kurzname der Organisation (Dateiname in data/organisationen/ ohne .yml):
organisation: {a.organisation}
# Angebotsart aus data/taxonomie.yml → angebotsarten:
art: {a.kind}
kategorien: [{a.category}]
beschreibung: |
  TODO: {OFFER_PROMPT}
# Ohne „ort“ gilt die Adresse der Organisation. Nur online: „ort: {{online: true}}“.
# termine:
#   - regel: woechentlich
#     tage: [di]
#     von: "15:00"
#     bis: "17:00"
kosten: kostenlos
geprueft_am: {today.isoformat()}
"""


def write_new(path: Path, text: str) -> None:
    """Write a new file; never overwrite an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
