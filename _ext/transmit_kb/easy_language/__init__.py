"""Leichte Sprache: a start page linked from every page's header, honest review labels.

A page is in Leichte Sprache when its front matter has ``ls_review: offen``
or ``ls_review: geprüft`` (with ``ls_review_date``). Such a page

* says at the top whether a review group (Prüfgruppe) has read it,
* is set without hyphenation (``tm-leichte-sprache``, ``hyphens: manual``),
* is found by the search with the result type "Leichte Sprache".

``transmit_easy_language`` names the start page (a docname); while it is
empty the feature is off, and a foreign project's output is unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.config import add_to_list_setting
from ..core.domain import get_domain
from ..core.frontmatter import PageMeta
from ..core.messages import warn
from ..core.text import german_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
HEADER_ITEM = "transmit-easy-language-link.html"
PAGE_CLASS = "tm-leichte-sprache"
#: what the search shows as the type of these pages (``search.py`` reads the metadata key)
SEARCH_LABEL = "Leichte Sprache"
SEARCH_LABEL_KEY = "transmit_search_label"
REVIEWED = "geprüft"


def enabled(config: Config) -> bool:
    """On when a start page in Leichte Sprache is configured."""
    return bool(getattr(config, "transmit_easy_language", ""))


def review_note(meta: PageMeta) -> nodes.Node:
    """The label at the top of a page: reviewed (and when) or not yet."""
    if meta.ls_review == REVIEWED and meta.ls_review_date is not None:
        lines = [
            "Dieser Text ist in Leichter Sprache.",
            f"Eine Prüf-Gruppe hat den Text am {german_date(meta.ls_review_date)} geprüft.",
        ]
    else:
        lines = [
            "Dieser Text ist in Leichter Sprache.",
            "Eine Prüf-Gruppe hat den Text noch nicht geprüft.",
            "Darum kann es noch schwere Wörter geben.",
        ]
    note = nodes.container(classes=["tm-ls-review", f"tm-ls-review--{meta.ls_review or 'offen'}"])
    for line in lines:
        note += nodes.paragraph("", line)
    return note


def _mark_page(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    meta = get_domain(env).lookup("page", env.docname)
    if not isinstance(meta, PageMeta) or not meta.ls_review:
        return
    if meta.ls_review == REVIEWED and meta.ls_review_date is None:
        warn(
            "easy_language",
            "Die Seite ist als 'ls_review: geprüft' markiert, aber das Datum fehlt. Ergänzen "
            "Sie 'ls_review_date: JJJJ-MM-TT' (Tag der Prüfung durch die Prüfgruppe).",
            (env.docname, 1),
        )
    if meta.ls_review != REVIEWED and meta.ls_review_date is not None:
        warn(
            "easy_language",
            "Die Seite hat ein 'ls_review_date', ist aber nicht als 'ls_review: geprüft' "
            "markiert. Setzen Sie 'ls_review: geprüft' oder entfernen Sie das Datum.",
            (env.docname, 1),
        )
    env.metadata[env.docname][SEARCH_LABEL_KEY] = SEARCH_LABEL
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    section["classes"].append(PAGE_CLASS)
    title = next(iter(section.findall(nodes.title)), None)
    index = section.index(title) + 1 if title is not None else 0
    section.insert(index, review_note(meta))


def _add_templates(app: Sphinx, config: Config) -> None:
    if enabled(config):
        add_to_list_setting(config, "templates_path", str(TEMPLATES))


def _add_assets(app: Sphinx) -> None:
    if not enabled(app.config) or app.builder.format != "html":
        return
    add_to_list_setting(app.config, "html_static_path", str(STATIC))
    app.add_css_file("transmit-easy-language.css")


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return list(value or [])


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    start = app.config.transmit_easy_language
    if not enabled(app.config) or app.builder.format != "html" or start not in app.env.all_docs:
        return
    context["transmit_easy_language_doc"] = start
    context["transmit_easy_language_here"] = pagename == start
    section = "theme_article_header_end"
    items = _as_list(context.get(section))
    if HEADER_ITEM not in items:
        context[section] = [HEADER_ITEM, *items]  # a new list: the context's is shared


def setup_easy_language(app: Sphinx) -> None:
    """Review labels, no hyphenation, the header link and the search label."""
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_assets)
    app.connect("doctree-read", _mark_page)
    app.connect("html-page-context", _page_context, priority=450)
