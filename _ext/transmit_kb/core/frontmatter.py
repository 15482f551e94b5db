"""Typed, validated front matter for issue landing pages and articles.

On ``source-read`` the YAML block is parsed with line numbers, checked
against the fields below, stored in the ``tm`` domain and replaced by blank
lines (so MyST sees no front matter and every body line keeps its number).
The page's ``title`` becomes its first heading.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .domain import get_domain
from .messages import warn
from .model import get_registry
from .registry import Registry
from .schema import Field, Problem, validate
from .text import md_escape, publication_date
from .yamlsource import LocatedMapping, YamlError, load_mapping

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: the kind of a page the knowledge base writes itself (not a contribution of the
#: brochure); "Editorial" is only for an editorial printed in the brochure
OWN_PAGE_KIND = "Einführung der Wissensbasis"
ARTICLE_KINDS = (
    "Editorial",
    "Beitrag",
    "Praxisbeispiel",
    "Befragung",
    "Projektbericht",
    OWN_PAGE_KIND,
)

ISSUE_FIELDS = (
    Field("number", "int", True, "Die Nummer der Ausgabe, z. B. 'number: 2'."),
    Field("title", "str", True, "Der Titel der Ausgabe."),
    Field("subtitle", "str"),
    Field("series", "str", True, "Die Reihe, z. B. 'TransMit plus'."),
    Field("published", "date", help="Erscheinungsdatum; weglassen, wenn es nicht bekannt ist."),
    Field(
        "published_basis",
        "str",
        help="Woher das Datum stammt, wenn es nur 'spätestens' gilt, z. B. 'Ankündigung'.",
    ),
    Field("publisher", "str", True, "Die Herausgeberin."),
    Field("topics", "str_list", True, "Themen aus _data/themen.yaml."),
    Field("summary", "str", True, "Eine kurze Zusammenfassung der Ausgabe."),
)

ARTICLE_FIELDS = (
    Field("title", "str", True, "Der Titel des Beitrags."),
    Field("authors", "str_list", help="Kennungen aus _data/personen.yaml."),
    Field("kind", "str", True, "Art des Beitrags.", choices=ARTICLE_KINDS),
    Field("topics", "str_list", True, "Themen aus _data/themen.yaml."),
    Field("abstract", "str", True, "Eine Kurzfassung in zwei bis vier Sätzen."),
)

#: front-matter keys of Sphinx, MyST, sphinx-design and the themes: they pass through
#: to Sphinx untouched on every page (``sphinx.environment`` metadata and the like)
PASSTHROUGH_KEYS = frozenset(
    {
        "orphan",
        "nosearch",
        "tocdepth",
        "nocomments",
        "myst",
        "html_meta",
        "substitutions",
        "jupytext",
        "kernelspec",
        "sd_hide_title",
        "html_theme.sidebar_secondary.remove",
        "og:title",
        "og:description",
        "og:image",
        "og:type",
    }
)

#: our keys on any other page, checked where present (``title`` and ``summary`` are
#: read as text; every other key passes through)
PAGE_FIELDS = (
    # Leichte Sprache (easy_language/): has a review group (Prüfgruppe) read the page?
    Field("ls_review", "str", choices=("offen", "geprüft"), help="Prüfstand in Leichter Sprache."),
    Field("ls_review_date", "date", help="Datum der Prüfung durch die Prüfgruppe."),
)


@dataclass(frozen=True)
class IssueMeta:
    """The front matter of an issue's landing page."""

    docname: str
    number: int
    title: str
    series: str
    publisher: str
    topics: tuple[str, ...]
    summary: str
    subtitle: str = ""
    published: dt.date | None = None
    #: where the date comes from when the issue was only out by then ("Ankündigung")
    published_basis: str = ""

    @property
    def published_text(self) -> str:
        """The date as the pages say it (``""`` when unknown)."""
        return publication_date(self.published, self.published_basis) if self.published else ""

    @property
    def folder(self) -> str:
        """The issue's folder name, e.g. ``02-planungsprozesse``."""
        return self.docname.split("/")[-2]


@dataclass(frozen=True)
class ArticleMeta:
    """The front matter of an article page."""

    docname: str
    issue_docname: str
    title: str
    kind: str
    topics: tuple[str, ...]
    abstract: str
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageMeta:
    """Front matter of any other page."""

    docname: str
    title: str = ""
    summary: str = ""
    ls_review: str = ""
    ls_review_date: dt.date | None = None


_FENCE = re.compile(r"^---[ \t]*$")


