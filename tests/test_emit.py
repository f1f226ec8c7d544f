"""The tree emitted for Zensical: its config, its docs/ folder, and what it refuses."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stadtkarte import emit
from stadtkarte.pages import PAGE_BUNDLE_CSS, PAGE_BUNDLE_JS, GeneratedFile

MKDOCS_YML = """\
site_name: Stadtkarte Test
site_url: https://integration.stadt.example/
repo_url: https://github.com/stadt-example/stadtkarte-integration
docs_dir: docs
theme:
  name: material
  custom_dir: src/stadtkarte/theme
  language: de
  features: [navigation.tabs]
  palette: {primary: indigo}
plugins:
  - search: {lang: de}
hooks:
  - hooks/site.py
markdown_extensions:
  - attr_list
  - toc:
      permalink: false
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra_css: [extra/stadt.css]
extra_javascript:
  - path: extra/stadt.js
    type: module
extra:
  analytics: false
  stadtkarte:
    daten: data
nav:
  - Start: index.md
  - Über: ueber.md
"""


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "docs" / "bilder").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (root / "docs" / "ueber.md").write_text("# Über\n", "utf-8")
    (root / "docs" / "index.md").write_text("# Eigene Startseite\n", "utf-8")
    (root / "docs" / "bilder" / "logo.png").write_bytes(b"\x89PNG")
    (root / "docs" / ".notizen.md").write_text("privat\n", "utf-8")
    return root


GENERATED = [
    GeneratedFile("index.md", "---\ntitle: \"Start\"\n---\n\n<p>erzeugt</p>\n"),
    GeneratedFile("organisationen/a.md", "---\ntitle: \"A\"\n---\n\n<p>A</p>\n"),
    GeneratedFile("karte/eintraege.json", "{}"),
    GeneratedFile("assets/stadtkarte/stadtkarte.css", b"body{}"),
]


def test_config_takes_the_site_from_mkdocs_yml_and_adds_the_package_assets(tmp_path: Path) -> None:
    root = project(tmp_path)
    out = tmp_path / "out"
    emit.write_tree(out, root / "mkdocs.yml", GENERATED)
    config = tomllib.loads((out / "zensical.toml").read_text("utf-8"))["project"]
    assert config["site_name"] == "Stadtkarte Test"
    assert config["site_url"] == "https://integration.stadt.example/"
    assert config["nav"] == [{"Start": "index.md"}, {"Über": "ueber.md"}]
    assert (config["docs_dir"], config["site_dir"]) == ("docs", "site")
    assert config["extra_css"] == ["extra/stadt.css", PAGE_BUNDLE_CSS]  # the package's, one file each
    assert config["extra_javascript"] == [{"path": "extra/stadt.js", "type": "module"}, PAGE_BUNDLE_JS]
    assert config["theme"] == {"language": "de", "features": ["navigation.tabs"], "palette": {"primary": "indigo"},
                               "variant": "classic", "font": False, "custom_dir": "overrides"}
    assert config["markdown_extensions"] == {
        "attr_list": {}, "toc": {"permalink": False},
        "pymdownx.emoji": {"emoji_generator": "zensical.extensions.emoji.to_svg"},
    }
    assert config["extra"] == {"analytics": False}  # the package's own settings stay out
    assert "hooks" not in config and "plugins" not in config


def test_docs_holds_the_project_pages_and_the_generated_files(tmp_path: Path) -> None:
    root = project(tmp_path)
    out = tmp_path / "out"
    count = emit.write_tree(out, root / "mkdocs.yml", GENERATED)
    files = sorted(p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*") if p.is_file())
    assert files == ["assets/stadtkarte/stadtkarte.css", "bilder/logo.png", "index.md", "karte/eintraege.json",
                     "organisationen/a.md", "ueber.md"]
    assert count == len(files)
    assert (out / "docs" / "index.md").read_text("utf-8") == "# Eigene Startseite\n"  # docs/ wins, as in MkDocs
    assert (out / "docs" / "bilder" / "logo.png").read_bytes() == b"\x89PNG"
    overrides = sorted(p.relative_to(out / "overrides").as_posix() for p in (out / "overrides").rglob("*") if p.is_file())
    assert overrides == sorted(emit.ZENSICAL_PARTIALS)
    theme = Path(emit.__file__).parent / "theme"
    assert all((out / "overrides" / name).read_bytes() == (theme / name).read_bytes() for name in overrides)


def test_a_page_gone_from_the_data_is_gone_from_the_tree(tmp_path: Path) -> None:
    root = project(tmp_path)
    out = tmp_path / "out"
    emit.write_tree(out, root / "mkdocs.yml", GENERATED)
    assert (out / "docs" / "organisationen" / "a.md").exists()
    emit.write_tree(out, root / "mkdocs.yml", [f for f in GENERATED if f.path != "organisationen/a.md"])
    assert not (out / "docs" / "organisationen" / "a.md").exists()
    assert sorted(p.name for p in out.iterdir()) == ["docs", "overrides", "zensical.toml"]  # no staging left


@pytest.mark.parametrize("where", [".", "docs/zensical", ".."])
def test_out_may_not_hold_the_project_or_lie_in_docs(tmp_path: Path, where: str) -> None:
    root = project(tmp_path)
    with pytest.raises(emit.EmitError) as raised:
        emit.write_tree(root / where, root / "mkdocs.yml", GENERATED)
    assert str(raised.value) == (f"Zielordner „{root / where}“ enthält das Projekt oder liegt in docs/ – einen eigenen "
                                 "Ordner angeben, z. B. --out build/zensical")
    assert (root / "docs" / "index.md").read_text("utf-8") == "# Eigene Startseite\n"


def test_build_without_zensical_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emit.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(emit.EmitError) as raised:
        emit.build_with_zensical(tmp_path)
    assert str(raised.value) == "Zensical ist nicht installiert – „make build-zensical“ ausführen (installiert es in .venv)"


_keys = st.text(min_size=1, max_size=8)
_scalars = st.one_of(st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=20))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(_keys, inner, max_size=3)), max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_keys, _values, max_size=5))
def test_toml_reads_back_as_written(config: dict) -> None:
    assert tomllib.loads(emit.to_toml(config))["project"] == config
