"""A synthetic, deterministic corpus shaped like the real site, for the benchmark.

Every issue has the real site's structure: a landing page
``ausgaben/NN-slug/index.md`` and articles with the same typed front matter
(see :mod:`transmit_kb.core.frontmatter`), ``##`` sections of German text from
word lists of municipal education vocabulary, ``{term}`` references to a
glossary, MyST links to other articles, case-study cards and the registries
in ``_data/``. Text, names and places are invented; the corpus is never
published (it lives in the git-ignored ``bench-corpus/``).

One plan (:func:`plan_corpus`) is rendered in several variants:

``ours``
    our extension; front matter, ``{case-study}`` cards and ``{issue-list}``.
``ours-autoren-als-text`` / ``ours-ohne-praxisbeispiele``
    the same corpus with the words of one feature written as plain Markdown:
    bylines, author boxes and author pages, or the case-study cards. The
    cost of a feature is measured against the same content without it.
``ours-ohne-autoren``
    the same corpus without any author information (no ``authors:``, no
    ``personen.yaml``, no author pages): what the author pages and boxes
    cost as content, shown for information.
``baseline``
    no extension: front matter keeps only ``title``, the H1 is written as
    ``# Titel``, everything our directives would show is plain Markdown with
    the same words (issue list, byline, facts, cards, author pages).

The generator is seeded per issue and article, so a corpus of 5 issues is
the first 5 issues of a corpus of 60.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from transmit_kb.cli.scaffold import PUBLISHER, SERIES
from transmit_kb.core.registry import FEDERAL_STATES, Municipality, Person, Topic
from transmit_kb.core.text import contribution_count, german_date, slugify

#: the dash of titles and bylines (written as a name, so ruff sees no look-alike)
DASH = "\N{EN DASH}"
SITE_TITLE = f"TransMit plus {DASH} Wissensbasis (Benchmark-Korpus)"

#: the variants written by :func:`write_corpus` (folder name -> description)
VARIANTS: dict[str, str] = {
    "ours": "unsere Erweiterung, alle Funktionen",
    "ours-autoren-als-text": "unsere Erweiterung, Autorenangaben und -seiten als einfacher Text",
    "ours-ohne-autoren": "unsere Erweiterung, Korpus ohne Autorenangaben und Autorenseiten",
    "ours-ohne-praxisbeispiele": "unsere Erweiterung, Praxisbeispiele als einfacher Text",
    "baseline": "Sphinx + MyST + sphinx-book-theme + sphinx-design, ohne unsere Erweiterung",
}
#: the folder of the conf.py for the floor build (alabaster, on the baseline corpus)
FLOOR_CONF_DIR = "floor-conf"

# --------------------------------------------------------------------------
# Vocabulary

SUBJECTS = (
    "Die Stabsstelle für Sozialplanung",
    "Das Bildungsbüro",
    "Die Jugendhilfeplanung",
    "Die Schulentwicklungsplanung",
    "Das kommunale Bildungsmonitoring",
    "Die Steuerungsgruppe",
    "Der Jugendhilfeausschuss",
    "Die Fachbereichsleitung",
    "Das Jugendamt",
    "Die Koordinierungsstelle",
    "Der Kreistag",
    "Die Verwaltungsspitze",
    "Das Sozialdezernat",
    "Die Arbeitsgruppe Übergänge",
    "Die Bildungskoordinatorin",
    "Der Bildungskoordinator",
    "Die Sozialplanerin",
    "Der Fachdienst Schule",
    "Das Netzwerk frühe Bildung",
    "Die Kita-Fachberatung",
    "Die Geschäftsstelle der Bildungskonferenz",
    "Der Landkreis",
    "Die Stadtverwaltung",
    "Das Team Integrierte Sozialplanung",
    "Die Straßensozialarbeit",
)
VERBS = (
    "beschreibt",
    "verknüpft",
    "begleitet",
    "überprüft",
    "stärkt",
    "untersucht",
    "gestaltet",
    "bündelt",
    "berücksichtigt",
    "unterstützt",
    "fördert",
    "klärt",
    "bewertet",
    "dokumentiert",
    "schärft",
    "koordiniert",
    "erschließt",
    "plant",
    "erhebt",
    "reflektiert",
    "öffnet",
    "verändert",
)
OBJECTS = (
    "die Übergänge zwischen Kindertagesstätte und Grundschule",
    "den Ausbau der Kindertagesstätten",
    "die Datengrundlage für gemeinsame Planungsprozesse",
    "den Austausch mit freien Trägern",
    "die Bildungsbeteiligung in ländlichen Räumen",
    "die Zusammenarbeit der Fachämter",
    "die kleinräumige Sozialberichterstattung",
    "die Schulwegsicherheit",
    "die Qualität der Ganztagsangebote",
    "den Übergang von der Schule in den Beruf",
    "die Angebote der außerschulischen Jugendbildung",
    "die Größe der Schuleinzugsbereiche",
    "das Berichtswesen der Verwaltung",
    "die Beteiligung von Jugendlichen",
    "den Bedarf an Betreuungsplätzen",
    "die Schulabschlüsse nach Sozialräumen",
    "die Fortschreibung des Bildungsberichts",
    "die Maßnahmenplanung für das kommende Schuljahr",
    "die Förderung der Sprachentwicklung",
    "die Abstimmung zwischen Schulträger und Jugendhilfe",
    "die Indikatoren des Bildungsmonitorings",
    "das Leitbild für lebenslanges Lernen",
    "die Öffentlichkeitsarbeit des Bildungsbüros",
    "die Weiterbildungsangebote für Ältere",
    "die Mittelverteilung im Haushalt",
    "die Erreichbarkeit der Grundschulen",
    "den Fachkräftebedarf in den Kitas",
    "die Wirkung der Schulsozialarbeit",
    "die Gruppengrößen in der Kindertagespflege",
    "die Schulnetzplanung für die nächsten Jahre",
)
ADVERBIALS = (
    "im Rahmen der Jugendhilfeplanung",
    "auf der Grundlage kleinräumiger Daten",
    "gemeinsam mit den Schulträgern",
    "seit der letzten Fortschreibung",
    "über Ressortgrenzen hinweg",
    "in enger Abstimmung mit dem Jugendamt",
    "für die kommenden Haushaltsjahre",
    "mit Blick auf die Schulentwicklungsplanung",
    "trotz knapper Personalressourcen",
    "im ländlichen Raum",
    "unter Beteiligung der Eltern",
    "nach einem gemeinsamen Workshop",
    "in regelmäßigen Abständen",
    "auf Beschluss des Kreistags",
    "für alle Sozialräume",
    "Schritt für Schritt",
    "anhand gemeinsamer Kennzahlen",
    "im Dialog mit der Zivilgesellschaft",
    "bis zum Ende des Schuljahres",
    "in jedem Planungszyklus",
    "für Außenstehende nachvollziehbar",
    "mit größerer Verbindlichkeit",
)
CONNECTIVES = ("während", "weil", "sodass", "damit", "obwohl", "nachdem")
HEADINGS = (
    "Ausgangslage",
    "Fragestellung",
    "Datengrundlage",
    "Vorgehen",
    "Beteiligte Akteure",
    "Erfahrungen aus der Praxis",
    "Übergänge im Blick",
    "Herausforderungen",
    "Ergebnisse",
    "Schlussfolgerungen",
    "Rahmenbedingungen",
    "Gelingensbedingungen",
    "Zusammenarbeit über Ämtergrenzen",
    "Steuerung und Planung",
    "Beteiligung",
    "Kennzahlen und Indikatoren",
    "Kommunikation der Ergebnisse",
    "Offene Fragen",
    "Größere Zusammenhänge",
    "Ausblick",
)
TERM_SENTENCES = (
    "Hier kommt der Begriff {term} ins Spiel.",
    "Zentral ist dabei {term}.",
    "Das Stichwort lautet {term}.",
    "Mehr dazu steht unter {term}.",
    "Eng damit verbunden ist {term}.",
)
LINK_SENTENCES = (
    "Vergleichen Sie dazu den Beitrag {link}.",
    "Eine ähnliche Frage behandelt {link}.",
    "Ausführlicher geht darauf {link} ein.",
)
#: glossary term -> definition
GLOSSARY: dict[str, str] = {
    "Bildungsmonitoring": "Die regelmäßige, datengestützte Beobachtung der Bildungslandschaft.",
    "Bildungsmanagement": "Das Abstimmen und Steuern von Bildungsangeboten in der Kommune.",
    "Sozialplanung": "Die fachübergreifende Planung sozialer Leistungen einer Kommune.",
    "Stabsstelle": "Eine Organisationseinheit, die einer Leitung direkt zugeordnet ist.",
    "Jugendhilfeplanung": "Die Planung der Leistungen der Kinder- und Jugendhilfe.",
    "Schulentwicklungsplanung": "Die Planung des Schulnetzes und der Schulstandorte.",
    "Übergangsmanagement": "Die Begleitung von Übergängen im Bildungsverlauf.",
    "Kindertagesstätte": "Eine Einrichtung der Kindertagesbetreuung.",
    "Sozialraum": "Ein Gebiet, für das Daten kleinräumig ausgewertet werden.",
    "Bildungsbericht": "Ein Bericht über Rahmenbedingungen und Ergebnisse von Bildung.",
    "Steuerungsgruppe": "Ein Gremium, das Planungsprozesse lenkt und Beschlüsse vorbereitet.",
    "Fachplanung": "Die Planung eines einzelnen Fachbereichs der Verwaltung.",
    "Bildungsbüro": "Die Geschäftsstelle des kommunalen Bildungsmanagements.",
    "Ganztagsschule": "Eine Schule mit Angeboten über den Unterricht hinaus.",
    "Kennzahl": "Ein Wert, der einen Sachverhalt messbar und vergleichbar macht.",
    "Straßensozialarbeit": "Aufsuchende soziale Arbeit im öffentlichen Raum.",
}
TOPICS: tuple[tuple[str, str], ...] = (
    ("bildungsmonitoring", "Bildungsmonitoring"),
    ("sozialplanung", "Integrierte Sozialplanung"),
    ("jugendhilfeplanung", "Jugendhilfeplanung"),
    ("schulentwicklungsplanung", "Schulentwicklungsplanung"),
    ("uebergaenge", "Übergänge im Bildungsverlauf"),
    ("kindertagesstaetten", "Kindertagesstätten"),
    ("fruehe-bildung", "Frühe Bildung"),
    ("beteiligung", "Beteiligung"),
    ("organisationsstruktur", "Organisationsstruktur"),
    ("datenzugang", "Datenschutz und Datenzugang"),
    ("weiterbildung", "Weiterbildung und lebenslanges Lernen"),
    ("laendlicher-raum", "Ländlicher Raum"),
    ("steuerung", "Steuerung und Gremien"),
    ("berufsorientierung", "Berufliche Orientierung"),
)
ISSUE_THEMES = (
    ("Übergänge gestalten", "Kindertagesstätten und Grundschulen im Blick"),
    ("Daten nutzen", "Bildungsmonitoring in der Verwaltung"),
    ("Planung verbinden", "Sozialplanung und Bildungsmanagement"),
    ("Räume verstehen", "Kleinräumige Analysen für die Jugendhilfeplanung"),
    ("Schule entwickeln", "Schulentwicklungsplanung im ländlichen Raum"),
    ("Beteiligung stärken", "Jugendliche und Eltern in Planungsprozessen"),
    ("Strukturen schaffen", "Stabsstellen und Bildungsbüros"),
    ("Gremien steuern", "Steuerungsgruppen und Bildungskonferenzen"),
)
ARTICLE_TITLES = (
    "{theme}: ein Überblick",
    "{heading} {in_place}",
    "Wie {place} {object} plant",
    "Erfahrungen {from_place}",
    "{heading}: Was Kommunen lernen können",
    "Gemeinsam planen {in_place}",
    "Zwischen Daten und Entscheidungen: {heading}",
)
KINDS = (
    "Editorial",
    "Beitrag",
    "Beitrag",
    "Praxisbeispiel",
    "Praxisbeispiel",
    "Befragung",
    "Projektbericht",
    "Beitrag",
)
ROLES = (
    "Bildungsmanagerin",
    "Bildungsmanager",
    "Sozialplanerin",
    "Sozialplaner",
    "Jugendhilfeplanerin",
    "Bildungsmonitorer",
    "Leiterin der Stabsstelle",
    "Referent für Schulentwicklungsplanung",
)
FIRST_NAMES = (
    "Anja",
    "Björn",
    "Carola",
    "Dörte",
    "Elias",
    "Frauke",
    "Günter",
    "Hanna",
    "Ingo",
    "Jörg",
    "Katrin",
    "Lars",
    "Maren",
    "Nils",
    "Örjan",
    "Petra",
    "Ruth",
    "Sören",
    "Tanja",
    "Uwe",
)
SURNAMES = (
    "Köhler",
    "Weißbach",
    "Großmann",
    "Schäfer",
    "Böttcher",
    "Kühn",
    "Lößner",
    "Mühlberg",
    "Fröhlich",
    "Strauß",
    "Hübner",
    "Jäger",
    "Krüger",
    "Möller",
    "Nußbaum",
    "Pöschel",
    "Rößler",
    "Sänger",
    "Töpfer",
    "Wächter",
)
PLACE_STEMS = (
    "Grün",
    "Lind",
    "Birk",
    "Roß",
    "Mühl",
    "Wald",
    "Buch",
    "Eich",
    "Tann",
    "Hain",
    "Bär",
    "Fuchs",
    "Schön",
    "Kühl",
    "Weiß",
)
PLACE_ENDINGS = (
    "au",
    "feld",
    "heim",
    "tal",
    "berg",
    "hausen",
    "stedt",
    "ingen",
    "leben",
    "witz",
    "roda",
    "bach",
)
CASE_PHRASES = (
    "Ein Bildungsbüro für den ganzen Kreis",
    "Kita-Bedarfsplanung mit kleinräumigen Daten",
    "Übergangsbegleitung an Grundschulen",
    "Eine gemeinsame Steuerungsgruppe",
    "Der erste kommunale Bildungsbericht",
    "Jugendbeteiligung in der Schulnetzplanung",
    "Sozialraumprofile für die Jugendhilfe",
    "Berufsorientierung im ländlichen Raum",
)
STATES = ("Sachsen", "Sachsen-Anhalt", "Thüringen", "Sachsen", "Thüringen", "Brandenburg")
KINDS_OF_MUNICIPALITY = ("Landkreis", "kreisfreie Stadt", "Große Kreisstadt")
#: persons shared by several issues (the first ids of personen.yaml)
SHARED_PERSONS = 3


# --------------------------------------------------------------------------
# The plan


@dataclass(frozen=True)
class CorpusOptions:
    """What to generate; equal options give an equal corpus."""

    issues: int = 5
    articles: int = 8
    words: int = 3000
    seed: int = 1
    cases_per_issue: int = 3
    #: ``:reviewed:`` of every case study (default: today, so no card is overdue)
    reviewed: dt.date | None = None


@dataclass(frozen=True)
class CaseStudy:
    """One case-study card."""

    id: str
    municipality: str
    title: str
    topics: tuple[str, ...]
    summary: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    """One article: front matter values and body blocks (``("h2"|"p", text)``)."""

    folder: str
    name: str
    title: str
    kind: str
    topics: tuple[str, ...]
    authors: tuple[str, ...]
    abstract: str
    blocks: tuple[tuple[str, str], ...] = ()
    cases: tuple[CaseStudy, ...] = ()

    @property
    def path(self) -> str:
        """Path below the source folder, e.g. ``ausgaben/03-daten-nutzen/beitrag-2.md``."""
        return f"ausgaben/{self.folder}/{self.name}.md"


@dataclass(frozen=True)
class Issue:
    """One issue with its landing page text and articles."""

    number: int
    folder: str
    title: str
    topics: tuple[str, ...]
    summary: str
    published: dt.date
    blocks: tuple[tuple[str, str], ...]
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Corpus:
    """Everything one corpus consists of, before rendering."""

    options: CorpusOptions
    reviewed: dt.date
    persons: tuple[Person, ...]
    municipalities: tuple[Municipality, ...]
    topics: tuple[Topic, ...]
    issues: tuple[Issue, ...] = field(default_factory=tuple)

    def person(self, ident: str) -> Person:
        """The person with id ``ident``."""
        return next(p for p in self.persons if p.id == ident)

    def municipality(self, ident: str) -> Municipality:
        """The municipality with id ``ident``."""
        return next(m for m in self.municipalities if m.id == ident)

    def topic_labels(self, ids: tuple[str, ...]) -> str:
        """Topic labels, comma-separated."""
        labels = {t.id: t.label for t in self.topics}
        return ", ".join(labels[i] for i in ids)


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[0].upper() + text[1:]


def sentence(rng: random.Random) -> str:
    """One German sentence from the vocabulary."""
    subject, verb, obj, adverbial = (
        rng.choice(SUBJECTS),
        rng.choice(VERBS),
        rng.choice(OBJECTS),
        rng.choice(ADVERBIALS),
    )
    form = rng.randrange(7)
    if form == 0:
        return f"{subject} {verb} {obj} {adverbial}."
    if form == 1:
        return f"{_upper_first(adverbial)} {verb} {_lower_first(subject)} {obj}."
    if form == 2:
        return f"Dabei zeigt sich, dass {_lower_first(subject)} {obj} {adverbial} {verb}."
    if form == 3:
        return f"Wichtig ist, dass {_lower_first(subject)} {obj} {verb}."
    if form == 4:
        return f"Aus Sicht der Beteiligten {verb} {_lower_first(subject)} {obj} {adverbial}."
    if form == 5:
        other = _lower_first(rng.choice(SUBJECTS))
        return (
            f"{subject} {verb} {obj}, {rng.choice(CONNECTIVES)} {other} "
            f"{rng.choice(OBJECTS)} {rng.choice(VERBS)}."
        )
    return f"Nicht zuletzt {verb} {_lower_first(subject)} {obj}."


def sentences(rng: random.Random, count: int) -> str:
    """``count`` sentences joined by spaces."""
    return " ".join(sentence(rng) for _ in range(count))


def _place_name(index: int) -> str:
    stems, endings = len(PLACE_STEMS), len(PLACE_ENDINGS)
    stem = index % stems
    ending = (index // stems + stem) % endings
    name = PLACE_STEMS[stem] + PLACE_ENDINGS[ending]
    return name if index < stems * endings else f"{name} {index // (stems * endings) + 1}"


def municipality_count(issues: int) -> int:
    """How many municipalities a corpus of ``issues`` issues registers."""
    return 8 + 2 * issues


def map_districts() -> dict[str, list[str]]:
    """State code -> the district keys (5 digits) of the case map's boundary data."""
    data = Path(__file__).parents[1] / "_ext" / "transmit_kb" / "case_map" / "data" / "kreise.json"
    found: dict[str, list[str]] = {}
    for district in json.loads(data.read_text(encoding="utf-8"))["districts"]:
        found.setdefault(str(district["ags"])[:2], []).append(str(district["ags"])[:5])
    return {code: sorted(keys) for code, keys in found.items()}


