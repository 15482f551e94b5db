"""The print edition: a brochure-like PDF and an EPUB per issue, the series PDF, download boxes.

PDF (rst2pdf's ``pdf`` builder, loaded by ``conf.py`` only with ``-t pdf``):

* after reading, ``pdf_documents`` is filled from the issues in the ``tm`` domain
  (``transmit_pdf_issues`` selects issue folders, ``transmit_pdf_series`` builds
  the whole series instead);
* rst2pdf assembles an issue (landing page plus its toctree) and emits
  ``doctree-resolved`` for the assembled tree. There the articles are lifted to
  the top level, sphinx-design leftovers become standard nodes, classes the
  stylesheet does not know are dropped, nodes rst2pdf cannot render are reported,
  and cover, imprint, contents, running header and footer are added;
* every record rst2pdf logs at warning level or above becomes a Sphinx warning
  (``transmit.pdf``), so ``-W`` fails the build (rst2pdf logs through its own
  ``rst2pdf`` logger, which Sphinx does not see);
* at ``build-finished`` pypdf writes title, authors, subject, keywords and ``/Lang``.

EPUB: Sphinx's ``epub`` builder with ``transmit_epub_issue`` set, which makes the
issue's landing page the root document.

Site: issue landing pages get a download box (PDF with size and page count, EPUB,
print copy); the start page links the newest issue's PDF. The files are read from
``transmit_pdf_dir`` / ``transmit_epub_dir`` and copied into ``druckausgabe/``.

CLI (``main``; ``make pdf``, ``make pdf-series`` and ``make epub`` call it through
``python -c`` because the package already imports this module, which makes
``python -m`` warn)::

    main(["build", "--source", "source", "--out", "_build"])   # one PDF per issue
    main(["series", "--source", "source", "--out", "_build"])  # the whole series
    main(["epub", "--source", "source", "--out", "_build"])    # one EPUB per issue
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import inspect
import logging
import os
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from ..accessible_edition.imprint import publisher_fields
from ..core.config import public_address
from ..core.domain import get_domain
from ..core.files import user_cache
from ..core.frontmatter import IssueMeta, split_front_matter
from ..core.links import card
from ..core.listings import ListingKind, listing, make_listing, register_listing
from ..core.messages import warn
from ..core.model import get_registry, model
from ..core.text import german_date, slugify
from ..issues.pages import all_issues, articles_of, topic_labels
from .keep import keep_tails, register_rst2pdf_handler, setup_keep

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

STYLES = Path(__file__).parent / "pdfstyles"
STYLESHEET = STYLES / "transmit.yaml"
#: folder of the HTML output that holds the PDF and EPUB files
DOWNLOAD_DIR = "druckausgabe"
HTML_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
SERIES_NAME = "transmit-plus-gesamtausgabe"
PAGE_BREAK = "PageBreak decoratedPage"
#: before an article: a new page only when less than about a quarter of the page is left
#: (forced breaks left pages with three lines at the end of an article)
ARTICLE_BREAK = "FrameBreak 200"  # rst2pdf: CondPageBreak of 200 pt (about 7 cm)


# --------------------------------------------------------------------------
# Names and editions


_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def _ascii(text: str) -> str:
    """German umlauts as ``ae``…, other accented letters without their marks."""
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe")):
        text = text.replace(umlaut, plain)
    text = text.replace("Ü", "Ue").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


#: what the accessible PDF (PDF/UA) adds to the print PDF's name (accessible_edition)
SUFFIX = "-barrierefrei"


def accessible_name(print_name: str) -> str:
    """``transmit-plus-nr-02-…-barrierefrei`` for the print PDF ``transmit-plus-nr-02-…``."""
    return f"{print_name}{SUFFIX}"


def edition_name(number: int, title: str) -> str:
    """File name (without suffix) of an issue's PDF/EPUB: number and first two title words."""
    words = [word for word in slugify(_ascii(title)).split("-") if word][:2]
    return "-".join([f"transmit-plus-nr-{number:02d}", *words])


@dataclass(frozen=True)
class Edition:
    """What cover, imprint, header and metadata of one PDF show."""

    kind: str  # "issue" or "series"
    name: str
    title: str
    series: str
    publisher: str
    number: int = 0
    subtitle: str = ""
    published: dt.date | None = None
    published_text: str = ""  # the date as the imprint says it (IssueMeta.published_text)
    summary: str = ""
    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def full_title(self) -> str:
        """``TransMit plus Nr. 2: …`` (the PDF's /Title)."""
        if self.kind == "issue":
            return f"TransMit plus Nr. {self.number}: {self.title}"
        return self.title


def _series_line(series: str) -> str:
    return series or "TransMit plus \N{EN DASH} Perspektive Kommunales Bildungsmanagement"


def issue_edition(env: BuildEnvironment, issue: IssueMeta) -> Edition:
    """The edition of one issue, with its authors in table-of-contents order."""
    persons = get_registry(env).persons
    authors: list[str] = []
    for article in articles_of(env, issue):
        for person_id in article.authors:
            name = persons[person_id].name if person_id in persons else person_id
            if name not in authors:
                authors.append(name)
    labels = topic_labels(env, issue.topics)
    return Edition(
        kind="issue",
        name=edition_name(issue.number, issue.title),
        title=issue.title,
        series=_series_line(issue.series),
        publisher=issue.publisher,
        number=issue.number,
        subtitle=issue.subtitle,
        published=issue.published,
        published_text=issue.published_text,
        summary=issue.summary,
        authors=tuple(authors),
        keywords=("TransMit plus", *[label for label in labels.split(", ") if label]),
    )


