"""The model of one build: what every feature asks, kept in one typed place.

Each environment has one :class:`Model` (:func:`model`): the registries of
the build and what features derive from the stores once per build (who
wrote what, the case studies with their places, the sidebar's tree, the
search's records). Nothing is set on Sphinx's ``env``, ``builder`` or
``app`` objects; the model lives beside the environment as long as it does
and is never pickled with it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .messages import file_location, warn
from .registry import Registry, load_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


@dataclass
class Model:
    """The registries and the per-build data derived from the ``tm`` stores.

    The derived values belong to features (``core`` does not know their
    types); each feature reads and writes only its own field.
    """

    registry: Registry | None = None
    #: authors: person id -> contributions, newest first
    author_index: dict[str, tuple[Any, ...]] | None = None
    #: case studies with municipality and issue, in listing order
    case_views: list[Any] | None = None
    #: the sidebar's tree of documents (written pages of this build)
    nav_tree: Any = None
    #: the search's records of the pages written in this build
    search_state: Any = None
    #: the print edition's capture of rst2pdf's log
    pdf_log: Any = None
    #: the light pages' stylesheet jobs, started while Sphinx reads
    css_jobs: dict[str, Any] = field(default_factory=dict)
    #: citation: each issue's print pages, read from its PDF once per build
    print_pages: dict[str, Any] = field(default_factory=dict)


_models: weakref.WeakKeyDictionary[BuildEnvironment, Model] = weakref.WeakKeyDictionary()


def model(env: BuildEnvironment) -> Model:
    """The model of ``env``'s build."""
    found = _models.get(env)
    if found is None:
        found = _models[env] = Model()
    return found


def get_registry(env: BuildEnvironment) -> Registry:
    """The registries of ``env``'s build (read once, at ``builder-inited``)."""
    state = model(env)
    if state.registry is None:
        state.registry = load_registry(Path(env.srcdir), env.config.transmit_data_dir)
    return state.registry


def load_registries(app: Sphinx) -> None:
    """Read the registries at the start of a build and report their problems."""
    cache = Path(app.doctreedir) / "transmit-yaml"
    registry = load_registry(Path(app.srcdir), app.config.transmit_data_dir, cache)
    for path, problem in registry.problems:
        warn("registry", problem.message, file_location(str(path), problem.line))
    model(app.env).registry = registry
