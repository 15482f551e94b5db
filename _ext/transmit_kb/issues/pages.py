"""Issues (Ausgaben): landing-page header, article facts, the issue list, number checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core.domain import get_domain
from ..core.frontmatter import ArticleMeta, IssueMeta
from ..core.links import BYLINE, card, doc_link
from ..core.listings import ListingKind, make_listing, register_listing
from ..core.messages import warn
from ..core.model import get_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def all_issues(env: BuildEnvironment) -> list[IssueMeta]:
    """Every issue, newest (highest number) first."""
    issues = [meta for _, meta in get_domain(env).entries("issue")]
    return sorted(issues, key=lambda meta: meta.number, reverse=True)


def articles_of(env: BuildEnvironment, issue: IssueMeta) -> list[ArticleMeta]:
    """The issue's articles in the order of its table of contents."""
    domain = get_domain(env)
    order = {name: index for index, name in enumerate(env.toctree_includes.get(issue.docname, []))}
    articles = [
        meta for _, meta in domain.entries("article") if meta.issue_docname == issue.docname
    ]
    return sorted(articles, key=lambda meta: (order.get(meta.docname, len(order)), meta.docname))


def issue_label(issue: IssueMeta) -> str:
    """``Nr. 2`` and the title."""
    return f"Nr. {issue.number}: {issue.title}"


def topic_labels(env: BuildEnvironment, topics: tuple[str, ...]) -> str:
    """Topic ids as their display labels, comma-separated."""
    known = get_registry(env).topics
    return ", ".join(known[t].label if t in known else t for t in topics)


def _facts(rows: list[tuple[str, str]], classes: list[str]) -> nodes.field_list:
    field_list = nodes.field_list(classes=classes)
    for name, value in rows:
        if value:
            field_list += nodes.field(
                "", nodes.field_name("", name), nodes.field_body("", nodes.paragraph("", value))
            )
    return field_list


def _insert_after_title(doctree: nodes.document, new: list[nodes.Node]) -> None:
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = section.next_node(nodes.title)
    index = section.index(title) + 1 if title is not None and title.parent is section else 0
    while index < len(section) and BYLINE in section[index].get("classes", []):
        index += 1  # the byline stays right under the H1
    for offset, node in enumerate(new):
        section.insert(index + offset, node)


def _on(issue: IssueMeta) -> str:
    """``am 24. April 2020`` or ``spätestens am 24. April 2020 (laut Ankündigung)``."""
    text = issue.published_text
    return (
        text.replace("spätestens ", "spätestens am ", 1) if issue.published_basis else f"am {text}"
    )


def _add_page_header(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    domain = get_domain(env)
    docname = env.docname
    issue: IssueMeta | None = domain.lookup("issue", docname)
    if issue is not None:
        rows = [
            ("Reihe", issue.series),
            ("Ausgabe", f"Nr. {issue.number}"),
            ("Untertitel", issue.subtitle),
            ("Erschienen", issue.published_text),
            ("Herausgeberin", issue.publisher),
            ("Themen", topic_labels(env, issue.topics)),
        ]
        summary = nodes.container(
            "", nodes.paragraph("", issue.summary), classes=["tm-issue-summary"]
        )
        _insert_after_title(doctree, [_facts(rows, ["tm-issue-facts"]), summary])
        return
    article: ArticleMeta | None = domain.lookup("article", docname)
    if article is not None:
        rows = [("Art", article.kind), ("Themen", topic_labels(env, article.topics))]
        abstract = nodes.container(
            "",
            nodes.paragraph(
                "", "", nodes.strong("", "Kurzfassung: "), nodes.Text(article.abstract)
            ),
            classes=["tm-abstract"],
        )
        _insert_after_title(doctree, [_facts(rows, ["tm-article-facts"]), abstract])


class IssueListDirective(SphinxDirective):
    """``{issue-list}``: every issue as a card, newest first, from front matter."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [make_listing("issues", {})]


def _issue_data(env: BuildEnvironment, options: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(
        (issue, tuple(a.title for a in articles_of(env, issue))) for issue in all_issues(env)
    )


def _render_issues(
    app: Sphinx, docname: str, options: dict[str, Any], data: tuple[Any, ...]
) -> list[nodes.Node]:
    cards: list[nodes.Node] = []
    for issue, article_titles in data:
        body: list[nodes.Node] = []
        if issue.subtitle:
            body.append(nodes.paragraph("", issue.subtitle, classes=["tm-card-subtitle"]))
        when = f" · erschienen {_on(issue)}" if issue.published else ""
        body.append(
            nodes.paragraph(
                "",
                f"{issue.series}, Nr. {issue.number}{when}",
                classes=["sd-card-text", "tm-card-meta"],
            )
        )
        body.append(nodes.paragraph("", issue.summary, classes=["sd-card-text"]))
        count = len(article_titles)
        body.append(
            nodes.paragraph(
                "",
                f"{count} Beitrag" if count == 1 else f"{count} Beiträge",
                classes=["sd-card-text", "tm-card-count"],
            )
        )
        link = doc_link(app, docname, issue.docname, issue_label(issue))
        cards.append(card(link, body, ["tm-issue-card", f"tm-issue-{issue.number}"]))
    if not cards:
        return [nodes.paragraph("", "Noch keine Ausgabe vorhanden.")]
    return [nodes.container("", *cards, classes=["tm-issue-list"])]


def _check_numbers(app: Sphinx, env: BuildEnvironment) -> None:
    seen: dict[int, IssueMeta] = {}
    for issue in sorted(all_issues(env), key=lambda meta: meta.docname):
        first = seen.setdefault(issue.number, issue)
        if first is not issue:
            warn(
                "issue",
                f"Die Ausgabennummer {issue.number} ist doppelt vergeben: auch in "
                f"{env.doc2path(first.docname)}. Vergeben Sie eine neue Nummer.",
                (issue.docname, 2),
            )


def setup_issues(app: Sphinx) -> None:
    """Issue headers, the issue list and the number check."""
    app.add_directive("issue-list", IssueListDirective)
    register_listing("issues", ListingKind(_issue_data, _render_issues))
    app.connect("doctree-read", _add_page_header)
    app.connect("env-check-consistency", _check_numbers)
