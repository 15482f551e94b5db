"""The map in the print edition (filled in below)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_print(app: Sphinx) -> None:
    """Nothing yet."""
