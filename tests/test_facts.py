"""Every fact the site states about real people, municipalities and issues matches
``tests/facts.py`` (written down by hand from ``shared/content-facts.md``).

Two kinds of checks:

- the registries in ``source/_data`` hold exactly these facts (fast, no build);
- the built site (``built_site``: pages, JSON-LD, exports) states them and
  nothing that contradicts them: a sentence that names a person and a job
  states that person's role word for word, a box says "Kommune: …" only for
  the place a person works, a sentence that names a municipality and a state
  names its own state.

The checks are functions of text, so ``test_checks_find_*`` feed them a
changed role, AGS key or state and show that they fail.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from facts import (
    CASE_STUDIES,
    ISSUES,
    MUNICIPALITIES,
    PERSONS,
    PUBLISHER,
    ROLE_WORDS,
    SERIES,
    SERIES_LINE,
    MunicipalityFact,
    PersonFact,
)
from transmit_kb.core.registry import FEDERAL_STATES, Registry, load_registry
from transmit_kb.core.text import german_date

SOURCE = Path(__file__).parent.parent / "source"


# --------------------------------------------------------------------------
# Checks (pure functions; each returns a list of problems)


def registry_problems(registry: Registry) -> list[str]:
    """Where the registries differ from the facts."""
    problems = [
        f"{path.name}:{problem.line}: {problem.message}" for path, problem in registry.problems
    ]
    if set(registry.persons) != set(PERSONS):
        problems.append(f"Personen: {sorted(registry.persons)} statt {sorted(PERSONS)}")
    for ident, fact in PERSONS.items():
        person = registry.persons.get(ident)
        if person is None:
            continue
        found = (person.name, person.role, person.organisation, person.municipality, person.origin)
        wanted = (fact.name, fact.role, fact.organisation, fact.workplace, fact.origin)
        if found != wanted:
            problems.append(f"{ident}: {found} statt {wanted}")
    if set(registry.municipalities) != set(MUNICIPALITIES):
        problems.append(
            f"Kommunen: {sorted(registry.municipalities)} statt {sorted(MUNICIPALITIES)}"
        )
    for ident, place in MUNICIPALITIES.items():
        municipality = registry.municipalities.get(ident)
        if municipality is None:
            continue
        found_place = (municipality.name, municipality.kind, municipality.state, municipality.key)
        wanted_place = (place.name, place.kind, place.state, place.key)
        if found_place != wanted_place:
            problems.append(f"{ident}: {found_place} statt {wanted_place}")
    return problems


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„])")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß-]+")


def sentences(text: str) -> list[str]:
    """``text`` with normalised spaces, split into sentences."""
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def _names_a_job(sentence: str) -> bool:
    return any(
        word[0].isupper() and word.casefold().endswith(ROLE_WORDS)
        for word in _WORD.findall(sentence)
    )


def role_problems(sentence: str) -> list[str]:
    """A sentence that names a person and a job must give that person's role exactly."""
    if not _names_a_job(sentence):
        return []
    named = [fact for fact in PERSONS.values() if fact.name in sentence]
    return [
        f"Rolle von {fact.name} fehlt oder weicht ab: {sentence!r}"
        for fact in named
        if fact.role not in sentence
    ]


def _state_pattern(state: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(state)}(?![\w-])")


def place_problems(sentence: str) -> list[str]:
    """A sentence that names a municipality and a federal state names the municipality's state.

    (Sentences naming several municipalities are checked when all are in one state.)
    """
    states = {state for state in FEDERAL_STATES if _state_pattern(state).search(sentence)}
    named = [p for p in MUNICIPALITIES.values() if re.search(rf"\b{re.escape(p.name)}", sentence)]
    if not states or not named or len({p.state for p in named}) > 1:
        return []
    return [
        f"{place.name} liegt in {place.state}, der Satz nennt {sorted(states)}: {sentence!r}"
        for place in named
        if place.state not in states
    ]


def key_problems(rows: list[dict[str, str]]) -> list[str]:
    """Rows of the case-study export: municipality, kind, state and official key as in the facts."""
    problems = []
    for row in rows:
        place = MUNICIPALITIES.get(row["kommune_id"])
        if place is None:
            problems.append(f"unbekannte Kommune {row['kommune_id']}")
            continue
        found = (
            row["kommune"],
            row["art_der_kommune"],
            row["bundesland"],
            row["amtlicher_schluessel"],
        )
        if found != (place.name, place.kind, place.state, place.key):
            problems.append(f"{row['id']}: {found} statt {place}")
    return problems


