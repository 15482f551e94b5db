"""Wrapping a function of Sphinx, MyST or a theme, once per process.

Several speed-ups put a caching or counting function in place of a
library's own. A process may set up many Sphinx apps (the test suite does):
the function is wrapped the first time only, and each call of the wrapper
reads the switches of the app that is building.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: set on every wrapper this package puts in place
WRAPPED = "transmit_wrapped"


def is_wrapped(function: object) -> bool:
    """Whether ``function`` is one of our wrappers."""
    return bool(getattr(function, WRAPPED, False))


def wrap_once(owner: object, name: str, wrap: Callable[[Any], Any]) -> bool:
    """Put ``wrap(owner.name)`` in place of ``owner.name`` unless it is ours; whether it did.

    Nothing happens when ``owner`` has no such attribute (another version of
    the library).
    """
    current = getattr(owner, name, None)
    if current is None or is_wrapped(current):
        return False
    wrapper = wrap(current)
    setattr(wrapper, WRAPPED, True)
    setattr(owner, name, wrapper)
    return True
