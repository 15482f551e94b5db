"""Metadata in the page head, all from the record: Highwire, Dublin Core, JSON-LD.

Highwire (``citation_*``) is what Zotero and Google Scholar read; Dublin Core
(``DC.*``) what library tools read; schema.org JSON-LD describes the article as
a ``ScholarlyArticle`` that is part of a ``PublicationIssue`` of a
``Periodical``. Attribute values are HTML-escaped; the JSON-LD escapes ``<``,
``>`` and ``&`` so no field can end its script element.
"""

from __future__ import annotations

import html
from typing import Any

from ..authors.people import json_ld, person_data
from ..core.registry import Person, Registry
from .record import Record, author_names, page_range


def _meta(name: str, content: str) -> str:
    return f'<meta name="{html.escape(name)}" content="{html.escape(content)}" />\n'


def _iso_date(record: Record) -> str:
    parts = record.get("issued", {}).get("date-parts") or [[]]
    return "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts[0]))


def highwire(record: Record, pdf_url: str) -> list[tuple[str, str]]:
    """``citation_*`` name/content pairs of an article record."""
    tags = [("citation_title", record["title"])]
    tags += [("citation_author", name) for name in author_names(record)]
    tags += [
        ("citation_journal_title", record["container-title"]),
        ("citation_publisher", record["publisher"]),
        ("citation_issue", record["issue"]),
    ]
    date = _iso_date(record)
    if date:
        tags.append(("citation_date", date.replace("-", "/")))
    tags.append(("citation_language", record.get("language", "de")))
    first, last = page_range(record)
    if first:
        tags += [("citation_firstpage", first), ("citation_lastpage", last)]
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    if record.get("URL"):
        tags.append(("citation_public_url", record["URL"]))
    return tags


def dublin_core(record: Record) -> list[tuple[str, str]]:
    """``DC.*`` name/content pairs of an article record."""
    tags = [("DC.title", record["title"])]
    tags += [("DC.creator", name) for name in author_names(record)]
    tags += [
        ("DC.publisher", record["publisher"]),
        ("DC.language", record.get("language", "de")),
        ("DC.relation", f"{record['container-title']}, Nr. {record['issue']}"),
    ]
    date = _iso_date(record)
    if date:
        tags.append(("DC.date", date))
    if record.get("URL"):
        tags.append(("DC.identifier", record["URL"]))
    return tags


def scholarly_article(
    record: Record, registry: Registry, persons: list[Person], pdf_url: str
) -> dict[str, Any]:
    """schema.org ``ScholarlyArticle`` → ``PublicationIssue`` → ``Periodical``."""
    publisher = {"@type": "Organization", "name": record["publisher"]}
    issue: dict[str, Any] = {
        "@type": "PublicationIssue",
        "issueNumber": record["issue"],
        "isPartOf": {
            "@type": "Periodical",
            "name": record["container-title"],
            "publisher": publisher,
        },
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": record["title"],
        "inLanguage": record.get("language", "de"),
        "isPartOf": issue,
    }
    if persons:
        data["author"] = [person_data(registry, person) for person in persons]
    date = _iso_date(record)
    if date:
        data["datePublished"] = issue["datePublished"] = date
    first, last = page_range(record)
    if first:
        data["pageStart"], data["pageEnd"] = first, last
        data["pagination"] = first if first == last else f"{first}-{last}"
    if record.get("URL"):
        data["url"] = record["URL"]
    if pdf_url:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": pdf_url,
            "encodingFormat": "application/pdf",
        }
    return data


def publication_issue(record: Record) -> dict[str, Any]:
    """schema.org ``PublicationIssue`` → ``Periodical`` of an issue record."""
    publisher = {"@type": "Organization", "name": record["publisher"]}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PublicationIssue",
        "name": record["title"],
        "issueNumber": record["collection-number"],
        "inLanguage": record.get("language", "de"),
        "publisher": publisher,
        "isPartOf": {
            "@type": "Periodical",
            "name": record["collection-title"],
            "publisher": publisher,
        },
    }
    if record.get("abstract"):
        data["description"] = record["abstract"]
    date = _iso_date(record)
    if date:
        data["datePublished"] = date
    if record.get("URL"):
        data["url"] = record["URL"]
    return data


def issue_head(record: Record) -> str:
    """The JSON-LD of an issue's landing page."""
    return json_ld(publication_issue(record))


def article_head(
    record: Record, registry: Registry, persons: list[Person], pdf_url: str = ""
) -> str:
    """Every head element of an article page."""
    tags = [_meta(name, content) for name, content in highwire(record, pdf_url)]
    # no <link rel="schema.DC" href="http://purl.org/…">: the page links no other host
    tags += [_meta(name, content) for name, content in dublin_core(record)]
    return "".join(tags) + json_ld(scholarly_article(record, registry, persons, pdf_url))
