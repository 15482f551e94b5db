"""The Zitieren block in Chromium: accessible, no sideways scroll, copy button, no injection.

Screenshots of an article page with the block (phone and desktop) go to
``/work/shots/21-*.png`` when that folder exists.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from citation_fixtures import SPHINX_BUILD

from .conftest import _QuietHandler, assert_accessible, format_violations, run_axe

pytestmark = pytest.mark.browser

ARTICLE = "ausgaben/02-planungsprozesse/maurer-soemmerda.html"
ISSUE = "ausgaben/02-planungsprozesse/index.html"
SHOTS = Path("/work/shots")
ROOTS = Path(__file__).parents[1] / "roots"


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def release_server(print_and_web: Path) -> Iterator[str]:
    yield from _serve(print_and_web / "html")


@pytest.fixture(scope="module")
def evil_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test root whose registry and front matter hold ``</script><script>alert(1)…``."""
    work = tmp_path_factory.mktemp("evil")
    shutil.copytree(ROOTS / "test-citation", work / "src")
    out = work / "html"
    cmd = [str(SPHINX_BUILD), "-q", "-W", "-b", "html", "-D", "html_baseurl=https://example.org/"]
    result = subprocess.run([*cmd, str(work / "src"), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    yield from _serve(out)


def _open(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


@pytest.mark.parametrize("path", [ARTICLE, ISSUE])
def test_block_has_no_axe_violation_and_page_none_serious(
    page: Any, release_server: str, path: str
) -> None:
    _open(page, release_server + path)
    assert page.locator("#tm-zitieren").is_visible()
    block = page.evaluate(
        """async () => (await axe.run({include: ['#tm-zitieren']},
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
             resultTypes: ['violations']})).violations"""
        if run_axe(page) is not None
        else "[]"
    )
    assert not block, format_violations(block)
    assert_accessible(page)


@pytest.mark.parametrize("width, height, name", [(390, 844, "phone"), (1280, 800, "desktop")])
@pytest.mark.parametrize("kind, path", [("article", ARTICLE), ("issue", ISSUE)])
def test_page_with_block_is_photographed(
    page: Any, release_server: str, width: int, height: int, name: str, kind: str, path: str
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    _open(page, release_server + path)
    block = page.locator("#tm-zitieren")
    block.scroll_into_view_if_needed()
    assert block.bounding_box()["width"] <= width
    if SHOTS.is_dir():
        # the block's heading below the sticky header, then what the viewport shows
        page.evaluate("window.scrollTo(0, document.getElementById('tm-zitieren').offsetTop - 120)")
        page.wait_for_timeout(200)
        page.screenshot(path=str(SHOTS / f"21-zitieren-{kind}-{name}.png"))
        page.screenshot(path=str(SHOTS / f"21-{kind}-{name}.png"), full_page=True)


@pytest.mark.parametrize("path", [ARTICLE, ISSUE])
def test_no_sideways_scroll_at_320px(page: Any, release_server: str, path: str) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    _open(page, release_server + path)
    # The block and everything in it stay within the viewport. (The page as a whole
    # still scrolls sideways at 320 px because of the theme's H1 permalink, prev/next
    # footer and secondary sidebar: the reflow lane of issue 19, not this block.)
    wider = page.evaluate(
        """() => [...document.querySelectorAll('#tm-zitieren, #tm-zitieren *')]
            .filter(e => e.getBoundingClientRect().right > innerWidth
                || e.scrollWidth > e.clientWidth + 1
                   && getComputedStyle(e).overflowX !== 'visible')
            .map(e => e.outerHTML.slice(0, 120))"""
    )
    assert not wider


def test_copy_button_copies_the_citation_by_keyboard(page: Any, release_server: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _open(page, release_server + ARTICLE)
    button = page.locator('button[data-tm-copy="tm-zitat-apa-7"]')
    assert button.is_visible()
    assert button.get_attribute("type") == "button"
    assert button.get_attribute("aria-describedby") == "tm-zitierstil-apa-7"
    button.focus()
    page.keyboard.press("Enter")
    status = button.locator("xpath=following-sibling::*[@role='status']")
    status.wait_for(state="visible")
    assert status.inner_text() == "Kopiert."
    shown = " ".join(page.locator("#tm-zitat-apa-7").inner_text().split())
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == shown and "Maurer, C. (2020)." in copied


def test_without_javascript_the_text_is_selectable_and_no_dead_button(
    browser: Any, release_server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        _open(page, release_server + ARTICLE)
        assert page.locator("button").filter(has_text="Zitation kopieren").count() == 0
        select = page.evaluate(
            "getComputedStyle(document.getElementById('tm-zitat-din-iso-690')).userSelect"
        )
        assert select != "none"
        assert "MAURER, Christiane" in page.locator("#tm-zitat-din-iso-690").inner_text()
    finally:
        context.close()


def test_script_in_a_registry_field_does_not_run(page: Any, evil_server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open(page, evil_server + "ausgaben/01-test/beitrag.html")
    page.wait_for_timeout(300)
    assert not dialogs
    data = page.evaluate(
        """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
              .map(s => JSON.parse(s.textContent))"""
    )
    assert data[0]["@type"] == "ScholarlyArticle"
    assert data[0]["author"][0]["name"].startswith("</script><script>alert(1)</script>")
    assert "</script><script>alert(1)</script>" in page.locator("#tm-zitat-apa-7").inner_text()
