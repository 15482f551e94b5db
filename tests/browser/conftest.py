"""Fixtures for the browser tests: a local server for the build, Chromium, axe-core.

Nothing here may skip: when Chromium or axe-core is missing, CI must go red.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1"}
HARMLESS_SCHEMES = {"data", "blob", "about"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (free port); yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright. Fails (never skips) when it cannot run."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: install it with `apt-get install chromium` "
            "(.ci/run does this); the browser tests must not be skipped.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(f"Playwright is not installed ({exc}): pip install -e '.[test]'", pytrace=False)
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
        except Exception as exc:
            pytest.fail(f"Chromium ({CHROMIUM}) failed to launch:\n{exc}", pytrace=False)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in HARMLESS_SCHEMES or parts.hostname in LOCAL_HOSTS


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh context and page; at teardown, every request must have gone to 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    context.set_default_timeout(15_000)
    requests: list[str] = []
    pg = context.new_page()
    pg.on("request", lambda request: requests.append(request.url))
    yield pg
    context.close()
    offenders = sorted({url for url in requests if not _is_local(url)})
    assert not offenders, "requests to other hosts than 127.0.0.1:\n" + "\n".join(offenders)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Inject axe-core from node_modules (never a CDN) and return its WCAG 2.1 A/AA violations."""
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: run `npm install --no-audit --no-fund` in {PROJECT}",
            pytrace=False,
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return results.violations;
        }""",
        AXE_TAGS,
    )


def run_axe_all(page: Any) -> list[dict[str, Any]]:
    """Every axe rule enabled by default (best practices such as ``region`` included)."""
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: run `npm install --no-audit --no-fund` in {PROJECT}",
            pytrace=False,
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(map(str, node["target"])) for node in v["nodes"][:5]]
        more = f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else ""
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']}")
        lines.extend(f"    {t}" for t in targets)
        if more:
            lines.append(f"    {more.strip()}")
        if v["nodes"] and v["nodes"][0].get("failureSummary"):
            summary = v["nodes"][0]["failureSummary"].replace("\n", " ")
            lines.append(f"    first: {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    """Fail on every serious or critical axe violation of the page as it is now."""
    blocking = [v for v in run_axe(page) if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(
            f"axe-core found serious/critical violations on {page.url}:\n"
            + format_violations(blocking),
            pytrace=False,
        )
