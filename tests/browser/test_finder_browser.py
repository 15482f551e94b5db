"""The case-study finder in Chromium: filters combine, counts, URL state, keyboard, no-JS list."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

FINDER = "praxisbeispiele/index.html"
ALL = {"jena", "landkreis-soemmerda", "halle-saale", "landkreis-saalekreis"}


def visible_municipalities(page: Any) -> set[str]:
    """Municipality ids of the cards a reader sees now."""
    return set(
        page.evaluate(
            """() => [...document.querySelectorAll('.tm-finder-list .tm-case-listing-card')]
                .filter(card => card.offsetParent !== null)
                .flatMap(card => [...card.classList])
                .filter(c => c.startsWith('tm-cs-municipality-'))
                .map(c => c.slice('tm-cs-municipality-'.length))"""
        )
    )


def status(page: Any) -> str:
    return page.locator(".tm-finder-status").inner_text().strip()


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_finder_shows_all_and_filters_by_state(page: Any, site_server: str) -> None:
    page.goto(site_server + FINDER, wait_until="networkidle")
    assert page.locator("form.tm-finder").is_visible()
    assert visible_municipalities(page) == ALL
    assert status(page) == "4 Praxisbeispiele"

    page.select_option("#tm-finder-state", label="Thüringen (2)")
    assert visible_municipalities(page) == {"jena", "landkreis-soemmerda"}
    assert status(page) == "2 Praxisbeispiele von 4 angezeigt"
    assert query(page) == {"land": ["thueringen"]}
    # counts of the other filters follow the chosen state
    kinds = page.locator("#tm-finder-kind option").all_inner_texts()
    assert kinds == ["Alle", "kreisfreie Stadt (1)", "Landkreis (1)"]

    page.select_option("#tm-finder-state", "sachsen-anhalt")
    assert visible_municipalities(page) == {"halle-saale", "landkreis-saalekreis"}

    page.select_option("#tm-finder-kind", "landkreis")
    assert visible_municipalities(page) == {"landkreis-saalekreis"}
    assert query(page) == {"land": ["sachsen-anhalt"], "art": ["landkreis"]}
    assert_accessible(page)

    page.click("button.tm-finder-reset")
    page.wait_for_function("!location.search")
    assert visible_municipalities(page) == ALL


def test_filters_by_topic_and_issue(page: Any, site_server: str) -> None:
    page.goto(site_server + FINDER, wait_until="networkidle")
    page.select_option("#tm-finder-issue", "1")
    assert visible_municipalities(page) == {"halle-saale", "landkreis-saalekreis"}
    page.select_option("#tm-finder-topic", "bildungsmonitoring")
    assert visible_municipalities(page) == {"halle-saale"}
    page.select_option("#tm-finder-issue", "")
    page.select_option("#tm-finder-topic", "sozialplanung")
    assert visible_municipalities(page) == {"jena", "landkreis-soemmerda"}


def test_shared_link_restores_the_filtered_view(page: Any, site_server: str) -> None:
    page.goto(site_server + FINDER + "?land=thueringen&art=landkreis", wait_until="networkidle")
    assert visible_municipalities(page) == {"landkreis-soemmerda"}
    assert page.input_value("#tm-finder-state") == "thueringen"
    assert page.input_value("#tm-finder-kind") == "landkreis"
    assert status(page) == "1 Praxisbeispiel von 4 angezeigt"


def test_keyboard_only(page: Any, site_server: str) -> None:
    page.goto(site_server + FINDER, wait_until="networkidle")
    page.focus("#tm-finder-state")
    # the first option after "Alle" is Sachsen-Anhalt (alphabetical)
    page.keyboard.press("ArrowDown")
    page.wait_for_function("location.search.includes('land=')")
    assert visible_municipalities(page) == {"halle-saale", "landkreis-saalekreis"}
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "tm-finder-kind"
    status_node = page.locator(".tm-finder-status")
    assert status_node.get_attribute("role") == "status"
    assert status_node.get_attribute("aria-live") == "polite"


def test_without_javascript_the_full_list_is_there(browser: Any, site_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_server + FINDER, wait_until="load")
        assert not page.locator("form.tm-finder").is_visible()
        cards = page.locator(".tm-finder-list .tm-case-listing-card")
        assert cards.count() == 4
        assert all(cards.nth(i).is_visible() for i in range(4))
        assert page.locator(".tm-case-count").inner_text().strip() == "4 Praxisbeispiele"
    finally:
        context.close()
