"""Accessible outputs: a tagged PDF/UA edition per issue, an accessible EPUB, print forms.

* ``builder``: ``-b pdfua`` writes ``<print PDF name>-barrierefrei.pdf`` per issue
  through WeasyPrint (``pdf/ua-1``) from a lean print HTML of our own
  (``writer``, ``print.css``); ``cli`` runs it (``make pdfua``) and reports pages
  and seconds.
* ``epub``: the issue EPUB passes epubcheck (navigation paths, identifier,
  unreachable pages) and carries EPUB Accessibility 1.1 metadata.
* ``print_forms``: what the PDFs and EPUB show instead of web-only forms (author
  box, "Druckausgabe" wording) and boxes rst2pdf keeps on one page.
* ``imprint``: the configured publisher fields of the imprint.

Switched on by ``transmit_accessible_edition`` (default off: a project that
only loads ``transmit_kb`` keeps its output).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_accessible_edition(app: Sphinx) -> None:
    """Register the ``pdfua`` builder, the EPUB fixes and the print forms."""
    from .builder import AccessiblePdfBuilder
    from .epub import setup_epub
    from .print_forms import setup_print_forms

    app.add_builder(AccessiblePdfBuilder)
    setup_print_forms(app)
    setup_epub(app)
