"""The real site built as a release: PDFs first, then HTML, both with ``html_baseurl``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SOURCE = TESTS.parent / "source"
SPHINX_BUILD = Path(sys.executable).parent / "sphinx-build"
BASE = "https://example.org/"
GENERATED = (
    "autoren",
    "praxisbeispiele/laender",
    "praxisbeispiele/kommunen",
    "praxisbeispiele/themen",
)


def _run(cmd: list[str], cwd: Path) -> None:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"{cmd} failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}")


@pytest.fixture(scope="session")
def print_and_web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PDF first, then HTML, both with html_baseurl (as a release build); returns ``_build``."""
    work = tmp_path_factory.mktemp("cite")
    src = work / "source"
    shutil.copytree(SOURCE, src, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    for generated in GENERATED:
        shutil.rmtree(src / generated, ignore_errors=True)
    out = work / "_build"
    base = ["-W", "--keep-going", "-D", f"html_baseurl={BASE}"]
    _run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            *base,
            "-b",
            "pdf",
            "-t",
            "pdf",
            "-d",
            str(out / "doctrees-pdf"),
            str(src),
            str(out / "pdf"),
        ],
        work,
    )
    _run(
        [str(SPHINX_BUILD), "-q", *base, "-j", "2", "-b", "html", str(src), str(out / "html")], work
    )
    return out
