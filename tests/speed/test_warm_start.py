"""Caches that make one-page rebuilds fast must never show stale output."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rebuild import build_again, html_pages
from transmit_kb.core.yamlsource import YamlError, cached_mapping_list, load_mapping_list
from transmit_kb.speed.warm_start import TEMPLATE_CACHE, StoredOutlines

ROOTS = Path(__file__).parents[1] / "roots"

TEMPLATE = """{%% extends "!page.html" %%}
{%% block body %%}<p class="vorlage">%s</p>{{ super() }}{%% endblock %%}
"""


def test_edited_template_is_compiled_again(make_app: Callable, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    (src / "_templates").mkdir()
    page = src / "_templates" / "page.html"
    page.write_text(TEMPLATE % "Fassung eins", encoding="utf-8")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + 'templates_path = ["_templates"]\n', encoding="utf-8")
    out = tmp_path / "out"

    app = make_app("html", srcdir=src, builddir=out, freshenv=True)
    app.build()
    cache = Path(app.doctreedir) / TEMPLATE_CACHE
    assert any(cache.iterdir()), "compiled templates are kept"
    assert "Fassung eins" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    app.cleanup()

    page.write_text(TEMPLATE % "Fassung zwei", encoding="utf-8")
    app = make_app("html", srcdir=src, builddir=out, freshenv=False)
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "Fassung zwei" in html and "Fassung eins" not in html


def test_cached_registry_parse_follows_the_text(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = "- id: jena\n  name: Jena\n"
    assert cached_mapping_list(first, cache) == load_mapping_list(first)
    assert cached_mapping_list(first, cache)[0].values == {"id": "jena", "name": "Jena"}
    second = "- id: jena\n  name: Jena (Saale)\n- id: halle\n  name: Halle\n"
    entries = cached_mapping_list(second, cache)
    assert [e.values["name"] for e in entries] == ["Jena (Saale)", "Halle"]
    assert entries[1].line_of("name") == 4
    broken = "- id: jena\n  name: [Jena\n"
    for _ in range(2):  # a mistake is reported every time, never remembered
        with pytest.raises(YamlError):
            cached_mapping_list(broken, cache)
    for path in cache.iterdir():
        path.write_bytes(b"kaputt")
    assert cached_mapping_list(second, cache) == entries
    # A cache written by an older layout names a module that is gone: read afresh.
    gone = pickle.dumps(entries, protocol=0).replace(
        b"transmit_kb.core.yamlsource", b"transmit_kb.yamlsource"
    )
    assert b"transmit_kb.yamlsource" in gone
    for path in cache.iterdir():
        path.write_bytes(gone)
    assert cached_mapping_list(second, cache) == entries


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_outlines_unpickled_when_read_change_no_page(
    make_app: Callable, app: Any, tmp_path: Path
) -> None:
    src = Path(app.srcdir)
    stored_dir = Path(app.doctreedir).parent
    app.build()
    plain = build_again(make_app, app, tmp_path / "ohne", transmit_stored_outlines=False)
    assert type(plain.env.tocs) is dict, "switched off, Sphinx's own mapping"

    page = src / "ausgaben" / "01-erste" / "planung.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n## Nachtrag zur Planung\n\nEin neuer Absatz.\n",
        encoding="utf-8",
    )
    again = make_app("html", srcdir=src, builddir=stored_dir)
    loaded: list[tuple[int, int]] = []
    again.connect(
        "env-before-read-docs",
        lambda app, env, docnames: loaded.append((env.tocs.stored(), len(env.tocs))),
    )
    again.build()
    tocs = again.env.tocs
    assert isinstance(tocs, StoredOutlines)
    assert loaded == [(len(again.env.found_docs), len(again.env.found_docs))]
    assert len(tocs) >= 5, "loaded, every outline is still pickled"
    assert "Nachtrag zur Planung" in tocs["ausgaben/01-erste/planung"].astext()

    plain_again = make_app(
        "html",
        srcdir=src,
        builddir=tmp_path / "ohne",
        confoverrides={"transmit_stored_outlines": False},
    )
    plain_again.build()
    pages = html_pages(Path(again.outdir))
    assert pages == html_pages(Path(plain_again.outdir))
    written = pages["ausgaben/01-erste/planung.html"].decode()
    assert 'href="#nachtrag-zur-planung"' in written, "the page's outline has the new section"