def series_edition(env: BuildEnvironment) -> Edition:
    """The whole series in one PDF."""
    issues = all_issues(env)
    series = _series_line(issues[0].series if issues else "")
    publisher = issues[0].publisher if issues else str(env.config.author)
    authors: list[str] = []
    for issue in reversed(issues):
        for name in issue_edition(env, issue).authors:
            if name not in authors:
                authors.append(name)
    return Edition(
        kind="series",
        name=SERIES_NAME,
        title="TransMit plus \N{EN DASH} alle Ausgaben",
        series=series,
        publisher=publisher,
        summary=f"Alle {len(issues)} Ausgaben der Reihe in einem Dokument.",
        authors=tuple(authors),
        keywords=("TransMit plus", "Kommunales Bildungsmanagement"),
    )


def _edition_for(env: BuildEnvironment, docname: str) -> Edition:
    issue: IssueMeta | None = get_domain(env).lookup("issue", docname)
    if issue is not None:
        return issue_edition(env, issue)
    return series_edition(env)


# --------------------------------------------------------------------------
# Configuration


def _font_dir() -> str:
    import font_source_sans_pro

    return str(font_source_sans_pro.font_directory)


#: rst2pdf settings the brochure layout relies on (set whenever rst2pdf is loaded)
def _rst2pdf_settings() -> dict[str, Any]:
    return {
        "pdf_stylesheets": [str(STYLESHEET)],
        "pdf_font_path": [_font_dir()],
        "pdf_language": "de",
        "pdf_use_coverpage": False,  # our own cover, imprint and contents
        "pdf_use_toc": False,
        "pdf_use_index": False,
        "pdf_domain_indices": False,
        "pdf_use_modindex": False,
        "pdf_break_level": 0,
        "pdf_breakside": "any",  # "odd" would insert blank pages
        "pdf_compressed": True,
        "pdf_baseurl": "",  # keep links relative instead of file:// of the build machine
        "pdf_appendices": [],
        "pdf_fit_mode": "shrink",
    }


def _issue_front_matter(srcdir: Path, issues_dir: str, folder: str) -> dict[str, Any]:
    path = srcdir / issues_dir / folder / "index.md"
    split = split_front_matter(path.read_text(encoding="utf-8")) if path.is_file() else None
    values = yaml.safe_load(split[0]) if split else None
    if not isinstance(values, dict) or "number" not in values or "title" not in values:
        from sphinx.errors import ConfigError

        raise ConfigError(
            f"transmit_epub_issue: {path} hat keine Front-Matter mit 'number' und 'title'. "
            "Geben Sie den Ordnernamen einer Ausgabe an, z. B. 02-planungsprozesse."
        )
    return values


def _configure(app: Sphinx, config: Config) -> None:
    if "pdf_documents" in config:
        for name, value in _rst2pdf_settings().items():
            config[name] = value
    folder = config.transmit_epub_issue
    if folder:
        values = _issue_front_matter(Path(app.srcdir), config.transmit_issues_dir, folder)
        publisher = str(values.get("publisher", config.author))
        number = int(values["number"])
        config.root_doc = f"{config.transmit_issues_dir}/{folder}/index"
        config.epub_basename = edition_name(number, str(values["title"]))
        config.epub_title = f"TransMit plus Nr. {number}: {values['title']}"
        config.epub_author = publisher
        config.epub_publisher = publisher
        config.epub_copyright = publisher
        config.epub_language = "de"
        config.epub_identifier = public_address(config) or "transmit-plus"
        config.epub_uid = config.epub_basename
        config.version = f"Nr. {number}"  # EPUB 3 wants a version
        config.release = config.version
        # the site's start page is deliberately not part of an issue's EPUB
        config.suppress_warnings = [*config.suppress_warnings, "toc.not_included"]


def _pdf_documents(app: Sphinx, env: BuildEnvironment) -> None:
    if app.builder.name != "pdf":
        return
    if app.config.transmit_pdf_series:
        edition = series_edition(env)
        documents = [(app.config.root_doc, edition.name, edition.full_title, edition.publisher)]
    else:
        wanted = [name for name in app.config.transmit_pdf_issues if name]
        issues = sorted(all_issues(env), key=lambda issue: issue.number)
        for name in wanted:
            if name not in {issue.folder for issue in issues}:
                folders = ", ".join(issue.folder for issue in issues) or "keine"
                warn(
                    "pdf",
                    f"transmit_pdf_issues nennt den Ordner '{name}', den es nicht gibt "
                    f"(vorhanden: {folders}). Prüfen Sie den Aufruf.",
                    None,
                )
        documents = []
        for issue in issues:
            if wanted and issue.folder not in wanted:
                continue
            edition = issue_edition(env, issue)
            documents.append((issue.docname, edition.name, edition.full_title, edition.publisher))
    app.config.pdf_documents = documents


# --------------------------------------------------------------------------
# rst2pdf's log becomes Sphinx warnings


