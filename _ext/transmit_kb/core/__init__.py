"""The core: the typed model every feature and ``transmit-kb check`` ask.

Front matter, registries, the ``tm`` domain with its stores, listings, the
objects' page paths, shared nodes and the warning catalogue. The core
imports no feature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_core(app: Sphinx) -> None:
    """Every config value, the domain, the registries, front matter, listings, box node."""
    from .config import register
    from .domain import TransmitDomain
    from .frontmatter import setup_frontmatter
    from .landmarks import setup_landmarks
    from .listings import setup_listings
    from .model import load_registries

    register(app)
    app.add_domain(TransmitDomain)
    app.connect("builder-inited", load_registries, priority=100)
    setup_frontmatter(app)
    setup_landmarks(app)
    setup_listings(app)
