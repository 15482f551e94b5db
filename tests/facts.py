"""Facts about the real series (from ``shared/content-facts.md``) that tests expect."""

from __future__ import annotations

#: the authors of Nr. 2: person id -> (name, role, their article below the issue)
NR2_AUTHORS = {
    "walter-werner": (
        "Walter Werner",
        "Stadtsoziologe und Sozialplaner",
        "werner-integrierte-sozialplanung",
    ),
    "christiane-maurer": (
        "Christiane Maurer",
        "Planungskoordinatorin für integrierte Sozialplanung",
        "maurer-soemmerda",
    ),
    "stefanie-teichmann": (
        "Stefanie Teichmann",
        "Bildungsmanagerin im Team Integrierte Sozialplanung",
        "teichmann-jena",
    ),
    "jenny-richter": (
        "Jenny Richter",
        "Leiterin der Transferagentur Mitteldeutschland",
        "richter-bildungsplanung",
    ),
}
