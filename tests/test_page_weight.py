"""Light pages: the Font Awesome subset and the purged theme stylesheets."""

from __future__ import annotations

import re
from pathlib import Path

from transmit_kb.page_weight import ICONS, extract_icons, purge_css, theme_fontawesome


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
