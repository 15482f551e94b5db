"""Our own nodes in rst2pdf's handler table, only on the versions we verified.

rst2pdf has no API for new node types: its Sphinx mode dispatches on node
class through ``rst2pdf.sphinxnodes.sphinxhandlers.dispatchdict``, and our
handlers rely on reportlab's ``KeepTogether`` internals. On other versions of
rst2pdf or reportlab no handler is added and one line says so: the nodes are
then drawn as ordinary containers (a box or a text end may split across
pages; nothing is lost).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sphinx.util import logging

from ..core.versions import version_mismatches

logger = logging.getLogger(__name__)

#: distribution -> the version the handlers were verified against (pyproject.toml pins them)
VERIFIED = {"rst2pdf": "0.105", "reportlab": "4.5.1"}

_reported: set[str] = set()


def versions_verified(verified: dict[str, str] = VERIFIED) -> bool:
    """Whether rst2pdf and reportlab are the verified versions (logs once if not)."""
    other = version_mismatches(verified)
    if not other:
        return True
    found = ", ".join(other)
    if found not in _reported:
        _reported.add(found)
        logger.info(
            "Druckausgabe: %s; Kästen und Textenden werden ohne eigene Umbruchregeln gesetzt.",
            found,
        )
    return False


def add_handler(node_class: type, make_handler: Callable[[], Any]) -> bool:
    """Add ``make_handler()`` for ``node_class`` to rst2pdf's table; ``True`` if it is there."""
    if not versions_verified():
        return False
    from rst2pdf.sphinxnodes import sphinxhandlers

    table = getattr(sphinxhandlers, "dispatchdict", None)
    if not isinstance(table, dict):
        return False
    if node_class not in table:
        table[node_class] = make_handler()
    return True