def profile_problems(box: Tag, fact: PersonFact) -> list[str]:
    """An author box or person page: role, organisation, place of work and origin as known."""
    problems = []
    role = box.select_one(".tm-author-role")
    if role is None or role.get_text(" ", strip=True) != fact.role:
        problems.append(f"{fact.name}: Rolle {role and role.get_text(strip=True)!r}")
    organisation = box.select_one(".tm-author-organisation")
    shown = organisation.get_text(" ", strip=True) if organisation else ""
    if shown != fact.organisation:
        problems.append(f"{fact.name}: Organisation {shown!r} statt {fact.organisation!r}")
    workplace = box.select_one(".tm-author-municipality")
    shown = workplace.get_text(" ", strip=True) if workplace else ""
    wanted = f"Kommune: {MUNICIPALITIES[fact.workplace].name}" if fact.workplace else ""
    if shown != wanted:
        problems.append(f"{fact.name}: {shown!r} statt {wanted!r} (Arbeitsort)")
    origin = box.select_one(".tm-author-origin")
    shown = origin.get_text(" ", strip=True) if origin else ""
    wanted = f"Aus {MUNICIPALITIES[fact.origin].name}" if fact.origin else ""
    if shown != wanted:
        problems.append(f"{fact.name}: {shown!r} statt {wanted!r} (Herkunft)")
    return problems


def person_data_problems(data: dict[str, object], fact: PersonFact) -> list[str]:
    """schema.org data of a person: jobTitle, affiliation and workLocation only as known."""
    problems = []
    if data.get("name") != fact.name or data.get("jobTitle") != fact.role:
        problems.append(f"{fact.name}: {data.get('name')!r}, {data.get('jobTitle')!r}")
    affiliation = data.get("affiliation")
    name = affiliation.get("name") if isinstance(affiliation, dict) else ""
    if name != fact.organisation:
        problems.append(f"{fact.name}: affiliation {name!r} statt {fact.organisation!r}")
    location = data.get("workLocation")
    name = location.get("name") if isinstance(location, dict) else ""
    wanted = MUNICIPALITIES[fact.workplace].name if fact.workplace else ""
    if name != wanted:
        problems.append(f"{fact.name}: workLocation {name!r} statt {wanted!r}")
    return problems


# --------------------------------------------------------------------------
# Registries


def test_registries_hold_the_facts() -> None:
    assert registry_problems(load_registry(SOURCE, "_data")) == []


def test_checks_find_a_changed_ags_key_or_role_in_a_registry(tmp_path: Path) -> None:
    data = tmp_path / "_data"
    shutil.copytree(SOURCE / "_data", data)
    kommunen = data / "kommunen.yaml"
    kommunen.write_text(
        kommunen.read_text(encoding="utf-8").replace('"16053000"', '"16053001"'), encoding="utf-8"
    )
    personen = data / "personen.yaml"
    personen.write_text(
        personen.read_text(encoding="utf-8").replace(
            "Planungskoordinatorin für Integrierte", "Koordinatorin für Integrierte"
        ),
        encoding="utf-8",
    )
    problems = registry_problems(load_registry(tmp_path, "_data"))
    assert any("16053001" in p for p in problems), problems
    assert any(p.startswith("christiane-maurer") for p in problems), problems


def test_checks_find_a_workplace_where_only_the_origin_is_known(tmp_path: Path) -> None:
    data = tmp_path / "_data"
    shutil.copytree(SOURCE / "_data", data)
    personen = data / "personen.yaml"
    personen.write_text(
        personen.read_text(encoding="utf-8").replace("origin: mannheim", "municipality: mannheim"),
        encoding="utf-8",
    )
    problems = registry_problems(load_registry(tmp_path, "_data"))
    assert any(p.startswith("walter-werner") for p in problems), problems


def test_checks_find_a_changed_role_or_state_in_a_sentence() -> None:
    good = (
        "Den Beitrag hat Christiane Maurer geschrieben, Planungskoordinatorin für "
        "Integrierte Sozialplanung im Landkreis Sömmerda."
    )
    assert role_problems(good) == [] and place_problems(good) == []
    assert role_problems(good.replace("Planungskoordinatorin", "Planungsleiterin"))
    assert role_problems("Walter Werner, Sozialplaner der Stadt Mannheim, schreibt.")
    assert place_problems("Der Landkreis Sömmerda liegt in Sachsen-Anhalt.")
    assert place_problems("Jena ist eine kreisfreie Stadt in Sachsen.")
    assert not place_problems("Halle (Saale) ist eine kreisfreie Stadt in Sachsen-Anhalt.")
    # names without a job are no claim about a role
    assert role_problems("Die Redaktion dankt Christiane Maurer und Walter Werner.") == []


