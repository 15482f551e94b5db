"""Authors: bylines, author boxes, the ``author-box`` directive, author pages and metadata.

* ``doctree-read``: every article with ``authors`` gets a byline under its H1
  (each name links to the person's page) and, at its end, one author box per
  person. Boxes are standard containers, so every builder (text, EPUB, rst2pdf)
  shows every field; an HTML-only post-transform turns them into
  ``<aside aria-label="Zur Person: …">``.
* ``:::{author-box} kennung`` places a box anywhere (``:role:`` overrides the
  role for that page); it is recorded in the ``author_boxes`` store so the
  person's page lists that page too.
* ``builder-inited``: ``autoren/index.md`` and ``autoren/<kennung>.md`` are
  generated; they only hold ids. Person data comes from the ``author-page``
  directive (re-read when the registries change) and from listings, whose
  fingerprints keep them current in incremental and parallel builds.
* ``html-page-context``: schema.org JSON-LD of author pages (article pages get
  theirs from the citation record, see ``citation/``).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
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
from ..core.links import AUTHORS_DIR, BYLINE, doc_link, person_docname
from ..core.listings import ListingKind, leave_out_of_text_search, make_listing, register_listing
from ..core.messages import warn
from ..core.model import get_registry, model
from ..core.registry import Person, Registry
from ..core.text import contribution_count

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: kind shown for a page that is not an article but carries an author box
GUEST_KIND = "Gastbeitrag"


@dataclass(frozen=True)
class AuthorBox:
    """An author box placed by the ``author-box`` directive."""

    person: str
    role: str = ""


@dataclass(frozen=True)
class Contribution:
    """One page a person contributed to, as the person's page lists it."""

    docname: str
    title: str
    kind: str
    issue_docname: str = ""
    issue_number: int = 0
    issue_title: str = ""
    position: int = 0  # place in the issue's table of contents

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        """Newest issue first, then the issue's order; pages outside issues last."""
        return (0 if self.issue_docname else 1, -self.issue_number, self.position, self.docname)


# --------------------------------------------------------------------------
# Who contributed what (one pass over the stores, cached per build)


def build_index(env: BuildEnvironment) -> dict[str, tuple[Contribution, ...]]:
    """Person id -> contributions, newest first, from articles and directive boxes."""
    domain = get_domain(env)
    positions: dict[str, dict[str, int]] = {}

    def issue_facts(docname: str, issue_docname: str) -> tuple[str, int, str, int]:
        issue: IssueMeta | None = domain.lookup("issue", issue_docname)
        if issue is None:
            return "", 0, "", 0
        order = positions.get(issue_docname)
        if order is None:
            includes = env.toctree_includes.get(issue_docname, [])
            order = positions[issue_docname] = {name: i for i, name in enumerate(includes)}
        return issue.docname, issue.number, issue.title, order.get(docname, len(order))

    found: dict[str, list[Contribution]] = {}
    for docname, article in domain.entries("article"):
        facts = issue_facts(docname, article.issue_docname)
        entry = Contribution(docname, article.title, article.kind, *facts)
        for person_id in dict.fromkeys(article.authors):
            found.setdefault(person_id, []).append(entry)
    for docname, boxes in domain.entries("author_boxes"):
        article = domain.lookup("article", docname)
        if article is not None:
            facts = issue_facts(docname, article.issue_docname)
            title, kind = article.title, article.kind
        else:
            issue = domain.lookup("issue", docname)
            facts = issue_facts(docname, docname) if issue is not None else ("", 0, "", 0)
            title_node = env.titles.get(docname)
            title, kind = (title_node.astext() if title_node else docname), GUEST_KIND
        for person_id in dict.fromkeys(box.person for box in boxes):
            if article is not None and person_id in article.authors:
                continue  # already listed as an author of the article
            found.setdefault(person_id, []).append(Contribution(docname, title, kind, *facts))
    return {
        person_id: tuple(sorted(entries, key=lambda entry: entry.sort_key))
        for person_id, entries in found.items()
    }


def contributions(env: BuildEnvironment) -> dict[str, tuple[Contribution, ...]]:
    """The index computed after reading (``env-updated``), or a fresh one."""
    index: dict[str, tuple[Contribution, ...]] | None = model(env).author_index
    return index if index is not None else build_index(env)


def _refresh_index(app: Sphinx, env: BuildEnvironment) -> list[str]:
    # Runs before the listings' fingerprints (priority 500), after every merge.
    model(env).author_index = build_index(env)
    return []


def _forget_index(app: Sphinx) -> None:
    model(app.env).author_index = None  # computed anew after this build's reading


# --------------------------------------------------------------------------
# Nodes: byline and author box (standard docutils nodes)


