"""The site: assets, German texts, the sidebar and light pages of the HTML output."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_site(app: Sphinx) -> None:
    """Stylesheet, templates, German texts, the sidebar and page compaction."""
    from .assets import setup_assets
    from .navigation import setup_navigation
    from .page_weight import setup_page_weight

    setup_assets(app)
    setup_navigation(app)
    setup_page_weight(app)
    app.connect("builder-inited", _builder_inited, priority=900)  # after sphinx-design's


def _builder_inited(app: Sphinx) -> None:
    from .assets import add_favicon
    from .page_weight import start

    add_favicon(app)
    start(app)