class Rst2pdfLog(logging.Handler):
    """Turns rst2pdf's warnings and errors into located Sphinx warnings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.docname: str | None = None
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        hint = (
            "Ein Knotentyp ohne PDF-Darstellung hat rst2pdf erreicht; wandeln Sie ihn in "
            "Standardknoten um (siehe docs/druckausgabe.md)."
            if "Unkn. node" in message
            else "Siehe docs/druckausgabe.md, Abschnitt „Wenn der PDF-Bau scheitert“."
        )
        warn("pdf", f"rst2pdf meldet: {message}. {hint}", self.docname)


def preload_hyphenation(lang: str = "de_DE") -> None:
    """Load pyphen's German patterns from a pickle cache instead of parsing them.

    reportlab hyphenates through ``pyphen.Pyphen(lang=…)``, which parses 78,000
    patterns (about 0.7 s) in every process; a cached copy loads in 0.08 s. The
    cache is keyed by pyphen's version and rebuilt whenever it cannot be read.
    """
    import pickle

    import pyphen

    path = pyphen.LANGUAGES.get(lang)
    if path is None or path in pyphen.hdcache:
        return
    cache = user_cache(f"pyphen-{pyphen.__version__}-{lang}.pickle")
    try:
        pyphen.hdcache[path] = pickle.loads(cache.read_bytes())
        return
    except Exception:  # any unreadable cache is rebuilt
        pass
    patterns = pyphen.HyphDict(path)
    pyphen.hdcache[path] = patterns
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(cache)
    except OSError:
        pass  # no writable cache: parse again next time


def _attach_log(app: Sphinx) -> None:
    if app.builder.name != "pdf":
        return
    register_rst2pdf_handler()  # kept text ends (keep.py)
    preload_hyphenation()
    handler = Rst2pdfLog()
    logging.getLogger("rst2pdf").addHandler(handler)
    model(app.env).pdf_log = handler


def _detach_log(app: Sphinx) -> Rst2pdfLog | None:
    handler: Rst2pdfLog | None = model(app.env).pdf_log
    if handler is not None:
        logging.getLogger("rst2pdf").removeHandler(handler)
        model(app.env).pdf_log = None
    return handler


# --------------------------------------------------------------------------
# Standard nodes for rst2pdf


def _design_node_classes() -> tuple[type[nodes.Node], ...]:
    try:
        from sphinx_design.icons import fontawesome
        from sphinx_design.shared import PassthroughTextElement
    except ImportError:  # pragma: no cover - sphinx-design is a dependency
        return ()
    return (PassthroughTextElement, fontawesome)


def _component(node: nodes.Node, name: str) -> bool:
    return isinstance(node, nodes.Element) and node.get("design_component") == name


class PdfStandardNodes(SphinxPostTransform):
    """sphinx-design's components as nodes rst2pdf renders (it ignores ``formats``)."""

    default_priority = 200
    builders = ("pdf",)

    def run(self, **kwargs: Any) -> None:
        to_standard_nodes(self.document)


def to_standard_nodes(tree: nodes.Element) -> None:
    """Replace sphinx-design's own nodes; cards become boxes with a visible title."""
    classes = _design_node_classes()
    if classes:
        passthrough, fontawesome = classes
        for node in list(tree.findall(fontawesome)):
            node.parent.remove(node)  # an icon: no text to lose
        for node in list(tree.findall(passthrough)):
            assert isinstance(node, nodes.Element)
            if isinstance(node.parent, nodes.TextElement):
                _unwrap(node)
            else:
                node.replace_self(nodes.paragraph("", "", *node.children))
    for title in list(tree.findall(lambda n: _component(n, "card-title"))):
        assert isinstance(title, nodes.Element)
        paragraph = nodes.paragraph("", "", classes=["tm-pdf-card-title"])
        for child in title.children:
            paragraph.extend(child.children if isinstance(child, nodes.paragraph) else [child])
        title.replace_self(paragraph)
    for node in list(tree.findall(nodes.container)):
        if "sd-card" in node["classes"]:
            _card_to_box(node)


def _card_to_box(card: nodes.container) -> None:
    """A card (sphinx-design's or ours) as an admonition box with the card title as title."""
    body: list[nodes.Node] = []
    for child in card.children:
        if isinstance(child, nodes.container) and (
            "sd-card-body" in child["classes"] or child.get("design_component")
        ):
            body.extend(child.children)
        else:
            body.append(child)
    box = nodes.admonition("", classes=["tm-pdf-card"])
    first = body[0] if body else None
    if isinstance(first, nodes.paragraph) and (
        "sd-card-title" in first["classes"] or "tm-pdf-card-title" in first["classes"]
    ):
        box += nodes.title("", "", *first.children)
        body = body[1:]
    box.extend(body)
    box.source, box.line = card.source, card.line
    card.replace_self(box)


@functools.cache
def _rst2pdf_dispatch() -> dict[type, Any]:
    from rst2pdf import genelements, genpdftext  # noqa: F401 (they register handlers)
    from rst2pdf.sphinxnodes import sphinxhandlers

    return dict(sphinxhandlers.dispatchdict)


#: nodes without a handler of their own that rst2pdf reads through their parent's handler
CONSUMED_BY_PARENT: tuple[type[nodes.Node], ...] = (
    nodes.term,
    nodes.classifier,
    nodes.field_name,
    nodes.option,
    nodes.option_group,
    nodes.description,
    nodes.row,
    nodes.colspec,
    nodes.thead,
    nodes.meta,
    addnodes.hlistcol,
    addnodes.production,
    addnodes.tabular_col_spec,
)


