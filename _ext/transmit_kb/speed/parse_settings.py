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

A test builds the same site with and without the cache (switch:
``transmit_parse_settings_cache``) and compares every page byte for byte.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any

from docutils import utils

from .patching import Patch, verified, wrap_once

if TYPE_CHECKING:
    from docutils.frontend import Values
    from sphinx.application import Sphinx

PATCH = Patch(
    switch="transmit_parse_settings_cache",
    replaces=(
        "sphinx.util.docutils._get_settings",
        "myst_parser.mdit_to_docutils.base.make_document",
    ),
    verified={"Sphinx": "9.0.4", "myst-parser": "5.2.0", "docutils": "0.22.4"},
    gain="4 ms je Dokument, etwa 10 % eines Vollbuilds bei 60 Ausgaben",
)

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


def _forget(app: Sphinx, exception: BaseException | None) -> None:
    _built.clear()


def setup_parse_settings(app: Sphinx) -> None:
    """Reuse each document's docutils settings within a build."""
    if not verified(app, PATCH):
        return
    app.connect("builder-inited", _install)
    app.connect("build-finished", _forget)
