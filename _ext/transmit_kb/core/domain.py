"""The one typed place for cross-document data: the ``tm`` domain.

Every store maps a docname to what that document contributed, so purging a
document (incremental builds) and merging the parallel readers (``-j``) are
the same few lines for every feature.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain, ObjType

from .objects import domain_objects

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: store name -> what it holds per docname
STORES: dict[str, str] = {
    "issue": "IssueMeta of an issue landing page",
    "article": "ArticleMeta of an article page",
    "page": "PageMeta of any other page with front matter",
    "case_studies": "list of CaseStudy defined on the page",
    "author_boxes": "list of AuthorBox placed by directive on the page",
    "listings": "list of (kind, options) of the listing placeholders on the page",
    "listing_fingerprints": "hash of the data a listing page showed when last written",
}


class TransmitDomain(Domain):
    """Holds issues, articles, case studies and listings collected from all documents."""

    name = "tm"
    label = "TransMit plus"
    data_version = 1

    initial_data = {store: {} for store in STORES}  # noqa: RUF012

    def clear_doc(self, docname: str) -> None:
        for store in STORES:
            self.data.setdefault(store, {}).pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for store in STORES:
            mine = self.data.setdefault(store, {})
            for docname, value in otherdata.get(store, {}).items():
                if docname in wanted:
                    mine[docname] = value

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    #: objects of the search (persons, municipalities, issues, case studies), see objects.py
    object_types = {  # noqa: RUF012
        "person": ObjType("Person"),
        "municipality": ObjType("Kommune"),
        "issue": ObjType("Ausgabe"),
        "case_study": ObjType("Praxisbeispiel"),
    }

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for obj in domain_objects(self.env, self):
            yield (f"{obj.kind}.{obj.id}", obj.name, obj.kind, obj.docname, obj.anchor, 1)

    def record(self, store: str, docname: str, value: Any) -> None:
        """Record what ``docname`` contributes to ``store``."""
        self.data[store][docname] = value

    def lookup(self, store: str, docname: str, default: Any = None) -> Any:
        """What ``docname`` contributed to ``store``."""
        return self.data[store].get(docname, default)

    def add(self, store: str, docname: str, value: Any) -> None:
        """Add one item to the list ``docname`` contributes to ``store``."""
        self.data[store].setdefault(docname, []).append(value)

    def entries(self, store: str) -> Iterator[tuple[str, Any]]:
        """(docname, value) pairs of a store, sorted by docname for stable output."""
        return iter(sorted(self.data[store].items()))


def get_domain(env: BuildEnvironment) -> TransmitDomain:
    """The ``tm`` domain of ``env``."""
    domain = env.domains["tm"]
    assert isinstance(domain, TransmitDomain)
    return domain
