"""The map as SVG: inline in HTML (links, classes for the stylesheet) or for print.

Districts with case studies are filled by their count (one sequential scale,
``LEVELS``) and carry the count as text; in HTML each is a link whose
accessible name says the same ("Landkreis Sömmerda: 1 Praxisbeispiel").
Links come in alphabetical order, so the tab order follows the names. The
print version is a PNG (:mod:`.raster`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from .districts import District


@dataclass(frozen=True)
class Entry:
    """A district with case studies: its count and the page it links to without JS."""

    district: District
    count: int
    href: str


def level(count: int) -> int:
    """0 (none), 1, 2 or 3 (three and more): the step of the colour scale."""
    return max(0, min(count, 3))


def count_text(count: int) -> str:
    """``1 Praxisbeispiel`` / ``2 Praxisbeispiele`` / ``keine Praxisbeispiele``."""
    if count == 0:
        return "keine Praxisbeispiele"
    return "1 Praxisbeispiel" if count == 1 else f"{count} Praxisbeispiele"


def link_name(entry: Entry) -> str:
    """The accessible name of a district's link."""
    return f"{entry.district.title}: {count_text(entry.count)}"


def view_box(drawn: Iterable[District]) -> tuple[int, int, int, int]:
    """x, y, width, height around ``drawn`` with a small margin."""
    boxes = [d.bbox for d in drawn]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    margin = max(4, round((x1 - x0) * 0.01))
    return x0 - margin, y0 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin


def _sizes(box: tuple[int, int, int, int]) -> tuple[float, float]:
    """Font size and line width in map units, so they look alike at every zoom."""
    width = box[2]
    return round(width * 0.04, 1), round(width * 0.0016, 2)


def html_svg(
    drawn: list[District], entries: list[Entry], title: str, finder: str, ident: str
) -> str:
    """The inline SVG of the site; ``finder`` is the finder page's URL (for the script)."""
    esc = html.escape
    box = view_box(drawn)
    font, line = _sizes(box)
    linked = {e.district.ags for e in entries}
    parts = [
        # no role: "group" is invalid on <svg> (Nu HTML Checker); the implicit
        # graphics-document keeps the district links reachable, named by the title
        f'<svg class="tm-map-svg" viewBox="{" ".join(map(str, box))}" '
        f'aria-labelledby="{ident}-title" data-finder="{esc(finder)}" '
        f'style="--tm-map-line:{line}px;--tm-map-font:{font}px" fill-rule="evenodd">'
        f'<title id="{ident}-title">{esc(title)}</title>'
        '<g class="tm-map-base" aria-hidden="true">'
    ]
    parts += [
        f'<path d="{d.path}"><title>{esc(d.title)}</title></path>'
        for d in drawn
        if d.ags not in linked
    ]
    parts.append("</g>")
    for entry in sorted(entries, key=lambda e: e.district.title.casefold()):
        d = entry.district
        x, y = d.label
        parts.append(
            f'<a class="tm-map-district tm-map-level-{level(entry.count)}" '
            f'href="{esc(entry.href)}" data-district="{d.ags}" data-name="{esc(d.title)}" '
            f'aria-label="{esc(link_name(entry))}">'
            f'<path d="{d.path}"/>'
            f'<text x="{x}" y="{y}" aria-hidden="true">{entry.count}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)