def split_front_matter(text: str) -> tuple[str, str] | None:
    """``(yaml, body)`` if ``text`` starts with a ``---`` block, else ``None``."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return None
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    return None


def page_role(docname: str, issues_dir: str) -> str:
    """``issue``, ``article`` or ``page``, from where the document lives.

    Without an ``issues_dir`` (a project that has not configured our content
    model) every document is a ``page``.
    """
    parts = docname.split("/")
    if issues_dir and len(parts) == 3 and parts[0] == issues_dir:
        return "issue" if parts[2] == "index" else "article"
    return "page"


def _check_references(
    values: dict[str, object], registry: Registry, lines: dict[str, int], default: int
) -> list[Problem]:
    problems = []
    for topic in values.get("topics", ()):  # type: ignore[attr-defined]
        if topic not in registry.topics:
            problems.append(
                Problem(lines.get("topics", default), registry.unknown("topics", topic))
            )
    for author in values.get("authors", ()):  # type: ignore[attr-defined]
        if author not in registry.persons:
            problems.append(
                Problem(lines.get("authors", default), registry.unknown("persons", author))
            )
    return problems


def _stray_h1(body: str, first_line: int) -> list[Problem]:
    problems = []
    fence = ""
    for index, line in enumerate(body.split("\n")):
        stripped = line.lstrip()
        marker = stripped[:3]
        if marker in ("```", "~~~"):
            if not fence:
                fence = marker
            elif marker == fence:
                fence = ""
            continue
        if not fence and line.startswith("# "):
            message = (
                "Die Hauptüberschrift entsteht aus dem Feld 'title'; entfernen Sie "
                "die Zeile '# …' oder machen Sie sie zu '## …'."
            )
            problems.append(Problem(first_line + index, message))
    return problems


@dataclass
class ParsedPage:
    """What the front matter of one page yields: a record, problems, the source for MyST."""

    role: str
    record: IssueMeta | ArticleMeta | PageMeta | None
    problems: list[Problem]
    source: str


def _passthrough_block(values: dict[str, object], lines: int) -> str:
    """A front matter of ``values`` (one JSON value per key) filling ``lines`` lines.

    With nothing to pass on, ``lines`` blank lines. JSON is YAML, so MyST reads
    every value back as it was written.
    """
    if not values:
        return "\n" * lines
    rows = [
        f"{json.dumps(k)}: {json.dumps(v, default=str, ensure_ascii=False)}"
        for k, v in values.items()
    ]
    block = ["---", *rows, "---"]
    return "\n".join(block) + "\n" * max(1, lines - len(block) + 1)


def parse_page(text: str, docname: str, issues_dir: str, registry: Registry) -> ParsedPage:
    """Validate a page's front matter without Sphinx (also used by ``transmit-kb check``)."""
    role = page_role(docname, issues_dir)
    split = split_front_matter(text)
    if split is None:
        problems = []
        if role != "page":
            message = (
                "Die Seite hat keine Front-Matter. Beginnen Sie die Datei mit einem Block "
                "zwischen zwei Zeilen '---' (siehe docs/front-matter.md)."
            )
            problems.append(Problem(1, message))
        return ParsedPage(role, None, problems, text)
    yaml_text, body = split
    try:
        mapping = load_mapping(yaml_text, offset=1)
    except YamlError as exc:
        message = f"{exc} Prüfen Sie Einrückung und Doppelpunkte."
        return ParsedPage(role, None, [Problem(exc.line, message)], text)
    if role == "page":  # not our content model: Sphinx and MyST read it as it is
        ours = {f.name for f in PAGE_FIELDS}
        own = LocatedMapping(
            {k: v for k, v in mapping.values.items() if k in ours}, mapping.line, mapping.key_lines
        )
        values, problems = validate(own, PAGE_FIELDS, "in der Front-Matter")
        text_values = {k: str(v) for k, v in mapping.values.items() if k in ("title", "summary")}
        record = PageMeta(docname, **text_values, **values)  # type: ignore[arg-type]
        return ParsedPage(role, record, problems, text)
    fields, what = (
        (ISSUE_FIELDS, "in der Front-Matter der Ausgabe")
        if role == "issue"
        else (ARTICLE_FIELDS, "in der Front-Matter des Beitrags")
    )
    ours = {f.name for f in fields}
    passthrough = {k: v for k, v in mapping.values.items() if k not in ours}
    own = LocatedMapping(
        {k: v for k, v in mapping.values.items() if k not in PASSTHROUGH_KEYS},
        mapping.line,
        mapping.key_lines,
    )
    values, problems = validate(own, fields, what)
    problems += _check_references(values, registry, mapping.key_lines, mapping.line)
    block_lines = yaml_text.count("\n") + 3
    problems += _stray_h1(body, block_lines + 1)
    title = values.get("title") or docname.split("/")[-1]
    # Blank lines keep every body line at its number; the title becomes the H1 and
    # the keys of Sphinx and other extensions stay in a front matter of their own.
    heading = "# " + md_escape(str(title)) + "\n"
    source = _passthrough_block(passthrough, block_lines - 1) + heading + body
    if problems:
        return ParsedPage(role, None, problems, source)
    if role == "issue":
        return ParsedPage(role, IssueMeta(docname, **values), problems, source)  # type: ignore[arg-type]
    issue_docname = docname.rsplit("/", 1)[0] + "/index"
    article = ArticleMeta(docname, issue_docname, **values)  # type: ignore[arg-type]
    return ParsedPage(role, article, problems, source)


def _read(app: Sphinx, docname: str, source: list[str]) -> None:
    env = app.env
    registry = get_registry(env)
    parsed = parse_page(source[0], docname, app.config.transmit_issues_dir, registry)
    source[0] = parsed.source
    for problem in parsed.problems:
        warn("frontmatter", problem.message, (docname, problem.line))
    if parsed.role != "page":
        for dependency in registry.dependencies("persons", "topics"):
            env.note_dependency(dependency)
    if parsed.record is not None:
        get_domain(env).record(parsed.role, docname, parsed.record)


def setup_frontmatter(app: Sphinx) -> None:
    """Parse and validate front matter as each document is read."""
    app.connect("source-read", _read, priority=100)
