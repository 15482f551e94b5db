"""The print edition: issue PDFs, series PDF, EPUBs and the download boxes on the site."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from facts import NR2_AUTHORS
from pdffonts import assert_fonts_embedded
from pypdf import PdfReader
from transmit_kb.print_edition.build import edition_name, german_size

PRINT = [
    sys.executable,
    "-c",
    "import sys; from transmit_kb.print_edition.build import main; sys.exit(main())",
]
NR1 = "transmit-plus-nr-01-kommunales-bildungsmonitoring"
NR2 = "transmit-plus-nr-02-kommunale-planungsprozesse"


def _text(path: Path) -> list[str]:
    """Each page's text, with words that German hyphenation split at a line end joined."""
    pages = [page.extract_text() or "" for page in PdfReader(path).pages]
    return [re.sub(r"-\n(?=[a-zäöüß])", "", page) for page in pages]


def _issue_pdfs(out: Path) -> list[Path]:
    return sorted((out / "pdf").glob("transmit-plus-nr-*.pdf"))


def test_one_pdf_per_issue_named_by_number_and_title(print_site: Path) -> None:
    assert [p.name for p in _issue_pdfs(print_site)] == [f"{NR1}.pdf", f"{NR2}.pdf"]
    assert (print_site / "pdf" / "transmit-plus-gesamtausgabe.pdf").is_file()


def test_cover_and_imprint(print_site: Path) -> None:
    pages = _text(print_site / "pdf" / f"{NR2}.pdf")
    cover = " ".join(pages[0].split())
    assert "TransMit plus \N{EN DASH} Perspektive Kommunales Bildungsmanagement" in cover
    assert "Nr. 2" in cover
    assert "Kommunale Planungsprozesse unter dem Fokus Bildung" in cover
    assert "24. April 2020" in cover
    imprint = " ".join(pages[1].split())
    assert "Impressum" in imprint
    assert "Bundesministerium für Bildung und Forschung (BMBF)" in imprint
    assert "Inhalt" in pages[2]
    # Nr. 1 has no known date: the cover shows none
    assert "20" not in _text(print_site / "pdf" / f"{NR1}.pdf")[0].replace("2020", "")


def test_running_header_and_page_numbers(print_site: Path) -> None:
    pages = _text(print_site / "pdf" / f"{NR2}.pdf")
    for number, text in enumerate(pages[2:], start=3):
        assert "TransMit plus Nr. 2 · Kommunale Planungsprozesse" in text
        assert str(number) in text.split()


def test_every_author_of_nr2_with_role(print_site: Path) -> None:
    text = " ".join(" ".join(_text(print_site / "pdf" / f"{NR2}.pdf")).split())
    for name, role, _ in NR2_AUTHORS.values():
        assert name in text
        # the running text names each role; the author boxes repeat it
        assert role in text, f"Rolle von {name} fehlt im PDF"


def test_every_case_study_municipality(print_site: Path) -> None:
    text = " ".join(" ".join(" ".join(_text(p)) for p in _issue_pdfs(print_site)).split())
    for municipality in ("Halle (Saale)", "Saalekreis", "Sömmerda", "Jena"):
        assert municipality in text


def test_case_study_cards_keep_every_field(print_site: Path) -> None:
    text = " ".join(" ".join(_text(print_site / "pdf" / f"{NR2}.pdf")).split())
    for label in ("Bundesland", "Art der Kommune", "Beteiligte Einheit", "Zuletzt geprüft"):
        assert f"{label}:" in text or f"{label} :" in text, label
    for expected in (
        "Praxisbeispiel: Bildungsmanagement in der Stabsstelle für Integrierte Sozialplanung",
        "Praxisbeispiel: Bildungsmanagement und Integrierte Sozialplanung in der Stadt Jena",
        "Kernpunkte",
        "Thüringen",
        "4. Dezember 2026",
    ):
        assert expected in text, expected


def test_summary_note_once_per_page_in_the_pdf(print_site: Path) -> None:
    """rst2pdf keeps the note: the issue page and each summary say it once, the
    introduction says it is the knowledge base's own page."""
    text = " ".join(" ".join(_text(print_site / "pdf" / f"{NR2}.pdf")).split())
    # the issue page and the five contributions of Nr. 2
    assert text.count("Zusammenfassung der Wissensbasis") == 6
    assert text.count("Diese Seite fasst einen Beitrag aus Nr. 2 von „TransMit plus“") == 5
    assert "Diese Seite ist kein Beitrag der Broschüre" in text
    assert "der vollständige Text steht in der Druckausgabe" not in text


