"""Case studies (Praxisbeispiele): cards, listings, generated overviews, finder, open data.

* ``:::{case-study} kennung`` with typed options (:mod:`.case_study_options`) and the key
  points as its body. The card shows the municipality's federal state and kind
  from the registry. It is a card of standard nodes (every builder shows every
  field); HTML gets an ``<article>`` with an accessible name.
* Every card is recorded in the ``case_studies`` store of the ``tm`` domain;
  duplicate ids are reported with both places (``env-check-consistency``).
* ``:::{case-study-list}`` lists cards filtered by ``:state:``,
  ``:municipality:``, ``:kind:``, ``:topic:`` and ``:issue:``; being a listing,
  its page is written again whenever a listed case study changes.
* ``builder-inited`` generates overview pages per federal state, municipality
  and topic into ``praxisbeispiele/``; they hold only ids and options.
* ``:::{case-study-finder}``: the full list plus, in HTML, a filter form that
  ``transmit-finder.js`` brings to life (without JavaScript the list stays).
* ``build-finished``: all case studies with registry data as JSON and CSV.
* A card whose ``:reviewed:`` date is older than ``transmit_review_max_age_days``
  gets a visible note and a ``transmit.review`` warning.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import posixpath
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..core.domain import get_domain
from ..core.frontmatter import ArticleMeta, IssueMeta
from ..core.generated import write_generated
from ..core.landmarks import as_labelled, labelled
from ..core.links import CASES_DIR, OVERVIEWS, card, doc_link, overview_docname
from ..core.listings import ListingKind, leave_out_of_text_search, make_listing, register_listing
from ..core.messages import warn
from ..core.model import get_registry, model
from ..core.registry import FEDERAL_STATES, MUNICIPALITY_KINDS, Municipality, Registry
from ..core.schema import suggest
from ..core.text import german_date, md_escape, slugify
from ..issues.pages import issue_label
from .options import (
    OPTION_NAMES,
    parse_date,
    split_list,
    validate_case_study,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

#: file names of the open data in the HTML output, below ``CASES_DIR``
OPEN_DATA = ("praxisbeispiele.json", "praxisbeispiele.csv")


@dataclass(frozen=True)
class CaseStudy:
    """A case-study card as recorded in the ``case_studies`` store."""

    id: str
    title: str
    municipality: str
    summary: str
    reviewed: dt.date
    docname: str
    line: int
    topics: tuple[str, ...] = ()
    period: str = ""
    unit: str = ""
    contact: str = ""
    points: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        """The HTML id of the card on its page."""
        return f"praxisbeispiel-{self.id}"


@dataclass(frozen=True)
class CaseView:
    """A case study with what listings show about it: registry data and its issue."""

    case: CaseStudy
    municipality: Municipality
    topic_labels: tuple[str, ...]
    article_title: str
    issue_docname: str = ""
    issue_number: int = 0
    issue_title: str = ""


# --------------------------------------------------------------------------
# Validation (shared with ``transmit-kb check``)


def review_age_days(case: CaseStudy, today: dt.date) -> int:
    """Days since the card was last reviewed."""
    return (today - case.reviewed).days


def today(config: Any) -> dt.date:
    """``transmit_today`` (for reproducible builds and tests) or the real date."""
    value = str(config.transmit_today or "")
    return parse_date(value) or dt.date.today()


# --------------------------------------------------------------------------
# The card


#: a field value in parts: (text, docname of the page it links to, or "")
Parts = list[tuple[str, str]]


def _field_rows(view: CaseView) -> list[tuple[str, Parts]]:
    case, where = view.case, view.municipality
    topics: Parts = []
    for index, (topic, label) in enumerate(zip(case.topics, view.topic_labels, strict=True)):
        if index:
            topics.append((", ", ""))
        topics.append((label, overview_docname("topic", topic)))
    rows: list[tuple[str, Parts]] = [
        ("Kommune", [(where.name, overview_docname("municipality", where.id))]),
        ("Bundesland", [(where.state, overview_docname("state", where.state))]),
        ("Art der Kommune", [(where.kind, "")]),
        ("Themen", topics),
        ("Zeitraum", [(case.period, "")]),
        ("Beteiligte Einheit", [(case.unit, "")]),
        ("Ansprechstelle", [(case.contact, "")]),
        ("Zuletzt geprüft", [(german_date(case.reviewed), "")]),
    ]
    return [(name, parts) for name, parts in rows if "".join(text for text, _ in parts)]


def _field_list(
    rows: list[tuple[str, Parts]], link: Callable[[str, str], nodes.Node]
) -> nodes.field_list:
    fields = nodes.field_list(classes=["tm-case-facts"])
    for name, parts in rows:
        value = nodes.paragraph("", "", support_smartquotes=False)
        for text, target in parts:
            value += link(text, target) if target else nodes.Text(text)
        fields += nodes.field("", nodes.field_name("", name), nodes.field_body("", value))
    return fields


def page_linker(env: BuildEnvironment) -> Callable[[str, str], nodes.Node]:
    """Links from the page being read to overview pages; plain text where there are none
    (a project without a finder page) or where the output lacks them (the PDF)."""
    docname = env.docname

    def link(text: str, target: str) -> nodes.Node:
        if target not in env.found_docs:
            return nodes.Text(text)
        return addnodes.pending_xref(
            "",
            nodes.inline("", text),
            refdomain="std",
            reftype="doc",
            reftarget="/" + target,
            refdoc=docname,
            refexplicit=True,
        )

    return link


#: a filter another feature adds to the finder: (facet, URL parameter, label, value, shown)
ExtraFacet = tuple[str, str, str, str, str]


def extra_facets(app: Sphinx, view: CaseView) -> list[ExtraFacet]:
    """Filters of ``view`` that features add (event ``transmit-case-facets``, e.g. the map)."""
    return [facet for found in app.emit("transmit-case-facets", view) for facet in found]


def facet_classes(view: CaseView, extra: list[ExtraFacet] | None = None) -> list[str]:
    """Classes that carry the card's filter values (read by the finder script)."""
    classes = [
        f"tm-cs-state-{slugify(view.municipality.state)}",
        f"tm-cs-kind-{slugify(view.municipality.kind)}",
        f"tm-cs-municipality-{view.municipality.id}",
    ]
    classes += [f"tm-cs-topic-{topic}" for topic in view.case.topics]
    if view.issue_number:
        classes.append(f"tm-cs-issue-{view.issue_number}")
    classes += [f"tm-cs-{facet}-{value}" for facet, _, _, value, _ in extra or ()]
    return classes


