"""The reader interface (transmit_kb.site_ui, transmit_kb.frontpage) in Chromium.

- The ☰ and ☷ drawers open and close by tap at phone and tablet size, by
  keyboard (Enter/Space, Escape, focus back on the button) and at 200 % zoom.
- No page type scrolls sideways or clips text at 320 and 390 px, light and dark.
- The start page's first screen holds the latest PDF and the finder.
- One search entry, one viewport tag, a meta description, breadcrumbs.

Every test runs on the site as ``make all`` publishes it (PDFs included),
served with gzip like a static host.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import assert_accessible
from .published import published_server, published_site

pytestmark = pytest.mark.browser
__all__ = ["published_server", "published_site"]  # fixtures used by the tests below

ARTICLE = "ausgaben/02-planungsprozesse/werner-integrierte-sozialplanung.html"
#: one page of every type
PAGE_TYPES = {
    "start": "index.html",
    "issue": "ausgaben/02-planungsprozesse/index.html",
    "article": ARTICLE,
    "author": "autoren/walter-werner.html",
    "finder": "praxisbeispiele/index.html",
    "state": "praxisbeispiele/laender/thueringen.html",
    "municipality": "praxisbeispiele/kommunen/jena.html",
    "topic": "praxisbeispiele/themen/sozialplanung.html",
    "glossary": "glossar.html",
    "search-hits": "search.html?q=Bildungsmonitoring",
    "search-none": "search.html?q=Quarkstrudel",
}
DRAWERS = (
    ("primary-toggle", "pst-primary-sidebar-modal"),
    ("secondary-toggle", "pst-secondary-sidebar-modal"),
)


@pytest.fixture
def context_factory(browser: Any) -> Iterator[Any]:
    """New browser contexts with any options; closed at teardown, all requests local."""
    contexts: list[Any] = []
    requests: list[str] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(locale="de-DE", **options)
        context.set_default_timeout(15_000)
        context.on("request", lambda request: requests.append(request.url))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    offenders = sorted({url for url in requests if not url.startswith("http://127.0.0.1:")})
    assert not offenders, "requests to other hosts than 127.0.0.1:\n" + "\n".join(offenders)


def _open(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


def _is_open(page: Any, dialog: str) -> bool:
    return bool(page.evaluate(f"document.getElementById('{dialog}').open"))


def _visible_toggle(page: Any, kind: str) -> Any:
    toggles = page.locator(f".{kind} >> visible=true")
    assert toggles.count() == 1, f"{toggles.count()} visible .{kind} buttons"
    return toggles.first


@pytest.mark.parametrize("size", [(390, 844), (768, 1024)], ids=["phone", "tablet"])
def test_drawers_open_and_close_by_tap(
    context_factory: Any, published_server: str, size: tuple[int, int]
) -> None:
    width, height = size
    context = context_factory(
        viewport={"width": width, "height": height}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    _open(page, published_server + ARTICLE)
    for kind, dialog in DRAWERS:
        assert not _is_open(page, dialog)
        _visible_toggle(page, kind).tap()
        page.wait_for_function(f"document.getElementById('{dialog}').open")
        links = page.locator(f"#{dialog} a >> visible=true")
        assert links.count() > 0, f"{dialog} opened empty"
        box = page.locator(f"#{dialog}").bounding_box()
        assert box is not None
        # tap beside the drawer (on the backdrop): it closes
        outside_x = box["x"] + box["width"] + 10 if kind == "primary-toggle" else 10
        assert 0 < outside_x < width
        page.touchscreen.tap(outside_x, height // 2)
        page.wait_for_function(f"!document.getElementById('{dialog}').open")
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def _tab_to(page: Any, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => { const e = document.activeElement; return !!e && e.matches(s) "
            "&& e.getBoundingClientRect().width > 0; }",
            selector,
        ):
            return
    pytest.fail(f"{selector} was not reached with Tab")


@pytest.mark.parametrize("key", ["Enter", " "], ids=["enter", "space"])
def test_drawers_by_keyboard_only(context_factory: Any, published_server: str, key: str) -> None:
    context = context_factory(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _open(page, published_server + ARTICLE)
    for kind, dialog in DRAWERS:
        _tab_to(page, f".{kind}")
        page.keyboard.press(key)
        page.wait_for_function(f"document.getElementById('{dialog}').open")
        inside = page.evaluate(
            f"document.getElementById('{dialog}').contains(document.activeElement)"
        )
        assert inside, "focus did not move into the open drawer"
        page.keyboard.press("Escape")
        page.wait_for_function(f"!document.getElementById('{dialog}').open")
        assert page.evaluate(
            f"document.activeElement.matches('.{kind}')"
            " && document.activeElement.getBoundingClientRect().width > 0"
        ), "focus did not return to the visible button"


def test_a_printed_article_shows_its_title_once(
    context_factory: Any, published_server: str
) -> None:
    """The theme's print-only title copy is left out; the article's own heading prints."""
    page = context_factory(viewport={"width": 1280, "height": 800}).new_page()
    _open(page, published_server + ARTICLE)
    page.emulate_media(media="print")
    shown = page.evaluate(
        "[...document.querySelectorAll('h1')]"
        ".filter(h => getComputedStyle(h).display !== 'none' && h.offsetHeight > 0)"
        ".map(h => h.textContent.trim())"
    )
    assert len(shown) == 1 and "Sozialplanung" in shown[0], shown
    assert page.locator("#jb-print-docs-body").count() == 0


def test_drawer_at_200_percent_zoom(context_factory: Any, published_server: str) -> None:
    # a 1280 x 800 window at 200 % zoom lays out 640 x 400 CSS pixels
    context = context_factory(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    _open(page, published_server + ARTICLE)
    _visible_toggle(page, "primary-toggle").click()
    page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('pst-primary-sidebar-modal').open")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640


def test_sidebar_button_hides_the_sidebar_on_wide_screens(
    context_factory: Any, published_server: str
) -> None:
    page = context_factory(viewport={"width": 1280, "height": 800}).new_page()
    _open(page, published_server + ARTICLE)
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    _visible_toggle(page, "primary-toggle").click()
    page.wait_for_function(
        "document.getElementById('pst-primary-sidebar').classList.contains('pst-sidebar-hidden')"
    )
    _visible_toggle(page, "primary-toggle").click()
    page.wait_for_function(
        "!document.getElementById('pst-primary-sidebar').classList.contains('pst-sidebar-hidden')"
    )


#: every visible element with text of its own that leaves the viewport or is cut
#: off by an ancestor that hides overflow (scrolling containers are allowed)
CLIPPED = """() => {
  const found = [];
  const width = window.innerWidth;
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest("dialog:not([open]), [hidden], .visually-hidden, .sr-only")) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const text = el.textContent.trim().slice(0, 40);
    const name = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${text}"`;
    if (box.right > width + 1 || box.left < -1) {
      found.push(`outside the viewport: ${name}`);
      continue;
    }
    if (style.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1) {
      found.push(`ellipsis: ${name}`); continue;
    }
    for (let up = el; up && up !== document.body; up = up.parentElement) {
      const s = getComputedStyle(up);
      if (!["hidden", "clip"].includes(s.overflowX)) continue;
      const outer = up.getBoundingClientRect();
      if (box.right > outer.right + 1 || box.left < outer.left - 1) {
        const by = `${up.tagName.toLowerCase()}.${[...up.classList].join(".")}`;
        found.push(`clipped by ${by}: ${name}`);
      }
      break;
    }
  }
  return found;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_sideways_scroll_and_no_clipped_text(
    context_factory: Any, published_server: str, kind: str, width: int, scheme: str
) -> None:
    context = context_factory(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    _open(page, published_server + PAGE_TYPES[kind])
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= page.evaluate("innerWidth"), f"{kind} is {scroll} px wide at {width} px"
    clipped = page.evaluate(CLIPPED)
    assert not clipped, "\n".join(clipped[:15])


def test_start_page_first_screen_has_latest_pdf_and_finder(
    context_factory: Any, published_server: str
) -> None:
    context = context_factory(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    _open(page, published_server + "index.html")
    for selector in ('a[href$=".pdf"]', 'a[href$="praxisbeispiele/index.html"]'):
        link = page.locator(f".tm-front-grid {selector}").first
        assert link.is_visible(), selector
        box = link.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, f"{selector} below the fold"
    cover = page.locator(".tm-front-latest img")
    assert cover.get_attribute("alt", timeout=1000).startswith("Titelbild der Ausgabe Nr. 2")
    assert page.evaluate(f"fetch('{cover.get_attribute('src')}').then(r => r.ok)") is True
    assert_accessible(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_one_search_entry(context_factory: Any, published_server: str, width: int) -> None:
    page = context_factory(viewport={"width": width, "height": 844}).new_page()
    _open(page, published_server + ARTICLE)
    entries = page.evaluate(
        """[...document.querySelectorAll('.search-button-field, .search-button')]
             .filter((e) => e.getClientRects().length
                     && getComputedStyle(e).visibility !== 'hidden')
             .map((e) => e.className)"""
    )
    assert len(entries) == 1, entries


def test_head_footer_and_breadcrumbs(context_factory: Any, published_server: str) -> None:
    page = context_factory(viewport={"width": 390, "height": 844}).new_page()
    _open(page, published_server + ARTICLE)
    assert page.locator('meta[name="viewport"]').count() == 1
    description = page.locator('meta[name="description"]').get_attribute("content") or ""
    assert description.startswith("Der erste Beitrag der Ausgabe")
    crumbs = page.locator("nav.tm-breadcrumbs li").all_inner_texts()
    assert crumbs == ["Startseite", "Nr. 2 (2020)", "Beitrag"]
    assert "Nr. 2 (2020)" in page.locator(".tm-issue-line").inner_text()
    footer = page.locator("footer.bd-footer").inner_text()
    assert "Herausgegeben von Transferagentur Mitteldeutschland" in footer
    assert "Copyright" not in page.content() and "Durch " not in footer
    loaded = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    unused = [
        url
        for url in loaded
        if url.split("?")[0].endswith(("searchtools.js", "searchindex.js", "pygments.css"))
    ]
    assert not unused, unused
    assert any(url.endswith(".woff2") for url in loaded), "the web font is not loaded"
