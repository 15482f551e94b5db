"""citeproc-py's lookups in a citation style, done once per style instead of once per entry.

Rendering one bibliography entry took about 10 ms in APA and 3 ms in DIN ISO
690 (citeproc-py 0.11.1); with a cold citation cache (CI, a fresh machine)
the 60-issue corpus renders about 600 records in both styles. A profile of
one APA entry spends two thirds of its time in two lookups whose answer
depends on the style alone, never on the entry:

* **Macros.** Every ``<text macro="…"/>`` asks
  ``CitationStylesElement.get_macro``, which runs the XPath query
  ``cs:macro[@name='…'][1]`` on the style's root: a third of the time.
* **Whether an element calls a variable.** A ``<group>`` is left out when
  none of its variables rendered; to know which of its children call one,
  it asks each child's ``calls_variable``, which walks the child's whole
  subtree and every macro it uses (``Parent.calls_variable``,
  ``Text.calls_variable``), again for every entry. The answer reads only the
  element's attributes, its children and the macros it names, all fixed
  once the style is parsed (checked in citeproc-py 0.11.1: no
  ``calls_variable`` takes or reads an item, the locale or the formatter).

Both answers are kept per style root from ``builder-inited`` to
``build-finished``. The root is held weakly, so a style that is gone takes
its answers with it; the elements are held strongly, because lxml hands
out a new Python object for an element whose previous one was collected,
and a kept object is the one lxml returns for its element from then on.
Keys are these objects, so an answer can never come from another style or
another parse of the same one. citeproc-py sets Python attributes on its
``Layout``, ``Citation`` and root elements only; none of these is kept.

With a cold citation cache a full build of the 60-issue bench corpus needs
1.078 to 1.117 of the CPU time without it (median 1.098, pages the same;
docs/benchmark.md). With a warm cache nothing is rendered and it saves
nothing.

A test renders records of both styles (no authors, many authors, a literal
name, our emphasis marks, issue records), interleaved, with and without
the switch ``transmit_citeproc_cache`` and compares them byte for byte.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .patching import Patch, verified, wrap_once

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PATCH = Patch(
    switch="transmit_citeproc_cache",
    replaces=(
        "citeproc.model.CitationStylesElement.get_macro",
        "citeproc.model.Parent.calls_variable",
        "citeproc.model.Text.calls_variable",
    ),
    verified={"citeproc-py": "0.11.1"},
    gain="kalter Zitations-Cache, 60 Ausgaben: ohne 1,078 bis 1,117 der CPU-Zeit (Median 1,098)",
)

_Method = Callable[..., Any]


@dataclass
class _StyleAnswers:
    """What one style tree answered so far."""

    #: macro name -> the ``cs:macro`` element
    macros: dict[str, Any] = field(default_factory=dict)
    #: element (kept alive, so lxml returns this very object) -> ``calls_variable()``
    calls_variable: dict[Any, bool] = field(default_factory=dict)


_state: dict[str, bool] = {"active": False}
#: style root element -> its answers; gone with the root
_answers: weakref.WeakKeyDictionary[Any, _StyleAnswers] = weakref.WeakKeyDictionary()


def _answers_of(element: Any) -> _StyleAnswers:
    root = element.getroottree().getroot()
    answers = _answers.get(root)
    if answers is None:
        answers = _answers[root] = _StyleAnswers()
    return answers


def _caching_get_macro(get_macro: _Method) -> _Method:
    @functools.wraps(get_macro)
    def cached(self: Any, name: str) -> Any:
        if not _state["active"]:
            return get_macro(self, name)
        macros = _answers_of(self).macros
        macro = macros.get(name)
        if macro is None:  # a missing macro raises, as before, and is not kept
            macro = macros[name] = get_macro(self, name)
        return macro

    return cached


def _caching_calls_variable(calls_variable: _Method) -> _Method:
    @functools.wraps(calls_variable)
    def cached(self: Any) -> Any:
        if not _state["active"]:
            return calls_variable(self)
        known = _answers_of(self).calls_variable
        answer = known.get(self)
        if answer is None:
            answer = known[self] = calls_variable(self)
        return answer

    return cached


def install() -> None:
    """Put the caching lookups in place of citeproc-py's (once per process)."""
    from citeproc import model

    wrap_once(model.CitationStylesElement, "get_macro", _caching_get_macro)
    wrap_once(model.Parent, "calls_variable", _caching_calls_variable)
    wrap_once(model.Text, "calls_variable", _caching_calls_variable)


def forget() -> None:
    """Pass every lookup through to citeproc-py again and drop all answers."""
    _state["active"] = False
    _answers.clear()


def _start(app: Sphinx) -> None:
    forget()
    if not (app.config.transmit_citeproc_cache and app.config.transmit_citation):
        return  # without citations, citeproc-py is not even imported
    install()
    _state["active"] = True


def _forget(app: Sphinx, exception: BaseException | None) -> None:
    forget()


def setup_citeproc_cache(app: Sphinx) -> None:
    """Keep citeproc-py's macro lookups and ``calls_variable`` answers within a build."""
    if not verified(app, PATCH):
        return
    app.connect("builder-inited", _start)
    app.connect("build-finished", _forget, priority=1000)
