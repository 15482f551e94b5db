"""Cite it, find it, link print and web (``transmit_citation = True`` in ``conf.py``).

* One CSL-JSON record per article and issue (``record.py``, ``model.py``) feeds
  everything: the "Zitieren" block with citations in DIN ISO 690 and APA 7
  (citeproc-py, ``render.py``), the BibTeX/RIS/CSL-JSON downloads
  (``exports.py``), and the Highwire, Dublin Core and JSON-LD metadata of
  article pages (``metadata.py``; written for every article, as before).
* Page numbers come from the built PDF's bookmarks (``print_pages.py``); an
  HTML-only build shows none. The PDF names each article's web address
  (``pdf_address.py``).
* With ``html_baseurl`` set: sitemap.xml, OpenGraph, robots.txt and canonical
  links (``findable.py``); without it no address is written anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.config import add_to_list_setting, public_address
from ..core.domain import get_domain
from ..core.listings import ListingKind, register_listing
from ..core.model import get_registry
from ..print_edition.build import DOWNLOAD_DIR, HTML_BUILDERS, pdf_path_of
from . import findable
from .block import LISTING, block_data, place_block, render_block, write_exports
from .metadata import article_head, issue_head
from .model import authors_of, issue_of, site_record
from .pdf_address import add_web_addresses

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"


def _pdf_url(app: Sphinx, docname: str) -> str:
    article = get_domain(app.env).lookup("article", docname)
    issue = issue_of(app.env, article) if article is not None else None
    base = public_address(app.config)
    if issue is None or not base:
        return ""
    path = pdf_path_of(app.env, issue)
    return f"{base}{DOWNLOAD_DIR}/{path.name}" if path.is_file() else ""


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None or "metatags" not in context:
        return
    domain = get_domain(app.env)
    article = domain.lookup("article", pagename)
    if article is not None:
        record = site_record(app, pagename)
        if record is not None:
            persons = authors_of(app.env, article)
            registry = get_registry(app.env)
            context["metatags"] += article_head(record, registry, persons, _pdf_url(app, pagename))
    elif app.config.transmit_citation and domain.lookup("issue", pagename) is not None:
        record = site_record(app, pagename)
        if record is not None:
            context["metatags"] += issue_head(record)
    if not app.config.transmit_citation or app.builder.name not in HTML_BUILDERS:
        return
    if article is not None or domain.lookup("issue", pagename) is not None:
        app.add_css_file("transmit-citation.css")
        app.add_js_file("transmit-citation.js", loading_method="defer")


def _add_static(app: Sphinx) -> None:
    if app.config.transmit_citation and app.builder.name in HTML_BUILDERS:
        add_to_list_setting(app.config, "html_static_path", str(STATIC))


def setup_citation(app: Sphinx) -> None:
    """The Zitieren block, downloads, head metadata, print pages and findability."""
    register_listing(LISTING, ListingKind(block_data, render_block))
    found = findable.wanted(app)  # sitemap and OpenGraph only with the public address

    def builder_inited(app: Sphinx) -> None:
        _add_static(app)
        if found:
            findable.no_sitemap_for_other_builders(app)

    def page_context(
        app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        if found:
            findable.opengraph_fields(app, pagename, templatename, context, doctree)
        _page_context(app, pagename, templatename, context, doctree)

    def build_finished(app: Sphinx, exception: Exception | None) -> None:
        write_exports(app, exception)
        if found:
            findable.write_robots(app, exception)

    app.connect("builder-inited", builder_inited)
    app.connect("doctree-read", place_block, priority=450)  # after the author boxes (400)
    app.connect("doctree-resolved", add_web_addresses, priority=850)  # before the PDF assembly
    app.connect("html-page-context", page_context, priority=400)  # before OpenGraph (500)
    app.connect("build-finished", build_finished)
    if found:
        findable.load_extensions(app)
