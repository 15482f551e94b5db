"""The search index (search.py, compounds.py) on the ``search`` test root.

The browser side (transmit-search.js against the real site) is tested in
``tests/browser/test_search_browser.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from transmit_kb.search.compounds import CompoundSplitter, fold, joined, load_curated, stem, words
from transmit_kb.search.index import (
    STOPWORDS,
    SearchIndex,
    index_size,
    load_index,
    rank,
    shard_name,
    stored_files,
    term_key,
)

ROOTS = Path(__file__).parents[1] / "roots"
STATIC = Path(__file__).parents[2] / "_ext" / "transmit_kb" / "site" / "static"
MONITORING = "ausgaben/01-erste/monitoring"
PLANUNG = "ausgaben/01-erste/planung"
SOEMMERDA = "ausgaben/01-erste/soemmerda"
#: queries for words that occur on their own in the root
EXACT_QUERIES = [
    "Planung",
    "Monitoring",
    "Bildungsmonitoring",
    "Bildung",
    "Stelle",
    "Hilfe",
    "Jena",
    "Stabsstelle",
    "Daten",
    "Planung Daten",
    "Bildung Stelle",
]


def copy_root(target: Path) -> Path:
    shutil.copytree(ROOTS / "test-search", target, ignore=shutil.ignore_patterns("_build"))
    return target


def build(make_app: Callable[..., Any], src: Path, **kwargs: Any) -> Path:
    app = make_app("html", srcdir=src, freshenv=True, **kwargs)
    app.build()
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    app.cleanup()
    return outdir


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The root built with and without compound splitting (module-wide)."""
    from sphinx.testing.util import SphinxTestApp

    outputs = {}
    for compounds in (True, False):
        work = tmp_path_factory.mktemp(f"search-{compounds}")
        src = copy_root(work / "src")
        app = SphinxTestApp(
            "html",
            srcdir=src,
            builddir=work / "out",
            freshenv=True,
            confoverrides={"transmit_search_compounds": compounds},
        )
        try:
            app.build()
            assert app.warning.getvalue() == ""
            outputs["with" if compounds else "without"] = Path(app.outdir)
        finally:
            app.cleanup()
    return outputs


def index_of(outdir: Path) -> tuple[dict[str, Any], SearchIndex]:
    return load_index(outdir)


# --------------------------------------------------------------------------
# Words: folding, stemming, compounds


def test_fold_spells_out_umlauts_and_eszett() -> None:
    assert fold("Sömmerda") == fold("Soemmerda") == fold("SOEMMERDA") == "soemmerda"
    assert fold("Straße") == fold("STRASSE") == "strasse"
    assert words("Kinder- und Jugendhilfe 2020, Sachsen-Anhalt") == [
        "kinder",
        "und",
        "jugendhilfe",
        "sachsen",
        "anhalt",
    ]
    # a decomposed umlaut (macOS input) is the same word
    assert words("So\u0308mmerda") == ["soemmerda"]
    assert joined("Online-Befragung in Sachsen-Anhalt, Kinder- und Jugendhilfe") == [
        "onlinebefragung",
        "sachsenanhalt",
    ]


def test_variants_share_one_index_term() -> None:
    assert term_key("Sömmerda") == term_key("Soemmerda") == term_key("sömmerda")
    assert term_key("Straße") == term_key("Strasse")
    assert term_key("Befragungen") == term_key("Befragung")


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Bildungsmonitoring", {"bildung", "monitoring"}),
        ("Sozialberichterstattung", {"sozial", "berichterstattung", "bericht", "erstattung"}),
        ("Jugendhilfeplanung", {"jugendhilfe", "jugend", "hilfe", "planung"}),
        ("Stabsstelle", {"stab", "stelle"}),
        ("Schulentwicklungsplanungen", {"schule", "entwicklung", "planungen"}),
        ("Kinderbetreuung", {"kind", "betreuung"}),
    ],
)
def test_compounds_split_at_linking_elements(word: str, parts: set[str]) -> None:
    vocabulary = ["jugendhilfe", "betreuung", "planung"]
    splitter = CompoundSplitter(vocabulary, load_curated(), STOPWORDS)
    assert set(splitter.split(fold(word))) == parts


