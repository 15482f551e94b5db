"""The real site as ``make all`` publishes it (issue PDFs first, then HTML), served
like a static host: ``name.gz`` with ``Content-Encoding: gzip`` when the browser
accepts it.

Import the fixtures into a test module: ``from published import published_server``.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import GENERATED, SOURCE

PRINT = [
    sys.executable,
    "-c",
    "import sys; from transmit_kb.print_edition.build import main; sys.exit(main())",
]


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} exited with {result.returncode}:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make pdf html`` on a copy of ``source/``, strictly; the HTML folder."""
    work = tmp_path_factory.mktemp("published")
    src = work / "source"
    shutil.copytree(SOURCE, src, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    for generated in GENERATED:
        shutil.rmtree(src / generated, ignore_errors=True)
    _run([*PRINT, "build", "--source", "source", "--out", "_build"], work)
    sphinx = Path(sys.executable).parent / "sphinx-build"
    _run(
        [str(sphinx), "-W", "--keep-going", "-j", "2", "-b", "html", "source", "_build/html"], work
    )
    return work / "_build" / "html"


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``name.gz`` (gzip-encoded) for ``name`` when the client accepts gzip."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        packed = path.with_name(path.name + ".gz")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not packed.is_file():
            return super().send_head()
        body = packed.open("rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(packed.stat().st_size))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return body


@pytest.fixture(scope="session")
def published_server(published_site: Path) -> Iterator[str]:
    """The published site on 127.0.0.1 (free port), gzip like a static host; base URL."""
    handler = functools.partial(StaticHostHandler, directory=str(published_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
