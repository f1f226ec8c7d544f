"""The Wegweiser: guides as HTML (title page, contents, a block per entry with QR code, index by
topic) and as PDF with WeasyPrint, German and Arabic text in logical order.

Fixture: tests/fixtures/wegweiser (three organisations, one offer; one description in Arabic).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from stadtkarte import wegweiser
from stadtkarte.catalogue import load_catalogue
from stadtkarte.publish import publish
from stadtkarte.pages import GeneratedFile, Site, SiteOptions, assets

from .conftest import TODAY

FIXTURE = Path(__file__).parent / "fixtures" / "wegweiser"
ARABIC = "ملتقى النساء الدولي مكان مفتوح للنساء من جميع البلدان"
SITE_URL = "https://integration.stadt.example/"


def site(site_url: str | None = None) -> Site:
    catalogue, problems = load_catalogue(FIXTURE, today=TODAY)
    assert not [p for p in problems if p.is_error]
    options = SiteOptions(today=TODAY, site_url=site_url)
    return Site(publish(catalogue, options.publishing), options)


def files(site_url: str | None = None) -> dict[str, GeneratedFile]:
    return {f.path: f for f in wegweiser.site_files(site(site_url))}


def test_one_guide_for_all_per_category_and_per_municipality() -> None:
    found = files()
    guides = sorted(p for p in found if p.endswith(".html"))
    assert "wegweiser/alle.html" in guides
    assert "wegweiser/kommune-ludwigsburg.html" in guides and "wegweiser/kommune-kornwestheim.html" in guides
    assert "wegweiser/kategorie-sprache-bildung.html" in guides
    assert "wegweiser/kategorie-blaulicht.html" not in guides  # no entry: no guide
    overview = found["wegweiser/index.md"].content
    for path in guides:
        assert f'href="{path.split("/")[1]}"' in overview, path
    assert ".pdf" not in overview  # PDFs only with make wegweiser


def test_guide_has_cover_contents_blocks_with_qr_and_topic_index() -> None:
    html = files(SITE_URL)["wegweiser/alle.html"].content
    assert "Ludwigsburg und Kornwestheim" in html and "Stand: <bdi>23.11.2026</bdi>" in html
    contents = html.split('class="sk-wg-toc"')[1].split("</nav>")[0]
    blocks = re.findall(r'<article class="sk-wg-entry" id="([^"]+)"', html)
    assert sorted(blocks) == ["a-sprachcafe-dienstag", "o-internationaler-frauentreff", "o-online-lernplattform",
                              "o-stadtteiltreff-kornwestheim"]
    for anchor in blocks:
        assert f'href="#{anchor}"' in contents
    assert html.count("<svg") == len(blocks)  # one QR code each, inline
    assert f"{SITE_URL}organisationen/internationaler-frauentreff/" in html
    assert '<bdi lang="de">Wilhelmstraße 12</bdi>, <bdi lang="de">71638 Ludwigsburg</bdi>' in html
    assert '<bdi dir="ltr">07141 000101</bdi>' in html
    assert 'Dienstag und Donnerstag <bdi dir="ltr">9:30–12 Uhr</bdi>' in html
    assert 'lang="ar" dir="rtl"' in html and ARABIC in html
    index = html.split('id="sk-wg-index"')[1]
    assert "Begegnung und Freizeit" in index and 'href="#o-internationaler-frauentreff"' in index
    assert "site_url" not in html  # the note is only for sites without an address


def _qr_image(svg: str):  # noqa: ANN202 - a numpy array
    """The QR code of an inline SVG from :func:`wegweiser.qr_svg` as a black-on-white picture
    (4 pixels per module), drawn from the SVG's path (segno draws each dark run as a line)."""
    import numpy as np

    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    path = re.search(r'<path class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    modules = np.full((size, size), 255, np.uint8)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:  # h: a dark run on row y
            modules[int(y), int(x):int(x + float(a))] = 0
            x += float(a)
    return np.kron(modules, np.ones((4, 4), np.uint8))


def test_qr_codes_scan_to_the_entry_addresses() -> None:
    """Each code in the guide decodes (zxing-cpp, a real decoder) to the address printed beside it."""
    import zxingcpp

    html = files(SITE_URL)["wegweiser/alle.html"].content
    codes = re.findall(r"<svg viewBox=.*?</svg>", html, flags=re.S)
    addresses = re.findall(r'<p class="sk-wg-address">([^<]+)</p>', html)
    assert len(codes) == len(addresses) == 4
    for svg, address in zip(codes, addresses, strict=True):
        found = zxingcpp.read_barcodes(_qr_image(svg))
        assert [(code.format, code.text) for code in found] == [(zxingcpp.BarcodeFormat.QRCode, address)]
    long = SITE_URL + "angebote/" + "sprachcafe-mit-kinderbetreuung-und-hausaufgabenhilfe-" * 3 + "/"
    assert [code.text for code in zxingcpp.read_barcodes(_qr_image(wegweiser.qr_svg(long)))] == [long]


def test_without_site_url_the_guide_says_so_and_uses_the_path() -> None:
    html = files()["wegweiser/alle.html"].content
    assert "site_url in mkdocs.yml" in html
    assert '<p class="sk-wg-address">organisationen/internationaler-frauentreff/</p>' in html
    assert wegweiser.qr_svg("organisationen/x/") != wegweiser.qr_svg(SITE_URL + "organisationen/x/")


def test_data_is_escaped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    path = data / "organisationen" / "online-lernplattform.yml"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"^name: .*$", "name: 'Lernen & \"Leben\" < 3 > 2'", text, count=1, flags=re.M), "utf-8")
    catalogue, problems = load_catalogue(data, today=TODAY)
    assert not [p for p in problems if p.is_error]
    options = SiteOptions(today=TODAY)
    site = Site(publish(catalogue, options.publishing), options)
    html = {f.path: f for f in wegweiser.site_files(site)}["wegweiser/alle.html"].content
    assert "Lernen &amp; &#34;Leben&#34; &lt; 3 &gt; 2" in html and '"Leben" < 3' not in html