def rst2pdf_renders(node: nodes.Node) -> bool:
    """Whether rst2pdf shows ``node`` (a handler for a class in its MRO, or its parent's)."""
    if type(node) in CONSUMED_BY_PARENT:
        return True
    dispatch = _rst2pdf_dispatch()
    return any(cls in dispatch for cls in inspect.getmro(type(node)))


@functools.cache
def _style_names() -> frozenset[str]:
    import rst2pdf

    names: set[str] = {"contents", "local"}
    base = Path(rst2pdf.__file__).parent / "styles"
    for path in (base / "styles.yaml", base / "default.yaml", STYLESHEET):
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        names.update((data or {}).get("styles", {}))
    return frozenset(names)


def _unwrap(node: nodes.Element) -> None:
    """Replace ``node`` by its children."""
    parent = node.parent
    index = parent.index(node)
    children = list(node.children)
    node.children = []
    parent[index : index + 1] = children


#: text width of the A4 page in the stylesheet (21 cm minus twice 2.4 cm), in cm
TEXT_WIDTH_CM = 16.2


def _image_width(path: Path) -> str:
    """An image's natural width at 150 dpi as a percentage of the text width."""
    try:
        from PIL import Image

        with Image.open(path) as image:
            pixels = image.size[0]
    except Exception:  # vector or unreadable image: rst2pdf reports it
        return "80%"
    percent = round(pixels / 150 * 2.54 / TEXT_WIDTH_CM * 100)
    return f"{min(100, max(10, percent))}%"


def _size_images(tree: nodes.document, srcdir: Path) -> None:
    """Give images without a size a width relative to the text width.

    rst2pdf shrinks an image of natural size to whatever height is left when it
    is measured near the bottom of a page (and logs "too tall for the frame"); an
    image sized as a percentage of its container keeps its proportions.
    """
    for image in tree.findall(nodes.image):
        if not any(image.get(key) for key in ("width", "height", "scale")):
            image["width"] = _image_width(srcdir / image["uri"])


def _normalise(tree: nodes.document, docname: str) -> None:
    """Make the assembled tree safe for rst2pdf, reporting what it could not show."""
    known = _style_names()
    reported: set[type] = set()
    for inline in list(tree.findall(nodes.inline)):
        if inline["classes"][:1] in (["xref"], ["doc"]):
            _unwrap(inline)  # plain link text, no code style
    for reference in list(tree.findall(nodes.reference)):
        if reference.get("refuri", "").startswith("pdf:"):
            _unwrap(reference)  # a page of another PDF: text only
    for node in list(tree.findall(nodes.Element)):
        node["classes"] = [name for name in node["classes"] if name in known]
        if isinstance(node, nodes.raw) and node.get("format", "") != "pdf":
            warn(
                "pdf",
                "Roher Code im Format "
                f"'{node.get('format', '')}' erscheint nicht im PDF. Schreiben Sie den "
                "Inhalt als Markdown oder mit einer Direktive.",
                node,
            )
        elif not rst2pdf_renders(node):
            if type(node) not in reported:
                reported.add(type(node))
                name = f"{type(node).__module__}.{type(node).__name__}"
                warn(
                    "pdf",
                    f"Der Knoten {name} kann im PDF nicht dargestellt werden (rst2pdf "
                    "würde ihn samt Text weglassen). Erzeugen Sie Standardknoten "
                    "(container, paragraph, …) oder wandeln Sie ihn in print_edition.py um.",
                    node if node.source else docname,
                )
            _keep_text(node)


def _keep_text(node: nodes.Element) -> None:
    """Replace a node rst2pdf cannot show by a container (or inline) with its children."""
    inline = isinstance(node, nodes.TextElement) or isinstance(node.parent, nodes.TextElement)
    replacement: nodes.Element = nodes.inline() if inline else nodes.container()
    replacement["ids"] = node["ids"]
    replacement.extend(list(node.children))
    node.children = []
    parent = node.parent
    parent[parent.index(node)] = replacement


# --------------------------------------------------------------------------
# Brochure structure


def _page_break() -> nodes.raw:
    return nodes.raw("", PAGE_BREAK, format="pdf")


def _owner(node: nodes.Node) -> nodes.Node | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, (addnodes.start_of_file, nodes.document)):
        parent = parent.parent
    return parent


def _first_section(node: nodes.Element) -> nodes.section | None:
    return next((child for child in node.children if isinstance(child, nodes.section)), None)


def hoist(root: nodes.Element, target: nodes.Element) -> list[addnodes.start_of_file]:
    """Move the documents a toctree included out of their "Inhalt" section to ``target``.

    An issue's articles become top-level parts of its PDF, each on a new page; in
    the series PDF the issues are top level and their articles one level below.
    """
    moved: list[addnodes.start_of_file] = []
    wrappers = [
        compound
        for compound in root.findall(nodes.compound)
        if "toctree-wrapper" in compound["classes"] and _owner(compound) is root
    ]
    for compound in wrappers:
        included = [c for c in compound.children if isinstance(c, addnodes.start_of_file)]
        for child in included:
            compound.remove(child)
        parent = compound.parent
        if not compound.children:
            parent.remove(compound)
        if isinstance(parent, nodes.section) and all(
            isinstance(c, (nodes.title, nodes.target)) for c in parent.children
        ):
            parent.parent.remove(parent)  # the section held nothing but the toctree
        moved.extend(included)
    for included in moved:
        target += nodes.raw("", ARTICLE_BREAK, format="pdf")
        target += included
    for included in moved:
        section = _first_section(included)
        hoist(included, section if section is not None else included)
    return moved


