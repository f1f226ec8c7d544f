"""The data contract: what editors write, as pydantic models.

Keys in the YAML files are German (the editors' language); attributes here are English and reach
the German keys through aliases. The models check shape and format only (types, required fields,
e-mail, URL, phone, time and date formats). Rules that relate fields or files to each other
(references, date order, the covered area) live in :mod:`stadtkarte.validation`, where every
message gets its line.

Format errors are raised as ``PydanticCustomError`` with a type starting ``sk_``; their German
text comes from the locale file (``validation.sk_...``), like the texts of pydantic's own types.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from .languages import german_name, is_language_code, suggest_language_code

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_TAG_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")
EMAIL_RE = re.compile(r"^[^@\s<>\"'()\[\],;:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$", re.I)
PHONE_RE = re.compile(r"^\+?[0-9 ()/\-]+$")
#: how a phone number may begin: "+49 …", "07141 …" or "(07141) …"
PHONE_START = ("+", "0", "(0", "(+")
SERVICE_NUMBER_RE = re.compile(r"^11[0-9](?: ?[0-9]{3})?$")
TIME_RE = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLZ_RE = re.compile(r"^\d{5}$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
AGS_RE = re.compile(r"^\d{8}$")
ICON_RE = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")
REVIEWER_RE = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)?$")

#: yes/no as editors write them: ``ja``, ``Nein``, „ja“ (quotes as Word or a phone types them)
YES_WORDS = frozenset({"ja", "true"})
NO_WORDS = frozenset({"nein", "false"})
_QUOTES = "\"'„“”‚‘’«»"

WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")


def _error(kind: str, **ctx: Any) -> PydanticCustomError:
    # The English template is a fallback for code that bypasses our translation; editors
    # always see the German text from the locale file.
    return PydanticCustomError(f"sk_{kind}", kind.replace("_", " ") + ": {value}", {"value": ctx.pop("value", ""), **ctx})


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise _error("slug", value=value, suggestion=slugify(value))
    return value


_TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "á": "a", "à": "a", "ç": "c"}


def slugify(text: str) -> str:
    """``Internationaler Frauentreff e. V.`` → ``internationaler-frauentreff-e-v``."""
    text = "".join(_TRANSLIT.get(ch, ch) for ch in text.casefold())
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:60].rstrip("-") or "eintrag"


#: Scripts whose words need the zero-width (non-)joiner U+200C/U+200D between letters: Arabic
#: (Persian ``می‌خواهم``), Syriac, Thaana, N'Ko, the Indic scripts, Tibetan, Myanmar, Khmer, Mongolian
_JOINING_SCRIPTS = ((0x0600, 0x08FF), (0x0900, 0x0DFF), (0x0F00, 0x109F), (0x1780, 0x18AF), (0xA840, 0xA8FF),
                    (0xFB50, 0xFDFF), (0xFE70, 0xFEFC), (0x10A00, 0x10A5F), (0x11000, 0x111FF))
#: format characters that are visible, or harmless: the soft hyphen, Arabic number signs
_VISIBLE_FORMAT = frozenset({0x00AD, *range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD})
#: letters that show as nothing (Hangul fillers): names made of them look empty
_BLANK_LETTERS = frozenset({0x115F, 0x1160, 0x3164, 0xFFA0})
#: an emoji flag of a region (England 🏴󠁧󠁢󠁥󠁮󠁧󠁿): the only place for tag characters
_FLAG_TAGS = re.compile("\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F")
#: C0 and C1 controls have no Unicode name: the usual ones by their alias
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
                  0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE",
                  0x9B: "CONTROL SEQUENCE INTRODUCER"}


def _in_joining_script(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _JOINING_SCRIPTS)


def _emoji_before(text: str, index: int) -> bool:
    """True when an emoji (past its variation selector and skin tone) stands before ``index``."""
    while index > 0 and (text[index - 1] == "\ufe0f" or 0x1F3FB <= ord(text[index - 1]) <= 0x1F3FF):
        index -= 1
    return index > 0 and unicodedata.category(text[index - 1]) == "So"


def _joiner_in_place(text: str, index: int) -> bool:
    """U+200C/U+200D inside a word of a script that needs it, or U+200D inside an emoji
    sequence (👩‍💻); anywhere else the joiner hides in Latin text."""
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if before and after and _in_joining_script(before) and _in_joining_script(after):
        return True
    return text[index] == "\u200d" and bool(after) and unicodedata.category(after) == "So" and _emoji_before(text, index)


def hidden_character(text: str) -> tuple[int, str] | None:
    """The first character in ``text`` that is invisible or changes how the text around it is
    shown, and its index: C0/C1 controls (tab and line break aside), bidi controls (U+202A–U+202E,
    U+2066–U+2069, U+200E/U+200F), zero-width characters (U+200B, U+2060, U+FEFF, …), line and
    paragraph separators, Hangul fillers and other format characters. Allowed: the zero-width
    (non-)joiner where a script needs it and in emoji, tag characters in a region's flag, the soft
    hyphen."""
    flags = {i for match in _FLAG_TAGS.finditer(text) for i in range(match.start() + 1, match.end())}
    for index, ch in enumerate(text):
        if ch in "\n\t" or (" " <= ch <= "~"):
            continue
        code = ord(ch)
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Zl", "Zp") or code in _BLANK_LETTERS or 0xE0100 <= code <= 0xE01EF:
            return index, ch
        if category == "Cf" and code not in _VISIBLE_FORMAT and index not in flags:
            if ch in "\u200c\u200d" and _joiner_in_place(text, index):
                continue
            return index, ch
    return None


def hidden_character_context(text: str) -> dict[str, Any] | None:
    """For the message about ``text``'s first hidden character: ``code`` (U+202E), ``name``
    (RIGHT-TO-LEFT OVERRIDE) and ``position`` (1-based, in characters); ``None`` if it has none."""
    found = hidden_character(text)
    if found is None:
        return None
    index, ch = found
    name = unicodedata.name(ch, None) or _CONTROL_NAMES.get(ord(ch), "CONTROL")
    return {"code": f"U+{ord(ch):04X}", "name": name, "position": index + 1}


def _no_control(value: str) -> str:
    """Invisible and bidi control characters: the one check (:func:`hidden_character`), here for
    every text field of the models; validation runs it over every text and key of a file."""
    context = hidden_character_context(value)
    if context is not None:
        raise _error("control", value=value.encode("unicode_escape").decode("ascii")[:40], **context)
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise _error("date", value=value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _error("date", value=value) from None


def _time(value: Any) -> str:
    match = TIME_RE.match(value) if isinstance(value, str) else None
    if not match:
        raise _error("time", value=value)
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _email(value: str) -> str:
    if not EMAIL_RE.match(value):
        raise _error("email", value=value)
    return value


def _phone(value: str) -> str:
    if SERVICE_NUMBER_RE.match(value):  # 110, 112, 115, 116 117, …: no area code
        return value
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_RE.match(value) or digits < 6 or digits > 16 or not value.startswith(PHONE_START):
        raise _error("phone", value=value)
    return value


def _url(value: str) -> str:
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        raise _error("url_host", value=value) from None
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme and re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", value, re.I):
            raise _error("url_no_scheme", value=value)
        raise _error("url_scheme", value=value)
    if "." not in host:
        raise _error("url_host", value=value)
    if any(ch.isspace() for ch in value) or any(ch in value for ch in "<>\"'`"):
        raise _error("url_chars", value=value)
    return value


def _plz(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and not PLZ_RE.match(value):
        raise _error("plz", value=value)
    return value


def _matching(regex: re.Pattern[str], kind: str) -> Any:
    """A validator for a text of a fixed form; its message names the form in words."""

    def check(value: str) -> str:
        if not regex.match(value):
            raise _error(kind, value=value)
        return value

    return check


def yes_no(value: Any) -> Any:
    """``ja``/``nein`` (any case, also in quotes „ja“) and ``true``/``false`` → bool."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().strip(_QUOTES).strip().casefold()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
    raise _error("yes_no", value=value)


