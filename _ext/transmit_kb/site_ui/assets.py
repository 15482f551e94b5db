"""After an HTML build: minified CSS and JavaScript, and ``.gz`` copies for static hosts.

Runs after ``page_weight`` purged the theme's stylesheets. rcssmin and rjsmin
keep the meaning of every file; a file whose minified text is unchanged is
not rewritten. A host that serves precompressed files (nginx ``gzip_static``,
Apache ``MultiViews``) finds ``name.gz`` beside each text file; a copy is
made again only when its file is newer.
"""

from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..core.files import files_below

#: file endings that are text and worth compressing
TEXT_SUFFIXES = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".csv", ".inv")
#: below this size a file and its response headers fit into one or two TCP segments
#: either way: a ``.gz`` copy saves no round trip, only a few hundred bytes, and costs
#: a file per build (at 60 issues 540 of 2,000 copies, mostly the citation downloads)
MIN_GZIP_SIZE = 1400


def minify_file(path: Path) -> bool:
    """Minify one ``.css`` or ``.js`` file in place; ``True`` if it changed."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        import rcssmin

        smaller = rcssmin.cssmin(text)
    else:
        import rjsmin

        smaller = rjsmin.jsmin(text, keep_bang_comments=True)
    if len(smaller) >= len(text):
        return False
    path.write_text(smaller, encoding="utf-8")
    return True


def minify_static(static: Path) -> int:
    """Minify every stylesheet and script below ``static``; the number changed."""
    changed = 0
    for name, entry in files_below(static):
        if name.endswith((".css", ".js")) and entry.is_file():
            changed += minify_file(static / name)
    return changed


def gzip_copies(outdir: Path) -> int:
    """Write ``name.gz`` beside every text file that lacks a current one; the number.

    zlib releases the GIL while it compresses, so the files are packed by
    threads, one per core: a fresh build at 60 issues packs about 50 MB.
    """
    pending = []
    for name, entry in files_below(outdir):
        if not name.endswith(TEXT_SUFFIXES) or not entry.is_file():
            continue
        stat = entry.stat()
        if stat.st_size < MIN_GZIP_SIZE:
            continue
        path = outdir / name
        copy = path.with_name(path.name + ".gz")
        if copy.is_file() and copy.stat().st_mtime_ns >= stat.st_mtime_ns:
            continue
        pending.append((path, copy, stat))
    if not pending:
        return 0
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return sum(pool.map(lambda job: _copy(*job), pending))


def _copy(path: Path, copy: Path, stat: os.stat_result) -> bool:
    """Pack ``path`` to ``copy`` unless it holds the same; whether it was written."""
    data = path.read_bytes()
    written = not _holds(copy, data)  # Sphinx copies the theme's files again on every build
    if written:
        copy.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return written


def _holds(copy: Path, data: bytes) -> bool:
    """Whether the gzip file ``copy`` exists and holds ``data`` (unpacking is cheap)."""
    try:
        return gzip.decompress(copy.read_bytes()) == data
    except (OSError, EOFError, ValueError):
        return False
