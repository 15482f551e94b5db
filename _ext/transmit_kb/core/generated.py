"""Pages generated from the registries (author pages, case-study overviews).

They are written into the source tree at ``builder-inited``, before Sphinx
looks for documents, like autosummary's stubs. A file is only rewritten when
its text changes, so incremental builds re-read only what really changed;
files that no registry entry asks for any more are deleted.
"""

from __future__ import annotations

from pathlib import Path

#: a MyST comment, so it reaches no output (an HTML comment would be raw HTML)
GENERATED_MARK = "% Automatisch erzeugt von transmit_kb; Änderungen gehen verloren.\n"


def _with_mark(text: str) -> str:
    """``text`` with the mark, after the front matter if there is one."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            cut = end + len("\n---\n")
            return text[:cut] + GENERATED_MARK + text[cut:]
    return GENERATED_MARK + text


def write_generated(folder: Path, pages: dict[str, str]) -> list[Path]:
    """Make ``folder`` hold exactly ``pages`` (file name -> text); return the files changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in pages.items():
        path = folder / name
        content = _with_mark(text)
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            changed.append(path)
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(folder).as_posix()
        if relative not in pages and GENERATED_MARK in path.read_text(encoding="utf-8"):
            path.unlink()
            changed.append(path)
    return changed
