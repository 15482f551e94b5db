"""A documentation tree of someone else: MyST, sphinx-design, the book theme, in German.

The tests build it with and without ``transmit_kb`` (``-t transmit``): with
the extension's defaults only, the output must be the same.
"""

project = "Fremdes Projekt"
extensions = ["myst_parser", "sphinx_design"]
if tags.has("transmit"):  # noqa: F821 (injected by Sphinx)
    extensions.append("transmit_kb")
language = "de"
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
