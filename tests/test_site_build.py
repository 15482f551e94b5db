"""The real site, built strictly once per session (``built_site``), checked in its HTML."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from facts import NR2_AUTHORS

pytestmark = pytest.mark.slow

CONTRIBUTIONS = {
    "ausgaben/02-planungsprozesse": (
        "editorial",
        "werner-integrierte-sozialplanung",
        "maurer-soemmerda",
        "teichmann-jena",
        "befragung",
        "richter-bildungsplanung",
    ),
    "ausgaben/01-bildungsmonitoring": (
        "editorial",
        "befragung",
        "praxisbeispiel-halle",
        "projekt-saalekreis",
    ),
}
CONTRIBUTION_PAGES = [
    f"{issue}/{name}.html" for issue, names in CONTRIBUTIONS.items() for name in names
]


def soup(site: Path, page: str) -> BeautifulSoup:
    path = site / page
    assert path.is_file(), f"{page} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_files(site: Path) -> list[Path]:
    """Every page of the build (the theme's webpack macro snippets are not pages)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def test_start_page_lists_newest_issue_first(built_site: Path) -> None:
    cards = soup(built_site, "index.html").select("div.tm-issue-card")
    titles = []
    for card in cards:
        link = card.select_one(".sd-card-title a") or card.find("a")
        assert link is not None, f"issue card without a title link: {card}"
        titles.append(link.get_text(" ", strip=True))
    numbers = [t.split(":")[0] for t in titles if t.startswith("Nr. ")]
    assert numbers[:2] == ["Nr. 2", "Nr. 1"], titles


@pytest.mark.parametrize("page", CONTRIBUTION_PAGES)
def test_contribution_page_exists(built_site: Path, page: str) -> None:
    doc = soup(built_site, page)
    assert doc.find("h1"), f"{page} has no heading"


@pytest.mark.parametrize("page", ["index.html", "glossar.html", "ueber.html"])
def test_page_language_is_german(built_site: Path, page: str) -> None:
    html = soup(built_site, page).find("html")
    assert html is not None
    assert html.get("lang") == "de"


def test_every_page_is_german(built_site: Path) -> None:
    wrong = []
    for path in html_files(built_site):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("html")
        if html is None or html.get("lang") != "de":
            wrong.append(str(path.relative_to(built_site)))
    assert not wrong, f"pages without lang=de: {wrong}"


def test_favicon_is_linked_and_shipped(built_site: Path) -> None:
    icon = soup(built_site, "index.html").find("link", rel="icon")
    assert icon is not None, "no <link rel=icon>"
    href = icon["href"]
    assert not urlsplit(href).scheme, f"favicon is not local: {href}"
    assert (built_site / href).is_file(), f"favicon {href} missing from the build"


def test_glossary_has_terms(built_site: Path) -> None:
    doc = soup(built_site, "glossar.html")
    terms = [dt.get_text(" ", strip=True) for dt in doc.select("dl.glossary dt")]
    assert len(terms) >= 3, terms
    assert any(t.startswith("Bildungsmonitoring") for t in terms), terms
    assert all(dt.get("id") for dt in doc.select("dl.glossary dt")), "terms need anchors"


def test_no_resources_from_other_hosts(built_site: Path) -> None:
    """Scripts, styles, fonts and icons all come from the build itself."""
    offenders = []
    for path in html_files(built_site):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in doc.find_all(tag):
                if tag == "link" and "preconnect" in (element.get("rel") or []):
                    offenders.append(f"{path.relative_to(built_site)}: preconnect {element}")
                url = element.get(attr) or ""
                if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                    offenders.append(f"{path.relative_to(built_site)}: <{tag} {attr}={url}>")
    assert not offenders, "\n".join(offenders)


def test_no_cdn_in_stylesheets_and_scripts(built_site: Path) -> None:
    """No @import/url() or script loader reaches a CDN (MathJax, web fonts)."""
    hosts = (
        "cdn.jsdelivr.net",
        "cdnjs.cloudflare.com",
        "fonts.googleapis.com",
        "fonts.gstatic.com",
        "unpkg.com",
        "polyfill.io",
    )
    offenders = []
    for path in sorted(built_site.rglob("*")):
        if path.suffix in (".html", ".css", ".js") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(built_site)}: {h}" for h in hosts if h in text]
    assert not offenders, "\n".join(offenders)


ENGLISH_LABELS = (
    "Link to this heading",
    "Toggle primary sidebar",
    "Toggle secondary sidebar",
    "Search...",
    "Link to this term",
)


def test_interface_texts_are_german(built_site: Path) -> None:
    """No English label of Sphinx or the themes is left on a page a reader sees."""
    for page in ("index.html", "glossar.html", "ausgaben/02-planungsprozesse/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        for label in ENGLISH_LABELS:
            assert label not in html, f"{page}: {label}"
    article = (built_site / "ausgaben/02-planungsprozesse/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(article, "html.parser")
    assert soup.select_one("a.headerlink")["title"] == "Link zu dieser Überschrift"
    labels = {button.get("aria-label") for button in soup.select("button.sidebar-toggle")}
    assert {"Navigation ein- oder ausblenden", "Inhalt dieser Seite ein- oder ausblenden"} <= labels
    glossary_html = (built_site / "glossar.html").read_text(encoding="utf-8")
    glossary = BeautifulSoup(glossary_html, "html.parser")
    assert glossary.select_one("dt a.headerlink")["title"] == "Link zu diesem Begriff"


def test_german_catalogue_is_compiled_from_its_source() -> None:
    """``sphinx.mo`` holds exactly the texts of ``sphinx.po`` (re-run msgfmt after edits)."""
    import gettext

    from babel.messages.pofile import read_po
    from transmit_kb.site.assets import LOCALE

    folder = LOCALE / "de" / "LC_MESSAGES"
    with (folder / "sphinx.po").open("rb") as stream:
        source = {m.id: m.string for m in read_po(stream) if m.id}
    with (folder / "sphinx.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    assert source and all(compiled.gettext(key) == text for key, text in source.items())


def test_nr2_contributions_show_their_authors_and_author_pages_list_them(
    built_site: Path,
) -> None:
    issue = "ausgaben/02-planungsprozesse"
    for ident, (name, role, article) in NR2_AUTHORS.items():
        page = soup(built_site, f"{issue}/{article}.html")
        boxes = page.select("aside.tm-author-box")
        assert len(boxes) == 1, article
        assert boxes[0]["aria-label"] == f"Zur Person: {name}"
        assert boxes[0].select_one(".tm-author-name").get_text(strip=True) == name
        assert boxes[0].select_one(".tm-author-role").get_text(strip=True) == role
        assert name in page.select_one(".tm-byline").get_text()
        person = soup(built_site, f"autoren/{ident}.html")
        assert person.select_one("h1").get_text(strip=True).rstrip("#") == name
        links = [a["href"] for a in person.select(".tm-contribution-list a")]
        assert f"../{issue}/{article}.html" in links, (ident, links)
