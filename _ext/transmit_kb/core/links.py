"""Where the model's objects live, and the two node builders every feature uses.

Every page path of the generated pages is spelled here once: features and
the search ask these functions instead of formatting paths themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri

from .text import slugify

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: folder (below the source folder) of the generated author pages
AUTHORS_DIR = "autoren"
#: class of an article's byline: the first paragraph under its H1
BYLINE = "tm-byline"
#: folder (below the source folder) of the finder and the generated overviews
CASES_DIR = "praxisbeispiele"
#: generated overview folders: facet -> (folder, heading of its index)
OVERVIEWS = {
    "state": ("laender", "Praxisbeispiele nach Bundesland"),
    "municipality": ("kommunen", "Praxisbeispiele nach Kommune"),
    "topic": ("themen", "Praxisbeispiele nach Thema"),
}


def person_docname(person_id: str) -> str:
    """The docname of a person's page."""
    return f"{AUTHORS_DIR}/{person_id}"


def overview_docname(facet: str, value: str) -> str:
    """The generated overview page of a state, municipality or topic."""
    page = slugify(value) if facet == "state" else value
    return f"{CASES_DIR}/{OVERVIEWS[facet][0]}/{page}"


def municipality_docname(municipality_id: str) -> str:
    """The generated overview page of a municipality's case studies."""
    return overview_docname("municipality", municipality_id)


def doc_link(app: Sphinx, fromdocname: str, todocname: str, text: str) -> nodes.Node:
    """A reference from one document to another, or plain text where the target
    is not part of this output (e.g. an author page seen from a PDF)."""
    try:
        uri = app.builder.get_relative_uri(fromdocname, todocname)
    except NoUri:
        return nodes.inline("", text)
    return nodes.reference("", text, internal=True, refuri=uri)


def card(title: nodes.Node, body: list[nodes.Node], classes: list[str]) -> nodes.container:
    """A card of standard nodes, styled by sphinx-design's card classes in HTML."""
    return nodes.container(
        "",
        nodes.container(
            "",
            nodes.paragraph("", "", title, classes=["sd-card-title", "sd-font-weight-bold"]),
            *body,
            classes=["sd-card-body"],
        ),
        classes=["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", *classes],
    )
