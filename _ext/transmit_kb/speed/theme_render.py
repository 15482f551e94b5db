"""Render each theme component once per page, not twice.

Before every page, pydata-sphinx-theme renders each component of its header,
sidebars and footer once to find the empty ones and leave them out; the page
template then renders them again. On this site most components can never be
empty (they are unconditional buttons, the logo link, our navigation), and
that trial render cost about 5 ms per page, as much as rendering the page
itself. The theme already skips the trial for its own two slowest components
(``templates_skip_empty_check``); we add the components listed in
``transmit_never_empty_components``. Components that may be empty (the page
outline, the icon links) keep the check.

A test builds the same site with and without the list and compares every
page byte for byte.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .patching import Patch, verified, wrap_once

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PATCH = Patch(
    switch="transmit_theme_render_once",
    replaces=("pydata_sphinx_theme.utils._update_and_remove_templates",),
    verified={"pydata-sphinx-theme": "0.20.0"},
    gain="etwa 5 ms je Seite, so viel wie das Rendern der Seite selbst",
)

#: components that render markup on every page of this site
NEVER_EMPTY = (
    "article-header-buttons.html",  # always holds the theme switcher and search button
    "navbar-logo.html",  # a link to the start page
    "sbt-sidebar-nav.html",  # our navigation (templates/sbt-sidebar-nav.html)
    "search-button-field.html",  # a button
    "toggle-primary-sidebar.html",  # a button (templates/toggle-primary-sidebar.html)
)

_Remove = Callable[..., list[str]]


def _with_known_components(remove: _Remove) -> _Remove:
    @functools.wraps(remove)
    def update_and_remove(
        app: Sphinx,
        context: dict[str, Any],
        templates: list[str] | str,
        section: str,
        templates_skip_empty_check: list[str] | None = None,
    ) -> list[str]:
        on = getattr(app.config, PATCH.switch, False)
        more = getattr(app.config, "transmit_never_empty_components", ())
        known = (*NEVER_EMPTY, *more) if on else ()
        skip = [*(templates_skip_empty_check or ()), *known]
        return remove(app, context, templates, section, skip)

    return update_and_remove


def _install(app: Sphinx) -> None:
    """Wrap the theme's function once per process; each call reads its app's list."""
    try:
        from pydata_sphinx_theme import utils
    except ImportError:
        return
    wrap_once(utils, "_update_and_remove_templates", _with_known_components)


def setup_theme_render(app: Sphinx) -> None:
    """Tell pydata-sphinx-theme which components it need not render on trial."""
    if not verified(app, PATCH):
        return
    app.connect("builder-inited", _install)
