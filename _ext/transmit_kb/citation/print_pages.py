"""Where each article stands in its issue's PDF, read from the built PDF's outline.

rst2pdf writes one top-level bookmark per part of the brochure: the issue's
landing page, then each article in table-of-contents order, each starting on a
new page. An article runs from its bookmark's page to the page before the next
one (the last article to the end of the file). The numbers shown are the PDF's
page labels (what the footer prints), the link goes to the page in the file.
Nothing is typed by hand, and a PDF whose bookmarks do not match the articles
(an old PDF after a title was changed) yields no pages at all.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..core.model import model
from .record import PrintPages

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..core.frontmatter import IssueMeta

logger = logging.getLogger(__name__)


def _comparable(title: str) -> str:
    """Letters and digits only, casefolded (quotes and dashes may be typeset)."""
    return re.sub(r"\W+", "", title).casefold()


@functools.lru_cache(maxsize=256)
def _outline(
    path: str, mtime_ns: int, size: int
) -> tuple[tuple[tuple[str, int], ...], tuple[str, ...]]:
    """Top-level bookmarks (title, 0-based page) and page labels of a PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        marks = []
        for item in reader.outline:
            if isinstance(item, list):
                continue  # sub-entries (sections of a part)
            page = reader.get_destination_page_number(item)
            if page is not None:
                marks.append((str(item.title), page))
        return tuple(marks), tuple(reader.page_labels)
    except (PdfReadError, OSError, ValueError, KeyError):
        return (), ()


def pages_in_pdf(pdf: Path, titles: dict[str, str]) -> dict[str, PrintPages]:
    """``docname -> PrintPages`` for the articles ``titles`` (docname -> title, in order)."""
    try:
        stat = pdf.stat()
    except OSError:
        return {}
    marks, labels = _outline(str(pdf), stat.st_mtime_ns, stat.st_size)
    if not marks or not labels:
        return {}
    starts = [page for _, page in marks]
    found: dict[str, PrintPages] = {}
    position = 0
    for docname, title in titles.items():
        wanted = _comparable(title)
        index = next(
            (i for i in range(position, len(marks)) if _comparable(marks[i][0]) == wanted), None
        )
        if index is None:
            logger.info(
                "Zitieren: %s nennt den Beitrag „%s“ nicht; die Seite zeigt keine Seitenzahlen "
                "(das PDF ist älter als die Quellen: make pdf).",
                pdf.name,
                title,
            )
            return {}
        first = starts[index]
        following = [page for page in starts[index + 1 :] if page > first]
        last = following[0] - 1 if following else len(labels) - 1
        found[docname] = PrintPages(labels[first], labels[max(first, last)], first + 1)
        position = index + 1
    return found


def issue_pages(env: BuildEnvironment, issue: IssueMeta) -> dict[str, PrintPages]:
    """The print pages of every article of ``issue`` (empty without its PDF)."""
    from ..issues.pages import articles_of
    from ..print_edition.build import pdf_path_of

    known: dict[str, dict[str, PrintPages]] = model(env).print_pages
    if issue.docname not in known:  # every article and page asks; the PDF is read once
        titles = {article.docname: article.title for article in articles_of(env, issue)}
        known[issue.docname] = pages_in_pdf(pdf_path_of(env, issue), titles)
    return known[issue.docname]
