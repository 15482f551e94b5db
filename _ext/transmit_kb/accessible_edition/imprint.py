"""The publisher fields of the imprint, shared by the print PDF and the accessible PDF.

Every field comes from ``transmit_publisher`` in ``conf.py``; a field that is
not configured is left out (never filled with a guess). The order is the order
of a brochure's imprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..legal.fields import CONFIG_NAME, read_publisher

if TYPE_CHECKING:
    from sphinx.config import Config

#: (key of ``transmit_publisher``, label in the imprint, whether the value is a web address)
PUBLISHER_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("address", "Anschrift", False),
    ("email", "Kontakt", False),
    ("website", "Web", True),
    ("licence", "Lizenz", False),
    ("issn", "ISSN", False),
)


@dataclass(frozen=True)
class ImprintField:
    """One configured line of the imprint."""

    label: str
    value: str
    is_url: bool


def publisher_fields(config: Config) -> list[ImprintField]:
    """The configured publisher fields, in imprint order; empty ones are left out.

    They come from the one block of the publisher's data, ``transmit_publisher``
    (legal/fields.py), which the legal pages read too.
    """
    publisher, _ = read_publisher(getattr(config, CONFIG_NAME, None))
    fields: list[ImprintField] = []
    for key, label, is_url in PUBLISHER_FIELDS:
        value = " ".join(publisher.value(key).split())
        if value:
            fields.append(ImprintField(label, value, is_url))
    return fields
