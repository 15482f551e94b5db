"""Listings of objects collected from other pages.

A listing directive leaves a :class:`listing` placeholder that carries its
kind and options; it is replaced on ``doctree-resolved`` with nodes built
from the ``tm`` domain. After every read phase, each page with listings gets
a fingerprint of the data it shows: when that changes (an object was edited,
added or removed anywhere), the page is written again, without ``-E`` and
without re-reading it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class listing(nodes.General, nodes.Element):
    """Placeholder for a listing, replaced before any writer sees it."""


@dataclass(frozen=True)
class ListingKind:
    """How to compute (``data``) and show (``render``) one kind of listing."""

    data: Callable[[BuildEnvironment, dict[str, Any]], Hashable]
    render: Callable[[Sphinx, str, dict[str, Any], Any], list[nodes.Node]]


_KINDS: dict[str, ListingKind] = {}


def register_listing(name: str, kind: ListingKind) -> None:
    """Make listing ``name`` known (called from each feature's setup)."""
    _KINDS[name] = kind


def make_listing(name: str, options: dict[str, Any]) -> listing:
    """A placeholder node for listing ``name`` with ``options``."""
    return listing("", kind=name, options=dict(options))


def leave_out_of_text_search(env: BuildEnvironment, folder: str = "") -> None:
    """Keep the page being read out of the full-text search (with ``folder``: if below it).

    For generated pages that only repeat what the search finds elsewhere:
    case-study overviews and author pages show registry data (found as
    objects: the case studies, places and persons, which link to these pages)
    and titles of articles (found on the articles themselves). The same
    directive on a page written by hand (outside the generated ``folder``)
    leaves that page searchable.
    """
    if not folder or env.docname.startswith(f"{folder}/"):
        env.metadata[env.docname]["nosearch"] = True


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    for node in doctree.findall(listing):
        get_domain(app.env).add("listings", docname, (node["kind"], node["options"]))


def _fingerprint(env: BuildEnvironment, specs: list[tuple[str, dict[str, Any]]]) -> str:
    digest = hashlib.sha256()
    for name, options in specs:
        digest.update(
            repr((name, sorted(options.items()), _KINDS[name].data(env, options))).encode()
        )
    return digest.hexdigest()


def _outdated_listings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = get_domain(env)
    stale = []
    for docname, specs in domain.entries("listings"):
        fingerprint = _fingerprint(env, specs)
        if domain.lookup("listing_fingerprints", docname) != fingerprint:
            domain.record("listing_fingerprints", docname, fingerprint)
            stale.append(docname)
    return stale


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(listing)):
        kind = _KINDS[node["kind"]]
        data = kind.data(app.env, node["options"])
        node.replace_self(kind.render(app, docname, node["options"], data))


def setup_listings(app: Sphinx) -> None:
    """Wire placeholders, fingerprints and resolution."""
    app.add_node(listing)
    app.connect("doctree-read", _collect)
    app.connect("env-updated", _outdated_listings)
    app.connect("doctree-resolved", _resolve)
