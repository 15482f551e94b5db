"""Facts about the real series (from ``shared/content-facts.md``) that tests expect.

Written down by hand from the facts file, never derived from the site or the
registries: ``test_facts.py`` compares both against these values, so changing
a role, an AGS key or a date in a page or a registry makes a test fail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SERIES = "TransMit plus"
SERIES_LINE = "Perspektive Kommunales Bildungsmanagement"
PUBLISHER = "Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement"


@dataclass(frozen=True)
class IssueFact:
    """One issue: number, title, publication date (``None``: not known) and folder."""

    number: int
    title: str
    folder: str
    announced: dt.date | None = None
    subtitle: str = ""


ISSUES = {
    1: IssueFact(
        1,
        "Kommunales Bildungsmonitoring – Anschlüsse herstellen",  # noqa: RUF001
        "ausgaben/01-bildungsmonitoring",
        subtitle="Anschlüsse herstellen",
    ),
    2: IssueFact(
        2,
        "Kommunale Planungsprozesse unter dem Fokus Bildung",
        "ausgaben/02-planungsprozesse",
        announced=dt.date(2020, 4, 24),
    ),
}


@dataclass(frozen=True)
class MunicipalityFact:
    """A municipality named in the sources, with its official key (AGS or district key)."""

    name: str
    kind: str
    state: str
    key: str


MUNICIPALITIES = {
    "jena": MunicipalityFact("Jena", "kreisfreie Stadt", "Thüringen", "16053000"),
    "landkreis-soemmerda": MunicipalityFact(
        "Landkreis Sömmerda", "Landkreis", "Thüringen", "16068"
    ),
    "halle-saale": MunicipalityFact(
        "Halle (Saale)", "kreisfreie Stadt", "Sachsen-Anhalt", "15002000"
    ),
    "landkreis-saalekreis": MunicipalityFact(
        "Landkreis Saalekreis", "Landkreis", "Sachsen-Anhalt", "15088"
    ),
    "mannheim": MunicipalityFact("Mannheim", "Stadtkreis", "Baden-Württemberg", "08222000"),
}


@dataclass(frozen=True)
class PersonFact:
    """A person of the series as the sources describe them.

    ``workplace``: the municipality the person works for, where the source
    says so; ``origin``: where the source says the person is from. Both are
    ids of ``MUNICIPALITIES`` or empty (not known).
    """

    name: str
    role: str
    article: str
    issue: int
    organisation: str = ""
    workplace: str = ""
    origin: str = ""


PERSONS = {
    "walter-werner": PersonFact(
        "Walter Werner",
        "Stadtsoziologe und Sozialplaner",
        "werner-integrierte-sozialplanung",
        2,
        origin="mannheim",
    ),
    "christiane-maurer": PersonFact(
        "Christiane Maurer",
        "Planungskoordinatorin für Integrierte Sozialplanung",
        "maurer-soemmerda",
        2,
        organisation="Landkreis Sömmerda",
        workplace="landkreis-soemmerda",
    ),
    "stefanie-teichmann": PersonFact(
        "Stefanie Teichmann",
        "Bildungsmanagerin im Team Integrierte Sozialplanung",
        "teichmann-jena",
        2,
        organisation="Stadt Jena",
        workplace="jena",
    ),
    "jenny-richter": PersonFact(
        "Jenny Richter",
        "Leiterin der Transferagentur Mitteldeutschland",
        "richter-bildungsplanung",
        2,
        organisation=PUBLISHER,
    ),
}

#: the authors of Nr. 2: person id -> (name, role, their article below the issue)
NR2_AUTHORS = {
    ident: (person.name, person.role, person.article)
    for ident, person in PERSONS.items()
    if person.issue == 2
}

#: case studies: id -> (municipality id, issue number, article)
CASE_STUDIES = {
    "halle-bildungsmonitoring": ("halle-saale", 1, "praxisbeispiel-halle"),
    "saalekreis-jugendarbeit": ("landkreis-saalekreis", 1, "projekt-saalekreis"),
    "soemmerda-stabsstelle-sozialplanung": ("landkreis-soemmerda", 2, "maurer-soemmerda"),
    "jena-integrierte-sozialplanung": ("jena", 2, "teichmann-jena"),
}

#: words that name a job; a sentence with a person's name and one of these
#: must state that person's role exactly as above
ROLE_WORDS = (
    "soziologe",
    "soziologin",
    "planer",
    "planerin",
    "koordinator",
    "koordinatorin",
    "manager",
    "managerin",
    "leiter",
    "leiterin",
    "referent",
    "referentin",
    "beauftragte",
    "dezernent",
    "dezernentin",
)