def stale_note(case: CaseStudy, max_age_days: int) -> nodes.paragraph:
    """The visible note on a card not reviewed for too long."""
    months = max_age_days // 30
    return nodes.paragraph(
        "",
        "",
        nodes.strong("", "Hinweis: "),
        nodes.Text(
            f"Dieses Praxisbeispiel wurde zuletzt am {german_date(case.reviewed)} geprüft, "
            f"vor mehr als {months} Monaten. Einzelne Angaben können überholt sein."
        ),
        classes=["tm-case-stale"],
    )


def case_card(
    view: CaseView,
    body: list[nodes.Node],
    note: nodes.Node | None,
    link: Callable[[str, str], nodes.Node],
) -> nodes.container:
    """The full card on its article page: every field, the summary and the key points."""
    case = view.case
    title = nodes.Text(f"Praxisbeispiel: {case.title}")
    content: list[nodes.Node] = [_field_list(_field_rows(view), link)]
    if note is not None:
        content.append(note)
    content.append(
        nodes.paragraph("", case.summary, classes=["tm-case-summary"], support_smartquotes=False)
    )
    if body:
        content.append(nodes.paragraph("", "Kernpunkte", classes=["tm-case-points-title"]))
        content.append(nodes.container("", *body, classes=["tm-case-points"]))
    box = card(title, content, ["tm-case-card"])
    box["ids"].append(case.anchor)
    box["support_smartquotes"] = False
    return box


# --------------------------------------------------------------------------
# Directives


class _AnyOption(dict[str, Any]):
    """An option spec that accepts every key, so unknown ones get our own message."""

    def __missing__(self, key: str) -> Any:
        return directives.unchanged