def pdftotext(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if not tool:
        message = "pdftotext fehlt: `apt-get install poppler-utils` (Debian) für den PDF-Test"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    text = subprocess.run([tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # NFKC folds Arabic presentation forms to letters; the bidi marks around right-to-left text go
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")


@pytest.mark.slow
def test_pdf_of_a_guide_in_german_with_arabic_in_logical_order(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="make wegweiser braucht die Abhängigkeiten der Gruppe „wegweiser“")
    from pypdf import PdfReader

    (tmp_path / "wegweiser").mkdir()
    (tmp_path / "wegweiser" / "index.html").write_text("<p>Übersicht der Website</p>", "utf-8")
    for generated in [*wegweiser.site_files(site(SITE_URL)), *assets()]:
        if not generated.path.endswith(".md"):
            target = tmp_path / generated.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(generated.content if isinstance(generated.content, bytes) else generated.content.encode())
    written = wegweiser.render_pdfs(tmp_path)
    pdf = tmp_path / "wegweiser" / "alle.pdf"
    assert pdf in written and not (tmp_path / "wegweiser" / "index.pdf").exists()  # the overview is no guide
    assert pdf.stat().st_mode & 0o044 == 0o044
    pages = len(PdfReader(pdf).pages)
    assert 4 <= pages <= 8, pages  # cover, contents, entries, index
    text = pdftotext(pdf)
    assert "Wegweiser" in text and "Internationaler Frauentreff Ludwigsburg e. V." in text
    assert "Wilhelmstraße 12, 71638 Ludwigsburg" in text
    assert ARABIC in " ".join(text.split()), "Arabisch nicht in logischer Reihenfolge"
    assert "русский" in text  # Cyrillic
    assert "Register nach Themen" in text
    assert re.search(r"Begegnung und Freizeit\s+.*\(S\. \d+\)", text), "Register ohne Seitenzahlen"
    assert "Drucken" not in text  # the toolbar is for the screen
