"""The data registries in ``source/_data``: people, municipalities and topics.

They are loaded and validated once per build (``builder-inited``); every
document that uses them declares the files as dependencies, so editing a
registry re-reads exactly those documents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .schema import Field, Problem, suggest, validate
from .yamlsource import YamlError, cached_mapping_list

FEDERAL_STATES: dict[str, str] = {
    "Schleswig-Holstein": "01",
    "Hamburg": "02",
    "Niedersachsen": "03",
    "Bremen": "04",
    "Nordrhein-Westfalen": "05",
    "Hessen": "06",
    "Rheinland-Pfalz": "07",
    "Baden-Württemberg": "08",
    "Bayern": "09",
    "Saarland": "10",
    "Berlin": "11",
    "Brandenburg": "12",
    "Mecklenburg-Vorpommern": "13",
    "Sachsen": "14",
    "Sachsen-Anhalt": "15",
    "Thüringen": "16",
}

MUNICIPALITY_KINDS = (
    "Landkreis",
    "kreisfreie Stadt",
    "Stadtkreis",
    "Große Kreisstadt",
    "kreisangehörige Stadt",
    "Gemeinde",
    "Bezirk",
)

#: an id of the registers, case studies and generated pages: lower case, digits, hyphens
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
_URL = re.compile(r"https://[^\s<>\"']+\.[^\s<>\"']+")


def _check_id(value: str) -> str | None:
    if not ID_PATTERN.fullmatch(value):
        return "ist keine gültige Kennung (nur Kleinbuchstaben, Ziffern und Bindestriche)"
    return None


def _check_orcid(value: str) -> str | None:
    if not _ORCID.fullmatch(value):
        return "ist keine ORCID der Form 0000-0002-1825-0097"
    digits = value.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    return None if digits[-1] == expected else "hat eine falsche Prüfziffer"


def _check_url(value: str) -> str | None:
    return None if _URL.fullmatch(value) else "ist keine gültige https-Adresse"


def _check_key(value: str) -> str | None:
    if not re.fullmatch(r"\d{5}|\d{8}|\d{12}", value):
        return "ist kein amtlicher Schlüssel (5 Ziffern Kreisschlüssel, 8 AGS oder 12 ARS)"
    return None


@dataclass(frozen=True)
class Person:
    """A person who writes for the series."""

    id: str
    name: str
    role: str
    academic_title: str = ""
    organisation: str = ""
    municipality: str = ""  # where the person works (Arbeitsort), an id of kommunen.yaml
    origin: str = ""  # where the person is from (Herkunft), an id of kommunen.yaml
    bio: str = ""
    website: str = ""
    orcid: str = ""
    portrait: str = ""
    portrait_alt: str = ""
    portrait_consent: bool = False

    @property
    def display_name(self) -> str:
        """The name with the academic title in front, if any."""
        return f"{self.academic_title} {self.name}".strip()

    @property
    def surname_key(self) -> tuple[str, str, str]:
        """Sort key: surname (last word of the name), first names, id; umlauts as base letters."""
        words = self.name.split()
        surname = words[-1] if words else self.id
        return (_plain(surname), _plain(" ".join(words[:-1])), self.id)


def _plain(text: str) -> str:
    """``text`` casefolded, without accents (``Ö`` sorts as ``o``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Municipality:
    """A municipality (Kommune) from the registry."""

    id: str
    name: str
    kind: str
    state: str
    key: str
    population: int | None = None


@dataclass(frozen=True)
class Topic:
    """A topic of the controlled vocabulary."""

    id: str
    label: str
    description: str = ""


PERSON_FIELDS = (
    Field("id", "str", True, "Stabile Kennung, z. B. 'walter-werner'.", check=_check_id),
    Field("name", "str", True, "Vor- und Nachname."),
    Field("academic_title", "str", help="Akademischer Titel, z. B. 'Dr.'."),
    Field("role", "str", True, "Funktion, z. B. 'Sozialplaner'."),
    Field("organisation", "str"),
    Field(
        "municipality",
        "str",
        help="Arbeitsort: Kennung der Kommune aus kommunen.yaml, für die die Person arbeitet.",
        check=_check_id,
    ),
    Field(
        "origin",
        "str",
        help="Herkunft: Kennung der Kommune aus kommunen.yaml, aus der die Person stammt "
        "(nicht ihr Arbeitsort).",
        check=_check_id,
    ),
    Field("bio", "str", help="Kurzbiografie; nur belegte Angaben."),
    Field("website", "str", check=_check_url),
    Field("orcid", "str", check=_check_orcid),
    Field("portrait", "str", help="Bilddatei relativ zu source/."),
    Field("portrait_alt", "str", help="Alternativtext des Porträts."),
    Field("portrait_consent", "bool", help="Nur mit true wird das Porträt veröffentlicht."),
)

MUNICIPALITY_FIELDS = (
    Field("id", "str", True, "Stabile Kennung, z. B. 'jena'.", check=_check_id),
    Field("name", "str", True),
    Field("kind", "str", True, choices=MUNICIPALITY_KINDS),
    Field("state", "str", True, "Bundesland.", choices=tuple(FEDERAL_STATES)),
    Field("key", "str", True, "Amtlicher Gemeinde- oder Kreisschlüssel.", check=_check_key),
    Field("population", "int"),
)

TOPIC_FIELDS = (
    Field("id", "str", True, "Stabile Kennung, z. B. 'sozialplanung'.", check=_check_id),
    Field("label", "str", True, "Anzeigename."),
    Field("description", "str"),
)


@dataclass
class Registry:
    """All registries of one build, validated."""

    persons: dict[str, Person] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    problems: list[tuple[Path, Problem]] = field(default_factory=list)

    def dependencies(self, *names: str) -> list[str]:
        """Paths of the named registry files (``persons``, ``municipalities``, ``topics``)."""
        return [str(self.files[name]) for name in names if name in self.files]

    def unknown(self, kind: str, value: str) -> str:
        """A message for an unknown id of ``kind``, with the closest known ids."""
        known: dict[str, object] = {
            "persons": self.persons,
            "municipalities": self.municipalities,
            "topics": self.topics,
        }[kind]  # type: ignore[assignment]
        label = {
            "persons": "Unbekannte Person",
            "municipalities": "Unbekannte Kommune",
            "topics": "Unbekanntes Thema",
        }[kind]
        file = {
            "persons": "personen.yaml",
            "municipalities": "kommunen.yaml",
            "topics": "themen.yaml",
        }[kind]
        hint = suggest(value, known) or f" Bekannt sind: {', '.join(sorted(known)) or '—'}."
        return f"{label} '{value}'.{hint} Neue Einträge gehören in _data/{file}."


def _load_entries(
    path: Path,
    fields: tuple[Field, ...],
    what: str,
    found: list[tuple[Path, Problem]],
    cache: Path | None = None,
) -> list[tuple[dict[str, object], int]]:
    if not path.exists():
        return []
    try:
        entries = cached_mapping_list(path.read_text(encoding="utf-8"), cache)
    except YamlError as exc:
        found.append((path, Problem(exc.line, f"{exc} Die Datei wird ignoriert.")))
        return []
    result = []
    seen: dict[str, int] = {}
    for entry in entries:
        values, problems = validate(entry, fields, what)
        ident = values.get("id")
        if isinstance(ident, str):
            if ident in seen:
                problems.append(
                    Problem(
                        entry.line_of("id"),
                        f"Die Kennung '{ident}' ist doppelt vergeben "
                        f"(zuerst in Zeile {seen[ident]}). Kennungen müssen eindeutig sein.",
                    )
                )
            else:
                seen[ident] = entry.line_of("id")
        found.extend((path, problem) for problem in problems)
        if not problems:
            result.append((values, entry.line))
    return result


def load_registry(srcdir: Path, data_dir: str, cache: Path | None = None) -> Registry:
    """Load and validate the registries below ``srcdir/data_dir``.

    Problems are collected in ``registry.problems``; entries with problems are
    left out. ``cache``: a folder for parsed YAML (see :func:`cached_mapping_list`).
    """
    base = srcdir / data_dir
    registry = Registry(
        files={
            "persons": base / "personen.yaml",
            "municipalities": base / "kommunen.yaml",
            "topics": base / "themen.yaml",
        }
    )
    for values, _ in _load_entries(
        registry.files["topics"], TOPIC_FIELDS, "im Themeneintrag", registry.problems, cache
    ):
        topic = Topic(**values)  # type: ignore[arg-type]
        registry.topics[topic.id] = topic
    for values, line in _load_entries(
        registry.files["municipalities"],
        MUNICIPALITY_FIELDS,
        "im Kommuneneintrag",
        registry.problems,
        cache,
    ):
        municipality = Municipality(**values)  # type: ignore[arg-type]
        prefix = FEDERAL_STATES[municipality.state]
        if not municipality.key.startswith(prefix):
            message = (
                f"Der Schlüssel '{municipality.key}' von '{municipality.id}' passt "
                f"nicht zu {municipality.state} (Schlüssel dort beginnen mit {prefix})."
            )
            registry.problems.append((registry.files["municipalities"], Problem(line, message)))
            continue
        registry.municipalities[municipality.id] = municipality
    persons_file = registry.files["persons"]
    for values, line in _load_entries(
        persons_file, PERSON_FIELDS, "im Personeneintrag", registry.problems, cache
    ):
        person = Person(**values)  # type: ignore[arg-type]
        unknown = [
            place
            for place in (person.municipality, person.origin)
            if place and place not in registry.municipalities
        ]
        if unknown:
            message = registry.unknown("municipalities", unknown[0])
            registry.problems.append((persons_file, Problem(line, message)))
            continue
        if person.portrait and not person.portrait_alt:
            message = (
                f"Das Porträt von '{person.id}' braucht 'portrait_alt' (einen Alternativtext)."
            )
            registry.problems.append((persons_file, Problem(line, message)))
        registry.persons[person.id] = person
    return registry
