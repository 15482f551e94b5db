"""The benchmark runner: full and incremental builds of every variant, one table.

For each corpus size, every variant (see :data:`BUILDS`) is built ``--repeat``
times from a fresh copy of its sources with a fresh output and doctree
folder, each in its own ``sphinx-build`` process; wall time and the peak RSS
of that process (``os.wait4``) are recorded, medians are reported. After the
last full build of ``ours`` and ``baseline`` the runner edits one article's
text and one case study's title and builds again (incrementally), checking
that every page that showed the old text now shows the new one ("stale!"
and exit code 1 otherwise). Targets are reported as PASS/FAIL, never as
an exit code: the benchmark is a report.
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import dataclasses
import datetime as dt
import functools
import importlib.util
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from transmit_kb.search.index import index_size

from .corpus import FLOOR_CONF_DIR, CorpusOptions, plan_corpus, sentence, write_corpus

#: build name -> (corpus folder, conf folder or None, incremental builds measured)
BUILDS: dict[str, tuple[str, str | None, bool]] = {
    "ours": ("ours", None, True),
    "ours-autoren-als-text": ("ours-autoren-als-text", None, False),
    "ours-ohne-autoren": ("ours-ohne-autoren", None, False),
    "ours-ohne-praxisbeispiele": ("ours-ohne-praxisbeispiele", None, False),
    "baseline": ("baseline", None, True),
    "floor": ("baseline", FLOOR_CONF_DIR, True),
}
#: pair name -> (the settings of the pair's second build, both builds with an empty cache).
#: Measured only side by side with ``ours`` (:func:`measure_setting_pairs`).
SETTING_PAIRS: dict[str, tuple[tuple[str, ...], bool]] = {
    "ours-ohne-zitieren": (("-D", "transmit_citation=0"), False),
    "ours-ohne-zitieren-kalt": (("-D", "transmit_citation=0"), True),
}
#: pages every HTML build writes besides the documents
_SPECIAL_PAGES = {"genindex.html", "search.html", "py-modindex.html"}
_WARNING = re.compile(r"\b(WARNING|WARNUNG|ERROR|FEHLER)\b")


class BenchError(Exception):
    """A build failed or its output is stale; the message says which and why."""


# --------------------------------------------------------------------------
# Targets and the table (pure functions, tested without building)


@dataclass(frozen=True)
class Target:
    """A limit on a row's ratio (or value), from the project's issues."""

    limit: float
    text: str
    on: str = "ratio"  # "ratio" or "value"
    min_issues: int = 0  # the target is only defined from this corpus size on


@dataclass(frozen=True)
class Row:
    """One line of the table: a value, what it is compared with and the target."""

    issues: int
    metric: str
    value: float | None
    baseline: float | None
    target: Target | None = None
    count: bool = False  # a count, shown without decimals
    given_ratio: float | None = None  # measured directly (median of paired ratios)

    @property
    def ratio(self) -> float | None:
        """The given ratio, else ``value / baseline`` (``None`` if either is missing or 0)."""
        if self.given_ratio is not None:
            return self.given_ratio
        return ratio(self.value, self.baseline)

    @property
    def status(self) -> str:
        """``PASS``, ``FAIL`` or ``—`` (no target, not applicable or no value)."""
        target = self.target
        if target is None or self.issues < target.min_issues:
            return "—"
        measured = self.ratio if target.on == "ratio" else self.value
        if measured is None:
            return "—"
        return "PASS" if measured <= target.limit else "FAIL"


def ratio(value: float | None, baseline: float | None) -> float | None:
    """``value / baseline``; ``None`` when it is not defined."""
    if value is None or baseline is None or baseline == 0:
        return None
    return value / baseline


TARGET_FLOOR = Target(1.2, "≤ 1,2-mal floor")
TARGET_AUTHORS = Target(1.05, "≤ +5 %")
TARGET_CASES = Target(1.10, "≤ +10 % (bei 60 Ausg.)", min_issues=60)
TARGET_PER_PAGE = Target(0.12, "≤ 0,12 s (bei 60 Ausg.)", on="value", min_issues=60)
TARGET_INCR_ARTICLE = Target(0.05, "≤ 5 % (bei 60 Ausg.)", min_issues=60)
TARGET_INCR_CASE = Target(0.15, "≤ 15 % (bei 60 Ausg.)", min_issues=60)
TARGET_CHECK = Target(0.10, "≤ 10 % des Vollbuilds")
TARGET_QUERY = Target(1536, "≤ 1536 KB (bei 60 Ausg.)", on="value", min_issues=60)
TARGET_ARTICLE = Target(60, "≤ 60 KB (bei 60 Ausg.)", on="value", min_issues=60)
TARGET_START_PAGE = Target(400, "≤ 400 KB", on="value")
TARGET_PDF_PAGE = Target(0.05, "≤ 0,05 s", on="value")
#: issue 20: the accessible PDF (WeasyPrint, PDF/UA), at 60 issues on 2 cores
TARGET_PDFUA_PAGE = Target(0.15, "≤ 0,15 s (bei 60 Ausg.)", on="value", min_issues=60)
#: issue 21: the Zitieren block, downloads and metadata at 60 issues
TARGET_CITATION = Target(1.10, "≤ 1,1 (bei 60 Ausg.)", min_issues=60)
TARGET_LINEAR = Target(1.3, "≤ 1,3 (60 vs. 5 Ausg.)", min_issues=60)


def feature_rows(
    issues: int,
    summary: dict[str, dict[str, float]],
    without: str,
    metric: str,
    target: Target | None,
) -> list[Row]:
    """What a feature adds: ``ours`` against the corpus ``without`` it.

    From the builds one after the other (medians), and, if measured, from
    pairs built at the same time (median of the pairs' CPU-time ratios). The
    target goes to the pairs when there are any: both builds of a pair see
    the same load of the machine, which builds minutes apart do not (see
    docs/benchmark.md).
    """
    ours, other = summary.get("ours", {}), summary.get(without, {})
    return paired_rows(
        issues,
        metric,
        (ours.get("full"), other.get("full")),
        (other.get("paired_ours"), other.get("paired"), other.get("paired_ratio")),
        target,
    )


def setting_rows(
    issues: int,
    summary: dict[str, dict[str, float]],
    pair: str,
    metric: str,
    target: Target | None,
) -> list[Row]:
    """What a setting of :data:`SETTING_PAIRS` saves: its pairs only (no row if none ran)."""
    measured = summary.get(pair, {})
    if "paired_ratio" not in measured:
        return []
    return [
        Row(
            issues,
            f"{metric}, gleichzeitig gebaut [CPU s]",
            measured.get("paired_ours"),
            measured.get("paired"),
            target,
            given_ratio=measured["paired_ratio"],
        )
    ]


def paired_rows(
    issues: int,
    metric: str,
    one_after_another: tuple[float | None, float | None],
    paired: tuple[float | None, float | None, float | None],
    target: Target | None,
) -> list[Row]:
    """A comparison measured one build after the other and, if measured, side by side.

    ``paired`` is (value, what it is compared with, median of the pairs'
    ratios); with a ratio, its row carries the target.
    """
    value, baseline, given = paired
    rows = [
        Row(
            issues,
            f"{metric} [s]",
            *one_after_another,
            None if given is not None else target,
        )
    ]
    if given is not None:
        rows.append(
            Row(
                issues,
                f"{metric}, gleichzeitig gebaut [CPU s]",
                value,
                baseline,
                target,
                given_ratio=given,
            )
        )
    return rows


def make_rows(issues: int, summary: dict[str, dict[str, float]]) -> list[Row]:
    """The table rows of one corpus size from the medians of each build.

    ``summary`` maps a build name (``ours``, ``baseline``, ``floor``, …) to its
    numbers: ``full``, ``per_page``, ``incr_article``, ``incr_case``, ``rss_mb``,
    ``searchindex_kb``, ``pages``, ``warnings``, ``check``, ``query_kb``,
    ``article_kb``, ``start_kb``, ``pdf_per_page``. Missing numbers give ``—``.
    """

    def get(build: str, key: str) -> float | None:
        return summary.get(build, {}).get(key)

    ours_full = get("ours", "full")
    return [
        Row(issues, "Vollbuild ours vs. baseline [s]", ours_full, get("baseline", "full")),
        Row(issues, "Vollbuild ours vs. floor [s]", ours_full, get("floor", "full"), TARGET_FLOOR),
        *feature_rows(
            issues,
            summary,
            "ours-autoren-als-text",
            "Autoren: ours vs. Autorenangaben als Text",
            TARGET_AUTHORS,
        ),
        *feature_rows(
            issues, summary, "ours-ohne-autoren", "Autoren: ours vs. ganz ohne Autoren", None
        ),
        *feature_rows(
            issues,
            summary,
            "ours-ohne-praxisbeispiele",
            "Praxisbeispiele: ours vs. ohne",
            TARGET_CASES,
        ),
        *setting_rows(
            issues,
            summary,
            "ours-ohne-zitieren-kalt",
            "Zitieren: ours vs. -D transmit_citation=0, leerer Cache",
            TARGET_CITATION,
        ),
        *setting_rows(
            issues,
            summary,
            "ours-ohne-zitieren",
            "Zitieren: ours vs. -D transmit_citation=0, gefüllter Cache",
            TARGET_CITATION,
        ),
        Row(
            issues,
            "Zeit pro Seite ours vs. baseline [s]",
            get("ours", "per_page"),
            get("baseline", "per_page"),
            TARGET_PER_PAGE,
        ),
        *paired_rows(
            issues,
            "Inkr. 1 Beitrag vs. Vollbuild ours",
            (get("ours", "incr_article"), ours_full),
            (
                get("ours", "incr_paired"),
                get("ours", "incr_paired_full"),
                get("ours", "incr_paired_ratio"),
            ),
            TARGET_INCR_ARTICLE,
        ),
        Row(
            issues,
            "Inkr. 1 Praxisbeispiel-Titel vs. Vollbuild [s]",
            get("ours", "incr_case"),
            ours_full,
            TARGET_INCR_CASE,
        ),
        Row(
            issues,
            "Inkr. 1 Beitrag, baseline vs. Vollbuild [s]",
            get("baseline", "incr_article"),
            get("baseline", "full"),
        ),
        Row(
            issues,
            "transmit-kb check vs. Vollbuild ours [s]",
            get("ours", "check"),
            ours_full,
            TARGET_CHECK,
        ),
        Row(
            issues,
            "PDF aller Ausgaben, Zeit pro PDF-Seite [s]",
            get("ours", "pdf_per_page"),
            None,
            TARGET_PDF_PAGE,
        ),
        Row(
            issues,
            "barrierefreies PDF, Sekunden pro Seite vs. rst2pdf [s]",
            get("ours", "pdfua_per_page"),
            get("ours", "pdf_per_page"),
            TARGET_PDFUA_PAGE,
        ),
        Row(
            issues,
            "Größte Beitragsseite ours vs. baseline [KB]",
            get("ours", "article_kb"),
            get("baseline", "article_kb"),
            TARGET_ARTICLE,
        ),
        Row(
            issues,
            "Startseite kalt, alle Ressourcen ours vs. baseline [KB]",
            get("ours", "start_kb"),
            get("baseline", "start_kb"),
            TARGET_START_PAGE,
        ),
        Row(
            issues,
            "Suche: max. je Anfrage ours vs. searchindex.js baseline [KB gzip]",
            get("ours", "query_kb"),
            get("baseline", "searchindex_gzip_kb"),
            TARGET_QUERY,
        ),
        Row(
            issues,
            "Inkr. 1 Beitrag, floor vs. Vollbuild floor [s]",
            get("floor", "incr_article"),
            get("floor", "full"),
        ),
        Row(
            issues,
            "Inkr. 1 Beitrag ours vs. floor [s]",
            get("ours", "incr_article"),
            get("floor", "incr_article"),
        ),
        Row(
            issues,
            "Spitzen-RSS ours vs. baseline [MB]",
            get("ours", "rss_mb"),
            get("baseline", "rss_mb"),
        ),
        Row(
            issues,
            "searchindex.js ours vs. baseline [KB]",
            get("ours", "searchindex_kb"),
            get("baseline", "searchindex_kb"),
        ),
        Row(
            issues,
            "Suchdaten _search/ ours vs. searchindex.js [KB]",
            get("ours", "search_dir_kb"),
            get("baseline", "searchindex_kb"),
        ),
        Row(
            issues,
            "Seiten ours vs. baseline",
            get("ours", "pages"),
            get("baseline", "pages"),
            count=True,
        ),
        Row(
            issues,
            "Warnungen ours vs. baseline",
            get("ours", "warnings"),
            get("baseline", "warnings"),
            count=True,
        ),
    ]


def _number(value: float | None, count: bool = False) -> str:
    if value is None:
        return "—"
    if count:
        return str(round(value))
    return f"{value:.3f}" if abs(value) < 1 else f"{value:.2f}"


def format_table(rows: list[Row]) -> str:
    """The rows as an aligned plain-text table."""
    header = ("Ausg.", "Messgröße", "Wert", "Vergleich", "Verhältnis", "Ziel", "Ergebnis")
    lines = [
        (
            str(row.issues),
            row.metric,
            _number(row.value, row.count),
            _number(row.baseline, row.count),
            "—" if row.ratio is None else f"{row.ratio:.3f}",
            row.target.text if row.target else "",
            row.status,
        )
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]
    right = {0, 2, 3, 4}

    def fmt(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([fmt(header), rule, *(fmt(cells) for cells in lines)])


# --------------------------------------------------------------------------
# One build


@dataclass
class Sample:
    """One sphinx-build run."""

    seconds: float  # wall time
    cpu: float  # user + system time of the process and the workers it waited for
    rss_mb: float
    warnings: int


def sphinx_command(
    src: Path, out: Path, doctrees: Path, jobs: int, confdir: Path | None = None
) -> list[str]:
    """``sphinx-build -b html -q`` with explicit output and doctree folders."""
    script = Path(sys.executable).parent / "sphinx-build"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "sphinx"]
    cmd += ["-b", "html", "-q", "-j", str(jobs), "-d", str(doctrees)]
    if confdir is not None:
        cmd += ["-c", str(confdir)]
    return [*cmd, str(src), str(out)]


#: name of the folder beside a measured one that holds what it replaced (see :func:`set_aside`)
SET_ASIDE = ".beiseite"
#: the folders :func:`set_aside` filled in this process
_set_aside_in: set[Path] = set()


def set_aside(folder: Path) -> None:
    """Move ``folder`` out of the way; :func:`empty_set_aside` deletes it when the process ends.

    Deleting a build's thousands of files just before the next build would
    bill that build for it: ext4 without a journal (the disk of our bench
    machine) passes over every inode freed in the last 30 seconds when it
    gives a new file one, reading the inode table for each (``perf``:
    ``recently_deleted``, ``find_inode_bit``, ``find_get_block_common``,
    9.6 % of a build's samples). A 60-issue build right after deleting the
    previous output spent 4.1 s of system CPU time, 1.3 s without a deletion
    in the 45 s before, and the more files a build writes, the more it paid.
    A rename frees no inode.
    """
    if not folder.exists():
        return
    aside = folder.parent / SET_ASIDE
    aside.mkdir(exist_ok=True)
    if not _set_aside_in:
        atexit.register(empty_set_aside)  # every entry point: run, switch, versus
    _set_aside_in.add(aside)
    folder.rename(aside / f"{folder.name}-{uuid.uuid4().hex[:12]}")


def empty_set_aside() -> None:
    """Delete what :func:`set_aside` moved away (at exit, after the last measured build)."""
    while _set_aside_in:
        shutil.rmtree(_set_aside_in.pop(), ignore_errors=True)


def fresh_build(source: Path, work: Path, jobs: int, confdir: Path | None = None) -> list[str]:
    """Copy ``source`` to ``work/src`` (``work`` set aside first); the command building it."""
    set_aside(work)
    shutil.copytree(source, work / "src")
    return sphinx_command(work / "src", work / "html", work / "doctrees", jobs, confdir)


def _pinned(core: int | None) -> Callable[[], None] | None:
    """What a child runs before ``exec`` to stay on ``core`` (nothing without one)."""
    return None if core is None else functools.partial(os.sched_setaffinity, 0, {core})


def run_build(cmd: list[str], log: Path, core: int | None = None) -> Sample:
    """Run one build in a fresh process; wall time, its peak RSS and warnings.

    Before the clock starts, the files written so far (the previous build's
    output, the copied corpus) are flushed to disk; otherwise the kernel
    writes them back while this build runs and bills it for that. With
    ``core``, the build runs on that core only.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    os.sync()
    with log.open("w", encoding="utf-8") as stream:
        start = time.perf_counter()
        process = subprocess.Popen(
            cmd, stdout=stream, stderr=subprocess.STDOUT, preexec_fn=_pinned(core)
        )
        # wait4: the resources of exactly this child (and the workers it waited for)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    return _sample(cmd, process, log, (seconds, status, usage))


def _sample(
    cmd: list[str], process: subprocess.Popen[bytes], log: Path, reaped: tuple[float, int, Any]
) -> Sample:
    """The sample of ``cmd``'s process from ``reaped`` (wall seconds, wait4 status and usage)."""
    seconds, status, usage = reaped
    code = process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if code != 0:
        raise BenchError(f"sphinx-build endete mit Code {code}: {shlex.join(cmd)}\n{text[-3000:]}")
    warnings = sum(1 for line in text.splitlines() if _WARNING.search(line))
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, cpu, usage.ru_maxrss / 1024, warnings)  # ru_maxrss: KiB on Linux


def shared_core() -> int | None:
    """The core both builds of a pair run on (the last one this process may use)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return max(affinity(0)) if affinity is not None else None


#: environment of one build: ``None`` inherits this process's, else these variables on top
Env = dict[str, str] | None


def fresh_cache(folder: Path) -> Env:
    """An empty ``XDG_CACHE_HOME`` at ``folder`` (set aside first), as a build's environment."""
    set_aside(folder)
    folder.mkdir(parents=True)
    return {"XDG_CACHE_HOME": str(folder)}


def run_pair(
    first: list[str],
    second: list[str],
    logs: tuple[Path, Path],
    core: int | None = None,
    envs: tuple[Env, Env] = (None, None),
) -> tuple[Sample, Sample]:
    """Run two builds at the same time, each in its own process; their samples.

    Each build's wall time ends when that process ends; its CPU time and
    peak RSS are its own (``wait4``). With ``core``, both processes run on
    that one core, taking turns every few milliseconds: a change in the
    machine's speed then hits both alike. ``envs`` adds variables to each
    build's environment (e.g. its own ``XDG_CACHE_HOME``).
    """
    pin = _pinned(core)
    os.sync()
    streams, processes = [], []
    start = time.perf_counter()
    try:
        for cmd, log, env in zip((first, second), logs, envs, strict=True):
            log.parent.mkdir(parents=True, exist_ok=True)
            stream = log.open("w", encoding="utf-8")
            streams.append(stream)
            environ = None if env is None else {**os.environ, **env}
            processes.append(
                subprocess.Popen(
                    cmd, stdout=stream, stderr=subprocess.STDOUT, preexec_fn=pin, env=environ
                )
            )
        ended: dict[int, tuple[float, int, Any]] = {}
        while len(ended) < len(processes):
            pid, status, usage = os.wait4(-1, 0)
            ended[pid] = (time.perf_counter() - start, status, usage)
    finally:
        for stream in streams:
            stream.close()
    first_sample, second_sample = (
        _sample(cmd, process, log, ended[process.pid])
        for cmd, log, process in zip((first, second), logs, processes, strict=True)
    )
    return first_sample, second_sample


def run_pair_alternating(
    run: int,
    first: list[str],
    second: list[str],
    logs: tuple[Path, Path],
    core: int | None,
    envs: tuple[Env, Env] = (None, None),
) -> tuple[Sample, Sample]:
    """:func:`run_pair`, ``first`` started first in odd runs, ``second`` in even ones.

    The samples come back in the order of the arguments.
    """
    if run % 2:
        return run_pair(first, second, logs, core, envs)
    later, earlier = run_pair(second, first, (logs[1], logs[0]), core, (envs[1], envs[0]))
    return earlier, later


def document_pages(outdir: Path) -> list[Path]:
    """The HTML pages of documents (not the index or search page, not assets)."""
    return [
        path
        for path in outdir.rglob("*.html")
        if not path.relative_to(outdir).parts[0].startswith("_")
        and not (path.parent == outdir and path.name in _SPECIAL_PAGES)
    ]


def folder_size(folder: Path) -> int:
    """Bytes of all files below ``folder`` (0 if it does not exist)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def largest_article(outdir: Path, issues_dir: str = "ausgaben") -> int:
    """Bytes of the largest article page (an issue's page other than its ``index.html``)."""
    folder = outdir / issues_dir
    sizes = [p.stat().st_size for p in folder.glob("*/*.html") if p.name != "index.html"]
    return max(sizes, default=0)


class _Links(HTMLParser):
    """The local resources a page makes the browser load (stylesheets, scripts, icons, images)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link":
            rel = (values.get("rel") or "").lower().split()
            if {"stylesheet", "icon", "preload", "modulepreload"} & set(rel):
                self.found.append(values.get("href") or "")
        elif tag in ("script", "img"):
            self.found.append(values.get("src") or "")


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


def _css_references(css: str) -> list[str]:
    """Files a stylesheet loads: every ``url()``/``@import``, but of each ``@font-face``
    only the first source (a browser fetches one format)."""
    found = []
    for face in _FONT_FACE.findall(css):
        first = _CSS_URL.search(face)
        if first:
            found.append(first.group(1) or first.group(2))
    for match in _CSS_URL.finditer(_FONT_FACE.sub("", css)):
        found.append(match.group(1) or match.group(2))
    return found


def _local(base: Path, reference: str) -> Path | None:
    if not reference or re.match(r"^[a-z][a-z0-9+.-]*:|^//", reference, re.IGNORECASE):
        return None  # absolute URLs and data: URIs are not files of the site
    return (base / reference.split("#")[0].split("?")[0]).resolve()


def start_page_weight(outdir: Path) -> int:
    """Bytes a cold visit of ``index.html`` loads at most, uncompressed (static estimate).

    The page, every stylesheet, script, icon and image it links, and what the
    stylesheets reference (fonts: the first format of each ``@font-face``). The
    browser test ``tests/browser/test_page_weight_browser.py`` measures the
    real transfer; this estimate is what the benchmark can compute for every
    corpus size without a browser.
    """
    page = outdir / "index.html"
    if not page.is_file():
        return 0
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    seen: set[Path] = set()
    todo = [path for ref in parser.found if (path := _local(outdir, ref))]
    total = page.stat().st_size
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        total += path.stat().st_size
        if path.suffix == ".css":
            css = path.read_text(encoding="utf-8", errors="replace")
            todo += [p for ref in _css_references(css) if (p := _local(path.parent, ref))]
    return total


def pages_containing(outdir: Path, text: str) -> list[Path]:
    """Document pages whose HTML contains ``text``."""
    return sorted(p for p in document_pages(outdir) if text in p.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------
# All builds of one corpus size


@dataclass
class BuildResult:
    """Every sample of one build variant at one size (seconds: wall time, ``*_cpu``: CPU)."""

    full: list[float] = field(default_factory=list)
    full_cpu: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    pages: int = 0
    searchindex_kb: float = 0.0
    search_dir_kb: float = 0.0  # our sharded search data in _search/, if any
    searchindex_gzip_kb: float = 0.0  # Sphinx's searchindex.js, gzipped
    query_kb: float = 0.0  # most one single-word query of our search transfers, gzipped
    article_kb: float = 0.0  # the largest article page's HTML
    start_kb: float = 0.0  # a cold visit of the start page (static estimate)
    check: list[float] = field(default_factory=list)  # transmit-kb check, wall time
    pdf_per_page: list[float] = field(default_factory=list)  # print edition, wall s per page
    pdf_pages: int = 0
    pdfua_per_page: list[float] = field(default_factory=list)  # accessible PDF, wall s per page
    pdfua_pages: int = 0
    warnings: int = 0
    incr_article: list[float] = field(default_factory=list)
    incr_article_cpu: list[float] = field(default_factory=list)
    incr_case: list[float] = field(default_factory=list)
    incr_case_cpu: list[float] = field(default_factory=list)
    # pairs built at the same time as ``ours``: this variant's and ours' CPU and wall times
    paired_cpu: list[float] = field(default_factory=list)
    paired_ours_cpu: list[float] = field(default_factory=list)
    paired_wall: list[float] = field(default_factory=list)
    paired_ours_wall: list[float] = field(default_factory=list)
    # full builds of ``ours`` and the one-article rebuilds run beside each on one core
    incr_pair_full_cpu: list[float] = field(default_factory=list)
    incr_pair_cpu: list[list[float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, sample: Sample) -> None:
        """Record ``sample`` as a ``full``, ``incr_article`` or ``incr_case`` build."""
        getattr(self, key).append(sample.seconds)
        getattr(self, f"{key}_cpu").append(sample.cpu)

    def summary(self, clock: str = "wall") -> dict[str, float]:
        """Medians and counts, as :func:`make_rows` wants them (times of ``clock``)."""
        suffix = "_cpu" if clock == "cpu" else ""
        found: dict[str, float] = {
            "pages": self.pages,
            "searchindex_kb": self.searchindex_kb,
            "warnings": self.warnings,
        }
        for key in ("search_dir_kb", "searchindex_gzip_kb", "query_kb", "article_kb", "start_kb"):
            if getattr(self, key):
                found[key] = getattr(self, key)
        for key in ("check", "pdf_per_page", "pdfua_per_page"):  # wall time: waits
            if getattr(self, key):
                found[key] = statistics.median(getattr(self, key))
        if self.rss_mb:
            found["rss_mb"] = statistics.median(self.rss_mb)
        for key in ("full", "incr_article", "incr_case"):
            samples = getattr(self, key + suffix)
            if samples:
                found[key] = statistics.median(samples)
        if "full" in found and self.pages:
            found["per_page"] = found["full"] / self.pages
        pairs = [
            (statistics.median(rebuilds), full)
            for rebuilds, full in zip(self.incr_pair_cpu, self.incr_pair_full_cpu, strict=True)
            if rebuilds
        ]
        if pairs:  # CPU time, as for the pairs below
            found["incr_paired"] = statistics.median(rebuild for rebuild, _ in pairs)
            found["incr_paired_full"] = statistics.median(full for _, full in pairs)
            found["incr_paired_ratio"] = statistics.median(
                rebuild / full for rebuild, full in pairs
            )
        if self.paired_cpu:  # CPU time whatever the clock: the pairs share the wall clock
            found["paired"] = statistics.median(self.paired_cpu)
            found["paired_ours"] = statistics.median(self.paired_ours_cpu)
            found["paired_ratio"] = statistics.median(
                ours / mine
                for ours, mine in zip(self.paired_ours_cpu, self.paired_cpu, strict=True)
            )
        return found


@dataclass
class Settings:
    """What the runner was asked to do."""

    out: Path
    repeat: int = 3
    jobs: int = 1
    builds: tuple[str, ...] = tuple(BUILDS)
    corpus: CorpusOptions = field(default_factory=CorpusOptions)
    case_directive: bool = True
    clock: str = "wall"  # "wall" or "cpu": which time the table shows
    pdf: bool = True  # build the print edition of ``ours`` (``--repeat`` times)
    pairs: int = 5  # ``ours`` beside each ``ours-ohne-…`` variant, and rebuilds beside a full build
    setting_pairs: bool = True  # ``ours`` beside ``ours`` with the settings of SETTING_PAIRS


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def case_studies_available() -> bool:
    """Whether the extension has its case-study directive (``transmit_kb.case_studies.cards``)."""
    return importlib.util.find_spec("transmit_kb.case_studies.cards") is not None


def measured_issue(options: CorpusOptions) -> Any:
    """The issue whose pages the incremental builds edit: the one mid-series."""
    issues = plan_corpus(options).issues
    return issues[(len(issues) - 1) // 2]


def edited_article(issue: Any) -> Any:
    """The article of ``issue`` the incremental builds edit: one without case studies."""
    return next((a for a in issue.articles if not a.cases), issue.articles[0])


def append_sentence(path: Path, marker: str, seed: int) -> None:
    """Add a paragraph starting with ``marker`` to the end of ``path``."""
    text = sentence(random.Random(seed))
    path.write_text(path.read_text(encoding="utf-8") + f"\n{marker}: {text}\n", encoding="utf-8")


def _incremental(
    name: str,
    src: Path,
    cmd: list[str],
    work: Path,
    settings: Settings,
    result: BuildResult,
    expect_cards: bool,
) -> list[str]:
    """Edit one article, then one case-study title, and build again; return stale messages."""
    issue = measured_issue(settings.corpus)
    article = edited_article(issue)
    holders = [a for a in issue.articles if a.cases]
    holder = next((a for a in holders if a.kind == "Praxisbeispiel"), holders[0])
    case_file = src / holder.path
    title = holder.cases[0].title
    out = cmd[-1]
    stale = []
    for run in range(1, settings.repeat + 1):
        marker = f"Nachtrag {run} zur Messung"
        append_sentence(src / article.path, marker, run)
        result.add("incr_article", run_build(cmd, work / f"incr-article-{run}.log"))
        page = Path(out) / article.path.replace(".md", ".html")
        if marker not in page.read_text(encoding="utf-8"):
            stale.append(f"{name}: {page} zeigt die Änderung des Beitrags nicht")

        showing = pages_containing(Path(out), title)
        new_title = f"{holder.cases[0].title}, Fassung {run + 1}"
        text = case_file.read_text(encoding="utf-8")
        case_file.write_text(text.replace(title, new_title, 1), encoding="utf-8")
        result.add("incr_case", run_build(cmd, work / f"incr-case-{run}.log"))
        if not showing:
            if expect_cards:
                stale.append(f"{name}: der Titel „{title}“ steht vor der Änderung auf keiner Seite")
            elif not result.notes:
                result.notes.append(
                    f"{name}: Praxisbeispiel-Titel auf keiner Seite (Direktive fehlt), "
                    "Titelprüfung übersprungen"
                )
        for shown in showing:
            if new_title not in shown.read_text(encoding="utf-8"):
                stale.append(f"{name}: {shown} zeigt noch den alten Titel „{title}“")
        title = new_title
    return stale


_PRINT = "import sys; from transmit_kb.print_edition.build import main; sys.exit(main())"


def measure_check(src: Path, work: Path, repeat: int, result: BuildResult) -> None:
    """``transmit-kb check`` on the sources, ``repeat`` times, each in a fresh process."""
    cmd = [sys.executable, "-m", "transmit_kb", "check", str(src)]
    for run in range(1, repeat + 1):
        result.check.append(run_build(cmd, work / f"check-{run}.log").seconds)


def measure_pdf(src: Path, work: Path, repeat: int, result: BuildResult) -> None:
    """The print edition of every issue (``make pdf``), from scratch, ``repeat`` times."""
    from transmit_kb.print_edition.build import count_pages

    out = work / "druck"
    for run in range(1, repeat + 1):
        set_aside(out)
        cmd = [sys.executable, "-c", _PRINT, "build", "--source", str(src), "--out", str(out)]
        sample = run_build(cmd, work / f"pdf-{run}.log")
        if sample.warnings:
            raise BenchError(f"Der PDF-Bau meldet Warnungen, siehe {work / f'pdf-{run}.log'}")
        result.pdf_pages = count_pages(sorted((out / "pdf").glob("*.pdf")))
        if not result.pdf_pages:
            raise BenchError(f"Der PDF-Bau hat keine PDF geschrieben, siehe {work}/pdf-{run}.log")
        result.pdf_per_page.append(sample.seconds / result.pdf_pages)


_PDFUA = "import sys; from transmit_kb.accessible_edition.cli import main; sys.exit(main())"


def measure_pdfua(src: Path, work: Path, repeat: int, result: BuildResult) -> None:
    """The accessible PDF of every issue (``make pdfua``), from scratch, ``repeat`` times."""
    from transmit_kb.print_edition.build import count_pages

    out = work / "barrierefrei"
    for run in range(1, repeat + 1):
        set_aside(out)
        cmd = [sys.executable, "-c", _PDFUA, "--source", str(src), "--out", str(out)]
        sample = run_build(cmd, work / f"pdfua-{run}.log")
        if sample.warnings:
            raise BenchError(f"Der PDF/UA-Bau meldet Warnungen, siehe {work / f'pdfua-{run}.log'}")
        result.pdfua_pages = count_pages(sorted((out / "pdfua").glob("*.pdf")))
        if not result.pdfua_pages:
            raise BenchError(f"Kein PDF/UA geschrieben, siehe {work}/pdfua-{run}.log")
        result.pdfua_per_page.append(sample.seconds / result.pdfua_pages)


#: the variants whose difference to ``ours`` is one feature
FEATURE_VARIANTS = ("ours-autoren-als-text", "ours-ohne-autoren", "ours-ohne-praxisbeispiele")


def _record_pair(result: BuildResult, ours: Sample, mine: Sample, progress: str, name: str) -> None:
    """Keep one pair's times in ``result`` (the other build's) and report its ratio."""
    result.paired_cpu.append(mine.cpu)
    result.paired_ours_cpu.append(ours.cpu)
    result.paired_wall.append(mine.seconds)
    result.paired_ours_wall.append(ours.seconds)
    _say(
        f"{progress}: ours CPU {ours.cpu:.1f} s, {name} CPU {mine.cpu:.1f} s, "
        f"Verhältnis {ours.cpu / mine.cpu:.3f}"
    )


def measure_pairs(
    settings: Settings,
    issues: int,
    root: Path,
    folders: dict[str, Path],
    results: dict[str, BuildResult],
) -> None:
    """Build ``ours`` and each feature variant at the same time, ``settings.pairs`` times.

    Both builds of a pair share one core (:func:`shared_core`). Measured on
    the 2-core test machine, two identical builds (5 issues) sharing a core
    differed by at most 0.7 % in CPU time over 5 pairs; on a core each, by up
    to 13 %; one after the other, time varies by 20 % and more. Sharing a core
    makes each build slower (they evict each other's caches); only the ratio
    is reported. Which of the two starts first alternates. Each build gets a
    fresh copy of its corpus and fresh output folders (:func:`fresh_build`),
    as in the builds one after the other.
    """
    if "ours" not in settings.builds:
        return
    core = shared_core()
    for name in (n for n in FEATURE_VARIANTS if n in settings.builds):
        result = results[name]
        for run in range(1, settings.pairs + 1):
            commands = [
                fresh_build(folders[BUILDS[v][0]], root / "paarweise" / v, settings.jobs)
                for v in ("ours", name)
            ]
            pairs = root / "paarweise"
            logs = (pairs / f"ours-{run}.log", pairs / f"{name}-{run}.log")
            ours, mine = run_pair_alternating(run, commands[0], commands[1], logs, core)
            progress = f"[{issues} Ausgaben] gleichzeitig {run}/{settings.pairs}"
            _record_pair(result, ours, mine, progress, name)
        set_aside(root / "paarweise" / name)


def measure_setting_pairs(
    settings: Settings, issues: int, root: Path, source: Path, results: dict[str, BuildResult]
) -> None:
    """Build ``ours`` beside ``ours`` with the settings of each of :data:`SETTING_PAIRS`.

    As :func:`measure_pairs`, ``settings.pairs`` times on one core. A pair
    whose builds start with an empty cache gives each its own empty
    ``XDG_CACHE_HOME`` (as CI or a fresh machine: every citation is
    rendered); the others use the cache the builds before filled.
    """
    if "ours" not in settings.builds or not settings.setting_pairs or settings.pairs < 1:
        return
    core = shared_core()
    for name, (extra, cold) in SETTING_PAIRS.items():
        result = results.setdefault(name, BuildResult())
        folder = root / "paarweise" / name
        for run in range(1, settings.pairs + 1):
            plain = fresh_build(source, folder / "ours", settings.jobs)
            changed = fresh_build(source, folder / "geschaltet", settings.jobs) + list(extra)
            logs = (
                root / "paarweise" / f"{name}-ours-{run}.log",
                root / "paarweise" / f"{name}-{run}.log",
            )
            envs: tuple[Env, Env] = (
                (fresh_cache(folder / "cache-ours"), fresh_cache(folder / "cache-geschaltet"))
                if cold
                else (None, None)
            )
            ours, mine = run_pair_alternating(run, plain, changed, logs, core, envs)
            progress = f"[{issues} Ausgaben] gleichzeitig {run}/{settings.pairs}"
            _record_pair(result, ours, mine, progress, f"{name} ({' '.join(extra)})")
        set_aside(folder)


def measure_incremental_pairs(
    settings: Settings, root: Path, source: Path, built: Path, result: BuildResult
) -> None:
    """One-article rebuilds next to full builds, on one core, ``settings.pairs`` times.

    A full build of a fresh copy of ``source`` starts; meanwhile the article
    of :func:`edited_article` in ``built`` (a site built before) is edited and
    rebuilt again and again, on the same core. Rebuilds that ended while the
    full build still ran count; the pair's ratio is their median CPU time over
    the full build's. Like the feature pairs (:func:`measure_pairs`), both
    see the same speed of the machine, which a full build and rebuilds
    minutes apart do not.
    """
    core = shared_core()
    article = built / "src" / edited_article(measured_issue(settings.corpus)).path
    cmd = sphinx_command(built / "src", built / "html", built / "doctrees", settings.jobs)
    folder = root / "paarweise"
    for run in range(1, settings.pairs + 1):
        full_cmd = fresh_build(source, folder / "ours-voll", settings.jobs)
        log = folder / f"ours-voll-{run}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        rebuilds: list[float] = []
        os.sync()
        with log.open("w", encoding="utf-8") as stream:
            start = time.perf_counter()
            full = subprocess.Popen(
                full_cmd, stdout=stream, stderr=subprocess.STDOUT, preexec_fn=_pinned(core)
            )
            ended: tuple[float, int, Any] | None = None
            try:
                while ended is None:
                    marker = f"Nachtrag beim Vollbuild {run}.{len(rebuilds)}"
                    append_sentence(article, marker, run)
                    rebuild = run_build(cmd, folder / "ours-inkrementell.log", core)
                    pid, status, usage = os.wait4(full.pid, os.WNOHANG)
                    if pid:
                        ended = (time.perf_counter() - start, status, usage)
                    else:  # the full build ran all the time this rebuild did
                        rebuilds.append(rebuild.cpu)
            except BaseException:
                full.kill()
                full.wait()
                raise
        sample = _sample(full_cmd, full, log, ended)
        result.incr_pair_full_cpu.append(sample.cpu)
        result.incr_pair_cpu.append(rebuilds)
        if rebuilds:
            _say(
                f"[{settings.corpus.issues} Ausgaben] inkrementell neben Vollbuild {run}/"
                f"{settings.pairs}: {len(rebuilds)} Neubauten, Median CPU "
                f"{statistics.median(rebuilds):.2f} s, Vollbuild CPU {sample.cpu:.1f} s"
            )
    set_aside(folder / "ours-voll")


def rotated(builds: tuple[str, ...], shift: int) -> tuple[str, ...]:
    """``builds`` starting at position ``shift`` (modulo their number)."""
    if not builds:
        return builds
    shift %= len(builds)
    return builds[shift:] + builds[:shift]


def bench_size(settings: Settings, issues: int) -> tuple[dict[str, BuildResult], list[str]]:
    """Write the corpus of ``issues`` issues and run every build; results and stale pages."""
    options = dataclasses.replace(settings.corpus, issues=issues)
    size_settings = dataclasses.replace(settings, corpus=options)
    root = settings.out / f"ausgaben-{issues}"
    _say(f"[{issues} Ausgaben] Korpus nach {root} …")
    folders = write_corpus(root / "korpus", options, case_directive=settings.case_directive)
    cards = settings.case_directive and case_studies_available()
    results = {name: BuildResult() for name in settings.builds}
    commands: dict[str, list[str]] = {}
    # Repetitions are interleaved and rotated (a, b, c, b, c, a, …), so a
    # change in the machine's load spreads over all variants, and no variant
    # always runs right after the slowest one.
    for run in range(1, settings.repeat + 1):
        for name in rotated(settings.builds, run - 1):
            corpus_name, conf_name, _ = BUILDS[name]
            work = root / "work" / name
            confdir = root / "korpus" / conf_name if conf_name else None
            cmd = fresh_build(folders[corpus_name], work, settings.jobs, confdir)
            commands[name] = cmd
            sample = run_build(cmd, work / f"full-{run}.log")
            result = results[name]
            result.add("full", sample)
            result.rss_mb.append(sample.rss_mb)
            result.warnings = sample.warnings
            _say(
                f"[{issues} Ausgaben] {name}: Vollbuild {run}/{settings.repeat} "
                f"{sample.seconds:.1f} s (CPU {sample.cpu:.1f} s), {sample.rss_mb:.0f} MB, "
                f"{sample.warnings} Warnungen"
            )
    measure_pairs(settings, issues, root, folders, results)
    measure_setting_pairs(settings, issues, root, folders["ours"], results)
    stale: list[str] = []
    for name in settings.builds:
        result, work = results[name], root / "work" / name
        html = work / "html"
        result.pages = len(document_pages(html))
        index = html / "searchindex.js"
        result.searchindex_kb = index.stat().st_size / 1024 if index.exists() else 0.0
        result.search_dir_kb = folder_size(html / "_search") / 1024
        search_sizes = index_size(html)  # Sphinx's index and, for ours, our search data
        result.searchindex_gzip_kb = search_sizes.get("sphinx_searchindex_gzip", 0) / 1024
        result.query_kb = search_sizes["query_max_gzip"] / 1024
        result.article_kb = largest_article(html) / 1024
        result.start_kb = start_page_weight(html) / 1024
        if name == "ours":
            measure_check(work / "src", work, settings.repeat, result)
            _say(f"[{issues} Ausgaben] check: {statistics.median(result.check):.2f} s")
        if BUILDS[name][2]:
            expect = cards and name == "ours"
            stale += _incremental(
                name, work / "src", commands[name], work, size_settings, result, expect
            )
            if name == "ours":
                measure_incremental_pairs(size_settings, root, folders["ours"], work, result)
            _say(
                f"[{issues} Ausgaben] {name}: inkrementell "
                f"{statistics.median(result.incr_article):.1f} s (Beitrag), "
                f"{statistics.median(result.incr_case):.1f} s (Praxisbeispiel-Titel)"
            )
        if name == "ours" and settings.pdf:
            measure_pdf(work / "src", work, settings.repeat, result)
            _say(
                f"[{issues} Ausgaben] PDF: {result.pdf_pages} Seiten, "
                f"{statistics.median(result.pdf_per_page):.3f} s pro Seite"
            )
            measure_pdfua(work / "src", work, settings.repeat, result)
            _say(
                f"[{issues} Ausgaben] PDF/UA: {result.pdfua_pages} Seiten, "
                f"{statistics.median(result.pdfua_per_page):.3f} s pro Seite"
            )
    return results, stale


def cross_size_rows(by_size: dict[int, dict[str, dict[str, float]]]) -> list[Row]:
    """Growth from the smallest to the largest corpus: time and search data per page."""
    if len(by_size) < 2:
        return []
    small, large = min(by_size), max(by_size)

    def per_page(size: int, key: str) -> float | None:
        numbers = by_size[size].get("ours", {})
        value, pages = numbers.get(key), numbers.get("pages")
        return value / pages if value is not None and pages else None

    return [
        Row(
            large,
            f"Zeit pro Seite ours, {large} vs. {small} Ausg. [s]",
            per_page(large, "full"),
            per_page(small, "full"),
            TARGET_LINEAR,
        ),
        Row(
            large,
            f"Suchdaten pro Seite ours, {large} vs. {small} Ausg. [KB]",
            per_page(large, "search_dir_kb"),
            per_page(small, "search_dir_kb"),
        ),
        Row(
            large,
            f"Suche max. je Anfrage ours, {large} vs. {small} Ausg. [KB gzip]",
            by_size[large].get("ours", {}).get("query_kb"),
            by_size[small].get("ours", {}).get("query_kb"),
        ),
    ]


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import sphinx

    affinity = getattr(os, "sched_getaffinity", None)
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(affinity(0)) if affinity else os.cpu_count(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
    }


# --------------------------------------------------------------------------
# Command line


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' ist keine Liste von Zahlen wie 5,20,60"
        ) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("Jede Größe muss mindestens 1 Ausgabe sein")
    return sizes


def _builds(text: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in names if name not in BUILDS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"Unbekannte Variante(n) {', '.join(unknown)}; bekannt sind {', '.join(BUILDS)}"
        )
    return names


def add_corpus_arguments(p: argparse.ArgumentParser) -> None:
    """``--articles``, ``--words`` and ``--out``, shared with :mod:`benchmarks.switch`."""
    p.add_argument("--articles", type=int, default=8, help="Beiträge je Ausgabe (Standard: 8)")
    p.add_argument("--words", type=int, default=3000, help="Wörter je Beitrag (Standard: 3000)")
    p.add_argument(
        "--out", type=Path, default=Path("bench-corpus"), help="Arbeitsordner (bench-corpus/)"
    )


def parser() -> argparse.ArgumentParser:
    """The options of ``python -m benchmarks``."""
    p = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Misst Voll- und inkrementelle Builds eines künstlichen Korpus "
        "(siehe docs/benchmark.md).",
    )
    p.add_argument("--issues", type=int, default=5, help="Zahl der Ausgaben (Standard: 5)")
    p.add_argument("--sizes", type=_sizes, help="mehrere Größen, z. B. 5,20,60 (statt --issues)")
    p.add_argument("--repeat", type=int, default=3, help="Wiederholungen, Median (Standard: 3)")
    p.add_argument(
        "--pairs",
        type=int,
        default=5,
        help="so oft ours und jede Variante ohne ein Merkmal (Autoren, Praxisbeispiele)"
        " gleichzeitig bauen, ebenso inkrementelle Builds neben einem Vollbuild;"
        " Median der CPU-Verhältnisse (Standard: 5; 0: nicht)",
    )
    p.add_argument("-j", "--jobs", type=int, default=1, help="sphinx-build -j (Standard: 1)")
    add_corpus_arguments(p)
    p.add_argument("--seed", type=int, default=1, help="Startwert des Generators (Standard: 1)")
    p.add_argument(
        "--builds", type=_builds, default=tuple(BUILDS), help=f"Varianten ({','.join(BUILDS)})"
    )
    p.add_argument(
        "--no-case-study-directive",
        action="store_true",
        help="Praxisbeispiele auch in 'ours' als einfachen Text schreiben",
    )
    p.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        help="Zeiten der Tabelle: Wanduhr (wall, Standard) oder CPU-Zeit des Builds (cpu);"
        " mit --report aus den gespeicherten Einzelmessungen neu berechnet",
    )
    p.add_argument(
        "--no-setting-pairs",
        action="store_true",
        help="'ours' nicht neben 'ours' mit -D transmit_citation=0 bauen (Zitieren, Issue 21)",
    )
    p.add_argument(
        "--no-pdf", action="store_true", help="die Druckausgabe (PDF) von 'ours' nicht bauen"
    )
    p.add_argument("--json", type=Path, help="Ergebnisse zusätzlich als JSON speichern")
    p.add_argument(
        "--report",
        type=Path,
        metavar="JSON",
        help="nichts messen, nur die Tabelle eines mit --json gespeicherten Laufs ausgeben",
    )
    return p


def table_rows(by_size: dict[int, dict[str, dict[str, float]]]) -> list[Row]:
    """Every row of the table: each size's rows, then the growth across sizes."""
    rows = [row for size in sorted(by_size) for row in make_rows(size, by_size[size])]
    return rows + cross_size_rows(by_size)


def _saved_summary(result: dict[str, Any], clock: str | None) -> dict[str, float]:
    """The medians of a saved result: as saved, or recomputed from its samples for ``clock``."""
    if clock is None:
        summary: dict[str, float] = result["summary"]
        return summary
    known = {f.name for f in dataclasses.fields(BuildResult)}
    return BuildResult(**{k: v for k, v in result.items() if k in known}).summary(clock)


def report_rows(report: dict[str, Any], clock: str | None = None) -> list[Row]:
    """The table rows of a run saved with ``--json`` (with today's targets).

    With ``clock`` ("wall" or "cpu"), times are medians of that clock's samples,
    whichever clock the run printed.
    """
    return table_rows(
        {
            int(size): {name: _saved_summary(result, clock) for name, result in builds.items()}
            for size, builds in report["sizes"].items()
        }
    )


def print_report(path: Path, clock: str | None = None) -> int:
    """Print the table of a saved run; 2 if the file cannot be read."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        rows = report_rows(report, clock)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"{path} ist kein gespeicherter Lauf von --json: {exc}", file=sys.stderr)
        return 2
    print(f"Befehl: {report.get('command', '?')}")
    if clock is not None:
        print(f"Zeiten: {'CPU-Zeit' if clock == 'cpu' else 'Wanduhr'}")
    print(format_table(rows))
    return 0


def write_byte_code() -> None:
    """Compile ``transmit_kb`` to byte code before timing anything.

    pip writes byte code for the installed packages (Sphinx, the themes), not
    for this editable package; with ``PYTHONDONTWRITEBYTECODE`` set, every
    build process would compile our modules from source again (about 50 ms
    per build), a cost no installed site pays.
    """
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "_ext" / "transmit_kb", quiet=1)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0, 1 (stale output) or 2 (a build failed)."""
    args = parser().parse_args(argv)
    if args.report:
        return print_report(args.report, args.clock)
    args.clock = args.clock or "wall"
    if args.repeat < 1 or args.jobs < 1 or args.articles < 1 or args.words < 1:
        print("--repeat, -j, --articles und --words müssen mindestens 1 sein.", file=sys.stderr)
        return 2
    if args.pairs < 0:
        print("--pairs darf nicht negativ sein.", file=sys.stderr)
        return 2
    sizes = args.sizes or [args.issues]
    settings = Settings(
        out=args.out.resolve(),
        repeat=args.repeat,
        jobs=args.jobs,
        builds=args.builds,
        corpus=CorpusOptions(
            articles=args.articles, words=args.words, seed=args.seed, reviewed=dt.date.today()
        ),
        case_directive=not args.no_case_study_directive,
        clock=args.clock,
        pdf=not args.no_pdf,
        setting_pairs=not args.no_setting_pairs,
        pairs=args.pairs,
    )
    command = shlex.join(["python", "-m", "benchmarks", *(sys.argv[1:] if argv is None else argv)])
    info = machine()
    print(f"Befehl: {command}")
    print(
        f"Rechner: {info['cores']} Kerne ({info['usable_cores']} nutzbar), "
        f"Last {info['load_avg']}, {info['platform']}, Python {info['python']}, "
        f"Sphinx {info['sphinx']}"
    )
    print(
        f"Korpus: je Ausgabe {args.articles} Beiträge zu {args.words} Wörtern, Seed {args.seed}; "
        f"-j {args.jobs}, {args.repeat} Wiederholungen (Median), "
        f"Zeiten: {'CPU-Zeit' if args.clock == 'cpu' else 'Wanduhr'}"
    )
    if settings.case_directive and not case_studies_available():
        print(
            "Hinweis: transmit_kb.case_studies.cards fehlt noch; die {case-study}-Karten in 'ours' "
            "erzeugen Warnungen und die Titelprüfung entfällt."
        )
    write_byte_code()
    started = time.perf_counter()
    by_size: dict[int, dict[str, dict[str, float]]] = {}
    stale: list[str] = []
    report: dict[str, Any] = {"command": command, "machine": info, "sizes": {}}
    report["settings"] = {
        "repeat": args.repeat,
        "jobs": args.jobs,
        "articles": args.articles,
        "words": args.words,
        "seed": args.seed,
        "builds": list(args.builds),
        "case_directive": settings.case_directive,
        "clock": args.clock,
        "pdf": settings.pdf,
        "pairs": settings.pairs,
        "setting_pairs": settings.setting_pairs,
    }
    try:
        for issues in sizes:
            results, found = bench_size(settings, issues)
            stale += found
            summary = {name: result.summary(settings.clock) for name, result in results.items()}
            by_size[issues] = summary
            report["sizes"][str(issues)] = {
                name: {**asdict(result), "summary": summary[name]}
                for name, result in results.items()
            }
    except BenchError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    rows = table_rows(by_size)
    print()
    print(format_table(rows))
    print(
        "Wert: die erste genannte Variante; Vergleich: die zweite; Verhältnis = Wert / Vergleich."
        " Medianwerte; Ziele mit 'bei 60 Ausg.' gelten erst ab 60 Ausgaben."
    )
    notes = sorted(
        {n for size in report["sizes"].values() for r in size.values() for n in r["notes"]}
    )
    for note in notes:
        print(f"Hinweis: {note}")
    minutes = (time.perf_counter() - started) / 60
    print(f"Dauer: {minutes:.1f} min")
    report["rows"] = [{**asdict(row), "ratio": row.ratio, "status": row.status} for row in rows]
    report["minutes"] = round(minutes, 2)
    report["stale"] = stale
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"JSON: {args.json}")
    for message in stale:
        print(f"stale! {message}")
    return 1 if stale else 0
