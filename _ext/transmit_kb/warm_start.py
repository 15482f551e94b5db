"""Warm starts: what every build process would otherwise redo from scratch.

Each ``sphinx-build`` process compiles the theme's Jinja templates anew
(about 0.25 s of a one-page rebuild). Jinja's own bytecode cache keeps the
compiled templates in the doctree folder; it checks each template's source
checksum, so an edited template is compiled again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: folder below the doctree folder that holds the compiled templates
TEMPLATE_CACHE = "transmit-templates"


def _cache_templates(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is None:
        return  # a builder without Sphinx's Jinja templates (e.g. rst2pdf)
    folder = Path(app.doctreedir) / TEMPLATE_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    # writes go through a temporary file and a rename: safe for -j workers
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup_warm_start(app: Sphinx) -> None:
    """Keep compiled templates between builds."""
    app.connect("builder-inited", _cache_templates)
