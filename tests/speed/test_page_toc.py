"""The page outline built without BeautifulSoup equals the theme's, byte for byte."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydata_sphinx_theme import toctree
from rebuild import build_again, html_pages
from transmit_kb.speed.page_toc import fast_toc_html

THEIRS = getattr(toctree.add_toctree_functions, "__wrapped__", toctree.add_toctree_functions)

NESTED = (
    '<ul>\n<li><a class="reference internal" href="#">Titel</a><ul>\n'
    '<li><a class="reference internal" href="#a">A &amp; B</a><ul>\n'
    '<li><a class="reference internal" href="#c"><code class="docutils literal notranslate">'
    '<span class="pre">x&lt;y</span></code></a></li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n'
)
TWO_TITLES = (
    '<ul>\n<li><a class="reference internal" href="#">Eins</a></li>\n'
    '<li><a class="reference internal" href="#zwei">Zwei</a></li>\n</ul>\n'
)
TITLE_ONLY = '<ul>\n<li><a class="reference internal" href="#">Nur Titel</a></li>\n</ul>\n'
NO_OWN_LINK = (
    '<ul>\n<li><ul>\n<li><a class="reference internal" href="#b">B</a></li>\n</ul>\n</li>\n</ul>\n'
)


def theirs(toc: str, level: int) -> Any:
    context: dict[str, Any] = {"toc": toc, "theme_show_toc_level": level}
    THEIRS(None, "seite", "page.html", context, None)
    return context["generate_toc_html"]()


@pytest.mark.parametrize("toc", [NESTED, TWO_TITLES, TITLE_ONLY, NO_OWN_LINK, ""])
@pytest.mark.parametrize("level", [1, 2, 3])
def test_outline_equals_the_themes(toc: str, level: int) -> None:
    expected = theirs(toc, level)
    made = fast_toc_html(toc, level)
    assert made is not None
    assert str(made) == str(expected)
    # templates ask `{% if page_toc %}` and `page_toc | length >= 1`
    assert bool(made) == bool(expected)
    assert len(made) == len(expected)


def test_classes_follow_the_levels() -> None:
    made = str(fast_toc_html(NESTED, 1))
    assert made.startswith('<ul class="pst-show_toc_level nav section-nav flex-column">')
    assert '<li class="toc-h2 nav-item toc-entry">' in made
    assert '<ul class="nav section-nav flex-column">' in made  # level 3 is beyond 1 + 1
    assert 'class="reference internal nav-link" href="#a">A &amp; B</a>' in made


@pytest.mark.parametrize(
    "toc",
    [
        TITLE_ONLY.replace("Nur Titel", "&quot;Zitat&quot;"),  # BeautifulSoup writes a bare "
        TITLE_ONLY.replace("Nur Titel", "Titel<br/>zweite Zeile"),
        TITLE_ONLY.replace("Nur Titel", "<img src='x.png'>"),
        TITLE_ONLY.replace("<ul>", "<ul><table>"),
        TITLE_ONLY.replace("</li>", ""),  # not well formed
    ],
)
def test_the_theme_builds_anything_else(toc: str) -> None:
    assert fast_toc_html(toc, 2) is None


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_every_page_outline_is_made_fast_and_equal(make_app: Any, app: Any, tmp_path: Path) -> None:
    compared: list[str] = []

    def compare(
        app: Any, pagename: str, templatename: str, context: dict[str, Any], _: Any
    ) -> None:
        if "toc" not in context:
            return
        level = int(context.get("theme_show_toc_level", 1))
        made = fast_toc_html(str(context["toc"]), level)
        assert made is not None, f"{pagename}: outline left to the theme"
        expected = theirs(str(context["toc"]), level)
        assert (str(made), bool(made), len(made)) == (str(expected), bool(expected), len(expected))
        assert context["generate_toc_html"]() is made or str(context["generate_toc_html"]()) == made
        compared.append(pagename)

    app.connect("html-page-context", compare, priority=900)
    app.build()
    assert len(compared) >= 5

    slow_app = build_again(make_app, app, tmp_path / "ohne", transmit_fast_page_toc=False)
    assert html_pages(Path(slow_app.outdir)) == html_pages(Path(app.outdir))
