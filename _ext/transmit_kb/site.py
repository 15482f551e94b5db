"""Site-wide HTML assets: our stylesheet and favicon, for HTML builders only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"


def _add_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("transmit.css")
    if not app.config.html_favicon:
        app.config.html_favicon = str(STATIC / "favicon.svg")


def setup_site(app: Sphinx) -> None:
    """Ship our static files with every HTML build."""
    app.connect("builder-inited", _add_assets)
