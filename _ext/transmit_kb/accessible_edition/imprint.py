"""The publisher fields of the imprint, shared by the print PDF and the accessible PDF.

Every field comes from ``conf.py``; a field that is not configured is left out
(never filled with a guess). The order is the order of a brochure's imprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.config import Config

#: (config name, label in the imprint, whether the value is a web address)
PUBLISHER_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("transmit_publisher_address", "Anschrift", False),
    ("transmit_publisher_contact", "Kontakt", False),
    ("transmit_publisher_url", "Web", True),
    ("transmit_licence", "Lizenz", False),
    ("transmit_issn", "ISSN", False),
)


@dataclass(frozen=True)
class ImprintField:
    """One configured line of the imprint."""

    label: str
    value: str
    is_url: bool


def publisher_fields(config: Config) -> list[ImprintField]:
    """The configured publisher fields, in imprint order; empty ones are left out."""
    fields: list[ImprintField] = []
    for name, label, is_url in PUBLISHER_FIELDS:
        value = " ".join(str(getattr(config, name, "") or "").split())
        if value:
            fields.append(ImprintField(label, value, is_url))
    return fields
