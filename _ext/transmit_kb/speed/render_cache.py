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

from .patching import Patch, verified, wrap_once

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PATCH = Patch(
    switch="transmit_render_cache",
    replaces=(
        "sphinx.builders.html._file_checksum",
        "sphinx.builders.html.StandaloneHTMLBuilder.render_partial",
        "sphinx_book_theme.get_html_theme_path",
    ),
    verified={"Sphinx": "9.0.4", "sphinx-book-theme": "1.4.0", "Jinja2": "3.1.6"},
    gain="etwa 5 % eines Vollbuilds bei 20 Ausgaben",
)

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
    wrap_once(sphinx_book_theme, "get_html_theme_path", functools.cache)


def _forget(app: Sphinx, exception: BaseException | None) -> None:
    _state["active"] = False
    _checksums.clear()
    _titles.clear()


def setup_render_cache(app: Sphinx) -> None:
    """Cache asset checksums, other pages' titles and the theme folder within a build."""
    if not verified(app, PATCH):
        return
    app.connect("builder-inited", _install)
    app.connect("build-finished", _forget, priority=1000)
