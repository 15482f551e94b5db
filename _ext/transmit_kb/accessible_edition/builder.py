"""The ``pdfua`` builder: one tagged PDF/UA-1 per issue, through WeasyPrint.

For each issue: the landing page with its toctree inlined (as the print
edition does), references resolved, sphinx-design components and author boxes
in their print forms, then ``writer.render_body`` with the cover, imprint and
contents around it, written as ``<name>-barrierefrei.html`` and rendered by
WeasyPrint with ``pdf_variant="pdf/ua-1"``.

Everything WeasyPrint logs at warning level or above fails the build as a
located Sphinx warning (WeasyPrint logs a missing alt text as an error and
still writes the PDF); an image without alt text is reported before, with the
file and line of its source.
"""

from __future__ import annotations

import html
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.util.console import darkgreen
from sphinx.util.nodes import inline_all_toctrees

from ..core.config import public_address
from ..core.frontmatter import IssueMeta
from ..core.messages import warn
from ..core.text import german_date
from ..issues.pages import all_issues
from ..print_edition.build import (
    SUFFIX,
    Edition,
    _font_dir,
    accessible_name,
    build_date,
    hoist,
    issue_edition,
    repair_parents,
    to_standard_nodes,
)
from .imprint import publisher_fields
from .print_forms import print_author_boxes, print_wording
from .writer import render_body

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Set

STYLESHEET = Path(__file__).parent / "print.css"
#: suffix of an accessible PDF's name after the print PDF's stem
PDF_VARIANT = "pdf/ua-1"


# --------------------------------------------------------------------------
# WeasyPrint's log


@dataclass
class WeasyLog(logging.Handler):
    """Collects WeasyPrint's records at warning level and above."""

    records: list[logging.LogRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, logging.WARNING)

    def __hash__(self) -> int:
        return id(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


# --------------------------------------------------------------------------
# The page around the body


def _cover(edition: Edition) -> str:
    parts = [f'<p class="tm-cover-series">{_escape(edition.series)}</p>']
    parts.append(f'<p class="tm-cover-number">Nr. {edition.number}</p>')
    parts.append(f"<h1>{_escape(edition.title)}</h1>")
    if edition.subtitle and edition.subtitle not in edition.title:
        parts.append(f'<p class="tm-cover-subtitle">{_escape(edition.subtitle)}</p>')
    parts.append(f'<p class="tm-cover-publisher">{_escape(edition.publisher)}</p>')
    if edition.published is not None:
        parts.append(f'<p class="tm-cover-date">{_escape(german_date(edition.published))}</p>')
    return '<section class="tm-cover">' + "".join(parts) + "</section>\n"


def _imprint(config: Any, edition: Edition) -> str:
    lines = [f"Herausgeberin: {edition.publisher}"]
    if edition.published is not None:
        lines.append(f"Erschienen: {edition.published_text}")
    parts = [
        f'<p><span class="tm-italic">{_escape(edition.series)}</span>, Nr. {edition.number}: '
        f'<span class="tm-print-name">{_escape(edition.title)}</span></p>'
    ]
    parts += [f"<p>{_escape(line)}</p>" for line in lines]
    for item in publisher_fields(config):
        value = _escape(item.value)
        if item.is_url:
            value = f'<a href="{value}">{value}</a>'
        parts.append(f"<p>{_escape(item.label)}: {value}</p>")
    if config.transmit_funding_note:
        parts.append(f"<p>{_escape(config.transmit_funding_note)}</p>")
    site = public_address(config)
    if site:
        parts.append(f'<p>Online: <a href="{_escape(site)}">{_escape(site)}</a></p>')
    parts.append(
        "<p>"
        + _escape(
            f"Diese barrierefreie PDF-Fassung (PDF/UA) wurde am {german_date(build_date())} "
            "aus der Wissensbasis „TransMit plus“ erzeugt. Sie gibt deren Seiten zur Ausgabe "
            "wieder und ersetzt nicht die gedruckte Broschüre der Herausgeberin."
        )
        + "</p>"
    )
    return '<section class="tm-imprint"><h2>Impressum</h2>' + "".join(parts) + "</section>\n"


def _contents(tree: nodes.document) -> str:
    """Top-level sections and articles, with their sections one level below."""

    def entries(container: nodes.Element, nested: bool) -> list[str]:
        items: list[str] = []
        for child in container.children:
            section: nodes.Node | None = None
            if isinstance(child, addnodes.start_of_file):
                section = next((c for c in child.children if isinstance(c, nodes.section)), None)
            elif isinstance(child, nodes.section) and not nested:
                section = child
            if not isinstance(section, nodes.section) or not section["ids"]:
                continue
            title = _escape(section[0].astext())
            below = "" if nested else "".join(entries(section, True))
            sub = f"<ol>{below}</ol>" if below else ""
            items.append(f'<li><a href="#{section["ids"][0]}">{title}</a>{sub}</li>')
        return items

    listing = "".join(entries(tree, False))
    return (
        '<section class="tm-contents"><h2>Inhalt</h2>'
        + (f"<ol>{listing}</ol>" if listing else "")
        + "</section>\n"
    )


def page(config: Any, edition: Edition, tree: nodes.document, body: str) -> str:
    """The whole print HTML of one issue."""
    fonts = Path(_font_dir())
    faces = "".join(
        "@font-face { font-family: 'Source Sans Pro'; "
        f"src: url('{(fonts / f'SourceSansPro-{face}.ttf').as_uri()}'); "
        f"font-weight: {weight}; font-style: {style}; }}\n"
        for face, weight, style in (
            ("Regular", 400, "normal"),
            ("It", 400, "italic"),
            ("Semibold", 600, "normal"),
            ("SemiboldIt", 600, "italic"),
            ("Bold", 700, "normal"),
            ("BoldIt", 700, "italic"),
        )
    )
    running = f"TransMit plus Nr. {edition.number} · {edition.title}"
    meta = {
        "author": ", ".join(edition.authors) or edition.publisher,
        "description": edition.summary or edition.series,
        "keywords": ", ".join(edition.keywords),
        "generator": "TransMit plus \N{EN DASH} Wissensbasis (Sphinx, WeasyPrint)",
    }
    head = "".join(
        f'<meta name="{name}" content="{_escape(value)}">\n' for name, value in meta.items()
    )
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_escape(edition.full_title)}</title>\n{head}"
        f"<style>\n{faces}{STYLESHEET.read_text(encoding='utf-8')}</style>\n</head>\n"
        f'<body data-running-title="{_escape(running)}">\n'
        f"{_cover(edition)}{_imprint(config, edition)}{_contents(tree)}"
        f"<main>\n{body}</main>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------
