"""The configuration values a ``nur-wenn-gesetzt`` block may name, without Sphinx.

``transmit-kb check`` (and its release mode) reads them here: importing the
directive's module would load Sphinx's docutils machinery at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

DIRECTIVE = "nur-wenn-gesetzt"
#: configuration values a block may depend on: name -> what it is, for messages
OFFER_VALUES = {
    "transmit_order_url": "die Adresse des Bestellformulars für Druckexemplare",
    "html_baseurl": "die öffentliche Adresse der Website",
}


def unset_offers(
    blocks: Iterable[tuple[str, int, str]], config: dict[str, Any]
) -> list[tuple[str, int, str]]:
    """``(path, line, message)`` for each block whose value is empty in ``config``.

    ``blocks`` are ``(path, line, value name)`` of the ``nur-wenn-gesetzt`` blocks.
    """
    found = []
    for path, line, name in blocks:
        if name in OFFER_VALUES and not str(config.get(name, "") or "").strip():
            found.append(
                (
                    path,
                    line,
                    f"'{name}' ist leer ({OFFER_VALUES[name]}): der Absatz erscheint nicht. "
                    f"Tragen Sie die Adresse in source/conf.py ein, wenn es sie gibt.",
                )
            )
    return found
