"""The case-study map in Chromium: filled districts, counts that follow the filters,
a click (or Enter) that filters the finder, URL state, keyboard, no-JS links, weight."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import assert_accessible
from .test_finder_browser import FINDER, visible_municipalities
from .test_page_weight_browser import START_PAGE_BUDGET, TRANSFERRED

pytestmark = pytest.mark.browser

STATE_PAGE = "praxisbeispiele/laender/thueringen.html"
#: accessible names of the linked districts, in tab order (by name)
ALL_FOUR = [
    "Halle (Saale): 1 Praxisbeispiel",
    "Jena: 1 Praxisbeispiel",
    "Landkreis Saalekreis: 1 Praxisbeispiel",
    "Landkreis Sömmerda: 1 Praxisbeispiel",
]
DISTRICTS = "svg.tm-map-svg a.tm-map-district"


def names(page: Any) -> list[str]:
    return page.eval_on_selector_all(DISTRICTS, "els => els.map(e => e.getAttribute('aria-label'))")


def levels(page: Any) -> dict[str, str]:
    """District name -> its colour step class, as drawn now."""
    return page.eval_on_selector_all(
        DISTRICTS,
        """els => Object.fromEntries(els.map(e => [e.dataset.name,
            [...e.classList].find(c => c.startsWith('tm-map-level-'))]))""",
    )


def test_finder_map_shows_the_four_districts_and_follows_the_topic(
    page: Any, site_server: str
) -> None:
    page.goto(site_server + FINDER, wait_until="networkidle")
    assert page.locator("svg.tm-map-svg").is_visible()
    assert names(page) == ALL_FOUR
    assert set(levels(page).values()) == {"tm-map-level-1"}
    # the filled districts are visibly filled: not the colour of the empty ones
    empty = page.eval_on_selector("g.tm-map-base path", "e => getComputedStyle(e).fill")
    jena = page.eval_on_selector("a[data-district='16053'] path", "e => getComputedStyle(e).fill")
    assert jena != empty
    assert page.locator("a[data-district='16053'] text").text_content() == "1"
    assert "GeoBasis-DE / BKG" in page.locator(".tm-map-source").inner_text()
    assert_accessible(page)

    page.select_option("#tm-finder-topic", "sozialplanung")
    assert names(page) == [
        "Halle (Saale): keine Praxisbeispiele",
        "Jena: 1 Praxisbeispiel",
        "Landkreis Saalekreis: keine Praxisbeispiele",
        "Landkreis Sömmerda: 1 Praxisbeispiel",
    ]
    assert levels(page)["Halle (Saale)"] == "tm-map-level-0"
    assert page.locator(".tm-map-row-15002 .tm-map-count").inner_text() == "0"
    assert page.locator(".tm-map-row-16053 .tm-map-count").inner_text() == "1"
    page.select_option("#tm-finder-topic", "")
    assert names(page) == ALL_FOUR


def test_clicking_jena_filters_the_finder_and_the_url_restores_it(
    page: Any, site_server: str
) -> None:
    page.goto(site_server + FINDER, wait_until="networkidle")
    page.click("a[data-district='16053']")
    page.wait_for_function("location.search.includes('kreis=16053')")
    assert visible_municipalities(page) == {"jena"}
    assert parse_qs(urlsplit(page.url).query) == {"kreis": ["16053"]}
    assert page.get_attribute("a[data-district='16053']", "aria-current") == "true"
    assert page.locator(".tm-finder-status").inner_text().strip() == (
        "1 Praxisbeispiel von 4 angezeigt"
    )
    assert_accessible(page)

    page.goto(site_server + FINDER + "?kreis=16053", wait_until="networkidle")
    assert visible_municipalities(page) == {"jena"}
    assert page.input_value("#tm-finder-district") == "16053"
    assert page.get_attribute("a[data-district='16053']", "aria-current") == "true"


def test_keyboard_only_reaches_each_district_in_name_order(page: Any, site_server: str) -> None:
    page.goto(site_server + FINDER, wait_until="networkidle")
    page.focus("button.tm-finder-reset")
    reached: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => document.activeElement.closest('a.tm-map-district')?.getAttribute('aria-label')"
        )
        if label:
            reached.append(label)
        elif reached:
            break
    assert reached == ALL_FOUR
    # back to Jena, with a visible focus ring (a thicker stroke in the focus colour)
    page.keyboard.press("Shift+Tab")
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.district") == "15002"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.district") == "16053"
    focused = page.eval_on_selector(
        "a[data-district='16053'] path", "e => getComputedStyle(e).strokeWidth"
    )
    other = page.eval_on_selector(
        "a[data-district='16068'] path", "e => getComputedStyle(e).strokeWidth"
    )
    assert float(focused.rstrip("px")) >= 3 * float(other.rstrip("px"))
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('kreis=16053')")
    assert visible_municipalities(page) == {"jena"}


def test_state_overview_links_to_the_filtered_finder(page: Any, site_server: str) -> None:
    page.goto(site_server + STATE_PAGE, wait_until="networkidle")
    assert names(page) == ["Jena: 1 Praxisbeispiel", "Landkreis Sömmerda: 1 Praxisbeispiel"]
    assert page.locator("svg.tm-map-svg path").count() == 23
    assert page.get_attribute("a[data-district='16068']", "href") == "../index.html?kreis=16068"
    assert_accessible(page)
    page.click("a[data-district='16068']")
    page.wait_for_url("**/praxisbeispiele/index.html?kreis=16068")
    page.wait_for_load_state("networkidle")
    assert visible_municipalities(page) == {"landkreis-soemmerda"}


def test_without_javascript_districts_link_to_the_municipality(
    browser: Any, site_server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_server + FINDER, wait_until="load")
        assert page.get_attribute("a[data-district='16053']", "href") == "kommunen/jena.html"
        page.click("a[data-district='16053']")
        page.wait_for_url("**/praxisbeispiele/kommunen/jena.html")
        assert "Jena" in page.get_by_role("heading", level=1).inner_text()
        page.goto(site_server + STATE_PAGE, wait_until="load")
        assert page.locator("table.tm-map-table").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", [FINDER, STATE_PAGE])
def test_map_fits_320_pixels(browser: Any, site_server: str, path: str) -> None:
    """Map, legend and table stay inside a 320 px viewport (the theme's prev/next links and
    heading anchors overflow on every page at 320 px; that is the navigation's lane)."""
    context = browser.new_context(viewport={"width": 320, "height": 700})
    try:
        page = context.new_page()
        page.goto(site_server + path, wait_until="networkidle")
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll('.tm-map, .tm-map *')]
                .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5
                             && !e.closest('.headerlink'))
                .map(e => e.tagName + '.' + e.getAttribute('class'))"""
        )
        assert overflowing == []
        box = page.locator("svg.tm-map-svg").bounding_box()
        assert box is not None and 200 <= box["width"] <= 320
    finally:
        context.close()


def test_finder_with_map_stays_within_the_weight_budget(page: Any, site_server: str) -> None:
    page.goto(site_server + FINDER, wait_until="networkidle")
    entries = page.evaluate(TRANSFERRED)
    total = sum(size for _, size in entries)
    listing = "\n".join(f"{size:>9} {name}" for name, size in sorted(entries, key=lambda e: -e[1]))
    assert total <= START_PAGE_BUDGET + 100_000, listing
