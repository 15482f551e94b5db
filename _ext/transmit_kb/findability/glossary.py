"""The glossary in German alphabetical order, with an A-Z jump list (HTML).

Every ``glossary`` is sorted by its first term in German order: case and
accents are ignored, so Ä files with A, Ö with O, Ü with U and ß as ss
(DIN 5007-1). A further term of an entry gets an entry of its own under its
letter that points to the first ("siehe ..."). HTML formats get a
navigation "Glossar von A bis Z" above it: each letter with terms links to
a heading of that letter; letters without terms are shown, but are no
links. Terms that begin with a digit or sign come first, under "0-9".
"""

from __future__ import annotations

import string
import unicodedata
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.landmarks import as_labelled
from . import enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LETTERS = string.ascii_uppercase


def german_key(text: str) -> str:
    """The sort key of ``text`` in German dictionary order (DIN 5007-1)."""
    folded = unicodedata.normalize("NFD", text.casefold().replace("ß", "ss"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def initial(text: str) -> str:
    """The letter a term is filed under (``Ä`` -> ``A``), ``#`` for anything else.

    Terms under ``#`` (digits, signs) sort before A, as their keys do.
    """
    key = german_key(text).lstrip()
    first = key[:1].upper()
    return first if first in LETTERS else "#"


def _first_term(item: nodes.Element) -> str:
    term = next(iter(item.findall(nodes.term)), None)
    return term.astext() if term is not None else ""


def _see_entries(item: nodes.definition_list_item) -> list[nodes.definition_list_item]:
    """For each further term of an entry, an entry of its own that points to the first.

    "Kommunales Bildungsmanagement", the second term of "Bildungsmanagement", is
    then found under K as well ("siehe Bildungsmanagement").
    """
    terms = [t for t in item.children if isinstance(t, nodes.term)]
    if len(terms) < 2 or not terms[0]["ids"]:
        return []
    entries: list[nodes.definition_list_item] = []
    for term in terms[1:]:
        link = nodes.reference("", terms[0].astext(), refid=terms[0]["ids"][0])
        see = nodes.paragraph("", "siehe ", link)
        see_term = nodes.term("", term.astext())
        see_term["ids"] = [f"{terms[0]['ids'][0]}-siehe-{len(entries) + 1}"]
        entry = nodes.definition_list_item(
            "",
            see_term,
            nodes.definition("", see),
            classes=["tm-glossary-see"],
        )
        entry.source, entry.line = item.source, item.line
        entries.append(entry)
    return entries


class SortGlossaries(SphinxTransform):
    """Sort the entries of every glossary in German order (all builders)."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        if not enabled(self.config):
            return
        for glossary in self.document.findall(addnodes.glossary):
            for dlist in glossary.findall(nodes.definition_list):
                items = [c for c in dlist.children if isinstance(c, nodes.definition_list_item)]
                items += [see for item in items for see in _see_entries(item)]
                items.sort(key=lambda item: (german_key(_first_term(item)), _first_term(item)))
                dlist.children = []
                dlist.extend(items)


def anchor(letter: str) -> str:
    """The HTML id of a letter's heading."""
    return "buchstabe-" + ("0-9" if letter == "#" else letter.lower())


def shown(letter: str) -> str:
    """A letter as the jump list and its heading show it (``#``: terms not under A-Z)."""
    return "0\N{EN DASH}9" if letter == "#" else letter


class GlossaryJumpList(SphinxPostTransform):
    """Letter headings and an A-Z navigation for each glossary (HTML formats)."""

    default_priority = 450
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not enabled(self.config):
            return
        for glossary in list(self.document.findall(addnodes.glossary)):
            dlist = next(iter(glossary.findall(nodes.definition_list)), None)
            if dlist is None or glossary.get("tm_az"):
                continue
            groups: dict[str, list[nodes.Node]] = {}
            for item in dlist.children:
                groups.setdefault(initial(_first_term(item)), []).append(item)  # type: ignore[arg-type]
            parts: list[nodes.Node] = [self._jump_list(groups)]
            for letter, items in groups.items():
                heading = nodes.rubric("", shown(letter))
                heading["heading-level"] = 2
                heading["ids"] = [anchor(letter)]
                heading["classes"].append("tm-az-heading")
                part = glossary.deepcopy()
                part["tm_az"] = True
                part_list = next(iter(part.findall(nodes.definition_list)))
                part_list.children = []
                part_list.extend(items)
                parts += [heading, part]
            glossary.replace_self(parts)

    def _jump_list(self, groups: dict[str, list[nodes.Node]]) -> nodes.Node:
        items = nodes.bullet_list(classes=["tm-az"])
        for letter in [*(["#"] if "#" in groups else []), *LETTERS]:
            if letter in groups:
                content: nodes.Node = nodes.reference("", shown(letter), refid=anchor(letter))
            else:
                content = nodes.inline("", shown(letter), classes=["tm-az-empty"])
            items += nodes.list_item("", nodes.paragraph("", "", content))
        return as_labelled(
            nodes.container("", items, classes=["tm-az-nav"]), "nav", "Glossar von A bis Z"
        )


def setup_glossary(app: Sphinx) -> None:
    """Sorting (all builders) and the A-Z jump list (HTML)."""
    app.add_transform(SortGlossaries)
    app.add_post_transform(GlossaryJumpList)
