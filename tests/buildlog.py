"""Read which documents a Sphinx build read and wrote from its status output."""

from __future__ import annotations

import re

# Sphinx's progress lines end in "\r" (single-line mode) or "\n" (verbose mode)
# and may carry colour codes and "erase line" sequences.
_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_PROGRESS = re.compile(r"^(reading sources|writing output)\.\.\. \[\s*\d+%\] (\S+)\s*$")


def phases(status: str) -> tuple[set[str], set[str]]:
    """The documents a build read and those it wrote, from its status output."""
    read: set[str] = set()
    written: set[str] = set()
    for line in re.split(r"[\r\n]+", _ESCAPE.sub("", status)):
        match = _PROGRESS.match(line.strip())
        if match:
            (read if match[1] == "reading sources" else written).add(match[2])
    return read, written
