extensions = ["myst_parser", "sphinx_design", "transmit_kb", "rst2pdf.pdfbuilder"]
language = "de"
exclude_patterns = ["_build", "_data"]
myst_enable_extensions = ["colon_fence"]
transmit_site_url = "https://example.org/wissensbasis"
transmit_funding_note = "Gefördert im Test."
# accessible edition with every publisher field of the imprint
transmit_accessible_edition = True
transmit_publisher_address = "Teststraße 1, 06108 Halle (Saale)"
transmit_publisher_contact = "redaktion@example.org"
transmit_publisher_url = "https://example.org/verlag"
transmit_licence = "CC BY-SA 4.0"
transmit_issn = "1234-5679"
