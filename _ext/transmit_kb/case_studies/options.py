"""The options of a case-study card and their checks, without Sphinx.

Shared by the ``case-study`` directive (:mod:`transmit_kb.case_studies.cards`) and
``transmit-kb check``, which must start fast: importing Sphinx's transforms
and directives for these checks took a third of the command's time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..core.registry import ID_PATTERN, Registry
from ..core.schema import suggest

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class CaseOption:
    """One option of the ``case-study`` directive."""

    name: str
    label: str  # German label on the card
    required: bool = False
    help: str = ""


OPTIONS = (
    CaseOption("municipality", "Kommune", True, "Kennung aus _data/kommunen.yaml"),
    CaseOption("title", "Titel", True, "Titel des Praxisbeispiels"),
    CaseOption("summary", "Kurzfassung", True, "zwei bis drei Sätze"),
    CaseOption("reviewed", "Zuletzt geprüft", True, "Datum JJJJ-MM-TT"),
    CaseOption("topics", "Themen", False, "Kennungen aus _data/themen.yaml, mit Komma getrennt"),
    CaseOption("period", "Zeitraum", False, "z. B. 2018 bis 2020"),
    CaseOption("unit", "Beteiligte Einheit", False, "z. B. Stabsstelle Sozialplanung"),
    CaseOption("contact", "Ansprechstelle", False, "Stelle, nicht Person"),
)
OPTION_NAMES = tuple(option.name for option in OPTIONS)


def split_list(value: str) -> list[str]:
    """``a, b,c`` -> ``["a", "b", "c"]``."""
    return [item.strip() for item in value.split(",") if item.strip()]


def validate_case_study(
    ident: str, options: dict[str, str], registry: Registry
) -> list[tuple[str | None, str]]:
    """Problems of one card as (option name or None for the first line, message)."""
    problems: list[tuple[str | None, str]] = []
    if not ident:
        problems.append(
            (None, "Der Praxisbeispiel-Karte fehlt die Kennung: ':::{case-study} kennung'.")
        )
    elif not ID_PATTERN.fullmatch(ident):
        problems.append(
            (
                None,
                f"'{ident}' ist keine gültige Kennung (nur Kleinbuchstaben, Ziffern und "
                "Bindestriche), z. B. 'jena-sozialplanung'.",
            )
        )
    label = f"Der Praxisbeispiel-Karte '{ident}'" if ident else "Der Praxisbeispiel-Karte"
    for name in options:
        if name not in OPTION_NAMES:
            hint = suggest(name, OPTION_NAMES) or f" Erlaubt sind: {', '.join(OPTION_NAMES)}."
            problems.append((name, f"Unbekannte Option ':{name}:' der Praxisbeispiel-Karte.{hint}"))
    for option in OPTIONS:
        if option.required and not options.get(option.name, "").strip():
            problems.append(
                (
                    None,
                    f"{label} fehlt die Option ':{option.name}:' ({option.help}). "
                    "Ergänzen Sie sie unter der ersten Zeile.",
                )
            )
    municipality = options.get("municipality", "").strip()
    if municipality and municipality not in registry.municipalities:
        problems.append(("municipality", registry.unknown("municipalities", municipality)))
    for topic in split_list(options.get("topics", "")):
        if topic not in registry.topics:
            problems.append(("topics", registry.unknown("topics", topic)))
    reviewed = options.get("reviewed", "").strip()
    if reviewed and parse_date(reviewed) is None:
        problems.append(
            (
                "reviewed",
                f"':reviewed: {reviewed}' ist kein gültiges Datum im Format JJJJ-MM-TT, "
                "z. B. 2026-05-31.",
            )
        )
    return problems


def parse_date(value: str) -> dt.date | None:
    """An ISO date, or None."""
    if not _DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
