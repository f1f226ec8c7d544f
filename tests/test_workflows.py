"""The GitHub workflows cannot run here: their structure is checked instead (what green means,
who may write, which versions, which triggers), and actionlint and zizmor read every one of them
(installed with the test extras; in CI, ``CI=true``, a missing tool fails the run)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
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
ALL = sorted(path.name for path in WORKFLOWS.glob("*.yml"))
#: ``uses: owner/action@ref # comment`` as written (the comment is not in the parsed YAML)
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[^@\s]+)@(?P<ref>[^\s#]+)(?:\s+#\s*(?P<comment>\S.*))?$")


def workflow(name: str) -> dict:
    loaded = load_file(WORKFLOWS / name)
    assert loaded.ok, [p.format() for p in loaded.problems]
    return loaded.data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def scripts(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def pins(name: str) -> list[re.Match[str]]:
    return [m for line in (WORKFLOWS / name).read_text("utf-8").splitlines() if (m := USES.match(line))]


@pytest.mark.parametrize("name", ALL)
def test_actions_are_pinned_by_commit_with_their_version_named(name: str) -> None:
    found = pins(name)
    parsed = [step["uses"] for job in workflow(name)["jobs"].values() for step in steps(job) if "uses" in step]
    assert [f"{m['action']}@{m['ref']}" for m in found] == parsed, "every uses: on a line of its own"
    for m in found:
        action = m["action"]
        assert action in CURRENT, f"{name}: {action} is not a known action"
        assert re.fullmatch(r"[0-9a-f]{40}", m["ref"]), f"{name}: {action}@{m['ref']} – pin the commit, not a tag"
        assert m["comment"] and re.fullmatch(rf"v{CURRENT[action]}\.\d+\.\d+", m["comment"]), (
            f"{name}: {action} – name the version after the commit, e.g. # v{CURRENT[action]}.0.0")


def test_each_action_is_pinned_to_one_commit_everywhere() -> None:
    seen: dict[str, set[tuple[str, str]]] = {}
    for name in ALL:
        for m in pins(name):
            seen.setdefault(m["action"], set()).add((m["ref"], m["comment"]))
    assert seen and {action: refs for action, refs in seen.items() if len(refs) > 1} == {}


@pytest.mark.parametrize("name", CHECKED)
def test_pip_is_cached_and_no_apt(name: str) -> None:
    for job in workflow(name)["jobs"].values():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"]["cache"] == "pip" and step["with"]["cache-dependency-path"] == "requirements.lock"
        assert "apt-get install" not in scripts(job), "apt's chromium is a snap stub on ubuntu-24.04"


@pytest.mark.parametrize("name", ALL)
def test_no_checkout_keeps_the_token_in_git_config(name: str) -> None:
    for job in workflow(name)["jobs"].values():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"{name}: persist-credentials: false"


def _tool(name: str) -> str:
    """A linter from the test extras (the venv's bin/ first, then PATH). Missing: a skip on a
    developer's machine, a failure in CI (CI=true), so the check can never silently not run."""
    found = shutil.which(name, path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if found:
        return found
    message = f"{name} fehlt: mit den Test-Extras installieren (pip install -e '.[test]', in CI aus requirements.lock)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _lint(tool: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"}}
    if tool == "actionlint":  # with ShellCheck on every run: script
        command = [_tool("actionlint"), "-no-color", "-shellcheck", _tool("shellcheck"),
                   *sorted(str(path) for path in folder.glob("*.yml"))]
    else:  # offline: no network in tests; its config (.github/zizmor.yml) is found from the repository root
        command = [_tool("zizmor"), "--offline", "--no-progress", str(folder)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.parametrize("tool", ["actionlint", "zizmor"])
def test_linters_find_nothing_in_the_workflows(tool: str) -> None:
    result = _lint(tool, WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("tool", ["actionlint", "zizmor"])
def test_linters_catch_what_they_are_for(tool: str, tmp_path: Path) -> None:
    """The same call on a workflow with the mistakes they exist for: an unknown expression, an
    unquoted variable (ShellCheck), an issue title pasted into a script, an unpinned action with
    pull_request_target."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "schlecht.yml").write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v6\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\" ${{ github.nicht_da }}\n"
        "      - run: rm -rf $RUNNER_TEMP/*.txt\n", "utf-8")
    result = _lint(tool, folder)
    assert result.returncode != 0
    found = result.stdout + result.stderr
    assert ("nicht_da" in found and "SC2086" in found) if tool == "actionlint" else "template-injection" in found


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


def test_pull_request_is_checked_against_its_base_and_grouped_by_its_number() -> None:
    flow = workflow("pruefen.yml")
    data = flow["jobs"]["daten"]
    assert data["env"]["BASIS"] == "${{ github.base_ref || inputs.basis || 'main' }}"
    assert '.venv/bin/stadtkarte validate --format github --base "origin/$BASIS"' in scripts(data)
    checkout = next(s for s in steps(data) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "every branch: origin/$BASIS is there to compare with"
    # the cache loses the keys no entry uses before validate judges it: a changed or deleted
    # address would otherwise keep every such pull request red, with no way for the bot to help
    runs = [step.get("run", "") for step in steps(data)]
    clean = next(i for i, run in enumerate(runs) if "stadtkarte geocode --aufraeumen" in run)
    check = next(i for i, run in enumerate(runs) if "stadtkarte validate" in run)
    assert clean < check
    # two forks' branches of the same name are two pull requests: never one group
    assert flow["concurrency"] == {"group": "pruefen-${{ github.event.pull_request.number || github.ref }}",
                                   "cancel-in-progress": True}


def _runs_pull_request_code(job: dict) -> bool:
    """A job that checks out the pull request (a checkout without ``ref``) or runs the project's tools."""
    checkouts = [s for s in steps(job) if s.get("uses", "").startswith("actions/checkout@")]
    return any("ref" not in s.get("with", {}) for s in checkouts) or bool(
        re.search(r"\bmake\b|\.venv/|\bpip\b|-m\s+stadtkarte", scripts(job)))


def test_pull_request_code_never_meets_a_token() -> None:
    """The jobs that run the pull request's code have no secret and a read-only token; the one job
    with a write token and a secret checks out only the default branch's cache check and runs it
    with the standard library (no make, no pip, no cached packages)."""
    jobs = workflow("pruefen.yml")["jobs"]
    for name, job in jobs.items():
        text = json.dumps(job)
        writes = any(value == "write" for value in job.get("permissions", {}).values())
        if _runs_pull_request_code(job):
            assert job["permissions"] == {"contents": "read"}, name
            assert "secrets." not in text and "github.token" not in text, name
        else:
            assert writes and "secrets.STADTKARTE_TOKEN" in text, name
    commit = jobs["koordinaten"]
    assert not _runs_pull_request_code(commit)
    assert commit["permissions"] == {"contents": "write", "actions": "write"}
    (checkout,) = [s for s in steps(commit) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"] == {"ref": "${{ github.event.repository.default_branch }}", "persist-credentials": False,
                                "sparse-checkout": "src/stadtkarte/cachecheck.py", "sparse-checkout-cone-mode": False}
    assert not any(s.get("uses", "").startswith("actions/setup-python@") for s in steps(commit)), "no package cache"
    run = scripts(commit)
    assert run.index("python3 -I src/stadtkarte/cachecheck.py") < run.index("gh api --method PUT"), "checked first"
    assert "git push" not in run and "git commit" not in run, "the commit goes through the API: no git, no hooks"
    assert '"$kopf" != "$GEPRUEFT"' in run, "only onto the commit that was checked"
    assert "gh workflow run pruefen.yml" in run, "a commit with GITHUB_TOKEN starts no run: start one"


def test_new_coordinates_are_committed_for_branches_and_forks_stay_red() -> None:
    jobs = workflow("pruefen.yml")["jobs"]
    data, commit = jobs["daten"], jobs["koordinaten"]
    assert data["outputs"]["neu"] == "${{ steps.geocode.outputs.neu }}"
    # only a branch of this repository, and never the default branch; decided by the event alone
    assert commit["needs"] == "daten"
    assert "github.event.pull_request.head.repo.full_name == github.repository" in commit["if"]
    assert "!= github.event.repository.default_branch" in commit["if"] and "needs.daten.outputs.neu == 'true'" in commit["if"]
    by_name = {s.get("name"): s for s in steps(data)}
    handed = by_name["Koordinaten weitergeben (gleiches Repository)"]
    assert handed["if"] == "steps.geocode.outputs.neu == 'true' && env.EIGENES_REPO == 'true'"
    assert handed["with"]["name"] == "geocache" and handed["with"]["path"] == "data/geocache.json"
    assert {s["with"]["name"] for s in steps(commit) if s.get("uses", "").startswith("actions/download-artifact@")} == {"geocache"}
    fork = by_name["Fehlende Koordinaten melden (Fork)"]
    assert fork["if"].endswith("env.EIGENES_REPO != 'true'")
    assert "stadtkarte.prcomment" in fork["run"] and "git checkout -- data/geocache.json" in fork["run"]
    red = by_name["Koordinaten fehlen noch (Fork)"]
    assert red["if"] == fork["if"] and red["run"].rstrip().endswith("exit 1"), "the guide says: red until they are there"
    names = [s.get("name") for s in steps(data)]
    assert names.index("Fehlende Koordinaten melden (Fork)") < names.index("Website bauen (streng, wie auf main)")
    assert names[-1] == "Koordinaten fehlen noch (Fork)", "the preview and the comment are kept first"


def test_comment_workflow_never_runs_pull_request_code() -> None:
    flow = workflow("kommentar.yml")
    assert flow["on"] == {"workflow_run": {"workflows": [workflow("pruefen.yml")["name"]], "types": ["completed"]}}
    assert flow["permissions"] == {}
    job = flow["jobs"]["kommentieren"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
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
    pr_step = next(step for step in workflow("formular.yml")["jobs"]["umwandeln"]["steps"] if step.get("id") == "pr")
    pushes = re.compile(r"\bgit\b[^\n]*\spush\s")  # also "git -c http…extraheader=… push"
    scripts = [step.get("run", "") for job in workflow("formular.yml")["jobs"].values() for step in job["steps"]]
    assert pushes.search(pr_step["run"]) and sum(len(pushes.findall(run)) for run in scripts) == 1, (
        "only the pull-request step pushes")
    assert "'3'" not in pr_step["if"] and "status == '0'" in pr_step["if"]
