"""Bylines, author boxes, the author-box directive, author pages and their metadata."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from buildlog import phases
from pypdf import PdfReader

ROOTS = Path(__file__).parents[1] / "roots"
DOCS = Path(__file__).parents[2] / "docs"
BEITRAG = "ausgaben/02-zweite/beitrag.html"
PRAXIS = "ausgaben/02-zweite/praxis.html"
ROLLE = "ausgaben/02-zweite/rolle.html"
EVIL_NAME = "<script>alert('name')</script> Eva Böse"


def soup_of(outdir: Path | str, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(outdir) / page).read_text(encoding="utf-8"), "html.parser")


def body(soup: BeautifulSoup) -> Tag:
    main = soup.select_one("div.body, article[role=main], main")
    assert main is not None
    return main


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def boxes(soup: BeautifulSoup) -> list[Tag]:
    return soup.select(".tm-author-box")


def json_ld(page: Path) -> list[tuple[str, Any]]:
    """The raw text and parsed value of every JSON-LD script of ``page``."""
    raw = page.read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)
    return [(content, json.loads(content)) for content in found]


def copy_root(name: str, target: Path) -> Path:
    shutil.copytree(ROOTS / f"test-{name}", target, ignore=shutil.ignore_patterns("_build"))
    return target


# --------------------------------------------------------------------------
# One HTML build of the main root, shared by the read-only tests


@pytest.fixture
def html(app: Any) -> Path:
    app.build()
    assert app.warning.getvalue() == ""
    return Path(app.outdir)


AUTHORS_HTML = pytest.mark.sphinx("html", testroot="authors", srcdir="authors-html")


@AUTHORS_HTML
def test_byline_under_title_links_every_author(html: Path) -> None:
    section = body(soup_of(html, BEITRAG)).select_one("section")
    assert section is not None
    title = section.find("h1")
    assert title is not None
    byline = title.find_next_sibling()
    assert byline is not None and "tm-byline" in byline["class"]
    assert text(byline) == "Von Dr. Bernd Muster und Anna Beispiel"
    links = [(a.get_text(strip=True), a["href"]) for a in byline.select("a")]
    assert links == [
        ("Dr. Bernd Muster", "../../autoren/bernd-muster.html"),
        ("Anna Beispiel", "../../autoren/anna-beispiel.html"),
    ]


@AUTHORS_HTML
def test_author_boxes_at_the_end_with_every_field(html: Path) -> None:
    soup = soup_of(html, BEITRAG)
    found = boxes(soup)
    assert [box.name for box in found] == ["aside", "aside"]
    labels = [box["aria-label"] for box in found]
    assert labels == ["Zur Person: Dr. Bernd Muster", "Zur Person: Anna Beispiel"]
    bernd, anna = (text(box) for box in found)
    assert bernd.startswith("Dr. Bernd Muster Sozialplaner")
    assert "ORCID 0000-0002-1825-0097" in bernd
    assert "Alle Beiträge von Dr. Bernd Muster" in bernd
    hrefs = [a["href"] for a in found[0].select("a")]
    assert hrefs == [
        "https://example.org/bernd",
        "https://orcid.org/0000-0002-1825-0097",
        "../../autoren/bernd-muster.html",
    ]
    for expected in ("Bildungsmanagerin", "Stadt Jena", "Kommune: Jena", "erfundene Person"):
        assert expected in anna
    # the boxes close the article: nothing of the article follows them
    last = body(soup).select_one("section").find_all(recursive=False)[-1]
    assert "tm-author-boxes" in last["class"]


@AUTHORS_HTML
def test_directive_role_override_replaces_the_automatic_box(html: Path) -> None:
    found = boxes(soup_of(html, ROLLE))
    assert len(found) == 1
    assert "Damals Referent für Statistik" in text(found[0])
    assert "Sozialplaner" not in text(found[0])
    # a box placed on a page that is no article is an aside with its name too
    [guest] = boxes(soup_of(html, "gast.html"))
    assert (guest.name, guest["aria-label"]) == ("aside", "Zur Person: Dora Gast")


@AUTHORS_HTML
def test_portrait_only_with_consent(html: Path) -> None:
    images = soup_of(html, BEITRAG).select(".tm-author-box img")
    assert [(img["alt"], img["src"]) for img in images] == [
        ("Porträt von Bernd Muster", "../../_images/bernd.png")
    ]
    assert (html / "_images" / "bernd.png").exists()
    assert not soup_of(html, PRAXIS).select(".tm-author-box img")
    assert not (html / "_images" / "carla.png").exists()
    for page in html.rglob("*.html"):
        assert "carla.png" not in page.read_text(encoding="utf-8"), page


@AUTHORS_HTML
def test_markup_in_registry_is_shown_literally(html: Path) -> None:
    for page in (PRAXIS, "autoren/eva-boese.html", "autoren/index.html"):
        soup = soup_of(html, page)
        injected = [
            script
            for script in soup.find_all("script")
            if "alert" in (script.string or "") and script.get("type") != "application/ld+json"
        ]
        assert not injected, page
        assert not soup.find("b"), page
        assert EVIL_NAME in text(body(soup)), page
    box = boxes(soup_of(html, PRAXIS))[0]
    assert box["aria-label"] == f"Zur Person: {EVIL_NAME}"
    assert box.select_one(".tm-author-name").get_text(strip=True) == EVIL_NAME
    assert box.select_one(".tm-author-bio").get_text() == "Text mit </script><b>fett</b> & Co."
    for page in (PRAXIS, "autoren/eva-boese.html"):
        (raw, data), *_ = json_ld(html / page)
        assert "</script" not in raw.lower() and "<" not in raw
        person = data if data["@type"] == "Person" else data["author"][0]
        assert person["name"] == EVIL_NAME
        assert person["description"] == "Text mit </script><b>fett</b> & Co."


@AUTHORS_HTML
def test_citation_metadata_and_article_json_ld(html: Path) -> None:
    soup = soup_of(html, BEITRAG)
    meta = [(m["name"], m["content"]) for m in soup.select("meta[name^=citation_]")]
    assert ("citation_title", "Ein Beitrag") in meta
    assert [c for n, c in meta if n == "citation_author"] == ["Bernd Muster", "Anna Beispiel"]
    assert ("citation_date", "2020/04/24") in meta
    [(_, data)] = json_ld(html / BEITRAG)
    assert data["@type"] == "ScholarlyArticle" and data["headline"] == "Ein Beitrag"
    assert [a["name"] for a in data["author"]] == ["Bernd Muster", "Anna Beispiel"]
    assert all(a["@type"] == "Person" for a in data["author"])
    issue = data["isPartOf"]
    assert issue["@type"] == "PublicationIssue" and issue["issueNumber"] == "2"
    assert issue["isPartOf"]["name"] == "Testreihe"
    # issue 1 has no known date: no citation_date rather than a guessed one
    first = soup_of(html, "ausgaben/01-erste/artikel.html")
    assert not first.select("meta[name=citation_date]")
    [(_, person)] = json_ld(html / "autoren/bernd-muster.html")
    assert person["@type"] == "Person" and person["honorificPrefix"] == "Dr."
    assert not json_ld(html / "gast.html")


def contributions(outdir: Path, ident: str) -> list[str]:
    items = soup_of(outdir, f"autoren/{ident}.html").select(".tm-contribution-list > li")
    return [text(item) for item in items]


@AUTHORS_HTML
def test_person_pages_list_contributions_newest_first(html: Path) -> None:
    assert contributions(html, "anna-beispiel") == [
        "Ein Beitrag (Beitrag), in Nr. 2: Zweite Ausgabe",
        "Ein Artikel über Jena (Praxisbeispiel), in Nr. 1: Erste Ausgabe",
    ]
    assert contributions(html, "bernd-muster") == [
        "Ein Beitrag (Beitrag), in Nr. 2: Zweite Ausgabe",
        "Ein Beitrag mit anderer Rolle (Befragung), in Nr. 2: Zweite Ausgabe",
    ]
    assert contributions(html, "dora-gast") == ["Ein Gastbeitrag (Gastbeitrag)"]
    soup = soup_of(html, "autoren/anna-beispiel.html")
    assert soup.find("h1").get_text(strip=True).startswith("Anna Beispiel")
    links = [a["href"] for a in soup.select(".tm-contribution-list a")]
    assert links[:2] == ["../ausgaben/02-zweite/beitrag.html", "../ausgaben/02-zweite/index.html"]
    profile = text(soup.select_one(".tm-author-profile"))
    assert "Bildungsmanagerin" in profile and "Kommune: Jena" in profile


@AUTHORS_HTML
def test_author_index_alphabetic_by_surname(html: Path) -> None:
    items = soup_of(html, "autoren/index.html").select(".tm-author-list > li")
    assert [text(item) for item in items] == [
        "Anna Beispiel , Bildungsmanagerin (2 Beiträge)",
        f"{EVIL_NAME} , <script>alert('role')</script> (1 Beitrag)",
        "Dora Gast , Gastautorin (1 Beitrag)",
        "Dr. Bernd Muster , Sozialplaner (2 Beiträge)",
        "Carla Ohne , Planerin (1 Beitrag)",
    ]


def test_generated_pages_hold_only_ids(make_app: Callable, tmp_path: Path) -> None:
    src = copy_root("authors", tmp_path / "src")
    make_app("html", srcdir=src, freshenv=True)  # generation happens at builder-inited
    page = (src / "autoren" / "bernd-muster.md").read_text(encoding="utf-8")
    assert "bernd-muster" in page
    assert "Muster" not in page.replace("bernd-muster", "")
    assert "Sozialplaner" not in page


# --------------------------------------------------------------------------
# Other builders


@pytest.mark.sphinx("text", testroot="authors", srcdir="authors-text")
def test_text_builder_shows_byline_and_box(app: Any) -> None:
    app.build()
    out = (Path(app.outdir) / "ausgaben" / "02-zweite" / "beitrag.txt").read_text("utf-8")
    assert "Von Dr. Bernd Muster und Anna Beispiel" in out
    for expected in ("Sozialplaner", "Bildungsmanagerin", "Kommune: Jena", "Stadt Jena"):
        assert expected in out
    page = (Path(app.outdir) / "autoren" / "anna-beispiel.txt").read_text("utf-8")
    assert "Ein Artikel über Jena (Praxisbeispiel), in Nr. 1: Erste Ausgabe" in page


def test_pdf_shows_byline_and_box(make_app: Callable, tmp_path: Path) -> None:
    src = copy_root("authors", tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + 'extensions.append("rst2pdf.pdfbuilder")\n',
        encoding="utf-8",
    )
    app = make_app("pdf", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    [pdf] = Path(app.outdir).glob("transmit-plus-nr-02-*.pdf")
    content = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    for expected in (
        "Von Dr. Bernd Muster und Anna Beispiel",
        "Sozialplaner",
        "Kommune: Jena",
        "Damals Referent für Statistik",
        "Alle Beiträge von Anna Beispiel",
    ):
        assert expected in content, expected


# --------------------------------------------------------------------------
# Warnings


@pytest.mark.sphinx("html", testroot="authors-unknown", srcdir="authors-unknown")
def test_unknown_ids_and_duplicates_are_located(app: Any) -> None:
    app.build()
    warnings = app.warning.getvalue().replace("\\", "/")
    assert "Traceback" not in warnings + app.status.getvalue()
    # front matter
    assert re.search(
        r"ausgaben/01-eins/artikel\.md:3: WARNING: Unbekannte Person 'anna-beispil'\. "
        r"Meinten Sie 'anna-beispiel'\?",
        warnings,
    )
    # directive
    assert re.search(
        r"gast\.md:5: WARNING: Unbekannte Person 'bernd-mustr'\. Meinten Sie "
        r"'bernd-muster'\?.*\[transmit\.author\]",
        warnings,
    )
    assert re.search(r"gast\.md:8: WARNING: Der Direktive 'author-box' fehlt", warnings)
    # registry
    assert re.search(
        r"_data/personen\.yaml:7: WARNING: Die Kennung 'anna-beispiel' ist doppelt vergeben "
        r"\(zuerst in Zeile 1\)",
        warnings,
    )
    assert not boxes(soup_of(app.outdir, "gast.html"))


@pytest.mark.sphinx(
    "html",
    testroot="authors-unknown",
    srcdir="authors-suppressed",
    confoverrides={"suppress_warnings": ["transmit.author"]},
)
def test_suppress_warnings_silences_author_warnings(app: Any) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "bernd-mustr" not in warnings
    assert "fehlt die Kennung" not in warnings
    assert "anna-beispil" in warnings  # other subtypes stay


# --------------------------------------------------------------------------
# Incremental and parallel builds


NEW_ARTICLE = """\
---
title: Ein neuer Artikel
authors: [anna-beispiel]
kind: Projektbericht
topics: [bildungsmonitoring]
abstract: Nachgetragen.
---

