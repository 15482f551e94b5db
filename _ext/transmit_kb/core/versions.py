"""Which versions of other libraries are installed, against those code was verified with.

Code that relies on another library's internals (the speed layer's patches,
the print edition's rst2pdf handlers) names the versions it was checked
against and switches itself off on any other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import metadata


def installed_version(distribution: str) -> str:
    """The installed version of ``distribution`` (``""`` if it is not installed)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def version_mismatches(
    verified: Mapping[str, str], installed: Callable[[str], str] = installed_version
) -> list[str]:
    """``name installed (geprüft: x)`` for every library not at its verified version."""
    found = []
    for distribution, version in sorted(verified.items()):
        present = installed(distribution)
        if present != version:
            found.append(f"{distribution} {present or 'fehlt'} (geprüft: {version})")
    return found