def person_xref(docname: str, person: Person, text: str) -> addnodes.pending_xref:
    """A link to the person's page; plain text where that page is not in the output."""
    return addnodes.pending_xref(
        "",
        nodes.inline("", text),
        refdomain="std",
        reftype="doc",
        reftarget="/" + person_docname(person.id),
        refdoc=docname,
        refexplicit=True,
        refwarn=True,
    )


def _join_names(parts: list[nodes.Node]) -> list[nodes.Node]:
    """``A``, ``A und B``, ``A, B und C``."""
    joined: list[nodes.Node] = []
    for index, part in enumerate(parts):
        if index:
            joined.append(nodes.Text(" und " if index == len(parts) - 1 else ", "))
        joined.append(part)
    return joined


def byline(docname: str, persons: list[Person]) -> nodes.paragraph:
    """``Von Dr. Bernd Muster und Anna Beispiel``, each name linked."""
    names = [person_xref(docname, person, person.display_name) for person in persons]
    return nodes.paragraph("", "", nodes.Text("Von "), *_join_names(names), classes=[BYLINE])


def _profile(registry: Registry, person: Person, role: str) -> list[nodes.Node]:
    """Role, organisation, place of work, origin, bio, links and (with consent) portrait."""
    body: list[nodes.Node] = []
    if person.portrait and person.portrait_consent and person.portrait_alt:
        body.append(
            nodes.image(
                "",
                uri="/" + person.portrait.lstrip("/"),
                alt=person.portrait_alt,
                classes=["tm-author-portrait"],
            )
        )
    body.append(nodes.paragraph("", role or person.role, classes=["tm-author-role"]))
    if person.organisation:
        body.append(nodes.paragraph("", person.organisation, classes=["tm-author-organisation"]))
    municipality = registry.municipalities.get(person.municipality)
    if municipality is not None:
        body.append(
            nodes.paragraph("", f"Kommune: {municipality.name}", classes=["tm-author-municipality"])
        )
    origin = registry.municipalities.get(person.origin)
    if origin is not None:  # where the person is from, not a place of work
        body.append(nodes.paragraph("", f"Aus {origin.name}", classes=["tm-author-origin"]))
    if person.bio:
        body.append(nodes.paragraph("", person.bio, classes=["tm-author-bio"]))
    links: list[nodes.Node] = []
    if person.website:
        links.append(nodes.reference("", "Website", refuri=person.website))
    if person.orcid:
        links.append(
            nodes.reference("", f"ORCID {person.orcid}", refuri=f"https://orcid.org/{person.orcid}")
        )
    if links:
        paragraph = nodes.paragraph("", "", classes=["tm-author-links"])
        for index, link in enumerate(links):
            if index:
                paragraph += nodes.Text(" · ")
            paragraph += link
        body.append(paragraph)
    return body


def author_box(docname: str, registry: Registry, person: Person, role: str = "") -> nodes.container:
    """The box about one person, ending with a link to all their contributions."""
    name = nodes.paragraph(
        "", "", nodes.strong("", person.display_name), classes=["tm-author-name"]
    )
    more = nodes.paragraph(
        "",
        "",
        person_xref(docname, person, f"Alle Beiträge von {person.display_name}"),
        classes=["tm-author-more"],
    )
    return nodes.container(
        "",
        name,
        *_profile(registry, person, role),
        more,
        classes=["tm-author-box"],
        support_smartquotes=False,  # registry data is shown as written
    )


#: set on a document that holds at least one author box
HAS_BOXES = "transmit_author_boxes"


def _note_registry(env: BuildEnvironment, registry: Registry) -> None:
    for dependency in registry.dependencies("persons", "municipalities"):
        env.note_dependency(dependency)


def _first_section(doctree: nodes.document) -> nodes.section | None:
    return next(iter(doctree.findall(nodes.section)), None)


def _article_persons(app: Sphinx) -> list[Person]:
    """The authors of the article being read (none for other pages)."""
    article: ArticleMeta | None = get_domain(app.env).lookup("article", app.env.docname)
    if article is None:
        return []
    persons = get_registry(app.env).persons
    # Front matter with unknown ids is rejected (and reported) before this point.
    return [persons[pid] for pid in dict.fromkeys(article.authors) if pid in persons]


def _add_boxes(app: Sphinx, doctree: nodes.document) -> None:
    """Author boxes at the end of an article (before images are collected)."""
    persons = _article_persons(app)
    if not persons:
        return
    env = app.env
    registry = get_registry(env)
    _note_registry(env, registry)
    placed = {box.person for box in get_domain(env).lookup("author_boxes", env.docname, [])}
    boxes = [
        author_box(env.docname, registry, person) for person in persons if person.id not in placed
    ]
    if boxes:
        target: nodes.Element = _first_section(doctree) or doctree
        target += nodes.container("", *boxes, classes=["tm-author-boxes"])
        doctree[HAS_BOXES] = True


