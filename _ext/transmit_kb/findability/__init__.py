"""Findability: one taxonomy, no dead ends, a glossary with an A-Z list, clean search fields.

Switched on by ``transmit_findability = True`` (default off, so a project that
only loads ``transmit_kb`` keeps its output):

* :mod:`.offers` - ``:::{nur-wenn-gesetzt} transmit_order_url``: a sentence that
  promises ordering, a form or a download is rendered only when the configured
  address exists (the directive is always known, so pages parse either way).
* :mod:`.taxonomy` - a case study's topics are checked against its article's
  (``transmit.taxonomy`` warning at the card); overview pages of states,
  municipalities and topics are generated only where something is listed.
* :mod:`.glossary` - glossaries sorted in German order (Ä with A) with an A-Z
  jump list.
* ``templates/components`` - the theme's search field without the invalid
  ``autocorrect`` attribute and the site name inside a landmark;
  ``static/transmit-find.css`` keeps the magnifier off the query's first letter.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.config import add_to_list_setting

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).parent
#: the theme includes its search field as "../components/search-field.html":
#: relative to this folder that is our override
COMPONENTS = HERE / "templates" / "components"
STATIC = HERE / "static"


def enabled(config: Config) -> bool:
    """Whether the project switched findability on."""
    return bool(getattr(config, "transmit_findability", False))


def _add_templates(app: Sphinx, config: Config) -> None:
    if enabled(config):
        add_to_list_setting(config, "templates_path", str(COMPONENTS), first=True)


def _add_assets(app: Sphinx) -> None:
    if not enabled(app.config) or app.builder.format != "html":
        return
    add_to_list_setting(app.config, "html_static_path", str(STATIC))
    app.add_css_file("transmit-find.css")


def setup_findability(app: Sphinx) -> None:
    """Register the findability features (see the module docstring)."""
    from .glossary import setup_glossary
    from .offers import setup_offers
    from .taxonomy import setup_taxonomy

    # transmit_findability is declared in core.config (Settings), like every value
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_assets)
    setup_offers(app)
    setup_taxonomy(app)
    setup_glossary(app)
