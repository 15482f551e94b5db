"""The note "Zusammenfassung der Wissensbasis": said once per page, in the same words.

Every issue page and every article page of the knowledge base summarises a
brochure (or, for ``kind: Einführung der Wissensbasis``, introduces it in the
knowledge base's own words). Instead of repeating that in the prose of every
page, one note right under the page header says what the page is and where
the full text is. It is a standard ``admonition`` node with a title, so every
builder (HTML, EPUB, rst2pdf) keeps it.

Switched on by ``transmit_summary_note = True`` (default off: a project that
only loads ``transmit_kb`` keeps its pages unchanged).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.domain import get_domain
from ..core.frontmatter import OWN_PAGE_KIND, ArticleMeta, IssueMeta
from ..core.links import doc_link
from ..core.listings import ListingKind, make_listing, register_listing

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: the class of the note in every output (styled in HTML by the theme's admonition)
NOTE_CLASS = "tm-summary-note"
SUMMARY_TITLE = "Zusammenfassung der Wissensbasis"
OWN_PAGE_TITLE = "Einführung der Wissensbasis"
#: the page that says how to get the brochures (print copy or the publisher's PDF)
ABOUT_DOC = "ueber"
LISTING = "summary-note"


def note_texts(kind: str, issue: str, is_issue: bool) -> tuple[str, str, str]:
    """Title, what the page is, and the sentence on where the full text is.

    ``issue``: the issue as the note names it, e.g. ``Nr. 2 von „TransMit plus“``.
    """
    if is_issue:
        return (
            SUMMARY_TITLE,
            f"Diese Seite fasst die Ausgabe {issue} in eigenen Worten "
            "zusammen; die Seiten darunter fassen ihre Beiträge zusammen. Titel, Text und "
            "Aufbau der Seiten stammen von der Wissensbasis, nicht aus der Broschüre. "
            "Originaltexte, Zitate und Zahlen geben sie nicht wieder.",
            "Die vollständigen Texte enthält die Broschüre, gedruckt oder als PDF der "
            "Herausgeberin",
        )
    if kind == OWN_PAGE_KIND:
        return (
            OWN_PAGE_TITLE,
            f"Diese Seite ist kein Beitrag der Broschüre: Die Wissensbasis führt hier in "
            f"{issue} ein und stellt die Beiträge der Ausgabe vor.",
            "Die Beiträge selbst enthält die Broschüre, gedruckt oder als PDF der Herausgeberin",
        )
    return (
        SUMMARY_TITLE,
        f"Diese Seite fasst einen Beitrag aus {issue} in eigenen Worten "
        "zusammen. Titel und Text der Seite stammen von der Wissensbasis, nicht aus der "
        "Broschüre. Originaltexte, Zitate und Zahlen gibt sie nicht wieder.",
        "Den vollständigen Beitrag enthält die Broschüre, gedruckt oder als PDF der Herausgeberin",
    )


def summary_note(
    app: Sphinx, docname: str, kind: str, issue: str, is_issue: bool
) -> nodes.admonition:
    """The note for one page: a titled admonition of two paragraphs."""
    title, what, where = note_texts(kind, issue, is_issue)
    last = nodes.paragraph("", "", nodes.Text(where))
    if ABOUT_DOC in app.env.all_docs:
        last += nodes.Text("; wie Sie sie bekommen, steht auf der Seite „")
        last += doc_link(app, docname, ABOUT_DOC, "Über die Reihe")
        last += nodes.Text("“ der Wissensbasis")
    last += nodes.Text(".")
    return nodes.admonition(
        "", nodes.title("", title), nodes.paragraph("", what), last, classes=[NOTE_CLASS]
    )


def _note_data(env: BuildEnvironment, options: dict[str, Any]) -> str | None:
    """``Nr. 2 von „TransMit plus“`` for the page's issue (``None`` if it is unknown)."""
    issue: IssueMeta | None = get_domain(env).lookup("issue", options["issue"])
    if issue is None:
        return None
    series = issue.series.split(" – ")[0].strip()  # without the series line  # noqa: RUF001
    number = f"Nr.\u00a0{issue.number}"  # no line break inside "Nr. 2"
    return f"{number} von „{series}“" if series else number


def _render_note(
    app: Sphinx, docname: str, options: dict[str, Any], issue: str | None
) -> list[nodes.Node]:
    if issue is None:
        return []
    return [summary_note(app, docname, options["kind"], issue, options["is_issue"])]


def _after_header(section: nodes.section) -> int:
    """The index right after the page header of ``issues`` (abstract or summary), else the title."""
    for index, child in enumerate(section.children):
        classes = child.get("classes", []) if isinstance(child, nodes.Element) else []
        if "tm-abstract" in classes or "tm-issue-summary" in classes:
            return index + 1
    title = section.next_node(nodes.title)
    return section.index(title) + 1 if title is not None and title.parent is section else 0


def _add_note(app: Sphinx, doctree: nodes.document) -> None:
    """A placeholder for the note under the page header (resolved with the listings)."""
    if not app.config.transmit_summary_note:
        return
    env = app.env
    domain = get_domain(env)
    article: ArticleMeta | None = domain.lookup("article", env.docname)
    if domain.lookup("issue", env.docname) is not None:
        options: dict[str, Any] = {"issue": env.docname, "kind": "", "is_issue": True}
    elif article is not None:
        options = {"issue": article.issue_docname, "kind": article.kind, "is_issue": False}
    else:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    section.insert(_after_header(section), make_listing(LISTING, options))
    # the listings collector has run (priority 500): record it for incremental rebuilds
    domain.add("listings", env.docname, (LISTING, options))


def setup_summary_note(app: Sphinx) -> None:
    """Add the note to issue and article pages when ``transmit_summary_note`` is on."""
    register_listing(LISTING, ListingKind(_note_data, _render_note))
    # after the page header of ``issues`` (default priority 500), before the byline (600)
    app.connect("doctree-read", _add_note, priority=550)
