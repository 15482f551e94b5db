"""Shared fixtures: the sphinx.testing roots and one strict build of the real site.

``sphinx.testing.fixtures`` is loaded through pyproject's ``addopts``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from citation_fixtures import print_and_web  # noqa: F401 (release build: PDF, then HTML)

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
SOURCE = PROJECT / "source"
SPHINX_BUILD = Path(sys.executable).parent / "sphinx-build"

# What the build writes into its source tree (see .gitignore / `make clean`).
GENERATED = (
    "autoren",
    "praxisbeispiele/laender",
    "praxisbeispiele/kommunen",
    "praxisbeispiele/themen",
)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` folders."""
    return TESTS / "roots"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real ``source/`` once per session, strictly, and return the HTML folder.

    The build runs on a copy because it generates pages into its source tree.
    """
    work = tmp_path_factory.mktemp("site")
    src = work / "source"
    shutil.copytree(SOURCE, src, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    for generated in GENERATED:  # stale output of a local `make html`
        shutil.rmtree(src / generated, ignore_errors=True)
    out = work / "html"
    cmd = [str(SPHINX_BUILD), "-W", "--keep-going", "-j", "2", "-b", "html", str(src), str(out)]
    result = subprocess.run(cmd, cwd=work, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(
            f"sphinx-build exited with {result.returncode}:\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-8000:]}",
            pytrace=False,
        )
    return out


PRINT = [
    sys.executable,
    "-c",
    "import sys; from transmit_kb.print_edition.build import main; sys.exit(main())",
]
ACCESSIBLE = [sys.executable, "-m", "transmit_kb.accessible_edition.cli"]


def run_or_fail(command: list[str], cwd: Path) -> None:
    """Run ``command`` in ``cwd``; fail the test with its output if it fails."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(command[2:])} exited with {result.returncode}:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def print_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site as ``make all`` builds it (on a copy of source/): PDFs, accessible
    PDFs, EPUBs, then the HTML that offers them. Returns the ``_build`` folder."""
    work = tmp_path_factory.mktemp("print")
    src = work / "source"
    shutil.copytree(SOURCE, src, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    for generated in GENERATED:
        shutil.rmtree(src / generated, ignore_errors=True)
    for command in ("build", "series", "epub"):
        run_or_fail([*PRINT, command, "--source", "source", "--out", "_build"], work)
    run_or_fail([*ACCESSIBLE, "--source", "source", "--out", "_build"], work)
    run_or_fail(
        [str(SPHINX_BUILD), "-W", "--keep-going", "-j", "2", "-b", "html", "source", "_build/html"],
        work,
    )
    return work / "_build"
