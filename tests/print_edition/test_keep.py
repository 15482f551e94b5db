"""print_edition.keep: which texts keep their end together, and where that end begins."""

from __future__ import annotations

import io

import pytest
from docutils import nodes
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer
from sphinx import addnodes
from transmit_kb.print_edition.build import PAGE_BREAK
from transmit_kb.print_edition.keep import KeptTail, keep_tails, tail_start

WIDTH = 400.0
TEXT = ParagraphStyle("text", fontSize=10, leading=12)
HEADING = ParagraphStyle("heading", fontSize=14, leading=16, keepWithNext=True)


def _height(flowable: Paragraph, canv: Canvas) -> float:
    return float(flowable.wrapOn(canv, WIDTH, 10_000)[1])


def test_tail_starts_at_the_heading_of_its_first_paragraph() -> None:
    canv = Canvas(io.BytesIO())
    words = "Wort " * 60
    content = [
        Paragraph(words, TEXT),
        Paragraph("Überschrift", HEADING),
        Spacer(0, 6),
        Paragraph(words, TEXT),
        Paragraph(words, TEXT),
    ]
    last = _height(content[-1], canv)
    # the last paragraph alone is high enough: the end is that paragraph only
    assert tail_start(content, WIDTH, canv, last) == 4
    # it is not: the paragraph before joins, and with it its heading and the spacer
    assert tail_start(content, WIDTH, canv, last + 1) == 1
    # more than everything: the whole text
    assert tail_start(content, WIDTH, canv, 10_000) == 0


def _article(name: str) -> addnodes.start_of_file:
    section = nodes.section("", nodes.title("", name), nodes.paragraph("", "Text"), ids=[name])
    return addnodes.start_of_file("", section, docname=name)


def test_kept_are_the_text_before_a_forced_break_and_the_last_article() -> None:
    intro = nodes.section("", nodes.title("", "Ausgabe"), ids=["ausgabe"])
    map_section = nodes.section("", nodes.title("", "Karte"), ids=["karte"])
    first, last = _article("erster"), _article("letzter")
    tree = nodes.document(None, None)  # type: ignore[arg-type]
    tree.extend([intro, nodes.raw("", PAGE_BREAK, format="pdf"), map_section, first, last])
    keep_tails(tree)
    assert isinstance(intro.parent, KeptTail)
    assert not isinstance(map_section.parent, KeptTail)  # an article follows it
    assert not any(isinstance(child, KeptTail) for child in first.children)
    assert [type(child) for child in last.children] == [KeptTail]
    assert isinstance(last[0][0], nodes.section)


def test_handlers_only_on_the_verified_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another rst2pdf or reportlab: no handler is added, one line says which."""
    from rst2pdf.sphinxnodes import sphinxhandlers
    from transmit_kb.print_edition import handlers

    class Probe(nodes.container):
        pass

    assert handlers.versions_verified(), "the pinned versions are installed"
    wanted = {**handlers.VERIFIED, "reportlab": "0.0.1"}
    monkeypatch.setattr(handlers, "VERIFIED", wanted)
    monkeypatch.setattr(handlers.versions_verified, "__defaults__", (wanted,))
    messages: list[str] = []
    monkeypatch.setattr(handlers.logger, "info", lambda text, *args: messages.append(text % args))
    assert not handlers.add_handler(Probe, lambda: object())
    assert not handlers.add_handler(Probe, lambda: object())
    assert Probe not in sphinxhandlers.dispatchdict
    assert len(messages) == 1 and "reportlab 4.5.1" in messages[0], messages
