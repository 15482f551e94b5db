"""``make pdfua``: the accessible PDF (PDF/UA-1) of every issue, with pages and seconds.

``build_accessible`` is what the benchmark calls ("barrierefreies PDF, Sekunden
pro Seite"); ``main`` is the command line::

    python -m transmit_kb.accessible_edition.cli --source source --out _build
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..print_edition.build import (
    _run_all,
    _sphinx,
    add_build_arguments,
    count_pages,
    issue_folders,
    split_evenly,
)
from .builder import SUFFIX

#: the folder below ``--out`` (not ``pdf/``, whose glob deletes what it did not build)
PDFUA_DIR = "pdfua"
#: issues per process: WeasyPrint needs ~0.08 s of CPU per page against ~1.5 s to start
#: a process and read the sources (measured: 5 issues, 309 pages, 0.087 CPU-s per page),
#: so a second process pays off from two issues on
ISSUES_PER_PROCESS = 2


def _jobs(requested: int, issues: int) -> int:
    """``--jobs 0``: one process per two issues, at most one per core."""
    if requested > 0:
        return requested
    return max(1, min(os.cpu_count() or 1, issues // ISSUES_PER_PROCESS))


@dataclass(frozen=True)
class AccessibleRun:
    """The outcome of one build of all accessible PDFs."""

    status: int
    pdfs: tuple[Path, ...]
    pages: int
    seconds: float
    processes: int

    @property
    def seconds_per_page(self) -> float:
        """Wall-clock seconds per page (0 without pages)."""
        return self.seconds / self.pages if self.pages else 0.0


def build_accessible(
    source: Path, out: Path, issues_dir: str = "ausgaben", jobs: int = 0
) -> AccessibleRun:
    """Build ``<out>/pdfua/<name>-barrierefrei.pdf`` for every issue of ``source``."""
    folders = issue_folders(source, issues_dir)
    target = out / PDFUA_DIR
    start = time.time()
    groups = split_evenly(folders, _jobs(jobs, len(folders))) if folders else []
    commands = [
        _sphinx(
            "pdfua",
            source,
            target,
            out / "doctrees-pdfua" / str(index),
            "-D",
            "transmit_pdf_issues=" + ",".join(folder.name for folder in group),
        )
        for index, group in enumerate(groups)
    ]
    status = _run_all(commands) if commands else 1
    seconds = time.time() - start
    pattern = f"transmit-plus-nr-*{SUFFIX}.pdf"
    built = sorted(p for p in target.glob(pattern) if p.stat().st_mtime >= start - 1)
    for stale in set(target.glob(pattern)) - set(built):
        stale.unlink()  # an issue that was renamed or removed
        stale.with_suffix(".html").unlink(missing_ok=True)
    return AccessibleRun(status, tuple(built), count_pages(built), seconds, len(commands))


def main(argv: list[str] | None = None) -> int:
    """Build the accessible PDFs; print files, pages and seconds per page."""
    parser = argparse.ArgumentParser(
        prog="python -m transmit_kb.accessible_edition.cli",
        description="Barrierefreie Fassung (PDF/UA) jeder Ausgabe.",
    )
    add_build_arguments(parser)
    args = parser.parse_args(argv)
    source = Path(args.source)
    if not issue_folders(source, args.issues_dir):
        print(f"Keine Ausgaben unter {source / args.issues_dir}.", file=sys.stderr)
        return 1
    run = build_accessible(source, Path(args.out), args.issues_dir, args.jobs)
    print(
        f"{len(run.pdfs)} PDF/UA, {run.pages} Seiten in {run.seconds:.2f} s "
        f"({run.seconds_per_page:.3f} s pro Seite, {run.processes} Prozesse) "
        f"→ {Path(args.out) / PDFUA_DIR}"
    )
    if run.status:
        print(
            "Der Bau der barrierefreien PDFs ist gescheitert; die Warnungen oben nennen den Grund.",
            file=sys.stderr,
        )
    return run.status


if __name__ == "__main__":
    raise SystemExit(main())