def _toc_list(container: nodes.Element, nested: bool = False) -> nodes.bullet_list | None:
    """Top-level sections and included documents; one level deeper only for documents."""
    items: list[nodes.Node] = []
    for child in container.children:
        section = child if isinstance(child, nodes.section) and not nested else None
        if isinstance(child, addnodes.start_of_file):
            section = _first_section(child)
        if section is None or not section["ids"] or not section.children:
            continue
        title = section[0]
        reference = nodes.reference("", "", *title.deepcopy().children, refid=section["ids"][0])
        item = nodes.list_item("", nodes.paragraph("", "", reference))
        below = _toc_list(section, nested=True) if not nested else None
        if below is not None:
            item += below
        items.append(item)
    return nodes.bullet_list("", *items) if items else None


def _contents(tree: nodes.document) -> nodes.topic:
    """The table of contents; rst2pdf fills in the page numbers of the listed sections."""
    topic = nodes.topic("", nodes.title("", "Inhalt"), classes=["contents"])
    listing = _toc_list(tree)
    if listing is not None:
        topic += listing
    return topic


def build_date() -> dt.date:
    """The date the PDF says it was made: ``SOURCE_DATE_EPOCH`` if set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def _para(text: str, style: str) -> nodes.paragraph:
    return nodes.paragraph("", text, classes=[style])


def _band(*content: nodes.Node) -> nodes.table:
    """A one-cell table drawn as a coloured band (style ``tm-pdf-band``)."""
    entry = nodes.entry("", *content)
    tgroup = nodes.tgroup(
        "", nodes.colspec(colwidth=1), nodes.tbody("", nodes.row("", entry)), cols=1
    )
    return nodes.table("", tgroup, classes=["tm-pdf-band"])


def _cover(edition: Edition) -> list[nodes.Node]:
    parts: list[nodes.Node] = [_band(_para(edition.series, "tm-pdf-cover-series"))]
    parts.append(nodes.raw("", "Spacer 0 6cm", format="pdf"))
    if edition.kind == "issue":
        parts.append(_para(f"Nr. {edition.number}", "tm-pdf-cover-number"))
    parts.append(_para(edition.title, "tm-pdf-cover-title"))
    if edition.subtitle and edition.subtitle not in edition.title:
        parts.append(_para(edition.subtitle, "tm-pdf-cover-subtitle"))
    parts.append(nodes.raw("", "Spacer 0 6.5cm", format="pdf"))
    parts.append(_para(edition.publisher, "tm-pdf-cover-publisher"))
    if edition.published is not None:
        parts.append(_para(german_date(edition.published), "tm-pdf-cover-date"))
    return parts


def _imprint(app: Sphinx, edition: Edition) -> list[nodes.Node]:
    config = app.config
    what = f"{edition.series}, Nr. {edition.number}" if edition.kind == "issue" else edition.series
    parts: list[nodes.Node] = [
        nodes.raw("", "Spacer 0 15cm", format="pdf"),
        _para("Impressum", "tm-pdf-imprint-title"),
        nodes.paragraph(
            "",
            "",
            nodes.emphasis("", what),
            nodes.Text(": "),
            nodes.inline("", edition.title, classes=["tm-print-name"]),  # bold italic
            classes=["tm-pdf-imprint"],
        ),
        _para(f"Herausgeberin: {edition.publisher}", "tm-pdf-imprint"),
    ]
    if edition.published is not None:
        parts.append(_para(f"Erschienen: {edition.published_text}", "tm-pdf-imprint"))
    for item in publisher_fields(config):
        value: nodes.Node = (
            nodes.reference(item.value, item.value, refuri=item.value)
            if item.is_url
            else nodes.Text(item.value)
        )
        parts.append(nodes.paragraph("", f"{item.label}: ", value, classes=["tm-pdf-imprint"]))
    if config.transmit_funding_note:
        parts.append(_para(config.transmit_funding_note, "tm-pdf-imprint"))
    url = public_address(config)
    if url:
        parts.append(
            nodes.paragraph(
                "",
                "Online: ",
                nodes.reference(url, url, refuri=url),
                classes=["tm-pdf-imprint"],
            )
        )
    parts.append(
        _para(
            f"Diese PDF-Fassung wurde am {german_date(build_date())} aus der Wissensbasis "
            "„TransMit plus“ erzeugt. Sie gibt deren Seiten zur Ausgabe wieder und ersetzt "
            "nicht die gedruckte Broschüre der Herausgeberin.",
            "tm-pdf-imprint",
        )
    )
    return parts


def _decoration(tree: nodes.document, edition: Edition) -> None:
    decoration = tree.get_decoration()
    if edition.kind == "issue":
        header_text = f"TransMit plus Nr. {edition.number} · {edition.title}"
    else:
        header_text = edition.title
    decoration.get_header().append(nodes.paragraph("", header_text))
    decoration.get_footer().append(nodes.paragraph("", "###Page###"))


def repair_parents(tree: nodes.Element) -> None:
    """Point every child at its parent again.

    rst2pdf 0.105 builds included documents with ``start_of_file.children =
    subtree.children``, which leaves the children's ``parent`` at the included
    document's own tree; walking upwards from a node of an included document then
    never reaches the assembled tree (seen with Sphinx 9.0).
    """
    stack: list[nodes.Element] = [tree]
    while stack:
        node = stack.pop()
        for child in node.children:
            child.parent = node
            if isinstance(child, nodes.Element):
                stack.append(child)


def _assemble(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn rst2pdf's assembled issue into the brochure (pdf builder only)."""
    if app.builder.name != "pdf":
        return
    handler: Rst2pdfLog | None = model(app.env).pdf_log
    if handler is not None:
        handler.docname = docname
    edition = _edition_for(app.env, docname)
    repair_parents(doctree)
    hoist(doctree, doctree)
    contents = _contents(doctree)
    keep_tails(doctree)
    front: list[nodes.Node] = [
        *_cover(edition),
        nodes.raw("", "PageBreak coverPage", format="pdf"),
        *_imprint(app, edition),
        _page_break(),
        contents,
        _page_break(),
    ]
    for offset, node in enumerate(front):
        doctree.insert(offset, node)
    _decoration(doctree, edition)
    to_standard_nodes(doctree)  # listings resolved on doctree-resolved may bring cards
    _size_images(doctree, Path(app.srcdir))
    _normalise(doctree, docname)


