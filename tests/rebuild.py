"""Build a test site a second time with other settings, and read its pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def html_pages(outdir: Path) -> dict[str, bytes]:
    """Every page of a built site (not the theme's ``_static`` files), by path."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*.html"))
        if not path.relative_to(outdir).as_posix().startswith("_")
    }


def build_again(make_app: Any, app: Any, builddir: Path, **overrides: Any) -> Any:
    """The same sources built afresh into ``builddir`` with ``overrides``; the app."""
    other = make_app(
        "html", srcdir=app.srcdir, builddir=builddir, freshenv=True, confoverrides=overrides
    )
    other.build()
    return other
