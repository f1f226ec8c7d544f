"""Project settings from ``mkdocs.yml`` → ``extra.stadtkarte`` (the one configuration file).

mkdocs.yml often carries tags such as ``!!python/name:…`` or ``!ENV``; they are read as plain
values here (never executed), since only ``extra.stadtkarte`` matters to the package.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .i18n import t
from .problems import Problem
from .yamlsource import env_value

if TYPE_CHECKING:
    from .render import SiteOptions


class SettingsError(ValueError):
    """A setting that cannot be used; the text is the German message for the webmaster."""


class _TolerantLoader(yaml.SafeLoader):
    """Safe loader that turns any unknown tag into its plain value."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if suffix == "!ENV":  # site_url: !ENV [SITE_URL, …] as MkDocs reads it, not the list
        return env_value(loader, node)
    if "python/name:" in suffix:  # a function named for Markdown extensions: its name, as text
        return suffix.split("python/name:", 1)[1]
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _plain)

#: Photon's public instance and Nominatim's: both ask for at most one request per second.
PUBLIC_HOSTS = {"nominatim.openstreetmap.org", "photon.komoot.io"}


@dataclass
class GeocoderSettings:
    provider: str = "nominatim"
    domain: str | None = None
    scheme: str = "https"
    user_agent: str = ""
    min_delay_seconds: float = 1.0
    timeout_seconds: float = 10.0
    max_retries: int = 3
    backoff_seconds: float = 2.0
    csv: str | None = None


@dataclass
class Settings:
    root: Path
    data_dir: Path
    sample_data: bool = True
    geocoder: GeocoderSettings = field(default_factory=GeocoderSettings)
    repo_url: str | None = None
    branch: str = "main"
    templates: Path | None = None
    map: Any = None
    site_url: str | None = None
    export: Any = None
    #: how places with ``standort_oeffentlich: false`` appear: ``bereich`` (an approximate area)
    #: or ``keiner`` (no place at all)
    protected_places: str = "bereich"
    #: ``redaktion_email``: where "Fehler melden" on every entry page sends a mail
    editorial_email: str | None = None
    #: mkdocs.yml ``site_name`` (the embed's title and description)
    site_name: str | None = None
    #: ``gebaerdensprache``: videos in Deutsche Gebärdensprache (DGS) for the Leichte-Sprache page
    sign_language: tuple[Any, ...] = ()
    #: ``sprachen``: the site's languages, the first at ``/``, each other at ``/<code>/``
    languages: tuple[str, ...] = ("de",)


