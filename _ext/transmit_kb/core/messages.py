"""The catalogue of our build warnings.

Every warning has ``type="transmit"`` and one of the subtypes below, so a
project can silence a kind with ``suppress_warnings = ["transmit.<subtype>"]``.
The catalogue is documented in ``docs/warnungen.md``.
"""

from __future__ import annotations

from typing import Any, Literal

from sphinx.util import logging

WarningSubtype = Literal[
    "frontmatter",  # a page's front matter is malformed or incomplete
    "registry",  # a data file in source/_data is malformed
    "issue",  # an issue (Ausgabe) is inconsistent, e.g. a number used twice
    "author",  # an unknown author id or a malformed author directive
    "case_study",  # a case-study card is malformed or refers to unknown data
    "review",  # a case study has not been reviewed for too long
    "listing",  # a listing directive has bad options
    "pdf",  # the print edition could not render something
    "taxonomy",  # a case study's topics differ from its article's
    "offer",  # a nur-wenn-gesetzt block names an unknown configuration value
    "legal",  # the publisher's legal data or the accessibility statement is malformed
    "easy_language",  # a page in Leichte Sprache has a bad review state
    "pdfua",  # the accessible PDF (PDF/UA) could not tag something, e.g. an image without alt
]

SUBTYPES: tuple[str, ...] = WarningSubtype.__args__  # type: ignore[attr-defined]

logger = logging.getLogger("transmit_kb")


def warn(subtype: WarningSubtype, message: str, location: Any) -> None:
    """Log a located content warning of our type and ``subtype``."""
    logger.warning(message, type="transmit", subtype=subtype, location=location)


def file_location(path: str, line: int) -> str:
    """A location for a file that is not a Sphinx document (``path:line``)."""
    return f"{path}:{line}"