def test_no_split_into_unknown_or_stop_words() -> None:
    splitter = CompoundSplitter(["zeit", "rund"], frozenset(), STOPWORDS)
    assert splitter.split("derzeit") == ()  # "der" is a stop word
    assert splitter.split("halle") == ()
    assert splitter.split("beteiligung") == ()
    learned = CompoundSplitter(["kreis", "saale"], frozenset(), STOPWORDS)
    assert learned.split("saalekreis") == ("saale", "kreis")  # learned from the corpus


def test_curated_list_is_folded_and_commented() -> None:
    curated = load_curated()
    assert {"monitoring", "stab", "buero", "traeger"} <= curated
    assert not any(w.startswith("#") for w in curated)


# --------------------------------------------------------------------------
# The index of the test root


def test_compound_parts_are_indexed_below_exact_hits(built: dict[str, Path]) -> None:
    _, index = index_of(built["with"])
    docs = {d: i for i, d in enumerate(index.docnames)}
    postings = dict(index.terms[stem("monitoring")])
    # the planning page has "Monitoring" itself, the monitoring page only inside compounds
    assert postings[docs[PLANUNG]] >= 1
    assert postings[docs[MONITORING]] < 0
    assert rank(index, "Monitoring")[:2] == [PLANUNG, MONITORING]
    # parts of three-part compounds and of glossary terms
    for part in ("jugend", "hilfe"):  # Jugendhilfeplanung
        assert dict(index.terms[stem(part)])[docs[MONITORING]] < 0, part
    assert docs["glossar"] in dict(index.terms[stem("berichterstattung")])
    assert rank(index, "Berichterstattung")[0] in {"glossar", MONITORING}
    _, plain = index_of(built["without"])
    assert docs[MONITORING] not in dict(plain.terms[stem("hilfe")])


def test_exact_word_queries_rank_as_without_splitting(built: dict[str, Path]) -> None:
    _, split = index_of(built["with"])
    _, plain = index_of(built["without"])
    assert split.docnames == plain.docnames
    for key, postings in plain.terms.items():
        assert [p for p in split.terms[key] if p[1] > 0] == postings, key
    for query in EXACT_QUERIES:
        before = rank(plain, query)
        after = rank(split, query)
        assert before, query
        assert after[: len(before)] == before, query


def test_spelling_variants_find_the_same_pages(built: dict[str, Path]) -> None:
    _, index = index_of(built["with"])
    found = rank(index, "Sömmerda")
    assert found[0] == SOEMMERDA
    for variant in ("Soemmerda", "SÖMMERDA", "soemmerda", "So\u0308mmerda"):
        assert rank(index, variant) == found, variant
    assert rank(index, "Strasse") == rank(index, "Straße") == [SOEMMERDA]
    assert rank(index, "Bahnhofstrasse") == [SOEMMERDA]


def test_prefixes_and_several_words(built: dict[str, Path]) -> None:
    _, index = index_of(built["with"])
    assert rank(index, "Bildungsmoni")[0] == MONITORING  # typed only in part
    assert rank(index, "Stabsstelle Sömmerda")[0] == SOEMMERDA
    # no page has both words: pages with one of them
    assert set(rank(index, "Stabsstelle Jugendamt")) >= {SOEMMERDA, PLANUNG}
    assert rank(index, "und der die") == []
    # hyphenated compounds are found written as one word, too
    assert rank(index, "Onlinebefragung") == rank(index, "Online-Befragung") == [PLANUNG]


def test_objects_link_to_their_pages(built: dict[str, Path]) -> None:
    meta, index = index_of(built["with"])
    objects = {
        (kind, name): (index.docnames[doc], anchor)
        for kind, name, doc, anchor, _ in meta["objects"]
    }
    assert objects[("person", "Anna Beispiel")] == ("autoren/anna-beispiel", "")
    assert objects[("issue", "Nr. 1: Erste Ausgabe")] == ("ausgaben/01-erste/index", "")
    # no municipality pages in this root: the page that mentions the place most
    assert objects[("municipality", "Landkreis Sömmerda")] == (SOEMMERDA, "")
    assert objects[("municipality", "Jena")] == (MONITORING, "")
    assert objects[("term", "Stabsstelle")] == ("glossar", "term-Stabsstelle")
    assert objects[("term", "Sozialbericht")] == ("glossar", "term-Sozialbericht")
    descriptions = {name: description for _, name, _, _, description in meta["objects"]}
    assert descriptions["Stabsstelle"].startswith("Eine Organisationseinheit")
    assert meta["kinds"]["person"] == "Person"


