"""Sphinx extensions of the TransMit plus knowledge base."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register every feature; each module wires its own events.

    The features are imported here, not with the package: ``transmit-kb
    check`` and the benchmark import single modules of the package and need
    neither Sphinx's application nor the themes.
    """
    from .authors import setup_authors
    from .case_studies import setup_case_studies
    from .design_components import setup_design_components
    from .domain import TransmitDomain
    from .findability import setup_findability
    from .frontmatter import setup_frontmatter
    from .gc_pauses import setup_gc_pauses
    from .issues import setup_issues
    from .landmarks import setup_landmarks
    from .listings import setup_listings
    from .navigation import setup_navigation
    from .page_toc import setup_page_toc
    from .page_weight import setup_page_weight
    from .parse_settings import setup_parse_settings
    from .print_edition import setup_print_edition
    from .registry import setup_registry
    from .render_cache import setup_render_cache
    from .search import setup_search
    from .site import setup_site
    from .smart_quotes import setup_smart_quotes
    from .theme_render import setup_theme_render
    from .warm_start import setup_warm_start

    setup_gc_pauses(app)
    setup_parse_settings(app)
    setup_smart_quotes(app)
    setup_design_components(app)
    app.add_domain(TransmitDomain)
    setup_registry(app)
    setup_frontmatter(app)
    setup_landmarks(app)
    setup_listings(app)
    setup_issues(app)
    setup_authors(app)
    setup_case_studies(app)
    setup_site(app)
    setup_navigation(app)
    setup_page_weight(app)
    setup_theme_render(app)
    setup_render_cache(app)
    setup_page_toc(app)
    setup_print_edition(app)
    setup_search(app)
    setup_warm_start(app)
    setup_findability(app)
    return {
        "version": __version__,
        "env_version": 3,  # 2: documents with author boxes are marked; 3: glossaries sorted
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
