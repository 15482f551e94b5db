"""Every warning subtype of the catalogue is raised where documented and can be silenced."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from transmit_kb.core.messages import SUBTYPES

#: subtypes the ``test-warnings`` root triggers in an HTML build (the others: their builders)
HTML_SUBTYPES = [s for s in SUBTYPES if s not in ("pdf", "pdfua")]


def _subtypes_warned(app: Any) -> set[str]:
    log = app.warning.getvalue()
    return {subtype for subtype in SUBTYPES if f"[transmit.{subtype}]" in log}


def test_the_catalogue_is_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "warnungen.md").read_text(encoding="utf-8")
    for subtype in SUBTYPES:
        assert f"### `transmit.{subtype}`" in docs, subtype


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_the_root_raises_every_html_subtype(app: Any) -> None:
    app.build()
    assert _subtypes_warned(app) == set(HTML_SUBTYPES)


@pytest.mark.parametrize("subtype", HTML_SUBTYPES)
def test_suppress_warnings_silences_each_subtype(
    subtype: str, make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    app = make_app(
        "html",
        srcdir=_copy(rootdir / "test-warnings", tmp_path / "src"),
        freshenv=True,
        confoverrides={"suppress_warnings": [f"transmit.{subtype}"]},
    )
    app.build()
    assert _subtypes_warned(app) == set(HTML_SUBTYPES) - {subtype}


@pytest.mark.parametrize("silenced", [False, True])
@pytest.mark.parametrize(
    ("subtype", "builder", "root"),
    [("pdf", "pdf", "pdf-unknown"), ("pdfua", "pdfua", "pdfua-noalt")],
)
def test_suppress_warnings_silences_the_print_subtypes(
    subtype: str,
    builder: str,
    root: str,
    silenced: bool,
    make_app: Any,
    rootdir: Path,
    tmp_path: Path,
) -> None:
    overrides = {"suppress_warnings": [f"transmit.{subtype}"]} if silenced else {}
    app = make_app(
        builder,
        srcdir=_copy(rootdir / f"test-{root}", tmp_path / "src"),
        freshenv=True,
        confoverrides=overrides,
    )
    app.build()
    assert (subtype in _subtypes_warned(app)) is not silenced


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
