"""The legal pages' Sphinx side: directives, the gap, the statement, footer links.

The facts come from one typed block in ``conf.py`` (``transmit_publisher``,
see :mod:`.fields` and ``docs/rechtliches.md``); the pages are Markdown in
``source/`` that places them with directives. A field that is not
configured is shown as a marked gap, never invented, and ``transmit-kb
check --release`` refuses to pass while one is open. The feature is off
while ``transmit_publisher`` is ``None`` (a foreign project's output is
unchanged).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..core.config import add_to_list_setting, public_address
from ..core.listings import ListingKind, make_listing, register_listing
from ..core.messages import file_location, warn
from ..core.text import german_date
from .feedback import feedback_mailto, page_address
from .fields import (
    CONFIG_NAME,
    FIELD_BY_KEY,
    FIELDS,
    GAP_TEXT,
    Publisher,
    config_line,
    read_publisher,
)
from .statement import StatementFacts, read_declared, statement_facts

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
FOOTER_ITEM = "transmit-legal-links.html"
#: the anchor of the feedback paragraph: "Barriere melden" leads there when no e-mail is set
FEEDBACK_ID = "rueckmeldung"
#: the footer's links: (label, key of ``transmit_legal_pages``)
LINKS = (
    ("Impressum", "impressum"),
    ("Datenschutz", "privacy"),
    ("Barrierefreiheit", "accessibility"),
)
DEFAULT_PAGES = {
    "impressum": "impressum",
    "privacy": "datenschutz",
    "accessibility": "barrierefreiheit",
}
HTML_FORMATS = frozenset({"html"})


def legal_enabled(config: Config) -> bool:
    """The feature is on when ``transmit_publisher`` is set (to a dict, even an empty one)."""
    return getattr(config, CONFIG_NAME, None) is not None


def publisher(config: Config) -> Publisher:
    """The validated publisher block (problems are warned once, at ``config-inited``)."""
    return read_publisher(getattr(config, CONFIG_NAME, None))[0]


# --------------------------------------------------------------------------
# The gap and the fields


def gap(key: str, block: bool = False) -> nodes.Node:
    """The marked gap of an unconfigured field: text, not only colour, says what is missing."""
    inline = nodes.inline("", GAP_TEXT, classes=["tm-gap", f"tm-gap--{key}"])
    if block:
        return nodes.paragraph("", "", inline, classes=["tm-gap-block"])
    return inline


def _inline_value(key: str, value: str) -> list[nodes.Node]:
    """One line of a value; e-mail addresses and URLs as links."""
    kind = FIELD_BY_KEY[key].kind
    if kind == "email":
        return [nodes.reference("", value, refuri=f"mailto:{value}")]
    if kind == "url":
        return [nodes.reference("", value, refuri=value)]
    return [nodes.Text(value)]


def field_nodes(pub: Publisher, key: str, block: bool) -> list[nodes.Node]:
    """The value of ``key`` (a line block when it has several lines) or its gap."""
    value = pub.value(key)
    if not value:
        return [gap(key, block)]
    kind = FIELD_BY_KEY[key].kind
    if block and kind == "text" and "\n" in value:
        lines = nodes.line_block(classes=["tm-publisher", f"tm-publisher--{key}"])
        for line in value.split("\n"):
            lines += nodes.line("", line.strip())
        return [lines]
    if block:
        para = nodes.paragraph(classes=["tm-publisher", f"tm-publisher--{key}"])
        para += _inline_value(key, value.replace("\n", " "))
        return [para]
    return [nodes.inline("", "", *_inline_value(key, value.replace("\n", ", ")))]


def _unknown_key(key: str) -> str:
    known = ", ".join(field.key for field in FIELDS)
    return f"Unbekanntes Feld '{key}' der Herausgeberin. Möglich sind: {known}."


class PublisherFieldDirective(SphinxDirective):
    """``{publisher-field} address``: a field of ``transmit_publisher`` as a block.

    ``:label: Anschrift`` puts a label before it. An optional field without a
    value (``phone``) shows nothing; a required one shows the marked gap.
    """

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"label": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0].strip()
        if key not in FIELD_BY_KEY:
            warn("legal", _unknown_key(key), self.get_location())
            return []
        pub = publisher(self.config)
        if not FIELD_BY_KEY[key].required and not pub.value(key):
            return []
        label = self.options.get("label", "").strip()
        shown = field_nodes(pub, key, block=True)
        if not label:
            return shown
        first = shown[0]
        if isinstance(first, nodes.paragraph):
            first.insert(0, nodes.Text(" "))
            first.insert(0, nodes.strong("", f"{label}:"))
            return shown
        heading = nodes.paragraph(
            "", "", nodes.strong("", f"{label}:"), classes=["tm-publisher-label"]
        )
        return [heading, *shown]


class PublisherRole(SphinxRole):
    """``{publisher}`email```: a field of ``transmit_publisher`` inside a sentence."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        key = self.text.strip()
        if key not in FIELD_BY_KEY:
            warn("legal", _unknown_key(key), self.get_location())
            return [nodes.Text(key)], []
        return field_nodes(publisher(self.config), key, block=False), []


