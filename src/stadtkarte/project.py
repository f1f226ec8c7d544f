"""A whole project at once: the settings in mkdocs.yml and the data they point to, with every
problem of both. The build (hooks/site.py), ``stadtkarte validate`` and ``mkdocs serve``'s
error page all start here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_many
from .catalogue import Catalogue, load_catalogue
from .i18n import t
from .problems import Problem
from .settings import Settings, build_date, check_settings, load_settings


@dataclass
class ProjectCheck:
    settings: Settings
    catalogue: Catalogue
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def check_project(config_file: Path) -> ProjectCheck:
    """Check ``extra.stadtkarte`` of ``config_file``, then load and check the data folder it names."""
    problems = check_settings(config_file)
    settings = load_settings(config_file)
    catalogue, found = load_catalogue(settings.data_dir, today=build_date())
    return ProjectCheck(settings, catalogue, problems + site_url_notes(config_file, settings) + found)


def site_url_notes(config_file: Path, settings: Settings) -> list[Problem]:
    """A "Hinweis" (never an error) when ``site_url`` is missing: the build works, but the pages
    have no canonical link and the sitemap no full addresses."""
    if settings.site_url or not config_file.exists():
        return []
    return [Problem(config_file, 1, 1, ("site_url",), t("settings.site_url_missing"), severity="hinweis")]


def build_failure(problems: list[Problem]) -> str:
    """The text a failed build ends with: a German heading and one line per error."""
    errors = [p.format() for p in problems if p.is_error]
    return t("build.failed", count=len(errors)) + "\n" + "\n".join(errors)


#: pages of the error site: the start page, and MkDocs' dev server shows 404.html for any other address
ERROR_PAGES = ("index.html", "404.html")


def error_page(problems: list[Problem]) -> str:
    """A self-contained German HTML page listing the errors (shown by ``mkdocs serve`` instead of
    the site while the data has errors); it reloads itself, so fixing the file brings the site back."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("stadtkarte", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(default=True, default_for_string=True))
    errors = [p for p in problems if p.is_error]
    return env.get_template("error_page.html").render(t=t, errors=[p.format() for p in errors], count=len(errors))


def write_error_pages(site_dir: Path, problems: list[Problem]) -> None:
    page = error_page(problems)
    write_many(site_dir, [(name, page) for name in ERROR_PAGES])
