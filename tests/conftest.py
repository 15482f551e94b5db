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