def _add_boxes_and_byline(app: Sphinx, doctree: nodes.document) -> None:
    """Boxes at the end of an article, the byline right under its H1."""
    _add_boxes(app, doctree)
    _add_byline(app, doctree)


def _start_build(app: Sphinx) -> None:
    """Forget the last build's index; write the author pages of this one."""
    _forget_index(app)
    _generate(app)


def _add_byline(app: Sphinx, doctree: nodes.document) -> None:
    """The byline right under the H1 (the issue's page header follows it)."""
    persons = _article_persons(app)
    section = _first_section(doctree)
    if not persons or section is None:
        return
    title = section.next_node(nodes.title)
    index = section.index(title) + 1 if title is not None and title.parent is section else 0
    section.insert(index, byline(app.env.docname, persons))


# --------------------------------------------------------------------------
# HTML: each box becomes an <aside> with a unique accessible name


class AuthorBoxAside(SphinxPostTransform):
    """Wrap author boxes as ``<aside aria-label="Zur Person: …">`` (HTML formats only)."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not self.document.get(HAS_BOXES):  # most pages: no walk through the whole page
            return
        for box in list(self.document.findall(nodes.container)):
            if "tm-author-box" not in box["classes"] or isinstance(box, labelled):
                continue
            name = next(
                (
                    child.astext()
                    for child in box.children
                    if isinstance(child, nodes.paragraph) and "tm-author-name" in child["classes"]
                ),
                "",
            )
            box.replace_self(as_labelled(box, "aside", f"Zur Person: {name}"))


# --------------------------------------------------------------------------
# Directives


class AuthorBoxDirective(SphinxDirective):
    """``:::{author-box} kennung`` with an optional ``:role:`` for this page."""

    optional_arguments = 1
    has_content = False
    option_spec = {"role": directives.unchanged_required}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        location = (self.env.docname, self.lineno)
        registry = get_registry(self.env)
        _note_registry(self.env, registry)
        if not self.arguments:
            warn(
                "author",
                "Der Direktive 'author-box' fehlt die Kennung der Person, z. B. "
                "':::{author-box} walter-werner'.",
                location,
            )
            return []
        ident = self.arguments[0].strip()
        person = registry.persons.get(ident)
        if person is None:
            warn("author", registry.unknown("persons", ident), location)
            return []
        role = self.options.get("role", "").strip()
        get_domain(self.env).add("author_boxes", self.env.docname, AuthorBox(ident, role))
        box = author_box(self.env.docname, registry, person, role)
        self.set_source_info(box)
        self.state.document[HAS_BOXES] = True
        return [box]


class AuthorPageDirective(SphinxDirective):
    """``:::{author-page} kennung``: the body of a generated person page."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        registry = get_registry(self.env)
        _note_registry(self.env, registry)
        ident = self.arguments[0].strip()
        person = registry.persons.get(ident)
        if person is None:
            warn("author", registry.unknown("persons", ident), (self.env.docname, self.lineno))
            return []
        # the search finds the person as an object, the contributions on their own pages
        leave_out_of_text_search(self.env, AUTHORS_DIR)
        title = nodes.title("", person.display_name, support_smartquotes=False)
        section = nodes.section("", title)
        section += nodes.container(
            "",
            *_profile(registry, person, ""),
            classes=["tm-author-profile"],
            support_smartquotes=False,
        )
        listing = nodes.section("", nodes.title("", "Beiträge"))
        listing += make_listing("author-contributions", {"person": ident})
        section += listing
        for node, title in ((section, person.display_name), (listing, "Beiträge")):
            self.set_source_info(node)
            self.set_source_info(node[0])  # the title (Sphinx would otherwise patch it)
            node["names"].append(nodes.fully_normalize_name(title))
            self.state.document.note_implicit_target(node, node)
        return [section]


