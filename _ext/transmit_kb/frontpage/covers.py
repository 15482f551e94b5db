"""Issue covers as SVG, drawn at build time in the design of the print edition's cover.

The PDF cover (``print_edition._cover`` and ``pdfstyles/transmit.yaml``) has a
petrol band with the series name in white, the number in orange, the title in
petrol and the publisher and date at the foot. The SVG repeats that layout
on an A4 proportion, from the issue's front matter only. SVG text does not
wrap, so lines are broken here by an estimate of the text width.
"""

from __future__ import annotations

from html import escape

from ..core.frontmatter import IssueMeta
from ..core.text import german_date

PETROL = "#17506b"
ORANGE = "#e07b00"
INK = "#3c4a52"
WIDTH, HEIGHT = 210, 297
MARGIN = 18
#: average advance of a character in em; generous, so fallback fonts still fit
CHAR_EM = 0.56
FONT = "'Source Sans Pro','Source Sans',system-ui,sans-serif"
#: folder below ``_static`` of the generated covers
FOLDER = "covers"


def cover_name(issue: IssueMeta) -> str:
    """The cover's file name, e.g. ``transmit-plus-nr-02.svg``."""
    return f"transmit-plus-nr-{issue.number:02d}.svg"


def cover_alt(issue: IssueMeta) -> str:
    """The cover's text alternative."""
    return f"Titelbild der Ausgabe Nr. {issue.number}: {issue.title}"


def wrap(text: str, size: float, width: float = WIDTH - 2 * MARGIN) -> list[str]:
    """``text`` broken into lines that fit ``width`` at font ``size`` (estimated)."""
    per_line = max(8, int(width / (size * CHAR_EM)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _text(lines: list[str], y: float, size: float, colour: str, weight: int) -> tuple[str, float]:
    parts = []
    for line in lines:
        parts.append(
            f'<text x="{MARGIN}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
            f'fill="{colour}">{escape(line)}</text>'
        )
        y += size * 1.2
    return "".join(parts), y


def cover_svg(issue: IssueMeta) -> str:
    """The cover of ``issue`` as a standalone SVG document."""
    series, *tagline = issue.series.split(" \N{EN DASH} ", 1)
    band, _ = _text(wrap(series, 15), 30, 15, "#ffffff", 700)
    if tagline:
        line, _ = _text(wrap(tagline[0], 8.5), 45, 8.5, "#ffffff", 400)
        band += line
    number, y = _text([f"Nr. {issue.number}"], 112, 30, ORANGE, 700)
    title_size = 15 if len(issue.title) < 70 else 12.5
    title, y = _text(wrap(issue.title, title_size), y + 8, title_size, PETROL, 700)
    foot_lines = wrap(issue.publisher, 7.5)
    foot_y = HEIGHT - MARGIN - 9 * len(foot_lines) - (9 if issue.published else 0)
    foot, after = _text(foot_lines, foot_y, 7.5, INK, 600)
    if issue.published:
        date, _ = _text([german_date(issue.published)], after, 7.5, INK, 400)
        foot += date
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" font-family="{FONT}">'
        f"<title>{escape(cover_alt(issue))}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        f'<rect width="{WIDTH}" height="58" fill="{PETROL}"/>'
        f'<rect y="58" width="{WIDTH}" height="4" fill="{ORANGE}"/>'
        f"{band}{number}{title}"
        f'<rect x="{MARGIN}" y="{foot_y - 16:.1f}" width="40" height="2" fill="{ORANGE}"/>'
        f"{foot}</svg>\n"
    )


def cover_img(src: str, issue: IssueMeta, classes: str, lazy: bool) -> str:
    """An ``<img>`` of the cover with its alt text and intrinsic size."""
    loading = ' loading="lazy"' if lazy else ""
    return (
        f'<img class="{classes}" src="{escape(src)}" alt="{escape(cover_alt(issue))}" '
        f'width="{WIDTH}" height="{HEIGHT}"{loading} decoding="async"/>'
    )
