"""The records of the site's articles and issues, built from the ``tm`` domain."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from ..core.config import public_address
from ..core.domain import get_domain
from ..core.frontmatter import ArticleMeta, IssueMeta
from ..core.model import get_registry
from ..core.registry import Person
from .print_pages import issue_pages
from .record import Addresses, PrintPages, Record, article_record, issue_record

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: folder of the HTML output that holds the download files
EXPORT_DIR = "zitieren"


def page_url(app: Sphinx, docname: str) -> str:
    """The public address of a page (``""`` without ``html_baseurl``)."""
    base = public_address(app.config)
    return urljoin(base, app.builder.get_target_uri(docname)) if base else ""


def authors_of(env: BuildEnvironment, article: ArticleMeta) -> list[Person]:
    """The article's authors, in front-matter order."""
    persons = get_registry(env).persons
    return [persons[pid] for pid in dict.fromkeys(article.authors) if pid in persons]


def issue_of(env: BuildEnvironment, article: ArticleMeta) -> IssueMeta | None:
    issue: IssueMeta | None = get_domain(env).lookup("issue", article.issue_docname)
    return issue


def print_pages_of(env: BuildEnvironment, article: ArticleMeta) -> PrintPages | None:
    """Where the article stands in its issue's built PDF (``None`` without a PDF)."""
    issue = issue_of(env, article)
    return issue_pages(env, issue).get(article.docname) if issue is not None else None


def record_of(env: BuildEnvironment, docname: str, page: str = "") -> Record | None:
    """The record of an article or issue page (``page``: its public address, if known)."""
    domain = get_domain(env)
    language = str(env.config.language or "de")
    addresses = Addresses(page=page)
    article: ArticleMeta | None = domain.lookup("article", docname)
    if article is not None:
        issue = issue_of(env, article)
        if issue is None:
            return None
        pages = print_pages_of(env, article)
        return article_record(issue, article, authors_of(env, article), pages, addresses, language)
    issue_meta: IssueMeta | None = domain.lookup("issue", docname)
    if issue_meta is not None:
        return issue_record(issue_meta, addresses, language)
    return None


def site_record(app: Sphinx, docname: str) -> Record | None:
    """:func:`record_of` with the page's public address."""
    return record_of(app.env, docname, page_url(app, docname))
