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
    """The domain, the registries, front matter, listings and the labelled box node."""
    from .domain import TransmitDomain
    from .frontmatter import setup_frontmatter
    from .landmarks import setup_landmarks
    from .listings import setup_listings
    from .registry import setup_registry

    app.add_domain(TransmitDomain)
    setup_registry(app)
    setup_frontmatter(app)
    setup_landmarks(app)
    setup_listings(app)
