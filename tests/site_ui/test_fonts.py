"""site_ui.fonts: WOFF2 faces made once and kept in the user's cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from transmit_kb.core.files import user_cache
from transmit_kb.site_ui import fonts


def test_faces_are_made_once_and_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache = user_cache("fonts")
    assert cache == tmp_path / "cache" / "transmit-kb" / "fonts"
    first = fonts.write_fonts(tmp_path / "eins", cache)
    assert sorted(p.name for p in first) == sorted(fonts.FACES)
    for path in first:
        font = TTFont(path)
        assert font.flavor == "woff2"
        assert ord("ẞ") not in font.getBestCmap() and ord("ő") in font.getBestCmap()
    assert len(list(cache.iterdir())) == len(fonts.FACES)

    def not_again(ttf: Path) -> bytes:
        raise AssertionError(f"{ttf.name} was made again")

    monkeypatch.setattr(fonts, "make_woff2", not_again)
    second = fonts.write_fonts(tmp_path / "zwei", cache)
    assert [p.read_bytes() for p in second] == [p.read_bytes() for p in first]

    monkeypatch.setattr(fonts, "RECIPE", "anders")  # another recipe is made anew
    with pytest.raises(AssertionError, match="was made again"):
        fonts.write_fonts(tmp_path / "drei", cache)


def test_an_unwritable_cache_still_gives_the_faces(tmp_path: Path) -> None:
    blocked = tmp_path / "datei"
    blocked.write_text("kein Ordner", encoding="utf-8")
    written = fonts.write_fonts(tmp_path / "out", blocked / "fonts")
    assert all(TTFont(p).flavor == "woff2" for p in written)