class CaseStudyDirective(SphinxDirective):
    """``:::{case-study} kennung``: one case-study card; the body holds its key points."""

    optional_arguments = 1
    has_content = True
    option_spec = _AnyOption({name: directives.unchanged for name in OPTION_NAMES})

    def _option_line(self, name: str | None) -> int:
        if name:
            for offset, line in enumerate(self.block_text.splitlines()):
                if line.strip().startswith(f":{name}:"):
                    return self.lineno + offset
        return self.lineno

    def run(self) -> list[nodes.Node]:
        env = self.env
        registry = get_registry(env)
        for dependency in registry.dependencies("municipalities", "topics"):
            env.note_dependency(dependency)
        ident = self.arguments[0].strip() if self.arguments else ""
        options = {name: str(value or "").strip() for name, value in self.options.items()}
        problems = validate_case_study(ident, options, registry)
        for name, message in problems:
            warn("case_study", message, (env.docname, self._option_line(name)))
        if problems:
            return []
        reviewed = parse_date(options["reviewed"])
        assert reviewed is not None  # validated above
        body: list[nodes.Node] = []
        if self.content:
            container = nodes.container()
            self.state.nested_parse(self.content, self.content_offset, container)
            body = list(container.children)
        case = CaseStudy(
            id=ident,
            title=" ".join(options["title"].split()),
            municipality=options["municipality"],
            summary=" ".join(options["summary"].split()),
            reviewed=reviewed,
            docname=env.docname,
            line=self.lineno,
            topics=tuple(dict.fromkeys(split_list(options.get("topics", "")))),
            period=options.get("period", ""),
            unit=options.get("unit", ""),
            contact=options.get("contact", ""),
            points=_points(body),
        )
        get_domain(env).add("case_studies", env.docname, case)
        note = None
        max_age = int(self.config.transmit_review_max_age_days)
        age = review_age_days(case, today(self.config))
        if max_age > 0 and age > max_age:
            note = stale_note(case, max_age)
            warn(
                "review",
                f"Das Praxisbeispiel '{ident}' wurde zuletzt am {german_date(reviewed)} "
                f"geprüft, vor {age} Tagen (erlaubt sind {max_age}). Prüfen Sie die Angaben "
                "und setzen Sie ':reviewed:' auf das heutige Datum.",
                (env.docname, self._option_line("reviewed")),
            )
        view = _view(env, registry, case)
        box = case_card(view, body, note, page_linker(env))
        self.set_source_info(box)
        return [box]


def _points(body: list[nodes.Node]) -> tuple[str, ...]:
    """The key points as plain text: list items, else paragraphs."""
    items = [item for node in body for item in node.findall(nodes.list_item)]
    chosen = items or [p for node in body for p in node.findall(nodes.paragraph)]
    return tuple(" ".join(node.astext().split()) for node in chosen)


_FILTERS = ("state", "municipality", "kind", "topic", "issue")


def _check_filters(directive: SphinxDirective, options: dict[str, str]) -> dict[str, str]:
    """Keep the valid filters, warn (located, with suggestions) about the others."""
    registry = get_registry(directive.env)
    kept: dict[str, str] = {}
    location = (directive.env.docname, directive.lineno)
    for name, value in options.items():
        known: tuple[str, ...]
        if name == "state":
            known = tuple(FEDERAL_STATES)
        elif name == "kind":
            known = MUNICIPALITY_KINDS
        elif name == "municipality":
            known = tuple(registry.municipalities)
        elif name == "topic":
            known = tuple(registry.topics)
        else:
            if not value.isdigit():
                warn("listing", f"':issue: {value}' ist keine Ausgabennummer, z. B. 2.", location)
                continue
            kept[name] = value
            continue
        if value not in known:
            hint = suggest(value, known) or f" Möglich sind: {', '.join(known)}."
            warn("listing", f"Unbekannter Wert ':{name}: {value}'.{hint}", location)
            continue
        kept[name] = value
    return kept


class CaseStudyListDirective(SphinxDirective):
    """``:::{case-study-list}``: case-study cards, optionally filtered."""

    has_content = False
    option_spec = {name: directives.unchanged_required for name in _FILTERS}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        registry = get_registry(self.env)
        for dependency in registry.dependencies("municipalities", "topics"):
            self.env.note_dependency(dependency)
        leave_out_of_text_search(self.env, CASES_DIR)
        options = {k: " ".join(str(v).split()) for k, v in self.options.items()}
        return [make_listing("case-studies", _check_filters(self, options))]


