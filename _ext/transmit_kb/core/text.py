"""Small text helpers: German dates and Markdown escaping."""

from __future__ import annotations

import datetime as dt
import re
import string

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def contribution_count(count: int) -> str:
    """``1 Beitrag``, ``2 Beiträge``."""
    return f"{count} Beitrag" if count == 1 else f"{count} Beiträge"


def german_date(date: dt.date) -> str:
    """``24. April 2020``."""
    return f"{date.day}. {MONTHS[date.month - 1]} {date.year}"


def publication_date(date: dt.date, basis: str = "") -> str:
    """``24. April 2020``, or ``spätestens 24. April 2020 (laut Ankündigung)`` when the
    date is only known from a source that says the issue was out by then."""
    if not basis:
        return german_date(date)
    return f"spätestens {german_date(date)} (laut {basis})"


def german_date_short(date: dt.date) -> str:
    """``24.04.2020``."""
    return f"{date.day:02d}.{date.month:02d}.{date.year}"


_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def md_escape(text: str) -> str:
    """Escape every ASCII punctuation character so Markdown shows ``text`` literally."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def slugify(text: str) -> str:
    """A URL-safe lowercase slug with German letters transliterated."""
    text = text.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(src, dst)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
