"""Source Sans Pro as WOFF2, made at build time from the packaged TrueType files.

The print edition embeds the same family (``font-source-sans-pro`` on PyPI);
the site serves it from its own ``_static/fonts/``, never from a font host.
fontTools subsets each face to Latin with Latin Extended-A and German
punctuation and writes WOFF2 (Brotli, about half a second per face). The
result is cached in the user's cache folder (``~/.cache/transmit-kb/fonts``,
as the citations and the hyphenation), keyed by the source file, the subset,
fontTools' version and :data:`RECIPE`, so a fresh build reuses it.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

from ..core.files import keep_in_cache

#: output name -> packaged TrueType file
FACES = {
    "source-sans-regular.woff2": "SourceSansPro-Regular.ttf",
    "source-sans-semibold.woff2": "SourceSansPro-Semibold.ttf",
    "source-sans-italic.woff2": "SourceSansPro-It.ttf",
}
#: the faces every page needs before its first paint
PRELOAD = ("source-sans-regular.woff2", "source-sans-semibold.woff2")
#: Basic Latin, Latin-1, Latin Extended-A, punctuation (quotes, dashes, ellipsis), euro, arrows
UNICODES = "0020-007E,00A0-00FF,0100-017F,2010-2027,2030-203A,20AC,2122,2190-2193"


def _codepoints() -> list[int]:
    points: list[int] = []
    for part in UNICODES.split(","):
        first, _, last = part.partition("-")
        start = int(first, 16)
        points.extend(range(start, int(last, 16) + 1 if last else start + 1))
    return points


def font_directory() -> Path:
    """Where the PyPI package ``font-source-sans-pro`` keeps its TrueType files."""
    import font_source_sans_pro

    return Path(font_source_sans_pro.font_directory)


def make_woff2(ttf: Path) -> bytes:
    """``ttf`` subset to :data:`UNICODES`, as WOFF2."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "calt", "locl", "ccmp", "mark", "mkmk"]
    options.name_IDs = ["*"]  # keep the copyright and licence notice (SIL OFL)
    options.notdef_outline = True
    options.hinting = False  # browsers hint WOFF2 themselves; a fifth of the size
    font = subset.load_font(str(ttf), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_codepoints())
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


#: changes whenever :func:`make_woff2` makes other files from the same input
RECIPE = "1"


def _woff2(ttf: Path, name: str, cache: Path) -> bytes:
    """:func:`make_woff2` of ``ttf``, kept in ``cache`` (made again if it cannot be kept)."""
    from fontTools import version as fonttools_version

    recipe = f"{UNICODES}|{fonttools_version}|{RECIPE}".encode()
    key = hashlib.sha256(ttf.read_bytes() + recipe).hexdigest()[:24]
    cached = cache / f"{key}-{name}"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = make_woff2(ttf)
    keep_in_cache(cached, data)
    return data


def write_fonts(target: Path, cache: Path) -> list[Path]:
    """Write every face of :data:`FACES` to ``target`` (from ``cache`` when unchanged)."""
    source = font_directory()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, ttf_name in FACES.items():
        data = _woff2(source / ttf_name, name, cache)
        out = target / name
        if not out.is_file() or out.read_bytes() != data:
            out.write_bytes(data)
        written.append(out)
    licence = source / "LICENSE.txt"
    if licence.is_file():
        shutil.copyfile(licence, target / "LICENSE-SourceSansPro.txt")
    return written