class CaseStudyFinderDirective(SphinxDirective):
    """``:::{case-study-finder}``: every case study, with filters in HTML."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        registry = get_registry(self.env)
        for dependency in registry.dependencies("municipalities", "topics"):
            self.env.note_dependency(dependency)
        return [make_listing("case-studies", {"finder": "ja"})]


class CaseArticleListDirective(SphinxDirective):
    """``:::{case-study-articles}``: articles about a state, municipality or topic."""

    has_content = False
    option_spec = {  # noqa: RUF012
        name: directives.unchanged_required for name in ("state", "municipality", "topic")
    }

    def run(self) -> list[nodes.Node]:
        options = {k: " ".join(str(v).split()) for k, v in self.options.items()}
        return [make_listing("case-study-articles", _check_filters(self, options))]


class OverviewIndexDirective(SphinxDirective):
    """``:::{case-study-overview} state|municipality|topic``: links to each overview page."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        facet = self.arguments[0].strip()
        if facet not in OVERVIEWS:
            known = ", ".join(OVERVIEWS)
            warn(
                "listing",
                f"Unbekannte Übersicht '{facet}' (möglich: {known}).",
                self.get_location(),
            )
            return []
        self.env.metadata[self.env.docname]["orphan"] = True
        leave_out_of_text_search(self.env)
        return [make_listing("case-study-overview", {"facet": facet})]


# --------------------------------------------------------------------------
# Listings


def _view(env: BuildEnvironment, registry: Registry, case: CaseStudy) -> CaseView:
    domain = get_domain(env)
    labels = tuple(registry.topics[t].label if t in registry.topics else t for t in case.topics)
    article: ArticleMeta | None = domain.lookup("article", case.docname)
    issue: IssueMeta | None = None
    if article is not None:
        issue = domain.lookup("issue", article.issue_docname)
        title = article.title
    else:
        node = env.titles.get(case.docname)
        title = node.astext() if node is not None else case.docname
    municipality = registry.municipalities[case.municipality]
    if issue is None:
        return CaseView(case, municipality, labels, title)
    return CaseView(case, municipality, labels, title, issue.docname, issue.number, issue.title)


#: attribute of the environment holding the views computed after reading


def all_views(env: BuildEnvironment) -> list[CaseView]:
    """Every case study with its registry data, newest issue first, then by title.

    After reading (``env-updated``) the list is computed once and reused by
    every listing; while documents are still being read it is computed afresh.
    """
    views: list[CaseView] | None = model(env).case_views
    return views if views is not None else _compute_views(env)


def _compute_views(env: BuildEnvironment) -> list[CaseView]:
    registry = get_registry(env)
    views = [
        _view(env, registry, case)
        for _, cases in get_domain(env).entries("case_studies")
        for case in cases
        if case.municipality in registry.municipalities
    ]
    return sorted(views, key=lambda v: (-v.issue_number, v.case.title.casefold(), v.case.id))


def _refresh_views(app: Sphinx, env: BuildEnvironment) -> list[str]:
    # after every merge of parallel readers, before the listings' fingerprints (500)
    model(env).case_views = _compute_views(env)
    return []


def _start_build(app: Sphinx) -> None:
    """Write the overview pages of this build; forget the last build's views."""
    _generate(app)
    _forget_views(app)


def _forget_views(app: Sphinx) -> None:
    model(app.env).case_views = None  # computed anew after this build's reading


def _filter_values(view: CaseView) -> dict[str, tuple[str, ...]]:
    """The values a listing filters on (a case study has several topics)."""
    where = view.municipality
    return {
        "state": (where.state,),
        "kind": (where.kind,),
        "municipality": (where.id,),
        "issue": (str(view.issue_number),),
        "topic": tuple(view.case.topics),
    }


def _matches(view: CaseView, options: dict[str, Any]) -> bool:
    facets = _filter_values(view)
    return all(options[name] in values for name, values in facets.items() if name in options)


def views_where(env: BuildEnvironment, facet: str, value: str) -> tuple[CaseView, ...]:
    """The case studies with ``value`` in ``facet``, in the order of :func:`all_views`.

    The lookup is built once per list of views, so the 150 listing pages of
    60 issues do not each scan every case study.
    """
    views = all_views(env)
    index = _INDEXES.get(id(views))
    if index is None or index[0] is not views:
        table: dict[tuple[str, str], list[CaseView]] = {}
        for view in views:
            for name, values in _filter_values(view).items():
                for one in dict.fromkeys(values):
                    table.setdefault((name, one), []).append(view)
        _INDEXES.clear()  # one list of views is current at a time
        index = _INDEXES[id(views)] = (views, {k: tuple(v) for k, v in table.items()})
    return index[1].get((facet, str(value)), ())


#: id of a list of views -> (that list, (facet, value) -> views)
_INDEXES: dict[int, tuple[list[CaseView], dict[tuple[str, str], tuple[CaseView, ...]]]] = {}


def _cases_data(env: BuildEnvironment, options: dict[str, Any]) -> tuple[CaseView, ...]:
    filters = [
        name for name in ("municipality", "issue", "topic", "kind", "state") if name in options
    ]
    if not filters:
        return tuple(all_views(env))
    candidates = min((views_where(env, name, options[name]) for name in filters), key=len)
    return tuple(view for view in candidates if _matches(view, options))


