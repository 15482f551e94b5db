extensions = ["myst_parser", "sphinx_design", "transmit_kb", "rst2pdf.pdfbuilder"]
language = "de"
exclude_patterns = ["_build", "_data"]
myst_enable_extensions = ["colon_fence"]
transmit_site_url = "https://example.org/wissensbasis"
transmit_funding_note = "Gefördert im Test."
