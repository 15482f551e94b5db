"""The "Zitieren" block on article and issue pages, and the download files.

The block is a listing (see ``listings.py``): its placeholder is placed while
reading and filled when the page is written, so a new PDF (other page numbers)
rewrites the pages whose record changed. Only HTML builders show it; the PDF,
EPUB and text outputs get nothing.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.osutil import relative_uri

from ..core.domain import get_domain
from ..core.files import read_json_object
from ..core.frontmatter import ArticleMeta, IssueMeta
from ..core.listings import make_listing
from ..core.text import slugify
from ..issues.pages import all_issues, articles_of
from ..print_edition.build import DOWNLOAD_DIR as PDF_DIR
from ..print_edition.build import HTML_BUILDERS, pdf_path_of
from .exports import FORMATS
from .model import EXPORT_DIR, issue_of, print_pages_of, record_of, site_record
from .record import Record, issue_key
from .render import (
    STYLES,
    escape_html,
    is_kept,
    render_marked_in_each_style,
    saved_together,
    to_html,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

LISTING = "citation"
#: doctree-folder file: per export key, the hash of the records its files hold
EXPORT_MEMO = "transmit-citation-exports.json"
SECTION_ID = "tm-zitieren"
#: builds whose first citation was looked up (see :func:`_render_all_if_the_first_is_new`)
_FIRST_LOOKED_UP: weakref.WeakSet[Sphinx] = weakref.WeakSet()


def place_block(app: Sphinx, doctree: nodes.document) -> None:
    """The placeholder at the end of every article and issue page."""
    if not app.config.transmit_citation:
        return
    docname = app.env.docname
    domain = get_domain(app.env)
    if domain.lookup("article", docname) is None and domain.lookup("issue", docname) is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section += make_listing(LISTING, {"doc": docname})


def block_data(env: BuildEnvironment, options: dict[str, Any]) -> str:
    """The record the block shows, as JSON (its fingerprint: pages included)."""
    return json.dumps(record_of(env, options["doc"]), sort_keys=True)


def _link(
    app: Sphinx, docname: str, target: str, text: str, *, fragment: str = "", classes: str = ""
) -> str:
    uri = relative_uri(app.builder.get_target_uri(docname), target) + fragment
    return (
        f'<a class="{classes}reference external" href="{escape_html(uri)}">{escape_html(text)}</a>'
    )


def _downloads(app: Sphinx, docname: str, key: str, label: str) -> str:
    links = " · ".join(
        _link(app, docname, f"{EXPORT_DIR}/{key}.{suffix}", f"{name} (.{suffix})")
        for suffix, (_, name) in FORMATS.items()
    )
    return f'<p class="tm-citation-downloads">{escape_html(label)}: {links}</p>\n'


def _print_line(app: Sphinx, docname: str, article: ArticleMeta) -> str:
    pages = print_pages_of(app.env, article)
    issue = issue_of(app.env, article)
    if pages is None or issue is None:
        return ""  # no PDF: say nothing rather than something stale
    pdf = pdf_path_of(app.env, issue).name
    link = _link(
        app,
        docname,
        f"{PDF_DIR}/{pdf}",
        f"S. {pages.span}",
        fragment=f"#page={pages.index}",
        classes="tm-print-pages-link ",
    )
    return f'<p class="tm-print-pages">In der Druckfassung: {link}</p>\n'


def _render_all_if_the_first_is_new(app: Sphinx, record: Record) -> None:
    """If a build's first citation is in no cache, render every page's citations now.

    That is the case of a fresh machine or CI, where all are new. In one go
    it is faster (most likely because citeproc-py's styles stay in the
    processor's caches): at 60 issues (1080 entries) 1.3 to 1.5 s of CPU
    time in a build, one page's entries at a time as the pages are written
    2.1 to 2.3 s. Pages are resolved in the main process, also with ``-j``,
    so this runs once per build. Whatever comes out, every page shows what
    citeproc-py gives for its record; a citation that is new later in the
    build (an edited record) is rendered for its page alone.
    """
    if app in _FIRST_LOOKED_UP:
        return
    _FIRST_LOOKED_UP.add(app)
    if is_kept(STYLES[0].csl, record):
        return
    with saved_together():  # the cache files are written once, at the end
        for issue in all_issues(app.env):
            for other in issue_records(app, issue):
                render_marked_in_each_style(other)


def render_block(app: Sphinx, docname: str, options: dict[str, Any], data: str) -> list[nodes.Node]:
    """The section "Zitieren" (HTML builders only)."""
    if app.builder.name not in HTML_BUILDERS:
        return []
    record = site_record(app, docname)
    if record is None:
        return []
    _render_all_if_the_first_is_new(app, record)
    # "no-search": the citations repeat title, authors and series of every page
    section = nodes.section("", ids=[SECTION_ID], classes=["tm-citation-block", "no-search"])
    section += nodes.title("", "Zitieren")  # heading and permalink as on every other section
    # The body is HTML made here, every value escaped as the HTML writer does it
    # (``escape_html``): the same markup as paragraph, emphasis and reference nodes,
    # without 20-odd nodes per page for the writer and every later pass to walk.
    html = []
    article: ArticleMeta | None = get_domain(app.env).lookup("article", docname)
    if article is not None:
        html.append(_print_line(app, docname, article))
    # label and text of each style; the script adds "Zitation kopieren" after each
    # text (no dead button without it). Kept lean: this is on every article page.
    for style, marked in render_marked_in_each_style(record):
        html.append(f'<p class="tm-citation-style">{escape_html(style.label)}</p>\n')
        html.append(
            f'<p class="tm-citation-text" id="tm-zitat-{slugify(style.label)}">'
            f"{to_html(marked)}</p>\n"
        )
    if article is not None:
        # the issue's file is offered on the issue's page (article pages stay light)
        html.append(_downloads(app, docname, str(record["id"]), "Herunterladen"))
    else:
        issue_meta: IssueMeta | None = get_domain(app.env).lookup("issue", docname)
        if issue_meta is not None:
            label = "Die Ausgabe und alle Beiträge herunterladen"
            html.append(_downloads(app, docname, issue_key(issue_meta), label))
    section += nodes.raw("", "".join(html), format="html")
    return [section]


def issue_records(app: Sphinx, issue: IssueMeta) -> list[Record]:
    """The issue's own record, then its articles' records in table-of-contents order."""
    records = [site_record(app, issue.docname)]
    records += [site_record(app, article.docname) for article in articles_of(app.env, issue)]
    return [record for record in records if record is not None]


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """``zitieren/<key>.bib|ris|json`` per article and per issue (HTML builders only)."""
    if exception is not None or not app.config.transmit_citation:
        return
    if app.builder.name not in HTML_BUILDERS:
        return
    folder = Path(app.builder.outdir) / EXPORT_DIR
    files: dict[str, list[Record]] = {}
    for issue in all_issues(app.env):
        records = issue_records(app, issue)
        files[issue_key(issue)] = records
        for record in records:
            if record["id"] != issue_key(issue):
                files[record["id"]] = [record]
    if not files:
        return
    folder.mkdir(parents=True, exist_ok=True)
    # what each file was written from; an unchanged file is neither rendered nor read
    memo = Path(app.doctreedir) / EXPORT_MEMO
    written = read_json_object(memo)
    now = {}
    for key, records in files.items():
        source = hashlib.sha1(
            json.dumps(records, sort_keys=True, ensure_ascii=False).encode(),
            usedforsecurity=False,
        ).hexdigest()
        now[key] = source
        paths = {suffix: folder / f"{key}.{suffix}" for suffix in FORMATS}
        if written.get(key) == source and all(path.is_file() for path in paths.values()):
            continue
        for suffix, (writer, _) in FORMATS.items():
            text = writer(records)
            path = paths[suffix]
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
    if now != written:
        memo.write_text(json.dumps(now, sort_keys=True), encoding="utf-8")
