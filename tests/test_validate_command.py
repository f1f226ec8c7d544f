"""``stadtkarte validate`` on a set of files and against a git base revision, as the pre-commit
hook and the pull-request check run it: a real subprocess, real files, a real git repository."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import privacy_catalogues as pc

SHELTER = Path("organisationen") / "frauenschutz-beratung.yml"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "stadtkarte.cli", "validate", *args],
        cwd=cwd, capture_output=True, text=True, env=env, timeout=120, check=False,
    )


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@stadtkarte.test", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, data_dir: Path) -> Path:
    """A git repository holding the sample data, committed once (the "base")."""
    project = data_dir.parent
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "data")
    git(project, "commit", "-q", "-m", "base")
    return project


def test_one_changed_file_reports_the_errors_it_causes_in_other_files(data_dir: Path) -> None:
    taxonomy = data_dir / "taxonomie.yml"
    raw = yaml.safe_load(taxonomy.read_text("utf-8"))
    users = sorted(
        p.name for p in (data_dir / "organisationen").glob("*.yml")
        if "kunst-kultur" in (yaml.safe_load(p.read_text("utf-8")).get("kategorien") or [])
    )
    assert users, "the sample data must use the category this test removes"
    del raw["kategorien"]["kunst-kultur"]
    taxonomy.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
    result = run("--data", "data", "data/taxonomie.yml", cwd=data_dir.parent)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    broken = [line for line in lines if "„kunst-kultur“ gibt es nicht in data/taxonomie.yml → kategorien" in line]
    assert len(broken) >= len(users)
    count = sum(1 for line in lines if line.startswith("data/") and ": Hinweis: " not in line)
    assert f"{count} Fehler in anderen Dateien, die von dieser Änderung abhängen" in lines
    assert all(line.startswith(("data/organisationen/", "data/angebote/")) for line in broken)


def test_a_changed_file_alone_still_says_ok_when_nothing_depends_on_it(data_dir: Path) -> None:
    result = run("--data", "data", "data/organisationen/internationaler-frauentreff.yml", cwd=data_dir.parent)
    assert result.returncode == 0, result.stdout
    assert "anderen Dateien" not in result.stdout


def test_protected_place_turned_public_fails_against_the_base(repo: Path) -> None:
    path = repo / "data" / SHELTER
    text = path.read_text("utf-8")
    public = text.replace("standort_oeffentlich: false\n", "").replace(
        "  stadtteil: Oststadt\n", "  strasse: Marktplatz 1\n  stadtteil: Oststadt\n"  # its area stays in the cache
    )
    path.write_text(public, "utf-8")
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 1
    [line] = [line for line in result.stdout.splitlines() if "frauenschutz" in line and "Warnung" not in line]
    assert line == (  # the flag is gone: the file's first field is where it is reported
        "data/organisationen/frauenschutz-beratung.yml:3:1: Der Ort war geschützt (standort_oeffentlich: false) und "
        "würde mit dieser Änderung öffentlich – nur mit Zustimmung der Einrichtung: dann zusätzlich "
        "„standort_freigegeben: ja“ eintragen; sonst „standort_oeffentlich: false“ lassen"
    )
    # the same file without --base: nothing in it is wrong on its own
    assert run("--data", "data", cwd=repo).returncode == 0


def test_protected_place_set_to_ja_points_at_the_line(repo: Path) -> None:
    path = repo / "data" / SHELTER
    text = path.read_text("utf-8")
    public = text.replace("standort_oeffentlich: false\n", "standort_oeffentlich: ja\n")
    path.write_text(public.replace("  stadtteil: Oststadt\n", "  strasse: Marktplatz 1\n  stadtteil: Oststadt\n"), "utf-8")
    result = run("--data", "data", "--base", "main", "data/" + SHELTER.as_posix(), cwd=repo)
    assert result.returncode == 1
    number = path.read_text("utf-8").splitlines().index("standort_oeffentlich: ja") + 1
    assert f"data/organisationen/frauenschutz-beratung.yml:{number}:1: standort_oeffentlich: Der Ort war geschützt" in result.stdout


def test_protected_place_turned_public_with_confirmation_passes(repo: Path) -> None:
    path = repo / "data" / SHELTER
    text = path.read_text("utf-8")
    public = text.replace("standort_oeffentlich: false\n", "standort_oeffentlich: true\nstandort_freigegeben: ja\n")
    path.write_text(public.replace("  stadtteil: Oststadt\n", "  strasse: Marktplatz 1\n  stadtteil: Oststadt\n"), "utf-8")
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 0, result.stdout


def _protected_offer(repo: Path) -> tuple[Path, str]:
    """An offer with a protected place of its own, committed to the base."""
    offer = repo / "data" / "angebote" / "geschuetzte-gruppe.yml"
    protected = (
        "titel: Gruppe an geschütztem Ort\norganisation: internationaler-frauentreff\nart: kurs\n"
        "beschreibung: Eine Gruppe.\nort:\n  plz: \"71640\"\n  ort: Ludwigsburg\n  kommune: ludwigsburg\n"
        "  standort_oeffentlich: nein\ngeprueft_am: 2025-10-24\n"
    )
    offer.write_text(protected, "utf-8")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "protected offer")
    return offer, protected


def test_protected_offer_place_turned_public_fails(repo: Path) -> None:
    offer, protected = _protected_offer(repo)
    offer.write_text(
        protected.replace("  standort_oeffentlich: nein\n", "  strasse: Marktplatz 1\n  standort_oeffentlich: ja\n"), "utf-8"
    )
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 1
    assert "data/angebote/geschuetzte-gruppe.yml:10:3: ort.standort_oeffentlich: Der Ort war geschützt" in result.stdout


def test_adding_a_street_to_a_protected_place_fails(repo: Path) -> None:
    path = repo / "data" / SHELTER
    text = path.read_text("utf-8")
    street = "Erfundene Gasse 99"  # invented at test time, never a real-looking address
    path.write_text(text.replace("  stadtteil: Oststadt\n", f"  strasse: {street}\n  stadtteil: Oststadt\n"), "utf-8")
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 1
    assert "adresse.strasse: Straße entfernen – geschützte Orte stehen nur mit PLZ/Ort bzw. Stadtteil im Verzeichnis" in result.stdout


def test_unknown_base_revision_is_explained(repo: Path) -> None:
    result = run("--data", "data", "--base", "gibt-es-nicht", cwd=repo)
    assert result.returncode == 1
    assert (
        "data:1:1: Vergleich mit dem Stand „gibt-es-nicht“ nicht möglich – ist das eine Revision dieses "
        "Git-Repositorys? z. B. --base origin/main"
    ) in result.stdout


def _renamed(repo: Path, old: Path, new: str, change: Callable[[str], str]) -> Path:
    """``git mv`` an entry file to ``new`` and edit its text: the rename of a pull request."""
    target = old.parent / new
    git(repo, "mv", str(old.relative_to(repo)), str(target.relative_to(repo)))
    target.write_text(change(target.read_text("utf-8")), "utf-8")
    return target


def _made_public(text: str) -> str:
    """The shelter's file without its flag, with an invented street and point."""
    street = "Erfundene Gasse 99"
    return text.replace("standort_oeffentlich: false\n", "koordinaten: {lat: 48.9, lon: 9.2}\n").replace(
        "  stadtteil: Oststadt\n", f"  strasse: {street}\n  stadtteil: Oststadt\n"
    )


