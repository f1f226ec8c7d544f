"""Builds are all-or-nothing, and the preview shows data errors as a German page."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from stadtkarte.problems import Problem
from stadtkarte.project import error_page

from .conftest import ROOT
from .sitebuild import copy_project

BROKEN = "data/organisationen/internationaler-frauentreff.yml"
GOOD_EMAIL = "  email: info@frauentreff.example\n"
BAD_EMAIL = "  email: <kaputt>\n"
EXPECTED = (f"{BROKEN}:31:3: kontakt.email: „<kaputt>“ ist keine gültige E-Mail-Adresse")


def _break(project: Path) -> None:
    path = project / BROKEN
    text = path.read_text("utf-8")
    assert text.splitlines(True)[30] == GOOD_EMAIL
    path.write_text(text.replace(GOOD_EMAIL, BAD_EMAIL), "utf-8")


def test_error_page_lists_every_error_escaped_in_german(tmp_path: Path) -> None:
    problems = [
        Problem(tmp_path / "a.yml", 3, 1, ("name",), "<script>alert(1)</script> fehlt"),
        Problem(tmp_path / "b.yml", 7, 5, (), "zweiter Fehler"),
        Problem(tmp_path / "c.yml", 1, 1, (), "nur ein Hinweis", "hinweis"),
    ]
    html = error_page(problems)
    assert '<html lang="de">' in html and "<title>Die Vorschau kann nicht gebaut werden</title>" in html
    assert "In den Daten oder Einstellungen stehen 2 Fehler." in html
    assert "a.yml:3:1: name: &lt;script&gt;alert(1)&lt;/script&gt; fehlt" in html and "<script>" not in html
    assert "b.yml:7:5: zweiter Fehler" in html and "nur ein Hinweis" not in html
    assert '<meta http-equiv="refresh"' in html  # fixing the file brings the site back by itself


def _make_build(project: Path) -> subprocess.CompletedProcess[str]:
    venv = Path(sys.executable).parent.parent
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000"}
    return subprocess.run(
        ["make", "--no-print-directory", "-o", str(venv / ".installed"), "build", f"VENV={venv}"],
        cwd=project, capture_output=True, text=True, timeout=600, env=env,
    )


def test_failed_make_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.copyfile(ROOT / "Makefile", project / "Makefile")
    first = _make_build(project)
    assert first.returncode == 0, first.stderr
    index = project / "site" / "index.html"
    before = index.read_bytes()
    (project / "site" / "merkmal.txt").write_text("vom letzten Build", "utf-8")
    _break(project)
    second = _make_build(project)
    assert second.returncode != 0
    assert EXPECTED in second.stderr and "Die Website wurde nicht gebaut: 1 Fehler" in second.stderr
    assert index.read_bytes() == before
    assert (project / "site" / "merkmal.txt").read_text("utf-8") == "vom letzten Build"
    assert not (project / ".site-neu").exists() and not (project / ".site-alt").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1 only
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")


def _wait_for(url: str, predicate, seconds: float) -> str:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        try:
            text = _fetch(url)
            if predicate(text):
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not become ready in {seconds} s; last answer: {text[:500]}")


def test_mkdocs_serve_shows_data_errors_and_recovers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _break(project)
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        page = _wait_for(base, lambda text: "Vorschau" in text, 120)
        assert "<title>Die Vorschau kann nicht gebaut werden</title>" in page
        assert EXPECTED.replace("<", "&lt;").replace(">", "&gt;") in page
        deep = _fetch(base + "organisationen/internationaler-frauentreff/")
        assert "Die Vorschau kann nicht gebaut werden" in deep
        (project / BROKEN).write_text((project / BROKEN).read_text("utf-8").replace(BAD_EMAIL, GOOD_EMAIL), "utf-8")
        fixed = _wait_for(base + "organisationen/internationaler-frauentreff/",
                          lambda text: "Internationaler Frauentreff" in text and "Vorschau kann nicht" not in text, 180)
        assert "info@frauentreff.example" in fixed
        assert server.poll() is None, "the preview keeps running"
    finally:
        server.terminate()
        try:
            server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