def _card_link(app: Sphinx, docname: str, case: CaseStudy) -> nodes.Node:
    link = doc_link(app, docname, case.docname, case.title)
    if isinstance(link, nodes.reference):
        link["refuri"] += "#" + case.anchor
    return link


def listing_card(app: Sphinx, docname: str, view: CaseView) -> nodes.Element:
    """A compact card in a listing: title link, where, topics, summary, issue."""
    where = view.municipality
    meta = f"{where.name} · {where.kind} · {where.state}"
    body: list[nodes.Node] = [
        nodes.paragraph("", meta, classes=["sd-card-text", "tm-card-meta"]),
        nodes.paragraph("", view.case.summary, classes=["sd-card-text"]),
    ]
    if view.topic_labels:
        body.append(
            nodes.paragraph("", "Themen: " + ", ".join(view.topic_labels), classes=["sd-card-text"])
        )
    source = nodes.paragraph("", "Aus dem Beitrag ", classes=["sd-card-text", "tm-card-source"])
    source += doc_link(app, docname, view.case.docname, view.article_title)
    if view.issue_docname:
        source += nodes.Text(" in ")
        source += doc_link(
            app, docname, view.issue_docname, f"Nr. {view.issue_number}: {view.issue_title}"
        )
    body.append(source)
    box = card(_card_link(app, docname, view.case), body, ["tm-case-listing-card"])
    box["classes"].extend(facet_classes(view, extra_facets(app, view)))
    if app.builder.format == "html":  # listings are resolved after the post-transforms
        return as_labelled(box, "article", f"Praxisbeispiel: {view.case.title}")
    return box


def _count(count: int) -> str:
    return "1 Praxisbeispiel" if count == 1 else f"{count} Praxisbeispiele"


def _articles(count: int) -> str:
    return "1 Beitrag" if count == 1 else f"{count} Beiträge"


def _render_cases(
    app: Sphinx, docname: str, options: dict[str, Any], data: tuple[CaseView, ...]
) -> list[nodes.Node]:
    finder = bool(options.get("finder"))
    result: list[nodes.Node] = []
    if finder and app.builder.format == "html" and app.builder.name != "epub":
        from ..findability.taxonomy import finder_topics

        facets = _facets(data, app, finder_topics(app.env))
        result.append(finder_form("", facets=facets))
        for extra in app.emit("transmit-case-finder", docname, data):  # e.g. the map
            result.extend(extra)
        result.append(_open_data_links(docname))
    if not data:
        from ..findability.taxonomy import empty_listing

        result.append(
            empty_listing(app, docname, f"{CASES_DIR}/index")
            or nodes.paragraph("", "Noch keine Praxisbeispiele.", classes=["tm-case-none"])
        )
        return result
    cards = [listing_card(app, docname, view) for view in data]
    result.append(
        nodes.container(
            "",
            nodes.paragraph("", _count(len(data)), classes=["tm-case-count"]),
            *cards,
            classes=["tm-case-list", *(["tm-finder-list"] if finder else [])],
        )
    )
    return result


def _open_data_links(docname: str) -> nodes.paragraph:
    base = posixpath.relpath(CASES_DIR, posixpath.dirname(docname) or ".")
    paragraph = nodes.paragraph(
        "", "Alle Praxisbeispiele als offene Daten: ", classes=["tm-open-data"]
    )
    for index, name in enumerate(OPEN_DATA):
        if index:
            paragraph += nodes.Text(" · ")
        label = "JSON" if name.endswith(".json") else "CSV (Tabellenkalkulation)"
        uri = name if base == "." else posixpath.join(base, name)
        paragraph += nodes.reference("", label, refuri=uri)
    return paragraph


def _articles_data(env: BuildEnvironment, options: dict[str, Any]) -> tuple[Any, ...]:
    """Articles about a state/municipality/topic: with such a card, by a person from
    there, or (topics) with the topic in their front matter."""
    registry = get_registry(env)
    domain = get_domain(env)
    places = {
        m.id
        for m in registry.municipalities.values()
        if m.id == options.get("municipality") or m.state == options.get("state")
    }
    topic = options.get("topic")
    found_views = [v for place in places for v in views_where(env, "municipality", place)]
    if topic:
        found_views += views_where(env, "topic", topic)
    with_cards = {v.case.docname for v in found_views}
    people = {p.id for p in registry.persons.values() if p.municipality in places}
    found = []
    for docname, article in domain.entries("article"):
        if (
            docname in with_cards
            or not people.isdisjoint(article.authors)
            or (topic and topic in article.topics)
        ):
            issue: IssueMeta | None = domain.lookup("issue", article.issue_docname)
            number = issue.number if issue else 0
            label = issue_label(issue) if issue else ""
            found.append((-number, docname, article.title, article.kind, label))
    return tuple(sorted(found))