def _protected_elsewhere(rev: str, path: str, how: str) -> str:
    return (
        f"Dieser Eintrag war in {rev} als geschützter Ort „{path}“ ({how}) und bleibt geschützt, auch unter neuem "
        "Dateinamen – „standort_oeffentlich: false“ eintragen und Straße, Zusatz und Koordinaten entfernen; nur mit "
        "Zustimmung der Einrichtung zusätzlich „standort_freigegeben: ja“"
    )


def test_renamed_protected_place_made_public_fails_by_name(repo: Path) -> None:
    renamed = _renamed(repo, repo / "data" / SHELTER, "beratungsstelle.yml", _made_public)
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 1
    number = renamed.read_text("utf-8").splitlines().index("  strasse: Erfundene Gasse 99") + 1
    expected = f"data/organisationen/beratungsstelle.yml:{number}:3: adresse.strasse: " + _protected_elsewhere(
        "main", "data/organisationen/frauenschutz-beratung.yml", "gleicher Name"
    )
    assert expected in result.stdout.splitlines()


def test_renamed_and_renamed_again_is_found_by_phone_and_by_email(repo: Path) -> None:
    def other_name(text: str) -> str:
        return _made_public(text).replace("name: Beratung für Frauen in Not (Beispiel)", "name: Ganz anderer Name")

    renamed = _renamed(repo, repo / "data" / SHELTER, "anders.yml", other_name)
    phone = run("--data", "data", "--base", "main", cwd=repo)
    assert phone.returncode == 1
    assert "(gleiche Telefonnummer)" in phone.stdout
    # the number written differently still is the same number
    text = renamed.read_text("utf-8")
    renamed.write_text(text.replace('telefon: "07141 000119"', 'telefon: "+49 7141 000-119"'), "utf-8")
    assert "(gleiche Telefonnummer)" in run("--data", "data", "--base", "main", cwd=repo).stdout
    # an e-mail address at the base, the phone gone now
    git(repo, "reset", "-q", "--hard")
    shelter = repo / "data" / SHELTER
    shelter.write_text(shelter.read_text("utf-8").replace("kontakt:\n", "kontakt:\n  email: Schutz@beispiel.example\n"), "utf-8")
    git(repo, "commit", "-q", "-am", "e-mail")
    _renamed(repo, shelter, "anders.yml", lambda t: other_name(t).replace('  telefon: "07141 000119"\n', "").replace(
        "Schutz@beispiel.example", "schutz@BEISPIEL.example"))
    email = run("--data", "data", "--base", "main", cwd=repo)
    assert email.returncode == 1
    assert "anders.yml" in email.stdout and "(gleiche E-Mail-Adresse)" in email.stdout


