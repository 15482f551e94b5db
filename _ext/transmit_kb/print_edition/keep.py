"""No nearly empty page in the rst2pdf PDF: the end of a text is never left alone.

Articles follow each other and start on a new page only when less than
``ARTICLE_BREAK`` is left (the next article fills the page an article ends
on), so a page can only stay nearly empty where a text ends before a forced
page break (the introduction before the map page) or at the end of the PDF, as
in "the last author box alone on the last page". Each such text is wrapped
in a ``KeptTail`` node: rst2pdf draws it as ``KeepTail``, which keeps the
text's last ``TAIL_HEIGHT`` together. When that end does not fit on the page,
it moves to the next page as a whole, so the next page holds at least
``TAIL_HEIGHT`` of it; when the whole text fits, nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from .handlers import add_handler

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: the end of a text that stays together (points; about 7 cm, as ``ARTICLE_BREAK``,
#: a little more than a quarter of the text area)
TAIL_HEIGHT = 200.0


class KeptTail(nodes.container):
    """A text (article, introduction) whose last ``TAIL_HEIGHT`` rst2pdf keeps together."""

    tagname = "container"  # rst2pdf picks the stylesheet's style by tag name


def _keep_tail_class() -> type:
    """``KeepTail``, a reportlab flowable (reportlab is imported only for the PDF)."""
    from reportlab.platypus.doctemplate import ActionFlowable, NullActionFlowable
    from reportlab.platypus.flowables import KeepTogether

    class Together(KeepTogether):  # type: ignore[misc]
        """``KeepTogether`` that measures a ``KeepTogether`` inside it (a box) by its
        content: reportlab's own takes that one as 0xffffff high and always breaks."""

        def wrap(self, aW: float, aH: float) -> tuple[float, float]:
            heights = [_height(f, aW, self.canv) for f in self._content]
            self._H, self._H0 = sum(heights), (heights[0] if heights else 0.0)
            self._wrapInfo = aW, aH
            return aW, 0xFFFFFF  # as KeepTogether: always split, never drawn itself

        def split(self, aW: float, aH: float) -> list[Any]:
            parts: list[Any] = super().split(aW, aH)
            if not (parts and isinstance(parts[0], ActionFlowable)):
                # rst2pdf draws a split's first flowable at once and fails if it
                # does not fit (a box, say): an action first leaves it to the frame
                parts.insert(0, NullActionFlowable())
            return parts

    class KeepTail(Together):
        """Flowables whose last ``min_height`` points are never split by a page break."""

        def __init__(self, flowables: list[Any], min_height: float) -> None:
            super().__init__(flowables)
            self.min_height = min_height

        def split(self, aW: float, aH: float) -> list[Any]:
            content = list(self._content)
            if getattr(self, "_wrapInfo", None) != (aW, aH):
                self.wrap(aW, aH)
            if aH >= self._H:
                return [NullActionFlowable(), *content]
            start = tail_start(content, aW, self.canv, self.min_height)
            return [NullActionFlowable(), *content[:start], Together(content[start:])]

    return KeepTail


def tail_start(content: list[Any], width: float, canv: Any, min_height: float) -> int:
    """Index of the first flowable of the shortest end of ``content`` at least
    ``min_height`` high. What must stay with it joins the end: a heading before
    it (``keepWithNext``), and spacers and zero-height anchors between them."""
    from reportlab.platypus.flowables import Spacer

    height = 0.0
    start = len(content)
    while start > 0 and height < min_height:
        start -= 1
        height += _height(content[start], width, canv)
    while start > 0:
        before = content[start - 1]
        binds = before.getKeepWithNext() or isinstance(before, Spacer)
        if not binds and _height(before, width, canv) > 0:
            break
        start -= 1
    return start


def _height(flowable: Any, width: float, canv: Any) -> float:
    """Height of ``flowable`` with its space before; a ``KeepTogether`` by its content."""
    from reportlab.platypus.flowables import KeepTogether

    if hasattr(flowable, "frameAction"):
        return 0.0
    if isinstance(flowable, KeepTogether):
        return sum(_height(f, width, canv) for f in flowable._content)
    _, height = flowable.wrapOn(canv, width, 0xFFFFFFF)
    return float(height) + float(flowable.getSpaceBefore()) if height else 0.0


def _forced_break_follows(node: nodes.Node) -> bool:
    following = node.next_node(descend=False, siblings=True)
    return isinstance(following, nodes.raw) and following.astext().startswith("PageBreak")


def _wrap(node: nodes.Element) -> None:
    """Put ``node`` into a ``KeptTail`` at its place."""
    parent = node.parent
    kept = KeptTail()
    parent[parent.index(node)] = kept
    kept += node


def keep_tails(tree: nodes.document) -> None:
    """Keep together the end of each text of an assembled PDF that a page break follows.

    These are a section at the top of the tree (an issue's introduction) that a
    forced page break follows, and the last article of the PDF (an included
    document with no documents inside), or the last top-level section if there
    is none. Articles between them are left alone: the next article fills the
    page they end on. Call after the contents are listed: they look for the
    sections directly below the included documents.
    """
    top = [child for child in tree.children if isinstance(child, nodes.section)]
    for section in top:
        if _forced_break_follows(section):
            _wrap(section)
    articles = [
        document
        for document in tree.findall(addnodes.start_of_file)
        if not next(iter(document.findall(addnodes.start_of_file, include_self=False)), None)
    ]
    if articles:
        last = articles[-1]
        kept = KeptTail()
        kept.extend(list(last.children))
        last.children = []
        last += kept
    elif top and not isinstance(top[-1].parent, KeptTail):
        _wrap(top[-1])


def register_rst2pdf_handler() -> None:
    """Teach rst2pdf (0.105) to draw a ``KeptTail`` as ``KeepTail``.

    As ``accessible_edition.print_forms.register_rst2pdf_handler``: one handler
    added to the table of rst2pdf's Sphinx mode; without that table the text is
    drawn as an ordinary container (its end may then stand alone).
    """

    def make_handler() -> Any:
        from rst2pdf.genelements import HandleContainer

        keep_tail = _keep_tail_class()

        class HandleKeptTail(HandleContainer):  # type: ignore[misc]
            sphinxmode = True

            def gather_elements(self, client: Any, node: nodes.Element, style: Any) -> list[Any]:
                return [keep_tail(client.gather_elements(node, style), TAIL_HEIGHT)]

        return HandleKeptTail()

    add_handler(KeptTail, make_handler)


def setup_keep(app: Sphinx) -> None:
    """The ``KeptTail`` node and its rst2pdf handler."""
    app.add_node(KeptTail)  # rst2pdf's translator skips it; its handler draws it
    # the handler is registered by build.py's builder-inited (PDF builds only)