def _render_articles(
    app: Sphinx, docname: str, options: dict[str, Any], data: tuple[Any, ...]
) -> list[nodes.Node]:
    if not data:
        return [nodes.paragraph("", "Noch keine Beiträge.")]
    items = nodes.bullet_list(classes=["tm-case-articles"])
    for _, target, title, kind, label in data:
        paragraph = nodes.paragraph("", "", doc_link(app, docname, target, title))
        paragraph += nodes.Text(f" ({kind}" + (f", {label})" if label else ")"))
        items += nodes.list_item("", paragraph)
    return [items]


def _overview_data(env: BuildEnvironment, options: dict[str, Any]) -> tuple[Any, ...]:
    from ..findability.taxonomy import article_counts

    facet = options["facet"]
    folder = OVERVIEWS[facet][0]
    articles = article_counts(env) if facet == "topic" else {}
    return tuple(
        (page, label, len(views_where(env, facet, value)), articles.get(value, 0))
        for page, label, value in overview_items(get_registry(env), facet)
        if f"{CASES_DIR}/{folder}/{page}" in env.found_docs  # generated only where in use
    )


def _render_overview(
    app: Sphinx, docname: str, options: dict[str, Any], data: tuple[Any, ...]
) -> list[nodes.Node]:
    folder = OVERVIEWS[options["facet"]][0]
    items = nodes.bullet_list(classes=["tm-case-overview"])
    for page, label, count, articles in data:
        paragraph = nodes.paragraph(
            "", "", doc_link(app, docname, f"{CASES_DIR}/{folder}/{page}", label)
        )
        more = f", {_articles(articles)}" if articles else ""
        paragraph += nodes.Text(f" ({_count(count)}{more})")
        items += nodes.list_item("", paragraph)
    return [items]


# --------------------------------------------------------------------------
# Finder (HTML)


def _facets(
    data: tuple[CaseView, ...],
    app: Sphinx | None = None,
    topics_in_use: list[tuple[str, str]] | None = None,
) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """(facet, URL parameter, label, [(value, shown text)]) for the filter form.

    ``topics_in_use``: topics to offer besides those of the case studies.
    """
    states = sorted({v.municipality.state for v in data}, key=str.casefold)
    kinds = sorted({v.municipality.kind for v in data}, key=str.casefold)
    topics = sorted(
        {(t, lbl) for v in data for t, lbl in zip(v.case.topics, v.topic_labels, strict=True)}
        | set(topics_in_use or ())
    )
    issues = sorted({(v.issue_number, v.issue_title) for v in data if v.issue_number}, reverse=True)
    extra: dict[tuple[str, str, str], set[tuple[str, str]]] = {}
    for view in data:
        for facet, param, label, value, shown in extra_facets(app, view) if app else ():
            extra.setdefault((facet, param, label), set()).add((value, shown))
    added = [
        (facet, param, label, sorted(values, key=lambda item: item[1].casefold()))
        for (facet, param, label), values in extra.items()
    ]
    return [
        ("state", "land", "Bundesland", [(slugify(s), s) for s in states]),
        ("kind", "art", "Art der Kommune", [(slugify(k), k) for k in kinds]),
        ("topic", "thema", "Thema", sorted(topics, key=lambda item: item[1].casefold())),
        ("issue", "ausgabe", "Ausgabe", [(str(n), f"Nr. {n}: {t}") for n, t in issues]),
        *added,
    ]


class finder_form(nodes.General, nodes.Element):
    """The finder's filter form; only ever created for HTML builders."""