def _follow(repo: Path) -> None:
    """The shelter's offer follows its organisation's new file name."""
    offer = repo / "data" / "angebote" / "frauenberatung-telefon.yml"
    offer.write_text(offer.read_text("utf-8").replace("frauenschutz-beratung", "beratungsstelle"), "utf-8")


def test_a_public_entry_sharing_the_phone_of_a_protected_one_stays_as_it_was(repo: Path) -> None:
    """A file that was public at the base under the same name is not compared with others: an
    umbrella organisation may share its shelter's number."""
    public = repo / "data" / "organisationen" / "internationaler-frauentreff.yml"
    text = public.read_text("utf-8")
    public.write_text(text.replace('telefon: "07141 000101"', 'telefon: "07141 000119"'), "utf-8")
    assert "07141 000119" in (repo / "data" / SHELTER).read_text("utf-8")
    assert run("--data", "data", "--base", "main", cwd=repo).returncode == 0
    # a new file with that number and a street is another matter
    copy = public.parent / "frauentreff-zweigstelle.yml"
    copy.write_text(public.read_text("utf-8").replace("name: ", "name: Zweigstelle ", 1), "utf-8")
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 1 and "(gleiche Telefonnummer)" in result.stdout


def test_renaming_a_protected_place_does_not_accuse_a_neighbour_sharing_its_phone(repo: Path) -> None:
    public = repo / "data" / "organisationen" / "internationaler-frauentreff.yml"
    public.write_text(public.read_text("utf-8").replace('telefon: "07141 000101"', 'telefon: "07141 000119"'), "utf-8")
    git(repo, "commit", "-q", "-am", "the umbrella organisation shares the number")
    _renamed(repo, repo / "data" / SHELTER, "beratungsstelle.yml", lambda text: text)  # still protected
    _follow(repo)
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_a_protected_file_moved_over_a_public_one_stays_protected(repo: Path) -> None:
    """``git mv -f`` of the shelter onto a public entry's file name: that name was public at the
    base, but the protected file it now holds vanished from its own."""
    public = "data/organisationen/internationaler-frauentreff.yml"
    git(repo, "mv", "-f", f"data/{SHELTER.as_posix()}", public)
    (repo / public).write_text(_made_public((repo / public).read_text("utf-8")), "utf-8")
    offer = repo / "data" / "angebote" / "frauenberatung-telefon.yml"
    offer.write_text(offer.read_text("utf-8").replace("frauenschutz-beratung", "internationaler-frauentreff"), "utf-8")
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if line.startswith(public) and "(gleicher Name)" in line]


