"""site_ui.assets.gzip_copies: a current .gz beside each text file, compressed only when needed."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from transmit_kb.site_ui.assets import MIN_GZIP_SIZE, gzip_copies


def test_copies_follow_the_content_not_only_the_time(tmp_path: Path) -> None:
    page = tmp_path / "seite.html"
    style = tmp_path / "_static" / "stil.css"
    style.parent.mkdir()
    page.write_text("<p>Eins</p>" * 200, encoding="utf-8")
    style.write_text(".a{color:red}" * 200, encoding="utf-8")
    (tmp_path / "klein.js").write_text("x" * (MIN_GZIP_SIZE - 1), encoding="utf-8")
    (tmp_path / "bild.png").write_bytes(b"\x89PNG" * MIN_GZIP_SIZE)  # not text

    assert gzip_copies(tmp_path) == 2
    assert gzip.decompress((tmp_path / "seite.html.gz").read_bytes()) == page.read_bytes()
    assert not (tmp_path / "klein.js.gz").exists() and not (tmp_path / "bild.png.gz").exists()
    assert gzip_copies(tmp_path) == 0  # all current

    # copied again with the same content (as Sphinx copies the theme's files): no new copy
    later = style.stat().st_mtime_ns + 5_000_000_000
    os.utime(style, ns=(later, later))
    assert gzip_copies(tmp_path) == 0
    assert (tmp_path / "_static" / "stil.css.gz").stat().st_mtime_ns == later

    page.write_text("<p>Zwei</p>" * 200, encoding="utf-8")
    os.utime(page, ns=(later, later))
    assert gzip_copies(tmp_path) == 1
    assert gzip.decompress((tmp_path / "seite.html.gz").read_bytes()) == page.read_bytes()

    (tmp_path / "seite.html.gz").write_bytes(b"kaputt")
    os.utime(page, ns=(later + 1, later + 1))
    assert gzip_copies(tmp_path) == 1
    assert gzip.decompress((tmp_path / "seite.html.gz").read_bytes()) == page.read_bytes()