# --------------------------------------------------------------------------
# PDF metadata


def write_metadata(path: Path, edition: Edition) -> None:
    """Title, authors, subject, keywords and language of a finished PDF (pypdf)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=str(path))
    writer.add_metadata(
        {
            "/Title": edition.full_title,
            "/Author": ", ".join(edition.authors) or edition.publisher,
            "/Subject": edition.summary or edition.series,
            "/Keywords": ", ".join(edition.keywords),
            "/Creator": "TransMit plus \N{EN DASH} Wissensbasis (Sphinx, rst2pdf)",
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject("de")
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as stream:
        writer.write(stream)
    temporary.replace(path)


def _finish_pdf(app: Sphinx, exception: Exception | None) -> None:
    if app.builder.name != "pdf":
        return
    _detach_log(app)
    if exception is not None:
        return
    from pypdf.errors import PdfReadError

    for entry in app.config.pdf_documents:
        docname, name = entry[0], entry[1]
        path = Path(app.builder.outdir) / f"{name}.pdf"
        try:
            write_metadata(path, _edition_for(app.env, docname))
        except (OSError, PdfReadError, ValueError) as exc:
            warn(
                "pdf",
                f"Das PDF {path.name} ist unvollständig ({exc}) und wurde gelöscht; "
                "die Meldungen von rst2pdf oben nennen den Grund.",
                docname,
            )
            path.unlink(missing_ok=True)


# --------------------------------------------------------------------------
# Download boxes on the site


@dataclass(frozen=True)
class Download:
    """A built file of an issue: name, size in bytes and (PDF) page count."""

    name: str
    size: int
    pages: int = 0


@dataclass(frozen=True)
class Downloads:
    """The files of one issue and where to order print copies."""

    label: str
    pdf: Download | None
    epub: Download | None
    order_url: str
    accessible: Download | None = None  # the PDF/UA edition (accessible_edition)


def german_size(size: int) -> str:
    """``64 KB`` or ``1,2 MB``."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def _built_dir(env: BuildEnvironment, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else Path(env.srcdir) / path


def _pdf_pages(path: Path) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return len(PdfReader(str(path)).pages)
    except (PdfReadError, OSError, ValueError):
        return 0


def pdf_path_of(env: BuildEnvironment, issue: IssueMeta) -> Path:
    """Where the built PDF of ``issue`` is (or would be)."""
    name = edition_name(issue.number, issue.title)
    return _built_dir(env, env.config.transmit_pdf_dir) / f"{name}.pdf"


def downloads_of(env: BuildEnvironment, issue: IssueMeta) -> Downloads:
    """The PDF and EPUB of ``issue`` that exist in the configured build folders."""
    name = edition_name(issue.number, issue.title)
    pdf_path = pdf_path_of(env, issue)
    epub_path = _built_dir(env, env.config.transmit_epub_dir) / f"{name}.epub"
    pdf = None
    if pdf_path.is_file():
        pages = _pdf_pages(pdf_path)
        pdf = Download(pdf_path.name, pdf_path.stat().st_size, pages) if pages else None
    epub = Download(epub_path.name, epub_path.stat().st_size) if epub_path.is_file() else None
    label = f"Nr. {issue.number}: {issue.title}"
    accessible = None
    if env.config.transmit_accessible_edition:
        path = _built_dir(env, env.config.transmit_pdfua_dir) / f"{accessible_name(name)}.pdf"
        pages = _pdf_pages(path) if path.is_file() else 0
        accessible = Download(path.name, path.stat().st_size, pages) if pages else None
    return Downloads(label, pdf, epub, env.config.transmit_order_url, accessible)


def _downloads_data(env: BuildEnvironment, options: dict[str, Any]) -> Downloads | None:
    if options.get("latest"):
        issues = all_issues(env)
        return downloads_of(env, issues[0]) if issues else None
    issue: IssueMeta | None = get_domain(env).lookup("issue", options.get("issue", ""))
    return downloads_of(env, issue) if issue is not None else None


def _file_link(app: Sphinx, docname: str, download: Download, text: str) -> nodes.reference:
    base = app.builder.get_target_uri(docname)
    return nodes.reference("", text, refuri=relative_uri(base, f"{DOWNLOAD_DIR}/{download.name}"))


