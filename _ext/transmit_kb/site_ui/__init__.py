"""The site's reader interface on top of sphinx-book-theme: drawers, identity, lean pages.

Two switches (``docs/oberflaeche.md``):

* ``transmit_sidebar_toggle_fix`` (default ``None``: on with ``transmit_site_ui``
  on sphinx-book-theme; ``True`` alone for any project on that theme): the ☰/☷
  buttons open their drawers on every device
  (``static/transmit-toggles.js``; the themes bind the first, hidden copy).
* ``transmit_site_ui`` (default off; ``source/conf.py`` switches it on): Source
  Sans as WOFF2 made from the packaged font, the print edition's colours, one
  search entry, a German footer "Herausgegeben von …", breadcrumbs, a meta
  description on every page, no unused scripts or styles, minified assets and
  ``.gz`` copies.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.config import add_to_list_setting, own_dict_setting
from ..core.files import user_cache
from . import assets, fonts, page

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
BOOK_THEME = "sphinx_book_theme"
#: the primary sidebar without its search field (the top bar has the one search entry)
SIDEBAR = ["navbar-logo.html", "sbt-sidebar-nav.html"]
#: builders whose pages get the interface (not the EPUB's)
WEB_BUILDERS = ("html", "dirhtml")
#: pydata footer items: the publisher; legal links may be appended to footer_end
FOOTER_START = ["tm-footer-publisher.html"]


def toggle_fix_enabled(config: Config) -> bool:
    """The configured value, or (``None``) whether the theme is sphinx-book-theme."""
    value = config.transmit_sidebar_toggle_fix
    if value is None:  # with the site's interface, on the book theme
        return bool(config.transmit_site_ui) and config.html_theme == BOOK_THEME
    return bool(value)


def _configure(app: Sphinx, config: Config) -> None:
    if not config.transmit_site_ui:
        return
    add_to_list_setting(config, "templates_path", str(TEMPLATES), first=True)
    options = own_dict_setting(config, "html_theme_options")
    options.setdefault("footer_content_items", [])
    options.setdefault("footer_start", FOOTER_START)
    options.setdefault("footer_end", [])
    options.setdefault("primary_sidebar_end", [])
    if not config.html_sidebars:
        config.html_sidebars = {"**": SIDEBAR}
    context = own_dict_setting(config, "html_context")
    publisher = config.transmit_publisher or {}
    context.setdefault("transmit_publisher_name", publisher.get("name") or config.author)
    context.setdefault("transmit_preload_fonts", fonts.PRELOAD)


def _add_assets(app: Sphinx) -> None:
    if app.builder.name not in WEB_BUILDERS:
        return
    fix = toggle_fix_enabled(app.config)
    if fix or app.config.transmit_site_ui:
        add_to_list_setting(app.config, "html_static_path", str(STATIC))
    if fix:
        app.add_js_file("transmit-toggles.js", loading_method="defer")
    if app.config.transmit_site_ui:
        app.add_css_file("transmit-site.css")


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    if not app.config.transmit_site_ui:
        return
    outdir = Path(app.outdir)
    fonts.write_fonts(outdir / "_static" / "fonts", user_cache("fonts"))
    assets.minify_static(outdir / "_static")
    assets.gzip_copies(outdir)


def setup_site_ui(app: Sphinx) -> None:
    """Register the switches and wire the drawers, the identity and the lean pages."""
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _add_assets)
    # late: the themes add and re-add assets in their own handlers
    app.connect("html-page-context", page.page_context, priority=900)
    # after page_weight purged the theme's stylesheets (priority 500)
    app.connect("build-finished", _finish, priority=800)
