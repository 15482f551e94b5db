"""Sphinx configuration of the TransMit plus knowledge base."""

from __future__ import annotations

project = "TransMit plus – Wissensbasis"
author = "Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement"
copyright = "Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement"
language = "de"
today_fmt = "%d.%m.%Y"

extensions = [
    "myst_parser",
    "sphinx_design",
    "transmit_kb",
]
# rst2pdf's builder is not parallel-write safe: load it only for PDF builds.
if tags.has("pdf"):  # noqa: F821 (tags is injected by Sphinx)
    extensions.append("rst2pdf.pdfbuilder")

# Print edition (PDF/EPUB, see docs/druckausgabe.md). Empty values are left out.
transmit_order_url = ""  # order form for print copies (unknown; the box says so)
transmit_funding_note = (
    "Die Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement "
    "gehört zur Transferinitiative Kommunales Bildungsmanagement, die vom "
    "Bundesministerium für Bildung und Forschung (BMBF) gefördert wird."
)

# Issue 23: one note "Zusammenfassung der Wissensbasis" per summary page
# (docs/zusammenfassung.md) instead of repeated prose.
transmit_summary_note = True
# Case-study map (issue 24, docs/karte.md): finder and state overviews, print edition.
transmit_case_map = True
# Accessible edition (docs/druckausgabe.md): PDF/UA per issue, accessible EPUB, print
# forms. The imprint shows the fields of transmit_publisher (below) that are set.
transmit_accessible_edition = True

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "_data", "Thumbs.db", ".DS_Store"]
suppress_warnings: list[str] = []

# Findability (issue 19 B, docs/auffindbarkeit.md): one taxonomy, overviews only
# where something is listed, glossary A–Z, search fields without overlap.
transmit_findability = True

html_theme = "sphinx_book_theme"
html_title = "TransMit plus – Wissensbasis"
html_last_updated_fmt = "%d.%m.%Y"
html_search_language = "de"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "repository_url": "",
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
html_context = {"default_mode": "auto"}

# Site-wide features of transmit_kb (docs/architektur.md): each is off in a project
# that only loads the extension; this site switches every one of them on.
transmit_issues_dir = "ausgaben"  # our content model: one folder per issue below it
transmit_theme_overrides = True  # our stylesheet, favicon and template overrides
transmit_german_texts = True  # German texts the theme and Sphinx's catalogue lack
transmit_sidebar = True  # the sidebar opens only the current page's branch
transmit_search = True  # our search (compounds, variants, objects first) in _search/
transmit_light_pages = True  # Font Awesome subset, Bootstrap stand-in, theme CSS purged
transmit_compact_pages = True  # pages without template indentation and comments

# Legal pages, accessibility statement, Leichte Sprache (docs/rechtliches.md).
# Only the publisher's name is known. Every other field stays empty until the
# publisher supplies it: the pages show a marked gap, and
# `transmit-kb check --release` refuses to pass while one is open.
transmit_publisher = {
    "name": author,
    "representative": "",
    "address": "",
    "email": "",
    "phone": "",
    "content_responsible": "",
    "privacy_officer": "",
    "hosting_provider": "",
    "hosting_terms_url": "",
    "data_protection_authority": "",
    "enforcement_body": "",
}
transmit_easy_language = "leichte-sprache/index"  # start page in Leichte Sprache
# Citations, head metadata, print page numbers, sitemap/OpenGraph (docs/zitieren.md).
# html_baseurl (the public address) is not known yet: set it for a release, e.g.
# html_baseurl = "https://…/"; only then are sitemap, canonical and og: tags written,
# and the PDFs name the address in the imprint and on each article (the one setting).
transmit_citation = True
# Reader interface (docs/oberflaeche.md): fonts and colours of the print edition,
# breadcrumbs, footer, meta descriptions, lean and minified pages, the start page.
transmit_site_ui = True
