"""Project settings from ``mkdocs.yml`` → ``extra.stadtkarte`` (the one configuration file).

mkdocs.yml often carries tags such as ``!!python/name:…`` or ``!ENV``; they are read as plain
values here (never executed), since only ``extra.stadtkarte`` matters to the package.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .render import SiteOptions


class _TolerantLoader(yaml.SafeLoader):
    """Safe loader that turns any unknown tag into its plain value."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
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
    #: ``geschuetzte_orte``: ``bereich`` or ``keiner`` (checked by :func:`site_options`)
    protected_places: str = "bereich"


def build_date() -> date:
    """The day the site is built for: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else today.

    Expiry of offers and the "older than 12 months" notice depend on it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def load_settings(config_file: Path) -> Settings:
    """Read ``extra.stadtkarte`` of ``config_file``; a missing file gives the defaults."""
    root = config_file.parent
    raw: dict[str, Any] = {}
    loaded: Any = None
    if config_file.exists():
        loader = _TolerantLoader(config_file.read_text("utf-8"))  # a SafeLoader: never runs code
        try:
            loaded = loader.get_single_data()
        finally:
            loader.dispose()
        raw = ((loaded or {}).get("extra") or {}).get("stadtkarte") or {}
    geo = raw.get("geocoder") or {}
    known = GeocoderSettings.__dataclass_fields__
    repo = str((loaded or {}).get("repo_url") or "").rstrip("/") if config_file.exists() else ""
    return Settings(
        root=root,
        data_dir=root / raw.get("daten", "data"),
        sample_data=bool(raw.get("beispieldaten", True)),
        geocoder=GeocoderSettings(**{k: v for k, v in geo.items() if k in known}),
        repo_url=repo if repo.startswith("https://") else None,
        branch=str(raw.get("branch", "main")),
        templates=root / raw["vorlagen"] if raw.get("vorlagen") else None,
        map=_map_options(raw.get("karte") or {}),
        site_url=_site_url((loaded or {}).get("site_url")),
        export=_export_options(raw.get("export") or {}),
        protected_places=str(raw.get("geschuetzte_orte") or "bereich"),
    )


def _site_url(value: Any) -> str | None:
    text = str(value or "").strip()
    return text.rstrip("/") + "/" if text.startswith(("https://", "http://")) else None


def _texts(options: Any, raw: dict[str, Any], keys: dict[str, str]) -> Any:
    """Set each attribute named in ``keys`` (German key → attribute) that ``raw`` gives as text."""
    for key, attribute in keys.items():
        if raw.get(key):
            setattr(options, attribute, str(raw[key]))
    return options


def _export_options(raw: dict[str, Any]) -> Any:
    from .render import ExportOptions

    return _texts(ExportOptions(), raw, {"lizenz": "licence", "lizenz_url": "licence_url", "namensnennung": "attribution",
                                         "kennung": "namespace", "bundesland": "state"})


def _map_options(raw: dict[str, Any]) -> Any:
    from .render import MapOptions

    options = _texts(MapOptions(), raw, {"kacheln": "tiles", "namensnennung": "attribution"})
    options.consent = bool(raw.get("einwilligung", False))
    return options


def site_options(settings: Settings) -> SiteOptions:
    """What publishing and the outputs need, from the settings. An unknown
    ``geschuetzte_orte`` is a ValueError with a German message."""
    from .i18n import t
    from .publish import PROTECTED_PLACES
    from .render import SiteOptions

    if settings.protected_places not in PROTECTED_PLACES:
        raise ValueError(t("settings.protected_places", value=settings.protected_places))

    data_path = os.path.relpath(settings.data_dir, settings.root).replace(os.sep, "/")
    return SiteOptions(
        today=build_date(), sample_data=settings.sample_data, repo_url=settings.repo_url,
        branch=settings.branch, data_path=data_path, templates=settings.templates, map=settings.map,
        site_url=settings.site_url, export=settings.export or _export_options({}),
        protected_places=settings.protected_places,  # type: ignore[arg-type]
    )
