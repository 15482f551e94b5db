"""Site-wide HTML assets: our stylesheet, favicon, theme template overrides, German texts.

Sphinx's German catalogue lacks a few texts (the permalinks' "Link to this
heading" …) and the themes hard-code some English labels; ``locale/`` and the
template overrides give every one of them a German text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx import locale

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
LOCALE = Path(__file__).parent / "locale"
#: the themes' search field says "Search..." unless told otherwise
SEARCH_BAR_TEXT = "Suchen …"
PYDATA_THEMES = ("sphinx_book_theme", "pydata_sphinx_theme")


def _add_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("transmit.css")
    if not app.config.html_favicon:
        app.config.html_favicon = str(STATIC / "favicon.svg")


def _add_templates(app: Sphinx, config: Config) -> None:
    # First in the search path, so that our overrides of theme components
    # (accessibility fixes) win over the themes' own "components" folders.
    # Must happen before the builder creates its template loader.
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))


def _german_texts(app: Sphinx, config: Config) -> None:
    if not str(config.language or "").startswith("de"):
        return
    # behind Sphinx's own catalogue: only texts it lacks come from ours
    locale.init([LOCALE], config.language)
    if config.html_theme in PYDATA_THEMES:  # other themes reject the option
        config.html_theme_options.setdefault("search_bar_text", SEARCH_BAR_TEXT)


def setup_assets(app: Sphinx) -> None:
    """Ship our static files, template overrides and German texts with every build."""
    app.connect("config-inited", _add_templates)
    app.connect("config-inited", _german_texts)
    app.connect("builder-inited", _add_assets)
