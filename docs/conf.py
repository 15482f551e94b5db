"""Sphinx configuration of the maintainers' guide (``make docs`` → ``_build/docs``).

The guide is its own small project: it documents the knowledge base but does not
load ``transmit_kb``, so its examples are shown, not executed. The examples of
``front-matter.md`` are checked by ``tests/cli/test_cli.py``.
"""

from __future__ import annotations

project = "TransMit plus – Leitfaden für die Redaktion"
author = "Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement"
copyright = "Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement"
language = "de"

extensions = ["myst_parser", "sphinx_design"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

html_theme = "sphinx_book_theme"
html_title = "Leitfaden für die Redaktion"
html_search_language = "de"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "repository_url": "",
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
}
