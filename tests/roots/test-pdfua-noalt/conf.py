extensions = ["myst_parser", "sphinx_design", "transmit_kb", "rst2pdf.pdfbuilder"]
language = "de"
exclude_patterns = ["_build", "_data"]
myst_enable_extensions = ["colon_fence"]
html_baseurl = "https://example.org/wissensbasis/"
transmit_funding_note = "Gefördert im Test."
# accessible edition with every publisher field of the imprint
transmit_accessible_edition = True
transmit_publisher = {
    "name": "Testverlag",
    "address": "Teststraße 1, 06108 Halle (Saale)",
    "email": "redaktion@example.org",
    "website": "https://example.org/verlag",
    "licence": "CC BY-SA 4.0",
    "issn": "1234-5679",
}

# the site-wide features, as source/conf.py switches them on
transmit_issues_dir = "ausgaben"
transmit_theme_overrides = transmit_german_texts = transmit_sidebar = True
transmit_search = transmit_light_pages = transmit_compact_pages = True
