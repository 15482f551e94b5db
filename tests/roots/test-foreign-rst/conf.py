"""A reStructuredText project in English with sphinx-design and the default theme.

The tests build it with and without ``transmit_kb`` (``-t transmit``).
"""

project = "Foreign project"
extensions = ["sphinx_design"]
if tags.has("transmit"):  # noqa: F821 (injected by Sphinx)
    extensions.append("transmit_kb")
language = "en"
exclude_patterns = ["_build"]