# The builder


@dataclass(frozen=True)
class Built:
    """One written accessible PDF."""

    path: Path
    pages: int
    seconds: float


class AccessiblePdfBuilder(Builder):
    """``-b pdfua``: one tagged PDF/UA-1 PDF (and its print HTML) per issue."""

    name = "pdfua"
    format = "pdfua"
    epilog = "Die barrierefreien PDFs stehen in %(outdir)s."
    supported_image_types = ["image/svg+xml", "image/png", "image/gif", "image/jpeg"]  # noqa: RUF012
    supported_remote_images = False

    def init(self) -> None:
        self.built: list[Built] = []
        #: WeasyPrint's fonts and images, shared by the issues of this process
        #: (loading Source Sans Pro again for every issue costs about 0.3 s)
        self.weasy_shared: dict[str, Any] = {}

    def get_outdated_docs(self) -> Iterator[str]:
        yield from self.env.found_docs  # every build writes every issue

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return f"#document-{docname}"

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        wanted = set(self.config.transmit_pdf_issues or ())
        for issue in sorted(all_issues(self.env), key=lambda issue: issue.number):
            if wanted and issue.folder not in wanted:
                continue
            self.write_issue(issue)

    def assemble(self, issue: IssueMeta) -> nodes.document:
        """The issue's landing page with its articles, ready for the writer."""
        docname = issue.docname
        tree = self.env.get_doctree(docname)
        tree = inline_all_toctrees(self, set(), docname, tree, darkgreen, [docname])
        tree["docname"] = docname
        self.env.resolve_references(tree, docname, self)
        repair_parents(tree)
        hoist(tree, tree)
        for raw in list(tree.findall(nodes.raw)):
            raw.parent.remove(raw)  # rst2pdf's page breaks
        to_standard_nodes(tree)
        print_author_boxes(tree)
        print_wording(tree)
        _local_links(tree)
        return tree

    def write_issue(self, issue: IssueMeta) -> Built | None:
        """Write one issue's print HTML and accessible PDF."""
        start = time.perf_counter()
        edition = issue_edition(self.env, issue)
        tree = self.assemble(issue)
        images = _check_images(tree, Path(self.srcdir))
        body = render_body(tree, lambda node: _report_untaggable(node, issue.docname))
        name = accessible_name(edition.name)
        outdir = Path(self.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        html_path = outdir / f"{name}.html"
        html_path.write_text(page(self.config, edition, tree, body), encoding="utf-8")
        pdf_path = outdir / f"{name}.pdf"
        if any(not str(image.get("alt", "")).strip() for image in tree.findall(nodes.image)):
            pdf_path.unlink(missing_ok=True)  # reported above: no PDF/UA without alt texts
            return None
        pages = render_pdf(
            html_path, pdf_path, Path(self.srcdir), issue.docname, images, self.weasy_shared
        )
        if not pages:
            return None
        built = Built(pdf_path, pages, time.perf_counter() - start)
        self.built.append(built)
        return built


def _document_of(node: nodes.Node, root: str) -> str:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.start_of_file):
            return str(parent["docname"])
        parent = parent.parent
    return root


