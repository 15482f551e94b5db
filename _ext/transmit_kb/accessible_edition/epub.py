"""The issue EPUB: valid for epubcheck, reachable throughout, with accessibility metadata.

Sphinx's EPUB builder, with an issue folder as root document
(``transmit_epub_issue``), needs three corrections to pass epubcheck:

* ``master_doc`` must follow ``root_doc``, or the navigation's paths are taken
  relative to the site's start page (RSC-007);
* the NCX's ``dtb:uid`` is ``epub_uid``, so the OPF identifier must be the same
  value (NCX-001);
* pages of the site no page of the issue links to (start page, author list)
  must stay out, or they are unreachable non-linear content (OPF-096).

``AccessibleEpubBuilder`` (registered as ``epub``, changing nothing unless an
issue EPUB is built with ``transmit_accessible_edition``) leaves unreachable
pages out and writes EPUB Accessibility 1.1 metadata into ``content.opf``.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from sphinx.builders.epub3 import Epub3Builder

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.config import Config

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
CERTIFIED_BY = (
    "TransMit plus \N{EN DASH} Wissensbasis (automatische Prüfung mit epubcheck und DAISY Ace)"
)
SUMMARY = (
    "Dieses E-Book gibt die Seiten der Wissensbasis zu einer Ausgabe der Reihe "
    "„TransMit plus“ wieder. Es ist vollständig als Text lesbar, hat Überschriften "
    "in logischer Reihenfolge, ein Inhaltsverzeichnis und eine feste Lesereihenfolge; "
    "Bilder haben Alternativtexte."
)
_HREF = re.compile(r'\b(?:href|src)="([^"]+)"')


def _enabled(config: Config) -> bool:
    return bool(config.transmit_epub_issue and config.transmit_accessible_edition)


def configure_issue_epub(config: Config, srcdir: Path) -> None:
    """The settings an issue EPUB needs to pass epubcheck (after print_edition's)."""
    if not _enabled(config):
        return
    config.master_doc = config.root_doc
    config.epub_identifier = config.epub_uid
    config.epub_use_index = False
    config.epub_contributor = config.epub_publisher
    from ..print_edition.build import _issue_front_matter

    values = _issue_front_matter(srcdir, config.transmit_issues_dir, config.transmit_epub_issue)
    summary = " ".join(str(values.get("summary") or "").split())
    config.epub_description = summary or config.epub_title


def reachable(outdir: Path, starts: list[str], suffix: str = ".xhtml") -> set[str]:
    """Pages (paths relative to ``outdir``) reachable by links from ``starts``."""
    seen: set[str] = set()
    queue = [start for start in starts if (outdir / start).is_file()]
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        text = (outdir / current).read_text(encoding="utf-8", errors="replace")
        base = posixpath.dirname(current)
        for href in _HREF.findall(text):
            parts = urlsplit(html.unescape(href))
            if parts.scheme or parts.netloc or not parts.path.endswith(suffix):
                continue
            target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            if target not in seen and (outdir / target).is_file():
                queue.append(target)
    return seen


def accessibility_metadata(has_images: bool) -> str:
    """The ``<meta>`` elements of EPUB Accessibility 1.1 for ``content.opf``."""
    modes = ["textual", "visual"] if has_images else ["textual"]
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    if has_images:
        features.append("alternativeText")
    lines = [f'<meta property="schema:accessMode">{mode}</meta>' for mode in modes]
    lines.append('<meta property="schema:accessModeSufficient">textual</meta>')
    lines += [f'<meta property="schema:accessibilityFeature">{f}</meta>' for f in features]
    lines.append('<meta property="schema:accessibilityHazard">none</meta>')
    lines.append(f'<meta property="schema:accessibilitySummary">{html.escape(SUMMARY)}</meta>')
    lines.append(f'<meta property="dcterms:conformsTo">{html.escape(CONFORMS_TO)}</meta>')
    lines.append(f'<meta property="a11y:certifiedBy">{html.escape(CERTIFIED_BY)}</meta>')
    return "\n    ".join(lines)


class AccessibleEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder; an issue EPUB leaves unreachable pages out and gets
    accessibility metadata."""

    _collecting = False

    def prepare_writing(self, docnames: Set[str]) -> None:
        super().prepare_writing(docnames)
        if _enabled(self.config):  # Sphinx's EPUB pages name no language (Ace: html-has-lang)
            language = html.escape(self.config.language or "de")
            tag = self.html_tag.rstrip(">")
            self.globalcontext["html_tag"] = f'{tag} lang="{language}" xml:lang="{language}">'

    def get_refnodes(self, doctree: Node, result: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Navigation entries with paths from the EPUB's root, not from the issue folder.

        Sphinx makes them relative to the root document and corrects that only
        for the spine (``get_toc``), not for ``nav.xhtml`` and ``toc.ncx``.
        """
        if self._collecting or not _enabled(self.config):
            return super().get_refnodes(doctree, result)
        start = len(result)
        self._collecting = True
        try:
            super().get_refnodes(doctree, result)
        finally:
            self._collecting = False
        folder = posixpath.dirname(self.config.root_doc)
        for item in result[start:]:
            uri = item["refuri"]
            if folder and not urlsplit(uri).scheme:
                item["refuri"] = posixpath.normpath(posixpath.join(folder, uri)).replace("/#", "#")
        return result

    def get_toc(self) -> None:
        if not _enabled(self.config):
            super().get_toc()
            return
        doctree = self.env.get_and_resolve_doctree(
            self.config.root_doc, self, tags=self.tags, prune_toctrees=False, includehidden=True
        )
        self.refnodes = self.get_refnodes(doctree, [])
        self.toc_add_files(self.refnodes)

    def build_content(self) -> None:
        if not _enabled(self.config):
            super().build_content()
            return
        outdir = Path(self.outdir)
        starts = [node["refuri"].split("#")[0] for node in self.refnodes]
        keep = reachable(outdir, starts, self.out_suffix)
        excluded = [
            path.relative_to(outdir).as_posix()
            for path in outdir.rglob(f"*{self.out_suffix}")
            if path.relative_to(outdir).as_posix() not in keep
            and path.name != self.config.epub_basename + self.out_suffix
        ]
        self.config.epub_exclude_files = [*self.config.epub_exclude_files, *excluded]
        super().build_content()
        opf = outdir / "content.opf"
        text = opf.read_text(encoding="utf-8")
        has_images = any(
            "<img" in (outdir / page).read_text(encoding="utf-8", errors="replace") for page in keep
        )
        marker = '<meta property="dcterms:modified">'
        text = text.replace(marker, accessibility_metadata(has_images) + "\n    " + marker, 1)
        opf.write_text(text, encoding="utf-8")


def _configure(app: Sphinx, config: Config) -> None:
    configure_issue_epub(config, Path(app.srcdir))


def setup_epub(app: Sphinx) -> None:
    """Register the EPUB builder (as ``epub``) and its settings for issue EPUBs."""
    app.add_builder(AccessibleEpubBuilder, override=True)
    app.connect("config-inited", _configure, priority=600)
