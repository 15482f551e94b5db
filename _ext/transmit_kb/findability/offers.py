"""Sentences that promise something (ordering, a form, a download) only when it exists.

``:::{nur-wenn-gesetzt} transmit_order_url`` holds Markdown that is rendered
only when the named configuration value is a non-empty address; a link whose
target is the value's name (``[Bestellformular](transmit_order_url)``) leads
to that address. Without the value the block is left out of every output.
``transmit-kb check`` names each such block whose value is empty
(:func:`.offer_values.unset_offers`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..core.messages import warn
from .offer_values import DIRECTIVE, OFFER_VALUES

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class OfferDirective(SphinxDirective):
    """``:::{nur-wenn-gesetzt} <config value>``: the body only when the value is set."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        if name not in OFFER_VALUES:
            known = ", ".join(sorted(OFFER_VALUES))
            warn(
                "offer",
                f"'{name}' ist kein bekannter Konfigurationswert für {{{DIRECTIVE}}}. "
                f"Erlaubt: {known}.",
                self.get_location(),
            )
            return []
        url = str(getattr(self.config, name, "") or "").strip()
        if not url:
            return []  # no address, no promise (transmit-kb check names the block)
        container = nodes.container(classes=["tm-offer"])
        self.set_source_info(container)
        self.state.nested_parse(self.content, self.content_offset, container)
        _point_links(container, name, url)
        return list(container.children)


def _point_links(tree: nodes.Element, name: str, url: str) -> None:
    """Links to ``name`` (the value's name) lead to ``url``."""
    for xref in list(tree.findall(addnodes.pending_xref)):
        if xref.get("reftarget") == name:
            xref.replace_self(nodes.reference("", "", *xref.children, refuri=url))
    for ref in tree.findall(nodes.reference):
        if ref.get("refuri") == name:
            ref["refuri"] = url


def setup_offers(app: Sphinx) -> None:
    """Register ``nur-wenn-gesetzt`` (always, so pages using it parse in any project)."""
    app.add_directive(DIRECTIVE, OfferDirective)
