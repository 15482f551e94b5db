"""Being found: sitemap.xml (sphinx-sitemap), OpenGraph (sphinxext-opengraph), robots.txt.

All of it needs the public address (``html_baseurl``): without it neither
extension is loaded and no file names an address. Canonical links come from
Sphinx itself once ``html_baseurl`` is set. OpenGraph's social cards are off
(they draw images with matplotlib and fonts); titles and descriptions are
passed to it escaped, from the front matter where there is one.
"""

from __future__ import annotations

import contextlib
import html
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.config import public_address
from ..core.domain import get_domain
from ..print_edition.build import HTML_BUILDERS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

EXTENSIONS = ("sphinx_sitemap", "sphinxext.opengraph")
#: pages that are tools, not content
SITEMAP_EXCLUDES = ["search.html", "genindex.html"]


def wanted(app: Sphinx) -> bool:
    """Whether the feature is on and the public address known (read during setup)."""
    return bool(app.config.transmit_citation and public_address(app.config))


def load_extensions(app: Sphinx) -> None:
    """Load sitemap and OpenGraph (only when :func:`wanted`)."""
    for name in EXTENSIONS:
        # sphinxext-opengraph prints a note about matplotlib (social cards) on import
        with contextlib.redirect_stdout(io.StringIO()):
            app.setup_extension(name)
    app.connect("config-inited", configure)


def configure(app: Sphinx, config: Config) -> None:
    base = public_address(config)
    if config.sitemap_url_scheme == "{lang}{version}{link}":
        config.sitemap_url_scheme = "{link}"  # one language, one version: no /de/ in paths
    if not config.sitemap_excludes:
        config.sitemap_excludes = list(SITEMAP_EXCLUDES)
    if not config.ogp_site_url:
        config.ogp_site_url = base
    if config.ogp_social_cards is None:
        config.ogp_social_cards = {"enable": False}
    config.ogp_enable_meta_description = False  # the page's own description is kept


def no_sitemap_for_other_builders(app: Sphinx) -> None:
    # EPUB pages pass through html-page-context too; their sitemap would name the
    # EPUB's files as web pages. With every page excluded, sphinx-sitemap writes nothing.
    if app.builder.name not in HTML_BUILDERS:
        app.config.sitemap_excludes = ["*"]


def opengraph_fields(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """og:title, og:description and og:type, escaped, for OpenGraph to write."""
    if doctree is None or app.builder.name not in HTML_BUILDERS:
        return
    domain = get_domain(app.env)
    fields = dict(context.get("meta") or {})
    title = ""
    description = ""
    article = domain.lookup("article", pagename)
    issue = domain.lookup("issue", pagename)
    page = domain.lookup("page", pagename)
    if article is not None:
        title, description = article.title, article.abstract
        fields["og:type"] = "article"
    elif issue is not None:
        title, description = issue.title, issue.summary
    elif page is not None:
        title, description = page.title, page.summary
    if title:
        fields["og:title"] = html.escape(" ".join(title.split()), quote=False)
    if description:
        fields["og:description"] = html.escape(" ".join(description.split()), quote=False)
    fields.setdefault("og:locale", "de_DE")
    context["meta"] = fields


def robots_txt(base: str) -> str:
    """Allow everything and name the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"


def write_robots(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    base = public_address(app.config)
    if base:
        (Path(app.builder.outdir) / "robots.txt").write_text(robots_txt(base), encoding="utf-8")