def test_all_fonts_embedded(print_site: Path) -> None:
    for path in [*_issue_pdfs(print_site), print_site / "pdf" / "transmit-plus-gesamtausgabe.pdf"]:
        assert_fonts_embedded(path)


def test_metadata(print_site: Path) -> None:
    reader = PdfReader(print_site / "pdf" / f"{NR2}.pdf")
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "TransMit plus Nr. 2: Kommunale Planungsprozesse unter dem Fokus Bildung"
    assert meta.author is not None and "Walter Werner" in meta.author
    assert meta.subject and "Sozialplanung" in meta.subject
    assert "/Keywords" in meta and "TransMit plus" in str(meta["/Keywords"])
    assert meta.creation_date is not None
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_no_blank_pages(print_site: Path) -> None:
    for path in [*_issue_pdfs(print_site), print_site / "pdf" / "transmit-plus-gesamtausgabe.pdf"]:
        for number, text in enumerate(_text(path), start=1):
            assert text.strip(), f"{path.name}: Seite {number} ist leer"


def test_series_pdf_has_every_issue_and_the_glossary(print_site: Path) -> None:
    text = " ".join(" ".join(_text(print_site / "pdf" / "transmit-plus-gesamtausgabe.pdf")).split())
    assert "Kommunale Planungsprozesse unter dem Fokus Bildung" in text
    assert "Kommunales Bildungsmonitoring \N{EN DASH} Anschlüsse herstellen" in text
    assert "Glossar" in text


def test_epub_per_issue_without_custom_nodes(print_site: Path) -> None:
    for name in (NR1, NR2):
        path = print_site / "epub" / f"{name}.epub"
        with zipfile.ZipFile(path) as epub:
            assert epub.read("mimetype") == b"application/epub+zip"
            opf = epub.read("content.opf").decode()
            pages = [n for n in epub.namelist() if n.endswith(".xhtml")]
            text = " ".join(epub.read(n).decode() for n in pages)
        assert "<dc:language>de</dc:language>" in opf
        assert "tm-download-box" not in text
    with zipfile.ZipFile(print_site / "epub" / f"{NR2}.epub") as epub:
        page = epub.read("ausgaben/02-planungsprozesse/maurer-soemmerda.xhtml").decode()
    assert "Sömmerda" in page


def test_issue_page_offers_pdf_epub_and_print_copy(print_site: Path) -> None:
    html = print_site / "html" / "ausgaben" / "02-planungsprozesse" / "index.html"
    box = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one(
        ".tm-download-box"
    )
    assert box is not None
    links = {a.get_text(): a["href"] for a in box.select("a")}
    assert links["Druckfassung (PDF)"] == f"../../druckausgabe/{NR2}.pdf"
    assert links["Barrierefreie Fassung (PDF/UA)"] == (f"../../druckausgabe/{NR2}-barrierefrei.pdf")
    assert links["E-Book (EPUB) herunterladen"] == f"../../druckausgabe/{NR2}.epub"
    for path in (
        print_site / "pdf" / f"{NR2}.pdf",
        print_site / "pdfua" / f"{NR2}-barrierefrei.pdf",
    ):
        pages = len(PdfReader(path).pages)
        assert f"({pages} Seiten, {german_size(path.stat().st_size)})" in box.get_text()
    epub_size = german_size((print_site / "epub" / f"{NR2}.epub").stat().st_size)
    assert f"E-Book (EPUB) herunterladen ({epub_size})" in " ".join(box.get_text().split())
    assert (print_site / "html" / "druckausgabe" / f"{NR2}-barrierefrei.pdf").is_file()
    # no order form configured (source/conf.py): no sentence that promises ordering
    assert "bestell" not in box.get_text()
    assert (print_site / "html" / "druckausgabe" / f"{NR2}.pdf").is_file()
    assert (print_site / "html" / "druckausgabe" / f"{NR2}.epub").is_file()