#: link text of the accessible PDF in the download box
ACCESSIBLE_LABEL = "Barrierefreie Fassung (PDF/UA)"


def _pages(count: int) -> str:
    return "1 Seite" if count == 1 else f"{count} Seiten"


def _render_downloads(
    app: Sphinx, docname: str, options: dict[str, Any], data: Downloads | None
) -> list[nodes.Node]:
    if app.builder.name not in HTML_BUILDERS or data is None:
        return []
    if data.pdf is None and data.epub is None and data.accessible is None:
        return []  # an HTML-only build: nothing to offer
    latest = bool(options.get("latest"))
    if latest:
        title = f"Neueste Ausgabe zum Herunterladen \N{EN DASH} {data.label}"
    else:
        title = "Diese Ausgabe zum Herunterladen"
    items = nodes.bullet_list("", classes=["tm-download-list"])
    pdf_label = "Druckfassung (PDF)" if data.accessible is not None else "PDF herunterladen"
    for download, text in ((data.pdf, pdf_label), (data.accessible, ACCESSIBLE_LABEL)):
        if download is None:
            continue
        details = f" ({_pages(download.pages)}, {german_size(download.size)})"
        link = _file_link(app, docname, download, text)
        items += nodes.list_item("", nodes.paragraph("", "", link, nodes.Text(details)))
    if data.epub is not None and (not latest or data.accessible is not None):
        details = f" ({german_size(data.epub.size)})"
        link = _file_link(app, docname, data.epub, "E-Book (EPUB) herunterladen")
        items += nodes.list_item("", nodes.paragraph("", "", link, nodes.Text(details)))
    if not latest and data.order_url:  # no promise of ordering without an order form
        order = nodes.reference(
            "", "Gedruckte Broschüre bei der Herausgeberin bestellen", refuri=data.order_url
        )
        items += nodes.list_item("", nodes.paragraph("", "", order))
    what = "Das PDF enthält" if latest or data.epub is None else "PDF und E-Book enthalten"
    if data.accessible is not None:
        what = "Die PDFs enthalten" if data.epub is None else "PDFs und E-Book enthalten"
    note = nodes.paragraph(
        "",
        f"{what} die Seiten dieser Wissensbasis zur Ausgabe, nicht den Originaltext der Broschüre.",
        classes=["sd-card-text", "tm-download-note"],
    )
    return [card(nodes.Text(title), [items, note], ["tm-download-box"])]


def _place_download_box(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if get_domain(app.env).lookup("issue", docname) is not None:
        options: dict[str, Any] = {"issue": docname}
    elif docname == app.config.root_doc and not app.config.transmit_epub_issue:
        if any(node["kind"] == "front-page" for node in doctree.findall(listing)):
            return  # the front page offers the latest PDF itself (transmit_kb.frontpage)
        options = {"latest": True}
    else:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    placeholder = make_listing("print-downloads", options)
    index = next(
        (i for i, child in enumerate(section.children) if isinstance(child, nodes.section)),
        len(section.children),
    )
    section.insert(index, placeholder)


def _finish(app: Sphinx, exception: Exception | None) -> None:
    """Check and finish the PDFs (pdf builder); offer the downloads (HTML)."""
    _finish_pdf(app, exception)
    _copy_downloads(app, exception)


def _copy_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    target = Path(app.builder.outdir) / DOWNLOAD_DIR
    for issue in all_issues(app.env):
        files = downloads_of(app.env, issue)
        sources = [
            (_built_dir(app.env, app.config.transmit_pdf_dir), files.pdf),
            (_built_dir(app.env, app.config.transmit_epub_dir), files.epub),
            (_built_dir(app.env, app.config.transmit_pdfua_dir), files.accessible),
        ]
        for folder, download in sources:
            if download is None:
                continue
            source, copy = folder / download.name, target / download.name
            current = copy.is_file() and copy.stat().st_size == download.size
            if current and copy.stat().st_mtime >= source.stat().st_mtime:
                continue
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)


# --------------------------------------------------------------------------
# Setup


def setup_print_edition(app: Sphinx) -> None:
    """PDF and EPUB of each issue, the series PDF and the download boxes."""
    app.add_post_transform(PdfStandardNodes)
    setup_keep(app)
    register_listing("print-downloads", ListingKind(_downloads_data, _render_downloads))
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _attach_log)
    app.connect("env-updated", _pdf_documents)
    app.connect("doctree-read", _place_download_box, priority=400)
    app.connect("doctree-resolved", _assemble, priority=900)
    app.connect("build-finished", _finish)


# --------------------------------------------------------------------------
# Command line: parallel builds that fail on any warning


def issue_folders(source: Path, issues_dir: str) -> list[Path]:
    """Issue folders (those with an ``index.md``), in name order."""
    base = source / issues_dir
    return sorted(p for p in base.iterdir() if (p / "index.md").is_file()) if base.is_dir() else []


def split_evenly(folders: list[Path], jobs: int) -> list[list[Path]]:
    """Groups of about equal source size (a proxy for page count), largest first."""

    def weight(folder: Path) -> int:
        return sum(p.stat().st_size for p in folder.rglob("*.md"))

    groups: list[list[Path]] = [[] for _ in range(max(1, min(jobs, len(folders))))]
    totals = [0] * len(groups)
    for folder in sorted(folders, key=weight, reverse=True):
        index = totals.index(min(totals))
        groups[index].append(folder)
        totals[index] += weight(folder)
    return [group for group in groups if group]


