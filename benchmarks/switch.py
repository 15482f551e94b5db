"""What one setting costs: ``ours`` with and without it, built in pairs on one core.

``python -m benchmarks.switch -D transmit_quick_smartquotes=0`` writes
the benchmark corpus, then builds ``ours`` as it is and ``ours`` with the
given ``-D`` settings at the same time on one core, ``--pairs`` times (like
the feature pairs of :mod:`benchmarks.run`: both see the same speed
of the machine). It prints each pair's CPU-time ratio (with / without the
settings) and their median, and checks that both builds wrote the same
pages; a speed switch that changes a page is reported, not measured.

A feature switch (``--feature``, e.g. ``-D transmit_case_map=0``) changes pages
by design: then the page counts of both builds and the pages only one of them
wrote are reported instead. ``--cold-cache`` gives every build its own empty
``XDG_CACHE_HOME`` (the citations' rendering cache starts empty).
"""

from __future__ import annotations

import argparse
import filecmp
import statistics
import sys
from pathlib import Path

from .corpus import CorpusOptions, write_corpus
from .run import (
    Env,
    add_corpus_arguments,
    document_pages,
    fresh_build,
    fresh_cache,
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


def page_names(outdir: Path) -> set[str]:
    """The document pages of a build, as paths relative to its output folder."""
    return {str(page.relative_to(outdir)) for page in document_pages(outdir)}


def page_lines(first: tuple[str, Path], second: tuple[str, Path]) -> list[str]:
    """Lines naming both builds' page counts and the pages only one of them wrote."""
    (first_name, first_out), (second_name, second_out) = first, second
    first_pages, second_pages = page_names(first_out), page_names(second_out)
    lines = [f"Seiten: {first_name} {len(first_pages)}, {second_name} {len(second_pages)}"]
    for name, only in (
        (first_name, first_pages - second_pages),
        (second_name, second_pages - first_pages),
    ):
        if only:
            shown = ", ".join(sorted(only)[:5]) + (", …" if len(only) > 5 else "")
            lines.append(f"nur {name}: {len(only)} ({shown})")
    return lines


def measure(
    source: Path, work: Path, settings: list[str], pairs: int, cold_cache: bool = False
) -> list[float]:
    """CPU-time ratios (with ``settings`` / without) of ``pairs`` builds side by side.

    With ``cold_cache``, each build starts with its own empty ``XDG_CACHE_HOME``.
    """
    core = shared_core()
    ratios = []
    for run in range(1, pairs + 1):
        plain = fresh_build(source, work / "ohne", 1)
        changed = fresh_build(source, work / "mit", 1) + settings
        logs = (work / f"ohne-{run}.log", work / f"mit-{run}.log")
        envs: tuple[Env, Env] = (
            (fresh_cache(work / "cache-ohne"), fresh_cache(work / "cache-mit"))
            if cold_cache
            else (None, None)
        )
        without, with_settings = run_pair_alternating(run, plain, changed, logs, core, envs)
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
    p.add_argument(
        "--feature",
        action="store_true",
        help="Schalter einer Funktion: Seiten dürfen sich unterscheiden; "
        "berichtet werden die Seitenzahlen statt des Vergleichs Byte für Byte",
    )
    p.add_argument(
        "--cold-cache",
        action="store_true",
        help="jeder Build mit eigenem, leerem XDG_CACHE_HOME (Zitationen ohne Cache)",
    )
    add_corpus_arguments(p)
    return p


def main(argv: list[str] | None = None) -> int:
    """Measure; 1 if a speed switch changed a page, else 0."""
    args = parser().parse_args(argv)
    root = args.out / f"schalter-{args.issues}"
    options = CorpusOptions(issues=args.issues, articles=args.articles, words=args.words)
    source = write_corpus(root / "korpus", options)["ours"]
    settings = [part for setting in args.settings for part in ("-D", setting)]
    ratios = measure(source, root / "paare", settings, args.pairs, args.cold_cache)
    cache = " (kalter Cache)" if args.cold_cache else ""
    print(f"Median mit / ohne {' '.join(settings)}{cache}: {statistics.median(ratios):.3f}")
    outputs = (root / "paare" / "ohne" / "html", root / "paare" / "mit" / "html")
    if args.feature:
        for line in page_lines(("ohne", outputs[0]), ("mit", outputs[1])):
            print(line)
        return 0
    changed = differing_pages(*outputs)
    if changed:
        message = f"Die Einstellungen ändern {len(changed)} Seiten, z. B. {changed[0]}"
        print(message, file=sys.stderr)
        return 1
    print("Seiten mit und ohne gleich.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