def _visit_finder_form(self: HTML5Translator, node: finder_form) -> None:
    esc = html.escape
    parts = [
        '<form class="tm-finder" hidden aria-label="Praxisbeispiele filtern">',
        '<div class="tm-finder-fields">',
    ]
    for facet, param, label, values in node["facets"]:
        field_id = f"tm-finder-{facet}"
        parts.append(f'<div class="tm-finder-field"><label for="{field_id}">{esc(label)}</label>')
        parts.append(
            f'<select id="{field_id}" name="{esc(param)}" data-facet="{esc(facet)}">'
            '<option value="">Alle</option>'
        )
        for value, text in values:
            parts.append(
                f'<option value="{esc(value)}" data-label="{esc(text)}">{esc(text)}</option>'
            )
        parts.append("</select></div>")
    parts.append(
        '</div><button type="reset" class="tm-finder-reset">Alle Filter zurücksetzen</button>'
        '<p class="tm-finder-status" role="status" aria-live="polite"></p></form>\n'
    )
    self.body.append("".join(parts))
    raise nodes.SkipNode


class CaseCardArticle(SphinxPostTransform):
    """Cards become ``<article aria-label="Praxisbeispiel: …">`` (HTML formats only)."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for box in list(self.document.findall(nodes.container)):
            classes = box["classes"]
            if isinstance(box, labelled) or not (
                "tm-case-card" in classes or "tm-case-listing-card" in classes
            ):
                continue
            title = box.next_node(
                lambda n: isinstance(n, nodes.paragraph) and "sd-card-title" in n["classes"]
            )
            name = title.astext().removeprefix("Praxisbeispiel: ") if title else ""
            box.replace_self(as_labelled(box, "article", f"Praxisbeispiel: {name}"))


def _add_finder_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is not None and any(doctree.findall(finder_form)):
        app.add_js_file("transmit-finder.js", loading_method="defer")


# --------------------------------------------------------------------------
# Generated overview pages


def overview_items(registry: Registry, facet: str) -> list[tuple[str, str, str]]:
    """(page name, label, filter value) of every overview page of ``facet``."""
    if facet == "state":
        states = sorted({m.state for m in registry.municipalities.values()})
        return [(slugify(state), state, state) for state in states]
    if facet == "municipality":
        places = sorted(registry.municipalities.values(), key=lambda m: m.name.casefold())
        return [(m.id, m.name, m.id) for m in places]
    topics = sorted(registry.topics.values(), key=lambda t: t.label.casefold())
    return [(t.id, t.label, t.id) for t in topics]


INDEX_PAGE = """\
# {heading}

:::{{case-study-overview}} {facet}
:::

```{{toctree}}
:hidden:
:glob:

*
```
"""

ITEM_PAGE = """\
# {heading}

:::{{case-study-list}}
:{facet}: {value}
:::

## Beiträge

