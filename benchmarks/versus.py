"""The extension against an older commit: the same corpus, built in pairs on one core.

``python -m benchmarks.versus --commit 1803c3f --issues 60 --pairs 3`` writes the
benchmark corpus once and builds it with the code of this checkout ("neu") and
with the code of the given commit ("alt") at the same time on one core,
``--pairs`` times, like :mod:`benchmarks.switch` does for a ``-D`` setting.
It prints each pair's CPU-time ratio (new / old) and their median.

The old code is unpacked from Git (``git archive``, no worktree is registered)
into the work folder and gets its own virtual environment with an editable
install of that checkout (``pip install -e``, from the same package index and
pip cache). Both builds read the same Markdown; only ``conf.py`` differs: the
old build's one runs the old commit's ``source/conf.py``, as the benchmark of
that commit wrote it, so the old extension sees no setting it does not know.

The citations keep a rendering cache below ``XDG_CACHE_HOME``. With ``--cache
kalt`` every build starts with its own empty cache folder; with ``warm`` both
reuse the caches their cold builds filled (or those of one untimed pair).
Afterwards the page counts of both builds are reported, with the pages only
one of them wrote; every page of the corpus must be in both (exit code 1
otherwise).
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path

from .corpus import CorpusOptions, ours_conf, write_corpus
from .run import (
    BenchError,
    Env,
    Sample,
    add_corpus_arguments,
    fresh_build,
    run_pair,
    run_pair_alternating,
    shared_core,
)
from .switch import fresh_cache, page_lines, page_names

#: the repository this benchmark belongs to
REPO = Path(__file__).resolve().parents[1]
CACHE_MODES = ("kalt", "warm")
_CACHE_LABEL = {"kalt": "kalter Cache", "warm": "warmer Cache"}


def git(*args: str, repo: Path = REPO) -> str:
    """The output of ``git args`` in ``repo`` (stripped); BenchError if git fails."""
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BenchError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout.strip()


def resolve_commit(commit: str, repo: Path = REPO) -> str:
    """The full hash of ``commit``; BenchError with a clear message if Git does not know it."""
    try:
        return git("rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}", repo=repo)
    except BenchError:
        raise BenchError(
            f"Unbekannter Commit '{commit}': git rev-parse kennt ihn in {repo} nicht."
        ) from None


def describe_checkout(repo: Path = REPO) -> str:
    """This checkout's commit, marked ``-dirty`` when files differ from it."""
    return git("describe", "--always", "--dirty", "--abbrev=7", repo=repo)


def checkout(commit: str, dest: Path, repo: Path = REPO) -> Path:
    """The tree of ``commit`` unpacked at ``dest`` (kept if it is already that commit)."""
    stamp = dest / ".transmit-bench-commit"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == commit:
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", commit],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    stamp.write_text(commit, encoding="utf-8")
    return dest


def old_venv(source: Path, venv: Path) -> Path:
    """A virtual environment with ``source`` installed editable; its ``bin`` folder.

    Created once per checkout (a marker file names the checkout it was made
    for); pip reads the same index and cache as the project's own venv.
    """
    marker = venv / ".installed-from"
    bindir = venv / "bin"
    if marker.is_file() and marker.read_text(encoding="utf-8") == str(source):
        return bindir
    if venv.exists():
        shutil.rmtree(venv)
    python = getattr(sys, "_base_executable", sys.executable)
    for cmd in (
        [python, "-m", "venv", str(venv)],
        [str(bindir / "pip"), "install", "--quiet", "-e", str(source)],
    ):
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BenchError(f"{' '.join(cmd)} scheiterte:\n{result.stderr[-3000:]}")
    marker.write_text(str(source), encoding="utf-8")
    return bindir


