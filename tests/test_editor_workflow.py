"""The editor workflow: GitHub workflows, issue form ↔ from-issue, CODEOWNERS, field docs, report."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stadtkarte.catalogue import load_catalogue
from stadtkarte.cli import build_parser
from stadtkarte.issueform import ORGANISATION_FORM
from stadtkarte.report import check_websites, collect, render
from stadtkarte.yamlsource import load_file

from .conftest import ROOT, FIXTURE_DATA, TODAY

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def run(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stadtkarte.cli", *args], cwd=cwd, capture_output=True, text=True,
                          input=stdin, timeout=120)


def _subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001
    return set(action.choices)


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text("utf-8"), re.M))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_parses_is_least_privilege_and_runs_only_existing_commands(path: Path) -> None:
    loaded = load_file(path)
    assert loaded.ok, [p.format() for p in loaded.problems]
    workflow = loaded.data
    assert "pull_request_target" not in workflow["on"], "untrusted code must never run with write rights"
    assert "permissions" in workflow
    commands = _subcommands()
    targets = _make_targets()
    runs = [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "run" in step]
    for script in runs:
        for sub in re.findall(r"\.venv/bin/stadtkarte (\S+)", script):
            assert sub in commands, f"{path.name}: stadtkarte {sub} does not exist"
        for target in re.findall(r"\bmake (\w+)", script):
            assert target in targets, f"{path.name}: make {target} does not exist"
        assert "${{" not in script, f"{path.name}: pass expressions through env, not into the script"


def test_issue_form_is_current_and_valid_github_form(tmp_path: Path) -> None:
    assert run("issue-forms", "--data", str(FIXTURE_DATA), "--out", str(tmp_path)).returncode == 0
    assert run("issue-forms", "--data", str(FIXTURE_DATA), "--out", str(tmp_path), "--check").returncode == 0
    form = load_file(tmp_path / "eintrag.yml").data
    assert {"name", "description", "body"} <= set(form)
    ids = [element.get("id") for element in form["body"] if element["type"] != "markdown"]
    assert ids == [field.key for field in ORGANISATION_FORM]
    for element in form["body"]:
        assert element["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if element["type"] == "dropdown":
            assert element["attributes"]["options"]


def test_codeowners_routes_each_municipality_to_its_reviewers(tmp_path: Path) -> None:
    """Made from the fixture data (never the city's own CODEOWNERS); the teams expected are the
    fixture's own ``pruefende`` in kommunen.yml, read from it."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    catalogue, _ = load_catalogue(tmp_path / "data", today=TODAY)
    out = tmp_path / ".github" / "CODEOWNERS"
    out.parent.mkdir()
    default = "@fallback-team/integration"
    owners = ("codeowners", "--default", default)
    assert run(*owners, cwd=tmp_path).returncode == 0
    assert run(*owners, "--check", cwd=tmp_path).returncode == 0
    out.write_text(out.read_text("utf-8") + "/data/extra.yml @someone\n", "utf-8")
    assert run(*owners, "--check", cwd=tmp_path).returncode != 0  # a changed file is stale
    assert run(*owners, cwd=tmp_path).returncode == 0
    lines = out.read_text("utf-8").splitlines()
    assert f"* {default}" in lines
    for slug, entry in catalogue.organisations.items():
        address = entry.model.address
        reviewers = catalogue.municipalities[address.municipality].reviewers if address else []
        if reviewers:  # each entry of a municipality goes to that municipality's reviewers
            assert f"/data/organisationen/{slug}.yml {' '.join(reviewers)}" in lines, slug
    assert any(catalogue.municipalities[m].reviewers for m in catalogue.municipalities), "the fixture names reviewers"


def test_field_docs_in_contributing_are_current() -> None:
    result = run("field-docs", "--check")
    assert result.returncode == 0, result.stdout
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    assert "| `geprueft_am` | ja |" in text and "#### Unterfelder: termine" in text


def test_precommit_validates_the_whole_data_set_when_data_changes() -> None:
    config = load_file(ROOT / ".pre-commit-config.yaml").data
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["stadtkarte-validate"]["entry"].endswith("stadtkarte validate --base HEAD")  # renames included
    assert hooks["stadtkarte-validate"]["pass_filenames"] is False  # a change can break other files
    assert re.search(hooks["stadtkarte-validate"]["files"], "data/organisationen/x.yml")
    assert re.search(hooks["stadtkarte-validate"]["files"], "data/taxonomie.yml")
    # the cache is cleaned first: validate refuses a key no entry uses
    order = [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]
    assert order.index("stadtkarte-cache-aufraeumen") < order.index("stadtkarte-validate")
    assert hooks["stadtkarte-cache-aufraeumen"]["entry"].endswith("stadtkarte geocode --aufraeumen")


def test_report_sections_and_formats() -> None:
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    rows = collect(catalogue, TODAY)
    stale = {r.entry.slug for r in rows if r.section == "stale"}
    assert "frauenfruehstueck" in stale and "internationaler-frauentreff" not in stale
    assert {r.entry.slug for r in rows if r.section == "support_wanted"} >= {"internationaler-frauentreff"}
    markdown = render(rows, "markdown")
    assert markdown.startswith("## Seit über 12 Monaten nicht geprüft (")
    assert "| `data/organisationen/" in markdown or "| `" in markdown
    csv_text = render(rows, "csv")
    assert csv_text.startswith("\ufeffAbschnitt;Datei;Name;Angabe\n")
    assert len(csv_text.splitlines()) == len(rows) + 1
    # websites not asked: the report says so instead of "keine" (as if every site had answered)
    text = render(rows, "text")
    assert "Webseite antwortet nicht:\n  nicht geprüft – „stadtkarte report --check-websites“" in text
    assert "Webseite antwortet nicht (0)" not in text
    assert "## Webseite antwortet nicht\n\nnicht geprüft" in markdown
    assert "Webseite antwortet nicht (0):\n  keine" in render(rows, "text", websites_checked=True)


def test_website_check_reports_dead_sites(httpserver_ipv4) -> None:  # noqa: ANN001
    httpserver_ipv4.expect_request("/gut").respond_with_data("ok")
    httpserver_ipv4.expect_request("/weg").respond_with_data("weg", status=404)
    catalogue, _ = load_catalogue(FIXTURE_DATA, today=TODAY)
    urls = {"internationaler-frauentreff": "/gut", "welcome-center-arbeit": "/weg"}
    for slug, entry in catalogue.organisations.items():
        contact = entry.model.contact
        if contact and contact.website:
            path = urls.get(slug, "/gut")
            new_contact = contact.model_copy(update={"website": f"http://127.0.0.1:{httpserver_ipv4.port}{path}"})
            entry.model = entry.model.model_copy(update={"contact": new_contact})
    for entry in catalogue.offers.values():
        if entry.model.contact and entry.model.contact.website:
            entry.model = entry.model.model_copy(update={"contact": None})
    import os

    os.environ.setdefault("NO_PROXY", "127.0.0.1")
    rows = check_websites(catalogue)
    assert [(r.entry.slug, r.detail.rsplit("→ ", 1)[1]) for r in rows] == [("welcome-center-arbeit", "404")]
