"""The start page as a front page, and issue covers.

``:::{front-page}`` (on the start page) shows, in this order: one sentence
about the series (the page's front matter ``summary``), the latest issue
with its cover, date and PDF download (with size), the way into the case
studies (the finder, with the number of case studies and their states) and
the topics. Everything comes from front matter, the registries and the
built PDFs. The issue cards of ``{issue-list}`` get their cover.

Covers are SVG files drawn at build time (:mod:`.covers`), written to
``_static/covers/`` of the HTML output. Only with ``transmit_site_ui``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..case_studies.cards import all_views
from ..core.domain import get_domain
from ..core.frontmatter import IssueMeta, PageMeta
from ..core.links import CASES_DIR
from ..core.listings import ListingKind, make_listing, register_listing
from ..core.model import get_registry
from ..core.text import german_date
from ..issues.pages import all_issues
from ..print_edition.build import DOWNLOAD_DIR, Download, downloads_of, german_size
from .covers import FOLDER, cover_img, cover_name, cover_svg

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

WEB_BUILDERS = ("html", "dirhtml")


@dataclass(frozen=True)
class FrontPage:
    """What the front page shows."""

    lead: str
    latest: IssueMeta | None
    pdf: Download | None
    accessible: Download | None
    cases: int
    states: tuple[str, ...]
    finder: str
    topics: tuple[tuple[str, str, int], ...]


class FrontPageDirective(SphinxDirective):
    """``:::{front-page}``: lead sentence, latest issue, finder and topics."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [make_listing("front-page", {"page": self.env.docname})]


def _front_data(env: BuildEnvironment, options: dict[str, Any]) -> FrontPage:
    page: PageMeta | None = get_domain(env).lookup("page", options.get("page", ""))
    issues = all_issues(env)
    latest = issues[0] if issues else None
    files = downloads_of(env, latest) if latest is not None else None
    pdf = files.pdf if files is not None else None
    accessible = files.accessible if files is not None else None
    views = all_views(env)
    states = tuple(sorted({view.municipality.state for view in views}))
    finder = f"{CASES_DIR}/index"
    counts: dict[str, int] = {}
    for view in views:
        for topic in view.case.topics:
            counts[topic] = counts.get(topic, 0) + 1
    registry = get_registry(env)
    topics = tuple(
        (topic.label, f"{CASES_DIR}/themen/{topic.id}", counts[topic.id])
        for topic in sorted(registry.topics.values(), key=lambda t: t.label.casefold())
        if counts.get(topic.id) and f"{CASES_DIR}/themen/{topic.id}" in env.all_docs
    )
    return FrontPage(
        lead=page.summary if page is not None else "",
        latest=latest,
        pdf=pdf,
        accessible=accessible,
        cases=len(views),
        states=states,
        finder=finder if finder in env.all_docs else "",
        topics=topics,
    )


