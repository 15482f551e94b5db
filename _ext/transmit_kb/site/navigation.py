"""The primary sidebar: every top-level entry, and only the current branch opened.

sphinx-book-theme renders the whole site's navigation into every page and
parses it again with BeautifulSoup, so a build grows with the square of its
page count. Here the tree is read once per build from the start page's
toctrees and each page gets a small list: the captions with their entries,
and below the entry the reader is in, its pages (down to the current one).
Long lists stay short (the issues beyond the newest, the author pages
beyond those around the current one); every page stays reachable: the start
page lists every issue, an issue page its articles, the author index its people.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from ..core.model import model

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

TOGGLE = (
    '<summary aria-label="Unterseiten anzeigen oder verbergen">'
    '<span class="toctree-toggle" role="presentation">'
    '<i class="fa-solid fa-chevron-down"></i></span></summary>'
)


@dataclass
class NavTree:
    """The site's navigation, read once per build."""

    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    children: dict[str, list[str]] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    plain_titles: dict[str, str] = field(default_factory=dict)

    def ancestors(self, docname: str) -> list[str]:
        """``docname`` and the pages above it, nearest first."""
        chain = [docname]
        while chain[-1] in self.parent and self.parent[chain[-1]] not in chain:
            chain.append(self.parent[chain[-1]])
        return chain


def read_tree(env: BuildEnvironment) -> NavTree:
    """The start page's toctrees and, below them, every page's own toctree children."""
    tree = NavTree()
    root = env.config.root_doc
    for node in env.get_doctree(root).findall(addnodes.toctree):
        docs = [ref for _, ref in node["entries"] if ref in env.all_docs]
        tree.sections.append((node.get("caption") or "", docs))
    for docname, included in env.toctree_includes.items():
        kids = [child for child in included if child in env.all_docs]
        tree.children[docname] = kids
        if docname == root:
            continue
        for child in kids:
            tree.parent.setdefault(child, docname)
    for docname, title in env.titles.items():
        tree.plain_titles[docname] = title.astext()
        tree.titles[docname] = escape(tree.plain_titles[docname])
    return tree


def window(docs: list[str], path: set[str], size: int) -> list[str]:
    """At most ``size`` of ``docs`` around the one the reader is in (or the first ones)."""
    if size <= 0 or len(docs) <= size:
        return docs
    here = next((index for index, doc in enumerate(docs) if doc in path), 0)
    start = max(0, min(here - size // 2, len(docs) - size))
    return docs[start : start + size]


def _more_link(app: Sphinx, page: str, target: str, label: str, level: int) -> str:
    href = "#" if page == target else escape(app.builder.get_relative_uri(page, target))
    return (
        f'<li class="toctree-l{level} tm-nav-more"><a class="reference internal" '
        f'href="{href}">{escape(label)}</a></li>'
    )


def _items(
    app: Sphinx, tree: NavTree, page: str, docs: list[str], level: int, path: set[str]
) -> str:
    parts = []
    for doc in docs:
        classes = [f"toctree-l{level}"]
        here = doc == page
        if doc in path:
            classes += ["current", "active"]
        href = "#" if here else escape(app.builder.get_relative_uri(page, doc))
        link_class = "current reference internal" if here else "reference internal"
        title = tree.titles.get(doc, escape(doc))
        kids = tree.children.get(doc, []) if doc in path else []
        if kids:
            classes.append("has-children")
            shown = window(kids, path, int(app.config.transmit_nav_max_children))
            inner = _items(app, tree, page, shown, level + 1, path)
            if len(shown) < len(kids) and doc != page:
                label = f"Alle {len(kids)} Seiten unter „{tree.plain_titles.get(doc, doc)}“"
                inner += _more_link(app, page, doc, label, level + 1)
            sub = f'<details open="open">{TOGGLE}<ul class="current">{inner}</ul></details>'
        else:
            sub = ""
        parts.append(
            f'<li class="{" ".join(classes)}"><a class="{link_class}" href="{href}">'
            f"{title}</a>{sub}</li>"
        )
    return "".join(parts)


def render_nav(app: Sphinx, tree: NavTree, page: str) -> str:
    """The sidebar HTML for ``page``.

    A caption with more than ``transmit_nav_max_entries`` entries (the issues,
    as the series grows) shows the first ones (the newest issues come first on
    the start page), the entry the reader is in, and a link to the start page,
    which lists them all: the page stays small, everything stays reachable.
    Likewise a branch with more than ``transmit_nav_max_children`` pages (the
    author pages) shows that many around the current one and a link to the
    page above them, which lists them all.
    """
    path = set(tree.ancestors(page))
    limit = int(app.config.transmit_nav_max_entries)
    root = app.config.root_doc
    out = []
    for caption, docs in tree.sections:
        if caption:
            out.append(
                '<p aria-level="2" class="caption" role="heading">'
                f'<span class="caption-text">{escape(caption)}</span></p>'
            )
        shown = docs
        if 0 < limit < len(docs):
            shown = [doc for index, doc in enumerate(docs) if index < limit or doc in path]
        current = "current nav bd-sidenav" if path & set(docs) else "nav bd-sidenav"
        items = _items(app, tree, page, shown, 1, path)
        if len(shown) < len(docs):
            label = f"Alle {len(docs)} {caption}".strip() if caption else "Alle Einträge"
            items += _more_link(app, page, root, f"{label} auf der Startseite", 1)
        out.append(f'<ul class="{current}">{items}</ul>')
    return "".join(out)


def _context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not app.config.transmit_sidebar:
        return
    tree: NavTree | None = model(app.env).nav_tree
    if tree is None:
        tree = read_tree(app.env)
        model(app.env).nav_tree = tree
    # the theme renders its sidebar more than once per page; build the HTML once
    context["transmit_sidebar_nav"] = functools.cache(lambda: render_nav(app, tree, pagename))


def _reset(app: Sphinx, builder: Builder) -> None:
    model(app.env).nav_tree = None


def setup_navigation(app: Sphinx) -> None:
    """Provide ``transmit_sidebar_nav()`` to the sidebar template."""
    app.connect("write-started", _reset)
    app.connect("html-page-context", _context)
