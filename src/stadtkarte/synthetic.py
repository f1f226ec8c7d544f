"""Synthetic data for benchmarks: N valid organisations and offers built from the sample data.

Each synthetic file is a sample file with a numbered name, title and slug, so the data is as
varied as the samples (multilingual texts, schedules, addresses from the geocode cache).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .catalogue import MUNICIPALITIES_FILE, OFFERS, ORGANISATIONS, TAXONOMY_FILE
from .geocache import CACHE_FILE


def _number(text: str, key: str, number: int) -> str:
    """Prefix the ``key:`` line's text with ``Nr. <number> – `` (inside its quotes, if any)."""
    return re.sub(rf'^{key}: ("?)', lambda m: f"{key}: {m.group(1)}Nr. {number} – ", text, count=1, flags=re.M)


def write_synthetic(sample: Path, target: Path, organisations: int, offers: int) -> Path:
    """Write ``organisations`` + ``offers`` entries into ``target`` (a new data folder)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in (TAXONOMY_FILE, MUNICIPALITIES_FILE, CACHE_FILE):
        shutil.copyfile(sample / name, target / name)
    org_texts = [p.read_text("utf-8") for p in sorted((sample / ORGANISATIONS).glob("*.yml"))]
    org_slugs = [p.stem for p in sorted((sample / ORGANISATIONS).glob("*.yml"))]
    offer_texts = [p.read_text("utf-8") for p in sorted((sample / OFFERS).glob("*.yml"))]
    (target / ORGANISATIONS).mkdir(exist_ok=True)
    (target / OFFERS).mkdir(exist_ok=True)
    for i in range(organisations):
        source = i % len(org_texts)
        text = _number(org_texts[source], "name", i)
        (target / ORGANISATIONS / f"{org_slugs[source]}-{i}.yml").write_text(text, "utf-8")
    for i in range(offers):
        text = offer_texts[i % len(offer_texts)]
        # point each offer at a synthetic organisation built from the same sample organisation
        org_line = next(line for line in text.splitlines() if line.startswith("organisation: "))
        slug = org_line.split(": ", 1)[1]
        copies = [n for n in range(min(organisations, len(org_slugs) * 4)) if org_slugs[n % len(org_slugs)] == slug]
        number = copies[i % len(copies)] if copies else 0
        text = _number(text.replace(org_line, f"organisation: {slug}-{number}", 1), "titel", i)
        (target / OFFERS / f"angebot-{i}.yml").write_text(text, "utf-8")
    return target
