"""Print forms shared by the rst2pdf PDF, the accessible PDF and the EPUB.

* ``print_wording``: a printed or e-book edition cannot send its reader to "the
  print edition" (it is one); such phrases name the publisher's printed
  brochure instead.
* ``print_author_boxes``: the web's author box (name, role, "Kommune: …",
  "Alle Beiträge von …") becomes a framed box with the name as its heading, the
  role in italics, no web-only link and no repeated municipality.
* ``KeptBox``: a box rst2pdf moves whole to the next page instead of splitting
  it (see ``register_rst2pdf_handler``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..print_edition.handlers import add_handler

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# --------------------------------------------------------------------------
# Wording

#: phrases that send the reader of a PDF or EPUB to "the print edition", and
#: what they say there instead (the publisher's printed brochure)
_PRINT_EDITION = (
    (re.compile(r"\bin(\s+)der(\s+)Druckausgabe\b"), r"in\1der\2gedruckten Broschüre"),
    (re.compile(r"\bder(\s+)Druckausgabe\b"), r"der\1gedruckten Broschüre"),
    (re.compile(r"\b([Dd])ie(\s+)Druckausgabe\b"), r"\1ie\2gedruckte Broschüre"),
    (re.compile(r"\b([Dd])ie(\s+)Druckausgaben\b"), r"\1ie\2gedruckten Broschüren"),
    (
        re.compile(r"\bin(\s+)der(\s+)Druckausgabe(\s+)oder(\s+)im(\s+)PDF\b"),
        r"in\1der\2gedruckten Broschüre",
    ),
)

#: the word no printed sentence may use for where the full text is
PRINT_EDITION_WORD = "Druckausgabe"


def reword(text: str) -> str:
    """``text`` with "Druckausgabe" phrases naming the printed brochure."""
    if PRINT_EDITION_WORD not in text:
        return text
    for pattern, replacement in _PRINT_EDITION[::-1]:
        text = pattern.sub(replacement, text)
    return text


def print_wording(tree: nodes.Element) -> None:
    """Reword every text of ``tree`` that sends the reader to the print edition."""
    parents = {id(t.parent): t.parent for t in tree.findall(nodes.Text) if t.parent is not None}
    for parent in parents.values():
        if PRINT_EDITION_WORD not in parent.astext():
            continue
        children: list[nodes.Node] = []
        for child in parent.children:  # a soft line break may split a phrase in two texts
            if isinstance(child, nodes.Text) and children and isinstance(children[-1], nodes.Text):
                children[-1] = nodes.Text(str(children[-1]) + str(child))
            else:
                children.append(child)
        parent.children = []
        parent.extend(
            [nodes.Text(reword(str(c))) if isinstance(c, nodes.Text) else c for c in children]
        )


# --------------------------------------------------------------------------
# Author boxes

AUTHOR_BOX_CLASS = "tm-author-box"
#: the class of a printed author box (an admonition with the name as title)
PRINT_AUTHOR_CLASS = "tm-print-author"
#: the class of a printed case-study card (``to_standard_nodes`` makes it)
PRINT_CARD_CLASS = "tm-pdf-card"
_MUNICIPALITY_PREFIX = "Kommune: "
#: a name in a byline, set in bold italics (a style of the rst2pdf stylesheet, print.css)
PRINT_NAME_CLASS = "tm-print-name"


def _paragraphs(box: nodes.Element, name: str) -> list[nodes.Element]:
    return [
        child
        for child in box.children
        if isinstance(child, nodes.Element) and name in child["classes"]
    ]


def _print_author_box(box: nodes.Element) -> nodes.admonition:
    names = _paragraphs(box, "tm-author-name")
    name = names[0].astext() if names else ""
    printed = nodes.admonition("", classes=[PRINT_AUTHOR_CLASS])
    printed.source, printed.line = box.source, box.line
    printed += nodes.title("", f"Zur Person: {name}" if name else "Zur Person")
    shown: list[str] = []
    for child in box.children:
        if not isinstance(child, nodes.Element):
            continue
        classes = child["classes"]
        if "tm-author-name" in classes or "tm-author-more" in classes:
            continue  # the name is the heading; "Alle Beiträge von …" is a web link
        if "tm-author-role" in classes:
            role = nodes.paragraph("", "", nodes.emphasis("", child.astext()))
            role["classes"] = ["tm-print-author-role"]
            printed += role
            shown.append(child.astext())
            continue
        if "tm-author-municipality" in classes:
            municipality = child.astext().removeprefix(_MUNICIPALITY_PREFIX)
            if any(municipality in text for text in shown):
                continue  # the role or organisation already names it
            printed += nodes.paragraph("", municipality)
            shown.append(municipality)
            continue
        shown.append(child.astext())
        printed += child.deepcopy()
    return printed


def print_author_boxes(tree: nodes.Element) -> None:
    """Replace the web author boxes of ``tree`` by framed print boxes; bylines in italics.

    A byline (``Von Name und Name``) is set in italics with the names in bold
    italics (the names link to author pages only on the web).
    """
    for box in list(tree.findall(nodes.Element)):
        if AUTHOR_BOX_CLASS in box.get("classes", ()) and box.parent is not None:
            box.replace_self(_print_author_box(box))
    for byline in list(tree.findall(nodes.paragraph)):
        if "tm-byline" not in byline["classes"] or isinstance(byline.next_node(), nodes.emphasis):
            continue
        children: list[nodes.Node] = [
            nodes.inline("", child.astext(), classes=[PRINT_NAME_CLASS])
            if not isinstance(child, nodes.Text)
            else child
            for child in byline.children
        ]
        byline.children = []
        byline += nodes.emphasis("", "", *children)


# --------------------------------------------------------------------------
# Boxes rst2pdf keeps together


class KeptBox(nodes.admonition):
    """An admonition rst2pdf moves whole to the next page instead of splitting it."""

    tagname = "admonition"  # rst2pdf picks the stylesheet's style by tag name


def is_print_box(node: nodes.Node) -> bool:
    """A printed case-study card or author box."""
    return isinstance(node, nodes.admonition) and bool(
        {PRINT_CARD_CLASS, PRINT_AUTHOR_CLASS} & set(node["classes"])
    )


def keep_boxes_together(tree: nodes.Element) -> None:
    """Turn the printed case-study cards and author boxes of ``tree`` into ``KeptBox``."""
    for box in list(tree.findall(is_print_box)):
        assert isinstance(box, nodes.Element)
        kept = KeptBox(box.rawsource, *box.children, **box.attributes)
        kept.source, kept.line = box.source, box.line
        box.children = []
        box.replace_self(kept)


def register_rst2pdf_handler() -> None:
    """Teach rst2pdf (0.105) to draw a ``KeptBox`` as a box inside ``KeepTogether``.

    rst2pdf dispatches on node class through the handler table of its Sphinx
    mode (:mod:`..print_edition.handlers`, only on the verified versions).
    Otherwise the box is still drawn, as an ordinary admonition that may split.
    """

    def make_handler() -> Any:
        from reportlab.platypus import KeepTogether
        from rst2pdf.genelements import HandleAdmonition

        class HandleKeptBox(HandleAdmonition):  # type: ignore[misc]
            sphinxmode = True

            def gather_elements(self, client: Any, node: nodes.Element, style: Any) -> list[Any]:
                return [KeepTogether(super().gather_elements(client, node, style))]

        return HandleKeptBox()

    add_handler(KeptBox, make_handler)


# --------------------------------------------------------------------------
# Setup


class PrintForms(SphinxPostTransform):
    """Print wording for the PDF and EPUB; printed author boxes and kept boxes for rst2pdf."""

    default_priority = 210  # after print_edition's PdfStandardNodes (200)
    builders = ("pdf", "epub")

    def run(self, **kwargs: Any) -> None:
        if not self.config.transmit_accessible_edition:
            return
        print_wording(self.document)
        if self.app.builder.name == "pdf":
            print_author_boxes(self.document)
            keep_boxes_together(self.document)


def _register_handler(app: Sphinx) -> None:
    if app.builder.name == "pdf" and app.config.transmit_accessible_edition:
        register_rst2pdf_handler()


def setup_print_forms(app: Sphinx) -> None:
    """The print forms for the rst2pdf and EPUB builders."""
    app.add_node(KeptBox)  # rst2pdf's translator skips it; its handler draws it
    app.add_post_transform(PrintForms)
    app.connect("builder-inited", _register_handler)
