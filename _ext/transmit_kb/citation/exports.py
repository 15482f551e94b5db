"""Download files made from the records: BibTeX, RIS (rispy) and CSL-JSON."""

from __future__ import annotations

import json
import re

from .record import Record, page_range, year

#: characters with a meaning in BibTeX/LaTeX, and how to write them literally
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_PATTERN = re.compile("|".join(re.escape(char) for char in _BIBTEX_SPECIAL))


def bibtex_escape(text: str) -> str:
    """``text`` as a BibTeX value: LaTeX specials escaped, whitespace collapsed."""
    return _BIBTEX_PATTERN.sub(lambda m: _BIBTEX_SPECIAL[m.group(0)], " ".join(text.split()))


def _bibtex_names(record: Record, role: str) -> str:
    names = []
    for name in record.get(role, []):
        if "literal" in name:
            names.append("{" + bibtex_escape(name["literal"]) + "}")
        else:
            names.append(f"{bibtex_escape(name['family'])}, {bibtex_escape(name['given'])}")
    return " and ".join(names)


def to_bibtex(records: list[Record]) -> str:
    """One ``@article`` (or ``@book`` for an issue) per record, UTF-8 (biblatex/biber)."""
    entries = []
    for record in records:
        is_article = record["type"] == "article-journal"
        fields: list[tuple[str, str]] = []
        for role in ("author", "editor"):
            if record.get(role):
                fields.append((role, _bibtex_names(record, role)))
        fields.append(("title", "{" + bibtex_escape(record["title"]) + "}"))
        if is_article:
            fields.append(("journal", bibtex_escape(record["container-title"])))
            fields.append(("number", bibtex_escape(record["issue"])))
        else:
            fields.append(("series", bibtex_escape(record["collection-title"])))
            fields.append(("number", bibtex_escape(record["collection-number"])))
        fields.append(("publisher", bibtex_escape(record["publisher"])))
        when = year(record)
        if when is not None:
            fields.append(("year", str(when)))
            month = record["issued"]["date-parts"][0][1:2]
            if month:
                fields.append(("month", str(month[0])))
        first, last = page_range(record)
        if first:
            fields.append(("pages", first if first == last else f"{first}--{last}"))
        fields.append(("language", "german" if record.get("language") == "de" else "english"))
        if record.get("URL"):
            fields.append(("url", bibtex_escape(record["URL"])))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        kind = "article" if is_article else "book"
        entries.append(f"@{kind}{{{record['id']},\n{body}\n}}\n")
    return "\n".join(entries)


def ris_entry(record: Record) -> dict[str, object]:
    """The rispy entry of a record (rispy's field names)."""
    is_article = record["type"] == "article-journal"
    entry: dict[str, object] = {
        "type_of_reference": "JOUR" if is_article else "BOOK",
        "id": record["id"],
        "title": record["title"],
        "publisher": record["publisher"],
        "language": record.get("language", "de"),
    }
    if record.get("author"):
        entry["authors"] = [_ris_name(name) for name in record["author"]]
    if record.get("editor"):
        entry["secondary_authors"] = [_ris_name(name) for name in record["editor"]]
    if is_article:
        entry["secondary_title"] = record["container-title"]  # T2: the series
        entry["journal_name"] = record["container-title"]
        entry["number"] = record["issue"]
    else:
        entry["tertiary_title"] = record["collection-title"]  # T3: series of a book
        entry["number"] = record["collection-number"]
    when = year(record)
    if when is not None:
        entry["year"] = str(when)
        parts = record["issued"]["date-parts"][0]
        entry["date"] = "/".join(f"{part:02d}" if i else str(part) for i, part in enumerate(parts))
    first, last = page_range(record)
    if first:
        entry["start_page"], entry["end_page"] = first, last
    if record.get("abstract"):
        entry["abstract"] = record["abstract"]
    if record.get("URL"):
        entry["urls"] = [record["URL"]]
    return entry


def _ris_name(name: dict[str, str]) -> str:
    return name.get("literal") or f"{name['family']}, {name['given']}"


def to_ris(records: list[Record]) -> str:
    """RIS, written by rispy."""
    import rispy

    entries = [
        {key: _one_line(value) for key, value in ris_entry(record).items()} for record in records
    ]
    return str(rispy.dumps(entries))


def _one_line(value: object) -> object:
    """A RIS field ends at the line end: collapse line breaks in every value."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_one_line(item) for item in value]
    return value


def to_csl_json(records: list[Record]) -> str:
    """CSL-JSON: a list of the records."""
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


#: suffix -> (writer, media type shown in the link)
FORMATS = {
    "bib": (to_bibtex, "BibTeX"),
    "ris": (to_ris, "RIS"),
    "json": (to_csl_json, "CSL-JSON"),
}