def build_date() -> date:
    """The day the site is built for: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else today.

    Expiry of offers and the "older than 12 months" notice depend on it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def read_config(config_file: Path) -> dict[str, Any]:
    """The whole of ``config_file`` (mkdocs.yml) as plain data; tags are read, never executed."""
    loader = _TolerantLoader(config_file.read_text("utf-8"))  # a SafeLoader: never runs code
    try:
        loaded = loader.get_single_data()
    finally:
        loader.dispose()
    return loaded if isinstance(loaded, dict) else {}


def load_settings(config_file: Path) -> Settings:
    """Read ``extra.stadtkarte`` of ``config_file``; a missing file gives the defaults."""
    root = config_file.parent
    raw: dict[str, Any] = {}
    loaded: Any = None
    if config_file.exists():
        loaded = read_config(config_file)
        raw = _mapping(_mapping(loaded.get("extra")).get("stadtkarte"))
    geo = _mapping(raw.get("geocoder"))
    known = GeocoderSettings.__dataclass_fields__
    repo = str(_mapping(loaded).get("repo_url") or "").rstrip("/")
    return Settings(
        root=root,
        data_dir=root / str(raw.get("daten") or "data"),
        sample_data=flag(raw.get("beispieldaten"), default=True),
        geocoder=GeocoderSettings(**{k: v for k, v in geo.items() if k in known}),
        repo_url=repo if repo.startswith("https://") else None,
        branch=str(raw.get("branch") or "main"),
        protected_places=str(raw.get("geschuetzte_orte") or "bereich"),
        templates=root / raw["vorlagen"] if raw.get("vorlagen") else None,
        map=_map_options(_mapping(raw.get("karte"))),
        site_url=_site_url(_mapping(loaded).get("site_url")),
        export=_export_options(_mapping(raw.get("export"))),
        editorial_email=str(raw.get("redaktion_email") or "").strip() or None,
        site_name=str(_mapping(loaded).get("site_name") or "").strip() or None,
        sign_language=_sign_videos(raw.get("gebaerdensprache")),
        languages=_languages(raw.get("sprachen")),
    )


def _languages(value: Any) -> tuple[str, ...]:
    """``sprachen: [de, en, ar]`` as codes, each once (the check reports what else is wrong)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        return ("de",)
    return tuple(dict.fromkeys(str(code).strip() for code in value))


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else empty (``check_settings`` reports what is wrong)."""
    return value if isinstance(value, dict) else {}


def _site_url(value: Any) -> str | None:
    text = str(value or "").strip()
    return text.rstrip("/") + "/" if text.startswith(("https://", "http://")) else None


def _texts(options: Any, raw: dict[str, Any], keys: dict[str, str]) -> Any:
    """Set each attribute named in ``keys`` (German key → attribute) that ``raw`` gives as text."""
    for key, attribute in keys.items():
        if raw.get(key):
            setattr(options, attribute, str(raw[key]))
    return options


def _sign_videos(raw: Any) -> tuple[Any, ...]:
    """The complete entries of ``gebaerdensprache`` (``check_settings`` reports the others)."""
    from .render import SignVideo

    videos = []
    for item in raw if isinstance(raw, list) else []:
        item = _mapping(item)
        duration = _duration(item.get("dauer"))
        try:
            size = float(item.get("groesse_mb"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        title, file = str(item.get("titel") or "").strip(), str(item.get("datei") or "").strip()
        if title and _video_file(file) and duration and size >= 0:
            videos.append(SignVideo(title=title, file=file, size_mb=size, duration=duration))
    return tuple(videos)


VIDEO_SUFFIXES = (".mp4", ".webm")


def _video_file(value: str) -> bool:
    """An https address or a relative path below docs/ of an MP4 or WebM file."""
    name = value.split("?", 1)[0].split("#", 1)[0].casefold()
    if not name.endswith(VIDEO_SUFFIXES):
        return False
    if value.startswith("https://"):
        return True
    parts = value.split("/")
    return not value.startswith(("/", "\\")) and ":" not in value and ".." not in parts and "" not in parts


def _duration(value: Any) -> str | None:
    """``"2:30"`` (minutes:seconds) as it is; YAML 1.1 (MkDocs' reader) turns an unquoted 2:30
    into the number 150 (seconds): that becomes "2:30" again."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return f"{value // 60}:{value % 60:02d}"
    text = str(value or "").strip()
    minutes, colon, seconds = text.partition(":")
    if colon and minutes.isdigit() and len(seconds) == 2 and seconds.isdigit() and int(seconds) < 60 and text != "0:00":
        return f"{int(minutes)}:{seconds}"
    return None


def _export_options(raw: dict[str, Any]) -> Any:
    from .render import ExportOptions

    return _texts(ExportOptions(), raw, {"lizenz": "licence", "lizenz_url": "licence_url", "namensnennung": "attribution",
                                         "kennung": "namespace", "bundesland": "state"})


def _map_options(raw: dict[str, Any]) -> Any:
    from .render import MapOptions

    options = _texts(MapOptions(), raw, {"kacheln": "tiles", "namensnennung": "attribution"})
    options.own_tiles = flag(raw.get("kacheln_eigene"), default=False)
    # tiles from another server only after consent: "einwilligung: nein" counts only for the
    # city's own tile server (check_settings warns when it is written for another one)
    options.consent = flag(raw.get("einwilligung"), default=False) if options.own_tiles else True
    return options


def site_options(settings: Settings) -> SiteOptions:
    """What publishing and the outputs need, from the settings. An unknown
    ``geschuetzte_orte`` is a ValueError with a German message."""
    from .i18n import t
    from .publish import PROTECTED_PLACES
    from .render import SiteOptions

    if settings.protected_places not in PROTECTED_PLACES:
        raise SettingsError(t("settings.protected_places", value=settings.protected_places))
    from .languages import is_language_code

    for code in settings.languages:
        if not is_language_code(code):
            raise SettingsError(t("settings.language_unknown", value=code, example=LANGUAGES_EXAMPLE))

    data_path = os.path.relpath(settings.data_dir, settings.root).replace(os.sep, "/")
    return SiteOptions(
        today=build_date(), sample_data=settings.sample_data, repo_url=settings.repo_url,
        branch=settings.branch, data_path=data_path, templates=settings.templates, map=settings.map,
        site_url=settings.site_url, export=settings.export or _export_options({}),
        protected_places=settings.protected_places,  # type: ignore[arg-type]
        editorial_email=settings.editorial_email, site_name=settings.site_name,
        sign_language=settings.sign_language,
        languages=settings.languages,
    )


# --- Checking the settings ------------------------------------------------------------------------
# ``extra.stadtkarte`` is checked like data: every mistake a problem at its line, in German, with
# the fix and an example. The table below is the one list of settings; each value's kind decides
# its rule.

#: what counts as yes and no in a setting (``beispieldaten: nein`` as much as ``false``)
YES = {"true", "ja", "yes", "an", "1"}
NO = {"false", "nein", "no", "aus", "0"}


def flag(value: Any, default: bool) -> bool:
    """A yes/no setting: ``true``/``false``, ``ja``/``nein`` (also quoted); else ``default``."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().strip("\"'„“").casefold() if value is not None else ""
    return True if text in YES else False if text in NO else default


@dataclass(frozen=True)
class Option:
    """One setting: its kind (text, flag, number, whole, choice, folder, url, email, tiles,
    licence, video, duration, section, list), the allowed values of a choice, an example line (of a section:
    a line inside it), the settings of a section (of a list: of each of its items, all required)."""

    kind: str
    example: str = ""
    choices: tuple[str, ...] = ()
    children: dict[str, Option] = field(default_factory=dict)


OPTIONS: dict[str, Option] = {
    "daten": Option("folder", "daten: data"),
    "beispieldaten": Option("flag", "beispieldaten: nein"),
    "branch": Option("text", "branch: main"),
    "vorlagen": Option("folder", "vorlagen: vorlagen"),
    "geschuetzte_orte": Option("choice", "geschuetzte_orte: bereich", ("bereich", "keiner")),
    "redaktion_email": Option("email", "redaktion_email: integration@musterstadt.de"),
    "sprachen": Option("languages", "sprachen: [de, en, ar, tr, uk, ru, fa]"),
    "karte": Option("section", "kacheln_eigene: nein", children={
        "kacheln": Option("tiles", "kacheln: https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "namensnennung": Option("text", 'namensnennung: "© OpenStreetMap-Mitwirkende"'),
        "kacheln_eigene": Option("flag", "kacheln_eigene: ja"),
        "einwilligung": Option("flag", "einwilligung: ja"),
    }),
    "export": Option("section", "lizenz: cc-by-4.0", children={
        "lizenz": Option("licence", "lizenz: dl-de/by-2-0"),
        "lizenz_url": Option("url", "lizenz_url: https://www.govdata.de/dl-de/by-2-0"),
        "namensnennung": Option("text", 'namensnennung: "Stadt Musterstadt, Integrationsbüro"'),
        "kennung": Option("text", 'kennung: "https://integration.musterstadt.de/"'),
        "bundesland": Option("text", "bundesland: Bayern"),
    }),
    "gebaerdensprache": Option("list", "- titel: Was steht auf dieser Website?", children={
        "titel": Option("text", "titel: Was steht auf dieser Website?"),
        "datei": Option("video", "datei: videos/dgs-inhalte.mp4"),
        "groesse_mb": Option("number", "groesse_mb: 24.5"),
        "dauer": Option("duration", 'dauer: "2:30"'),
    }),
    "geocoder": Option("section", "provider: nominatim", children={
        "provider": Option("choice", "provider: nominatim", ("nominatim", "photon", "csv")),
        "domain": Option("text", "domain: geo.stadt.de:8080"),
        "scheme": Option("choice", "scheme: https", ("https", "http")),
        "user_agent": Option("text", 'user_agent: "stadtkarte (integration@musterstadt.de)"'),
        "min_delay_seconds": Option("number", "min_delay_seconds: 1.0"),
        "timeout_seconds": Option("number", "timeout_seconds: 10"),
        "max_retries": Option("whole", "max_retries: 3"),
        "backoff_seconds": Option("number", "backoff_seconds: 2.0"),
        "csv": Option("text", "csv: daten/hauskoordinaten.csv"),
    }),
}

SETTINGS_PATH = ("extra", "stadtkarte")
LANGUAGES_EXAMPLE = "sprachen: [de, en, ar, tr, uk, ru, fa]"
TILE_PLACEHOLDERS = ("{z}", "{x}", "{y}")


def check_settings(config_file: Path) -> list[Problem]:
    """Every problem of ``extra.stadtkarte`` in ``config_file`` (none if the file is missing)."""
    from .yamlsource import decode, load_text

    if not config_file.exists():
        return []
    text, problems = decode(config_file, config_file.read_bytes())
    if text is None:
        return problems
    loaded = load_text(config_file, text, foreign_tags=True)
    # only our part of the file is ours to judge; MkDocs reports the rest (syntax errors: both)
    found = [p for p in loaded.problems if not p.path or p.path[:2] == SETTINGS_PATH]
    if loaded.data is None or not isinstance(loaded.data, dict):
        return found
    extra = loaded.data.get("extra")
    found += _misspelt_sections(config_file, loaded.positions, extra)
    raw = extra.get("stadtkarte") if isinstance(extra, dict) else None
    if raw is None:
        return sorted(found)
    checker = _Checker(config_file, loaded.positions, config_file.parent)
    checker.section(raw, SETTINGS_PATH, OPTIONS, "beispieldaten: nein")
    if isinstance(raw, dict):
        checker.consent(raw.get("karte"), (*SETTINGS_PATH, "karte"))
    if isinstance(raw, dict) and not flag(raw.get("beispieldaten"), default=True):
        docs = loaded.data.get("docs_dir") if isinstance(loaded.data.get("docs_dir"), str) else "docs"
        found += scaffold_values(config_file, text, config_file.parent / docs)
    return sorted(found + checker.problems)


#: what the template leaves for a city to replace: reserved example domains (RFC 2606/6761),
#: the template town, its street and its postcode
SCAFFOLD_RE = re.compile(
    r"(?:[\w.+-]+@)?(?:[\w-]+\.)+(?:example|invalid|test)\b(?![\w-])|(?:[\w.+-]+@)?(?:[\w-]+\.)*example\.(?:com|org|net)\b"
    r"|Beispielstadt|Musterstra(?:ß|ss)e 1\b"
    r"|(?<![\d-])00000(?!\d)")


def scaffold_values(config_file: Path, text: str, docs_dir: Path) -> list[Problem]:
    """With ``beispieldaten: nein`` the site is the city's own: every value the template left in
    ``mkdocs.yml`` (outside comments) and in the texts under ``docs/`` is an error at its line."""
    found = []
    sources = [(config_file, text, True)] + [
        (path, path.read_text("utf-8", errors="replace"), False) for path in sorted(docs_dir.rglob("*.md"))]
    for path, content, yaml_file in sources:
        for number, line in enumerate(content.splitlines(), start=1):
            code = _without_comment(line) if yaml_file else line
            for match in SCAFFOLD_RE.finditer(code):
                found.append(Problem(path, number, match.start() + 1, (), t("settings.scaffold", value=match.group(0))))
    return found


def _without_comment(line: str) -> str:
    """A YAML line without its comment (a ``#`` at the start or after a space, outside quotes)."""
    quote = None
    for index, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index]
    return line


def _misspelt_sections(config_file: Path, positions: Any, extra: Any) -> list[Problem]:
    """A key under ``extra`` that looks like ``stadtkarte`` (``stadtkarten``, ``Stadtkarte``):
    its settings would be ignored and every one fall back to its default without a word."""
    import difflib

    if not isinstance(extra, dict):
        return []
    found = []
    for key in extra:
        name = str(key)
        if name != SETTINGS_PATH[1] and (
                name.casefold().replace("_", "").replace("-", "") == SETTINGS_PATH[1]
                or difflib.SequenceMatcher(None, name.casefold(), SETTINGS_PATH[1]).ratio() >= 0.8):
            line, col = positions.of(("extra", key))
            found.append(Problem(config_file, line, col, ("extra", key),
                                 t("settings.section_misspelt", key=name, expected=SETTINGS_PATH[1])))
    return found


@dataclass
class _Checker:
    file: Path
    positions: Any
    root: Path
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: tuple[str | int, ...], rule: str, **params: Any) -> None:
        line, col = self.positions.of(path)
        self.problems.append(Problem(self.file, line, col, path, t(f"settings.{rule}", **params)))

    def section(self, raw: Any, path: tuple[str, ...], options: dict[str, Option], example: str) -> None:
        if not isinstance(raw, dict):
            self.add(path, "section", key=path[-1], example=example)
            return
        for key, value in raw.items():
            here = (*path, key)
            option = options.get(key)
            if option is None:
                import difflib

                close = difflib.get_close_matches(str(key), list(options), n=1, cutoff=0.6)
                allowed = ", ".join(options)
                if close:
                    self.add(here, "unknown_suggest", suggestion=close[0], allowed=allowed)
                else:
                    self.add(here, "unknown", allowed=allowed)
            elif option.kind == "section":
                self.section(value, here, option.children, option.example)
            elif option.kind == "list":
                self.items(value, here, option)
            elif value is not None:  # an empty value means the default
                self.value(value, here, option, raw)

    def items(self, raw: Any, path: tuple[str, ...], option: Option) -> None:
        """A list of items with the same settings, each of them required."""
        if raw is None:
            return
        if not isinstance(raw, list):
            self.add(path, "list", key=path[-1], example=option.example)
            return
        for index, item in enumerate(raw):
            here = (*path, index)
            if not isinstance(item, dict):
                self.add(here, "item", example=option.example, keys=", ".join(list(option.children)[1:]))
                continue
            self.section(item, here, option.children, option.example)  # type: ignore[arg-type]
            for key, child in option.children.items():
                if item.get(key) is None:
                    self.add(here, "item_missing", key=key, example=child.example)

    def value(self, value: Any, path: tuple[str, ...], option: Option, siblings: dict[str, Any]) -> None:
        kind, example = option.kind, option.example
        shown = _shown(value)
        if kind == "flag":
            if not isinstance(value, bool) and flag(value, default=None) is None:  # type: ignore[arg-type]
                self.add(path, "flag", value=shown, example=example)
        elif kind == "duration":
            if _duration(value) is None:
                self.add(path, "duration", value=shown, example=example)
        elif kind == "languages":
            self.languages(value, path, example)
        elif kind in {"number", "whole"}:
            whole = kind == "whole"
            if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) or value < 0:
                self.add(path, "whole" if whole else "number", value=shown, example=example)
        elif isinstance(value, (dict, list)):
            self.add(path, "text", example=example)
        elif kind == "choice":
            if str(value) not in option.choices:
                self.add(path, "choice", value=shown, choices=", ".join(option.choices), example=example)
        elif kind == "folder":
            if not (self.root / str(value)).is_dir():
                self.add(path, "folder", value=shown, example=example)
        elif kind == "email":
            from .models import EMAIL_RE

            if not EMAIL_RE.match(str(value).strip()):
                self.add(path, "email", value=shown, example=example)
        elif kind == "url":
            if not str(value).startswith(("https://", "http://")):
                self.add(path, "url", value=shown, example=example)
        elif kind == "video":
            if not _video_file(str(value).strip()):
                self.add(path, "video", value=shown, example=example)
        elif kind == "tiles":
            self.tiles(str(value), path, example)
        elif kind == "licence":
            self.licence(str(value), path, siblings)

    def languages(self, value: Any, path: tuple[str, ...], example: str) -> None:
        """``sprachen``: a list of language codes, each once; the first is the site's main one."""
        from .languages import german_name, is_language_code, suggest_language_code

        if not isinstance(value, list) or not value:
            self.add(path, "languages_list", example=example)
            return
        seen: set[str] = set()
        for number, code in enumerate(value):
            here, shown = (*path, number), _shown(code)
            if not isinstance(code, str) or not is_language_code(code):
                suggestion = suggest_language_code(shown)
                if suggestion:
                    self.add(here, "language_suggest", value=shown, suggestion=suggestion,
                             name=german_name(suggestion), example=example)
                else:
                    self.add(here, "language_unknown", value=shown, example=example)
            elif code in seen:
                self.add(here, "language_twice", value=code)
            seen.add(shown)

    def consent(self, raw: Any, path: tuple[str, ...]) -> None:
        """``einwilligung: nein`` switches the two-click consent off only for the city's own tile
        server (``kacheln_eigene: ja``); for any other it is ignored, with this warning."""
        if not isinstance(raw, dict) or flag(raw.get("einwilligung"), default=True):
            return
        if flag(raw.get("kacheln_eigene"), default=False):
            return
        from urllib.parse import urlsplit

        from .render import MapOptions

        line, col = self.positions.of((*path, "einwilligung"))
        host = urlsplit(str(raw.get("kacheln") or MapOptions.tiles)).hostname or str(raw.get("kacheln"))
        self.problems.append(Problem(self.file, line, col, (*path, "einwilligung"),
                                     t("settings.consent_third_party", host=host), severity="warnung"))

    def tiles(self, value: str, path: tuple[str, ...], example: str) -> None:
        if not value.startswith("https://"):
            self.add(path, "tiles_https", value=value, example=example)
        missing = [p for p in TILE_PLACEHOLDERS if p not in value]
        if missing:
            self.add(path, "tiles_placeholders", value=value, missing=", ".join(missing), example=example)

    def licence(self, value: str, path: tuple[str, ...], siblings: dict[str, Any]) -> None:
        import difflib

        from .exports import LICENCES

        if value in LICENCES:
            return
        close = difflib.get_close_matches(value.casefold(), list(LICENCES), n=1, cutoff=0.6)
        allowed = ", ".join(LICENCES)
        if close:
            self.add(path, "licence_suggest", value=value, suggestion=close[0], allowed=allowed)
        elif not any(ch.isspace() for ch in value):  # looks like an id, but is not one
            self.add(path, "licence", value=value, allowed=allowed)
        elif not siblings.get("lizenz_url"):  # a licence by name: where is its text?
            self.add(path, "licence_url", value=value)


def _shown(value: Any) -> str:
    return {True: "true", False: "false"}.get(value, str(value)) if isinstance(value, bool) else str(value)