def test_author_pages_are_found_as_persons_not_as_text(built: dict[str, Path]) -> None:
    """They repeat the registry and article titles; the person object leads to them."""
    _, index = index_of(built["with"])
    authors = {i for i, doc in enumerate(index.docnames) if doc.startswith("autoren/")}
    assert {"autoren/anna-beispiel", "autoren/index"} <= {index.docnames[i] for i in authors}
    assert not [key for key, postings in index.terms.items() if authors & {d for d, _ in postings}]
    assert rank(index, "Anna Beispiel"), "her articles still name her"


def test_objects_reach_sphinx_inventory(built: dict[str, Path]) -> None:
    import zlib

    raw = (built["with"] / "objects.inv").read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode("utf-8")
    assert "person.anna-beispiel tm:person 1 autoren/anna-beispiel.html" in body
    assert "issue.ausgaben/01-erste/index tm:issue" in body


def test_search_page_loads_our_script_not_the_whole_index(built: dict[str, Path]) -> None:
    page = BeautifulSoup((built["with"] / "search.html").read_text(encoding="utf-8"), "html.parser")
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert "_static/transmit-search.js" in scripts
    assert "_static/transmit-stemmer.js" in scripts
    assert not any("searchindex.js" in s or "searchtools.js" in s for s in scripts)
    assert page.select_one("form.bd-search input[name=q]") is not None
    assert page.select_one("#search-results") is not None
    assert (built["with"] / "_static" / "transmit-search.js").is_file()


