"""The map as a PNG for the PDF, drawn with Pillow from the same path data.

rst2pdf embeds PNG directly; an SVG would go through svglib, whose renderer
puts an unembedded Times-Roman into every page. The counts are drawn in the
print edition's own font (Source Sans Pro Bold). Four steps of lightness make
the fill readable in greyscale; the count is printed on every filled district.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .districts import District
from .svg import level, view_box

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont
    from PIL.ImageFont import ImageFont as BitmapFont

#: fills by step (none, 1, 2, 3 and more) and the colour of the count on them
PRINT_FILLS = ("#f4f4f4", "#b9d3e8", "#5b8fbf", "#23527f")
PRINT_TEXT = ("#000000", "#000000", "#ffffff", "#ffffff")
EDGE = "#444444"
#: width of the PNG in pixels (12 cm at 200 dpi) and the supersampling factor
WIDTH_PX = 945
SUPERSAMPLE = 3
_NUMBER = re.compile(r"-?\d+")


def rings(path: str) -> list[list[tuple[int, int]]]:
    """The rings of our path data (``M x y l dx dy … z``) as absolute points."""
    found = []
    for part in path.split("z"):
        if not part:
            continue
        numbers = [int(n) for n in _NUMBER.findall(part)]
        x, y = numbers[0], numbers[1]
        points = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        found.append(points)
    return found


def _font(size: int) -> FreeTypeFont | BitmapFont:
    from PIL import ImageFont

    try:
        import font_source_sans_pro

        path = Path(font_source_sans_pro.font_directory) / "SourceSansPro-Bold.ttf"
        return ImageFont.truetype(str(path), size)
    except (ImportError, OSError):
        return ImageFont.load_default(size)


def write_png(drawn: list[District], counts: dict[str, int], target: Path) -> None:
    """Draw ``drawn`` filled by ``counts`` into the PNG ``target`` (deterministic)."""
    from PIL import Image, ImageDraw

    x0, y0, width, height = view_box(drawn)
    scale = WIDTH_PX * SUPERSAMPLE / width
    size = (WIDTH_PX * SUPERSAMPLE, round(height * scale))
    image = Image.new("RGB", size, "#ffffff")
    draw = ImageDraw.Draw(image)
    line = max(1, round(SUPERSAMPLE * 1.5))

    def point(p: tuple[int, int]) -> tuple[float, float]:
        return ((p[0] - x0) * scale, (p[1] - y0) * scale)

    # larger districts first: a district inside another (Halle in the Saalekreis)
    # is drawn over the hole Pillow would otherwise fill
    order = sorted(drawn, key=lambda d: -(d.bbox[2] - d.bbox[0]) * (d.bbox[3] - d.bbox[1]))
    for district in order:
        fill = PRINT_FILLS[level(counts.get(district.ags, 0))]
        for ring in rings(district.path):
            draw.polygon([point(p) for p in ring], fill=fill, outline=EDGE, width=line)
    font = _font(round(size[0] * 0.045))
    for district in drawn:
        count = counts.get(district.ags, 0)
        if count:
            x, y = point(district.label)
            colour = PRINT_TEXT[level(count)]
            halo = "#ffffff" if colour == "#000000" else "#000000"
            draw.text(
                (x, y),
                str(count),
                fill=colour,
                font=font,
                anchor="mm",
                stroke_width=SUPERSAMPLE * 2,
                stroke_fill=halo,
            )
    final = image.resize((WIDTH_PX, round(size[1] / SUPERSAMPLE)), Image.Resampling.LANCZOS)
    target.parent.mkdir(parents=True, exist_ok=True)
    final.save(target, format="PNG", optimize=True, dpi=(200, 200))