def _sphinx(builder: str, source: Path, out: Path, doctrees: Path, *options: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-W",
        "--keep-going",
        "-b",
        builder,
        "-d",
        str(doctrees),
        *options,
        str(source),
        str(out),
    ]


def _run_all(commands: list[list[str]]) -> int:
    processes = [subprocess.Popen(command) for command in commands]
    return max((process.wait() for process in processes), default=0)


def count_pages(paths: list[Path]) -> int:
    """Pages of all ``paths`` (PDFs)."""
    return sum(_pdf_pages(path) for path in paths)


def _built(out: Path, before: float, pattern: str) -> Iterator[Path]:
    return (p for p in sorted(out.glob(pattern)) if p.stat().st_mtime >= before)


#: issues one process renders in about the time a process needs to start and read
#: (measured: ~1.5 s start-up and reading, ~0.06 s per page, ~10 pages per issue)
ISSUES_PER_PROCESS = 4


def _jobs(requested: int, issues: int) -> int:
    """``--jobs 0``: one process per four issues, at most one per core."""
    if requested > 0:
        return requested
    return max(1, min(os.cpu_count() or 1, issues // ISSUES_PER_PROCESS))


def cmd_build(args: argparse.Namespace) -> int:
    """One PDF per issue, ``--jobs`` sphinx-build processes side by side."""
    source, out = Path(args.source), Path(args.out)
    folders = issue_folders(source, args.issues_dir)
    if not folders:
        print(f"Keine Ausgaben unter {source / args.issues_dir}.", file=sys.stderr)
        return 1
    pdf_dir = out / "pdf"
    start = time.time()
    commands = [
        _sphinx(
            "pdf",
            source,
            pdf_dir,
            out / "doctrees-pdf" / str(index),
            "-t",
            "pdf",
            "-D",
            "transmit_pdf_issues=" + ",".join(folder.name for folder in group),
        )
        for index, group in enumerate(split_evenly(folders, _jobs(args.jobs, len(folders))))
    ]
    status = _run_all(commands)
    elapsed = time.time() - start
    built = list(_built(pdf_dir, start - 1, "transmit-plus-nr-*.pdf"))
    for stale in set(pdf_dir.glob("transmit-plus-nr-*.pdf")) - set(built):
        stale.unlink()  # an issue that was renamed or removed
    pages = count_pages(built)
    per_page = elapsed / pages if pages else 0.0
    print(
        f"{len(built)} PDF, {pages} Seiten in {elapsed:.2f} s "
        f"({per_page:.3f} s pro Seite, {len(commands)} Prozesse) → {pdf_dir}"
    )
    if status:
        print("Der PDF-Bau ist gescheitert; die Warnungen oben nennen den Grund.", file=sys.stderr)
    return status


def cmd_series(args: argparse.Namespace) -> int:
    """The whole series in one PDF."""
    source, out = Path(args.source), Path(args.out)
    command = _sphinx(
        "pdf",
        source,
        out / "pdf",
        out / "doctrees-pdf" / "series",
        "-t",
        "pdf",
        "-D",
        "transmit_pdf_series=1",
    )
    status = subprocess.call(command)
    if not status:
        path = out / "pdf" / f"{SERIES_NAME}.pdf"
        print(f"{path} ({count_pages([path])} Seiten)")
    return status


def cmd_epub(args: argparse.Namespace) -> int:
    """One EPUB per issue."""
    source, out = Path(args.source), Path(args.out)
    folders = issue_folders(source, args.issues_dir)
    epub_dir = out / "epub"
    work = epub_dir / "work"
    status = 0
    jobs = args.jobs if args.jobs > 0 else min(2, os.cpu_count() or 1)
    for start in range(0, len(folders), jobs):
        batch = folders[start : start + jobs]
        commands = [
            _sphinx(
                "epub",
                source,
                work / folder.name,
                out / "doctrees-epub" / folder.name,
                "-D",
                f"transmit_epub_issue={folder.name}",
            )
            for folder in batch
        ]
        status = max(status, _run_all(commands))
    for folder in folders:
        for epub in (work / folder.name).glob("*.epub"):
            shutil.copy2(epub, epub_dir / epub.name)
            print(epub_dir / epub.name)
    return status


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every edition build shares: sources, output, processes, issues folder."""
    parser.add_argument("--source", default="source", help="Quellordner (mit conf.py)")
    parser.add_argument("--out", default="_build", help="Ausgabeordner")
    parser.add_argument(
        "--jobs", type=int, default=0, help="Prozesse nebeneinander (0 = nach Zahl der Ausgaben)"
    )
    parser.add_argument("--issues-dir", default="ausgaben", help="Ordner der Ausgaben")


def main(argv: list[str] | None = None) -> int:
    """``python -m transmit_kb.print_edition.build build|series|epub``."""
    parser = argparse.ArgumentParser(
        prog="python -m transmit_kb.print_edition.build",
        description="Druckausgabe der Wissensbasis: PDF und EPUB je Ausgabe, Gesamt-PDF.",
    )
    parser.add_argument("command", choices=("build", "series", "epub"))
    add_build_arguments(parser)
    args = parser.parse_args(argv)
    commands = {"build": cmd_build, "series": cmd_series, "epub": cmd_epub}
    return commands[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
