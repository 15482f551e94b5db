"""The publisher's legal data: one typed block in ``conf.py`` (``transmit_publisher``).

This module needs neither Sphinx nor docutils: ``transmit-kb check --release``
reads the same block from ``conf.py`` and reports the same gaps as the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

#: what a page shows where a field is not configured
GAP_TEXT = "Angabe fehlt \N{EN DASH} vor der Veröffentlichung ergänzen"
#: the name of the configuration value
CONFIG_NAME = "transmit_publisher"

_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_URL = re.compile(r"^https?://[^\s<>\"]+$")


@dataclass(frozen=True)
class Field:
    """One key of ``transmit_publisher``: its German label, and whether publication needs it."""

    key: str
    label: str
    required: bool = True
    kind: str = "text"  # text (several lines allowed), email or url


#: every key of ``transmit_publisher``, in the order of the documentation
FIELDS: tuple[Field, ...] = (
    Field("name", "Name der Herausgeberin"),
    Field("representative", "Vertretungsberechtigte Person"),
    Field("address", "Anschrift"),
    Field("email", "E-Mail-Adresse", kind="email"),
    Field("phone", "Telefon", required=False),
    Field("content_responsible", "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV"),
    Field("privacy_officer", "Datenschutzbeauftragte oder Datenschutzbeauftragter"),
    Field("hosting_provider", "Hosting-Anbieter mit Anschrift"),
    Field("hosting_terms_url", "Datenschutzhinweise des Hosting-Anbieters", kind="url"),
    Field("data_protection_authority", "Zuständige Aufsichtsbehörde für den Datenschutz"),
    Field("enforcement_body", "Durchsetzungs- oder Schlichtungsstelle für Barrierefreiheit"),
    # shown in the imprint of the print and accessible PDFs when set (accessible_edition)
    Field("website", "Website der Herausgeberin", required=False, kind="url"),
    Field("licence", "Lizenz der Inhalte", required=False),
    Field("issn", "ISSN der Reihe", required=False),
)
FIELD_BY_KEY = {field.key: field for field in FIELDS}


@dataclass(frozen=True)
class Publisher:
    """The configured values; an empty string is a gap."""

    name: str = ""
    representative: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    content_responsible: str = ""
    privacy_officer: str = ""
    hosting_provider: str = ""
    hosting_terms_url: str = ""
    data_protection_authority: str = ""
    enforcement_body: str = ""
    website: str = ""
    licence: str = ""
    issn: str = ""

    def value(self, key: str) -> str:
        """The configured value of ``key`` ('' when unset)."""
        return str(getattr(self, key, ""))

    def missing(self) -> list[Field]:
        """The required fields without a value, in documentation order."""
        return [field for field in FIELDS if field.required and not self.value(field.key)]


assert [f.name for f in fields(Publisher)] == [f.key for f in FIELDS]


#: a problem of the block: the key it concerns (``None``: the whole block) and the message
ConfigProblem = tuple[str | None, str]


def read_publisher(raw: Any) -> tuple[Publisher, list[ConfigProblem]]:
    """The ``Publisher`` of a ``transmit_publisher`` value, and what is wrong with it.

    Unknown keys, values that are not text, malformed e-mail addresses and
    URLs are reported and left out (so the page shows a gap, never bad data).
    """
    problems: list[ConfigProblem] = []
    if raw is None:
        return Publisher(), problems
    if not isinstance(raw, dict):
        message = (
            f"{CONFIG_NAME} muss ein Dictionary sein, z. B. {{'name': '…', 'email': '…'}}, "
            f"nicht {type(raw).__name__}."
        )
        problems.append((None, message))
        return Publisher(), problems
    values: dict[str, str] = {}
    for key, value in raw.items():
        field = FIELD_BY_KEY.get(str(key))
        if field is None:
            known = ", ".join(f.key for f in FIELDS)
            message = f"{CONFIG_NAME}: unbekannter Schlüssel '{key}'. Erlaubt sind: {known}."
            problems.append((str(key), message))
            continue
        if value is None:
            continue
        if not isinstance(value, str):
            message = f"{CONFIG_NAME}['{key}'] muss Text sein, nicht {type(value).__name__}."
            problems.append((field.key, message))
            continue
        text = value.strip()
        if text and field.kind == "email" and not _EMAIL.match(text):
            message = (
                f"{CONFIG_NAME}['{key}'] = '{text}' ist keine E-Mail-Adresse "
                "(Form: name@beispiel.de)."
            )
            problems.append((field.key, message))
            continue
        if text and field.kind == "url" and not _URL.match(text):
            message = f"{CONFIG_NAME}['{key}'] = '{text}' ist keine Web-Adresse (Form: https://…)."
            problems.append((field.key, message))
            continue
        values[field.key] = text
    return Publisher(**values), problems


def config_line(conf_text: str, key: str | None = None) -> int:
    """The line of ``transmit_publisher`` (or of its ``key``) in ``conf.py``; 1 if not found."""
    lines = conf_text.split("\n")
    start = next(
        (i for i, line in enumerate(lines) if re.match(rf"\s*{CONFIG_NAME}\s*[:=]", line)), None
    )
    if start is None:
        return 1
    if key is not None:
        pattern = re.compile(rf"""["']{re.escape(key)}["']\s*:""")
        for index in range(start, len(lines)):
            if pattern.search(lines[index]):
                return index + 1
    return start + 1
