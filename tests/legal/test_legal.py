"""Legal pages, accessibility statement, Leichte Sprache and ``check --release``.

The real ``source/`` is built as it is (every legal field but the name is
unknown: marked gaps) and with a configuration that fills every field (no
gap, ``check --release`` passes). The accessibility statement is rebuilt
after an accessible PDF disappears and must say so.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject
from transmit_kb.cli.main import main, run_check
from transmit_kb.legal.fields import GAP_TEXT, read_publisher

TESTS = Path(__file__).parents[1]
PROJECT = TESTS.parent
SOURCE = PROJECT / "source"
GENERATED = (
    "autoren",
    "praxisbeispiele/laender",
    "praxisbeispiele/kommunen",
    "praxisbeispiele/themen",
)
LEGAL_PAGES = ("impressum.html", "datenschutz.html", "barrierefreiheit.html")
EASY_PAGES = ("leichte-sprache/index", "leichte-sprache/ausgabe-1", "leichte-sprache/ausgabe-2")
#: every field the publisher has not supplied yet (only the name is known)
UNKNOWN_FIELDS = {
    "representative",
    "address",
    "email",
    "content_responsible",
    "privacy_officer",
    "hosting_provider",
    "hosting_terms_url",
    "data_protection_authority",
    "enforcement_body",
}
FILLED = {
    "name": "Musterstelle <Test> & Co.",
    "representative": "Erika Muster",
    "address": "Musterstraße 1\n12345 Musterstadt",
    "email": "kontakt@example.org",
    "phone": "+49 000 000000",
    "content_responsible": "Max Muster, Musterstraße 1, 12345 Musterstadt",
    "privacy_officer": "Datenschutz Muster, datenschutz@example.org",
    "hosting_provider": "Hosting Muster GmbH, Serverweg 2, 12345 Musterstadt",
    "hosting_terms_url": "https://hosting.example.org/datenschutz",
    "data_protection_authority": "Aufsichtsbehörde Muster, Amtsweg 3, 12345 Musterstadt",
    "enforcement_body": "Schlichtungsstelle Muster, Amtsweg 4, 12345 Musterstadt",
}
BASEURL = "https://wissen.example.org/transmit/"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def gap_keys(html: BeautifulSoup) -> set[str]:
    keys = set()
    for gap in html.select(".tm-gap"):
        assert gap.get_text(strip=True) == GAP_TEXT
        keys |= {c.removeprefix("tm-gap--") for c in gap["class"] if c.startswith("tm-gap--")}
    return keys


def copy_site(target: Path) -> Path:
    """A copy of ``source/`` without the build's generated folders."""
    src = target / "source"
    shutil.copytree(SOURCE, src, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    for generated in GENERATED:
        shutil.rmtree(src / generated, ignore_errors=True)
    return src


def mark_reviewed(src: Path) -> None:
    for name in EASY_PAGES:
        page = src / f"{name}.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(
            text.replace("ls_review: offen", "ls_review: geprüft\nls_review_date: 2026-11-30"),
            encoding="utf-8",
        )


