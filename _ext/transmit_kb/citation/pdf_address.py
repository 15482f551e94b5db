"""Each article's first page in the PDF names its web address, once ``html_baseurl`` is set."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from docutils import nodes
from sphinx import addnodes

from ..core.config import public_address
from ..core.domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def web_address(app: Sphinx, docname: str) -> str:
    """The address the HTML build gives ``docname`` (``""`` without ``html_baseurl``)."""
    base = public_address(app.config)
    suffix = app.config.html_file_suffix or ".html"
    return urljoin(base, docname + suffix) if base else ""


def add_web_addresses(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under each article's heading in the assembled PDF: "Online: <address>" as a link."""
    if app.builder.name != "pdf" or not app.config.transmit_citation:
        return
    if not public_address(app.config):
        return
    domain = get_domain(app.env)
    for part in doctree.findall(addnodes.start_of_file):
        article = domain.lookup("article", part["docname"])
        section = next((c for c in part.children if isinstance(c, nodes.section)), None)
        if article is None or section is None or not section.children:
            continue
        url = web_address(app, article.docname)
        line = nodes.paragraph("", "Online: ", nodes.reference(url, url, refuri=url))
        section.insert(1, line)  # right after the title