class AuthorListDirective(SphinxDirective):
    """``:::{author-list}``: every person, alphabetic by surname."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        _note_registry(self.env, get_registry(self.env))
        # The generated index may be in no toctree (test roots, other projects):
        # no "not included in any toctree" warning for it.
        self.env.metadata[self.env.docname]["orphan"] = True
        leave_out_of_text_search(self.env, AUTHORS_DIR)
        return [make_listing("authors", {})]


# --------------------------------------------------------------------------
# Listings


def _authors_data(env: BuildEnvironment, options: dict[str, Any]) -> tuple[Any, ...]:
    index = contributions(env)
    persons = sorted(get_registry(env).persons.values(), key=lambda person: person.surname_key)
    return tuple(
        (person.id, person.display_name, person.role, len(index.get(person.id, ())))
        for person in persons
    )


def _render_authors(
    app: Sphinx, docname: str, options: dict[str, Any], data: tuple[Any, ...]
) -> list[nodes.Node]:
    if not data:
        return [nodes.paragraph("", "Noch keine Personen eingetragen.")]
    items = nodes.bullet_list(classes=["tm-author-list"])
    for ident, name, role, count in data:
        items += nodes.list_item(
            "",
            nodes.paragraph(
                "",
                "",
                doc_link(app, docname, person_docname(ident), name),
                nodes.Text(f", {role} ({contribution_count(count)})"),
            ),
        )
    return [items]


def _contributions_data(env: BuildEnvironment, options: dict[str, Any]) -> tuple[Any, ...]:
    return contributions(env).get(str(options.get("person", "")), ())


def _render_contributions(
    app: Sphinx, docname: str, options: dict[str, Any], data: tuple[Contribution, ...]
) -> list[nodes.Node]:
    if not data:
        return [nodes.paragraph("", "Noch keine Beiträge.")]
    items = nodes.bullet_list(classes=["tm-contribution-list"])
    for entry in data:
        paragraph = nodes.paragraph("", "")
        paragraph += doc_link(app, docname, entry.docname, entry.title)
        paragraph += nodes.Text(f" ({entry.kind})")
        if entry.issue_docname:
            paragraph += nodes.Text(", in ")
            label = f"Nr. {entry.issue_number}: {entry.issue_title}"
            paragraph += doc_link(app, docname, entry.issue_docname, label)
        items += nodes.list_item("", paragraph)
    return [items]


# --------------------------------------------------------------------------
# Generated pages


INDEX_PAGE = """\
# Autorinnen und Autoren

Alle Personen, die an der Reihe mitgewirkt haben, alphabetisch nach Nachnamen,
mit ihrer Funktion und der Zahl ihrer Beiträge.

:::{author-list}
:::

```{toctree}
:hidden:
:glob:

*
```
"""

PERSON_PAGE = """\
:::{{author-page}} {ident}
:::
"""


def author_pages(registry: Registry) -> dict[str, str]:
    """File name -> text of every generated author page (only ids, never person data)."""
    pages = {"index.md": INDEX_PAGE}
    for ident in registry.persons:
        pages[f"{ident}.md"] = PERSON_PAGE.format(ident=ident)
    return pages


def _generate(app: Sphinx) -> None:
    registry = get_registry(app.env)
    if not registry.files["persons"].exists():
        return
    write_generated(Path(app.srcdir) / AUTHORS_DIR, author_pages(registry))


# --------------------------------------------------------------------------
# HTML metadata


def json_ld(data: dict[str, Any]) -> str:
    """A JSON-LD script element; ``<``, ``>`` and ``&`` escaped so no text ends it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>\n'


def _meta(name: str, content: str) -> str:
    return f'<meta name="{html.escape(name)}" content="{html.escape(content)}" />\n'


def person_data(registry: Registry, person: Person) -> dict[str, Any]:
    """schema.org Person."""
    data: dict[str, Any] = {"@type": "Person", "name": person.name, "jobTitle": person.role}
    if person.academic_title:
        data["honorificPrefix"] = person.academic_title
    if person.organisation:
        data["affiliation"] = {"@type": "Organization", "name": person.organisation}
    municipality = registry.municipalities.get(person.municipality)
    if municipality is not None:
        data["workLocation"] = {"@type": "Place", "name": municipality.name}
    if person.bio:
        data["description"] = person.bio
    same_as = [person.website] if person.website else []
    if person.orcid:
        same_as.append(f"https://orcid.org/{person.orcid}")
    if same_as:
        data["sameAs"] = same_as
    return data


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None or "metatags" not in context:
        return
    env = app.env
    folder, _, ident = pagename.partition("/")
    if folder == AUTHORS_DIR:
        registry = get_registry(env)
        person = registry.persons.get(ident)
        if person is not None:
            data = {"@context": "https://schema.org", **person_data(registry, person)}
            context["metatags"] += json_ld(data)


def setup_authors(app: Sphinx) -> None:
    """Bylines, author boxes, author pages and their metadata."""
    app.add_directive("author-box", AuthorBoxDirective)
    app.add_directive("author-page", AuthorPageDirective)
    app.add_directive("author-list", AuthorListDirective)
    app.add_post_transform(AuthorBoxAside)
    register_listing("authors", ListingKind(_authors_data, _render_authors))
    register_listing(
        "author-contributions", ListingKind(_contributions_data, _render_contributions)
    )
    app.connect("builder-inited", _start_build, priority=500)  # after the registry (100)
    # Boxes before images are collected (500); the byline after the page header (500).
    app.connect("doctree-read", _add_boxes_and_byline, priority=400)  # before images (500)
    app.connect("env-updated", _refresh_index, priority=400)  # before listings (500)
    app.connect("html-page-context", _page_context)