def test_renamed_protected_place_still_protected_passes(repo: Path) -> None:
    _renamed(repo, repo / "data" / SHELTER, "beratungsstelle.yml", lambda text: text)
    _follow(repo)
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_renamed_protected_place_made_public_with_confirmation_passes(repo: Path) -> None:
    _renamed(repo, repo / "data" / SHELTER, "beratungsstelle.yml",
             lambda text: _made_public(text) + "standort_freigegeben: ja\n")
    _follow(repo)
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_renamed_offer_of_a_protected_organisation_gets_no_street(repo: Path) -> None:
    """The sample's phone offer has no place of its own (online): it was protected through its organisation.
    Renamed, with an ``ort`` and a street of its own, it stays protected."""
    offers = repo / "data" / "angebote"
    assert "organisation: frauenschutz-beratung" in (offers / "frauenberatung-telefon.yml").read_text("utf-8")
    street = "Erfundene Gasse 99"
    place = f'ort:\n  strasse: {street}\n  plz: "71640"\n  ort: Ludwigsburg\n  kommune: ludwigsburg\n'
    renamed = _renamed(repo, offers / "frauenberatung-telefon.yml", "beratung-am-telefon.yml",
                       lambda text: text.replace("ort:\n  online: true\n", place))
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 1
    number = renamed.read_text("utf-8").splitlines().index(f"  strasse: {street}") + 1
    expected = f"data/angebote/beratung-am-telefon.yml:{number}:3: ort.strasse: " + _protected_elsewhere(
        "main", "data/angebote/frauenberatung-telefon.yml", "gleicher Name"
    )
    assert expected in result.stdout.splitlines()
    # confirmed only when the place says it is public, in so many words, and that this is agreed
    confirmed = renamed.read_text("utf-8").replace("  kommune: ludwigsburg\n", "  kommune: ludwigsburg\n  standort_freigegeben: ja\n")
    renamed.write_text(confirmed, "utf-8")
    assert "war in main als geschützter Ort" in run("--data", "data", "--base", "main", cwd=repo).stdout
    renamed.write_text(confirmed.replace("  standort_freigegeben: ja\n", "  standort_oeffentlich: true\n  standort_freigegeben: ja\n"))
    assert run("--data", "data", "--base", "main", cwd=repo).returncode == 0


def test_offer_of_a_renamed_protected_organisation_gets_no_street(repo: Path) -> None:
    """The organisation renamed (still protected), its offer given a place of its own with a
    street: the offer was protected at the base through its organisation."""
    _renamed(repo, repo / "data" / SHELTER, "beratungsstelle.yml", lambda text: text)
    offer = repo / "data" / "angebote" / "frauenberatung-telefon.yml"
    place = 'ort:\n  strasse: Erfundene Gasse 99\n  plz: "71640"\n  ort: Ludwigsburg\n  kommune: ludwigsburg\n'
    text = offer.read_text("utf-8").replace("frauenschutz-beratung", "beratungsstelle")
    offer.write_text(text.replace("ort:\n  online: true\n", place), "utf-8")
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 1
    number = offer.read_text("utf-8").splitlines().index("ort:") + 1
    assert f"data/angebote/frauenberatung-telefon.yml:{number}:1: ort: Der Ort war geschützt" in result.stdout


