"""What one setting costs: ``ours`` with and without it, built in pairs on one core.

``python -m benchmarks.switch -D transmit_quick_smartquotes=0`` writes
the benchmark corpus, then builds ``ours`` as it is and ``ours`` with the
given ``-D`` settings at the same time on one core, ``--pairs`` times (like
the feature pairs of :mod:`benchmarks.run`: both see the same speed
of the machine). It prints each pair's CPU-time ratio (with / without the
settings) and their median, and checks that both builds wrote the same
pages; a speed switch that changes a page is reported, not measured.
"""

from __future__ import annotations

import argparse
import filecmp
import statistics
import sys
from pathlib import Path

from .corpus import CorpusOptions, write_corpus
from .run import (
    add_corpus_arguments,
    document_pages,
    fresh_build,
    run_pair_alternating,
    shared_core,
)


def differing_pages(first: Path, second: Path) -> list[str]:
    """Pages (relative paths) that exist in only one output or differ in their bytes."""
    pages = {p.relative_to(first) for p in document_pages(first)}
    pages |= {p.relative_to(second) for p in document_pages(second)}
    return sorted(
        str(page)
        for page in pages
        if not ((first / page).is_file() and (second / page).is_file())
        or not filecmp.cmp(first / page, second / page, shallow=False)
    )


def measure(source: Path, work: Path, settings: list[str], pairs: int) -> list[float]:
    """CPU-time ratios (with ``settings`` / without) of ``pairs`` builds side by side."""
    core = shared_core()
    ratios = []
    for run in range(1, pairs + 1):
        plain = fresh_build(source, work / "ohne", 1)
        changed = fresh_build(source, work / "mit", 1) + settings
        logs = (work / f"ohne-{run}.log", work / f"mit-{run}.log")
        without, with_settings = run_pair_alternating(run, plain, changed, logs, core)
        ratios.append(with_settings.cpu / without.cpu)
        print(
            f"Paar {run}/{pairs}: ohne {without.cpu:.2f} s, mit {with_settings.cpu:.2f} s CPU, "
            f"Verhältnis {ratios[-1]:.3f}",
            flush=True,
        )
    return ratios


def parser() -> argparse.ArgumentParser:
    """The options of ``python -m benchmarks.switch``."""
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.switch",
        description="Baut 'ours' mit und ohne Einstellungen (-D) paarweise auf einem Kern "
        "und vergleicht die CPU-Zeit (siehe docs/benchmark.md).",
    )
    p.add_argument(
        "-D",
        dest="settings",
        action="append",
        required=True,
        metavar="NAME=WERT",
        help="Einstellung für den zweiten Build jedes Paars (wie sphinx-build -D)",
    )
    p.add_argument("--issues", type=int, default=20, help="Zahl der Ausgaben (Standard: 20)")
    p.add_argument("--pairs", type=int, default=3, help="Zahl der Paare (Standard: 3)")
    add_corpus_arguments(p)
    return p


def main(argv: list[str] | None = None) -> int:
    """Measure; 1 if the settings changed a page, else 0."""
    args = parser().parse_args(argv)
    root = args.out / f"schalter-{args.issues}"
    options = CorpusOptions(issues=args.issues, articles=args.articles, words=args.words)
    source = write_corpus(root / "korpus", options)["ours"]
    settings = [part for setting in args.settings for part in ("-D", setting)]
    ratios = measure(source, root / "paare", settings, args.pairs)
    print(f"Median mit / ohne {' '.join(settings)}: {statistics.median(ratios):.3f}")
    changed = differing_pages(root / "paare" / "ohne" / "html", root / "paare" / "mit" / "html")
    if changed:
        message = f"Die Einstellungen ändern {len(changed)} Seiten, z. B. {changed[0]}"
        print(message, file=sys.stderr)
        return 1
    print("Seiten mit und ohne gleich.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
