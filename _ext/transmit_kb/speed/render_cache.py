"""Page work that Sphinx and the book theme repeat identically, done once per build.

Writing a page costs about 12 ms even when the page is small (an author
page); a profile of the 60-issue benchmark corpus (``py-spy``) showed three
parts of that fixed cost giving the same result on every page:

* **Asset checksums.** For each of the page's ten CSS and JS files Sphinx
  resolves the file's path (several system calls) before it looks up the
  checksum it appends as ``?v=``; the checksum itself is already cached.
  About 2 % of a full build.
* **Titles of other pages.** Every page shows the titles of its neighbours
  and parents (previous/next links, breadcrumbs). Sphinx renders each one
  through a fresh docutils writer, five or six times per page, so each
  title is rendered again for every page that links it. A title made of
  plain text and inline markup (no link, no image) renders the same on every
  page; only those are kept.
* **The book theme's folder.** sphinx-book-theme resolves its own folder on
  every page to find one script.
* **The book theme's page description.** For every page the theme joins the
  text of every section (each subsection's text once more for every section
  it sits in) and keeps the first 160 characters as ``page_description``,
  which no template of this site uses: about 1.4 % of a full build. The
  same 160 characters are now taken from the start of the text alone.
* **Template freshness.** Jinja checks the modification time of every
  template each time a page includes it (about 35 checks per page); the
  templates cannot change during a build, so the check is switched off for
  the builder's template environment.

The caches live from ``builder-inited`` to ``build-finished``. A test builds
the same site with and without them (``transmit_render_cache``) and compares
every page byte for byte; another compares the description with the theme's
own on every page of a test site.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .patching import wrap_once

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: node types whose HTML does not depend on the page it appears in
PAGE_INDEPENDENT = frozenset(
    {
        nodes.title,
        nodes.Text,
        nodes.emphasis,
        nodes.strong,
        nodes.literal,
        nodes.inline,
        nodes.subscript,
        nodes.superscript,
    }
)

_Checksum = Callable[..., str]
_RenderPartial = Callable[..., dict[str, str]]

_state: dict[str, Any] = {"active": False}
#: (output folder, asset file name) -> checksum
_checksums: dict[tuple[str, str], str] = {}
#: id of a title node -> (the node, its rendered parts)
_titles: dict[int, tuple[nodes.Node, dict[str, str]]] = {}


def renders_alike_everywhere(node: nodes.Node | None) -> bool:
    """Whether ``node`` is a title whose HTML is the same on every page."""
    return isinstance(node, nodes.title) and all(
        type(part) in PAGE_INDEPENDENT for part in node.findall()
    )


def _caching_checksum(checksum: _Checksum) -> _Checksum:
    @functools.wraps(checksum)
    def file_checksum(outdir: Any, filename: Any) -> str:
        if not _state["active"]:
            return checksum(outdir, filename)
        key = (os.fspath(outdir), os.fspath(filename))
        if key not in _checksums:  # errors (a query string in the name) are not cached
            _checksums[key] = checksum(outdir, filename)
        return _checksums[key]

    return file_checksum


def _caching_titles(render_partial: _RenderPartial) -> _RenderPartial:
    @functools.wraps(render_partial)
    def render(node: Any) -> dict[str, str]:
        if not _state["active"]:
            return render_partial(node)
        known = _titles.get(id(node))
        if known is None or known[0] is not node:
            if not renders_alike_everywhere(node):
                return render_partial(node)
            known = (node, dict(render_partial(node)))
            _titles[id(node)] = known
        return dict(known[1])

    return render


#: characters of page text the book theme keeps as ``page_description``
DESCRIPTION_LENGTH = 160


def text_start(node: nodes.Node, limit: int) -> str:
    """The first ``limit`` characters of ``node.astext()``, without the rest."""
    if not isinstance(node, nodes.Element) or type(node).astext is not nodes.Element.astext:
        return node.astext()[:limit]
    text = ""
    for position, child in enumerate(node.children):
        if position:
            text += node.child_text_separator
        text += text_start(child, limit - len(text))
        if len(text) >= limit:
            break
    return text[:limit]


def page_description(doctree: nodes.document) -> str:
    """The book theme's ``page_description``: the start of all sections' text, joined."""
    description = ""
    for section in doctree.findall(nodes.section):
        description += text_start(section, DESCRIPTION_LENGTH - len(description))
        if len(description) >= DESCRIPTION_LENGTH:
            break
    return description.replace("\n", " ")[:DESCRIPTION_LENGTH]


def _short_description(add_metadata: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(add_metadata)
    def add_metadata_to_page(
        app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        add_metadata(app, pagename, templatename, context, None)
        if doctree:
            context["page_description"] = page_description(doctree)

    return add_metadata_to_page


def _replace_listener(app: Sphinx, event: str, handler: Any, wrap: Callable[[Any], Any]) -> None:
    """Put ``wrap(handler)`` in ``handler``'s place (order and priority kept), if connected.

    Disconnecting and connecting again would move the handler behind the
    others of its priority; the themes' handlers depend on their order.
    """
    listeners = app.events.listeners.get(event, [])
    for position, listener in enumerate(listeners):
        if listener.handler is handler:
            listeners[position] = listener._replace(handler=wrap(handler))


def _install(app: Sphinx) -> None:
    _forget(app, None)
    _state["active"] = bool(app.config.transmit_render_cache)
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if _state["active"] and environment is not None:
        environment.auto_reload = False
    from sphinx.builders import html

    wrap_once(html, "_file_checksum", _caching_checksum)
    if isinstance(app.builder, html.StandaloneHTMLBuilder):
        # this builder's method only: another app in the same process is not touched
        wrap_once(app.builder, "render_partial", _caching_titles)
    try:
        import sphinx_book_theme
    except ImportError:
        return
    if _state["active"]:
        _replace_listener(
            app, "html-page-context", sphinx_book_theme.add_metadata_to_page, _short_description
        )
    wrap_once(sphinx_book_theme, "get_html_theme_path", functools.cache)


def _forget(app: Sphinx, exception: BaseException | None) -> None:
    _state["active"] = False
    _checksums.clear()
    _titles.clear()


def setup_render_cache(app: Sphinx) -> None:
    """Cache asset checksums, other pages' titles and the theme folder within a build."""
    app.add_config_value("transmit_render_cache", True, "", types=frozenset({bool}))
    app.connect("builder-inited", _install)
    app.connect("build-finished", _forget, priority=1000)