def _local_links(tree: nodes.document) -> None:
    """Unique ids across the issue; links within it point there, others become text.

    Each article brings its own ids (two articles both have "überblick"): the
    second and later get the article's name in front. A link to a page that is
    not part of the issue (glossary, author pages) keeps its text only.
    """
    root = str(tree["docname"])
    used: set[str] = set()
    new_ids: dict[tuple[str, str], str] = {}
    first_section: dict[str, str] = {}
    for node in tree.findall(nodes.Element):
        if not node["ids"]:
            continue
        document = _document_of(node, root)
        renamed = []
        for old in node["ids"]:
            new = old if old not in used else f"{document.rsplit('/', 1)[-1]}-{old}"
            suffix = 2
            while new in used:
                new, suffix = f"{new}-{suffix}", suffix + 1
            used.add(new)
            new_ids.setdefault((document, old), new)
            renamed.append(new)
        node["ids"] = renamed
        if isinstance(node, nodes.section):
            first_section.setdefault(document, renamed[0])
    for reference in list(tree.findall(nodes.reference)):
        document = _document_of(reference, root)
        if "refid" in reference:
            reference["refid"] = new_ids.get((document, reference["refid"]), reference["refid"])
            continue
        uri = reference.get("refuri", "")
        if uri.startswith(("http://", "https://", "mailto:")):
            continue
        anchor = ""
        if uri.startswith("#document-"):
            target, _, label = uri.removeprefix("#document-").partition("#")
            anchor = new_ids.get((target, label), "") if label else first_section.get(target, "")
        if anchor:
            reference["refuri"] = f"#{anchor}"
        else:
            reference.replace_self(reference.children)


def _location(node: nodes.Node) -> str:
    return f"{node.source}:{node.line}" if node.source and node.line else str(node.source or "")


def _check_images(tree: nodes.document, srcdir: Path) -> dict[str, str]:
    """Report images without alt text (file:line); map each image's src to its location."""
    images: dict[str, str] = {}
    for image in tree.findall(nodes.image):
        uri = image["uri"]
        path = srcdir / uri
        src = path.as_uri() if path.is_file() else uri
        image["uri"] = src
        images[src] = _location(image)
        if not str(image.get("alt", "")).strip():
            warn(
                "pdfua",
                f"Das Bild '{uri}' hat keinen Alternativtext; das barrierefreie PDF "
                "(PDF/UA) braucht einen und wird ohne ihn nicht geschrieben. Schreiben Sie "
                "ihn in die eckigen Klammern (![Was das Bild zeigt](bild.png)) oder als "
                "Option :alt: der Direktive image/figure.",
                image,
            )
    return images


def _report_untaggable(node: nodes.Node, docname: str) -> None:
    name = f"{type(node).__module__}.{type(node).__name__}"
    warn(
        "pdfua",
        f"Der Knoten {name} kann im barrierefreien PDF nicht ausgezeichnet werden; "
        "sein Text erscheint ohne Struktur. Erzeugen Sie Standardknoten (siehe "
        "docs/druckausgabe.md).",
        node if getattr(node, "source", None) else docname,
    )


def render_pdf(
    html_path: Path,
    pdf_path: Path,
    srcdir: Path,
    docname: str,
    images: dict[str, str],
    shared: dict[str, Any] | None = None,
) -> int:
    """Render ``html_path`` as PDF/UA-1; report WeasyPrint's log; return the page count.

    ``shared`` keeps WeasyPrint's font configuration and image cache between calls.
    """
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    shared = {} if shared is None else shared
    font_config = shared.setdefault("font_config", FontConfiguration())
    cache = shared.setdefault("cache", {})

    handler = WeasyLog()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        document = HTML(filename=str(html_path), base_url=str(srcdir) + "/").render(
            font_config=font_config, cache=cache
        )
        document.write_pdf(pdf_path, pdf_variant=PDF_VARIANT, pdf_tags=True)
    finally:
        logger.removeHandler(handler)
    for record in handler.records:
        message = record.getMessage()
        location = next((where for src, where in images.items() if src in message), docname)
        warn(
            "pdfua",
            f"WeasyPrint meldet beim barrierefreien PDF: {message}. Siehe "
            "docs/druckausgabe.md, Abschnitt „Barrierefreie Fassung“.",
            location,
        )
    if handler.records:
        pdf_path.unlink(missing_ok=True)
        return 0
    add_header_scopes(pdf_path)
    return len(document.pages)


def add_header_scopes(path: Path) -> None:
    """Give every ``/TH`` a ``/Scope`` (``/Column`` in a head row, else ``/Row``).

    WeasyPrint 70 links data cells to header ids, which PDF/UA checkers do not
    all follow; the scope states the same association on the header cell.
    """
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return
        changed = False
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            element, in_head = stack.pop()
            kids = element.get("/K")
            if kids is None:
                continue
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
                    continue
                tag = str(kid.S)
                if tag == "/TH":
                    attributes = kid.get("/A")
                    if not isinstance(attributes, pikepdf.Dictionary):
                        attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
                        kid.A = attributes
                    attributes.Scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
                    changed = True
                stack.append((kid, in_head or tag == "/THead"))
        if changed:
            pdf.save(path)


def issue_pdfs(outdir: Path) -> Iterable[Path]:
    """The accessible PDFs in ``outdir``."""
    return sorted(outdir.glob(f"transmit-plus-nr-*{SUFFIX}.pdf"))
