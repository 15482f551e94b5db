"""Findability in Chromium on the real site: finder without dead ends, readable search results,
the search fields' magnifier beside (not over) the query."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import yaml

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

FINDER = "praxisbeispiele/index.html"
SOURCE = Path(__file__).resolve().parents[2] / "source"
#: what a result may say it is, besides the article kinds of the sources (article_kinds)
PAGE_KINDS = {"Ausgabe", "Person", "Kommune", "Bundesland", "Thema", "Glossar", "Seite"}
#: the pages in Leichte Sprache label themselves (easy_language, issue 22)
PAGE_KINDS.add("Leichte Sprache")
OBJECT_KINDS = {"Praxisbeispiel", "Person", "Ausgabe", "Kommune", "Glossar"}


def article_kinds() -> set[str]:
    """The article ``kind`` values of the sources' front matter (read here, not by the code)."""
    kinds = set()
    for path in SOURCE.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        for key in ("kind", "transmit_search_label"):
            found = re.search(rf"^{key}:\s*(.+)$", text, re.MULTILINE)
            if found:
                kinds.add(found[1].strip().strip("\"'"))
    return kinds


def topics_in_use() -> set[str]:
    """Labels of the topics that the sources' front matter and cards name (read here)."""
    labels = {
        t["id"]: t["label"]
        for t in yaml.safe_load((SOURCE / "_data" / "themen.yaml").read_text(encoding="utf-8"))
    }
    used: set[str] = set()
    for path in (SOURCE / "ausgaben").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        front = re.search(r"^topics:\s*\[(.*)\]", text, re.MULTILINE)
        if front:
            used.update(t.strip() for t in front[1].split(","))
        for card in re.findall(r"^:topics:(.*)$", text, re.MULTILINE):
            used.update(t.strip() for t in card.split(","))
    return {labels[t] for t in used}


def options(page: Any, facet: str) -> list[dict[str, Any]]:
    return page.evaluate(
        """(facet) => [...document.querySelectorAll(`#tm-finder-${facet} option`)]
            .filter(o => o.value).map(o => ({value: o.value, text: o.textContent,
                                             label: o.dataset.label, disabled: o.disabled}))""",
        facet,
    )


def visible_cards(page: Any) -> int:
    return page.evaluate(
        """() => [...document.querySelectorAll('.tm-finder-list .tm-case-listing-card')]
            .filter(card => card.offsetParent !== null).length"""
    )


def test_finder_lists_every_topic_in_use_with_counts(page: Any, site_server: str) -> None:
    page.goto(site_server + FINDER, wait_until="networkidle")
    topics = options(page, "topic")
    assert {o["label"] for o in topics} == topics_in_use()
    for option in topics:
        count = int(re.fullmatch(r".* \((\d+)\)", option["text"])[1])  # type: ignore[index]
        # an option without results is marked (0) and cannot be chosen
        assert option["disabled"] == (count == 0), option
    assert any(o["disabled"] for o in topics), "the site has topics without case studies"


def test_no_enabled_option_leads_to_an_empty_list(page: Any, site_server: str) -> None:
    page.goto(site_server + FINDER, wait_until="networkidle")
    page.select_option("#tm-finder-state", "thueringen")
    for facet in ("kind", "topic", "issue"):
        for option in options(page, facet):
            if option["disabled"]:
                continue
            page.select_option(f"#tm-finder-{facet}", option["value"])
            assert visible_cards(page) > 0, (facet, option)
            page.select_option(f"#tm-finder-{facet}", "")
    # with Thüringen chosen, a topic only Sachsen-Anhalt has is marked and locked
    monitoring = next(o for o in options(page, "topic") if o["value"] == "bildungsmonitoring")
    assert monitoring["text"] == "Bildungsmonitoring (0)" and monitoring["disabled"]


