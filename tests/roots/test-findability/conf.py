extensions = ["myst_parser", "sphinx_design", "transmit_kb"]
language = "de"
exclude_patterns = ["_build", "_data"]
myst_enable_extensions = ["colon_fence"]
transmit_today = "2026-11-23"
transmit_findability = True
transmit_order_url = ""
