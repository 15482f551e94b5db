"""The page outline of pydata-sphinx-theme, built without BeautifulSoup.

For every page the theme's ``generate_toc_html`` parses Sphinx's outline
(``context["toc"]``) with BeautifulSoup, adds Bootstrap classes and writes it
out again: about 2 ms per page (1.6 s at 60 issues) plus 0.1 s for compiling
its CSS selectors. Sphinx writes that outline in a small, regular form
(nested ``ul``/``li``/``a``), so the same classes can be added by walking its
tags with a regular expression.

The result is the theme's, byte for byte: the theme's function stays in
place for any outline outside that form (entities such as ``&quot;`` that
BeautifulSoup would write differently, self-closing tags, unexpected
elements), and a test compares both on every page of the test sites and on
crafted outlines. Switch: ``transmit_fast_page_toc``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .patching import Patch, verified, wrap_once

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PATCH = Patch(
    switch="transmit_fast_page_toc",
    replaces=("pydata_sphinx_theme.toctree.add_toctree_functions",),
    verified={"pydata-sphinx-theme": "0.20.0"},
    gain="etwa 2 ms je Seite, 1,6 s eines Vollbuilds bei 60 Ausgaben",
)

#: elements Sphinx writes into a page outline
_KNOWN = frozenset({"ul", "li", "a", "span", "code", "em", "strong", "sub", "sup", "abbr"})
_ANY_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?: [a-z-]+=\"[^\"&<>]*\")*)>")
_ATTRIBUTE = re.compile(r' ([a-z-]+)="([^"]*)"')
#: what BeautifulSoup would write differently than Sphinx does
_UNSAFE = ("/>", "<!", "<?", "\r")
_OTHER_ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")


class TocHtml(str):
    """Outline markup that behaves like the theme's BeautifulSoup result in templates.

    A tag is always true, and its length (``| length``) is its number of children.
    """

    children: int

    def __new__(cls, markup: str, children: int) -> TocHtml:
        made = super().__new__(cls, markup)
        made.children = children
        return made

    def __bool__(self) -> bool:
        return True

    def __len__(self) -> int:
        return self.children


@dataclass
class _Element:
    name: str
    attributes: list[tuple[str, str]]
    classes: list[str]
    start: int  # index of the opening tag in the output parts
    level: int = 0  # outline level of a ul or li (0: none)
    parent: _Element | None = None
    children: int = 0  # child nodes (elements and text runs)
    first_ul_seen: bool = False  # for an li: its first ul child got its level
    wants_link: bool = False  # for an li: the first link inside gets nav-link
    has_level_two: bool = False  # for a level-1 li: holds a level-2 li
    end: int = -1

    def tag(self) -> str:
        attributes = list(self.attributes)
        value = " ".join(self.classes)
        if any(name == "class" for name, _ in attributes):
            attributes = [(n, value if n == "class" else v) for n, v in attributes]
        elif self.classes:
            attributes.append(("class", value))
        return f"<{self.name}" + "".join(f' {n}="{v}"' for n, v in attributes) + ">"


def fast_toc_html(toc: str, show_toc_level: int) -> str | None:
    """The theme's outline markup for ``toc``, or None when the theme must make it."""
    if any(token in toc for token in _UNSAFE) or _OTHER_ENTITY.search(toc):
        return None
    parts: list[str] = []
    elements: list[_Element] = []
    stack: list[_Element] = []
    top: list[_Element] = []  # top-level elements
    top_texts = 0
    leveled_top: _Element | None = None
    position = 0
    for match in _ANY_TAG.finditer(toc):
        text = toc[position : match.start()]
        if "<" in text or ">" in text:
            return None
        if text:
            parts.append(text)
            if stack:
                stack[-1].children += 1
            else:
                top_texts += 1
        position = match.end()
        closing, name, attribute_text = match.group(1), match.group(2), match.group(3)
        if name not in _KNOWN:
            return None
        if closing:
            if not stack or stack[-1].name != name or attribute_text:
                return None
            element = stack.pop()
            element.end = len(parts)
            parts.append(match.group(0))
            continue
        attributes = _ATTRIBUTE.findall(attribute_text)
        classes: list[str] = next((v.split() for n, v in attributes if n == "class"), [])
        parent = stack[-1] if stack else None
        element = _Element(name, attributes, classes, len(parts), parent=parent)
        parts.append("")  # the tag, written once its classes are known
        if parent is not None:
            parent.children += 1
        else:
            top.append(element)
        if name == "ul":
            if parent is None and leveled_top is None:
                leveled_top = element
                element.level = 1
            elif (
                parent is not None
                and parent.name == "li"
                and parent.level
                and not parent.first_ul_seen
            ):
                parent.first_ul_seen = True
                element.level = parent.level + 1
            if element.level and element.level <= show_toc_level + 1:
                element.classes.append("pst-show_toc_level")
        elif name == "li":
            if parent is not None and parent.name == "ul" and parent.level:
                element.level = parent.level
                element.classes.append(f"toc-h{element.level}")
                if element.level == 2:
                    outer = parent.parent
                    if outer is not None and outer.level == 1:
                        outer.has_level_two = True
            element.wants_link = True
        elif name == "a":
            ancestor = parent
            while ancestor is not None:
                if ancestor.name == "li" and ancestor.wants_link:
                    ancestor.wants_link = False
                    element.classes.append("nav-link")
                ancestor = ancestor.parent
        elements.append(element)
        stack.append(element)
    rest = toc[position:]
    if stack or "<" in rest or ">" in rest:
        return None
    if rest:
        parts.append(rest)
        top_texts += 1
    # the theme adds the Bootstrap classes after the levels
    for element in elements:
        if element.name == "ul":
            element.classes += ["nav", "section-nav", "flex-column"]
        elif element.name == "li":
            element.classes += ["nav-item", "toc-entry"]
    for element in elements:
        parts[element.start] = element.tag()
    heads = [e for e in elements if e.name == "li" and e.level == 1 and e.parent is leveled_top]
    if len(heads) == 1:
        title = heads[0]
        if not title.has_level_two:
            return ""
        inner = next(e for e in elements if e.name == "ul" and _inside(e, title))
        return TocHtml("".join(parts[inner.start : inner.end + 1]), inner.children)
    return TocHtml("".join(parts), len(top) + top_texts)


def _inside(element: _Element, ancestor: _Element) -> bool:
    parent = element.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


_AddFunctions = Callable[..., None]


def _with_fast_outline(add: _AddFunctions) -> _AddFunctions:
    @functools.wraps(add)
    def add_toctree_functions(
        app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        add(app, pagename, templatename, context, doctree)
        if not getattr(app.config, "transmit_fast_page_toc", False):
            return
        theirs = context.get("generate_toc_html")
        if theirs is None or "toc" not in context:
            return

        @functools.cache
        def generate_toc_html(kind: str = "html") -> Any:
            if kind == "html":
                level = int(context.get("theme_show_toc_level", 1))
                made = fast_toc_html(str(context["toc"]), level)
                if made is not None:
                    return made
            return theirs(kind)

        context["generate_toc_html"] = generate_toc_html

    return add_toctree_functions


def install() -> None:
    """Wrap the theme's ``add_toctree_functions`` before the theme connects it."""
    try:
        from pydata_sphinx_theme import toctree
    except ImportError:
        return
    wrap_once(toctree, "add_toctree_functions", _with_fast_outline)


def setup_page_toc(app: Sphinx) -> None:
    """Build the page outline without BeautifulSoup (the theme connects it later)."""
    if not verified(app, PATCH):
        return
    install()