def _and(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def _latest_html(app: Sphinx, docname: str, data: FrontPage) -> str:
    issue = data.latest
    if issue is None:
        return ""
    base = app.builder.get_target_uri(docname)
    href = escape(app.builder.get_relative_uri(docname, issue.docname))
    cover = cover_img(
        relative_uri(base, f"_static/{FOLDER}/{cover_name(issue)}"), issue, "tm-cover", False
    )
    when = f" · {german_date(issue.published)}" if issue.published else ""
    parts = [
        '<section class="tm-front-box tm-front-latest" aria-labelledby="tm-front-latest">',
        f'<a href="{href}" tabindex="-1" aria-hidden="true">{cover}</a><div>',
        f'<p class="tm-front-kicker">Neueste Ausgabe{escape(when)}</p>',
        f'<h2 id="tm-front-latest"><a href="{href}">Nr. {issue.number}: {escape(issue.title)}</a>'
        "</h2>",
    ]
    if data.pdf is not None:
        pdf_href = escape(relative_uri(base, f"{DOWNLOAD_DIR}/{data.pdf.name}"))
        size = f"PDF, {data.pdf.pages} Seiten, {german_size(data.pdf.size)}"
        parts.append(
            f'<p><a class="tm-button tm-button-main" href="{pdf_href}" download>'
            f'PDF herunterladen</a> <span class="tm-front-size">({escape(size)})</span></p>'
        )
    if data.accessible is not None:
        ua_href = escape(relative_uri(base, f"{DOWNLOAD_DIR}/{data.accessible.name}"))
        pages = data.accessible.pages
        size = f"PDF/UA, {pages} Seiten, {german_size(data.accessible.size)}"
        parts.append(
            f'<p><a href="{ua_href}" download>Barrierefreie Fassung (PDF/UA)</a> '
            f'<span class="tm-front-size">({escape(size)})</span></p>'
        )
    parts.append("</div></section>")
    return "".join(parts)


def _cases_html(app: Sphinx, docname: str, data: FrontPage) -> str:
    if not data.finder or not data.cases:
        return ""
    href = escape(app.builder.get_relative_uri(docname, data.finder))
    count = "1 Praxisbeispiel" if data.cases == 1 else f"{data.cases} Praxisbeispiele"
    where = f" aus {_and(data.states)}" if data.states else ""
    return (
        '<section class="tm-front-box tm-front-cases" aria-labelledby="tm-front-cases">'
        '<h2 id="tm-front-cases">Praxisbeispiele aus den Kommunen</h2>'
        f'<p class="tm-front-cases-count">{escape(count + where)}</p>'
        f'<p><a class="tm-button" href="{href}">Praxisbeispiele finden</a></p></section>'
    )


def _topics_html(app: Sphinx, docname: str, data: FrontPage) -> str:
    if not data.topics:
        return ""
    items = "".join(
        f'<li><a href="{escape(app.builder.get_relative_uri(docname, target))}">'
        f"{escape(label)} ({count})</a></li>"
        for label, target, count in data.topics
    )
    return (
        '<section class="tm-front-topics" aria-labelledby="tm-front-topics">'
        '<h2 id="tm-front-topics">Themen der Praxisbeispiele</h2>'
        f'<ul class="tm-topic-list">{items}</ul></section>'
    )


def _render_front(
    app: Sphinx, docname: str, options: dict[str, Any], data: FrontPage
) -> list[nodes.Node]:
    if app.builder.name not in WEB_BUILDERS or not app.config.transmit_site_ui:
        return [nodes.paragraph("", data.lead)] if data.lead else []
    lead = f'<p class="tm-front-lead">{escape(data.lead)}</p>' if data.lead else ""
    grid = _latest_html(app, docname, data) + _cases_html(app, docname, data)
    html = lead + (f'<div class="tm-front-grid">{grid}</div>' if grid else "")
    return [nodes.raw("", html, format="html")]


def _cover_issue_cards(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Covers on the issue cards, on every page with an issue list."""
    if app.builder.name not in WEB_BUILDERS or not app.config.transmit_site_ui:
        return
    base = app.builder.get_target_uri(docname)
    issues = {f"tm-issue-{issue.number}": issue for issue in all_issues(app.env)}
    for card in doctree.findall(nodes.container):
        if "tm-issue-card" not in card["classes"]:
            continue
        issue = next((issues[c] for c in card["classes"] if c in issues), None)
        body = card.children[0] if card.children else None
        if issue is None or not isinstance(body, nodes.Element):
            continue
        src = relative_uri(base, f"_static/{FOLDER}/{cover_name(issue)}")
        img = cover_img(src, issue, "tm-issue-cover", True)
        body.insert(0, nodes.raw("", f'<p class="tm-issue-cover-box">{img}</p>', format="html"))


def _write_covers(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    if not app.config.transmit_site_ui:
        return
    folder = Path(app.outdir) / "_static" / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for issue in all_issues(app.env):
        path = folder / cover_name(issue)
        svg = cover_svg(issue)
        if not path.is_file() or path.read_text(encoding="utf-8") != svg:
            path.write_text(svg, encoding="utf-8")


class FrontTopicsDirective(SphinxDirective):
    """``:::{front-topics}``: the topics of the case studies, each with its count."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [make_listing("front-topics", {"page": self.env.docname})]


def _render_topics(
    app: Sphinx, docname: str, options: dict[str, Any], data: FrontPage
) -> list[nodes.Node]:
    if app.builder.name not in WEB_BUILDERS or not app.config.transmit_site_ui:
        return []
    html = _topics_html(app, docname, data)
    return [nodes.raw("", html, format="html")] if html else []


def setup_frontpage(app: Sphinx) -> None:
    """The ``front-page`` and ``front-topics`` directives, covers on cards, cover files."""
    app.add_directive("front-page", FrontPageDirective)
    app.add_directive("front-topics", FrontTopicsDirective)
    register_listing("front-page", ListingKind(_front_data, _render_front))
    register_listing("front-topics", ListingKind(_front_data, _render_topics))
    app.connect("doctree-resolved", _cover_issue_cards, priority=600)
    app.connect("build-finished", _write_covers, priority=700)
