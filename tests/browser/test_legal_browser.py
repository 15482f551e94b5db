"""Legal pages and Leichte Sprache in Chromium; the privacy text and the statement kept honest.

* every page added here passes axe (light and dark), reflows at 320 px and
  loads nothing from another host (the ``page`` fixture);
* Leichte Sprache: no CSS hyphenation (computed style), header link on every page;
* what ``datenschutz.md`` says is what the browser sees: no cookies, only the
  storage keys it names;
* what ``_data/barrierefreiheit.yaml`` declares under ``axe_known_violations``
  is exactly what axe finds on the site's page types (all impacts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml

from .conftest import assert_accessible, run_axe
from .test_site_browser import PAGES as SITE_PAGES
from .test_site_browser import load

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
DECLARED = PROJECT / "source" / "_data" / "barrierefreiheit.yaml"
LEGAL = ["impressum.html", "datenschutz.html", "barrierefreiheit.html"]
EASY = [
    "leichte-sprache/index.html",
    "leichte-sprache/ausgabe-1.html",
    "leichte-sprache/ausgabe-2.html",
]
PAGES = LEGAL + EASY
#: what datenschutz.md says the theme keeps in the browser
LOCAL_STORAGE = {"mode", "theme"}
SESSION_STORAGE = {"sidebar-scroll-top"}
PHONE = {"width": 320, "height": 800}


@pytest.mark.parametrize("dark", [False, True], ids=["hell", "dunkel"])
@pytest.mark.parametrize("path", PAGES)
def test_page_is_accessible(page: Any, site_server: str, path: str, dark: bool) -> None:
    if dark:
        page.context.add_init_script(
            "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
        )
    load(page, site_server, path)
    assert page.evaluate("document.documentElement.dataset.theme") == ("dark" if dark else "light")
    assert_accessible(page)


@pytest.mark.parametrize("path", PAGES + SITE_PAGES)
def test_page_reflows_at_320_px(page: Any, site_server: str, path: str) -> None:
    page.set_viewport_size(PHONE)
    load(page, site_server, path)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= page.evaluate("window.innerWidth"), f"{path}: {wide} px wide at 320 px"


@pytest.mark.parametrize("path", EASY)
def test_easy_language_has_no_hyphenation(page: Any, site_server: str, path: str) -> None:
    load(page, site_server, path)
    styles = page.eval_on_selector_all(
        "article h1, article h2, article p, article li, article a",
        "els => els.map(e => getComputedStyle(e).hyphens)",
    )
    assert len(styles) > 20
    assert set(styles) <= {"manual", "none"}, set(styles)


def test_gap_is_visible_and_not_colour_only(page: Any, site_server: str) -> None:
    load(page, site_server, "impressum.html")
    gap = page.locator(".tm-gap").first
    assert gap.is_visible()
    assert (
        gap.inner_text()
        .strip()
        .endswith("Angabe fehlt \N{EN DASH} vor der Veröffentlichung ergänzen")
    )
    border = gap.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert border == "dashed"


@pytest.mark.parametrize("width", [390, 1280])
def test_header_link_to_leichte_sprache(page: Any, site_server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    for path in ["index.html", "glossar.html", *LEGAL]:
        load(page, site_server, path)
        link = page.locator(".bd-header-article a.tm-easy-language-link")
        assert link.count() == 1 and link.is_visible(), path
        box = link.bounding_box()
        assert box is not None and box["height"] >= 24, path
    # keyboard: the link is reachable with Tab and leads to the page
    load(page, site_server, "glossar.html")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('tm-easy-language-link')"):
            break
    else:
        pytest.fail("the link 'Leichte Sprache' is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leichte-sprache/index.html")
    assert page.locator("h1").first.inner_text().strip().startswith("Leichte Sprache")


def test_privacy_text_matches_the_browser(page: Any, site_server: str) -> None:
    """No cookies; only the storage keys ``datenschutz.md`` names, even after the theme switch."""
    for path in ["index.html", "glossar.html", "search.html?q=Bildung", *PAGES]:
        load(page, site_server, path)
    page.locator("button.theme-switch-button").first.click()
    load(page, site_server, "datenschutz.html")
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    local = set(page.evaluate("Object.keys(localStorage)"))
    session = set(page.evaluate("Object.keys(sessionStorage)"))
    assert local <= LOCAL_STORAGE and "mode" in local, local
    assert session <= SESSION_STORAGE, session
    text = page.locator("article").inner_text()
    for key in LOCAL_STORAGE | SESSION_STORAGE:
        assert key in text, key


def test_declared_axe_violations_match_reality(page: Any, site_server: str) -> None:
    """The statement may neither hide a violation nor keep one that is fixed."""
    declared = set(yaml.safe_load(DECLARED.read_text(encoding="utf-8"))["axe_known_violations"])
    found: dict[str, list[str]] = {}
    for path in dict.fromkeys(SITE_PAGES + PAGES):
        load(page, site_server, path)
        for violation in run_axe(page):
            found.setdefault(violation["id"], []).append(path)
    hidden = {rule: pages for rule, pages in found.items() if rule not in declared}
    assert not hidden, f"axe finds violations the statement does not declare: {hidden}"
    stale = declared - set(found)
    assert not stale, f"declared violations that axe no longer finds: {sorted(stale)}"


def test_search_shows_the_leichte_sprache_type(page: Any, site_server: str) -> None:
    response = page.goto(f"{site_server}search.html?q={quote('Leichte Sprache')}")
    assert response is not None and response.ok
    page.wait_for_selector("#search-results[data-state=done]")
    hits = page.eval_on_selector_all(
        "#search-results li.tm-search-hit",
        """items => items.map(li => ({
            docname: li.dataset.docname,
            label: (li.querySelector('.tm-search-kind') || {}).textContent || '',
        }))""",
    )
    easy = [hit for hit in hits if hit["docname"].startswith("leichte-sprache/")]
    assert easy and all(hit["label"] == "Leichte Sprache" for hit in easy), hits
    others = [hit for hit in hits if not hit["docname"].startswith("leichte-sprache/")]
    assert all(hit["label"] != "Leichte Sprache" for hit in others)
    assert_accessible(page)
