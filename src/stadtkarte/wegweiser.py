"""The Wegweiser: printable guides of the directory, as HTML for A4 (and A5, folded) and as PDF.

``/wegweiser/`` lists the guides: one with every entry ("alle"), one per category and one per
municipality. Each guide is a standalone HTML document (``wegweiser/<slug>.html``, not themed:
its layout is for paper) with a title page, a table of contents, one block per entry with a QR
code to the entry's page, and an index by topic. Guides per site language follow with the
multilingual site (issue #14); each entry block already carries its descriptions in every
language it has, in its own script and direction.

``make wegweiser`` builds the site with ``STADTKARTE_WEGWEISER_PDF=1``: the guides are then also
rendered to ``wegweiser/<slug>.pdf`` with WeasyPrint (optional dependency group ``wegweiser``)
and the overview links them. Fonts: the system's (DejaVu Sans or Noto, covering Latin, Arabic
and Cyrillic; no web fonts).

All data access goes through :func:`view` (the published view only).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import atomic, languages, printing, richtext
from .i18n import t

if TYPE_CHECKING:
    from .pages import GeneratedFile, Item, Site

FOLDER = "wegweiser"
PDF_SWITCH = "STADTKARTE_WEGWEISER_PDF"
STYLESHEET = "assets/stadtkarte/wegweiser.css"
SCRIPT = "assets/stadtkarte/wegweiser.js"
DESCRIPTION_CHARS = 420
OTHER_LANGUAGE_CHARS = 240


def pdf_enabled() -> bool:
    """Whether this build also renders the guides to PDF (``make wegweiser``)."""
    return os.environ.get(PDF_SWITCH, "") not in ("", "0")


@dataclass
class View:
    """What the guides read from the published site (the lead can point this at PublicView)."""

    items: list[Item]
    categories: dict[str, Any]  # slug → Category (name, colour)
    topics: dict[str, Any]  # slug → Term (name)
    municipalities: dict[str, Any]  # slug → Municipality (name)
    today: date
    site_url: str | None
    sample_data: bool
    facts: Any  # item → printing.Facts
    render: Any  # Site.render: a themed page


def view(site: Site) -> View:
    """The one place the Wegweiser reads the site: ``site.items``, ``site.view.categories``,
    ``site.view.topics``, ``site.view.municipalities``, ``site.options.today``,
    ``site.options.site_url``, ``site.options.sample_data``, ``site.render`` and what
    :func:`stadtkarte.printing.facts` reads."""
    return View(
        items=site.items, categories=dict(site.view.categories), topics=dict(site.view.topics),
        municipalities=dict(site.view.municipalities), today=site.options.today,
        site_url=site.options.site_url, sample_data=site.options.sample_data,
        facts=lambda item: printing.facts(site, item), render=site.render,
    )


@dataclass
class Block:
    """One entry in a guide."""

    anchor: str
    item: Item
    facts: printing.Facts
    description: str
    translations: list[dict[str, str]]
    languages: list[dict[str, str]]
    address: str  # absolute address of the entry's page (or site-relative without site_url)
    qr: str  # inline SVG


@dataclass
class Guide:
    slug: str
    title: str
    group: str  # "alle", "kategorie", "kommune"
    sections: list[tuple[str, list[Block]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(blocks) for _, blocks in self.sections)


#: the QR codes' data mask. The standard lets an encoder use any of the eight; choosing the one
#: with the fewest unlucky patterns means building all eight, which in pure Python took three
#: quarters of a code's time (about 15 ms; a guide has one per entry). Mask 2 (every third
#: column) is the one segno chose most often for the site's addresses; every mask decodes
#: (tests/test_wegweiser.py reads the codes back with a decoder).
QR_MASK = 2


def qr_svg(data: str) -> str:
    """A QR code as inline SVG (segno, pure Python); sized by CSS through its viewBox."""
    import segno

    return segno.make(data, error="m", mask=QR_MASK).svg_inline(scale=1, border=2, omitsize=True, dark="#000",
                                                               light="#fff")


def _block(v: View, item: Item, memo: dict[str, Block]) -> Block:
    key = f"{item.kind}/{item.entry.slug}"
    if key not in memo:
        texts = item.entry.description
        translations = []
        for tag in sorted(tag for tag in texts if tag != "de"):
            code = tag.split("-")[0]
            translations.append({
                "lang": "de" if tag == "de-x-ls" else tag, "dir": languages.direction(code),
                "label": t("ui.easy_language") if tag == "de-x-ls" else languages.own_name(code),
                "text": richtext.to_text(texts[tag], OTHER_LANGUAGE_CHARS),
            })
        address = v.site_url.rstrip("/") + "/" + item.url if v.site_url else item.url
        memo[key] = Block(
            anchor=f"{'o' if item.kind == 'organisation' else 'a'}-{item.entry.slug}", item=item, facts=v.facts(item),
            description=richtext.to_text(texts["de"], DESCRIPTION_CHARS), translations=translations,
            languages=[{"code": c, "dir": languages.direction(c), "name": languages.own_name(c)} for c in item.languages],
            address=address, qr=qr_svg(address),
        )
    return memo[key]


def _by(v: View, items: Iterable[Item], group: str, memo: dict[str, Block]) -> list[tuple[str, list[Block]]]:
    """Sections by the first category (or by municipality) of each entry, in a fixed order."""
    sections: dict[str, list[Block]] = defaultdict(list)
    for item in items:
        if group == "kategorie":
            slug = item.categories[0] if item.categories else ""
        else:
            slug = item.municipality or "online"
        sections[slug].append(_block(v, item, memo))
    if group == "kategorie":
        order = [s for s in v.categories if s in sections]
        names = {s: v.categories[s].name for s in order}
    else:
        order = [s for s in v.municipalities if s in sections] + (["online"] if "online" in sections else [])
        names = {s: (v.municipalities[s].name if s in v.municipalities else t("ui.online")) for s in order}
    return [(names[s], sections[s]) for s in order]


def guides(v: View) -> list[Guide]:
    memo: dict[str, Block] = {}
    result = [Guide("alle", t("wegweiser.all_title"), "alle", _by(v, v.items, "kategorie", memo))]
    for slug, category in v.categories.items():
        chosen = [i for i in v.items if slug in i.categories]
        if chosen:
            result.append(Guide(f"kategorie-{slug}", category.name, "kategorie", _by(v, chosen, "kommune", memo)))
    for slug, municipality in v.municipalities.items():
        chosen = [i for i in v.items if i.municipality == slug]
        if chosen:
            result.append(Guide(f"kommune-{slug}", t("wegweiser.municipality_title", name=municipality.name), "kommune",
                                _by(v, chosen, "kategorie", memo)))
    return result


def topic_index(v: View, guide: Guide) -> list[tuple[str, list[Block]]]:
    """Topic name → the blocks of the guide with that topic, both sorted by name."""
    found: dict[str, list[Block]] = defaultdict(list)
    for _, blocks in guide.sections:
        for block in blocks:
            for topic in block.item.topics:
                if block not in found[topic]:
                    found[topic].append(block)
    named = [(v.topics[s].name if s in v.topics else s, sorted(b, key=lambda x: x.item.title.casefold()))
             for s, b in found.items()]
    return sorted(named, key=lambda pair: pair[0].casefold())


def place_name(v: View) -> str:
    """The name the title page gives: the municipalities the directory covers."""
    names = [m.name for m in v.municipalities.values()]
    return t("wegweiser.places", names=t("word.comma").join(names[:-1]) + f" {t('word.and')} " + names[-1]) if len(names) > 1 else (
        names[0] if names else t("ui.site_title"))


def site_files(site: Site) -> Iterable[GeneratedFile]:
    """The overview page ``/wegweiser/`` and one HTML document per guide."""
    from .pages import GeneratedFile

    v = view(site)
    all_guides = guides(v)
    env = site.env
    for guide in all_guides:
        html = env.get_template("wegweiser_guide.html").render(
            guide=guide, index=topic_index(v, guide), place=place_name(v), today=v.today.strftime("%d.%m.%Y"),
            site_url=v.site_url, sample_data=v.sample_data, root="../", stylesheet=STYLESHEET, script=SCRIPT,
            home=v.site_url or "../",
        )
        yield GeneratedFile(f"{FOLDER}/{guide.slug}.html", html)
    groups = [(group, [g for g in all_guides if g.group == group]) for group in ("alle", "kategorie", "kommune")]
    yield v.render("wegweiser.html", f"{FOLDER}/index.md", t("wegweiser.title"), t("wegweiser.description"),
                   searchable=False, groups=groups, pdf=pdf_enabled(), site_url=v.site_url)


def render_pdfs(site_dir: Path) -> list[Path]:
    """Render every guide of the built site to PDF beside its HTML (WeasyPrint)."""
    from weasyprint import HTML

    written = []
    for source in sorted((site_dir / FOLDER).glob("*.html")):
        if source.name == "index.html":  # the overview page of the site
            continue
        pdf = HTML(filename=str(source), base_url=str(source.parent) + "/").write_pdf()
        atomic.write_many(site_dir, [(f"{FOLDER}/{source.stem}.pdf", pdf)])
        written.append(source.with_suffix(".pdf"))
    return written