# --------------------------------------------------------------------------
# Feedback


def _feedback_for(app: Sphinx, docname: str, title: str) -> str:
    email = publisher(app.config).email
    if not email:
        return ""
    address = page_address(public_address(app.config), app.builder.get_target_uri(docname))
    return feedback_mailto(email, title, address)


class FeedbackDirective(SphinxDirective):
    """``{accessibility-feedback}``: the prepared e-mail for barriers, or the gap."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [make_listing("accessibility-feedback", {})]


def _feedback_data(env: BuildEnvironment, options: dict[str, Any]) -> str:
    return publisher(env.config).email


def _render_feedback(
    app: Sphinx, docname: str, options: dict[str, Any], email: str
) -> list[nodes.Node]:
    env = app.env
    title = env.titles[docname].astext() if docname in env.titles else docname
    uri = _feedback_for(app, docname, title)
    if not uri:
        text = "Die E-Mail-Adresse für Rückmeldungen: "
        para = nodes.paragraph("", text, gap("email"), classes=["tm-feedback"])
    else:
        link = nodes.reference("", "E-Mail mit vorbereitetem Betreff schreiben", refuri=uri)
        note = nodes.Text(f" (an {email}). Die E-Mail nennt schon die Adresse dieser Seite.")
        para = nodes.paragraph("", "", link, note, classes=["tm-feedback"])
    para["ids"].append(FEEDBACK_ID)
    return [para]


# --------------------------------------------------------------------------
# The accessibility statement (listing placeholders, replaced on doctree-resolved)

PARTS = ("status", "limitations", "assessment")


class AccessibilityDirective(SphinxDirective):
    """``{accessibility-statement} status|limitations|assessment``: computed at build time."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0].strip()
        if part not in PARTS:
            warn(
                "legal",
                f"Unbekannter Teil '{part}' der Erklärung. Möglich: {', '.join(PARTS)}.",
                self.get_location(),
            )
            return []
        declared = Path(self.env.srcdir) / self.config.transmit_accessibility_file
        self.env.note_dependency(str(declared))
        return [make_listing("accessibility-statement", {"part": part})]


def _render_status(facts: StatementFacts) -> list[nodes.Node]:
    if facts.fully_compliant:
        text = (
            "Nach unserer Selbstbewertung ist diese Website vollständig mit den "
            "Anforderungen an die Barrierefreiheit vereinbar."
        )
        return [nodes.paragraph("", text, classes=["tm-a11y-status"])]
    count = len(facts.limitations)
    which = (
        "die unten genannte Einschränkung"
        if count == 1
        else f"die {count} unten genannten Einschränkungen"
    )
    para = nodes.paragraph(classes=["tm-a11y-status"])
    para += nodes.Text("Diese Website ist ")
    para += nodes.strong("", "teilweise")
    para += nodes.Text(
        f" mit den Anforderungen an die Barrierefreiheit vereinbar. Grund sind {which}."
    )
    return [para]


def _render_limitations(facts: StatementFacts) -> list[nodes.Node]:
    if not facts.limitations:
        return [nodes.paragraph("", "Uns sind keine Einschränkungen bekannt.")]
    # "no-search": the list names other pages (issues, Leichte Sprache); the search
    # finds those pages themselves, not the statement, for their words
    items = nodes.bullet_list(classes=["tm-a11y-limitations", "no-search"])
    for limitation in facts.limitations:
        item = nodes.list_item()
        item += nodes.paragraph("", "", nodes.strong("", limitation.what))
        item += nodes.paragraph("", limitation.reason)
        items += item
    return [items]


