"""transmit_kb.site_ui and transmit_kb.frontpage on the small test site.

A project that only loads transmit_kb keeps its theme's output; the toggle
repair follows the book theme; ``transmit_site_ui`` brings the rest.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from transmit_kb.core.frontmatter import IssueMeta
from transmit_kb.frontpage.covers import cover_svg, wrap
from transmit_kb.site_ui.page import shorten

ARTICLE = Path("ausgaben") / "01-erste" / "artikel.html"
BOOK = {"html_theme": "sphinx_book_theme"}
SITE_UI = {**BOOK, "transmit_site_ui": True, "transmit_publisher": {"name": "Testverlag"}}


def _soup(app: Any, page: Path | str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def _assets(soup: BeautifulSoup) -> list[str]:
    links = [tag.get("href", "") for tag in soup.find_all("link")]
    return links + [tag.get("src", "") for tag in soup.find_all("script")]


@pytest.mark.sphinx("html", testroot="basic")
def test_bare_project_keeps_its_theme(app: Any) -> None:
    app.build()
    soup = _soup(app, ARTICLE)
    assets = " ".join(_assets(soup))
    assert "transmit-site.css" not in assets and "transmit-toggles.js" not in assets
    assert soup.select_one("nav.tm-breadcrumbs") is None
    assert soup.find("meta", attrs={"name": "description"}) is None
    assert not (Path(app.outdir) / "_static" / "fonts").exists()
    assert not (Path(app.outdir) / "_static" / "covers").exists()
    assert not list(Path(app.outdir).glob("*.gz"))


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={**BOOK, "transmit_sidebar_toggle_fix": True}
)
def test_book_theme_gets_the_toggle_repair_only(app: Any) -> None:
    app.build()
    soup = _soup(app, ARTICLE)
    assets = " ".join(_assets(soup))
    assert "transmit-toggles.js" in assets
    assert "transmit-site.css" not in assets
    assert soup.select_one("nav.tm-breadcrumbs") is None
    assert soup.select_one("#jb-print-docs-body") is not None  # the theme's layout as it is


@pytest.mark.sphinx("html", testroot="basic", confoverrides=BOOK)
def test_toggle_repair_is_off_unless_configured(app: Any) -> None:
    """A project that only loads the extension keeps its theme as it is (good citizen)."""
    app.build()
    assert "transmit-toggles.js" not in " ".join(_assets(_soup(app, ARTICLE)))


@pytest.mark.sphinx("html", testroot="basic", confoverrides=SITE_UI)
def test_site_ui_head_breadcrumbs_and_footer(app: Any) -> None:
    app.build()
    assert not app.warning.getvalue()
    soup = _soup(app, ARTICLE)
    assert len(soup.find_all("meta", attrs={"name": "viewport"})) == 1
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Kurz gesagt."
    crumbs = [li.get_text() for li in soup.select("nav.tm-breadcrumbs li")]
    assert crumbs == ["Startseite", "Nr. 1", "Praxisbeispiel"]
    assert soup.select_one(".tm-issue-line").get_text() == "Aus Ausgabe Nr. 1: Erste Ausgabe"
    footer = soup.select_one("footer.bd-footer").get_text(" ", strip=True)
    assert footer == "Herausgegeben von Testverlag"
    assert "Copyright" not in soup.get_text()
    assets = " ".join(_assets(soup))
    for unused in ("pygments.css", "searchtools.js", "searchindex.js", "design-tabs.js"):
        assert unused not in assets, unused
    assert soup.select(".bd-sidebar .search-button-field") == []
    # the article once, the book theme's print-only copy of title and contents left out
    assert soup.select("#jb-print-docs-body, .onlyprint") == []
    assert len(soup.select("article.bd-article")) == 1 and len(soup.find_all("h1")) == 1
    assert soup.select_one("#searchbox") is not None  # what pydata's block held stays
    for page in Path(app.outdir).rglob("*.html"):
        if page.parent.name == "_static":
            continue  # the theme ships a template there
        metas = _soup(app, page).find_all("meta", attrs={"name": "description"})
        assert len(metas) == 1 and len(metas[0]["content"]) > 10, page
    search = _soup(app, "search.html").find("meta", attrs={"name": "description"})
    assert search["content"].startswith("Suche \N{EN DASH} aus der Wissensbasis")


@pytest.mark.sphinx("html", testroot="basic", confoverrides=SITE_UI)
def test_site_ui_fonts_covers_minified_and_gzipped(app: Any) -> None:
    app.build()
    out = Path(app.outdir)
    fonts = sorted((out / "_static" / "fonts").glob("*.woff2"))
    assert [f.name for f in fonts] == [
        "source-sans-italic.woff2",
        "source-sans-regular.woff2",
        "source-sans-semibold.woff2",
    ]
    assert all(f.read_bytes()[:4] == b"wOF2" and f.stat().st_size < 30_000 for f in fonts)
    covers = sorted((out / "_static" / "covers").glob("*.svg"))
    assert [c.name for c in covers] == ["transmit-plus-nr-01.svg", "transmit-plus-nr-02.svg"]
    svg = ET.fromstring(covers[0].read_text(encoding="utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}title").text == "Titelbild der Ausgabe Nr. 1: Erste Ausgabe"
    assert "Nr. 1" in [t.text for t in svg.iter(f"{ns}text")]
    alts = [img["alt"] for img in _soup(app, "index.html").select(".tm-issue-card img")]
    assert "Titelbild der Ausgabe Nr. 1: Erste Ausgabe" in alts
    css = (out / "_static" / "transmit-site.css").read_text(encoding="utf-8")
    assert "\n  " not in css and "/*" not in css  # minified
    page = out / ARTICLE
    packed = page.with_name(page.name + ".gz")
    assert gzip.decompress(packed.read_bytes()) == page.read_bytes()


def _issue(title: str) -> IssueMeta:
    return IssueMeta("ausgaben/09-x/index", 9, title, "Reihe \N{EN DASH} Zeile", "Verlag", (), "S.")


def test_cover_text_is_escaped_and_wrapped() -> None:
    svg = cover_svg(_issue("Bildung & <Planung> " + "Wort " * 20))
    root = ET.fromstring(svg)  # well-formed despite & and <
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Nr. 9" in texts and any("Bildung & <Planung>" in t for t in texts)
    assert all(len(line) <= 30 for line in wrap("Wort " * 20, 12))


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("kurz") == "kurz"
    text = shorten("Wort " * 60)
    assert len(text) <= 160 and text.endswith(" …") and "Wor …" not in text


def test_settings_change_per_project_not_sphinx_defaults(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    """Sphinx hands projects without a setting in conf.py one shared default object:
    filling it in place would carry our templates and files into later projects."""
    import copy
    import shutil

    from sphinx.config import Config

    # Sphinx's own settings share one default; the HTML builder's are made per project
    names = [name for name, option in Config.config_values.items() if option.default == []]
    assert "templates_path" in names
    before = {name: copy.deepcopy(Config.config_values[name].default) for name in names}
    for name in ("ours", "bare"):
        shutil.copytree(rootdir / "test-basic", tmp_path / name)
    ours = make_app(
        "html",
        srcdir=tmp_path / "ours",
        confoverrides={**SITE_UI, "transmit_theme_overrides": True},
        freshenv=True,
    )
    ours.build()
    from transmit_kb.site_ui import TEMPLATES

    assert str(TEMPLATES) in ours.config.templates_path
    assert {name: Config.config_values[name].default for name in names} == before
    # the next project in this process, without transmit_site_ui: the theme's layout
    bare = make_app("html", srcdir=tmp_path / "bare", confoverrides=BOOK, freshenv=True)
    bare.build()
    assert str(TEMPLATES) not in bare.config.templates_path
    assert _soup(bare, ARTICLE).select_one("#jb-print-docs-body") is not None