def test_checks_find_a_changed_key_in_an_export_row() -> None:
    row = {
        "id": "x",
        "kommune_id": "jena",
        "kommune": "Jena",
        "art_der_kommune": "kreisfreie Stadt",
        "bundesland": "Thüringen",
        "amtlicher_schluessel": "16053000",
    }
    assert key_problems([row]) == []
    assert key_problems([{**row, "amtlicher_schluessel": "16053001"}])
    assert key_problems([{**row, "bundesland": "Sachsen"}])


# --------------------------------------------------------------------------
# The built site


def _soup(site: Path, page: str) -> BeautifulSoup:
    path = site / page
    assert path.is_file(), f"{page} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _main(doc: BeautifulSoup) -> Tag:
    main = doc.select_one("article.bd-article") or doc.select_one("main")
    assert main is not None
    return main


def _pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site)
        if "_static" in relative.parts or relative.name in ("search.html", "genindex.html"):
            continue
        yield str(relative), BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _blocks(main: Tag) -> Iterator[str]:
    """The text of every paragraph-like element (list items and fields without nesting)."""
    for element in main.find_all(["p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3"]):
        if element.name in ("li", "dd") and element.find("p"):
            continue
        yield element.get_text(" ", strip=True)


def _json_ld(doc: BeautifulSoup) -> list[dict[str, object]]:
    return [
        json.loads(s.string or "{}") for s in doc.find_all("script", type="application/ld+json")
    ]


pytestmark_slow = pytest.mark.slow


@pytestmark_slow
def test_every_sentence_about_a_person_or_place_matches_the_facts(built_site: Path) -> None:
    problems = []
    for page, doc in _pages(built_site):
        for block in _blocks(_main(doc)):
            for sentence in sentences(block):
                problems += [f"{page}: {p}" for p in role_problems(sentence)]
                problems += [f"{page}: {p}" for p in place_problems(sentence)]
    assert problems == [], "\n".join(problems)


@pytestmark_slow
@pytest.mark.parametrize("ident", sorted(PERSONS))
def test_article_names_its_author_with_the_known_facts(built_site: Path, ident: str) -> None:
    fact = PERSONS[ident]
    issue = ISSUES[fact.issue]
    doc = _soup(built_site, f"{issue.folder}/{fact.article}.html")
    main = _main(doc)
    byline = main.select_one(".tm-byline")
    assert byline is not None and fact.name in byline.get_text(" ", strip=True)
    boxes = [b for b in main.select(".tm-author-box") if fact.name in b.get_text(" ", strip=True)]
    assert len(boxes) == 1, f"{fact.name}: {len(boxes)} Kästen"
    assert profile_problems(boxes[0], fact) == []
    # the running text names the role too (the box alone is not the page's statement)
    body = " ".join(main.get_text(" ", strip=True).split())
    assert body.count(fact.role) >= 2, f"{fact.name}: Rolle nur im Kasten"
    articles = [d for d in _json_ld(doc) if d.get("@type") == "ScholarlyArticle"]
    assert len(articles) == 1
    authors = articles[0]["author"]
    assert isinstance(authors, list) and len(authors) == 1
    assert person_data_problems(authors[0], fact) == []


@pytestmark_slow
@pytest.mark.parametrize("ident", sorted(PERSONS))
def test_person_page_states_only_what_is_known(built_site: Path, ident: str) -> None:
    fact = PERSONS[ident]
    doc = _soup(built_site, f"autoren/{ident}.html")
    main = _main(doc)
    assert profile_problems(main, fact) == []
    persons = [d for d in _json_ld(doc) if d.get("@type") == "Person"]
    assert len(persons) == 1
    assert person_data_problems(persons[0], fact) == []


@pytestmark_slow
def test_no_box_or_data_claims_an_unknown_place_of_work(built_site: Path) -> None:
    """'Kommune: …' and ``workLocation`` only where a person's workplace is known."""
    workplaces = {MUNICIPALITIES[f.workplace].name for f in PERSONS.values() if f.workplace}
    problems = []
    for page, doc in _pages(built_site):
        for shown in doc.select(".tm-author-municipality"):
            place = shown.get_text(" ", strip=True).removeprefix("Kommune: ")
            if place not in workplaces:
                problems.append(f"{page}: {shown.get_text(strip=True)}")
        for data in _json_ld(doc):
            people = (
                data.get("author")
                if data.get("@type") in ("Article", "ScholarlyArticle")
                else [data]
            )
            for person in people if isinstance(people, list) else []:
                location = person.get("workLocation") if isinstance(person, dict) else None
                if location and location.get("name") not in workplaces:
                    problems.append(f"{page}: workLocation {location}")
    assert problems == [], problems
    werner = _soup(built_site, "autoren/walter-werner.html").get_text(" ", strip=True)
    assert "Kommune: Mannheim" not in werner


