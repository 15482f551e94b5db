"""The model's findable objects: persons, municipalities, issues and case studies.

Each is listed with the page a reader should land on. The ``tm`` domain
offers them to Sphinx (``objects.inv``) and the search ranks them above text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .links import municipality_docname, person_docname
from .model import get_registry

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from .domain import TransmitDomain


@dataclass(frozen=True)
class SearchObject:
    """Something findable by name, ranked above text hits."""

    kind: str
    id: str
    name: str
    docname: str
    anchor: str = ""
    description: str = ""


def _case_studies(domain: TransmitDomain) -> Iterator[tuple[str, Any]]:
    store = domain.data.get("case_studies", {})
    for docname, items in sorted(store.items()):
        for item in items if isinstance(items, list) else [items]:
            yield docname, item


def domain_objects(env: BuildEnvironment, domain: TransmitDomain) -> list[SearchObject]:
    """Persons, municipalities, issues and case studies with the page to link.

    Persons link to ``autoren/<id>`` (else their first article), municipalities
    to ``praxisbeispiele/kommunen/<id>`` (else a case study or an article of a
    person from there). Objects without any page are left out.
    """
    found = env.found_docs
    registry = get_registry(env)
    articles = [meta for _, meta in domain.entries("article")]
    objects: list[SearchObject] = []
    for person in registry.persons.values():
        docname = person_docname(person.id)
        if docname not in found:
            docname = next((a.docname for a in articles if person.id in a.authors), "")
        if docname:
            description = ", ".join(p for p in (person.role, person.organisation) if p)
            objects.append(
                SearchObject("person", person.id, person.display_name, docname, "", description)
            )
    cases = list(_case_studies(domain))
    for municipality in registry.municipalities.values():
        docname = municipality_docname(municipality.id)
        if docname not in found:
            docname = next(
                (d for d, c in cases if getattr(c, "municipality", "") == municipality.id), ""
            )
        if not docname:
            people = {p.id for p in registry.persons.values() if p.municipality == municipality.id}
            docname = next((a.docname for a in articles if people & set(a.authors)), "")
        if docname:
            description = f"{municipality.kind}, {municipality.state}"
            objects.append(
                SearchObject(
                    "municipality", municipality.id, municipality.name, docname, "", description
                )
            )
    for _, issue in domain.entries("issue"):
        name = f"Nr. {issue.number}: {issue.title}"
        objects.append(
            SearchObject("issue", issue.docname, name, issue.docname, "", issue.subtitle)
        )
    for docname, case in cases:
        title = str(getattr(case, "title", "") or "")
        place = registry.municipalities.get(str(getattr(case, "municipality", "")))
        if title and place is not None:
            title = f"{place.name}: {title}"  # found by the place's name too
        ident = str(getattr(case, "id", "") or getattr(case, "anchor", "") or title)
        anchor = str(getattr(case, "anchor", "") or getattr(case, "target", "") or "")
        if title:
            summary = str(getattr(case, "summary", "") or "")
            objects.append(SearchObject("case_study", ident, title, docname, anchor, summary))
    return [o for o in objects if o.docname in found]