def old_source(new_source: Path, dest: Path, old_checkout: Path) -> Path:
    """The corpus of ``new_source`` at ``dest`` with the old commit's ``conf.py``."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(new_source, dest)
    (dest / "conf.py").write_text(ours_conf(old_checkout / "source" / "conf.py"), encoding="utf-8")
    return dest


def corpus_pages(source: Path) -> set[str]:
    """The HTML page of every Markdown document of a corpus (not its registries)."""
    return {
        str(path.relative_to(source).with_suffix(".html"))
        for path in source.rglob("*.md")
        if not path.relative_to(source).parts[0].startswith("_")
    }


def _say_pair(run: int, pairs: int, label: str, old: Sample, new: Sample) -> float:
    ratio = new.cpu / old.cpu
    print(
        f"Paar {run}/{pairs} ({label}): alt {old.cpu:.2f} s, neu {new.cpu:.2f} s CPU, "
        f"Verhältnis {ratio:.3f} (Warnungen: alt {old.warnings}, neu {new.warnings})",
        flush=True,
    )
    return ratio


def measure(
    sources: tuple[Path, Path],
    old_bin: Path,
    work: Path,
    pairs: int,
    modes: tuple[str, ...],
    settings: tuple[str, ...] = (),
) -> dict[str, list[float]]:
    """CPU-time ratios (new / old) of ``pairs`` builds side by side, per cache mode.

    ``settings`` (``-D`` arguments) go to the new build only.
    """
    core = shared_core()
    ratios: dict[str, list[float]] = {}
    caches = (work / "cache-alt", work / "cache-neu")

    def commands() -> tuple[list[str], list[str]]:
        old = fresh_build(sources[0], work / "alt", 1)
        old[0] = str(old_bin / "sphinx-build")
        return old, fresh_build(sources[1], work / "neu", 1) + list(settings)

    for mode in modes:
        label = _CACHE_LABEL[mode]
        if mode == "warm" and not all(cache.is_dir() for cache in caches):
            envs = (fresh_cache(caches[0]), fresh_cache(caches[1]))  # one untimed pair fills them
            run_pair(*commands(), (work / "alt-vorlauf.log", work / "neu-vorlauf.log"), core, envs)
        ratios[mode] = []
        for run in range(1, pairs + 1):
            envs_now: tuple[Env, Env] = (
                (fresh_cache(caches[0]), fresh_cache(caches[1]))
                if mode == "kalt"
                else ({"XDG_CACHE_HOME": str(caches[0])}, {"XDG_CACHE_HOME": str(caches[1])})
            )
            logs = (work / f"alt-{mode}-{run}.log", work / f"neu-{mode}-{run}.log")
            old, new = run_pair_alternating(run, *commands(), logs, core, envs_now)
            ratios[mode].append(_say_pair(run, pairs, label, old, new))
    return ratios


def _modes(text: str) -> tuple[str, ...]:
    modes = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [mode for mode in modes if mode not in CACHE_MODES]
    if unknown or not modes:
        raise argparse.ArgumentTypeError(
            f"'{text}': erlaubt sind {', '.join(CACHE_MODES)} (mit Komma getrennt)"
        )
    return modes


def parser() -> argparse.ArgumentParser:
    """The options of ``python -m benchmarks.versus``."""
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.versus",
        description="Baut denselben Korpus mit dieser Erweiterung und der eines älteren "
        "Commits paarweise auf einem Kern und vergleicht die CPU-Zeit "
        "(siehe docs/benchmark.md).",
    )
    p.add_argument("--commit", required=True, help="der ältere Stand, z. B. 1803c3f")
    p.add_argument("--issues", type=int, default=20, help="Zahl der Ausgaben (Standard: 20)")
    p.add_argument("--pairs", type=int, default=3, help="Zahl der Paare je Cache (Standard: 3)")
    p.add_argument(
        "--cache",
        type=_modes,
        default=CACHE_MODES,
        help="Zitations-Cache: kalt, warm oder kalt,warm (Standard: beide)",
    )
    p.add_argument(
        "-D",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=WERT",
        help="Einstellung nur für den neuen Build (wie sphinx-build -D), "
        "z. B. um neue Funktionen abzuschalten",
    )
    add_corpus_arguments(p)
    return p


def main(argv: list[str] | None = None) -> int:
    """Measure; 2 for an unknown commit or a failed set-up, 1 if a corpus page is missing."""
    args = parser().parse_args(argv)
    args.out = args.out.resolve()  # the conf.py files name paths below it; builds run elsewhere
    try:
        commit = resolve_commit(args.commit)
        short = commit[:7]
        root = args.out / f"versus-{short}-{args.issues}{'-D' if args.settings else ''}"
        print(f"alt: {short}, neu: {describe_checkout()}", flush=True)
        old_checkout = checkout(commit, args.out / f"stand-{short}" / "src")
        print(f"Umgebung für {short} …", flush=True)
        old_bin = old_venv(old_checkout, args.out / f"stand-{short}" / "venv")
    except (BenchError, subprocess.CalledProcessError) as error:
        print(error, file=sys.stderr)
        return 2
    for package in (old_checkout, REPO):
        compileall.compile_dir(package / "_ext" / "transmit_kb", quiet=1)
    options = CorpusOptions(issues=args.issues, articles=args.articles, words=args.words)
    new_source = write_corpus(root / "korpus", options)["ours"]
    sources = (old_source(new_source, root / "korpus" / "ours-alt", old_checkout), new_source)
    print(f"Last vorher: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    settings = tuple(part for setting in args.settings for part in ("-D", setting))
    if settings:
        print(f"neu mit {' '.join(settings)}", flush=True)
    ratios = measure(sources, old_bin, root / "paare", args.pairs, args.cache, settings)
    print(f"Last nachher: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for mode, values in ratios.items():
        median = statistics.median(values)
        print(f"Median neu / alt ({_CACHE_LABEL[mode]}), {args.issues} Ausgaben: {median:.3f}")
    outputs = (root / "paare" / "alt" / "html", root / "paare" / "neu" / "html")
    for line in page_lines(("alt", outputs[0]), ("neu", outputs[1])):
        print(line)
    expected = corpus_pages(new_source)
    missing = {
        name: sorted(expected - page_names(out))
        for name, out in zip(("alt", "neu"), outputs, strict=True)
    }
    missing = {name: pages for name, pages in missing.items() if pages}
    if missing:
        for name, pages in missing.items():
            print(
                f"{name} baute {len(pages)} Seiten des Korpus nicht, z. B. {pages[0]}",
                file=sys.stderr,
            )
        return 1
    print(f"Alle {len(expected)} Seiten des Korpus in beiden Builds.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