def test_sphinx_index_is_off_and_replaced_by_a_stub(built: dict[str, Path]) -> None:
    # the theme loads searchindex.js on every page: it must stay tiny
    stub = (built["with"] / "searchindex.js").read_text(encoding="utf-8")
    assert len(stub) < 400 and "Search.setIndex(" in stub
    start = BeautifulSoup((built["with"] / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = start.select_one("link[rel=search]")
    assert link is not None and link["href"] == "search.html"
    stemmer = (built["with"] / "_static" / "transmit-stemmer.js").read_text(encoding="utf-8")
    assert "window.Stemmer = GermanStemmer;" in stemmer


def test_browser_stemmer_matches_python(built: dict[str, Path], tmp_path: Path) -> None:
    """transmit-stemmer.js (Sphinx's Snowball JS) stems like PyStemmer, word for word."""
    node = shutil.which("node")
    assert node, "node is needed (make node); it runs the browser's stemmer here"
    vocabulary = sorted(
        {w for text in (ROOTS / "test-search").rglob("*.md") for w in words(text.read_text())}
        | {fold(w) for w in ("Sömmerda", "Straße", "Jugendhilfeplanungen", "Häuser", "quälen")}
    )
    script = tmp_path / "stem.js"
    script.write_text(
        (built["with"] / "_static" / "transmit-stemmer.js").read_text(encoding="utf-8")
        + "const s = new window.Stemmer();\n"
        + "const ws = require('fs').readFileSync(0, 'utf8').split('\\n').filter(Boolean);\n"
        + "console.log(JSON.stringify(ws.map((w) => s.stemWord(w))));\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [node, "-e", "globalThis.window = globalThis; require(process.argv[1])", str(script)],
        input="\n".join(vocabulary),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == [stem(w) for w in vocabulary]


def test_script_builds_text_nodes_only() -> None:
    script = (STATIC / "transmit-search.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script
    assert "insertAdjacentHTML" not in script
    assert "document.write" not in script


def test_names_stay_text_in_the_data(built: dict[str, Path]) -> None:
    meta, _ = index_of(built["with"])
    names = [name for _, name, *_ in meta["objects"]]
    assert "<script>alert('name')</script> Eva Böse" in names  # escaped by the script


def test_shards_hold_their_prefix_only(built: dict[str, Path]) -> None:
    meta, _ = index_of(built["with"])
    folder = built["with"] / "_search"
    for prefix, name in meta["shards"].items():
        shard = json.loads((folder / name).read_text(encoding="utf-8"))
        assert all(shard_name(key) == prefix for key in shard)
    for docname, _uri, _title, text in meta["docs"]:
        sections = json.loads((folder / text).read_text(encoding="utf-8"))
        assert isinstance(sections, list), docname
    assert shard_name("über") == "ufc-62"


def test_page_texts_give_excerpts_by_section(built: dict[str, Path]) -> None:
    meta, _ = index_of(built["with"])
    folder = built["with"] / "_search"
    [entry] = [d for d in meta["docs"] if d[0] == MONITORING]
    sections = json.loads((folder / entry[3]).read_text(encoding="utf-8"))
    anchors = [anchor for anchor, _, _ in sections]
    assert anchors[0] == ""
    assert "aufbau" in anchors and "ergebnisse" in anchors
    [ergebnisse] = [text for anchor, _, text in sections if anchor == "ergebnisse"]
    assert ergebnisse == "Die Berichte des Bildungsmonitorings gehen an den Stadtrat."


def test_index_size_reports_gzip_bytes(built: dict[str, Path]) -> None:
    sizes = index_size(built["with"])
    assert sizes["files"] > 5
    assert 0 < sizes["gzip_bytes"] < sizes["bytes"]
    assert sizes["query_max_gzip"] >= sizes["largest_shard_gzip"] + sizes["meta_gzip"]
    assert index_size(built["with"] / "nowhere")["files"] == 0


def test_stored_files_are_every_file_below_the_folder(built: dict[str, Path]) -> None:
    target = built["with"] / "_search"
    expected = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert len(expected) > 5 and any("/" in name for name in expected)
    assert stored_files(target) == expected
    assert stored_files(target / "nowhere") == set()


# --------------------------------------------------------------------------
# Incremental and parallel builds


def test_incremental_build_updates_the_index(make_app: Callable, tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src")
    out = tmp_path / "out"
    app = make_app("html", srcdir=src, builddir=out, freshenv=True)
    app.build()
    _, index = load_index(Path(app.outdir))
    assert rank(index, "Marktplatz") == []
    app.cleanup()
    # precompressed copies, as transmit_site_ui writes them beside each file
    search = Path(app.outdir) / "_search"
    before = {p.relative_to(search).as_posix() for p in search.rglob("*.json")}
    for name in before:
        (search / f"{name}.gz").write_bytes(b"copy")

    page = src / "ausgaben" / "01-erste" / "soemmerda.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("zum\nMarkt", "zum\nMarktplatz"),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, builddir=out, freshenv=False)
    app.build()
    assert app.warning.getvalue() == ""
    written = set(re.findall(r"\[[ \d]+%\] (\S+)", app.status.getvalue()))
    assert MONITORING not in written  # the other pages come from the cache
    _, index = load_index(Path(app.outdir))
    assert rank(index, "Marktplatz") == [SOEMMERDA]
    assert rank(index, "Bildungsmonitoring")[0] == MONITORING
    stale = {p.name for p in (Path(app.outdir) / "_search").rglob("*.json")}
    assert len(stale) == index_size(app.outdir)["files"]
    after = {p.relative_to(search).as_posix() for p in search.rglob("*.json")}
    copies = {p.relative_to(search).as_posix()[:-3] for p in search.rglob("*.gz")}
    assert before - after, "the edited page's text and a shard changed"
    assert copies == (before & after), "copies of kept files stay, of removed files go"
    app.cleanup()


def test_parallel_build_equals_serial_build(make_app: Callable, tmp_path: Path) -> None:
    found = {}
    for jobs in (1, 2):
        src = copy_root(tmp_path / f"src-{jobs}")
        app = make_app("html", srcdir=src, freshenv=True, parallel=jobs)
        app.build()
        assert app.warning.getvalue() == ""
        found[jobs] = load_index(Path(app.outdir))
        app.cleanup()
    assert found[1] == found[2]