def _render_assessment(app: Sphinx, facts: StatementFacts) -> list[nodes.Node]:
    from ..case_studies.cards import today

    declared = facts.declared
    result: list[nodes.Node] = []
    when = nodes.paragraph()
    when += nodes.Text("Diese Erklärung wurde am ")
    when += nodes.Text(german_date(declared.assessed)) if declared.assessed else gap("assessed")
    when += nodes.Text(
        f" erstellt. Die Liste der Einschränkungen hat der Bau der Website am "
        f"{german_date(today(app.config))} zuletzt aus seinen eigenen Prüfungen aktualisiert."
    )
    result.append(when)
    result.append(
        nodes.paragraph("", declared.method) if declared.method else gap("method", block=True)
    )
    return result


def _render_statement(
    app: Sphinx, docname: str, options: dict[str, Any], facts: StatementFacts
) -> list[nodes.Node]:
    part = options.get("part")
    if part == "status":
        return _render_status(facts)
    if part == "limitations":
        return _render_limitations(facts)
    return _render_assessment(app, facts)


# --------------------------------------------------------------------------
# Site-wide: templates, CSS, footer links


def _check_config(app: Sphinx, config: Config) -> None:
    if not legal_enabled(config):
        return
    add_to_list_setting(config, "templates_path", str(TEMPLATES))
    conf_py = Path(app.confdir) / "conf.py"
    text = conf_py.read_text(encoding="utf-8") if conf_py.is_file() else ""
    _, problems = read_publisher(getattr(config, CONFIG_NAME))
    for key, message in problems:
        warn("legal", message, file_location(str(conf_py), config_line(text, key)))
    declared = Path(app.srcdir) / config.transmit_accessibility_file
    for line, message in read_declared(declared)[1]:
        warn("legal", message, file_location(str(declared), line))


def _add_assets(app: Sphinx) -> None:
    if not legal_enabled(app.config) or app.builder.format not in HTML_FORMATS:
        return
    add_to_list_setting(app.config, "html_static_path", str(STATIC))
    app.add_css_file("transmit-legal.css")


def footer_section(context: dict[str, Any]) -> str:
    """The theme's footer list our links join (sphinx-book-theme has its own)."""
    return (
        "theme_footer_content_items"
        if "theme_footer_content_items" in context
        else "theme_footer_end"
    )


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return list(value or [])


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not legal_enabled(app.config) or app.builder.format not in HTML_FORMATS:
        return
    pages: dict[str, str] = {**DEFAULT_PAGES, **app.config.transmit_legal_pages}
    links = [(label, pages[key]) for label, key in LINKS if pages.get(key) in app.env.all_docs]
    env: BuildEnvironment = app.env
    title = env.titles[pagename].astext() if pagename in env.titles else str(app.config.project)
    context["transmit_legal_links"] = links
    context["transmit_feedback_mailto"] = _feedback_for(app, pagename, title)
    statement = pages.get("accessibility", "")
    context["transmit_feedback_page"] = statement if statement in app.env.all_docs else ""
    context["transmit_feedback_anchor"] = FEEDBACK_ID
    section = footer_section(context)
    items = _as_list(context.get(section))
    if FOOTER_ITEM not in items:
        context[section] = [*items, FOOTER_ITEM]  # a new list: the context's is shared


def setup_pages(app: Sphinx) -> None:
    """Config, directives, the statement listing, footer links and CSS."""
    app.add_directive("publisher-field", PublisherFieldDirective)
    app.add_role("publisher", PublisherRole())
    app.add_directive("accessibility-feedback", FeedbackDirective)
    app.add_directive("accessibility-statement", AccessibilityDirective)
    register_listing("accessibility-statement", ListingKind(statement_facts, _render_statement))
    register_listing("accessibility-feedback", ListingKind(_feedback_data, _render_feedback))
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _add_assets)
    app.connect("html-page-context", _page_context, priority=450)
