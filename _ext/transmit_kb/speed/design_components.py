"""sphinx-design's HTML post-transforms only on pages that have their components.

sphinx-design turns dropdowns, tab sets and asides into their HTML structure
with three post-transforms. Each walks every node of every page and calls a
Python function on it (``is_component``, which raises and catches an
``AttributeError`` for every text node), although most pages have none of
these components. :class:`FindDesignComponents` walks the page's elements
once, before them, and notes which components it holds; each of the three
transforms then runs only if its component is there, and does exactly what
it did before. Switch: ``transmit_design_components_scan``; a test compares
pages with and without.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .patching import wrap_once

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: document attribute: the names of the design components on the page
FOUND = "transmit_design_components"
#: module of sphinx-design -> (post-transform class, the component it looks for)
TRANSFORMS = {
    "sphinx_design.dropdown": ("DropdownHtmlTransform", "dropdown"),
    "sphinx_design.tabs": ("TabSetHtmlTransform", "tab-set"),
    "sphinx_design.aside": ("AsideHtmlTransform", "aside"),
}


class FindDesignComponents(SphinxPostTransform):
    """Note the sphinx-design components of the page (before sphinx-design's, at 199)."""

    default_priority = 198
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not self.config.transmit_design_components_scan:
            return
        self.document[FOUND] = {
            element["design_component"]
            for element in self.document.findall(nodes.Element)
            if "design_component" in element.attributes
        }


def _only_with(component: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Wrap a transform's ``run`` so it runs only if ``component`` is on the page."""

    def wrap(run: Callable[..., None]) -> Callable[..., None]:
        def run_if_present(self: SphinxPostTransform, **kwargs: Any) -> None:
            found = self.document.get(FOUND)
            if found is None or component in found:
                run(self, **kwargs)

        return run_if_present

    return wrap


def _install(app: Sphinx) -> None:
    for module_name, (class_name, component) in TRANSFORMS.items():
        try:
            transform = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):  # another sphinx-design version: leave it
            continue
        wrap_once(transform, "run", _only_with(component))


def setup_design_components(app: Sphinx) -> None:
    """Skip sphinx-design's HTML transforms on pages without their components."""
    app.add_config_value("transmit_design_components_scan", True, "", types=frozenset({bool}))
    app.add_post_transform(FindDesignComponents)
    app.connect("builder-inited", _install)
