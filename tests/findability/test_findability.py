"""Findability (transmit_kb.findability): taxonomy check, overviews in use, glossary A-Z,
sentences that promise only what is configured, search records and result types."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from transmit_kb.cli.check import collect
from transmit_kb.findability.glossary import german_key, initial
from transmit_kb.search.index import load_index

ROOTS = Path(__file__).parents[1] / "roots"


def soup_of(outdir: Path | str, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(outdir) / page).read_text(encoding="utf-8"), "html.parser")


def article(outdir: Path | str, page: str) -> Tag:
    soup = soup_of(outdir, page)
    found = soup.select_one("article.bd-article") or soup.select_one("div.body")
    assert isinstance(found, Tag)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    """One build of the root, shared by the tests that only read its output."""
    src = tmp_path_factory.mktemp("findability") / "src"
    shutil.copytree(ROOTS / "test-findability", src)
    app = SphinxTestApp("html", srcdir=src, status=io.StringIO(), warning=io.StringIO())
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_card_topics_are_checked_against_the_article(built: Any) -> None:
    warnings = built.warning.getvalue()
    lines = [line for line in warnings.splitlines() if "[transmit.taxonomy]" in line]
    assert len(lines) == 1, warnings
    # located at the card (line 13 of stadt.md), naming the topic and the fix
    assert "ausgaben/01-erste/stadt.md:13:" in lines[0]
    assert "'kooperation' (Kooperation und Vernetzung)" in lines[0]
    assert "muster-monitoring" in lines[0] and "Ergänzen Sie es" in lines[0]


def test_overviews_exist_only_where_something_is_listed(built: Any) -> None:
    out = Path(built.outdir) / "praxisbeispiele"
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    # Heimatdorf (Bayern) is only an author's home town: no page, no state page
    assert "kommunen/musterstadt.html" in pages and "laender/thueringen.html" in pages
    assert "kommunen/heimatdorf.html" not in pages and "laender/bayern.html" not in pages
    # topics: those a card or an article uses; never the unused one
    themes = {p for p in pages if p.startswith("themen/") and p != "themen/index.html"}
    assert themes == {
        "themen/bildungsmonitoring.html",
        "themen/kooperation.html",
        "themen/beteiligung.html",
    }
    # the index pages list exactly the pages that exist
    links = [a["href"] for a in article(out, "kommunen/index.html").select(".tm-case-overview a")]
    assert links == ["musterstadt.html"]
    # the author's box names the home town as text, not as a link to a missing page
    essay = article(built.outdir, "ausgaben/01-erste/essay.html")
    assert "heimatdorf" not in " ".join(a["href"] for a in essay.select("a"))


def test_finder_offers_every_topic_in_use(built: Any) -> None:
    form = soup_of(built.outdir, "praxisbeispiele/index.html").select_one("form.tm-finder")
    assert form is not None
    topics = [o.get_text() for o in form.select("select[data-facet=topic] option")]
    # "Beteiligung" has no case study, only an article: offered all the same (count 0 in JS)
    assert topics == ["Alle", "Beteiligung", "Bildungsmonitoring", "Kooperation und Vernetzung"]


def test_german_order_and_letters() -> None:
    words = ["Zebra", "Übergang", "ambulant", "Ärztlicher Dienst", "Straße", "Stabsstelle"]
    assert sorted(words, key=german_key) == [
        "ambulant",
        "Ärztlicher Dienst",
        "Stabsstelle",
        "Straße",
        "Übergang",
        "Zebra",
    ]
    assert [initial(w) for w in ("Ärger", "öffentlich", "3-D", "ß")] == ["A", "O", "#", "S"]


def test_glossary_is_alphabetical_with_a_jump_list(built: Any) -> None:
    page = article(built.outdir, "glossar.html")
    terms = [dt.get_text(strip=True).rstrip("#¶") for dt in page.select("dl.glossary dt")]
    assert terms == [
        "3-D-Modell",
        "ambulante Hilfe",
        "Ärztlicher Dienst",
        "Öffentlichkeit",
        "Organisationseinheit der Leitung",  # its own entry: "siehe Stabsstelle"
        "Stabsstelle",
        "Organisationseinheit der Leitung",  # the entry's second term
        "Straße",
        "Übergang",
        "Zielvereinbarung",
    ]
    nav = page.select_one("nav.tm-az-nav")
    assert nav is not None and nav["aria-label"] == "Glossar von A bis Z"
    links = {a.get_text(): a["href"] for a in nav.select("a")}
    assert next(iter(links)) == "0\N{EN DASH}9"
    assert links == {
        "0\N{EN DASH}9": "#buchstabe-0-9",
        "A": "#buchstabe-a",
        "O": "#buchstabe-o",
        "S": "#buchstabe-s",
        "U": "#buchstabe-u",
        "Z": "#buchstabe-z",
    }
    assert [s.get_text() for s in nav.select(".tm-az-empty")][:3] == ["B", "C", "D"]
    see = page.select_one("dl.glossary dd a[href='#term-Stabsstelle']")
    assert (
        see is not None and see.find_parent("dd").get_text(" ", strip=True) == "siehe Stabsstelle"
    )
    for target in links.values():  # every letter link has its heading
        heading = page.find(id=target[1:])
        assert heading is not None and heading.name == "h2"
    # a letter's heading stands right before its terms
    a_heading = page.find(id="buchstabe-a")
    assert a_heading is not None
    following = a_heading.find_next("dl")
    assert following is not None
    assert [dt.get_text(strip=True).rstrip("#¶") for dt in following.select("dt")] == [
        "ambulante Hilfe",
        "Ärztlicher Dienst",
    ]


def test_order_sentence_only_with_its_address(built: Any) -> None:
    text = article(built.outdir, "ueber.html").get_text()
    assert "kostenlos" in text
    assert "Bestell" not in text


@pytest.mark.sphinx(
    "html",
    testroot="findability",
    srcdir="findability-order",
    confoverrides={"transmit_order_url": "https://example.org/bestellen"},
)
def test_order_sentence_links_the_configured_address(app: Any) -> None:
    app.build()
    page = article(app.outdir, "ueber.html")
    link = page.find("a", string="Bestellformular")
    assert link is not None and link["href"] == "https://example.org/bestellen"
    assert "Bestellen Sie über das" in page.get_text()


def test_unknown_value_in_offer_is_a_located_warning(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-findability", src)
    (src / "ueber.md").write_text(
        "# Über\n\n:::{nur-wenn-gesetzt} transmit_bestell_url\nText.\n:::\n", encoding="utf-8"
    )
    app = make_app("html", srcdir=src)
    app.build()
    lines = [ln for ln in app.warning.getvalue().splitlines() if "[transmit.offer]" in ln]
    assert len(lines) == 1
    assert "ueber.md:3" in lines[0] and "transmit_bestell_url" in lines[0]
    assert "transmit_order_url" in lines[0]  # names the allowed values


def test_check_names_an_offer_without_address(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(ROOTS / "test-findability", root / "source")
    report = collect(root)
    hints = [f for f in report.findings if "transmit_order_url" in f.message]
    assert [(f.path, f.line, f.level) for f in hints] == [("source/ueber.md", 5, "Hinweis")]
    assert "erscheint nicht" in hints[0].message  # a hint: the check still passes for it
    assert not [f for f in report.errors if "transmit_order_url" in f.message]
    conf = root / "source" / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            'transmit_order_url = ""', 'transmit_order_url = "https://example.org/b"'
        ),
        encoding="utf-8",
    )
    assert not [f for f in collect(root).findings if "transmit_order_url" in f.message]


def test_search_excerpts_skip_facts_but_find_their_words(built: Any) -> None:
    meta, index = load_index(Path(built.outdir))
    target = Path(built.outdir) / "_search"
    entry = next(d for d in meta["docs"] if d[0] == "ausgaben/01-erste/stadt")
    sections = json.loads((target / entry[3]).read_text(encoding="utf-8"))
    text = " ".join(t for _, _, t in sections)
    # the article's facts ("Art: Praxisbeispiel, Themen: …") are not excerpt text
    assert "Themen" not in text and "Art" not in text.split()
    assert "Musterstadt bespricht ihren Bildungsbericht" in text
    # … but their words are still found
    from transmit_kb.search.index import rank

    assert "ausgaben/01-erste/stadt" in rank(index, "Vernetzung")


def test_search_index_knows_what_each_page_is(built: Any) -> None:
    meta, _ = load_index(Path(built.outdir))
    kinds = dict(zip((d[0] for d in meta["docs"]), meta["doc_kinds"], strict=True))
    assert kinds["ausgaben/01-erste/stadt"] == "Praxisbeispiel"
    assert kinds["ausgaben/01-erste/essay"] == "Beitrag"
    assert kinds["ausgaben/01-erste/index"] == "Ausgabe"
    assert kinds["autoren/anna-beispiel"] == "Person"
    assert kinds["praxisbeispiele/kommunen/musterstadt"] == "Kommune"
    assert kinds["praxisbeispiele/laender/thueringen"] == "Bundesland"
    assert kinds["praxisbeispiele/themen/kooperation"] == "Thema"
    assert kinds["glossar"] == "Glossar"
    assert kinds["ueber"] == "Seite"
    # every title is a title, never a docname
    assert all("/" not in d[2] for d in meta["docs"])
    assert meta["next"] == [
        ["Praxisbeispiele mit Filtern durchsuchen (Finder)", "praxisbeispiele/index.html"],
        ["Alle Themen", "praxisbeispiele/themen/index.html"],
        ["Glossar: Fachbegriffe von A bis Z", "glossar.html"],
    ]


@pytest.mark.sphinx(
    "html",
    testroot="findability",
    srcdir="findability-off",
    confoverrides={"transmit_findability": False},
)
def test_without_the_switch_nothing_changes(app: Any) -> None:
    app.build()
    assert "[transmit.taxonomy]" not in app.warning.getvalue()
    out = Path(app.outdir) / "praxisbeispiele"
    assert (out / "kommunen" / "heimatdorf.html").is_file()  # every registry entry
    assert (out / "themen" / "unbenutzt.html").is_file()
    page = article(app.outdir, "glossar.html")
    assert page.select_one("nav.tm-az-nav") is None
    terms = [dt.get_text(strip=True).rstrip("#¶") for dt in page.select("dl.glossary dt")]
    assert terms[:2] == ["Zielvereinbarung", "Übergang"]  # as written
    assert "transmit-find.css" not in (Path(app.outdir) / "glossar.html").read_text("utf-8")


def test_a_topic_without_case_studies_says_where_to_look(built: Any) -> None:
    page = article(built.outdir, "praxisbeispiele/themen/beteiligung.html")
    note = page.select_one(".tm-case-none")
    assert note is not None
    assert note.get_text(" ", strip=True).startswith("Hierzu gibt es noch kein Praxisbeispiel.")
    link = note.find("a")
    assert link is not None and link["href"] == "../index.html"
    assert "Beteiligung planen" in page.get_text()  # the article that names the topic
    index = article(built.outdir, "praxisbeispiele/themen/index.html")
    entries = [li.get_text(" ", strip=True) for li in index.select(".tm-case-overview li")]
    assert entries == [
        "Beteiligung (0 Praxisbeispiele, 1 Beitrag)",
        "Bildungsmonitoring (1 Praxisbeispiel, 1 Beitrag)",
        "Kooperation und Vernetzung (0 Praxisbeispiele, 1 Beitrag)",
    ]


def test_check_reports_the_topic_mismatch_like_the_build(built: Any, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(ROOTS / "test-findability", root / "source")
    found = [f for f in collect(root).errors if "kooperation" in f.message]
    assert [(f.path, f.line) for f in found] == [("source/ausgaben/01-erste/stadt.md", 13)]
    build = [ln for ln in built.warning.getvalue().splitlines() if "[transmit.taxonomy]" in ln]
    assert found[0].message in build[0]  # the same text as the build's warning


def test_source_scan_cache_never_hides_a_change(tmp_path: Path) -> None:
    """The per-file cache of the pre-read scan follows edited, added and removed pages."""
    from transmit_kb.core.registry import load_registry
    from transmit_kb.findability.taxonomy import scan_sources

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-findability", src)
    registry = load_registry(src, "_data")
    cache = tmp_path / "scan.json"
    plain = scan_sources(src, registry)
    assert plain.topics and plain.municipalities, "the root uses topics and places"
    assert scan_sources(src, registry, cache) == plain
    assert scan_sources(src, registry, cache) == plain  # now from the cache

    pages = sorted(p for p in src.rglob("*.md") if "topics:" in p.read_text(encoding="utf-8"))
    edited = pages[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("topics:", "topics: [neu-im-test]\nalt_topics:", 1), "utf-8")
    (src / "dazu.md").write_text("---\ntopics: [dazu-im-test]\n---\n# Dazu\n", "utf-8")
    changed = scan_sources(src, registry, cache)
    assert {"neu-im-test", "dazu-im-test"} <= changed.topics
    assert changed == scan_sources(src, registry)
    (src / "dazu.md").unlink()
    assert "dazu-im-test" not in scan_sources(src, registry, cache).topics
    cache.write_text("{kaputt", encoding="utf-8")
    assert scan_sources(src, registry, cache) == scan_sources(src, registry)
