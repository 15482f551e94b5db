"""Site-wide HTML assets: our stylesheet, favicon, theme template overrides, German texts.

Each is switched on by configuration (``transmit_theme_overrides``,
``transmit_german_texts``); a project that only loads the extension keeps
its theme as it is.

Sphinx's German catalogue lacks a few texts (the permalinks' "Link to this
heading" …) and the themes hard-code some English labels; ``locale/`` and the
template overrides give every one of them a German text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx import locale

from ..core.config import add_to_list_setting, own_dict_setting
from ..core.domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
LOCALE = Path(__file__).parent / "locale"
#: the themes' search field says "Search..." unless told otherwise
SEARCH_BAR_TEXT = "Suchen …"
PYDATA_THEMES = ("sphinx_book_theme", "pydata_sphinx_theme")


def _has_content(env: BuildEnvironment) -> bool:
    """Whether the project uses our content model (issues, articles, boxes, cards)."""
    stores = get_domain(env).data
    return any(stores.get(name) for name in ("issue", "article", "case_studies", "author_boxes"))


def add_favicon(app: Sphinx) -> None:
    config = app.config
    if app.builder.format == "html" and config.transmit_theme_overrides and not config.html_favicon:
        app.config.html_favicon = str(STATIC / "favicon.svg")


def _add_assets(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Our static files and stylesheet, for a site that switched them on or has our content."""
    config = app.config
    wanted = config.transmit_theme_overrides or config.transmit_search or _has_content(env)
    if app.builder.format == "html" and wanted and str(STATIC) not in config.html_static_path:
        add_to_list_setting(config, "html_static_path", str(STATIC))
        app.add_css_file("transmit.css")
    return []


def _configure(app: Sphinx, config: Config) -> None:
    """Template overrides and German texts, where switched on."""
    _add_templates(app, config)
    _german_texts(app, config)


def _add_templates(app: Sphinx, config: Config) -> None:
    if not config.transmit_theme_overrides:
        return
    # First in the search path, so that our overrides of theme components
    # (accessibility fixes) win over the themes' own "components" folders.
    # Must happen before the builder creates its template loader.
    add_to_list_setting(config, "templates_path", str(TEMPLATES), first=True)


def _german_texts(app: Sphinx, config: Config) -> None:
    if not config.transmit_german_texts or not str(config.language or "").startswith("de"):
        return
    # behind Sphinx's own catalogue: only texts it lacks come from ours
    locale.init([LOCALE], config.language)
    if config.html_theme in PYDATA_THEMES:  # other themes reject the option
        options = own_dict_setting(config, "html_theme_options")
        options.setdefault("search_bar_text", SEARCH_BAR_TEXT)


def setup_assets(app: Sphinx) -> None:
    """Our stylesheet, favicon and template overrides, and German texts, when switched on."""
    app.connect("config-inited", _configure)
    app.connect("env-updated", _add_assets)
    # add_favicon runs from site's builder-inited listener (one listener per event)
