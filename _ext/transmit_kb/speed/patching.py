"""How a speed-up may patch another library: declared, version-guarded, switchable.

Several speed-ups put a caching or counting function in place of a
library's own, or replace one of its internals. Each declares a
:class:`Patch`: the config switch that turns it off, what it replaces, the
library versions it was verified against and its measured gain. At
``setup`` :func:`verified` compares the installed versions; on any other
version the patch switches itself off, logs one line saying so, and the
build stays correct (only slower). :func:`wrap_once` refuses silently to do
nothing: a target that is gone on a verified version is an error.

A process may set up many Sphinx apps (the test suite does): a function is
wrapped the first time only, and each call of the wrapper reads the switch
of the app that is building.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..core.versions import installed_version, version_mismatches

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: set on every wrapper this package puts in place
WRAPPED = "transmit_wrapped"


@dataclass(frozen=True)
class Patch:
    """A patch of another library's internals and what it was verified against."""

    #: config value that switches the patch off (``False``); on by default
    switch: str
    #: the internals it replaces or wraps, as dotted names
    replaces: tuple[str, ...]
    #: distribution name -> the version the patch was verified against
    verified: Mapping[str, str]
    #: the gain measured by ``make bench`` (see docs/benchmark.md)
    gain: str


class PatchTargetMissing(RuntimeError):
    """A verified library lacks the attribute a patch wraps: the patch is wrong."""


def mismatches(patch: Patch) -> list[str]:
    """``name installed (geprüft: x)`` for every library not at its verified version."""
    # looked up here at each call, so a test can fake this module's installed_version
    return version_mismatches(patch.verified, installed_version)


def verified(app: Sphinx, patch: Patch) -> bool:
    """Whether ``patch`` may be put in place for ``app``'s builds.

    On other library versions it logs one line, turns the patch's switch
    (declared in ``core.config``) off for this app, so wrappers another app of
    the process put in place pass through, and answers ``False``.
    """
    wrong = mismatches(patch)
    if not wrong:
        return True
    logger.info(
        "transmit_kb: Beschleunigung %s ausgeschaltet, nicht geprüft mit %s",
        patch.switch,
        ", ".join(wrong),
    )

    def switch_off(app: Sphinx, config: Config) -> None:
        config[patch.switch] = False

    app.connect("config-inited", switch_off)
    return False


def is_wrapped(function: object) -> bool:
    """Whether ``function`` is one of our wrappers."""
    return bool(getattr(function, WRAPPED, False))


def wrap_once(owner: object, name: str, wrap: Callable[[Any], Any]) -> bool:
    """Put ``wrap(owner.name)`` in place of ``owner.name`` unless it is ours; whether it did.

    Raises :class:`PatchTargetMissing` when ``owner`` has no such attribute:
    callers check the library version first, so this is a wrong patch.
    """
    current = getattr(owner, name, None)
    if current is None:
        owner_name = getattr(owner, "__name__", type(owner).__name__)
        raise PatchTargetMissing(f"{owner_name}.{name} fehlt: der Patch passt nicht zur Version")
    if is_wrapped(current):
        return False
    wrapper = wrap(current)
    setattr(wrapper, WRAPPED, True)
    setattr(owner, name, wrapper)
    return True
