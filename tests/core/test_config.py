"""Every configuration value is declared once, registered with Sphinx and documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from transmit_kb.core.config import declared, default_of, settings

DOCS = Path(__file__).parents[2] / "docs" / "konfiguration.md"
SITE_FEATURES = (
    "transmit_theme_overrides",
    "transmit_german_texts",
    "transmit_sidebar",
    "transmit_search",
    "transmit_light_pages",
    "transmit_compact_pages",
)


def test_every_value_is_documented_with_its_default() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for item in declared():
        assert f"| `{item.name}` | `{default_of(item)!r}` |" in docs, item.name


@pytest.mark.sphinx("html", testroot="foreign-rst", confoverrides={"extensions": ["transmit_kb"]})
def test_a_project_that_only_loads_the_extension_has_the_site_features_off(app: Any) -> None:
    values = settings(app.config)
    assert [name for name in SITE_FEATURES if getattr(values, name)] == []
    assert values.transmit_issues_dir == ""
    for item in declared():
        assert item.name in app.config, item.name  # registered with Sphinx


def test_the_site_switches_its_features_on() -> None:
    conf = (Path(__file__).parents[2] / "source" / "conf.py").read_text(encoding="utf-8")
    for name in SITE_FEATURES:
        assert f"\n{name} = True" in conf, name
    assert '\ntransmit_issues_dir = "ausgaben"' in conf
