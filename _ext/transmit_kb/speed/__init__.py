"""The speed layer: every patch of another library's internals, in one room.

Each module declares a :class:`~.patching.Patch` (what it replaces, the
versions it was verified against, its switch and measured gain) and puts
itself in place only on those versions. Output is the same with every
switch on or off; only the build time differs (docs/benchmark.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import (
    citeproc_cache,
    page_toc,
    parse_settings,
    render_cache,
    smart_quotes,
    theme_render,
    warm_start,
)
from .gc_pauses import setup_gc_pauses
from .patching import Patch

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: every patch of another library, for the docs and the tests
PATCHES: tuple[Patch, ...] = (
    parse_settings.PATCH,
    smart_quotes.PATCH,
    render_cache.PATCH,
    theme_render.PATCH,
    page_toc.PATCH,
    warm_start.PATCH,
    citeproc_cache.PATCH,
)


def setup_speed(app: Sphinx) -> None:
    """Put every verified speed-up in place (gc tuning first: it times the whole build)."""
    setup_gc_pauses(app)
    parse_settings.setup_parse_settings(app)
    smart_quotes.setup_smart_quotes(app)
    theme_render.setup_theme_render(app)
    render_cache.setup_render_cache(app)
    page_toc.setup_page_toc(app)
    warm_start.setup_warm_start(app)
    citeproc_cache.setup_citeproc_cache(app)