def test_empty_result_says_what_to_do_and_leads_back(page: Any, site_server: str) -> None:
    # a shared address can still combine filters that leave nothing
    page.goto(site_server + FINDER + "?land=thueringen&thema=bildungsmonitoring")
    page.wait_for_selector("form.tm-finder:not([hidden])")
    assert visible_cards(page) == 0
    notice = page.locator(".tm-finder-empty")
    assert notice.is_visible()
    assert "Kein Praxisbeispiel passt" in notice.inner_text()
    assert_accessible(page)
    notice.get_by_role("button", name="Alle Filter zurücksetzen").click()
    page.wait_for_function("!location.search")
    assert visible_cards(page) == 4
    assert not notice.is_visible()
    assert page.evaluate("document.activeElement.id") == "tm-finder-state"


def search(page: Any, base_url: str, query: str) -> None:
    page.goto(f"{base_url}search.html?q={quote(query)}", wait_until="networkidle")
    page.wait_for_selector("#search-results[data-state=done]")


def results(page: Any) -> list[dict[str, str]]:
    return page.evaluate(
        """() => [...document.querySelectorAll('#search-results li.tm-search-hit')].map(li => ({
            title: li.querySelector('.tm-search-title').textContent,
            kind: li.querySelector('.tm-search-kind')?.textContent || '',
            text: li.innerText,
            excerpt: li.querySelector('.tm-search-excerpt')?.textContent || ''}))"""
    )


@pytest.mark.parametrize("query", ["Befragung", "Jena", "Sozialplanung", "Mannheim"])
def test_every_result_has_a_title_and_a_type_and_no_path(
    page: Any, site_server: str, query: str
) -> None:
    search(page, site_server, query)
    page.wait_for_load_state("networkidle")  # excerpts are loaded per hit
    found = results(page)
    assert found, query
    kinds = PAGE_KINDS | OBJECT_KINDS | article_kinds()
    for hit in found:
        assert hit["title"].strip() and "/" not in hit["title"], hit
        assert hit["kind"] in kinds, hit
        assert not re.search(r"\b[\w-]+/[\w-]+/", hit["text"]), hit  # no raw paths
        # excerpts are body text, not the facts block ("Art Befragung Themen …")
        assert not re.match(r"(…\s*)?Art\b", hit["excerpt"]), hit
        assert "Themen:" not in hit["excerpt"] and "Art:" not in hit["excerpt"], hit


def test_zero_hits_offer_the_finder_the_topics_and_the_glossary(
    page: Any, site_server: str
) -> None:
    search(page, site_server, "Quastenflosser")
    links = page.locator("#search-results .tm-search-next a")
    targets = {
        urlsplit(href).path.rsplit("/", 2)[-2:][-1] if href else ""
        for href in links.evaluate_all("links => links.map(a => a.href)")
    }
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    assert [urlsplit(h).path for h in hrefs] == [
        "/praxisbeispiele/index.html",
        "/praxisbeispiele/themen/index.html",
        "/glossar.html",
    ], targets
    for href in hrefs:  # and they lead somewhere
        assert page.request.get(href).ok, href
    assert_accessible(page)


def _icon_clear_of_text(page: Any, form: str) -> dict[str, float]:
    return page.evaluate(
        """(form) => {
            const box = document.querySelector(form);
            const icon = box.querySelector('.fa-magnifying-glass');
            const input = box.querySelector('input[name=q]');
            const style = getComputedStyle(input);
            return {icon: icon.getBoundingClientRect().right,
                    text: input.getBoundingClientRect().left + parseFloat(style.paddingLeft)};
        }""",
        form,
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_magnifier_does_not_cover_the_query(page: Any, site_server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    search(page, site_server, "Wort")
    where = _icon_clear_of_text(page, ".tm-search-page form.bd-search")
    assert where["icon"] <= where["text"], where
    # the Ctrl+K dialog (on the search page the shortcut focuses the page's field)
    page.goto(site_server + "glossar.html", wait_until="networkidle")
    page.keyboard.press("Control+k")
    page.wait_for_selector("#pst-search-dialog[open]")
    where = _icon_clear_of_text(page, "#pst-search-dialog form.bd-search")
    assert where["icon"] <= where["text"], where
