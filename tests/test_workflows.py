"""The GitHub workflows cannot run here: their structure is checked instead (what green means,
who may write, which versions, which triggers). ``actionlint`` was also run by hand (README)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stadtkarte.yamlsource import load_file

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
#: the current major versions (Node 24 runtime); older ones run on the deprecated Node 20
CURRENT = {
    "actions/checkout": 6, "actions/setup-python": 6, "actions/upload-artifact": 7, "actions/download-artifact": 7,
    "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5,
}
#: formular.yml belongs to the form workflow (see its own tests)
CHECKED = ["pruefen.yml", "veroeffentlichen.yml", "kommentar.yml", "woechentlich.yml"]


def workflow(name: str) -> dict:
    loaded = load_file(WORKFLOWS / name)
    assert loaded.ok, [p.format() for p in loaded.problems]
    return loaded.data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def scripts(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


@pytest.mark.parametrize("name", CHECKED)
def test_actions_are_current_majors_and_pip_is_cached(name: str) -> None:
    for job in workflow(name)["jobs"].values():
        for step in steps(job):
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                assert action in CURRENT, f"{name}: {action} is not a known action"
                assert version == f"v{CURRENT[action]}", f"{name}: {step['uses']} – use v{CURRENT[action]}"
                if action == "actions/setup-python":
                    assert step["with"]["cache"] == "pip" and step["with"]["cache-dependency-path"] == "requirements.lock"
        assert "apt-get install" not in scripts(job), "apt's chromium is a snap stub on ubuntu-24.04"


def test_pull_request_check_builds_what_main_builds_and_tests_only_code_changes() -> None:
    flow = workflow("pruefen.yml")
    assert set(flow["on"]) == {"pull_request", "workflow_dispatch"}
    assert flow["permissions"] == {"contents": "read"}
    data, software = flow["jobs"]["daten"], flow["jobs"]["software"]
    run = scripts(data)
    assert "stadtkarte validate --format github" in run and "make build" in run and "make test" not in run
    assert run.index("stadtkarte geocode --only") < run.index("make build")
    assert data["outputs"]["code"] == "${{ steps.aenderungen.outputs.code }}"
    changes = next(s for s in steps(data) if s.get("id") == "aenderungen")["run"]
    assert "grep -qvE '^(data|docs)/'" in changes, "only changes outside data/ and docs/ count as code"
    assert software["needs"] == "daten" and "needs.daten.outputs.code == 'true'" in software["if"]
    assert "make test" in scripts(software) and software["env"]["CI"] == "true"
    assert any(s.get("uses", "").startswith("actions/upload-artifact") and s["with"]["path"] == "site/" for s in steps(data))


def test_new_coordinates_are_committed_for_branches_and_explained_to_forks() -> None:
    data = workflow("pruefen.yml")["jobs"]["daten"]
    assert data["permissions"] == {"contents": "write", "actions": "write"}
    assert "github.event.pull_request.head.repo.full_name == github.repository" in data["env"]["EIGENES_REPO"]
    by_name = {s.get("name"): s for s in steps(data)}
    commit = by_name["Koordinaten in den Pull Request committen (gleiches Repository)"]
    assert commit["if"] == "steps.geocode.outputs.neu == 'true' && env.EIGENES_REPO == 'true'"
    assert "commit" in commit["run"] and "-- data/geocache.json" in commit["run"] and 'HEAD:$KOPF' in commit["run"]
    assert "gh workflow run pruefen.yml" in commit["run"], "a push with GITHUB_TOKEN starts no run: start one"
    fork = by_name["Fehlende Koordinaten melden (Fork)"]
    assert fork["if"].endswith("env.EIGENES_REPO != 'true'")
    assert "stadtkarte.prcomment" in fork["run"] and "git checkout -- data/geocache.json" in fork["run"]
    names = [s.get("name") for s in steps(data)]
    assert names.index("Fehlende Koordinaten melden (Fork)") < names.index("Website bauen (streng, wie auf main)")


def test_comment_workflow_never_runs_pull_request_code() -> None:
    flow = workflow("kommentar.yml")
    assert flow["on"] == {"workflow_run": {"workflows": [workflow("pruefen.yml")["name"]], "types": ["completed"]}}
    assert flow["permissions"] == {"contents": "read", "actions": "read", "pull-requests": "write"}
    job = flow["jobs"]["kommentieren"]
    assert not any(s.get("uses", "").startswith("actions/checkout") for s in steps(job))
    run = scripts(job)
    assert "*[!0-9]*" in run and '"$kopf" != "$GEPRUEFT"' in run, "the number is checked against the checked commit"
    assert "make " not in run and ".venv" not in run


def test_site_is_published_after_merges_and_every_night() -> None:
    flow = workflow("veroeffentlichen.yml")
    assert flow["on"]["push"] == {"branches": ["main"]} and "workflow_dispatch" in flow["on"]
    (cron,) = [entry["cron"] for entry in flow["on"]["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert re.fullmatch(r"\d+", minute) and re.fullmatch(r"\d+", hour) and (day, month, weekday) == ("*", "*", "*")
    build = flow["jobs"]["bauen"]
    assert "make build" in scripts(build)
    assert flow["jobs"]["veroeffentlichen"]["needs"] == "bauen"


def test_makefile_build_is_strict_and_all_or_nothing() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = makefile.split("\nbuild: install\n", 1)[1].split("\n\n", 1)[0]
    assert "mkdocs build --strict --site-dir .site-neu || { rm -rf .site-neu; exit 1; }" in recipe
    assert recipe.index("mv .site-neu site") > recipe.index("mkdocs build")


def test_fork_comment_lists_new_addresses_ready_to_paste(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    cache = tmp_path / "data" / "geocache.json"
    cache.parent.mkdir()
    cache.write_text(json.dumps({"alt 1, 99001 musterstadt": {"lat": 49.9, "lon": 10.9}}), "utf-8")
    git = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "x"]):
        subprocess.run(command, cwd=tmp_path, check=True, env=git)
    cache.write_text(json.dumps({
        "alt 1, 99001 musterstadt": {"lat": 49.9, "lon": 10.9},
        "marktplatz 1, 99001 musterstadt": {"lat": 49.9012, "lon": 10.9025, "kind": "house"},
        "seeweg 7|<b>, 99003 neudorf": {"not_found": True},
    }), "utf-8")
    (tmp_path / "bericht.txt").write_text("data/organisationen/a.yml:7:1: Adresse nicht gefunden ```\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "stadtkarte.prcomment", "data/geocache.json", "bericht.txt"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("### Koordinaten fehlen noch\n")
    assert "| marktplatz 1, 99001 musterstadt | `koordinaten: {lat: 49.9012, lon: 10.9025}` |" in text
    assert "alt 1" not in text, "only what is new"
    assert "- seeweg 7b, 99003 neudorf" in text, "nothing from the pull request can break out of its place"
    assert "data/organisationen/a.yml:7:1: Adresse nicht gefunden \n```" in text


def test_form_workflow_pushes_no_branch_when_the_gate_refuses(tmp_path: Path) -> None:
    """Issue 24: the shelter says ``standort_oeffentlich: nein``; a change form asks for "öffentlich"
    and a street. ``from-issue`` refuses (exit 3): no branch, no pull request, the reason in the issue."""
    import subprocess

    from stadtkarte.i18n import t

    from .test_forms import PROTECTED, SECRET_STREET, _run_workflow, form_repo, rendered

    origin, repo, env = form_repo(tmp_path, protection="nein")
    env["ISSUE_BODY"] = rendered(repo / "data", {
        "bestehender_eintrag": PROTECTED, "standort": t("form.standort.public"), "strasse": SECRET_STREET,
        "plz": "71640", "ort": "Musterstadt", "einverstanden": "x"})
    outputs: dict[str, str] = {}
    _run_workflow(repo, outputs, env)
    assert outputs["status"] == "3" and "action" not in outputs
    branches = subprocess.run(["git", "for-each-ref", "--format=%(refname)", "refs/heads"], cwd=origin,
                              capture_output=True, text=True, check=True).stdout
    assert branches.split() == ["refs/heads/main"], "no branch is pushed"
    calls = (tmp_path / "gh.log").read_text("utf-8").splitlines()
    assert calls == ["gh issue comment 7 --body-file " + str(Path(env["RUNNER_TEMP"]) / "antwort.md")]
    comment = (tmp_path / "comment.md").read_text("utf-8")
    assert comment.startswith("**Nicht übernommen.**") and t("form.refuse.protected_to_public") in comment
    assert SECRET_STREET not in comment
    status = subprocess.run(["git", "status", "--porcelain", "data"], cwd=repo, capture_output=True, text=True, check=True)
    assert status.stdout == "", "nothing written"
    workflow_text = (WORKFLOWS / "formular.yml").read_text("utf-8")
    pr_step = next(step for step in workflow("formular.yml")["jobs"]["umwandeln"]["steps"] if step.get("id") == "pr")
    assert "git push" in pr_step["run"] and workflow_text.count("git push") == 1, "only the pull-request step pushes"