def _language(value: str) -> str:
    if not is_language_code(value):
        suggestion = suggest_language_code(value)
        if suggestion:
            raise _error("language_suggest", value=value, suggestion=suggestion, name=german_name(suggestion))
        raise _error("language", value=value)
    return value


def _description(value: Any) -> Any:
    """A plain text is the German description; a mapping gives one text per language tag."""
    if isinstance(value, str):
        return {"de": value}
    return value


def _description_languages(value: dict[str, str]) -> dict[str, str]:
    for tag in value:
        if not LANGUAGE_TAG_RE.match(tag) or not is_language_code(tag.split("-")[0]):
            raise _error("language_tag", value=tag)
    if "de" not in value:
        raise _error("description_de", value=", ".join(value))
    return value


Text = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_no_control)]
LongText = Annotated[str, Field(min_length=1, max_length=20_000), AfterValidator(_no_control)]
Slug = Annotated[str, AfterValidator(_slug)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Time = Annotated[
    str, BeforeValidator(_time, json_schema_input_type=Annotated[str, StringConstraints(pattern=TIME_RE.pattern)])
]
Email = Annotated[str, AfterValidator(_email)]
Phone = Annotated[str, AfterValidator(_phone)]
Url = Annotated[str, Field(max_length=2000), AfterValidator(_url)]
#: A postcode: five digits. Unquoted ``plz: 79999`` is a number in YAML; the validator and the JSON
#: Schema both accept it and the data holds the text "79999" (a leading zero needs quotes: "01067").
Plz = Annotated[
    str,
    BeforeValidator(
        _plz,
        json_schema_input_type=Annotated[str, StringConstraints(pattern=PLZ_RE.pattern)]
        | Annotated[int, Field(ge=10000, le=99999)],
    ),
]
#: yes/no: true/false, or as editors write it, ja/nein
YesNo = Annotated[
    bool,
    BeforeValidator(
        yes_no,
        json_schema_input_type=bool | Literal["ja", "nein", "Ja", "Nein", "JA", "NEIN", "„ja“", "„nein“"],
    ),
]
Colour = Annotated[
    str, AfterValidator(_matching(COLOUR_RE, "colour")), Field(json_schema_extra={"pattern": COLOUR_RE.pattern})
]
Ags = Annotated[str, AfterValidator(_matching(AGS_RE, "ags")), Field(json_schema_extra={"pattern": AGS_RE.pattern})]
Icon = Annotated[str, AfterValidator(_matching(ICON_RE, "icon")), Field(json_schema_extra={"pattern": ICON_RE.pattern})]
Reviewer = Annotated[
    str, AfterValidator(_matching(REVIEWER_RE, "reviewer")), Field(json_schema_extra={"pattern": REVIEWER_RE.pattern})
]
LanguageCode = Annotated[str, AfterValidator(_language)]
Weekday = Literal["mo", "di", "mi", "do", "fr", "sa", "so"]
#: ``suchbegriffe``: one word, a list (German, and for now any language) or a map language → list
SearchWords = Annotated[dict[LanguageCode, list[Text]], BeforeValidator(
    lambda v: {"de": [v] if isinstance(v, str) else v} if isinstance(v, (str, list)) else v,
    json_schema_input_type=str | list[str] | dict[str, list[str]])]
Description = Annotated[
    dict[str, LongText],
    BeforeValidator(_description, json_schema_input_type=str | dict[str, str]),
    AfterValidator(_description_languages),
]


class Strict(BaseModel):
    """Base of every data model: unknown keys are errors, text is stripped."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, validate_by_alias=True, validate_by_name=False, frozen=True
    )


class Coordinates(Strict):
    doc_key: ClassVar[str] = "koordinaten"

    lat: StrictFloat = Field(ge=-90, le=90)
    lon: StrictFloat = Field(ge=-180, le=180)


class Address(Strict):
    """Where a place is. A public place has a street; a protected one (``standort_oeffentlich:
    false``) names only its area: PLZ, Ort and optionally the Stadtteil (see validation)."""

    doc_key: ClassVar[str] = "adresse"

    street: Text | None = Field(default=None, alias="strasse")
    extra: Text | None = Field(default=None, alias="zusatz")
    district: Text | None = Field(default=None, alias="stadtteil")
    postcode: Plz = Field(alias="plz")
    town: Text = Field(alias="ort")
    municipality: Slug = Field(alias="kommune")

    @property
    def is_area(self) -> bool:
        """True for an area (no street): a protected place."""
        return self.street is None


class Person(Strict):
    doc_key: ClassVar[str] = "ansprechperson"

    name: Text
    role: Text | None = Field(default=None, alias="funktion")
    consent: YesNo = Field(default=False, alias="einverstanden")


class Contact(Strict):
    doc_key: ClassVar[str] = "kontakt"

    phone: Phone | None = Field(default=None, alias="telefon")
    email: Email | None = None
    website: Url | None = Field(default=None, alias="webseite")
    person: Person | None = Field(default=None, alias="ansprechperson")


class Accessibility(Strict):
    doc_key: ClassVar[str] = "barrierefreiheit"

    wheelchair: Literal["ja", "nein", "teilweise", "unbekannt"] = Field(
        default="unbekannt", alias="rollstuhlgerecht"
    )
    note: Text | None = Field(default=None, alias="hinweis")


class OpeningHours(Strict):
    """One line of opening hours (``tage``, ``von``, ``bis``) or a note alone."""
    doc_key: ClassVar[str] = "oeffnungszeiten"


    days: list[Weekday] | None = Field(default=None, alias="tage", min_length=1)
    start: Time | None = Field(default=None, alias="von")
    end: Time | None = Field(default=None, alias="bis")
    note: Text | None = Field(default=None, alias="hinweis")


class Organisation(Strict):
    doc_key: ClassVar[str] = "organisation"

    name: Text
    short_name: Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_no_control)] | None = Field(
        default=None, alias="kurzname"
    )
    categories: list[Slug] = Field(alias="kategorien", min_length=1)
    topics: list[Slug] = Field(default_factory=list, alias="themen")
    target_groups: list[Slug] = Field(default_factory=list, alias="zielgruppen")
    description: Description = Field(alias="beschreibung")
    address: Address | None = Field(default=None, alias="adresse")
    coordinates: Coordinates | None = Field(default=None, alias="koordinaten")
    location_public: YesNo = Field(default=True, alias="standort_oeffentlich")
    #: confirms, in the pull request that does it, that a protected place may become public
    location_release: YesNo = Field(default=False, alias="standort_freigegeben")
    online: YesNo = False
    contact: Contact | None = Field(default=None, alias="kontakt")
    languages: list[LanguageCode] = Field(default_factory=list, alias="sprachen")
    accessibility: Accessibility | None = Field(default=None, alias="barrierefreiheit")
    opening_hours: list[OpeningHours] = Field(default_factory=list, alias="oeffnungszeiten")
    support_wanted: list[Text] = Field(default_factory=list, alias="unterstuetzung_gesucht")
    we_offer: list[Text] = Field(default_factory=list, alias="wir_bieten")
    search_words: SearchWords | None = Field(default=None, alias="suchbegriffe")
    #: the languages whose texts (``beschreibung``) a machine translated, unchecked by a person
    machine_translated: list[LanguageCode] = Field(default_factory=list, alias="maschinell")
    checked_on: IsoDate = Field(alias="geprueft_am")
    visible: YesNo = Field(default=True, alias="sichtbar")


class Place(Strict):
    """Where an offer takes place: an address, or ``online: true``."""
    doc_key: ClassVar[str] = "ort"


    street: Text | None = Field(default=None, alias="strasse")
    extra: Text | None = Field(default=None, alias="zusatz")
    district: Text | None = Field(default=None, alias="stadtteil")
    postcode: Plz | None = Field(default=None, alias="plz")
    town: Text | None = Field(default=None, alias="ort")
    municipality: Slug | None = Field(default=None, alias="kommune")
    coordinates: Coordinates | None = Field(default=None, alias="koordinaten")
    location_public: YesNo = Field(default=True, alias="standort_oeffentlich")
    location_release: YesNo = Field(default=False, alias="standort_freigegeben")
    online: YesNo = False

    def address(self) -> Address | None:
        """The place as an address: with its street, or for a protected place only its area
        (also an area without street under a protected organisation, see
        :func:`stadtkarte.protection.place_is_public`)."""
        if self.postcode and self.town and self.municipality:
            return Address.model_validate(
                {
                    "strasse": self.street if self.location_public else None, "zusatz": self.extra,
                    "stadtteil": self.district, "plz": self.postcode, "ort": self.town, "kommune": self.municipality,
                }
            )
        return None


class Appointment(Strict):
    """One rule of an offer's dates, or a note alone."""
    doc_key: ClassVar[str] = "termine"


    rule: Literal["woechentlich", "zweiwoechentlich", "monatlich", "einmalig"] | None = Field(
        default=None, alias="regel"
    )
    days: list[Weekday] | None = Field(default=None, alias="tage", min_length=1)
    weeks_of_month: list[Annotated[StrictInt, Field(ge=-1, le=5)]] | None = Field(
        default=None, alias="woche_im_monat", min_length=1
    )
    date: IsoDate | None = Field(default=None, alias="datum")
    start: Time | None = Field(default=None, alias="von")
    end: Time | None = Field(default=None, alias="bis")
    note: Text | None = Field(default=None, alias="hinweis")


class Registration(Strict):
    doc_key: ClassVar[str] = "anmeldung"

    required: YesNo = Field(alias="erforderlich")
    note: Text | None = Field(default=None, alias="hinweis")


class AgeRange(Strict):
    doc_key: ClassVar[str] = "alter"

    minimum: Annotated[StrictInt, Field(ge=0, le=120)] | None = Field(default=None, alias="von")
    maximum: Annotated[StrictInt, Field(ge=0, le=120)] | None = Field(default=None, alias="bis")


class Offer(Strict):
    doc_key: ClassVar[str] = "angebot"

    title: Text = Field(alias="titel")
    organisation: Slug
    kind: Slug = Field(alias="art")
    categories: list[Slug] | None = Field(default=None, alias="kategorien", min_length=1)
    topics: list[Slug] = Field(default_factory=list, alias="themen")
    description: Description = Field(alias="beschreibung")
    place: Place | None = Field(default=None, alias="ort")
    schedule: list[Appointment] = Field(default_factory=list, alias="termine")
    valid_from: IsoDate | None = Field(default=None, alias="gueltig_von")
    valid_until: IsoDate | None = Field(default=None, alias="gueltig_bis")
    cost: Text | None = Field(default=None, alias="kosten")
    registration: Registration | None = Field(default=None, alias="anmeldung")
    languages: list[LanguageCode] | None = Field(default=None, alias="sprachen")
    target_groups: list[Slug] | None = Field(default=None, alias="zielgruppen")
    accessibility: Accessibility | None = Field(default=None, alias="barrierefreiheit")
    contact: Contact | None = Field(default=None, alias="kontakt")
    age: AgeRange | None = Field(default=None, alias="alter")
    search_words: SearchWords | None = Field(default=None, alias="suchbegriffe")
    machine_translated: list[LanguageCode] = Field(default_factory=list, alias="maschinell")
    checked_on: IsoDate = Field(alias="geprueft_am")
    visible: YesNo = Field(default=True, alias="sichtbar")

    @property
    def free_of_charge(self) -> bool:
        return (self.cost or "").strip().lower() == "kostenlos"


def _short_translation(value: Any) -> Any:
    """``en: Work`` is short for ``en: {name: Work}``."""
    return {"name": value} if isinstance(value, str) else value


class NameTranslation(Strict):
    """A municipality's name in another language (``uebersetzungen: {ar: {name: …}}``)."""
    doc_key: ClassVar[str] = "uebersetzung_name"

    name: Text
    #: translated by a machine and not yet checked by a person: the page says so
    machine: YesNo = Field(default=False, alias="maschinell")


class TermTranslation(Strict):
    """A taxonomy term in another language: its name and, optionally, its description."""
    doc_key: ClassVar[str] = "uebersetzung"

    name: Text
    description: LongText | None = Field(default=None, alias="beschreibung")
    machine: YesNo = Field(default=False, alias="maschinell")


class Term(Strict):
    """An entry of a taxonomy list (topic, target group, offer type)."""
    doc_key: ClassVar[str] = "begriff"


    name: Text
    description: LongText | None = Field(default=None, alias="beschreibung")
    search_words: SearchWords | None = Field(default=None, alias="suchbegriffe")
    #: ``uebersetzungen``: language code → name, or name, description and ``maschinell``
    translations: dict[LanguageCode, Annotated[TermTranslation, BeforeValidator(
        _short_translation, json_schema_input_type=Text | TermTranslation)]] = Field(
        default_factory=dict, alias="uebersetzungen")


class Category(Term):
    doc_key: ClassVar[str] = "kategorie"

    colour: Colour = Field(alias="farbe")
    icon: Icon


class Taxonomy(Strict):
    doc_key: ClassVar[str] = "taxonomie"

    categories: dict[Slug, Category] = Field(alias="kategorien", min_length=1)
    topics: dict[Slug, Term] = Field(default_factory=dict, alias="themen")
    target_groups: dict[Slug, Term] = Field(default_factory=dict, alias="zielgruppen")
    offer_types: dict[Slug, Term] = Field(alias="angebotsarten", min_length=1)


class Municipality(Strict):
    doc_key: ClassVar[str] = "kommune"

    name: Text
    ags: Ags | None = None
    centre: Coordinates = Field(alias="zentrum")
    radius_km: Annotated[StrictFloat, Field(gt=0, le=100)] = Field(default=8.0, alias="radius_km")
    #: ``stadtteile``: the names a ``stadtteil`` of an address in this municipality may take
    districts: list[Text] = Field(default_factory=list, alias="stadtteile")
    reviewers: list[Reviewer] = Field(
        default_factory=list, alias="pruefende"
    )
    #: ``uebersetzungen``: the name in languages where it is written differently (Arabic script)
    translations: dict[LanguageCode, Annotated[NameTranslation, BeforeValidator(
        _short_translation, json_schema_input_type=Text | NameTranslation)]] = Field(
        default_factory=dict, alias="uebersetzungen")


class Municipalities(Strict):
    """``data/kommunen.yml``: slug → municipality."""
    doc_key: ClassVar[str] = "kommunen"


    municipalities: dict[Slug, Municipality] = Field(alias="kommunen", min_length=1)
