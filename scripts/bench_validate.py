#!/usr/bin/env python3
"""Benchmark: validating N entries, against reading the same files with plain yaml.safe_load.

Prints, for each size, the time of `stadtkarte validate` (load + validate, in process), the
baseline (libyaml's CSafeLoader over the same files, no validation), their ratio and the time
per entry, so linear growth shows as a flat last column. Target: 5,000 entries under 5 s.

    .venv/bin/python scripts/bench_validate.py [--sizes 1000 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from stadtkarte.catalogue import load_catalogue  # noqa: E402
from stadtkarte.synthetic import write_synthetic  # noqa: E402


def best_of(repeat: int, func) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline(data: Path) -> None:
    for path in sorted(data.glob("*/*.yml")):
        loader = yaml.CSafeLoader(path.read_text("utf-8"))  # libyaml's safe loader
        try:
            loader.get_single_data()
        finally:
            loader.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}")
    print(f"{'entries':>8} {'validate s':>11} {'yaml only s':>12} {'ratio':>6} {'ms/entry':>9} {'CLI s':>6} {'errors':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            data = write_synthetic(ROOT / "data", Path(tmp) / f"data-{size}", size * 2 // 5, size - size * 2 // 5)
            result: list = []
            ours = best_of(args.repeat, lambda: result.append(load_catalogue(data)))
            base = best_of(args.repeat, lambda: baseline(data))
            errors = sum(p.is_error for p in result[-1][1])
            command = [sys.executable, "-m", "stadtkarte.cli", "validate", "--data", str(data)]
            cli = best_of(1, lambda: subprocess.run(command, capture_output=True, check=False))
            print(
                f"{size:>8} {ours:>11.2f} {base:>12.2f} {ours / base:>6.1f} {ours / size * 1000:>9.3f}"
                f" {cli:>6.2f} {errors:>7}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
