"""Sphinx extensions of the TransMit plus knowledge base."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the layers: speed, core, then one ``setup_<feature>`` per feature.

    The features are imported here, not with the package: ``transmit-kb
    check`` and the benchmark import single modules of the package and need
    neither Sphinx's application nor the themes.
    """
    from .accessible_edition import setup_accessible_edition
    from .authors.people import setup_authors
    from .case_map import setup_case_map
    from .case_studies.cards import setup_case_studies
    from .citation import setup_citation
    from .core import setup_core
    from .easy_language import setup_easy_language
    from .findability import setup_findability
    from .frontpage import setup_frontpage
    from .issues.pages import setup_issues
    from .legal import setup_legal
    from .print_edition.build import setup_print_edition
    from .search.index import setup_search
    from .site import setup_site
    from .site_ui import setup_site_ui
    from .speed import setup_speed
    from .summary_note import setup_summary_note

    setup_speed(app)  # first: the garbage-collector tuning times the whole build
    setup_core(app)
    setup_issues(app)
    setup_authors(app)
    setup_case_studies(app)
    setup_case_map(app)  # after case_studies: uses its events
    setup_site(app)
    setup_site_ui(app)
    setup_frontpage(app)
    setup_print_edition(app)
    setup_accessible_edition(app)
    setup_citation(app)
    setup_search(app)
    setup_summary_note(app)
    setup_findability(app)
    setup_legal(app)
    setup_easy_language(app)
    return {
        "version": __version__,
        "env_version": 3,  # 2: documents with author boxes are marked; 3: glossaries sorted
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