def test_renamed_offer_with_its_own_protected_place(repo: Path) -> None:
    offer, _ = _protected_offer(repo)
    _renamed(repo, offer, "gruppe.yml", lambda text: text.replace(
        "  standort_oeffentlich: nein\n", "  strasse: Marktplatz 1\n  standort_oeffentlich: ja\n"))
    result = run("--data", "data", "--base", "main", cwd=repo)
    assert result.returncode == 1
    assert "data/angebote/gruppe.yml:10:3: ort.standort_oeffentlich: " + _protected_elsewhere(
        "main", "data/angebote/geschuetzte-gruppe.yml", "gleicher Name"
    ) in result.stdout.splitlines()


def test_head_of_a_repository_without_commits_is_no_error(tmp_path: Path, data_dir: Path) -> None:
    """pre-commit runs ``--base HEAD``: the very first commit has nothing to compare with."""
    git(data_dir.parent, "init", "-q", "-b", "main")
    result = run("--data", "data", "--base", "HEAD", cwd=data_dir.parent)
    assert result.returncode == 0, result.stdout


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(spec=pc.specs(max_organisations=4), choices=st.lists(st.sampled_from(["keep", "publish", "confirm"]), min_size=4,
                                                           max_size=4))
def test_renamed_protected_places_stay_protected_in_random_catalogues(spec: pc.Spec, choices: list[str]) -> None:
    """Every protected organisation renamed (``git mv``): kept protected, made public, or made
    public with confirmation. Only the unconfirmed public ones are errors – although every entry
    of these catalogues shares one phone number."""
    from stadtkarte.history import protection_changes

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        data = repo / "data"
        pc.write_files(spec, data)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "data")
        git(repo, "commit", "-q", "-m", "base")
        expected = set()
        for index, org in enumerate(spec.organisations):
            if not (org.place and org.place.protected):
                continue
            choice = choices[index]
            old = data / "organisationen" / f"{pc.org_slug(index)}.yml"
            new = old.with_name(f"neu-{index}.yml")
            git(repo, "mv", str(old), str(new))
            if choice == "keep":
                continue
            raw = yaml.safe_load(new.read_text("utf-8"))
            raw.pop("standort_oeffentlich")
            raw["adresse"] = {"strasse": pc.street(org.marker), **raw["adresse"]}
            if choice == "confirm":
                raw["standort_freigegeben"] = "ja"
            else:
                expected.add(new.name)
            new.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
        problems = protection_changes(data, "main")
        assert {p.file.name for p in problems} == expected, [p.format() for p in problems]
        assert all(p.message.startswith("Dieser Eintrag war in main als geschützter Ort") for p in problems)


def test_stale_issue_forms_are_a_warning_with_the_command_that_renews_them(data_dir: Path) -> None:
    """The forms list the data's categories, municipalities and offer types: when the data moves
    on, ``validate`` says so (a warning: the data itself is fine) and names ``issue-forms``."""
    project = data_dir.parent
    forms = project / ".github" / "ISSUE_TEMPLATE"
    forms.mkdir(parents=True)
    cli = [sys.executable, "-m", "stadtkarte.cli"]
    subprocess.run([*cli, "issue-forms"], cwd=project, check=True, capture_output=True, timeout=120)
    assert "veraltet" not in run(cwd=project).stdout
    taxonomy = data_dir / "taxonomie.yml"
    raw = yaml.safe_load(taxonomy.read_text("utf-8"))
    raw["kategorien"]["nachbarschaft"] = {"name": "Nachbarschaft", "farbe": "#336699", "icon": "material/home"}
    taxonomy.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
    result = run(cwd=project)
    assert result.returncode == 0, result.stdout
    assert "Warnung: „.github/ISSUE_TEMPLATE/eintrag.yml“ ist veraltet – „stadtkarte issue-forms“ ausführen" in result.stdout
    assert ".github/ISSUE_TEMPLATE/eintrag.yml:1:1:" in result.stdout
    subprocess.run([*cli, "issue-forms"], cwd=project, check=True, capture_output=True, timeout=120)
    assert "veraltet" not in run(cwd=project).stdout
