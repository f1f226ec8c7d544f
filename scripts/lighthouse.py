#!/usr/bin/env python3
"""Lighthouse (mobile preset, simulated throttling) on the main pages of a freshly built site.

Builds the project (this repository's mkdocs.yml, docs/ and theme) over the data in --data (default
the sample data in data/) into a temporary folder, serves it on 127.0.0.1 like a static host does
(gzip for text files, as GitHub Pages, nginx or Apache with mod_deflate send them) and runs the npm
`lighthouse` package (pinned in package.json; `npm ci` installs it into node_modules/) with
Debian's Chromium on `/`, `/verzeichnis/`, `/karte/`, the first organisation page and the first
offer page. Prints the category scores and the metrics behind the performance score.
Target: performance >= 90 on every page.

    .venv/bin/python scripts/lighthouse.py [--data DIR] [--pages / karte/] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_search import serve  # noqa: E402 - a static host with gzip, as bench_search measures with

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (("FCP s", "first-contentful-paint", 1000), ("LCP s", "largest-contentful-paint", 1000),
           ("TBT ms", "total-blocking-time", 1), ("CLS", "cumulative-layout-shift", 1),
           ("SI s", "speed-index", 1000))


def build(data: Path, target: Path) -> Path:
    """`mkdocs build` of this project over ``data``; returns the site folder."""
    for name in ("docs", "hooks", "schema", "src/stadtkarte/theme"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copyfile(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(data, target / "data")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(target / "site")],
                          cwd=target, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{done.stderr[-3000:]}")
    return target / "site"


def first_page(site: Path, folder: str) -> str:
    return f"{folder}/{sorted(p.name for p in (site / folder).iterdir() if (p / 'index.html').is_file())[0]}/"


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile preset: the default); the report as JSON."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                   env=env, check=True, capture_output=True, text=True)
    return json.loads(out.read_text("utf-8"))


def summary(report: dict) -> dict[str, float]:
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES if c in report["categories"]}
    audits = report["audits"]
    metrics = {label: audits[key]["numericValue"] / scale for label, key, scale in METRICS}
    # Lighthouse's own CPU benchmark of this run: low means a busy or slow machine (TBT grows)
    return {**scores, **metrics, "cpu": report["environment"]["benchmarkIndex"]}


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the median performance score (Lighthouse's own advice for noisy machines)."""
    ordered = sorted(runs, key=lambda run: run["performance"])
    return ordered[len(ordered) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the YAML data (default: data/)")
    parser.add_argument("--pages", nargs="+", help="paths to measure (default: the five main pages)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median (by performance) counts")
    parser.add_argument("--keep", type=Path, help="keep the JSON reports in this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse fehlt: erst `npm ci` im Projektordner ausführen (installiert node_modules/).")
    version = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text("utf-8"))["version"]
    chromium = subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}; Lighthouse {version}; {chromium}; "
          f"{datetime.now(timezone.utc):%Y-%m-%d}")
    with tempfile.TemporaryDirectory() as tmp:
        site = build(args.data.resolve(), Path(tmp) / "project")
        pages = args.pages or ["", "verzeichnis/", "karte/", first_page(site, "organisationen"),
                               first_page(site, "angebote")]
        url, server = serve(site)
        reports = args.keep or Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        print("page | performance | accessibility | best-practices | seo | " + " | ".join(m[0] for m in METRICS) + " | CPU index")
        try:
            for path in pages:
                runs = []
                for number in range(args.runs):
                    name = (path.strip("/").replace("/", "_") or "start") + f"-{number}.json"
                    runs.append(summary(lighthouse(url + path.lstrip("/"), reports / name)))
                row = median_run(runs)
                cells = [str(row.get(c, "–")) for c in CATEGORIES]
                cells += [f"{row[label]:.3f}" if label == "CLS" else f"{row[label]:.1f}" if scale > 1 else
                          f"{row[label]:.0f}" for label, _, scale in METRICS]
                cells.append(f"{row['cpu']:.0f}")
                spread = f" (runs: {', '.join(str(r['performance']) for r in runs)})" if args.runs > 1 else ""
                print(f"/{path.lstrip('/')} | " + " | ".join(cells) + spread, flush=True)
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