:::{{case-study-articles}}
:{facet}: {value}
:::
"""


def overview_pages(
    registry: Registry,
    extra: Callable[[str, str], str] | None = None,
    keep: Callable[[str, str], bool] | None = None,
) -> dict[str, dict[str, str]]:
    """Folder -> file name -> text of every generated overview page.

    ``extra(facet, value)`` gives Markdown that features put below a page's heading;
    ``keep(facet, value)``: whether a value gets a page (default: every value).
    """
    pages: dict[str, dict[str, str]] = {}
    for facet, (folder, heading) in OVERVIEWS.items():
        files = {"index.md": INDEX_PAGE.format(heading=heading, facet=facet)}
        for page, label, value in overview_items(registry, facet):
            if keep is not None and not keep(facet, value):
                continue
            title = {
                "state": f"Praxisbeispiele in {label}",
                "municipality": f"Praxisbeispiele: {label}",
                "topic": f"Praxisbeispiele zum Thema {label}",
            }[facet]
            text = ITEM_PAGE.format(heading=md_escape(title), facet=facet, value=value)
            if extra is not None and (more := extra(facet, value)):
                head, rest = text.split("\n\n", 1)
                text = f"{head}\n\n{more}\n{rest}"
            files[f"{page}.md"] = text
        pages[folder] = files
    return pages


def _generate(app: Sphinx) -> None:
    registry = get_registry(app.env)
    if not registry.files["municipalities"].exists():
        return
    base = Path(app.srcdir) / CASES_DIR
    if not (base / "index.md").exists():
        return  # a project without a finder page gets no overviews
    from ..findability.taxonomy import in_use

    used = in_use(app)  # None: findability off, a page for every registry entry

    def extra(facet: str, value: str) -> str:  # e.g. the map on a state's page
        return "".join(app.emit("transmit-case-overview-page", facet, value))

    keep = used.keeps if used else None
    for folder, files in overview_pages(registry, extra, keep).items():
        write_generated(base / folder, files)


# --------------------------------------------------------------------------
# Checks and open data


def _check_duplicates(app: Sphinx, env: BuildEnvironment) -> None:
    seen: dict[str, CaseStudy] = {}
    for _, cases in get_domain(env).entries("case_studies"):
        for case in cases:
            first = seen.setdefault(case.id, case)
            if first is not case:
                warn(
                    "case_study",
                    f"Die Praxisbeispiel-Kennung '{case.id}' ist doppelt vergeben: auch in "
                    f"{env.doc2path(first.docname)}:{first.line}. Geben Sie einer der beiden "
                    "Karten eine neue Kennung.",
                    (case.docname, case.line),
                )


CSV_COLUMNS = (
    "id",
    "titel",
    "kommune_id",
    "kommune",
    "art_der_kommune",
    "bundesland",
    "amtlicher_schluessel",
    "themen",
    "zeitraum",
    "beteiligte_einheit",
    "ansprechstelle",
    "kurzfassung",
    "kernpunkte",
    "zuletzt_geprueft",
    "ausgabe",
    "beitrag",
    "url",
)


def open_data_records(app: Sphinx) -> list[dict[str, Any]]:
    """Every case study with registry data, as the JSON file holds them."""
    records = []
    for view in all_views(app.env):
        case, where = view.case, view.municipality
        record = asdict(case)
        record.pop("docname")
        record.pop("line")
        record["reviewed"] = case.reviewed.isoformat()
        record["topics"] = [
            {"id": topic, "label": label}
            for topic, label in zip(case.topics, view.topic_labels, strict=True)
        ]
        record["municipality"] = {
            "id": where.id,
            "name": where.name,
            "kind": where.kind,
            "state": where.state,
            "key": where.key,
        }
        if where.population is not None:
            record["municipality"]["population"] = where.population
        record["issue"] = (
            {"number": view.issue_number, "title": view.issue_title} if view.issue_number else None
        )
        record["article"] = view.article_title
        record["url"] = app.builder.get_target_uri(case.docname) + "#" + case.anchor
        records.append(record)
    return records


def _csv_text(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        where = r["municipality"]
        writer.writerow(
            [
                r["id"],
                r["title"],
                where["id"],
                where["name"],
                where["kind"],
                where["state"],
                where["key"],
                "; ".join(topic["label"] for topic in r["topics"]),
                r["period"],
                r["unit"],
                r["contact"],
                r["summary"],
                " | ".join(r["points"]),
                r["reviewed"],
                f"Nr. {r['issue']['number']}: {r['issue']['title']}" if r["issue"] else "",
                r["article"],
                r["url"],
            ]
        )
    return out.getvalue()


def _write_open_data(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name == "epub":
        return
    if f"{CASES_DIR}/index" not in app.env.found_docs:
        return
    records = open_data_records(app)
    folder = Path(app.outdir) / CASES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    document = {
        "title": "Praxisbeispiele der Reihe TransMit plus",
        "generated": today(app.config).isoformat(),
        "count": len(records),
        "case_studies": records,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    (folder / OPEN_DATA[0]).write_text(text, encoding="utf-8")
    # UTF-8 with BOM, so spreadsheet programs show umlauts correctly
    (folder / OPEN_DATA[1]).write_text(_csv_text(records), encoding="utf-8-sig")


def setup_case_studies(app: Sphinx) -> None:
    """Cards, listings, overviews, the finder and open data."""
    app.add_event("transmit-case-facets")  # (view) -> [ExtraFacet]
    app.add_event("transmit-case-finder")  # (docname, views) -> nodes after the form
    app.add_event("transmit-case-overview-page")  # (facet, value) -> Markdown
    app.add_directive("case-study", CaseStudyDirective)
    app.add_directive("case-study-list", CaseStudyListDirective)
    app.add_directive("case-study-finder", CaseStudyFinderDirective)
    app.add_directive("case-study-articles", CaseArticleListDirective)
    app.add_directive("case-study-overview", OverviewIndexDirective)
    register_listing("case-studies", ListingKind(_cases_data, _render_cases))
    register_listing("case-study-articles", ListingKind(_articles_data, _render_articles))
    register_listing("case-study-overview", ListingKind(_overview_data, _render_overview))
    app.add_node(finder_form, html=(_visit_finder_form, None))
    app.add_post_transform(CaseCardArticle)
    app.connect("builder-inited", _start_build, priority=500)
    app.connect("env-check-consistency", _check_duplicates)
    app.connect("env-updated", _refresh_views, priority=400)  # before listings (500)
    app.connect("html-page-context", _add_finder_script)
    app.connect("build-finished", _write_open_data)
