"""A lean, semantic HTML of one assembled issue, for WeasyPrint's tagged PDF.

docutils' own HTML5 translator (not Sphinx's, not the web theme) with a few
changes for the PDF's structure tree:

* the running order gives one ``h1`` (the cover) and section headings from
  ``h2`` down, each one level below its section's parent;
* boxes (admonitions: case-study cards, author boxes) are ``section`` elements
  with a heading one level below the text around them;
* an included document is an ``article``;
* header cells get ``scope`` (``col`` in a head row, ``row`` in a stub column);
* nodes the translator does not know are reported (``untaggable``) and their
  children rendered in a neutral element.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.io import StringOutput
from docutils.writers import html5_polyglot
from sphinx import addnodes

#: the cover holds the only h1; sections start at h2
FIRST_SECTION_LEVEL = 2

#: Sphinx nodes that only group others: rendered as their children, no report
TRANSPARENT: tuple[type[nodes.Node], ...] = tuple(
    getattr(addnodes, name)
    for name in (
        "compact_paragraph",
        "only",
        "glossary",
        "index",
        "toctree",
        "tabular_col_spec",
        "highlightlang",
    )
    if hasattr(addnodes, name)
)


class AccessibleTranslator(html5_polyglot.HTMLTranslator):
    """docutils' HTML5 translator with headings, boxes and scopes for a tagged PDF."""

    #: called with a node no visitor knows (the builder reports it)
    report_untaggable: Callable[[nodes.Node], None] = staticmethod(lambda node: None)

    def __init__(self, document: nodes.document) -> None:
        super().__init__(document)
        self.heading_levels: list[int] = [FIRST_SECTION_LEVEL - 1]

    # headings ---------------------------------------------------------------

    def _open_level(self) -> int:
        level = min(6, self.heading_levels[-1] + 1)
        self.heading_levels.append(level)
        return level

    def visit_section(self, node: nodes.section) -> None:
        self._open_level()
        self.section_level += 1
        self.body.append(self.starttag(node, "section"))

    def depart_section(self, node: nodes.section) -> None:
        self.heading_levels.pop()
        self.section_level -= 1
        self.body.append("</section>\n")

    def visit_admonition(self, node: nodes.Element) -> None:
        self._open_level()
        self.body.append(self.starttag(node, "section", CLASS="box"))

    def depart_admonition(self, node: nodes.Element | None = None) -> None:
        self.heading_levels.pop()
        self.body.append("</section>\n")

    def visit_topic(self, node: nodes.Element) -> None:
        self._open_level()
        self.body.append(self.starttag(node, "section", CLASS="topic"))

    def depart_topic(self, node: nodes.Element) -> None:
        self.heading_levels.pop()
        self.body.append("</section>\n")

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, (nodes.section, nodes.Admonition, nodes.topic)):
            level = self.heading_levels[-1]
            self.body.append(self.starttag(node, f"h{level}", ""))
            self.context.append(f"</h{level}>\n")
            return
        super().visit_title(node)

    def visit_rubric(self, node: nodes.rubric) -> None:
        level = min(6, self.heading_levels[-1] + 1)
        self.body.append(self.starttag(node, f"h{level}", "", CLASS="rubric"))
        self.context.append(f"</h{level}>\n")

    def depart_rubric(self, node: nodes.rubric) -> None:
        self.body.append(self.context.pop())

    # tables -------------------------------------------------------------------

    def visit_entry(self, node: nodes.entry) -> None:
        super().visit_entry(node)
        start = self.body[-1]
        if start.startswith("<th"):
            in_head = isinstance(node.parent.parent, nodes.thead)
            scope = "col" if in_head else "row"
            self.body[-1] = f'<th scope="{scope}"' + start[3:]

    # Sphinx's nodes -----------------------------------------------------------

    def visit_start_of_file(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "article", CLASS="tm-article"))

    def depart_start_of_file(self, node: nodes.Element) -> None:
        self.body.append("</article>\n")

    def visit_literal_emphasis(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "em", ""))

    def depart_literal_emphasis(self, node: nodes.Element) -> None:
        self.body.append("</em>")

    def visit_literal_strong(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "strong", ""))

    def depart_literal_strong(self, node: nodes.Element) -> None:
        self.body.append("</strong>")

    def dispatch_visit(self, node: nodes.Node) -> None:
        """Visit by the first class in ``node``'s MRO that has a visitor (as Sphinx does)."""
        for cls in type(node).__mro__:
            method = getattr(self, f"visit_{cls.__name__}", None)
            if method is not None:
                return method(node)  # type: ignore[no-any-return]
        return self.unknown_visit(node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        for cls in type(node).__mro__:
            method = getattr(self, f"depart_{cls.__name__}", None)
            if method is not None:
                return method(node)  # type: ignore[no-any-return]
        return self.unknown_departure(node)

    def visit_Admonition(self, node: nodes.Element) -> None:
        """A specific admonition (note, tip, …): a box headed by its German label."""
        self.visit_admonition(node)
        if not (node.children and isinstance(node.children[0], nodes.title)):
            level = self.heading_levels[-1]
            label = self.language.labels.get(node.tagname, node.tagname.title())
            self.body.append(f"<h{level}>{self.encode(label)}</h{level}>\n")

    def depart_Admonition(self, node: nodes.Element) -> None:
        self.depart_admonition(node)

    def unknown_visit(self, node: nodes.Node) -> None:
        if not isinstance(node, TRANSPARENT):
            self.report_untaggable(node)
        if isinstance(node, addnodes.compact_paragraph):
            self.body.append("<p>")

    def unknown_departure(self, node: nodes.Node) -> None:
        if isinstance(node, addnodes.compact_paragraph):
            self.body.append("</p>\n")


def render_body(document: nodes.document, report_untaggable: Callable[[nodes.Node], None]) -> str:
    """The HTML of ``document``'s body (no ``html``/``head``/``body`` tags)."""
    settings: Any = get_default_settings(html5_polyglot.Writer)
    settings.initial_header_level = FIRST_SECTION_LEVEL
    settings.language_code = "de"
    settings.image_loading = "link"
    settings.footnote_references = "superscript"
    settings.report_level = 5
    document.settings = settings
    document.reporter.report_level = 5

    class Translator(AccessibleTranslator):
        pass

    Translator.report_untaggable = staticmethod(report_untaggable)  # type: ignore[method-assign]
    writer = html5_polyglot.Writer()
    writer.translator_class = Translator
    writer.write(document, StringOutput(encoding="unicode"))
    writer.assemble_parts()
    return str(writer.parts["body"])
