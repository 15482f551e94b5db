"""Light pages: the Font Awesome subset and the purged theme stylesheets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from transmit_kb.site.page_weight import (
    BOOTSTRAP_SUBSET,
    BOOTSTRAP_VERIFIED,
    CACHE_FOLDER,
    ICONS,
    bootstrap_replaceable,
    extract_icons,
    purge_css,
    site_files,
    theme_fontawesome,
    used_tokens,
)


def test_purge_drops_rules_whose_classes_occur_nowhere() -> None:
    css = (
        ".used{color:red}.unused{color:blue}.used .unused{x:y}"
        "a:not(.unused){z:1}.used:is(.a,.b){w:2}"
        "@media (min-width:10px){.unused{a:b}.used{c:d}}"
        '@font-face{font-family:"Font Awesome 6 Free";src:url(x.woff2)}'
        "@font-face{font-family:Plex;src:url(y.woff2)}"
        ":root{--v:1}"
    )
    purged = purge_css(css, {"used"})
    assert ".used{color:red}" in purged
    assert ".unused{color:blue}" not in purged
    assert ".used .unused" not in purged
    assert "a:not(.unused){z:1}" in purged
    assert ".used:is(.a,.b){w:2}" in purged
    assert "@media (min-width:10px){.used{c:d}}" in purged
    assert "Font Awesome" not in purged
    assert "Plex" in purged
    assert ":root{--v:1}" in purged


def test_every_listed_icon_is_found_in_the_theme_script() -> None:
    icons = extract_icons(theme_fontawesome().read_text(encoding="utf-8"), ICONS)
    assert sorted(icons) == sorted(ICONS)
    for width, height, path in icons.values():
        assert isinstance(width, int) and isinstance(height, int)
        assert str(path).startswith("M")


def test_icons_are_found_by_their_exact_name_only() -> None:
    script = (
        'p("fa",{});p("far",{xhome:[1,1,[],"f000","FALSCH"],home:[10,20,[],"f015","M0 0"],'
        '"arrow-up":[5,6,[],"f062","M1 1"],"x-arrow-upx":[7,7,[],"f063","FALSCH"]});p("fas",{})'
    )
    assert extract_icons(script, ["home", "arrow-up", "missing"]) == {
        "home": [10, 20, "M0 0"],
        "arrow-up": [5, 6, "M1 1"],
    }


def test_site_uses_only_icons_of_the_subset(built_site: Path) -> None:
    used: set[str] = set()
    modifiers = {"solid", "regular", "brands", "lg", "fw", "xs", "sm", "xl", "2x"}
    for page in built_site.rglob("*.html"):
        for classes in re.findall(r'class="([^"]*)"', page.read_text(encoding="utf-8")):
            used.update(c[3:] for c in classes.split() if c.startswith("fa-"))
    assert used - modifiers, "the site should show some icons"
    assert used - modifiers <= set(ICONS)


def test_built_assets_are_small(built_site: Path) -> None:
    static = built_site / "_static"
    assert (static / "scripts" / "fontawesome.js").stat().st_size < 20_000
    assert (static / "styles" / "pydata-sphinx-theme.css").stat().st_size < 150_000
    assert "woff2" not in (static / "styles" / "pydata-sphinx-theme.css").read_text()
    bootstrap = (static / "scripts" / "bootstrap.js").read_text(encoding="utf-8")
    assert len(bootstrap) < 10_000 and "Not Bootstrap: transmit_kb" in bootstrap
    css = (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert ".carousel" not in css and ".offcanvas" not in css  # kept alive by Bootstrap only
    assert ".tooltip-inner" in css and ".dropdown-menu.show" in css  # the stand-in uses them


THEME = BOOTSTRAP_VERIFIED[1]


@pytest.mark.parametrize(
    ("tokens", "version", "replaceable"),
    [
        ({"data-bs-toggle=tooltip", "data-bs-toggle=dropdown", "btn"}, THEME, True),
        ({"btn"}, THEME, True),
        ({"data-bs-toggle=tooltip"}, "0.16.1", False),  # another theme version
        ({"data-bs-toggle=tooltip", "data-bs-toggle=collapse"}, THEME, False),
        ({"data-bs-toggle=modal"}, THEME, False),
        ({"data-bs-toggle=tooltip", "pst-collapse-sidebar-label"}, THEME, False),
    ],
)
def test_bootstrap_is_replaced_only_where_the_stand_in_covers_every_use(
    tokens: set[str], version: str, replaceable: bool
) -> None:
    assert bootstrap_replaceable(tokens, version) is replaceable


def test_pages_name_their_bootstrap_components_among_their_tokens(tmp_path: Path) -> None:
    site = tmp_path / "html"
    (site / "_static").mkdir(parents=True)
    (site / "a.html").write_text(
        '<div class="dropdown" data-bs-toggle="tooltip"><button data-bs-toggle="dropdown">',
        encoding="utf-8",
    )
    (site / "_static" / "app.js").write_text('x = "data-bs-toggle=modal"', encoding="utf-8")
    tokens = used_tokens(site)
    assert {"dropdown", "data-bs-toggle=tooltip", "data-bs-toggle=dropdown"} <= tokens
    assert "data-bs-toggle=modal" not in tokens  # words of scripts never hold "="


def test_the_stand_in_names_the_classes_it_sets() -> None:
    """The purge keeps the rules of classes named in a script: the stand-in names its own."""
    script = BOOTSTRAP_SUBSET.read_text(encoding="utf-8")
    for name in ("show", "tooltip", "tooltip-inner", "fade", "dropdown-menu", "dropdown-item"):
        assert re.search(rf"\b{name}\b", script), name


def test_incremental_builds_keep_assets_light_and_follow_new_classes(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    from conftest import GENERATED, SOURCE

    src = tmp_path / "source"
    shutil.copytree(SOURCE, src, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    for generated in GENERATED:
        shutil.rmtree(src / generated, ignore_errors=True)
    out = tmp_path / "html"
    sphinx = [str(Path(sys.executable).parent / "sphinx-build"), "-q", "-b", "html"]

    def build() -> tuple[str, int]:
        subprocess.run([*sphinx, str(src), str(out)], check=True, capture_output=True)
        css = (out / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
        icons = (out / "_static/scripts/fontawesome.js").stat().st_size
        return css, icons

    first_css, first_icons = build()
    assert ".seealso" not in first_css  # no page uses it yet
    cache = out / ".doctrees" / CACHE_FOLDER
    shrunk = {p.name for p in cache.iterdir()}
    glossary = src / "glossar.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nEin Satz mehr.\n", "utf-8")
    assert build() == (first_css, first_icons)
    # the first rebuild after a fresh one finds every shrunk asset in the cache
    assert {p.name for p in cache.iterdir()} == shrunk
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "\n:::{seealso}\nSiehe auch.\n:::\n",
        encoding="utf-8",
    )
    second_css, second_icons = build()
    assert ".seealso" in second_css  # the new class's rules are back
    assert len(second_css) < 200_000 and second_icons == first_icons < 100_000
    assert build() == (second_css, second_icons)  # unchanged rebuild: same light assets


def test_used_tokens_follow_changed_added_and_removed_files(tmp_path: Path) -> None:
    """The per-file cache of an incremental build never hides a change."""
    site, cache = tmp_path / "html", tmp_path / "tokens.json"
    (site / "_static").mkdir(parents=True)
    (site / "a.html").write_text('<p class="eins zwei">', encoding="utf-8")
    (site / "b.html").write_text('<p class="drei">', encoding="utf-8")
    (site / "_static" / "app.js").write_text("el.classList.add('vier')", encoding="utf-8")
    first = used_tokens(site, cache)
    assert {"eins", "zwei", "drei", "vier"} <= first
    assert first == used_tokens(site)  # the same as without a cache
    (site / "a.html").write_text('<p class="eins fuenf-neu">', encoding="utf-8")
    (site / "b.html").unlink()
    (site / "c.html").write_text('<p class="sechs">', encoding="utf-8")
    second = used_tokens(site, cache)
    assert {"eins", "fuenf-neu", "sechs", "vier"} <= second
    assert not {"zwei", "drei"} & second
    assert second == used_tokens(site)
    cache.write_text("{kaputt", encoding="utf-8")
    assert used_tokens(site, cache) == second


def test_site_files_are_the_pages_and_the_static_scripts(tmp_path: Path) -> None:
    """The same files as ``rglob`` finds, named relative to the site."""
    site = tmp_path / "html"
    for name in [
        "index.html",
        "a/b/seite.html",
        "_static/app.js",
        "_static/scripts/tief.js",
        "_static/stil.css",
        "a/skript.js",  # a script outside _static is not the theme's
        "_search/x/1.json",
    ]:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x" * len(name), encoding="utf-8")
    (site / "ordner.html").mkdir()  # a folder with a page's name is no page
    found = dict(site_files(site))
    expected = [*site.rglob("*.html"), *(site / "_static").rglob("*.js")]
    assert sorted(found) == sorted(p.relative_to(site).as_posix() for p in expected if p.is_file())
    assert sorted(found) == [
        "_static/app.js",
        "_static/scripts/tief.js",
        "a/b/seite.html",
        "index.html",
    ]
    assert found["a/b/seite.html"].st_size == len("a/b/seite.html")


def test_compact_html_keeps_verbatim_elements_and_drops_indentation() -> None:
    from transmit_kb.site.page_weight import compact_html

    html = (
        "<div>\n    <p>Ein <em>Satz</em> <strong>hier</strong></p>\n    <!-- weg -->\n"
        "    <pre>  Code\n      eingerückt  </pre>\n"
        '    <script>if (a > b) {\n  x = "> <";\n}</script>\n'
        "    <textarea>\n  frei\n</textarea>\n  <!--[if IE]>bleibt<![endif]-->\n</div>"
    )
    compact = compact_html(html)
    assert "<pre>  Code\n      eingerückt  </pre>" in compact
    assert '<script>if (a > b) {\n  x = "> <";\n}</script>' in compact
    assert "<textarea>\n  frei\n</textarea>" in compact
    assert "weg" not in compact and "<!--[if IE]>bleibt" in compact
    assert "<em>Satz</em> <strong>hier</strong>" in compact  # the space between stays one
    assert "\n    <" not in compact


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"transmit_compact_pages": False})
def test_compacting_a_theme_page_changes_no_text_and_no_element(app: Any) -> None:
    from bs4 import BeautifulSoup
    from transmit_kb.site.page_weight import compact_html

    app.build()
    page = Path(app.outdir) / "ausgaben" / "01-erste" / "artikel.html"
    raw = page.read_text(encoding="utf-8")
    compact = compact_html(raw)
    assert len(compact) < len(raw) * 0.97
    before, after = BeautifulSoup(raw, "html.parser"), BeautifulSoup(compact, "html.parser")
    assert " ".join(before.get_text().split()) == " ".join(after.get_text().split())
    assert [t.name for t in before.find_all(True)] == [t.name for t in after.find_all(True)]
    assert [str(s) for s in before.find_all("script")] == [str(s) for s in after.find_all("script")]


@pytest.mark.sphinx("html", testroot="search")
def test_stylesheets_parsed_in_a_second_process_are_purged_like_in_one(
    make_app: Any, app_params: Any, tmp_path: Path
) -> None:
    from transmit_kb.core.model import model
    from transmit_kb.site.page_weight import PURGED, _static_source

    args, kwargs = app_params
    app = make_app(*args, **{**kwargs, "builddir": tmp_path / "frisch", "freshenv": True})
    sources = {name: _static_source(app, name) for name in PURGED}
    assert "pydata_sphinx_theme" in str(sources["styles/pydata-sphinx-theme.css"])
    assert "sphinx_design" in str(sources["sphinx-design.min.css"])
    app.build()
    jobs = model(app.env).css_jobs
    assert set(jobs) == set(PURGED), "a fresh build parses both stylesheets on the side"
    outdir = Path(app.outdir)
    tokens = used_tokens(outdir)
    for name, source in sources.items():
        assert source is not None
        original = source.read_text(encoding="utf-8")
        assert jobs[name][0] == original and jobs[name][1].done()
        written = (outdir / "_static" / name).read_text(encoding="utf-8")
        assert written == purge_css(original, tokens)
        assert len(written) < len(original)


def _compact_reference(html: str) -> str:
    """The rule of :func:`compact_html` written as one plain pass, to compare against."""
    import re

    def one(match: re.Match[str]) -> str:
        if match["keep"] is not None:
            return match["keep"]
        if match["comment"] is not None:
            return ""
        return "\n" if "\n" in match["space"] else " "

    return re.sub(
        r"(?P<keep><(pre|textarea|script|style)\b.*?</\2\s*>)"
        r"|(?P<comment><!--(?!\[if).*?-->)"
        r"|(?<=>)(?P<space>[ \t\r\n]+)(?=<)",
        one,
        html,
        flags=re.DOTALL | re.IGNORECASE,
    )


@pytest.mark.parametrize(
    "html",
    [
        "<p>a</p>  <!-- x -->\n  <pre> b </pre>\t<div> </div>",
        "<script>\n</script>\n\n<style> p { } </style> <PRE>\n</PRE>\r\n<p></p>",
        "<div><!-- <pre> --> <pre>\n</pre><!--[if IE]> <![endif]-->   <p>x</p></div>",
        "<p>ohne Verbatim</p>\n   \n<p>zwei</p><p>drei</p> \t <br/>",
        "<p>ein \x01 Zeichen</p>\n  <p>und \x00</p>",
    ],
)
def test_compact_html_follows_the_one_pass_rule(html: str) -> None:
    from transmit_kb.site.page_weight import compact_html

    assert compact_html(html) == _compact_reference(html)


def test_compact_html_leaves_a_page_holding_its_stand_ins_alone() -> None:
    from transmit_kb.site.page_weight import compact_html

    page = "<p>a</p>\n  <\x01>\n  <p>b</p>"
    assert compact_html(page) == page
