"""A node without PDF support (only an HTML visitor): the PDF build must fail."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class fancybox(nodes.General, nodes.Element):
    """A custom node rst2pdf has no handler for."""


class FancyBox(SphinxDirective):
    """``{fancybox}``: its content inside a ``fancybox`` node."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        node = fancybox()
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def _skip(self: object, node: nodes.Node) -> None:
    pass


def setup(app: object) -> dict[str, bool]:
    app.add_node(fancybox, html=(_skip, _skip))  # type: ignore[attr-defined]
    app.add_directive("fancybox", FancyBox)  # type: ignore[attr-defined]
    return {"parallel_read_safe": True}
