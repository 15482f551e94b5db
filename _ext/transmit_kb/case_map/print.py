"""The map in the print edition: each PDF with case studies shows their states' maps.

The map is drawn as a PNG (:mod:`.raster`) next to the PDF and shown as an
``image`` with alt text, followed by the same numbers as a table and the BKG's
source note. The section is added before the print edition assembles the
brochure (``doctree-resolved`` below its priority 900), so the contents list it
and the checks for nodes rst2pdf cannot show see it (pdf builder only).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from ..case_studies.cards import all_views
from ..core.domain import get_domain
from ..core.text import slugify
from ..print_edition.build import PAGE_BREAK
from .districts import ATTRIBUTION, STATES, load
from .raster import write_png
from .svg import Entry, count_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: folder (in the PDF builder's output) of the map images
IMAGE_DIR = "_karten"
SECTION_TITLE = "Praxisbeispiele auf der Karte"


def _alt(state: str, entries: list[Entry]) -> str:
    named = ", ".join(f"{e.district.title} ({count_text(e.count)})" for e in entries)
    return (
        f"Karte der Kreise von {state}. Eingefärbt und mit ihrer Zahl beschriftet: {named}. "
        "Die Tabelle unter der Karte nennt dieselben Zahlen."
    )


def _table(state: str, entries: list[Entry]) -> nodes.table:
    table = nodes.table()
    group = nodes.tgroup(cols=2)
    table += group
    group += nodes.colspec(colwidth=75)
    group += nodes.colspec(colwidth=25)
    head = nodes.thead()
    group += head
    head += nodes.row(
        "",
        nodes.entry("", nodes.paragraph("", f"Kreis oder kreisfreie Stadt in {state}")),
        nodes.entry("", nodes.paragraph("", "Praxisbeispiele")),
    )
    body = nodes.tbody()
    group += body
    for entry in entries:
        body += nodes.row(
            "",
            nodes.entry("", nodes.paragraph("", entry.district.title)),
            nodes.entry("", nodes.paragraph("", str(entry.count))),
        )
    return table


def map_section(app: Sphinx, docname: str) -> list[nodes.Node]:
    """Page break and section with a map per state that has case studies of this PDF."""
    from . import map_data

    issue = get_domain(app.env).lookup("issue", docname)
    views = [v for v in all_views(app.env) if issue is None or v.issue_docname == docname]
    drawn_data, outside = map_data(views)
    if not drawn_data and not outside:
        return []
    by_ags = load().by_ags()
    section = nodes.section(ids=["praxisbeispiele-auf-der-karte"], names=[SECTION_TITLE.lower()])
    section += nodes.title("", SECTION_TITLE)
    what = "dieser Ausgabe" if issue is not None else "der Reihe"
    section += nodes.paragraph(
        "",
        f"Die Karten zeigen, in welchen Kreisen die Praxisbeispiele {what} liegen; die Zahl "
        "in einer Fläche ist die Zahl der Praxisbeispiele dort.",
    )
    folder = Path(app.outdir) / IMAGE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for state in STATES:
        entries = sorted(
            (
                Entry(by_ags[ags], count, "")
                for ags, count, _ in drawn_data
                if by_ags[ags].state == state
            ),
            key=lambda e: e.district.title.casefold(),
        )
        if not entries:
            continue
        drawn = [d for d in load().districts if d.state == state]
        title = f"Praxisbeispiele {what} in {state}"
        path = folder / f"{slugify(docname)}-{slugify(state)}.png"
        write_png(drawn, {e.district.ags: e.count for e in entries}, path)
        section += nodes.paragraph("", "", nodes.strong("", title))
        section += nodes.image(uri=str(path), alt=_alt(state, entries), width="75%")
        section += _table(state, entries)
    if outside:
        places = "; ".join(f"{name} ({state}): {count_text(n)}" for _, name, state, n in outside)
        section += nodes.paragraph("", f"Nicht auf der Karte: {places}.")
    section += nodes.paragraph("", f"Kartengrundlage: {ATTRIBUTION}")
    return [nodes.raw("", PAGE_BREAK, format="pdf"), section]


def _add_to_pdf(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    from . import enabled

    if app.builder.name == "pdf" and enabled(app):
        doctree.extend(map_section(app, docname))


def setup_print(app: Sphinx) -> None:
    """The map section of each PDF (before the brochure is assembled at 900)."""
    app.connect("doctree-resolved", _add_to_pdf, priority=850)