def make_municipalities(count: int) -> tuple[Municipality, ...]:
    """Invented municipalities with keys that fit their federal states."""
    result = []
    districts = map_districts()
    for index in range(count):
        place = _place_name(index)
        kind = KINDS_OF_MUNICIPALITY[index % len(KINDS_OF_MUNICIPALITY)]
        state = STATES[index % len(STATES)]
        code = FEDERAL_STATES[state]
        # in the map's states a real district key, so the map colours districts as it
        # would for real case studies (the names stay invented); elsewhere a made-up key
        known = districts.get(code)
        district = known[index % len(known)] if known else f"{code}{100 + index % 900:03d}"
        if kind == "Landkreis":
            name, key = f"Landkreis {place}", district
        else:
            name, key = place, f"{district}{index % 1000:03d}"
        result.append(Municipality(slugify(name), name, kind, state, key, 20000 + 137 * index))
    return tuple(result)


def person_count(issues: int) -> int:
    """How many persons a corpus of ``issues`` issues registers."""
    return SHARED_PERSONS + 2 * issues


def make_persons(count: int) -> tuple[Person, ...]:
    """Invented persons; each works for one of the first eight municipalities."""
    municipalities = make_municipalities(8)
    persons = []
    firsts, lasts = len(FIRST_NAMES), len(SURNAMES)
    for index in range(count):
        first = index % firsts
        last = (index // firsts + first * 7) % lasts
        name = f"{FIRST_NAMES[first]} {SURNAMES[last]}"
        ident = slugify(name) if index < firsts * lasts else f"{slugify(name)}-{index}"
        home = municipalities[index % len(municipalities)]
        persons.append(
            Person(
                id=ident,
                name=name,
                role=ROLES[index % len(ROLES)],
                organisation=home.name,
                municipality=home.id,
            )
        )
    return tuple(persons)


def issue_authors(number: int) -> tuple[int, int, int]:
    """Indexes (into the persons) of the three authors of issue ``number``."""
    own = SHARED_PERSONS + 2 * (number - 1)
    return ((number - 1) % SHARED_PERSONS, own, own + 1)


def _body(
    rng: random.Random, words: int, link_targets: list[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """Sections and paragraphs of about ``words`` words with term refs and links."""
    blocks: list[tuple[str, str]] = []
    terms = list(GLOSSARY)
    written = 0
    section = 0
    while written < words:
        heading = HEADINGS[section % len(HEADINGS)]
        if section >= len(HEADINGS):
            heading += f" ({section // len(HEADINGS) + 1})"
        blocks.append(("h2", heading))
        section += 1
        for _ in range(rng.randint(2, 4)):
            text = sentences(rng, rng.randint(4, 7))
            if rng.random() < 0.6:
                term = rng.choice(terms)
                text += " " + rng.choice(TERM_SENTENCES).format(term="{term}`" + term + "`")
            if link_targets and rng.random() < 0.2:
                path, title = rng.choice(link_targets)
                folder, name = path.split("/")[-2:]
                target = f"../{folder}/{name}"
                link = f"[„{title}“]({target})"
                text += " " + rng.choice(LINK_SENTENCES).format(link=link)
            blocks.append(("p", text))
            written += len(text.split())
            if written >= words:
                break
    return tuple(blocks)


def in_place(name: str) -> str:
    """``in Jena``, ``im Landkreis Sömmerda``."""
    return f"im {name}" if name.startswith("Landkreis ") else f"in {name}"


def from_place(name: str) -> str:
    """``aus Jena``, ``aus dem Landkreis Sömmerda``."""
    return f"aus dem {name}" if name.startswith("Landkreis ") else f"aus {name}"


def _article_titles(rng: random.Random, count: int, theme: str, places: list[str]) -> list[str]:
    titles = []
    for index in range(count):
        template = ARTICLE_TITLES[index % len(ARTICLE_TITLES)]
        place = places[index % len(places)]
        titles.append(
            template.format(
                theme=theme,
                place=place.removeprefix("Landkreis "),
                in_place=in_place(place),
                from_place=from_place(place),
                object=rng.choice(OBJECTS),
                heading=rng.choice(HEADINGS),
            )
        )
    return titles


def plan_corpus(options: CorpusOptions) -> Corpus:
    """The whole corpus as data; deterministic for equal ``options``."""
    reviewed = options.reviewed or dt.date.today()
    municipalities = make_municipalities(municipality_count(options.issues))
    persons = make_persons(person_count(options.issues))
    topics = tuple(
        Topic(ident, label, f"Beiträge und Praxisbeispiele zum Thema {label}.")
        for ident, label in TOPICS
    )
    topic_ids = [t.id for t in topics]
    issues: list[Issue] = []
    earlier: list[tuple[str, str]] = []  # (path, title) of articles of earlier issues
    for number in range(1, options.issues + 1):
        rng = random.Random(f"{options.seed}-issue-{number}")
        theme, subtitle = ISSUE_THEMES[(number - 1) % len(ISSUE_THEMES)]
        folder = f"{number:02d}-{slugify(theme)}"
        issue_topics = tuple(rng.sample(topic_ids, 3))
        authors = [persons[i].id for i in issue_authors(number)]
        # municipalities this issue talks about (all exist in smaller corpora too)
        local = [municipalities[(3 * number + k) % municipality_count(number)] for k in range(4)]
        places = [m.name for m in local]
        titles = _article_titles(rng, options.articles, theme, places)
        names = []
        for index in range(options.articles):
            kind = KINDS[index % len(KINDS)]
            base = "editorial" if kind == "Editorial" else slugify(kind)
            names.append(f"{base}-{index + 1}" if base != "editorial" else base)
        plans: list[Article] = []
        for index in range(options.articles):
            arng = random.Random(f"{options.seed}-article-{number}-{index}")
            same_issue = [
                (f"ausgaben/{folder}/{names[j]}.md", titles[j])
                for j in range(options.articles)
                if j != index
            ]
            targets = same_issue + earlier[-40:]
            count = 1 if index % 3 else 2
            picked = tuple(authors[(index + k) % 3] for k in range(count))
            plans.append(
                Article(
                    folder=folder,
                    name=names[index],
                    title=titles[index],
                    kind=KINDS[index % len(KINDS)],
                    topics=tuple(arng.sample(topic_ids, 2)),
                    authors=picked,
                    abstract=sentences(arng, 3),
                    blocks=_body(arng, options.words, targets),
                )
            )
        # case studies: in the Praxisbeispiel articles first, then round-robin
        order = [i for i, a in enumerate(plans) if a.kind == "Praxisbeispiel"]
        order += [i for i in range(len(plans)) if i not in order]
        cases: dict[int, list[CaseStudy]] = {}
        for k in range(options.cases_per_issue):
            crng = random.Random(f"{options.seed}-case-{number}-{k}")
            where = local[k % len(local)]
            host = order[k % len(order)]
            crng.sample(topic_ids, 2)  # drawn as before, so the rest of the corpus stays
            case = CaseStudy(
                id=f"fall-{number:02d}-{k + 1}",
                municipality=where.id,
                title=f"{CASE_PHRASES[(number + k) % len(CASE_PHRASES)]} "
                f"{in_place(where.name)} (Beispiel {number}.{k + 1})",
                topics=plans[host].topics,  # one taxonomy: a card has its article's topics
                summary=sentences(crng, 2),
                points=tuple(sentence(crng) for _ in range(3)),
            )
            cases.setdefault(host, []).append(case)
        articles = tuple(
            dataclasses.replace(a, cases=tuple(cases.get(i, ()))) for i, a in enumerate(plans)
        )
        issues.append(
            Issue(
                number=number,
                folder=folder,
                title=f"{theme} {DASH} {subtitle}",
                topics=issue_topics,
                summary=sentences(rng, 3),
                published=dt.date(2014, 3, 1) + dt.timedelta(days=91 * number),
                blocks=(
                    ("h2", "Worum es in der Ausgabe geht"),
                    ("p", sentences(rng, 5) + " Zentral ist dabei {term}`Bildungsmonitoring`."),
                    ("h2", "Aufbau"),
                    ("p", sentences(rng, 4)),
                ),
                articles=articles,
            )
        )
        earlier.extend((a.path, a.title) for a in articles)
    return Corpus(options, reviewed, persons, municipalities, topics, tuple(issues))


# --------------------------------------------------------------------------
# Rendering


def _q(text: str) -> str:
    """A YAML scalar (a JSON string is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _blocks(blocks: tuple[tuple[str, str], ...]) -> str:
    parts = [f"## {text}" if kind == "h2" else text for kind, text in blocks]
    return "\n\n".join(parts) + "\n"


def _toctree(entries: list[str], caption: str = "", hidden: bool = False) -> str:
    lines = ["```{toctree}"]
    if hidden:
        lines.append(":hidden:")
    if caption:
        lines.append(f":caption: {caption}")
    else:
        lines.append(":maxdepth: 1")
    return "\n".join([*lines, "", *entries, "```"]) + "\n"


def registry_files(corpus: Corpus, persons: bool = True) -> dict[str, str]:
    """``_data/*.yaml`` (without ``personen.yaml`` when ``persons`` is false)."""
    files = {}
    lines = []
    for m in corpus.municipalities:
        lines += [
            f"- id: {m.id}",
            f"  name: {_q(m.name)}",
            f"  kind: {m.kind}",
            f"  state: {m.state}",
            f'  key: "{m.key}"',
            f"  population: {m.population}",
        ]
    files["_data/kommunen.yaml"] = "\n".join(lines) + "\n"
    lines = []
    for t in corpus.topics:
        lines += [f"- id: {t.id}", f"  label: {_q(t.label)}", f"  description: {_q(t.description)}"]
    files["_data/themen.yaml"] = "\n".join(lines) + "\n"
    if persons:
        lines = []
        for p in corpus.persons:
            lines += [
                f"- id: {p.id}",
                f"  name: {_q(p.name)}",
                f"  role: {_q(p.role)}",
                f"  organisation: {_q(p.organisation)}",
                f"  municipality: {p.municipality}",
            ]
        files["_data/personen.yaml"] = "\n".join(lines) + "\n"
    return files


def glossary_page() -> str:
    """``glossar.md`` with every term (the same in every variant)."""
    entries = "\n\n".join(f"{term}\n  {text}" for term, text in GLOSSARY.items())
    return (
        "# Glossar\n\nFachbegriffe, auf die die Beiträge verweisen.\n\n"
        f":::{{glossary}}\n{entries}\n:::\n"
    )


def case_directive(case: CaseStudy, reviewed: dt.date) -> str:
    """A ``{case-study}`` card."""
    points = "\n".join(f"- {point}" for point in case.points)
    return (
        f":::{{case-study}} {case.id}\n"
        f":municipality: {case.municipality}\n"
        f":title: {case.title}\n"
        f":topics: {', '.join(case.topics)}\n"
        f":summary: {case.summary}\n"
        f":reviewed: {reviewed.isoformat()}\n\n"
        f"{points}\n:::\n"
    )


def case_plain(corpus: Corpus, case: CaseStudy) -> str:
    """The words of a card as plain Markdown."""
    where = corpus.municipality(case.municipality)
    points = "\n".join(f"- {point}" for point in case.points)
    return (
        f"**Praxisbeispiel: {case.title}**\n\n"
        f"Kommune: {where.name} ({where.state}) · Themen: {corpus.topic_labels(case.topics)}"
        f" · Geprüft am {german_date(corpus.reviewed)}\n\n"
        f"{case.summary}\n\n{points}\n"
    )


def _cases_section(corpus: Corpus, article: Article, directive: bool) -> str:
    if not article.cases:
        return ""
    cards = [
        case_directive(case, corpus.reviewed) if directive else case_plain(corpus, case)
        for case in article.cases
    ]
    return "\n## Praxisbeispiele\n\n" + "\n".join(cards)


#: how the ``ours`` variants write authors: front matter (the feature), text, or not at all
AuthorsAs = Literal["front-matter", "text", "none"]


def ours_article(corpus: Corpus, article: Article, authors: AuthorsAs, cases: bool) -> str:
    """An article with typed front matter (no H1: the title comes from front matter)."""
    lines = ["---", f"title: {_q(article.title)}"]
    if authors == "front-matter":
        lines.append(f"authors: [{', '.join(article.authors)}]")
    lines += [
        f"kind: {article.kind}",
        f"topics: [{', '.join(article.topics)}]",
        f"abstract: {_q(article.abstract)}",
        "---",
        "",
    ]
    head, tail = "", ""
    if authors == "text":
        head = byline_text(corpus, article) + "\n\n"
        tail = "\n" + "\n".join(
            author_box_text(corpus, corpus.person(p)) for p in dict.fromkeys(article.authors)
        )
    return (
        "\n".join(lines)
        + head
        + _blocks(article.blocks)
        + _cases_section(corpus, article, cases)
        + tail
    )


def ours_issue(issue: Issue) -> str:
    """An issue landing page with typed front matter and its table of contents."""
    lines = [
        "---",
        f"number: {issue.number}",
        f"title: {_q(issue.title)}",
        f"series: {_q(SERIES)}",
        f"published: {issue.published.isoformat()}",
        f"publisher: {_q(PUBLISHER)}",
        f"topics: [{', '.join(issue.topics)}]",
        f"summary: {_q(issue.summary)}",
        "---",
        "",
    ]
    contents = "\n## Inhalt\n\n" + _toctree([a.name for a in issue.articles])
    return "\n".join(lines) + _blocks(issue.blocks) + contents


def _start_toctrees(corpus: Corpus, authors: bool, finder: bool = False) -> str:
    newest_first = [f"ausgaben/{i.folder}/index" for i in reversed(corpus.issues)]
    parts = [_toctree(newest_first, "Ausgaben", hidden=True)]
    if finder:
        parts.append(_toctree(["praxisbeispiele/index"], "Praxisbeispiele", hidden=True))
    parts.append(_toctree(["glossar"], "Nachschlagen", hidden=True))
    if authors:
        parts.append(_toctree(["autoren/index"], "Personen", hidden=True))
    return "\n" + "\n".join(parts)


START_INTRO = (
    "Dieser Korpus ist künstlich erzeugt und dient nur der Messung der Bauzeit. "
    "Er hat den Aufbau der Wissensbasis: Ausgaben mit Beiträgen, ein Glossar, "
    "Personen, Kommunen und Praxisbeispiele.\n"
)


FINDER_PAGE = "# Praxisbeispiele\n\n:::{case-study-finder}\n:::\n\n" + _toctree(
    ["laender/index", "kommunen/index", "themen/index"], hidden=True
)


def ours_files(
    corpus: Corpus, authors: AuthorsAs = "front-matter", cases: bool = True
) -> dict[str, str]:
    """The source files of an ``ours`` variant (without ``conf.py``)."""
    files = registry_files(corpus, persons=authors == "front-matter")
    files["index.md"] = (
        f"# {SITE_TITLE}\n\n{START_INTRO}\n## Alle Ausgaben\n\n:::{{issue-list}}\n:::\n"
        + _start_toctrees(corpus, authors != "none", finder=cases)
    )
    if authors == "text":
        files.update(author_pages_text(corpus))
    files["glossar.md"] = glossary_page()
    if cases:  # the finder; the build generates the overviews below it
        files["praxisbeispiele/index.md"] = FINDER_PAGE
    for issue in corpus.issues:
        files[f"ausgaben/{issue.folder}/index.md"] = ours_issue(issue)
        for article in issue.articles:
            files[article.path] = ours_article(corpus, article, authors, cases)
    return files


def _names(parts: list[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " und " + parts[-1]


def byline_text(corpus: Corpus, article: Article) -> str:
    """The byline of an article as plain Markdown (names linked to the author pages)."""
    links = [f"[{corpus.person(p).name}](../../autoren/{p}.md)" for p in article.authors]
    return f"Von {_names(links)}"


def author_box_text(corpus: Corpus, person: Person) -> str:
    """The words of an author box as plain Markdown."""
    where = corpus.municipality(person.municipality)
    return (
        f"**{person.name}**\n\n{person.role}\n\n{person.organisation}\n\n"
        f"Kommune: {where.name}\n\n"
        f"[Alle Beiträge von {person.name}](../../autoren/{person.id}.md)\n"
    )


def author_pages_text(corpus: Corpus) -> dict[str, str]:
    """``autoren/*.md``: the words of the generated author pages as plain Markdown."""
    written: dict[str, list[str]] = {}
    for issue in reversed(corpus.issues):  # newest first, like the generated pages
        for article in issue.articles:
            for person in dict.fromkeys(article.authors):
                written.setdefault(person, []).append(
                    f"- [{article.title}](../{article.path}) ({article.kind}), in "
                    f"[Nr. {issue.number}: {issue.title}](../ausgaben/{issue.folder}/index.md)"
                )
    people = sorted(corpus.persons, key=lambda p: p.surname_key)
    listing = "\n".join(
        f"- [{p.name}]({p.id}.md), {p.role} ({contribution_count(len(written.get(p.id, [])))})"
        for p in people
    )
    pages = {
        "autoren/index.md": (
            "# Autorinnen und Autoren\n\nAlle Personen, die an der Reihe mitgewirkt haben, "
            "alphabetisch nach Nachnamen,\nmit ihrer Funktion und der Zahl ihrer Beiträge.\n\n"
            + listing
            + "\n\n```{toctree}\n:hidden:\n:glob:\n\n*\n```\n"
        )
    }
    for p in corpus.persons:
        works = "\n".join(written.get(p.id, [])) or "Noch keine Beiträge."
        where = corpus.municipality(p.municipality)
        pages[f"autoren/{p.id}.md"] = (
            f"# {p.name}\n\n{p.role}\n\n{p.organisation}\n\nKommune: {where.name}\n\n"
            f"## Beiträge\n\n{works}\n"
        )
    return pages


def baseline_article(corpus: Corpus, article: Article, issue: Issue) -> str:
    """An article as plain MyST: ``# Titel``, byline, facts and cards as text."""
    persons = dict.fromkeys(article.authors)
    head = (
        f"---\ntitle: {_q(article.title)}\n---\n\n# {article.title}\n\n"
        f"{byline_text(corpus, article)}\n\n"
        f"- Art: {article.kind}\n- Themen: {corpus.topic_labels(article.topics)}\n\n"
        f"**Kurzfassung:** {article.abstract}\n\n"
    )
    return (
        head
        + _blocks(article.blocks)
        + _cases_section(corpus, article, directive=False)
        + "\n## Zur Person\n\n"
        + "\n".join(author_box_text(corpus, corpus.person(p)) for p in persons)
    )


def baseline_issue(corpus: Corpus, issue: Issue) -> str:
    """An issue landing page as plain MyST."""
    facts = (
        f"- Reihe: {SERIES}\n- Ausgabe: Nr. {issue.number}\n"
        f"- Erschienen: {german_date(issue.published)}\n- Herausgeberin: {PUBLISHER}\n"
        f"- Themen: {corpus.topic_labels(issue.topics)}\n"
    )
    contents = "\n## Inhalt\n\n" + _toctree([a.name for a in issue.articles])
    return (
        f"---\ntitle: {_q(issue.title)}\n---\n\n# {issue.title}\n\n{facts}\n{issue.summary}\n\n"
        + _blocks(issue.blocks)
        + contents
    )


def baseline_files(corpus: Corpus) -> dict[str, str]:
    """The source files of the baseline (without ``conf.py``)."""
    files = registry_files(corpus)  # not read by Sphinx; kept so the trees match
    cards = []
    for issue in reversed(corpus.issues):
        count = len(issue.articles)
        cards.append(
            f"**[Nr. {issue.number}: {issue.title}](ausgaben/{issue.folder}/index.md)**\n\n"
            f"{SERIES}, Nr. {issue.number} · erschienen am {german_date(issue.published)}\n\n"
            f"{issue.summary}\n\n{count} Beiträge\n"
        )
    files["index.md"] = (
        f"# {SITE_TITLE}\n\n{START_INTRO}\n## Alle Ausgaben\n\n"
        + "\n".join(cards)
        + _start_toctrees(corpus, authors=True)
    )
    files["glossar.md"] = glossary_page()
    for issue in corpus.issues:
        files[f"ausgaben/{issue.folder}/index.md"] = baseline_issue(corpus, issue)
        for article in issue.articles:
            files[article.path] = baseline_article(corpus, article, issue)
    files.update(author_pages_text(corpus))
    return files


# --------------------------------------------------------------------------
# conf.py of the variants


def ours_conf(real_conf: Path) -> str:
    """A conf.py that runs the real ``source/conf.py``, so its later changes are measured."""
    return f'''"""Benchmark: die Einstellungen von {real_conf.name} der Wissensbasis."""

from pathlib import Path as _Path

_REAL = _Path({str(real_conf)!r})
_ns = {{"__file__": str(_REAL), "tags": tags}}  # noqa: F821 (injected by Sphinx)
exec(compile(_REAL.read_text(encoding="utf-8"), str(_REAL), "exec"), _ns)
globals().update({{k: v for k, v in _ns.items() if not k.startswith("_")}})
project = {SITE_TITLE!r}
html_title = project
'''


def baseline_conf(real_conf: Path) -> str:
    """The real settings, but only Sphinx, MyST, sphinx-design and the book theme."""
    return ours_conf(real_conf) + (
        '\nextensions = ["myst_parser", "sphinx_design"]\n'
        "for _name in [n for n in globals() if n.startswith('transmit_')]:\n"
        "    del globals()[_name]\n"
    )


def floor_conf(real_conf: Path) -> str:
    """Plain Sphinx + MyST + alabaster, the real site's language and MyST syntax."""
    return f'''"""Benchmark floor: Sphinx + MyST + alabaster."""

from pathlib import Path as _Path

_REAL = _Path({str(real_conf)!r})
_ns = {{"__file__": str(_REAL), "tags": tags}}  # noqa: F821 (injected by Sphinx)
exec(compile(_REAL.read_text(encoding="utf-8"), str(_REAL), "exec"), _ns)
project = {SITE_TITLE!r}
language = _ns.get("language", "de")
extensions = ["myst_parser"]
myst_enable_extensions = _ns.get("myst_enable_extensions", ["colon_fence"])
myst_heading_anchors = _ns.get("myst_heading_anchors", 0)
exclude_patterns = _ns.get("exclude_patterns", ["_data"])
html_theme = "alabaster"
html_search_language = _ns.get("html_search_language", language)
'''


def default_real_conf() -> Path:
    """``source/conf.py`` of the repository this package lives in (or of the cwd)."""
    here = Path(__file__).resolve().parents[1] / "source" / "conf.py"
    return here if here.is_file() else Path.cwd() / "source" / "conf.py"


def write_tree(dest: Path, files: dict[str, str]) -> None:
    """Make ``dest`` hold exactly ``files`` (relative path -> text)."""
    if dest.exists():
        shutil.rmtree(dest)
    for name, text in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_corpus(
    root: Path,
    options: CorpusOptions,
    real_conf: Path | None = None,
    case_directive: bool = True,
) -> dict[str, Path]:
    """Write every variant below ``root``; return variant name -> source folder.

    With ``case_directive=False`` the ``ours`` variant writes its cards as plain
    text too (for a site whose case-study directive is missing or broken).
    """
    conf = real_conf or default_real_conf()
    corpus = plan_corpus(options)
    trees = {
        "ours": ours_files(corpus, cases=case_directive),
        "ours-autoren-als-text": ours_files(corpus, authors="text", cases=case_directive),
        "ours-ohne-autoren": ours_files(corpus, authors="none", cases=case_directive),
        "ours-ohne-praxisbeispiele": ours_files(corpus, cases=False),
        "baseline": baseline_files(corpus),
    }
    folders = {}
    for name, files in trees.items():
        files["conf.py"] = baseline_conf(conf) if name == "baseline" else ours_conf(conf)
        write_tree(root / name, files)
        folders[name] = root / name
    write_tree(root / FLOOR_CONF_DIR, {"conf.py": floor_conf(conf)})
    return folders
