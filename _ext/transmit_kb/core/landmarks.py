"""Boxes with an accessible name in HTML: ``<aside>`` (author boxes), ``<article>`` (cards).

The features build their boxes as plain containers, which every builder can
write; for HTML formats they swap them for :class:`labelled`, which the HTML
writer turns into the element ``tag`` with ``aria-label``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class labelled(nodes.container):
    """A container written as ``<tag aria-label="label">``; only created for HTML."""


def as_labelled(box: nodes.Element, tag: str, label: str) -> labelled:
    """``box`` with its children and attributes as a :class:`labelled` node."""
    node = labelled("", *box.children)
    for key, value in box.attributes.items():
        node[key] = list(value) if isinstance(value, list) else value
    node["tag"], node["label"] = tag, label
    box.children = []
    return node


def _visit(self: HTML5Translator, node: labelled) -> None:
    self.body.append(self.starttag(node, node["tag"], **{"aria-label": node["label"]}))


def _depart(self: HTML5Translator, node: labelled) -> None:
    self.body.append(f"</{node['tag']}>\n")


def setup_landmarks(app: Sphinx) -> None:
    """Register the node with its HTML writer."""
    app.add_node(labelled, html=(_visit, _depart))