## Abschnitt

Text.
"""


def test_incremental_build_updates_person_pages(make_app: Callable, tmp_path: Path) -> None:
    src = copy_root("authors", tmp_path / "src")
    out = tmp_path / "out"
    app = make_app("html", srcdir=src, builddir=out, freshenv=True)
    app.build()
    assert len(contributions(Path(app.outdir), "anna-beispiel")) == 2
    app.cleanup()  # forget the node classes, so the next app registers them afresh

    (src / "ausgaben" / "01-erste" / "neu.md").write_text(NEW_ARTICLE, encoding="utf-8")
    index = src / "ausgaben" / "01-erste" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("artikel\n", "artikel\nneu\n"),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, builddir=out, freshenv=False)
    app.build()
    assert app.warning.getvalue() == ""
    read, written = phases(app.status.getvalue())
    # the person page is not re-read: its listing's fingerprint makes it be written again
    assert "autoren/anna-beispiel" not in read
    assert {"ausgaben/01-erste/neu", "autoren/anna-beispiel"} <= written
    assert "autoren/bernd-muster" not in written
    assert contributions(Path(app.outdir), "anna-beispiel") == [
        "Ein Beitrag (Beitrag), in Nr. 2: Zweite Ausgabe",
        "Ein Artikel über Jena (Praxisbeispiel), in Nr. 1: Erste Ausgabe",
        "Ein neuer Artikel (Projektbericht), in Nr. 1: Erste Ausgabe",
    ]
    listing = text(soup_of(app.outdir, "autoren/index.html").select_one(".tm-author-list"))
    assert "Bildungsmanagerin (3 Beiträge)" in listing
    app.cleanup()

    registry = src / "_data" / "personen.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            "role: Bildungsmanagerin", "role: Leiterin Bildungsbüro"
        ),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, builddir=out, freshenv=False)
    app.build()
    for page in (BEITRAG, "autoren/anna-beispiel.html", "autoren/index.html"):
        assert "Leiterin Bildungsbüro" in text(body(soup_of(app.outdir, page))), page


def test_parallel_build_equals_serial_build(make_app: Callable, tmp_path: Path) -> None:
    outputs = {}
    for jobs in (1, 2):
        src = copy_root("authors", tmp_path / f"src-{jobs}")
        app = make_app("html", srcdir=src, freshenv=True, parallel=jobs)
        app.build()
        assert app.warning.getvalue() == ""
        outdir = Path(app.outdir)
        pages = sorted(p.relative_to(outdir).as_posix() for p in outdir.glob("autoren/*.html"))
        pages += [BEITRAG, PRAXIS, ROLLE, "gast.html"]
        outputs[jobs] = {page: str(body(soup_of(outdir, page))) for page in pages}
        app.cleanup()
    assert len(outputs[1]) == 10
    assert outputs[1] == outputs[2]


# --------------------------------------------------------------------------
# The examples of docs/autoren.md


def doc_examples() -> tuple[str, list[str]]:
    """The personen.yaml example and the author-box examples of docs/autoren.md."""
    doc = (DOCS / "autoren.md").read_text(encoding="utf-8")
    [registry] = [
        block for block in re.findall(r"```yaml\n(.*?)```", doc, re.S) if "- id:" in block
    ]
    boxes = [
        block
        for block in re.findall(r"````markdown\n(.*?)````", doc, re.S)
        if "{author-box}" in block
    ]
    return registry, boxes


def test_doc_examples_build(make_app: Callable, tmp_path: Path) -> None:
    registry, examples = doc_examples()
    assert len(examples) == 2
    src = copy_root("authors-docs", tmp_path / "src")
    (src / "_data" / "personen.yaml").write_text(registry, encoding="utf-8")
    portrait = re.search(r"portrait: (\S+)", registry)
    assert portrait is not None
    (src / portrait.group(1)).parent.mkdir(parents=True)
    shutil.copy(ROOTS / "test-authors" / "bilder" / "bernd.png", src / portrait.group(1))
    page = "# Beispiele\n\n" + "\n".join(examples)
    (src / "beispiele.md").write_text(page, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    found = boxes(soup_of(app.outdir, "beispiele.html"))
    assert len(found) == 2
    assert "Dr. Anna Beispiel Bildungsmanagerin" in text(found[0])
    assert "Damals Referentin für Bildungsmonitoring" in text(found[1])
    assert found[0].select_one("img")["alt"] == "Porträt von Anna Beispiel"
    assert contributions(Path(app.outdir), "anna-beispiel") == ["Beispiele (Gastbeitrag)"]
