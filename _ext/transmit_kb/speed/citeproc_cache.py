"""citeproc-py's lookups in a citation style, done once per build instead of once per entry.

Rendering one bibliography entry took about 10 ms in APA and 3 ms in DIN ISO
690 (citeproc-py 0.11.1); with a cold citation cache (CI, a fresh machine)
the 60-issue corpus renders 540 records in both styles. Most of that time
went to lookups whose answer does not depend on the entry being rendered:

* **XPath queries.** Macros (``cs:macro[@name='…'][1]`` on the style's
  root, for every ``<text macro="…"/>``), the enclosing ``cs:layout``, the
  locale's terms and date formats, the enclosing ``cs:citation`` or
  ``cs:bibliography`` of a name, a ``cs:substitute`` child, a following
  ``cs:et-al``: all through ``CitationStylesElement.xpath_search``, all
  asked anew for every entry. Each query starts at an element of a parsed
  style or locale and reads only that tree. The one change citeproc-py makes
  to a tree while rendering (``Names.process`` puts a default ``cs:name``
  into a ``cs:names`` that has none) adds an element that none of these
  queries selects. A query whose answer holds its own tree's root (the
  locale around a date of a locale file) is asked anew every time.
* **Whether an element calls a variable.** A ``<group>`` is left out when
  none of its variables rendered; to know which of its children call one,
  it asks each child's ``calls_variable``, which walks the child's whole
  subtree and every macro it uses, again for every entry. The answer reads
  only the element's attributes, its children and the macros it names
  (checked in citeproc-py 0.11.1: no ``calls_variable`` takes or reads an
  item, the locale or the formatter).
* **The reference of a citation item.** ``CitationItem.reference`` walks
  item → citation → bibliography → source on every variable test, 180 times
  per entry. It is fixed once the citation is registered; before that it
  raises, and a raised lookup is not kept. It is kept on the item itself
  (its ``__dict__``, not its keys), so it goes with the item.

* **Other lookups that read only the style.** An element's root
  (``get_root``, asked on every formatting step), a named child
  (``SomewhatObjectifiedElement.__getattr__``: a locale's ``cs:terms``, a
  layout's parent …; only found children are kept, as citeproc-py adds a
  ``cs:name`` to a ``cs:names`` that has none), a locale's style options
  (``Locale.get_option``, its ``cs:style-options`` searched on every call)
  and the types an ``<if type="…">`` tests (``If._type`` split and
  lowered them for every entry). Measured outside a build on the 1080
  entries of 60 issues: median 0.82 of the time without these four (five
  alternating runs, 0.73 to 0.98); in a build with a cold cache 0.995.

The answers of all but the reference are kept from ``builder-inited`` to
``build-finished`` and then dropped. Keys are the element objects, held
strongly: lxml hands out a new Python object for an element whose previous
one was collected, and a kept object is the one lxml returns for its
element from then on. So an answer can never come from another style or
another parse of the same one. Python attributes citeproc-py sets on kept
elements (a ``Layout``'s ``repressed``) are reset by citeproc-py at the
start of every entry, as before.

Gain at 60 issues with a cold citation cache: see ``PATCH.gain`` and
docs/benchmark.md. With a warm cache nothing is rendered and it saves
nothing.

A test renders records of both styles (no authors, many authors, a literal
name, our emphasis marks, issue records), interleaved, with and without
the switch ``transmit_citeproc_cache`` and compares them byte for byte.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .patching import Patch, verified, wrap_once

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PATCH = Patch(
    switch="transmit_citeproc_cache",
    replaces=(
        "citeproc.model.CitationStylesElement.xpath_search",
        "citeproc.model.Parent.calls_variable",
        "citeproc.model.Text.calls_variable",
        "citeproc.source.CitationItem.reference",
        "citeproc.model.CitationStylesElement.get_root",
        "citeproc.model.SomewhatObjectifiedElement.__getattr__",
        "citeproc.model.Locale.get_option",
        "citeproc.model.If._type",
    ),
    verified={"citeproc-py": "0.11.1"},
    gain="kalter Zitations-Cache, 60 Ausgaben: ohne 1,126 bis 1,207 der CPU-Zeit (Median 1,148)",
)

_Method = Callable[..., Any]

_state: dict[str, bool] = {"active": False}
#: (element, XPath expression) -> the elements found, in document order
_queries: dict[tuple[Any, str], tuple[Any, ...]] = {}
#: element -> its ``calls_variable()``
_calls_variable: dict[Any, bool] = {}
#: element -> its tree's root element
_roots: dict[Any, Any] = {}
#: (element, name) -> the first child ``cs:<name>`` (only children that were found)
_children: dict[tuple[Any, str], Any] = {}
#: (locale, option) -> the option's value, or :data:`_NO_OPTIONS`
_locale_options: dict[tuple[Any, str], Any] = {}
#: ``<if type="…">`` element -> its types, lowered
_if_types: dict[Any, tuple[str, ...]] = {}
_MISSING = object()
#: a locale without ``cs:style-options`` (``Locale.get_option`` raises ``IndexError``)
_NO_OPTIONS = object()
#: where a citation item keeps its reference (in its ``__dict__``, not among its keys)
_REFERENCE = "_transmit_reference"


def _caching_xpath_search(xpath_search: _Method) -> _Method:
    @functools.wraps(xpath_search)
    def cached(self: Any, expression: str) -> Any:
        if not _state["active"]:
            return xpath_search(self, expression)
        found = _queries.get((self, expression))
        if found is None:
            result = xpath_search(self, expression)
            root = self.getroottree().getroot()
            if any(element is root for element in result):
                return result  # the locale around a locale's date: asked anew
            found = _queries[self, expression] = tuple(result)
        return list(found)  # a list of its own, as lxml gives, for callers that change it

    return cached


def _kept_per_element(answers: dict[Any, Any]) -> Callable[[_Method], _Method]:
    """A wrapper that keeps ``method(element)`` in ``answers`` while the cache is active."""

    def wrap(method: _Method) -> _Method:
        @functools.wraps(method)
        def cached(self: Any) -> Any:
            if not _state["active"]:
                return method(self)
            answer = answers.get(self)
            if answer is None:
                answer = answers[self] = method(self)
            return answer

        return cached

    return wrap


def _caching_child(find_child: _Method) -> _Method:
    @functools.wraps(find_child)
    def cached(self: Any, name: str) -> Any:
        if not _state["active"]:
            return find_child(self, name)
        child = _children.get((self, name))
        if child is None:
            child = find_child(self, name)
            if child is not None:  # a missing cs:name may be added while rendering
                _children[self, name] = child
        return child

    return cached


def _caching_locale_option(get_option: _Method) -> _Method:
    @functools.wraps(get_option)
    def cached(self: Any, name: str) -> Any:
        if not _state["active"]:
            return get_option(self, name)
        value = _locale_options.get((self, name), _MISSING)
        if value is _MISSING:
            try:
                value = get_option(self, name)
            except IndexError:
                value = _NO_OPTIONS
            _locale_options[self, name] = value
        if value is _NO_OPTIONS:
            raise IndexError(name)
        return value

    return cached


def _caching_if_type(if_type: _Method) -> _Method:
    @functools.wraps(if_type)
    def cached(self: Any, item: Any) -> Any:
        if not _state["active"]:
            return if_type(self, item)
        types = _if_types.get(self)
        if types is None:
            types = _if_types[self] = tuple(kind.lower() for kind in self.get("type").split())
        if not types:
            return []
        reference_type = item.reference.type
        return [kind == reference_type for kind in types]

    return cached


class _KeptReference(property):
    """``CitationItem.reference``, kept on the item while the cache is active.

    A subclass because a plain ``property`` takes no attributes, and
    ``wrap_once`` marks its wrappers with one.
    """


def _caching_reference(reference: property) -> property:
    look_up = reference.fget
    assert look_up is not None

    def kept(self: Any) -> Any:
        if not _state["active"]:
            return look_up(self)
        own = self.__dict__
        found = own.get(_REFERENCE)
        if found is None:
            found = own[_REFERENCE] = look_up(self)
        return found

    return _KeptReference(kept, doc=reference.__doc__)


def install() -> None:
    """Put the caching lookups in place of citeproc-py's (once per process)."""
    from citeproc import model, source

    wrap_once(model.CitationStylesElement, "xpath_search", _caching_xpath_search)
    wrap_once(model.Parent, "calls_variable", _kept_per_element(_calls_variable))
    wrap_once(model.Text, "calls_variable", _kept_per_element(_calls_variable))
    wrap_once(source.CitationItem, "reference", _caching_reference)
    wrap_once(model.CitationStylesElement, "get_root", _kept_per_element(_roots))
    wrap_once(model.SomewhatObjectifiedElement, "__getattr__", _caching_child)
    wrap_once(model.Locale, "get_option", _caching_locale_option)
    wrap_once(model.If, "_type", _caching_if_type)


def forget() -> None:
    """Pass every lookup through to citeproc-py again and drop all answers."""
    _state["active"] = False
    _queries.clear()
    _calls_variable.clear()
    _roots.clear()
    _children.clear()
    _locale_options.clear()
    _if_types.clear()


def _start(app: Sphinx) -> None:
    forget()
    if not (app.config.transmit_citeproc_cache and app.config.transmit_citation):
        return  # without citations, citeproc-py is not even imported
    install()
    _state["active"] = True


def _forget(app: Sphinx, exception: BaseException | None) -> None:
    forget()


def setup_citeproc_cache(app: Sphinx) -> None:
    """Keep citeproc-py's style lookups and item references within a build."""
    if not verified(app, PATCH):
        return
    app.connect("builder-inited", _start)
    app.connect("build-finished", _forget, priority=1000)
