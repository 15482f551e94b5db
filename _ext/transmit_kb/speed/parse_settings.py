"""Build the docutils settings of a document once per build, not per document.

Before parsing a document Sphinx builds its docutils settings from scratch: a
new option parser with about 150 options, plus a look for ``docutils.conf``
files. MyST then builds a second, throwaway set for a document it never uses
(``options.get("document", make_document())`` evaluates its default). Both
cost about 4 ms per document (0.4 s of a 5-issue build, 3 s at 60 issues)
and give the same values for every document of a build.

This module builds each set once and hands every document its own shallow
copy, as Sphinx's own ``new_document`` does. The one value a document fills
in (``record_dependencies``, which files it included) is new for each copy,
so dependencies never leak from one document to the next. The cache is
emptied when a build starts and when it ends.

MyST likewise builds a new Markdown parser (markdown-it with its plugins,
and a renderer) for every document: about 0.35 ms, 15 % of reading a short
generated page such as an author page. A parser depends only on the MyST
configuration (the project's, merged with a page's own ``myst`` front
matter) and sets up all of its per-document state when it renders, so a
parser is kept for each configuration seen and reused for the next document
with an equal one.

A test builds the same site with and without the cache (switch:
``transmit_parse_settings_cache``) and compares every page byte for byte.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any

from docutils import utils

from .patching import wrap_once

if TYPE_CHECKING:
    from docutils.frontend import Values
    from sphinx.application import Sphinx

_GetSettings = Callable[..., "Values"]

#: (components, defaults, read_config_files) -> settings built for them
_built: dict[Hashable, Values] = {}


def _identity(value: Any) -> Hashable:
    """A value itself if hashable, else its identity (the environment, lists)."""
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return value


def _key(
    components: tuple[Any, ...], defaults: Mapping[str, Any], read_config_files: bool
) -> Hashable:
    kinds = tuple(c if isinstance(c, type) else type(c) for c in components)
    values = tuple(sorted((name, _identity(v)) for name, v in defaults.items()))
    return kinds, values, read_config_files


def fresh_copy(settings: Values) -> Values:
    """A shallow copy with its own list of recorded dependencies."""
    mine = copy.copy(settings)
    mine.record_dependencies = utils.DependencyList()
    return mine


def _caching(build: _GetSettings) -> _GetSettings:
    @functools.wraps(build)
    def get_settings(
        *components: Any, defaults: Mapping[str, Any], read_config_files: bool = False
    ) -> Values:
        env = defaults.get("env")
        config = getattr(env, "config", None)
        if not getattr(config, "transmit_parse_settings_cache", False):
            return build(*components, defaults=defaults, read_config_files=read_config_files)
        key = _key(components, defaults, read_config_files)
        if key not in _built:
            _built[key] = build(*components, defaults=defaults, read_config_files=read_config_files)
        return fresh_copy(_built[key])

    return get_settings


def _reusing_defaults(make: Callable[..., Any]) -> Callable[..., Any]:
    """MyST's ``make_document`` with the default settings of each parser built once."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    @functools.cache
    def defaults_for(parser_cls: type) -> Values:
        return get_default_settings(parser_cls)

    @functools.wraps(make)
    def make_document(source_path: str = "notset", parser_cls: type = Parser) -> Any:
        return utils.new_document(source_path, settings=fresh_copy(defaults_for(parser_cls)))

    return make_document


#: ``parsers``: whether MyST parsers are reused (from ``builder-inited`` to
#: ``build-finished``); ``parsing``: MyST parses under way (2 or more: nested)
_state = {"parsers": False, "parsing": 0}
#: (MyST configuration, renderer class, parser) of this build, at most a few
_parsers: list[tuple[Any, Any, Any]] = []
#: keep at most this many parsers (pages with their own MyST settings are rare)
_MAX_PARSERS = 8


def _reusing_parsers(create: Callable[..., Any]) -> Callable[..., Any]:
    """MyST's ``create_md_parser``, returning the parser made for an equal configuration."""

    @functools.wraps(create)
    def create_md_parser(config: Any, renderer: Any) -> Any:
        if not _state["parsers"] or _state["parsing"] != 1:
            return create(config, renderer)  # off, or a parse inside a parse: a parser of its own
        for known_config, known_renderer, parser in _parsers:
            if known_renderer is renderer and known_config == config:
                return parser
        parser = create(config, renderer)
        del _parsers[_MAX_PARSERS - 1 :]
        _parsers.insert(0, (config, renderer, parser))
        return parser

    return create_md_parser


def _counting_parses(parse: Callable[..., None]) -> Callable[..., None]:
    """MyST's ``MystParser.parse``, counting the parses under way (a parse may nest one)."""

    @functools.wraps(parse)
    def counted(self: Any, inputstring: str, document: Any) -> None:
        _state["parsing"] += 1
        try:
            parse(self, inputstring, document)
        finally:
            _state["parsing"] -= 1

    return counted


def _install(app: Sphinx) -> None:
    """Wrap Sphinx's and MyST's settings builders once per process."""
    _forget(app, None)
    from sphinx.util import docutils as sphinx_docutils

    wrap_once(sphinx_docutils, "_get_settings", _caching)
    if not app.config.transmit_parse_settings_cache:
        return
    try:
        from myst_parser.mdit_to_docutils import base
    except ImportError:
        return
    wrap_once(base, "make_document", _reusing_defaults)
    from myst_parser.parsers import sphinx_ as myst_sphinx

    wrap_once(myst_sphinx, "create_md_parser", _reusing_parsers)
    wrap_once(myst_sphinx.MystParser, "parse", _counting_parses)
    _state["parsers"] = True


def _forget(app: Sphinx, exception: BaseException | None) -> None:
    _built.clear()
    _parsers.clear()
    _state["parsers"] = False


def setup_parse_settings(app: Sphinx) -> None:
    """Reuse each document's docutils settings within a build."""
    app.add_config_value("transmit_parse_settings_cache", True, "", types=frozenset({bool}))
    app.connect("builder-inited", _install)
    app.connect("build-finished", _forget)
