"""``stadtkarte init``: a clean start for a new city that validates and builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from stadtkarte.citysetup import set_yaml_values
from stadtkarte.settings import check_settings, load_settings
from stadtkarte.yamlsource import load_file

from .conftest import ROOT
from .sitebuild import build, copy_project

FLAGS = (
    "--name", "Integration im Musterkreis", "--traeger", "Landratsamt Musterkreis",
    "--kontakt", "integration@musterkreis.de", "--anschrift", "Am Landratsamt 3, 97999 Musterstadt",
    "--kommune", "Musterstadt;09999001;49.90;10.90", "--kommune", "Beispielheim;09999002;49.96;10.80",
    "--kommune", "Neudorf am See;09999003;49.84;11.02",
    "--pruefende", "@musterkreis/integration", "--repo", "https://github.com/musterkreis/stadtkarte",
)
#: the same answers, typed one per line (a pipe)
TYPED = "\n".join([
    "Integration im Musterkreis", "Landratsamt Musterkreis", "integration@musterkreis.de",
    "Am Landratsamt 3, 97999 Musterstadt", "Musterstadt", "09999001", "49.90, 10.90", "Beispielheim", "09999002", "49.96, 10.80",
    "Neudorf am See", "09999003", "49.84, 11.02", "",
    "@musterkreis/integration", "https://github.com/musterkreis/stadtkarte", "nein", "ja",
]) + "\n"


def project(tmp_path: Path) -> Path:
    """A checkout as a city gets it: the software, the sample settings and data, the issue form."""
    target = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / ".github" / "ISSUE_TEMPLATE", target / ".github" / "ISSUE_TEMPLATE")
    return target


def init(target: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stadtkarte.cli", "init", *args], cwd=target, input=stdin,
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def _assert_clean_city(target: Path, tmp_path: Path) -> None:
    assert not list((target / "data").glob("*/*.yml")), "the sample entries are gone"
    assert sorted(load_file(target / "data" / "kommunen.yml").data["kommunen"]) == [
        "beispielheim", "musterstadt", "neudorf-am-see"]
    settings = load_settings(target / "mkdocs.yml")
    assert settings.sample_data is False and settings.repo_url == "https://github.com/musterkreis/stadtkarte"
    assert settings.export.attribution == "Landratsamt Musterkreis"
    assert settings.geocoder.user_agent == "stadtkarte-integration (integration@musterkreis.de)"
    assert settings.map.own_tiles is False and settings.map.consent is True, "OpenStreetMap: only after consent"
    assert check_settings(target / "mkdocs.yml") == []
    assert "* @musterkreis/integration" in (target / ".github" / "CODEOWNERS").read_text("utf-8")
    assert settings.editorial_email == "integration@musterkreis.de", "Fehler melden writes to the city"
    for name in ("eintrag.yml", "angebot.yml"):  # both forms list the new towns
        form = (target / ".github" / "ISSUE_TEMPLATE" / name).read_text("utf-8")
        assert "Neudorf am See" in form and "Ludwigsburg" not in form, name
    imprint = (target / "docs" / "impressum.md").read_text("utf-8")
    assert "Landratsamt Musterkreis, Am Landratsamt 3, 97999 Musterstadt,\nintegration@musterkreis.de." in imprint
    validate = subprocess.run([sys.executable, "-m", "stadtkarte.cli", "validate"], cwd=target, capture_output=True,
                              text=True, timeout=120)
    assert validate.returncode == 0, validate.stdout
    assert validate.stdout.splitlines() == ["OK: 2 Dateien geprüft (0 Organisationen, 0 Angebote), keine Fehler"]
    site = tmp_path / "site"
    built = build(target, site)
    assert built.returncode == 0, built.stderr
    start = (site / "index.html").read_text("utf-8")
    assert "Integration im Musterkreis" in start and "Alle Einträge sind erfundene Beispiele" not in start
    assert (site / "kommunen" / "neudorf-am-see" / "index.html").is_file()


def test_init_with_flags_writes_a_project_that_validates_and_builds(tmp_path: Path) -> None:
    target = project(tmp_path)
    comment = "# Show the \"Beispieldaten\" banner: set to false when real data is in data/.\n"
    assert comment in (target / "mkdocs.yml").read_text("utf-8")
    result = init(target, *FLAGS, "--ersetzen")
    assert result.returncode == 0, result.stderr
    assert "79 Beispiel-Einträge gelöscht" in result.stdout and "EINRICHTEN.md" in result.stdout
    assert comment in (target / "mkdocs.yml").read_text("utf-8"), "the comments of mkdocs.yml stay"
    _assert_clean_city(target, tmp_path)


def test_init_reads_answers_from_a_pipe(tmp_path: Path) -> None:
    target = project(tmp_path)
    result = init(target, stdin=TYPED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Name der 4. Kommune (leer lassen, wenn das alle sind): " in result.stdout
    assert "Gehört der Kartenserver (die Kartenbilder) der Stadt selbst?" in result.stdout
    _assert_clean_city(target, tmp_path)


def test_init_asks_whether_the_tile_server_is_the_citys_own(tmp_path: Path) -> None:
    """Only the city's own tile server loads without the two-click consent; init asks (or takes
    --kacheln-eigene) and writes the answer into mkdocs.yml."""
    own = project(tmp_path / "eigen")
    result = init(own, *FLAGS, "--ersetzen", "--kacheln-eigene")
    assert result.returncode == 0, result.stderr
    assert "Gehört der Kartenserver" not in result.stdout, "the flag answers the question"
    settings = load_settings(own / "mkdocs.yml")
    assert settings.map.own_tiles is True and settings.map.consent is False
    assert check_settings(own / "mkdocs.yml") == []

    typed = project(tmp_path / "gefragt")
    answers = TYPED.replace("stadtkarte\nnein\nja\n", "stadtkarte\nja\nja\n")
    assert answers != TYPED
    result = init(typed, stdin=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert load_settings(typed / "mkdocs.yml").map.consent is False

    refused = project(tmp_path / "falsch")
    before = (refused / "mkdocs.yml").read_text("utf-8")
    result = init(refused, *FLAGS, "--ersetzen", "--kacheln-eigene", "vielleicht")
    assert result.returncode != 0
    assert result.stderr.strip() == "„vielleicht“ ist weder ja noch nein – „ja“ oder „nein“ schreiben"
    assert (refused / "mkdocs.yml").read_text("utf-8") == before and len(list((refused / "data").glob("*/*.yml"))) == 79


def test_init_keeps_existing_entries_unless_told(tmp_path: Path) -> None:
    target = project(tmp_path)
    before = (target / "mkdocs.yml").read_text("utf-8")
    result = init(target, *FLAGS)  # the question "löschen?" meets the end of input: no
    assert result.returncode == 2
    assert f"In {Path('data')} stehen 79 Einträge – mit --ersetzen werden sie gelöscht" in result.stderr
    assert (target / "mkdocs.yml").read_text("utf-8") == before
    assert len(list((target / "data").glob("*/*.yml"))) == 79


def test_init_rejects_bad_answers_with_the_fix(tmp_path: Path) -> None:
    target = project(tmp_path)
    bad_ags = init(target, *FLAGS[:4], "--kontakt", "a@b.de", "--kommune", "Musterstadt;9999001;49.9;10.9")
    assert bad_ags.returncode == 2
    assert bad_ags.stderr.strip() == ("„9999001“ ist kein Gemeindeschlüssel – genau 8 Ziffern, z. B. 08118048 "
                                      "(zu finden im Gemeindeverzeichnis des Statistischen Bundesamts)")
    swapped = init(target, stdin="Name\nTräger\na@b.de\n\nMusterstadt\n09999001\n10.9, 49.9\n")
    assert swapped.returncode == 2
    assert ("„10.9, 49.9“ liegt nicht in Deutschland – erst die Breite (47 bis 55), dann die Länge (6 bis 15), "
            "z. B. 48.8975, 9.1922") in swapped.stdout + swapped.stderr
    placeholder = init(target, *FLAGS[:4], "--kontakt", "integration@stadt.example", "--kommune", "A;09999001;49.9;10.9")
    assert placeholder.returncode == 2 and "„integration@stadt.example“ ist keine E-Mail-Adresse der Stadt" in placeholder.stderr


def test_set_yaml_values_changes_lines_and_adds_missing_keys() -> None:
    text = "site_name: Alt  # Name\nhooks:\n  - !!python/name:x\nextra:\n  stadtkarte:\n    # Banner\n    beispieldaten: true\n"
    changed = set_yaml_values(text, {
        ("site_name",): '"Neu"', ("extra", "stadtkarte", "beispieldaten"): "false",
        ("extra", "stadtkarte", "export", "namensnennung"): '"Amt"', ("repo_url",): '"https://github.com/a/b"',
    })
    assert changed == (
        'site_name: "Neu"\nhooks:\n  - !!python/name:x\nextra:\n  stadtkarte:\n    export:\n      namensnennung: "Amt"\n'
        '    # Banner\n    beispieldaten: false\nrepo_url: "https://github.com/a/b"\n')


def test_guide_names_every_setting_and_its_init_example_parses() -> None:
    import re
    import shlex

    from stadtkarte.cli import build_parser
    from stadtkarte.settings import OPTIONS

    guide = (ROOT / "EINRICHTEN.md").read_text("utf-8")
    names = set(OPTIONS) | {child for option in OPTIONS.values() for child in option.children}
    quoted = " ".join(re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", guide, flags=re.S)))
    assert [name for name in sorted(names) if not re.search(rf"(?<![\w-]){name}(?![\w-])", quoted)] == []
    assert "[EINRICHTEN.md](EINRICHTEN.md)" in (ROOT / "README.md").read_text("utf-8")
    example = next(block for block in re.findall(r"```sh\n(.*?)```", guide, re.S) if "init --ersetzen" in block)
    words = shlex.split(example.replace("\\\n", " "))
    args = build_parser().parse_args(words[1:])
    assert args.ersetzen and len(args.kommune) == 3 and args.kontakt == "integration@musterkreis.de"


def test_init_reads_yes_words_like_the_data_does(tmp_path: Path) -> None:
    """„Ja“ (quoted, as a phone types it) at the question "löschen?" is a yes, read by the input gate."""
    target = project(tmp_path)
    result = init(target, *FLAGS, "--kacheln-eigene", "nein", stdin="„Ja“\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "79 Beispiel-Einträge gelöscht" in result.stdout
    assert not list((target / "data").glob("*/*.yml"))


def test_without_an_address_validate_names_what_the_impressum_still_needs(tmp_path: Path) -> None:
    """No --anschrift and no answer: the template's address stays in docs/impressum.md, and with
    ``beispieldaten: nein`` (written by init) ``validate`` names it at its line; the publisher and
    the e-mail are filled in."""
    target = project(tmp_path)
    flags = [arg for arg in FLAGS if arg != "--anschrift" and not arg.startswith("Am Landratsamt")]
    result = init(target, *flags, "--ersetzen", "--kacheln-eigene", "nein")
    assert result.returncode == 0, result.stdout + result.stderr
    imprint = (target / "docs" / "impressum.md").read_text("utf-8")
    assert "Landratsamt Musterkreis, Musterstraße 1, 00000 Beispielstadt,\nintegration@musterkreis.de." in imprint
    validate = subprocess.run([sys.executable, "-m", "stadtkarte.cli", "validate"], cwd=target, capture_output=True,
                              text=True, timeout=120)
    assert validate.returncode == 1
    line = imprint.splitlines().index("Landratsamt Musterkreis, Musterstraße 1, 00000 Beispielstadt,") + 1
    found = [row.split(": „")[0] for row in validate.stdout.splitlines() if "stammt aus der Vorlage" in row]
    assert found == [f"docs/impressum.md:{line}:26", f"docs/impressum.md:{line}:42", f"docs/impressum.md:{line}:48"]


def test_site_url_takes_the_place_of_the_templates_commented_line(tmp_path: Path) -> None:
    target = project(tmp_path)
    assert "\n# site_url: " in (target / "mkdocs.yml").read_text("utf-8")
    result = init(target, *FLAGS, "--ersetzen", "--kacheln-eigene", "nein", "--site-url", "https://integration.musterkreis.de/")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = (target / "mkdocs.yml").read_text("utf-8").splitlines()
    assert [line for line in lines if "site_url:" in line] == ['site_url: "https://integration.musterkreis.de/"']
    assert lines.index('site_url: "https://integration.musterkreis.de/"') < lines.index("extra:")  # where it stood
    assert load_settings(target / "mkdocs.yml").site_url == "https://integration.musterkreis.de/"