@pytestmark_slow
@pytest.mark.parametrize("number", sorted(ISSUES))
def test_issue_page_states_number_title_and_date(built_site: Path, number: int) -> None:
    fact = ISSUES[number]
    main = _main(_soup(built_site, f"{fact.folder}/index.html"))
    h1 = main.find("h1")
    assert h1 is not None and h1.get_text(strip=True).rstrip("#") == fact.title
    rows = {
        dt_.get_text(strip=True).rstrip(":"): dt_.find_next_sibling("dd").get_text(" ", strip=True)
        for dt_ in main.select(".tm-issue-facts dt")
    }
    assert rows["Ausgabe"] == f"Nr. {number}"
    assert rows["Reihe"] == f"{SERIES} – {SERIES_LINE}"  # noqa: RUF001
    assert rows["Herausgeberin"] == PUBLISHER
    assert rows.get("Untertitel", "") == fact.subtitle
    # the source gives the day of the announcement, when the issue was already out:
    # the page says "spätestens" and names where the date comes from
    wanted = (
        f"spätestens {german_date(fact.announced)} (laut Ankündigung)" if fact.announced else None
    )
    assert rows.get("Erschienen") == wanted
    text = " ".join(main.get_text(" ", strip=True).split())
    if fact.announced:
        assert f"{fact.announced:%d.%m.%Y}" in text
    # every year on the page is the year of the announcement (no invented dates)
    years = set(re.findall(r"\b(?:19|20)\d\d\b", text))
    assert years <= ({str(fact.announced.year)} if fact.announced else set()), years


@pytestmark_slow
def test_article_pages_belong_to_their_issue(built_site: Path) -> None:
    for fact in ISSUES.values():
        for path in sorted((built_site / fact.folder).glob("*.html")):
            if path.name == "index.html":
                continue
            doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            note = _main(doc).select_one(".tm-summary-note")
            assert note is not None, f"{path.name}: kein Hinweis"
            assert f"Nr. {fact.number} von „{SERIES}“" in " ".join(note.get_text(" ").split())
            articles = [d for d in _json_ld(doc) if d.get("@type") == "ScholarlyArticle"]
            issue = articles[0]["isPartOf"]
            assert isinstance(issue, dict) and issue.get("issueNumber") == str(fact.number)
            wanted = fact.announced.isoformat() if fact.announced else None
            assert articles[0].get("datePublished") == wanted, path.name


@pytestmark_slow
def test_case_cards_and_exports_state_the_municipality_facts(built_site: Path) -> None:
    exports = built_site / "praxisbeispiele"
    with (exports / "praxisbeispiele.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["id"] for row in rows} == set(CASE_STUDIES)
    assert key_problems(rows) == []
    data = json.loads((exports / "praxisbeispiele.json").read_text(encoding="utf-8"))
    for case in data["case_studies"]:
        municipality_id, number, _ = CASE_STUDIES[case["id"]]
        place: MunicipalityFact = MUNICIPALITIES[municipality_id]
        shown = case["municipality"]
        assert (shown["id"], shown["name"], shown["kind"], shown["state"], shown["key"]) == (
            municipality_id,
            place.name,
            place.kind,
            place.state,
            place.key,
        )
        assert case["issue"]["number"] == number
    for ident, (municipality_id, number, article) in CASE_STUDIES.items():
        place = MUNICIPALITIES[municipality_id]
        page = f"{ISSUES[number].folder}/{article}.html"
        card = _soup(built_site, page).select_one(f"#praxisbeispiel-{ident}")
        assert card is not None, f"{page}: Karte {ident} fehlt"
        fields = {
            dt_.get_text(strip=True).rstrip(":"): dt_.find_next_sibling("dd").get_text(
                " ", strip=True
            )
            for dt_ in card.select("dl dt")
        }
        assert (fields["Kommune"], fields["Bundesland"], fields["Art der Kommune"]) == (
            place.name,
            place.state,
            place.kind,
        ), page
