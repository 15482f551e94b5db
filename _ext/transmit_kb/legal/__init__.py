"""Legal pages of a public body: Impressum, Datenschutz, Erklärung zur Barrierefreiheit.

* :mod:`.fields`: the typed ``transmit_publisher`` block (no Sphinx needed);
* :mod:`.pages`: directives, marked gaps, footer links (Sphinx);
* :mod:`.statement`: the accessibility statement from the build's own facts;
* :mod:`.feedback`: the prepared ``mailto:`` for barriers;
* :mod:`.release`: ``transmit-kb check --release``.

``transmit-kb check`` imports :mod:`.release` without Sphinx's application,
so this package imports its Sphinx parts only in :func:`setup_legal`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_legal(app: Sphinx) -> None:
    """Config values, directives, the statement and the footer links (docs/rechtliches.md)."""
    from .pages import setup_pages

    setup_pages(app)