def test_start_page_links_newest_pdf(print_site: Path) -> None:
    soup = BeautifulSoup(
        (print_site / "html" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    # the front page (transmit_kb.frontpage) offers it in its latest-issue box, once
    box = soup.select_one(".tm-front-latest")
    assert box is not None and "Nr. 2" in box.get_text()
    assert box.select_one('a[href$=".pdf"]')["href"] == f"druckausgabe/{NR2}.pdf"
    pages = len(PdfReader(print_site / "pdf" / f"{NR2}.pdf").pages)
    size = german_size((print_site / "pdf" / f"{NR2}.pdf").stat().st_size)
    assert f"(PDF, {pages} Seiten, {size})" in box.get_text()
    assert soup.select_one(".tm-download-box") is None
    ua = print_site / "pdfua" / f"{NR2}-barrierefrei.pdf"
    link = box.select_one('a[href$="-barrierefrei.pdf"]')
    assert link is not None and link.get_text() == "Barrierefreie Fassung (PDF/UA)"
    assert link["href"] == f"druckausgabe/{NR2}-barrierefrei.pdf"
    ua_size = german_size(ua.stat().st_size)
    assert f"(PDF/UA, {len(PdfReader(ua).pages)} Seiten, {ua_size})" in box.get_text()


@pytest.mark.sphinx("html", testroot="basic")
def test_html_only_build_has_no_download_box(app: Any) -> None:
    app.build()
    page = Path(app.outdir) / "ausgaben" / "01-erste" / "index.html"
    assert "tm-download-box" not in page.read_text(encoding="utf-8")
    assert not (Path(app.outdir) / "druckausgabe").exists()


@pytest.mark.sphinx("pdf", testroot="pdf")
def test_nothing_dropped_and_latin_extended_a(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    name = edition_name(7, "Łódź, Škoda und Ő")
    assert name == "transmit-plus-nr-07-lodz-skoda"
    path = Path(app.outdir) / f"{name}.pdf"
    text = " ".join(" ".join(_text(path)).split())
    for expected in (
        "Łódź, Škoda und Ő",
        "Testverlag Őrség",
        "Hinweistext in einer Box",
        "Tabellenzelle Jena",
        "Bildunterschrift zum Testbild",
        "Kartentitel Eins",
        "Kartentext Zwei",
        "Einzelne Karte",
        "Abzeichen",
        "Aufklapptitel",
        "Reiter Zwei",
        "Reitertext Zwei",
        "Zielvereinbarung",
        "Beitragstext aus Jena",
        "Online: https://example.org/wissensbasis",
        "Gefördert im Test.",
    ):
        assert expected in text, expected
    assert_fonts_embedded(path)
    for number, page in enumerate(_text(path), start=1):
        assert page.strip(), f"Seite {number} ist leer"


@pytest.mark.sphinx("pdf", testroot="pdf")
def test_rst2pdf_warnings_become_sphinx_warnings(app: Any) -> None:
    from transmit_kb.print_edition.build import Rst2pdfLog

    handler = Rst2pdfLog()
    logging.getLogger("rst2pdf").addHandler(handler)
    try:
        logging.getLogger("rst2pdf").warning("Unkn. node (self.elemdispatch): x.y [z]")
    finally:
        logging.getLogger("rst2pdf").removeHandler(handler)
    assert "rst2pdf meldet: Unkn. node" in app.warning.getvalue()
    assert "[transmit.pdf]" in app.warning.getvalue()


@pytest.mark.sphinx("pdf", testroot="pdf-unknown")
def test_unknown_node_is_reported_with_its_text_kept(app: Any) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "fancybox kann im PDF nicht dargestellt werden" in warnings
    assert "ausgaben/01-eins/index.md" in warnings
    path = Path(app.outdir) / "transmit-plus-nr-01-eine-ausgabe.pdf"
    assert "Text im eigenen Knoten" in " ".join(_text(path))


def test_unknown_node_fails_the_cli_build(tmp_path: Path, rootdir: Path) -> None:
    src = tmp_path / "source"
    shutil.copytree(rootdir / "test-pdf-unknown", src)
    result = subprocess.run(
        [*PRINT, "build", "--source", "source", "--out", "_build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "kann im PDF nicht dargestellt werden" in result.stderr


def test_german_sizes() -> None:
    assert german_size(65_000) == "63 KB"
    assert german_size(1_250_000) == "1,2 MB"
