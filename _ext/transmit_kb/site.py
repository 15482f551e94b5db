"""Site-wide HTML assets: our stylesheet, favicon and theme template overrides."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


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


def setup_site(app: Sphinx) -> None:
    """Ship our static files and template overrides with every HTML build."""
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_assets)
