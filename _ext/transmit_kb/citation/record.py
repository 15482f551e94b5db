"""The one CSL-JSON record per article (and per issue) that every output is made from.

Citations (citeproc-py), the BibTeX, RIS and CSL-JSON downloads, the Highwire
and Dublin Core tags and the JSON-LD all read this record; nothing else
assembles bibliographic data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.frontmatter import ArticleMeta, IssueMeta
from ..core.registry import Person
from ..core.text import slugify

#: CSL-JSON of one cited item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)
Record = dict[str, Any]


@dataclass(frozen=True)
class PrintPages:
    """Where an article stands in its issue's PDF.

    ``first``/``last`` are the page numbers printed on the pages (the PDF's page
    labels); ``index`` is the 1-based position of the first page in the file, for
    ``#page=``.
    """

    first: str
    last: str
    index: int

    @property
    def span(self) -> str:
        """``7`` or ``7``, en dash, ``9``."""
        return self.first if self.first == self.last else f"{self.first}\N{EN DASH}{self.last}"


@dataclass(frozen=True)
class Addresses:
    """Public addresses of a page and its issue's PDF; empty when unknown."""

    page: str = ""
    pdf: str = ""


def issue_key(issue: IssueMeta) -> str:
    """``transmit-plus-nr-02``: id of the issue's record, download name of its file
    (the issue and all its articles), prefix of its articles' ids."""
    return f"transmit-plus-nr-{issue.number:02d}"


def article_key(issue: IssueMeta, article: ArticleMeta) -> str:
    """``transmit-plus-nr-02-maurer-soemmerda``: citation key and download name."""
    return f"{issue_key(issue)}-{slugify(article.docname.rsplit('/', 1)[-1])}"


def csl_name(person: Person) -> dict[str, str]:
    """``{"family": …, "given": …}``: the last word of the name is the surname.

    The same rule sorts the author list (``Person.surname_key``).
    """
    words = person.name.split()
    if len(words) < 2:
        return {"literal": person.name}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def _issued(issue: IssueMeta) -> dict[str, Any]:
    if issue.published is None:
        return {}
    date = issue.published
    return {"issued": {"date-parts": [[date.year, date.month, date.day]]}}


def article_record(
    issue: IssueMeta,
    article: ArticleMeta,
    persons: list[Person],
    pages: PrintPages | None = None,
    addresses: Addresses = Addresses(),
    language: str = "de",
) -> Record:
    """The CSL-JSON record of one article."""
    record: Record = {
        "id": article_key(issue, article),
        "type": "article-journal",
        "title": article.title,
        "container-title": issue.series,
        "issue": str(issue.number),
        "publisher": issue.publisher,
        "language": language,
        "abstract": article.abstract,
        **_issued(issue),
    }
    if persons:
        record["author"] = [csl_name(person) for person in persons]
    if pages is not None:
        record["page"] = f"{pages.first}-{pages.last}" if pages.first != pages.last else pages.first
    if addresses.page:
        record["URL"] = addresses.page
    return record


def issue_record(
    issue: IssueMeta, addresses: Addresses = Addresses(), language: str = "de"
) -> Record:
    """The CSL-JSON record of a whole issue (cited on its landing page)."""
    record: Record = {
        "id": issue_key(issue),
        "type": "book",  # a brochure of the series, edited by its publisher
        "title": issue.title,
        "editor": [{"literal": issue.publisher}],
        "collection-title": issue.series,
        "collection-number": str(issue.number),
        "publisher": issue.publisher,
        "language": language,
        "abstract": issue.summary,
        **_issued(issue),
    }
    if addresses.page:
        record["URL"] = addresses.page
    return record


def year(record: Record) -> int | None:
    """The year of ``issued``, if known."""
    parts = record.get("issued", {}).get("date-parts") or [[]]
    return int(parts[0][0]) if parts[0] else None


def page_range(record: Record) -> tuple[str, str]:
    """``("7", "9")`` from ``page`` (empty strings when unknown)."""
    page = str(record.get("page", ""))
    if not page:
        return "", ""
    first, _, last = page.partition("-")
    return first, last or first


def author_names(record: Record) -> list[str]:
    """Display names (``Given Family``) of the record's authors."""
    names = []
    for name in record.get("author", []):
        names.append(name.get("literal") or f"{name.get('given', '')} {name['family']}".strip())
    return names
