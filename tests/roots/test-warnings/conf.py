extensions = ["myst_parser", "sphinx_design", "transmit_kb"]
language = "de"
exclude_patterns = ["_build", "_data"]
myst_enable_extensions = ["colon_fence"]
transmit_today = "2026-11-23"
transmit_review_max_age_days = 730

# the site-wide features, as source/conf.py switches them on
transmit_issues_dir = "ausgaben"
transmit_theme_overrides = transmit_german_texts = transmit_sidebar = True
transmit_search = transmit_light_pages = transmit_compact_pages = True
# findability (transmit.taxonomy, transmit.offer)
transmit_findability = True

# legal (a malformed e-mail) and Leichte Sprache (a reviewed page without a date)
transmit_publisher = {"name": "Testverlag", "email": "keine-adresse"}
transmit_easy_language = "leicht"
