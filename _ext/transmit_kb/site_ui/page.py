"""What each page's context gets: a meta description, breadcrumbs, a lean head.

* ``<meta name="description">`` from the front matter (an article's abstract,
  an issue's summary, a page's ``summary``), else the page's first paragraph
  (generated pages open with a generated sentence), else a sentence naming it.
* Breadcrumbs ``Startseite > Nr. 2 (2020) > Beitrag`` from the navigation tree;
  on an article, a line naming its issue, number and year.
* docutils' viewport tag goes (the layout keeps one); ``pygments.css`` and
  sphinx-design's tab script go from pages without code or tabs.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.domain import get_domain
from ..core.frontmatter import ArticleMeta, IssueMeta, PageMeta
from ..site.navigation import NavTree, read_tree

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: the viewport tag docutils' HTML5 writer puts into ``metatags``
DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
DESCRIPTION_LENGTH = 160


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """``text`` on one line, cut at a word boundary with … when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-\N{EN DASH}")
    return cut + " …"


def _first_paragraph(doctree: nodes.document | None) -> str:
    """The first paragraph of running text (not one inside a card, list or field)."""
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        if not isinstance(paragraph.parent, (nodes.section, nodes.document)):
            continue
        text = paragraph.astext().strip()
        if len(text) >= 40:
            return text
    return ""


#: pages Sphinx writes itself, with no title in their context
SPECIAL_PAGES = {"search": "Suche", "genindex": "Stichwortverzeichnis"}


def description(app: Sphinx, pagename: str, title: str, doctree: nodes.document | None) -> str:
    """The page's description: front matter, first paragraph, or a sentence naming it."""
    domain = get_domain(app.env)
    article: ArticleMeta | None = domain.lookup("article", pagename)
    issue: IssueMeta | None = domain.lookup("issue", pagename)
    page: PageMeta | None = domain.lookup("page", pagename)
    text = (
        (article.abstract if article else "")
        or (issue.summary if issue else "")
        or (page.summary if page else "")
        or _first_paragraph(doctree)
    )
    if not text:
        name = title or SPECIAL_PAGES.get(pagename, pagename)
        text = f"{name} \N{EN DASH} aus der Wissensbasis „{app.config.project}“."
    return shorten(text)


def _issue_of(app: Sphinx, pagename: str) -> tuple[IssueMeta | None, ArticleMeta | None]:
    domain = get_domain(app.env)
    article: ArticleMeta | None = domain.lookup("article", pagename)
    issue_doc = article.issue_docname if article else pagename
    return domain.lookup("issue", issue_doc), article


def _issue_label(issue: IssueMeta) -> str:
    year = f" ({issue.published.year})" if issue.published else ""
    return f"Nr. {issue.number}{year}"


def breadcrumbs(app: Sphinx, tree: NavTree, pagename: str) -> str:
    """``<nav>`` with the path from the start page to ``pagename`` (none on the start page)."""
    root = app.config.root_doc
    if pagename == root or pagename not in tree.titles:
        return ""
    chain = [doc for doc in reversed(tree.ancestors(pagename)) if doc != root]
    domain = get_domain(app.env)
    items = [(root, "Startseite")]
    for doc in chain:
        issue: IssueMeta | None = domain.lookup("issue", doc)
        article: ArticleMeta | None = domain.lookup("article", doc)
        if issue is not None:
            label = _issue_label(issue)
        elif article is not None:
            label = article.kind
        else:
            label = tree.plain_titles.get(doc, doc)
        items.append((doc, label))
    parts = []
    for doc, label in items:
        if doc == pagename:
            parts.append(f'<li aria-current="page">{escape(label)}</li>')
        else:
            href = escape(app.builder.get_relative_uri(pagename, doc))
            parts.append(f'<li><a href="{href}">{escape(label)}</a></li>')
    html = f'<nav class="tm-breadcrumbs" aria-label="Brotkrumen"><ol>{"".join(parts)}</ol></nav>'
    issue, article = _issue_of(app, pagename)
    if article is not None and issue is not None:
        href = escape(app.builder.get_relative_uri(pagename, issue.docname))
        year = f" ({issue.published.year})" if issue.published else ""
        html += (
            f'<p class="tm-issue-line">Aus Ausgabe Nr. {issue.number}{escape(year)}: '
            f'<a href="{href}">{escape(issue.title)}</a></p>'
        )
    return html


def _uses(doctree: nodes.document | None, classes: str) -> bool:
    if doctree is None:
        return False
    return any(classes in node.get("classes", ()) for node in doctree.findall(nodes.Element))


def _name(asset: object) -> str:
    """The file name of a ``css_files`` / ``script_files`` entry (an object or a string)."""
    return str(getattr(asset, "filename", asset) or "")


def _drop_unused_assets(context: dict[str, Any], doctree: nodes.document | None) -> None:
    has_code = doctree is not None and any(
        node.get("language") not in (None, "none", "text")
        for node in doctree.findall(nodes.literal_block)
    )
    if not has_code and "css_files" in context:
        context["css_files"][:] = [
            css for css in context["css_files"] if not _name(css).endswith("pygments.css")
        ]
    if not _uses(doctree, "sd-tab-set") and "script_files" in context:
        context["script_files"][:] = [
            js for js in context["script_files"] if not _name(js).endswith("design-tabs.js")
        ]


#: scripts that inline scripts of the page use at once: they stay synchronous
SYNCHRONOUS = ("documentation_options.js",)


def _defer_scripts(context: dict[str, Any]) -> None:
    """Load the script files after parsing, in their order (none of them draws the page)."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    for index, script in enumerate(scripts):
        attributes = getattr(script, "attributes", None)
        name = _name(script)
        if attributes is None or not name or name.endswith(SYNCHRONOUS):
            continue
        if "body" in attributes or "async" in attributes or "defer" in attributes:
            continue
        scripts[index] = type(script)(
            script.filename, priority=script.priority, **{**attributes, "defer": "defer"}
        )


def page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Description, breadcrumbs and a lean head for every page (``transmit_site_ui``)."""
    if not app.config.transmit_site_ui or app.builder.name not in ("html", "dirhtml"):
        return
    metatags = str(context.get("metatags", "")).replace(DOCUTILS_VIEWPORT, "")
    title = re.sub(r"<[^>]+>", "", unescape(str(context.get("title") or "")))
    text = description(app, pagename, title, doctree)
    metatags += f'<meta name="description" content="{escape(text)}" />\n'
    context["metatags"] = metatags
    _drop_unused_assets(context, doctree)
    _defer_scripts(context)
    tree: NavTree | None = getattr(app.builder, "transmit_nav_tree", None)
    if tree is None:
        tree = read_tree(app.env)
        app.builder.transmit_nav_tree = tree  # type: ignore[attr-defined]
    context["transmit_breadcrumbs"] = breadcrumbs(app, tree, pagename)
