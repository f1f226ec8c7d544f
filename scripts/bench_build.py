#!/usr/bin/env python3
"""Benchmark: building the directory site for N synthetic entries vs a plain Material build.

For each N, in this one process run:
  ours      `mkdocs build` of the project with N synthetic entries (hooks generate the pages)
  plain     `mkdocs build` with our mkdocs.yml minus the hooks (same theme, features and nav)
            over the same number of plain Markdown pages of similar text; ``plugins: []`` as in
            ours, so Material without any search
  search    the same plain site with Material's own ``search`` plugin (Material's default: a
            plain Material site is searchable; ours builds its Pagefind search)
and prints the times (fastest of --repeat alternating runs), the ratios against both baselines,
the CPU time of each build (less disturbed than the wall time by other work on the machine; ours
includes Pagefind, which runs beside MkDocs on another core), peak memory (max RSS) of each
build, the site size and the size of the search index. Target: ratio <= 1.5 and time per entry flat (linear growth).

    .venv/bin/python scripts/bench_build.py [--sizes 1000 5000] [--sprachen de en ar tr uk ru fa]

``--sprachen`` sets ``extra.stadtkarte.sprachen`` of the copied mkdocs.yml (default: as shipped,
all seven): the site is then built once per language, and the plain build gets as many pages.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from stadtkarte.synthetic import write_synthetic  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000"}
SEARCH_CONFIG = "mkdocs-suche.yml"  # the plain project with Material's search plugin


def timed_build(project: Path, config: str = "mkdocs.yml", site: str = "site") -> tuple[float, int, float]:
    """Wall time, peak RSS (KiB) and CPU time (user + system, with the build's own child
    processes such as Pagefind) of one `mkdocs build` in a child process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", config, "--site-dir", str(project / site)],
        cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed in {project}: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def our_project(target: Path, entries: int, languages: list[str] | None = None) -> Path:
    for name in ("docs", "hooks", "schema", "src/stadtkarte/theme"):
        shutil.copytree(ROOT / name, target / name)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    if languages:
        config, found = re.subn(r"(?m)^(\s+sprachen:).*$", lambda m: f"{m.group(1)} [{', '.join(languages)}]", config)
        if not found:
            raise SystemExit("mkdocs.yml has no extra.stadtkarte.sprachen line to set")
    (target / "mkdocs.yml").write_text(config, "utf-8")
    write_synthetic(ROOT / "data", target / "data", entries * 2 // 5, entries - entries * 2 // 5)
    return target


def plain_project(target: Path, pages: int) -> Path:
    """Our mkdocs.yml (same theme, features, nav) without the hooks and our theme overrides, over
    plain Markdown pages."""
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = config.replace("hooks:\n  - hooks/site.py\n", "")
    # plain Material: our theme overrides need the hooks' texts (sk_t), so they stay out
    config = re.sub(r"(?m)^\s+custom_dir:.*\n", "", config)
    (target / "docs").mkdir(parents=True)
    config = config.replace("not_in_nav: |\n", "not_in_nav: |\n  /seite-*.md\n")
    (target / "mkdocs.yml").write_text(config, "utf-8")
    # the second baseline: the same, with Material's own search (its default plugin)
    config, found = re.subn(r"(?m)^plugins: \[\]$", "plugins:\n  - search", config)
    if not found:
        raise SystemExit("mkdocs.yml has no 'plugins: []' line to give the search baseline its search")
    (target / SEARCH_CONFIG).write_text(config, "utf-8")
    for name in ("index.md", "verzeichnis/index.md", "kategorien/index.md", "kommunen/index.md",
                 "sprachen/index.md", "pinnwand.md", "ueber.md", "barrierefreiheit.md", "impressum.md"):
        (target / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (target / "docs" / name).write_text(f"# {name}\n\nBaseline.\n", "utf-8")
    sample = (ROOT / "data" / "organisationen" / "internationaler-frauentreff.yml").read_text("utf-8")
    body = "\n".join(line for line in sample.splitlines() if not line.startswith("#"))
    for i in range(pages):
        text = f"# Seite {i}\n\n## Beschreibung\n\n{body}\n\n## Kontakt\n\n- Telefon 07141 {i:06d}\n- Stand: 14.10.2026\n"
        (target / "docs" / f"seite-{i}.md").write_text(text, "utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="builds per variant; the fastest counts")
    parser.add_argument("--sprachen", nargs="+", help="the site's languages (default: as in mkdocs.yml)")
    args = parser.parse_args()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}")
    print(f"languages: {', '.join(args.sprachen) if args.sprachen else 'as in mkdocs.yml'}")
    header = ("entries", "pages", "ours s", "plain s", "ratio", "plain+search s", "ratio (search)",
              "ours CPU s", "plain CPU s", "plain+search CPU s", "ms/entry",
              "ours MB RSS", "plain MB RSS", "plain+search MB RSS", "site MB", "plain MB", "index MB", "plain index MB")
    print(" | ".join(header))
    with tempfile.TemporaryDirectory() as tmp:
        for entries in args.sizes:
            ours = our_project(Path(tmp) / f"ours-{entries}", entries, args.sprachen)
            pages = 0
            plain = None
            runs: dict[str, list[tuple[float, int, float]]] = {"ours": [], "plain": [], "search": []}
            for _ in range(args.repeat):  # alternate, so load on the machine hits both alike
                runs["ours"].append(timed_build(ours))
                if plain is None:
                    pages = sum(1 for _ in (ours / "site").rglob("index.html")) - 1
                    plain = plain_project(Path(tmp) / f"plain-{entries}", pages)
                runs["plain"].append(timed_build(plain))
                runs["search"].append(timed_build(plain, SEARCH_CONFIG, "site-suche"))
            ours_time, ours_rss, ours_cpu = min(runs["ours"])
            plain_time, plain_rss, plain_cpu = min(runs["plain"])
            search_time, search_rss, search_cpu = min(runs["search"])
            index = size_mb(ours / "site" / "pagefind")  # the site search's bundle (Pagefind)
            row = (entries, pages, f"{ours_time:.1f}", f"{plain_time:.1f}", f"{ours_time / plain_time:.2f}",
                   f"{search_time:.1f}", f"{ours_time / search_time:.2f}",
                   f"{ours_cpu:.1f}", f"{plain_cpu:.1f}", f"{search_cpu:.1f}",
                   f"{ours_time / entries * 1000:.1f}", f"{ours_rss / 1024:.0f}", f"{plain_rss / 1024:.0f}",
                   f"{search_rss / 1024:.0f}", f"{size_mb(ours / 'site'):.1f}", f"{size_mb(plain / 'site'):.1f}",
                   f"{index:.1f}", f"{size_mb(plain / 'site-suche' / 'search'):.1f}")
            print(" | ".join(str(v) for v in row), flush=True)
            shutil.rmtree(ours)
            shutil.rmtree(plain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
