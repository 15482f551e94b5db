"""The Erklärung zur Barrierefreiheit: status and limitations from the build's own facts.

What the editors declare (date and method of the assessment, limitations the
build cannot see, the axe rules the site is known to violate) lives in
``_data/barrierefreiheit.yaml``. What the build can see it adds itself:

* an issue without a tagged accessible PDF (``<name>-barrierefrei.pdf`` in
  ``transmit_accessible_pdf_dir``) is a limitation;
* pages in Leichte Sprache whose front matter says ``ls_review: offen`` are one.

The status follows from the list: with any limitation the site is only
"teilweise vereinbar". A browser test compares the declared axe rules with
what axe finds, so the statement cannot claim more than the site does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..core.domain import get_domain
from ..core.frontmatter import PageMeta

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: the file of the declared part, below the source folder
DECLARED_FILE = "_data/barrierefreiheit.yaml"
#: suffix of the accessible PDF of an issue (written by the PDF/UA build)
ACCESSIBLE_SUFFIX = "-barrierefrei.pdf"


@dataclass(frozen=True)
class Limitation:
    """One piece of content that is not accessible, and why."""

    what: str
    reason: str
    source: str  # "build" (found by the build) or "erklärt" (declared in the YAML)


@dataclass(frozen=True)
class Declared:
    """The editors' part of the statement (``_data/barrierefreiheit.yaml``)."""

    assessed: dt.date | None = None
    method: str = ""
    limitations: tuple[Limitation, ...] = ()
    axe_known_violations: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatementFacts:
    """Everything the statement shows, computed once per build."""

    declared: Declared
    limitations: tuple[Limitation, ...]

    @property
    def fully_compliant(self) -> bool:
        """True only when neither the build nor the editors know of a limitation."""
        return not self.limitations


def _line_of(text: str, key: str) -> int:
    for index, line in enumerate(text.split("\n"), start=1):
        if re.match(rf"\s*-?\s*{re.escape(key)}\s*:", line):
            return index
    return 1


def read_declared(path: Path) -> tuple[Declared, list[tuple[int, str]]]:
    """The declared part and its problems as ``(line, message)``; a missing file is no error."""
    if not path.is_file():
        return Declared(), []
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return Declared(), [(line, f"Die Datei ist kein gültiges YAML: {exc}")]
    if not isinstance(data, dict):
        return Declared(), [
            (1, "Die Datei muss Schlüssel wie 'assessed:' und 'method:' enthalten.")
        ]
    problems: list[tuple[int, str]] = []
    known = {"assessed", "method", "limitations", "axe_known_violations"}
    for key in data:
        if key not in known:
            problems.append(
                (
                    _line_of(text, str(key)),
                    f"Unbekannter Schlüssel '{key}'. Erlaubt: {', '.join(sorted(known))}.",
                )
            )
    assessed = data.get("assessed")
    if isinstance(assessed, str):
        try:
            assessed = dt.date.fromisoformat(assessed)
        except ValueError:
            assessed = None
    if assessed is not None and not isinstance(assessed, dt.date):
        problems.append((_line_of(text, "assessed"), "'assessed' muss ein Datum JJJJ-MM-TT sein."))
        assessed = None
    method = data.get("method") or ""
    if not isinstance(method, str):
        problems.append((_line_of(text, "method"), "'method' muss ein Text sein."))
        method = ""
    limitations: list[Limitation] = []
    for entry in data.get("limitations") or []:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("what"), str)
            or not isinstance(entry.get("reason"), str)
        ):
            problems.append(
                (
                    _line_of(text, "limitations"),
                    "Jede Einschränkung braucht 'what:' (was) und 'reason:' (warum), "
                    "beide als Text.",
                )
            )
            continue
        limitations.append(Limitation(entry["what"].strip(), entry["reason"].strip(), "erklärt"))
    rules = data.get("axe_known_violations") or []
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        problems.append(
            (
                _line_of(text, "axe_known_violations"),
                "'axe_known_violations' muss eine Liste von axe-Regeln sein, "
                "z. B. [color-contrast].",
            )
        )
        rules = []
    return Declared(assessed, method.strip(), tuple(limitations), tuple(rules)), problems


def is_tagged_pdf(path: Path) -> bool:
    """Whether ``path`` is a PDF with a structure tree and ``/MarkInfo /Marked true``."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    from pypdf.generic import DictionaryObject

    try:
        root = PdfReader(str(path)).trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject):
            return False
        mark_info = root.get("/MarkInfo")
        mark_info = mark_info.get_object() if mark_info is not None else None
        marked = isinstance(mark_info, DictionaryObject) and bool(mark_info.get("/Marked"))
        return marked and "/StructTreeRoot" in root
    except (PdfReadError, OSError, ValueError, KeyError):
        return False


def _built_dir(env: BuildEnvironment, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else Path(env.srcdir) / path


def pdf_limitations(env: BuildEnvironment) -> list[Limitation]:
    """Issues without a tagged accessible PDF."""
    from ..issues.pages import all_issues, issue_label
    from ..print_edition.build import edition_name

    folder = _built_dir(env, env.config.transmit_accessible_pdf_dir)
    found = []
    for issue in sorted(all_issues(env), key=lambda meta: meta.number):
        path = folder / f"{edition_name(issue.number, issue.title)}{ACCESSIBLE_SUFFIX}"
        if path.is_file() and is_tagged_pdf(path):
            continue
        what = f"PDF der Ausgabe {issue_label(issue)}"
        if path.is_file():
            reason = (
                "Das PDF hat keine Struktur-Tags; ein Screenreader kann es nicht sicher "
                "vorlesen. Den Inhalt der Ausgabe finden Sie auf den Seiten dieser Website."
            )
        else:
            reason = (
                "Für diese Ausgabe gibt es noch kein barrierefreies PDF (PDF/UA). Den Inhalt "
                "der Ausgabe finden Sie auf den Seiten dieser Website."
            )
        found.append(Limitation(what, reason, "build"))
    return found


def easy_language_pages(env: BuildEnvironment) -> list[PageMeta]:
    """Pages with an ``ls_review`` key in their front matter (Leichte Sprache)."""
    pages = [meta for _, meta in get_domain(env).entries("page") if isinstance(meta, PageMeta)]
    return [meta for meta in pages if meta.ls_review]


def review_limitations(env: BuildEnvironment) -> list[Limitation]:
    """One limitation for all pages in Leichte Sprache that no review group has read."""
    open_pages = [meta for meta in easy_language_pages(env) if meta.ls_review != "geprüft"]
    if not open_pages:
        return []
    titles = [
        env.titles[meta.docname].astext() if meta.docname in env.titles else meta.docname
        for meta in open_pages
    ]
    what = "Texte in Leichter Sprache: " + ", ".join(f"„{title}“" for title in titles)
    reason = (
        "Ein Text in Leichter Sprache gilt erst als geprüft, wenn eine Prüfgruppe aus "
        "Menschen mit Lernschwierigkeiten ihn gelesen hat. Diese Prüfung steht noch aus."
    )
    return [Limitation(what, reason, "build")]


def statement_facts(env: BuildEnvironment, options: dict[str, Any]) -> StatementFacts:
    """The declared part plus what this build finds (the listing's data: hashable)."""
    declared, _ = read_declared(Path(env.srcdir) / env.config.transmit_accessibility_file)
    limitations = [*pdf_limitations(env), *review_limitations(env), *declared.limitations]
    return StatementFacts(declared, tuple(limitations))