def tagged_pdf(path: Path, tagged: bool = True) -> None:
    """A one-page PDF; ``tagged`` gives it ``/MarkInfo`` and a structure tree root."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if tagged:
        root = writer._root_object
        root[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )
        tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        root[NameObject("/StructTreeRoot")] = writer._add_object(tree)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        writer.write(handle)


# --------------------------------------------------------------------------
# Today's configuration: gaps, located release findings


@pytest.mark.slow
def test_real_site_marks_every_unknown_field(built_site: Path) -> None:
    shown: set[str] = set()
    for name in LEGAL_PAGES:
        shown |= gap_keys(soup(built_site / name))
    assert shown == UNKNOWN_FIELDS
    impressum = soup(built_site / "impressum.html").select_one("article")
    assert impressum is not None
    assert "Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement" in impressum.text
    assert "Telefon" not in impressum.text  # optional and unset: no line, no gap
    # the statement's feedback section shows the gap instead of a dead link
    statement = soup(built_site / "barrierefreiheit.html")
    assert statement.select("p#rueckmeldung.tm-feedback .tm-gap--email")
    assert not statement.select('a[href^="mailto:"]')


@pytest.mark.slow
def test_every_page_links_the_legal_pages_and_leichte_sprache(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        if page.name in ("genindex.html", "search.html") or "_static" in page.parts:
            continue
        html = soup(page)
        links = {a.get_text(strip=True) for a in html.select("footer .tm-legal-links a")}
        assert {"Impressum", "Datenschutz", "Barrierefreiheit", "Barriere melden"} <= links, page
        # no e-mail configured: "Barriere melden" leads to the statement's feedback paragraph
        report = html.select_one("footer .tm-legal-links li:last-child a")
        assert report is not None
        up = "../" * (len(page.relative_to(built_site).parts) - 1)
        expected = {"#rueckmeldung", f"{up}barrierefreiheit.html#rueckmeldung"}
        assert report["href"] in expected, page
        header = html.select(".bd-header-article .tm-easy-language-link")
        assert [a.get_text(strip=True) for a in header] == ["Leichte Sprache"], page


def test_release_check_lists_each_missing_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(PROJECT), "check", "--release"]) == 1
    out = capsys.readouterr().out
    conf = (SOURCE / "conf.py").read_text(encoding="utf-8").split("\n")
    for key in UNKNOWN_FIELDS:
        line = next(i for i, text in enumerate(conf, 1) if f'"{key}":' in text)
        assert re.search(
            rf"^source/conf\.py:{line}: Fehler: transmit_publisher\['{key}'\]", out, re.M
        )
    assert "transmit_publisher['name']" not in out
    assert "transmit_publisher['phone']" not in out
    assert re.search(r"^source/conf\.py:\d+: Fehler: html_baseurl fehlt", out, re.M)
    for page in EASY_PAGES:
        assert re.search(rf"^source/{page}\.md:\d+: Fehler: .*ls_review: offen", out, re.M)
    # the site promises ordering only inside {nur-wenn-gesetzt} (left out without the
    # address) and the download boxes name it only with the address: nothing to report
    assert "transmit_order_url fehlt" not in out
    # without --release the same project passes
    assert main(["--root", str(PROJECT), "check"]) == 0


def test_release_check_reports_an_overdue_case_study(tmp_path: Path) -> None:
    src = copy_site(tmp_path)
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\ntransmit_today = "2029-01-01"\n')
    out = io.StringIO()
    run_check(tmp_path, out, release=True)
    overdue = re.findall(
        r"^(\S+): Fehler: Das Praxisbeispiel '[\w-]+' wurde zuletzt am \d{4}-\d\d-\d\d geprüft",
        out.getvalue(),
        re.M,
    )
    assert len(overdue) == 4
    page = src / "ausgaben" / "02-planungsprozesse" / "teichmann-jena.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if text.startswith(":reviewed:"))
    assert f"source/ausgaben/02-planungsprozesse/teichmann-jena.md:{line}" in overdue


# --------------------------------------------------------------------------
def test_release_check_finds_an_unconditional_order_sentence(tmp_path: Path) -> None:
    src = copy_site(tmp_path)
    page = src / "ueber.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nBestellen Sie ein gedrucktes Heft bei uns.\n",
        encoding="utf-8",
    )
    line = (
        page.read_text(encoding="utf-8")
        .split("\n")
        .index("Bestellen Sie ein gedrucktes Heft bei uns.")
        + 1
    )
    out = io.StringIO()
    run_check(tmp_path, out, release=True)
    found = re.findall(r"^(\S+): Fehler: transmit_order_url fehlt", out.getvalue(), re.M)
    assert found == [f"source/ueber.md:{line}"]


# A configuration that fills every field


def _filled_project(tmp_path: Path) -> Path:
    src = copy_site(tmp_path)
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + f"\ntransmit_publisher = {FILLED!r}\nhtml_baseurl = {BASEURL!r}\n"
        + 'transmit_order_url = "https://wissen.example.org/bestellen"\n',
        encoding="utf-8",
    )
    mark_reviewed(src)
    return src


@pytest.mark.slow
def test_filled_configuration_removes_every_gap(make_app: Callable, tmp_path: Path) -> None:
    src = _filled_project(tmp_path)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        assert not soup(page).select(".tm-gap"), page
        assert GAP_TEXT not in page.read_text(encoding="utf-8"), page
    impressum = soup(out / "impressum.html")
    text = impressum.select_one("article").get_text(" ", strip=True)
    for key in ("name", "representative", "content_responsible", "hosting_provider", "phone"):
        assert " ".join(FILLED[key].split()) in text, key
    assert "Musterstraße 1 12345 Musterstadt" in text  # the address as a line block
    raw = (out / "impressum.html").read_text(encoding="utf-8")
    assert "Musterstelle &lt;Test&gt; &amp; Co." in raw and "<Test>" not in raw  # escaped
    mails = [unquote(a["href"]) for a in impressum.select('article a[href^="mailto:"]')]
    assert mails == ["mailto:kontakt@example.org"]  # Sphinx cloaks the address; it decodes
    privacy = soup(out / "datenschutz.html")
    assert privacy.select_one(f'article a[href="{FILLED["hosting_terms_url"]}"]')
    # every page's "Barriere melden": subject and page address, percent-encoded
    for name, title in (("glossar.html", "Glossar"), ("leichte-sprache/ausgabe-1.html", "Heft 1")):
        link = soup(out / name).select_one("footer .tm-legal-links a[href^='mailto:']")
        assert link is not None and link.get_text(strip=True) == "Barriere melden"
        href = link["href"]
        assert not re.search(r"[\s\n<>\"]", href)
        parts = urlsplit(href)
        assert unquote(parts.path) == "kontakt@example.org"
        query = parse_qs(parts.query)
        assert query["subject"][0].startswith("Rückmeldung zur Barrierefreiheit: " + title)
        assert f"Seite: {BASEURL}{name}" in query["body"][0]
        assert "%3A%2F%2F" in href and "%0D%0A" in href
    statement = soup(out / "barrierefreiheit.html")
    feedback = statement.select_one(".tm-feedback a[href^='mailto:']")
    assert feedback is not None
    assert (
        f"Seite: {BASEURL}barrierefreiheit.html"
        in parse_qs(urlsplit(feedback["href"]).query)["body"][0]
    )


def test_filled_configuration_passes_the_release_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _filled_project(tmp_path)
    assert main(["--root", str(tmp_path), "check", "--release"]) == 0, capsys.readouterr().out


def test_bad_values_are_reported_not_shown() -> None:
    publisher, problems = read_publisher(
        {"name": "X", "email": "keine-adresse", "hosting_terms_url": "ftp://x", "fax": "1"}
    )
    assert publisher.email == "" and publisher.hosting_terms_url == ""
    assert [key for key, _ in problems] == ["email", "hosting_terms_url", "fax"]
    assert "Erlaubt sind: name, representative" in problems[2][1]


@pytest.mark.slow
def test_bad_configuration_warns_with_location(make_app: Callable, tmp_path: Path) -> None:
    src = copy_site(tmp_path)
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('"email": "",', '"email": "nicht-gültig",')
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    line = next(
        i
        for i, t in enumerate(conf.read_text(encoding="utf-8").split("\n"), 1)
        if "nicht-gültig" in t
    )
    assert f"conf.py:{line}: WARNING: transmit_publisher['email']" in warnings
    assert "[transmit.legal]" in warnings
    assert "Traceback" not in warnings


# --------------------------------------------------------------------------
# The accessibility statement follows the build's facts


def _statement(outdir: Path) -> tuple[str, list[str]]:
    html = soup(outdir / "barrierefreiheit.html")
    status = html.select_one(".tm-a11y-status")
    assert status is not None
    items = [li.get_text(" ", strip=True) for li in html.select(".tm-a11y-limitations > li")]
    return status.get_text(" ", strip=True), items


@pytest.mark.slow
def test_statement_changes_when_an_accessible_pdf_disappears(
    make_app: Callable, tmp_path: Path
) -> None:
    src = _filled_project(tmp_path)
    (src / "_data" / "barrierefreiheit.yaml").write_text(
        "assessed: 2026-12-01\nmethod: Selbstbewertung mit automatischen Tests.\n"
        "axe_known_violations: []\nlimitations: []\n",
        encoding="utf-8",
    )
    pdfs = tmp_path / "pdfua"
    nr1 = pdfs / "transmit-plus-nr-01-kommunales-bildungsmonitoring-barrierefrei.pdf"
    nr2 = pdfs / "transmit-plus-nr-02-kommunale-planungsprozesse-barrierefrei.pdf"
    tagged_pdf(nr1)
    tagged_pdf(nr2)
    build = tmp_path / "build"
    overrides = {"transmit_accessible_pdf_dir": str(pdfs)}
    app = make_app("html", srcdir=src, builddir=build, freshenv=True, confoverrides=overrides)
    app.build()
    assert app.warning.getvalue() == ""
    status, items = _statement(Path(app.outdir))
    assert "vollständig" in status and "teilweise" not in status
    assert items == []
    app.cleanup()

    nr2.unlink()  # the accessible PDF of Nr. 2 is gone: the statement must say so
    app = make_app("html", srcdir=src, builddir=build, freshenv=False, confoverrides=overrides)
    app.build()
    status, items = _statement(Path(app.outdir))
    assert "teilweise" in status
    assert len(items) == 1
    assert items[0].startswith("PDF der Ausgabe Nr. 2: Kommunale Planungsprozesse")
    assert "kein barrierefreies PDF" in items[0]
    app.cleanup()

    tagged_pdf(nr2, tagged=False)  # a PDF without tags does not count
    app = make_app("html", srcdir=src, builddir=build, freshenv=False, confoverrides=overrides)
    app.build()
    status, items = _statement(Path(app.outdir))
    assert len(items) == 1 and "keine Struktur-Tags" in items[0]


@pytest.mark.slow
def test_real_statement_lists_what_the_build_found(built_site: Path) -> None:
    status, items = _statement(built_site)
    assert "teilweise" in status
    assert any(item.startswith("PDF der Ausgabe Nr. 1") for item in items)  # no PDF/UA in tests
    assert any(item.startswith("Texte in Leichter Sprache") for item in items)
    assert any(item.startswith("Videos in Deutscher Gebärdensprache") for item in items)
    assert f"{len(items)} unten genannten" in status


# --------------------------------------------------------------------------
# Leichte Sprache


def _sentences(html: BeautifulSoup) -> list[str]:
    section = html.select_one("section.tm-leichte-sprache")
    assert section is not None
    texts = [node.get_text(" ", strip=True) for node in section.select("p, li > p, li")]
    sentences: list[str] = []
    for text in dict.fromkeys(texts):
        sentences += [s for s in re.split(r"(?<=[.!?:])\s+", text) if re.search(r"\w", s)]
    return sentences


@pytest.mark.slow
@pytest.mark.parametrize("name", EASY_PAGES)
def test_easy_language_pages_are_short_sentences(built_site: Path, name: str) -> None:
    html = soup(built_site / f"{name}.html")
    sentences = _sentences(html)
    assert len(sentences) >= 15
    words = [len(re.findall(r"[\wÄÖÜäöüß-]+", s)) for s in sentences]
    assert sum(words) / len(words) <= 12, sorted(zip(words, sentences, strict=True))[-5:]
    review = html.select_one(".tm-ls-review")
    assert review is not None and "noch nicht geprüft" in review.get_text()


def test_review_state_is_validated(make_app: Callable, tmp_path: Path) -> None:
    src = copy_site(tmp_path)
    page = src / "leichte-sprache" / "ausgabe-1.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("ls_review: offen", "ls_review: fertig")
    )
    out = io.StringIO()
    assert run_check(tmp_path, out) == 1
    assert "source/leichte-sprache/ausgabe-1.md:2: Fehler:" in out.getvalue()


@pytest.mark.slow
def test_search_labels_easy_language_pages(built_site: Path) -> None:
    meta_name = json.loads((built_site / "_search" / "meta.json").read_text())["meta"]
    meta = json.loads((built_site / "_search" / meta_name).read_text())
    labelled = {
        meta["docs"][int(i)][0] for i, label in meta["labels"].items() if label == "Leichte Sprache"
    }
    assert labelled == set(EASY_PAGES)


# --------------------------------------------------------------------------
# A foreign project: nothing changes


def test_feature_is_off_without_configuration(make_app: Callable, tmp_path: Path) -> None:
    src = tmp_path / "fremd"
    shutil.copytree(TESTS / "roots" / "test-basic", src)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "tm-legal-links" not in html
    assert "tm-easy-language-link" not in html
    assert "transmit-legal.css" not in html and "transmit-easy-language.css" not in html
